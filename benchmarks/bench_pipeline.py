"""Benchmark: the whole pipeline, stage by stage, on every sample and on generated programs of growing size.

    python benchmarks/bench_pipeline.py          (MACHINESIM_BENCH_QUICK=1: the 10k program only, no cold start)

Stages, timed one by one as `machinesim check` chains them: interpret (program text to toolpath),
cut (material model), analyse (findings), probe (move log for the exact rays), measure (every check of
the spec, when there is one), mesh (the part's surface) and render (part.png), the last two when this
checkout and this machine have them. Each group of programs runs in its own child process, first
warmed up on the demo part so that the figures are warm (Numba compiled or loaded from its cache);
the child's peak resident memory is read from ru_maxrss. The cold start (a fresh process, an empty
Numba cache, the demo end to end) is measured separately, then the same start with the cache filled.

Generated programs are benchmarks/generate.py's 3D ball-nose finish of the dome of
gcode_samples/10_finition_3d.nc (0.2 mm segments), measured with that sample's spec. How cost grows
is shown as the ratio of time per line between consecutive sizes (1.0: linear). When bench_kernel's
dense boolean voxel grid can be imported, it runs beside the material model on a slice of the 10k
program, in the same child process. First of all, the whole command: `machinesim run` of the demo
(a 2.5D part) and of the 127k-line 3D finish in fresh processes, best of 3, with each stage's share
of the process's wall time (start-up included), so the command cannot drift from the kernel.
Prints tables and writes benchmarks/results/pipeline.json.
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path


HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:                       # `common`, `generate`, `bench_kernel` live beside this file
    sys.path.insert(0, str(HERE))

from common import peak_memory_mib, probe_class, quick, table, write_results  # noqa: E402

ROOT = HERE.parent
SAMPLES = ROOT / "gcode_samples"
DATA = ROOT / "src" / "machinesim" / "data"
SIZES = (10_000, 30_000, 100_000)
QUICK_SIZES = (10_000,)
STAGES = ("interpret", "cut", "analyse", "probe", "measure", "mesh", "render")
DENSE_SLICE = 5000            # moves of the 10k program run through the dense voxel baseline (quick: 2000)
REPEAT_BELOW_LINES = 5000     # small programs: best of 3 runs, their times are short and noisy
CHILD_TIMEOUT_S = 3600


@dataclass(frozen=True)
class Case:
    """One program to run: its file, its job (None: the embedded default job) and its spec, if any."""

    name: str
    program: str
    job: str | None = None
    spec: str | None = None


def demo_case() -> Case:
    return Case("demo", str(DATA / "demo.nc"), None, str(DATA / "demo_spec.toml"))


def sample_cases() -> list[Case]:
    """The demo part, then every good sample that gcode_samples/samples.toml indexes."""
    index = tomllib.loads((SAMPLES / "samples.toml").read_text(encoding="utf-8"))
    cases = [demo_case()]
    for entry in index.get("sample", []):
        cases.append(Case(Path(entry["program"]).name, str(SAMPLES / entry["program"]),
                          str(SAMPLES / entry["job"]) if "job" in entry else None,
                          str(SAMPLES / entry["spec"]) if "spec" in entry else None))
    return cases


def growth(sizes: list[int], seconds: list[float | None]) -> list[dict]:
    """Between consecutive sizes: the ratio of time per line (1 = linear) and the exponent of n^k."""
    out = []
    for (n0, t0), (n1, t1) in zip(zip(sizes, seconds), zip(sizes[1:], seconds[1:])):
        if t0 is None or t1 is None or t0 <= 0 or t1 <= 0:
            out.append({"from": n0, "to": n1, "per_line_ratio": None, "exponent": None})
            continue
        out.append({"from": n0, "to": n1, "per_line_ratio": (t1 / n1) / (t0 / n0),
                    "exponent": math.log(t1 / t0) / math.log(n1 / n0)})
    return out


# --- inside a child process ----------------------------------------------------------------------

def _stage_functions() -> dict:
    """The public seams each stage calls; a seam this checkout lacks yet is reported as missing."""
    from machinesim import analysis, kernel, metrology, render
    from machinesim.gcode import load_program

    return {"load_program": load_program, "simulate": kernel.simulate, "find": analysis.find,
            "Probe": probe_class(), "surface_mesh": getattr(kernel, "surface_mesh", None),
            "load_spec": metrology.load_spec, "measure": metrology.measure, "render": render}


def run_case(case: Case, seams: dict, picture_dir: Path, with_render: bool) -> dict:
    """Every stage of `case` once: seconds per stage, None when a stage could not run (and why)."""
    from machinesim.job import load_job

    job = load_job(case.job)
    times: dict[str, float | None] = dict.fromkeys(STAGES)
    skipped: dict[str, str] = {}
    state: dict = {}

    def stage(name, fn):
        t0 = time.perf_counter()
        try:
            state[name] = fn()
        except Exception as exc:            # a benchmark reports a broken stage, it does not stop
            skipped[name] = f"{type(exc).__name__}: {exc}"[:300]
            return False
        times[name] = time.perf_counter() - t0
        return True

    if not stage("interpret", lambda: seams["load_program"](case.program, job)):
        return {"seconds": times, "skipped": skipped}
    tp = state["interpret"]
    ok = stage("cut", lambda: seams["simulate"](tp, job))
    if ok:
        stage("analyse", lambda: seams["find"](tp, job, state["cut"]))
    if stage("probe", lambda: seams["Probe"](tp, job)) and case.spec:
        stage("measure", lambda: seams["measure"](seams["load_spec"](case.spec), state["probe"], job,
                                                  model=state.get("cut"), toolpath=tp))
    if not case.spec:
        skipped["measure"] = "no spec"
    if seams["surface_mesh"] is None:
        skipped["mesh"] = "machinesim.kernel.surface_mesh does not exist yet"
    elif ok and "probe" in state:
        stage("mesh", lambda: seams["surface_mesh"](state["cut"], state["probe"], exact=False))   # as `run` does
    if not with_render:
        skipped["render"] = "not asked"
    elif "mesh" not in state:
        skipped["render"] = "no mesh"
    else:
        available, reason = seams["render"].rendering_available()
        if available:
            png = picture_dir / f"{Path(case.program).stem}.png"
            stage("render", lambda: seams["render"].render_part(state["mesh"], png,
                                                                stock_bounds=job.stock_box_machine))
        else:
            skipped["render"] = f"rendering unavailable: {reason}"[:300]
    n_lines = Path(case.program).read_bytes().count(b"\n")
    result = {"lines": n_lines, "moves": len(tp.moves), "seconds": times, "skipped": skipped}
    if ok:
        result["removed_mm3"] = float(state["cut"].removed_volume)
    return result


def best_of(runs: list[dict]) -> dict:
    """The first run's facts with, per stage, the shortest time over the runs."""
    out = dict(runs[0])
    out["seconds"] = {s: min((r["seconds"][s] for r in runs if r["seconds"].get(s) is not None), default=None)
                      for s in STAGES}
    return out


