"""Paired benchmark: machinesim against CAMotics' `camsim`, whole process, best of 3, at every lattice.

    python benchmarks/bench_camotics.py --camsim /path/to/camsim [--examples CAMotics/examples]

Each program runs in both simulators on the same stock and tools at each lattice spacing: ours
(the demo part, a 2.5D part, and benchmarks/generate.py's 3D ball-nose finish) through a
CAMotics project written for it, and CAMotics' own examples (`--examples`: the `examples/` folder
of a CAMotics checkout, each `X/X.camotics` project of one G-code file) through a machinesim
job written from the project. Times are of the whole process, as a user waits for it: `machinesim
run` (interpret, cut, find, mesh, part.png, result.json) and `camsim project out.stl` (cut and
surface, STL written). The table is printed and written between the markers of
benchmarks/README.md. Without `--camsim`, it says how to provide one and runs nothing.
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from common import table  # noqa: E402

ROOT = HERE.parent
DATA = ROOT / "src" / "machinesim" / "data"
README = HERE / "README.md"
RESULTS = HERE / "results" / "camotics.json"     # the rows of the table, for `--only`
BEGIN, END = "<!-- bench_camotics:begin -->", "<!-- bench_camotics:end -->"
LATTICES = (0.5, 0.2, 0.1)
RUNS = 3
FINISH_LINES = 127_000
INCH = 25.4
TIMEOUT_S = 1800
LONG_S, LONG_RATIO = 60.0, 5.0      # a run this long and this much slower is not repeated (best_of)

HOW_TO = """bench_camotics: no camsim given, nothing run.

camsim is CAMotics' command-line simulator (`camsim [--resolution R] project.camotics out.stl`).
CAMotics is not packaged for this Debian; build it from source (https://github.com/CauldronDevelopmentLLC/CAMotics,
README "Building from Source": cbang, then `scons` in CAMotics) or take camsim from a CAMotics
package of another system, then run:

    python benchmarks/bench_camotics.py --camsim /path/to/camsim [--examples /path/to/CAMotics/examples]
"""

# machinesim's tool types and CAMotics' tool shapes, both ways
TO_CAMOTICS = {"flat": "cylindrical", "ball": "ballnose", "bull": "snubnose", "drill": "conical",
               "spot": "conical", "chamfer": "conical"}
FROM_CAMOTICS = {"cylindrical": "flat", "ballnose": "ball", "snubnose": "bull", "conical": "chamfer"}


def camotics_project(job, program: str, resolution: float) -> dict:
    """A CAMotics project cutting `program` from `job`'s box stock with its tools (mm, work coordinates)."""
    lo, hi = job.stock.min, job.stock.max
    tools = {}
    for number, tool in sorted(job.tools.items()):
        entry = {"units": "metric", "shape": TO_CAMOTICS.get(tool.type, "cylindrical"),
                 "length": tool.flute_length, "diameter": tool.diameter, "description": tool.name}
        if entry["shape"] == "conical":
            entry["angle"] = tool.point_angle
        if entry["shape"] == "snubnose":
            entry["snub_diameter"] = tool.diameter - 2 * tool.corner_radius
        tools[str(number)] = entry
    return {"units": "metric", "resolution-mode": "manual", "resolution": resolution, "tools": tools,
            "workpiece": {"automatic": False, "margin": 0,
                          "bounds": {"min": [float(v) for v in lo], "max": [float(v) for v in hi]}},
            "files": [str(program)]}


