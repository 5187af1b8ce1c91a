"""Benchmark: what the crash-rehearsal checks (machinesim.analysis.find) add to the simulation.

Run: `python benchmarks/bench_analysis.py [--lines N]`. The 120,000-line 3D ball-nose finishing
program of benchmarks/generate.py is interpreted once, then, in the same run and after a warm-up
(Numba compiled and cached), the kernel alone and the analysis alone are timed, best of a few
repeats. Prints the ratio analysis / simulation (the bar: at most 0.30) and writes
benchmarks/results/analysis.json.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import RESULTS_DIR  # noqa: E402
from generate import program_with_lines  # noqa: E402

from machinesim import analysis, gcode, kernel  # noqa: E402
from machinesim.job import load_job  # noqa: E402

RESULTS = RESULTS_DIR / "analysis.json"
BAR = 0.30


def best_of(repeats: int, fn):
    best, out = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def corpus_job(job, toolpath):
    """The corpus has no job files: a box stock around the cutting moves, its top at work Z0 (the
    usual zero on the top face) when the program cuts below it, and a lattice of at most ~2M columns."""
    from dataclasses import replace

    import numpy as np

    from machinesim.toolpath import RAPID
    cuts = toolpath.moves[toolpath.moves["kind"] != RAPID]
    g54 = np.array(job.offset("G54"))
    if not len(cuts):
        return job
    pts = np.concatenate([cuts["start"], cuts["end"]]) - g54
    lo, hi = pts.min(axis=0) - 3.0, pts.max(axis=0) + 3.0
    top = 0.0 if lo[2] < -0.01 else hi[2]
    stock = replace(job.stock, kind="box", min=(lo[0], lo[1], lo[2] - 1.0), max=(hi[0], hi[1], top))
    h = max(job.machine.resolution, float(np.sqrt((hi[0] - lo[0]) * (hi[1] - lo[1]) / 2e6)))
    return replace(job, stock=stock, machine=replace(job.machine, resolution=round(h, 3)))


def corpus_counts(corpus: Path) -> int:
    """Every corpus program through interpret, simulate and analysis: findings by code and by file."""
    from corpus_run import corpus_files, guess_setup, make_job

    from machinesim.findings import InputError
    from machinesim.messages import render
    if not corpus.is_dir():
        print(f"no corpus at {corpus}")
        return 0
    total: Counter = Counter()
    per_file = {}
    samples = []
    for path in corpus_files(corpus):
        text = path.read_bytes().decode("utf-8", "replace")
        job = make_job(guess_setup(path, text))
        try:
            toolpath = gcode.load_program(path, job)
            job = corpus_job(job, toolpath)
            toolpath = gcode.load_program(path, job)
            model = kernel.simulate(toolpath, job)
        except InputError as exc:
            per_file[str(path.relative_to(corpus))] = {"unusable": exc.finding.code}
            continue
        except Exception as exc:  # another stage's bug: recorded, the next file runs
            per_file[str(path.relative_to(corpus))] = {"crash": f"{type(exc).__name__}: {exc}"}
            print(path.relative_to(corpus), "crash", type(exc).__name__, flush=True)
            continue
        found = analysis.find(toolpath, job, model)
        counts = Counter(f.code for f in found)
        total += counts
        per_file[str(path.relative_to(corpus))] = dict(counts)
        samples += [f"{path.name}: " + render(f, "en", with_hint=False) for f in found[:3]]
        print(path.relative_to(corpus), dict(counts), flush=True)
    out = RESULTS.with_name("analysis_corpus.json")
    out.write_text(json.dumps({"total": dict(total), "files": per_file, "samples": samples}, indent=2) + "\n",
                   encoding="utf-8")
    print("total", dict(total))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=120_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--corpus", type=Path, help="also count the findings on this corpus folder")
    args = parser.parse_args(argv)
    if args.corpus is not None:
        return corpus_counts(args.corpus)
    job = load_job()
    toolpath = gcode.interpret(program_with_lines(args.lines), job, "finish3d.nc")
    small = gcode.interpret(program_with_lines(2000), job, "warmup.nc")
    analysis.find(small, job, kernel.simulate(small, job))  # compile or load every kernel first
    sim_s, model = best_of(args.repeats, lambda: kernel.simulate(toolpath, job))
    find_s, found = best_of(args.repeats, lambda: analysis.find(toolpath, job, model))
    ratio = find_s / sim_s
    result = {"lines": args.lines, "moves": len(toolpath.moves), "simulate_s": sim_s, "analysis_s": find_s,
              "ratio": ratio, "bar": BAR, "ok": ratio <= BAR,
              "findings": dict(Counter(f.code for f in found))}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{len(toolpath.moves)} moves: simulation {sim_s:.3f} s, checks {find_s:.3f} s, "
          f"ratio {ratio:.3f} (bar {BAR})  findings {result['findings']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