def dense_ratio(program: str, moves: int = DENSE_SLICE) -> dict:
    """bench_kernel's dense boolean voxel grid against the material model on the same feed moves."""
    try:
        from bench_kernel import dense_seconds
    except ImportError as exc:
        return {"skipped": f"bench_kernel.dense_seconds cannot be imported: {exc}"}
    from machinesim.gcode import load_program
    from machinesim.job import load_job
    from machinesim.kernel import simulate
    from machinesim.toolpath import FEED, Toolpath

    job = load_job(None)
    tp = load_program(program, job)
    feeds = tp.moves[tp.moves["kind"] == FEED]
    part = Toolpath(feeds[feeds["tool"] == feeds["tool"][0]][:moves])
    empty = Toolpath(part.moves[:0])

    def best(tp) -> tuple[float, float]:
        """Best of 3: the whole `simulate`, and up to its last progress call (the cut, before the
        pass that finds the walls exactly)."""
        whole, cut = [], []
        for _ in range(3):
            stamps: list[float] = []
            t0 = time.perf_counter()
            simulate(tp, job, progress=lambda done, total: stamps.append(time.perf_counter()))
            whole.append(time.perf_counter() - t0)
            cut.append((stamps[-1] if stamps else time.perf_counter()) - t0)
        return min(whole), min(cut)

    (columns, cut), (allocation, _) = best(part), best(empty)
    removal = max(cut - allocation, 1e-9)
    dense = dense_seconds(part, job, job.machine.resolution)     # its grid is allocated outside its timing
    return {"moves": len(part), "resolution_mm": job.machine.resolution, "columns_s": columns,
            "columns_without_allocation_s": columns - allocation, "removal_s": removal, "dense_voxels_s": dense,
            "ratio": dense / columns, "ratio_without_allocation": dense / max(columns - allocation, 1e-9),
            "ratio_removal": dense / removal}