def job_toml(project: dict, resolution: float) -> str:
    """A machinesim job for a CAMotics project: its workpiece as the stock (CAMotics keeps bounds in
    mm whatever the project's units; an automatic workpiece becomes machinesim's `auto` stock
    around the cutting moves), its tools (in their own units), work zero at machine zero and the
    tip on the programmed point (CAMotics has neither work offsets nor tool lengths), a LinuxCNC
    control, and as `[tool_default]` the tool CAMotics cuts with when none is loaded (a feed move
    with no tool: "No tool selected, selecting tool 1", MoveSink.cpp): the project's tool 1, or
    the one CAMotics makes for it (Tool.cpp: a cylinder, Ø2 × 10 mm, or Ø1/8 × 1 in imperial).
    machinesim's stand-in also cuts for a T the table lacks, where CAMotics makes that cylinder."""
    piece = project.get("workpiece", {})
    if piece.get("automatic", True) or "bounds" not in piece:
        stock = "auto = { margin = 1.0 }"
        span = 2000.0
    else:
        lo = [float(v) for v in piece["bounds"]["min"]]
        hi = [float(v) for v in piece["bounds"]["max"]]
        stock = f"box = {{ min = {lo}, max = {hi} }}"
        span = max(abs(v) for v in lo + hi) + 500.0
    lines = ["[machine]", 'dialect = "linuxcnc"', 'tool_length = "touch_off"',
             f"travel = {{ x = [{-span}, {span}], y = [{-span}, {span}], z = [{-span}, {span}] }}",
             f"resolution = {resolution}", "", "[offsets]", "G54 = [0, 0, 0]", "", "[stock]", stock, ""]
    tools = project.get("tools", {})
    for number, tool in sorted(tools.items(), key=lambda kv: int(kv[0])):
        lines += ["[[tool]]", f"number = {int(number)}", *_tool_lines(tool, project), ""]
    imperial = project.get("units") == "imperial"
    made = {"units": project.get("units", "metric"), "shape": "cylindrical",
            "diameter": 0.125 if imperial else 2.0, "length": 1.0 if imperial else 10.0}
    lines += ["[tool_default]", *_tool_lines(tools.get("1", made), project), ""]
    return "\n".join(lines)


def _tool_lines(tool: dict, project: dict) -> list[str]:
    """The keys of a machinesim tool for a CAMotics tool (in mm; a tool's values are in its own units)."""
    k = INCH if tool.get("units", project.get("units")) == "imperial" else 1.0
    kind = FROM_CAMOTICS.get(tool.get("shape", "cylindrical"), "flat")
    diameter = k * float(tool.get("diameter", 3.175 / k))
    lines = [f'type = "{kind}"', f"diameter = {diameter}", f"flute_length = {k * float(tool.get('length', 10.0 / k))}"]
    if kind == "chamfer":
        lines.append(f"point_angle = {float(tool.get('angle', 90.0))}")
    if kind == "bull":
        snub = k * float(tool.get("snub_diameter", 0.0))
        lines.append(f"corner_radius = {max(diameter - snub, 0.0) / 2}")
    return lines


def best_of(command: list[str], runs: int = RUNS, beaten_by: float | None = None) -> dict:
    """Shortest wall time of `runs` whole-process runs, the process's largest peak memory, and how
    many runs were made: with `beaten_by` (the other side's best), one run of more than LONG_S
    that is also more than LONG_RATIO times it is enough (more runs could lower it by a few
    percent, never change which side is ahead), so the table is made in an evening."""
    times, peak = [], 0.0
    for _ in range(runs):
        if times and beaten_by and min(times) > LONG_S and min(times) > LONG_RATIO * beaten_by:
            break
        with tempfile.TemporaryFile() as errors:
            t0 = time.perf_counter()
            proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
            guard = threading.Timer(TIMEOUT_S, proc.kill)      # a run never hangs the table
            guard.start()
            _, status, usage = os.wait4(proc.pid, 0)
            guard.cancel()
            times.append(time.perf_counter() - t0)
            if times[-1] >= TIMEOUT_S:
                return {"stopped_after": TIMEOUT_S, "runs": len(times)}
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode < 0:                # killed: by the kernel's OOM killer when it is SIGKILL
                return {"error": f"killed by {signal.Signals(-proc.returncode).name}", "runs": len(times),
                        "peak_mib": usage.ru_maxrss / 1024}
            if proc.returncode not in (0, 1):      # 1: machinesim found errors in the program, still a run
                errors.seek(0)
                said = errors.read().decode(errors="replace").strip().splitlines()
                return {"error": f"exit {proc.returncode}: {said[-1][-200:] if said else 'no message'}"}
        peak = max(peak, usage.ru_maxrss / 1024)
    return {"seconds": min(times), "peak_mib": peak, "runs": len(times)}


def default_job_text(resolution: float) -> str:
    """The embedded default job with another lattice spacing."""
    text = (DATA / "default_job.toml").read_text(encoding="utf-8")
    return re.sub(r"(?m)^resolution = .*$", f"resolution = {resolution}", text)


