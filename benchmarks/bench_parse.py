"""Benchmark: tokenizing + interpreting a 100,000-line CAM program (G1 XYZ and arcs).

Run: `python benchmarks/bench_parse.py` (MACHINESIM_BENCH_QUICK=1: 20,000 lines). Reports lines per
second once warm, the Numba compile cost of the first call (measured in a fresh process with an
empty Numba cache, then with the cache), and pygcode's `Line()` speed on a slice of the same
program as the baseline measured in the same run, with the ratio. Prints tables and writes
benchmarks/results/parse.json.
"""
from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
import time

from common import quick, table, write_results

LINES = 100_000
PYGCODE_SLICE = 5_000
TARGET = 300_000


def cam_program(lines: int = LINES) -> str:
    """A 3D finishing program as CAM posts it: G1 XYZ moves and G2/G3 arcs, Fanuc style."""
    out = ["%", "O1000", "G21 G17 G90 G54", "T1 M6", "S8000 M3", "G43 H1 G0 Z50.", "G0 X0. Y0.",
           "G1 Z-1. F800."]
    x, y, k = 0.0, 0.0, 0
    while len(out) < lines - 2:
        k += 1
        if k % 10 == 0:          # a quarter circle, alternately G2 and G3, by I J
            r = 2.0
            if k % 20 == 0:
                out.append(f"G3 X{x + r:.4f} Y{y + r:.4f} I{r:.4f} J0.")
            else:
                out.append(f"G2 X{x + r:.4f} Y{y - r:.4f} I{r:.4f} J0.")
                y -= 2 * r
            x += r
            y += r
        else:
            x += 0.173
            y = 20.0 * math.sin(x / 7.0)
            z = -1.0 - 0.5 * math.cos(x / 3.0)
            out.append(f"G1 X{x:.4f} Y{y:.4f} Z{z:.4f}")
    out += ["G0 Z50.", "M30"]
    return "\n".join(out) + "\n"


def _first_call(clear_cache: bool) -> float:
    """Seconds for import + first interpret of a tiny program in a fresh process."""
    code = ("import time; t=time.perf_counter();"
            "from machinesim.gcode import interpret; from machinesim.job import load_job;"
            "interpret('G1 X1. Y1. F100.\\nG2 X2. Y0. I1. J0.\\nM30\\n', load_job());"
            "print(time.perf_counter()-t)")
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as cold:
        if clear_cache:
            env["NUMBA_CACHE_DIR"] = cold          # an empty cache: every kernel compiles
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> dict:
    from machinesim.gcode import interpret, tokenize
    from machinesim.job import load_job

    lines = 20_000 if quick() else LINES
    job = load_job()
    text = cam_program(lines)
    data = text.encode()
    cold = _first_call(clear_cache=True)
    cached = _first_call(clear_cache=False)
    interpret(text, job)                                     # warm up in this process
    best = math.inf
    for _ in range(3):
        t0 = time.perf_counter()
        tp = interpret(data, job)
        best = min(best, time.perf_counter() - t0)
    t0 = time.perf_counter()
    tokenize(data)
    tok = time.perf_counter() - t0
    assert tp.ok and len(tp.moves) > 0.9 * lines, "the benchmark program must interpret cleanly"

    import pygcode
    sample = text.splitlines()[10:10 + PYGCODE_SLICE]
    t0 = time.perf_counter()
    for ln in sample:
        pygcode.Line(ln)
    py = time.perf_counter() - t0
    rate, base = lines / best, len(sample) / py
    res = {
        "lines": lines,
        "moves": int(len(tp.moves)),
        "interpret_s": best,
        "lines_per_s": rate,
        "tokenize_lines_per_s": lines / tok,
        "first_call_cold_cache_s": cold,
        "first_call_with_cache_s": cached,
        "pygcode_line_lines_per_s": base,
        "ratio_to_pygcode": rate / base,
        "target_lines_per_s": TARGET,
        "meets_target": rate >= TARGET,
    }
    table([["tokenize + interpret (warm)", rate, TARGET],
           ["tokenize alone", res["tokenize_lines_per_s"], None],
           ["pygcode Line() (baseline, same run)", base, None],
           ["ratio to pygcode", res["ratio_to_pygcode"], None]],
          ["lines per second", "value", "target"])
    table([["first call, empty Numba cache", cold], ["first call, with the cache", cached]],
          ["import + first interpret", "seconds"])
    write_results("parse", res)
    return res


if __name__ == "__main__":
    main()