def child(request: dict) -> dict:
    """Run the request's cases in this (fresh) process and say what it cost."""
    t0 = time.perf_counter()
    seams = _stage_functions()
    out = {"import_s": time.perf_counter() - t0}
    picture_dir = Path(request["picture_dir"])
    if request.get("warmup"):
        t0 = time.perf_counter()
        run_case(demo_case(), seams, picture_dir, request["render"])
        out["warmup_s"] = time.perf_counter() - t0
    out["rss_after_warmup_mib"] = peak_memory_mib()
    out["cases"] = []
    for raw in request["cases"]:
        case = Case(**raw)
        runs = [run_case(case, seams, picture_dir, request["render"])]
        while runs[0].get("lines", math.inf) < REPEAT_BELOW_LINES and len(runs) < request.get("repeat", 1):
            runs.append(run_case(case, seams, picture_dir, request["render"]))
        result = best_of(runs) if "lines" in runs[0] else runs[0]
        result["name"] = case.name
        result["peak_rss_mib"] = peak_memory_mib()
        out["cases"].append(result)
    if request.get("dense_program"):
        out["dense"] = dense_ratio(request["dense_program"], request["dense_moves"])
    return out


# --- the parent: groups of cases in child processes ----------------------------------------------

def spawn(cases: list[Case], picture_dir: Path, *, warmup: bool = True, render: bool = True, repeat: int = 1,
          env: dict | None = None, dense_program: str | None = None) -> dict:
    """One child process for `cases`; its JSON answer, with the whole process's wall time."""
    request = {"cases": [asdict(c) for c in cases], "picture_dir": str(picture_dir), "warmup": warmup,
               "render": render, "repeat": repeat, "dense_program": dense_program,
               "dense_moves": 2000 if quick() else DENSE_SLICE}
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(request)],
                          capture_output=True, text=True, env={**os.environ, **(env or {})},
                          timeout=CHILD_TIMEOUT_S)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        return {"error": (done.stderr or done.stdout).strip()[-2000:], "process_s": wall}
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    answer["process_s"] = wall
    return answer


def cold_start(picture_dir: Path) -> dict:
    """The demo end to end in a fresh process: empty Numba cache, then the cache it filled."""
    with tempfile.TemporaryDirectory(prefix="numba-cold-") as cache:
        env = {"NUMBA_CACHE_DIR": cache}
        return {"empty_cache": spawn([demo_case()], picture_dir, warmup=False, env=env),
                "filled_cache": spawn([demo_case()], picture_dir, warmup=False, env=env)}


COMMAND_STAGES = ("import", "interpret", "probe", "cut", "analyse", "mesh", "render check", "render", "page",
                  "write")
COMMAND_LINES = 127_000       # the 3D finish (quick: 10k)
COMMAND_RUNS = 3