def our_programs(folder: Path) -> list[tuple[str, Path, None]]:
    """(name, program, None: the default job) of machinesim's side of the table."""
    from generate import program_with_lines

    finish = folder / f"finish_{FINISH_LINES}.nc"
    finish.write_text(program_with_lines(FINISH_LINES), encoding="ascii")
    samples = ROOT / "gcode_samples"
    return [("demo (2.5D)", DATA / "demo.nc", None),
            ("03_poche_rectangulaire (2.5D)", samples / "03_poche_rectangulaire.nc", None),
            (f"3D finish {FINISH_LINES} lines", finish, None)]   # all on the default job


def their_programs(examples: Path) -> list[tuple[str, Path, dict]]:
    """(name, project file, project) of CAMotics' examples made of one G-code file that is there
    (the others are TPL scripts, several files, or files the checkout lacks)."""
    out = []
    for project_file in sorted(examples.glob("*/*.camotics")):
        project = json.loads(project_file.read_text(encoding="utf-8"))
        files = project.get("files", [])
        if (len(files) == 1 and files[0].lower().endswith((".nc", ".ngc", ".gcode"))
                and (project_file.parent / files[0]).is_file()):
            out.append((project_file.stem, project_file, project))
    return out


def run_pairs(camsim: str, examples: Path | None, lattices, runs: int, done=None,
              only: set[str] | None = None) -> list[dict]:
    """Every program (or those named in `only`) at every lattice in both simulators, the coarse
    lattices first (the fine ones take camsim minutes); `done(rows)` is called after each row, so
    an evening cut short keeps the table made so far."""
    import machinesim
    from machinesim.job import load_job

    # as `pip install .` does: bytecode compiled once, not at each start (an editable checkout
    # under PYTHONDONTWRITEBYTECODE=1 would compile 80 modules in every run, 0.14 s)
    compileall.compile_dir(Path(machinesim.__file__).parent, quiet=1)
    rows = []
    python = [sys.executable, "-m", "machinesim", "--quiet", "run"]
    with tempfile.TemporaryDirectory(prefix="bench-camotics-") as tmp:
        tmp = Path(tmp)
        cases = []
        for name, program, _ in our_programs(tmp):
            cases.append((name, "machinesim", program, load_job(None), None))
        for name, project_file, project in their_programs(examples) if examples else []:
            cases.append((name, "CAMotics", project_file.parent / project["files"][0], None, project))
        cases = [c for c in cases if only is None or c[0] in only]
        for h in lattices:
            for k, (name, origin, program, job, project) in enumerate(cases):
                work = tmp / f"{k}-{h}"
                work.mkdir()
                job_path = work / "job.toml"
                if project is None:
                    project_h = camotics_project(job, str(program), h)
                    job_path.write_text(default_job_text(h), encoding="utf-8")
                else:
                    project_h = dict(project, **{"resolution-mode": "manual", "resolution": h,
                                                 "files": [str(program)]})
                    job_path.write_text(job_toml(project_h, h), encoding="utf-8")
                project_path = work / "part.camotics"
                project_path.write_text(json.dumps(project_h, indent=1), encoding="utf-8")
                ours = best_of(python + [str(program), "--job", str(job_path), "--out", str(work / "out")], runs)
                ours = stopped_early(work / "out", ours)
                theirs = best_of([camsim, "--resolution", str(h), str(project_path), str(work / "part.stl")], runs,
                                 beaten_by=ours.get("seconds"))
                rows.append({"program": name, "from": origin, "lattice_mm": h, "machinesim": ours,
                             "camotics": theirs})
                print(f"  {name} at {h} mm: machinesim {ours.get('seconds', ours.get('error'))}, "
                      f"camsim {theirs.get('seconds', theirs.get('error'))}", flush=True)
                if done is not None:
                    done(rows)
    return rows


def stopped_early(out: Path, timing: dict) -> dict:
    """A machinesim run that stopped at an error cut only the start of the program: no time to
    compare with a simulator that ran it all, but the line and the code it stopped at."""
    try:
        stop = json.loads((out / "result.json").read_text(encoding="utf-8")).get("stopped_at")
    except (OSError, ValueError):
        return timing
    if not stop:
        return timing
    return {"error": f"stopped at line {stop.get('line')} ({stop.get('code')})", "runs": timing.get("runs", 0)}