# `machinesim run` in a fresh interpreter that imports nothing before machinesim (this file imports
# machinesim through common.py), through `cli.main`, with each stage's seam timed.
COMMAND_CHILD = """
import json, sys, time
t0 = time.perf_counter()
import machinesim.cli as cli
from machinesim import analysis, kernel, pipeline, render, report
seconds = {"import": time.perf_counter() - t0}

def timed(owner, name, stage):
    original = getattr(owner, name)
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - t
    setattr(owner, name, wrapper)

for owner, name, stage in ((pipeline, "load_program", "interpret"), (kernel, "Probe", "probe"),
                           (kernel, "simulate", "cut"), (analysis, "find", "analyse"),
                           (kernel, "surface_mesh", "mesh"), (render, "rendering_available", "render check"),
                           (render, "render_part", "render"), (render, "export_html", "page"),
                           (report, "write_result", "write")):
    timed(owner, name, stage)
if hasattr(cli, "write_result"):
    cli.write_result = report.write_result
code = cli.main(["--quiet", "run", sys.argv[1], "--out", sys.argv[2]])
import resource
print(json.dumps({"seconds": seconds, "exit": code,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def command(program: Path, out_dir: Path, runs: int = COMMAND_RUNS) -> dict:
    """The whole `machinesim run` in fresh processes, best of `runs`: the process's wall time and
    peak memory, and the share of each stage in that time (the rest: Python's start, printing,
    the output folder, leaving)."""
    best = None
    for k in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", COMMAND_CHILD, str(program), str(out_dir / f"run{k}")],
                              capture_output=True, text=True, timeout=CHILD_TIMEOUT_S)
        wall = time.perf_counter() - t0
        if done.returncode != 0:
            return {"error": (done.stderr or done.stdout).strip()[-2000:]}
        answer = json.loads(done.stdout.strip().splitlines()[-1])
        answer["process_s"] = wall
        if best is None or wall < best["process_s"]:
            best = answer
    best["seconds"], best["share"] = shares(best["seconds"], best["process_s"])
    return best


def shares(seconds: dict, process_s: float) -> tuple[dict, dict]:
    """The stages' seconds with "other" (the process's time outside them), and each one's share
    of the process's wall time."""
    seconds = dict(seconds, other=max(process_s - sum(seconds.values()), 0.0))
    return seconds, {k: v / process_s for k, v in seconds.items()}


def whole_command(tmp: Path) -> dict:
    """`machinesim run` of a 2.5D part (the demo) and of the 3D finish, beside the kernel's stages."""
    from generate import program_with_lines

    lines = 10_000 if quick() else COMMAND_LINES
    finish = tmp / f"command_finish_{lines}.nc"
    finish.write_text(program_with_lines(lines), encoding="ascii")
    return {"2.5D part (demo.nc)": command(DATA / "demo.nc", tmp / "demo"),
            f"3D finish, {lines} lines": command(finish, tmp / "finish")}


def report_command(results: dict) -> None:
    print("\nThe whole command, `machinesim run`, warm Numba cache, best of "
          f"{COMMAND_RUNS} fresh processes (seconds, share of the process's wall time):")
    rows = []
    for name, answer in results.items():
        if "error" in answer:
            print(f"  {name} failed: {_last_line(answer['error'])}")
            continue
        s, share = answer["seconds"], answer["share"]
        rows.append([name, answer["process_s"], answer["peak_rss_mib"]]
                    + [f"{s.get(k, 0.0):.2f} ({100 * share.get(k, 0.0):.0f} %)" for k in COMMAND_STAGES + ("other",)])
    table(rows, ["program", "process s", "peak MiB"] + list(COMMAND_STAGES) + ["other"])


def _total(seconds: dict) -> float:
    return sum(v for v in seconds.values() if v is not None)