def table_rows(rows: list[dict]) -> list[list]:
    out = []
    for r in rows:
        a, b = r["machinesim"].get("seconds"), r["camotics"].get("seconds")
        ratio = (b / a) if a and b else None
        if b is None and "stopped_after" in r["camotics"]:     # stopped at TIMEOUT_S: a lower bound
            b = f"> {r['camotics']['stopped_after']:.0f}"
            ratio = f"> {r['camotics']['stopped_after'] / a:.2f}" if a else None
        elif b is None and "error" in r["camotics"]:
            b = r["camotics"]["error"]
        if a is None:                                         # stopped at an error, or failed
            a = r["machinesim"].get("error")
        out.append([r["program"], r["from"], r["lattice_mm"], a, b, r["camotics"].get("runs"), ratio])
    return out


HEADERS = ["program", "programs of", "lattice mm", "machinesim s", "camsim s", "camsim runs",
           "camsim / machinesim"]


def readme_section(rows: list[dict], machine: str, runs: int = RUNS) -> str:
    """The table as Markdown, between the README's markers."""
    lines = [BEGIN, "", f"Whole process, best of {runs}, {machine}. `machinesim run` writes result.json, "
             "part.png and part3d.html; `camsim` (2 threads) writes the STL of the cut part. A camsim run "
             f"longer than {LONG_S:.0f} s and {LONG_RATIO:.0f}× machinesim's is not repeated (camsim runs). "
             "Above 1 in the last column: machinesim ahead.", "", "| " + " | ".join(HEADERS) + " |",
             "|" + "---|" * len(HEADERS)]
    for row in table_rows(rows):
        lines.append("| " + " | ".join("—" if v is None else f"{v:.2f}" if isinstance(v, float) else str(v)
                                       for v in row) + " |")
    return "\n".join(lines + ["", END])


def merged(before: list[dict], after: list[dict]) -> list[dict]:
    """The rows of an earlier run with those measured again replaced in place (same program and
    lattice), the new ones after them."""
    key = lambda r: (r["program"], r["lattice_mm"])     # noqa: E731
    fresh = {key(r): r for r in after}
    out = [fresh.pop(key(r), r) for r in before]
    return out + [r for r in after if key(r) in fresh]


def write_readme(section: str, readme: Path = README) -> None:
    """Replace the section between the markers (or add it at the end), atomically."""
    from machinesim.report.io import write_atomic

    text = readme.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    write_atomic(readme, text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--camsim", help="path of CAMotics' camsim binary")
    parser.add_argument("--examples", help="CAMotics' examples/ folder, for its own programs")
    parser.add_argument("--lattices", type=float, nargs="+", default=list(LATTICES))
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--only", nargs="+", metavar="PROGRAM",
                        help="measure only these programs (names of the table) again; the other rows stay")
    args = parser.parse_args(argv)
    if not args.camsim:
        print(HOW_TO)
        return 0
    if not (os.path.isfile(args.camsim) and os.access(args.camsim, os.X_OK)):
        print(f"bench_camotics: {args.camsim} is not an executable file.\n\n{HOW_TO}", file=sys.stderr)
        return 2
    from common import machine_description
    from machinesim.report.io import write_atomic

    d = machine_description()
    machine = f"{d['cpu']}, {d['cores']} cores, {d['date_utc'][:10]}"
    only = set(args.only) if args.only else None
    before = []
    if only:             # measure some programs again: the other rows stay as last measured
        try:
            before = json.loads(RESULTS.read_text(encoding="utf-8"))["rows"]
        except (OSError, ValueError, KeyError):
            print(f"bench_camotics: no earlier table in {RESULTS}; the table will have the programs named only.",
                  file=sys.stderr)

    def done(so_far: list[dict]) -> None:
        rows = merged(before, so_far)
        write_atomic(RESULTS, json.dumps({"machine": machine, "runs": args.runs, "rows": rows}, indent=1) + "\n")
        write_readme(readme_section(rows, machine, args.runs))

    rows = run_pairs(args.camsim, Path(args.examples) if args.examples else None, sorted(args.lattices, reverse=True),
                     args.runs, done=done, only=only)
    rows = merged(before, rows)
    table(table_rows(rows), HEADERS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