def _last_line(text: str) -> str:
    """The line of a child's error that says what went wrong (a traceback ends with it)."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else "?"


def _row(name: str, case: dict, extra: list | None = None) -> list:
    s = case.get("seconds", {})
    return [name, case.get("lines"), case.get("moves")] + [s.get(k) for k in STAGES] + [_total(s)] + (extra or [])


def main() -> dict:
    is_quick = quick()
    sizes = QUICK_SIZES if is_quick else SIZES
    from generate import program_with_lines

    results: dict = {"stages": list(STAGES), "sizes": list(sizes)}
    with tempfile.TemporaryDirectory(prefix="machinesim-bench-") as tmp:
        tmp = Path(tmp)
        print("machinesim pipeline benchmark" + (" (quick)" if is_quick else ""), flush=True)
        if is_quick:
            results["cold_start"] = {"skipped": "quick mode"}
        else:
            results["cold_start"] = cold_start(tmp)
        results["command"] = whole_command(tmp)
        results["samples"] = spawn(sample_cases(), tmp, repeat=3)
        results["generated"] = {}
        spec = str(SAMPLES / "10_finition_3d_spec.toml")
        for n in sizes:
            path = tmp / f"finish_{n}.nc"
            path.write_text(program_with_lines(n), encoding="ascii")
            results["generated"][str(n)] = spawn([Case(f"generated {n}", str(path), None, spec)], tmp,
                                                 dense_program=str(path) if n == sizes[0] else None)
    report(results)
    write_results("pipeline", results)
    return results


def report(results: dict) -> None:
    """The tables of the results, as the README quotes them."""
    if "command" in results:
        report_command(results["command"])
    headers = ["program", "lines", "moves"] + [f"{s} s" for s in STAGES] + ["total s"]
    samples = results["samples"]
    print("\nSamples (warm; best of 3 runs per stage):")
    if "error" in samples:
        print("  failed: " + _last_line(samples["error"]))
    else:
        table([_row(c["name"], c) for c in samples["cases"]], headers)
        print(f"  peak memory of the process: {samples['cases'][-1]['peak_rss_mib']:.0f} MiB")
    print("\nGenerated 3D finishing programs (warm, one child process each):")
    rows, totals = [], []
    for n, answer in results["generated"].items():
        if "error" in answer:
            print(f"  {n} lines failed: {_last_line(answer['error'])}")
            totals.append(None)
            continue
        case = answer["cases"][0]
        for stage, why in case.get("skipped", {}).items():
            print(f"  {n} lines, stage {stage} not timed: {_last_line(why)}")
        total = _total(case["seconds"])
        totals.append(total)
        rows.append(_row(n, case, [case["peak_rss_mib"], answer["rss_after_warmup_mib"], case["lines"] / total]))
    table(rows, headers + ["peak MiB", "MiB after warm-up", "lines/s"])
    sizes = [int(n) for n in results["generated"]]
    if len(sizes) > 1:
        print("\nHow cost grows (time per line at the larger size / at the smaller; 1.0 = linear):")
        per_stage = {s: [a.get("cases", [{}])[0].get("seconds", {}).get(s) for a in results["generated"].values()]
                     for s in STAGES}
        per_stage["total"] = totals
        results["growth"] = {s: growth(sizes, t) for s, t in per_stage.items()}
        grow_rows = [[s] + [g["per_line_ratio"] for g in gs] + [gs[-1]["exponent"]]
                     for s, gs in results["growth"].items()]
        table(grow_rows, ["stage"] + [f"{g['from']}→{g['to']}" for g in results["growth"]["total"]]
              + ["exponent (last)"])
    first = results["generated"].get(str(sizes[0]), {})
    dense = first.get("dense")
    if dense and "ratio" in dense:
        print(f"\nDense boolean voxels vs the material model, {dense['moves']} feed moves of the {sizes[0]}-line "
              f"program at {dense['resolution_mm']} mm: {dense['dense_voxels_s']:.3f} s vs {dense['columns_s']:.4f} s "
              f"({dense['columns_without_allocation_s']:.4f} s without allocating the stock, as the dense side is "
              f"timed): ratio {dense['ratio']:.0f}x, {dense['ratio_without_allocation']:.0f}x without allocation, "
              f"{dense['ratio_removal']:.0f}x for the removal loop alone ({dense['removal_s']:.4f} s, without the "
              f"pass that finds the walls exactly: bench_kernel's measure)")
    elif dense:
        print(f"\nDense voxel baseline skipped: {dense.get('skipped')}")
    cold = results["cold_start"]
    print("\nCold start, demo part end to end in a fresh process:")
    if "skipped" in cold:
        print(f"  skipped ({cold['skipped']})")
    else:
        rows = []
        for label, answer in (("empty Numba cache", cold["empty_cache"]), ("filled Numba cache", cold["filled_cache"])):
            if "error" in answer:
                print(f"  {label} failed: {_last_line(answer['error'])}")
                continue
            c = answer["cases"][0]
            rows.append([label, answer["import_s"]] + [c["seconds"].get(s) for s in STAGES]
                        + [answer["process_s"], c["peak_rss_mib"]])
        if "cases" in samples:
            c = samples["cases"][0]
            rows.append(["warm (same demo, above)", None] + [c["seconds"].get(s) for s in STAGES] + [None, None])
        table(rows, ["start", "import s"] + [f"{s} s" for s in STAGES] + ["process s", "peak MiB"])
    skipped = {k: v for c in samples.get("cases", [])[:1] for k, v in c.get("skipped", {}).items()}
    for stage, why in skipped.items():
        print(f"  note: stage {stage} not timed: {why}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(child(json.loads(sys.argv[2])), default=float))
    else:
        main()
