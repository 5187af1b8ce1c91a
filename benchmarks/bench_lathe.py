"""Benchmark: a 20k-line turning program (roughing, finishing, threading) simulated and measured.

    python benchmarks/bench_lathe.py            (MACHINESIM_BENCH_QUICK=1: a 4k-line program)

The program is generated here (`turning_program`): a Ø70 bar faced, roughed by G71 along a
CAM-posted profile r(z) = 12 + 0.08u + 0.5 sin(u/10), u = -z (one G1 block every few hundredths
of a millimetre), a posted semi-finishing pass of the same profile 0.1 mm out, a G70 finishing pass
under G42, then G76 and G92 threading at the front. Each stage's wall time is measured warm (the
Numba kernels compiled by a first run), best of three; the part is then measured at every profile
vertex and compared with the profile's analytic radius: under nose radius compensation the
finished diameter at a vertex is the drawing's. Writes benchmarks/results/lathe.json.
"""
from __future__ import annotations

import math
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:                       # `common` lives beside this file
    sys.path.insert(0, str(HERE))

from common import quick, table, write_results  # noqa: E402

JOB = """
[machine]
kind = "lathe"
spindle_max = 3500
max_feed = 8000
resolution = 0.05
[stock]
bar = { diameter = 70, front = 1, back = -300 }
material = "steel"
[chuck]
jaw_face = -280
outer_diameter = 200
[[tool]]
number = 1
insert = "CNMG 120408"
approach = 95
[[tool]]
number = 2
insert = "DCMT 11T304"
[[tool]]
number = 3
type = "threading"
"""


def profile_radius(u: np.ndarray) -> np.ndarray:
    """The drawing: radius at depth u = -z along the part (monotonic, as G71 type I needs)."""
    return 12.0 + 0.08 * u + 0.5 * np.sin(u / 10.0)


def turning_program(lines: int, length: float = 250.0) -> tuple[str, np.ndarray]:
    """A turning program of about `lines` lines and the profile's (z, radius) vertices."""
    n = max(int((lines - 260) / 1.27), 50)          # profile blocks; the semi-finish pass is 0.27 n
    u = np.linspace(0.0, length, n + 1)
    r = profile_radius(u)
    out = ["%", "O2000 (BENCH TOURNAGE)", "G21 G40 G99 G18", "G50 S3000", "T0101", "G96 S200 M3",
           "G0 X74. Z0. M8", "G1 X-1.6 F0.2", "G0 Z2.", "X72.",
           "G71 U1.5 R0.5", "G71 P100 Q200 U0.4 W0.1 F0.3",
           f"N100 G0 X{2 * r[0]:.4f}", "G1 Z0."]
    out += [f"X{2 * ri:.4f} Z{-ui:.4f}" for ui, ri in zip(u[1:], r[1:])]
    out += ["N200 X72.", "G0 X100. Z20."]
    # a CAM-posted semi-finishing pass 0.1 mm out on every fourth vertex (and its end)
    k = np.unique(np.r_[np.arange(0, n + 1, 4), n])
    out += ["G0 X{:.4f} Z2.".format(2 * r[0] + 0.2), "G1 Z0. F0.2"]
    out += [f"X{2 * (r[i] + 0.1):.4f} Z{-u[i]:.4f}" for i in k[1:]]
    out += ["X72.", "G0 X100. Z20.",
            "T0202", "G96 S250 M3", "G0 X74. Z5.", "G42 G0 X72. Z2.", "G70 P100 Q200 F0.1",
            "G40 G0 X100. Z20.",
            "T0303", "G97 S600 M3", "G0 X30. Z5.", "G76 P010060 Q50 R0.02",
            f"G76 X{2 * r[0] - 2.2:.3f} Z-12. R-0.8 P1100 Q250 F1.5", "G0 X30. Z5."]
    passes = max(lines - len(out) - 6, 10)
    out.append("G92 X{:.4f} Z-12. R-0.8 F1.5".format(2 * r[0] + 0.2))
    out += [f"X{2 * r[0] + 0.2 - 0.4 * (i + 1) / passes:.4f}" for i in range(passes)]
    out += ["G0 X100. Z100.", "M9", "M5", "M30", "%"]
    return "\n".join(out) + "\n", np.stack([-u, r], axis=1)


def run(lines: int, folder: Path) -> dict:
    from machinesim.gcode import load_program
    from machinesim.job import parse_job
    from machinesim.lathe import checks, part
    import tomllib

    job = parse_job(tomllib.loads(JOB), "<bench job>")
    text, vertices = turning_program(lines)
    path = folder / f"turn_{lines}.nc"
    path.write_text(text, encoding="ascii")
    best: dict[str, float] = {}
    for _ in range(3):
        t0 = time.perf_counter()
        toolpath = load_program(path, job)
        t1 = time.perf_counter()
        turned = part.turn(toolpath, job)
        t2 = time.perf_counter()
        found = checks.find(toolpath, job, turned)
        t3 = time.perf_counter()
        zs = vertices[:, 0]
        outer, _, _, _ = turned.bounds(zs)
        t4 = time.perf_counter()
        for k, v in (("interpret_s", t1 - t0), ("cut_s", t2 - t1), ("analyse_s", t3 - t2),
                     ("measure_s", t4 - t3)):
            best[k] = min(best.get(k, math.inf), v)
    inside = (zs < -14.0) & (zs > -249.0)            # beyond the thread, before the exit shoulder
    dev = np.abs(outer[inside] - vertices[inside, 1]) * 2.0
    errors = [f.code for f in toolpath.findings + tuple(found) if f.severity == "error"]
    total = best["interpret_s"] + best["cut_s"] + best["analyse_s"]
    return {"lines": text.count("\n"), "moves": int(len(toolpath.moves)), "primitives": int(len(turned.rows)),
            "lattice_points": int(len(turned.zs)), **{k: round(v, 3) for k, v in best.items()},
            "simulate_s": round(total, 3), "lines_per_s": round(text.count("\n") / total),
            "diameters_measured": int(inside.sum()),
            "measure_per_diameter_ms": round(best["measure_s"] / len(zs) * 1000, 3),
            "max_diameter_error_um": round(float(dev.max()) * 1000, 4), "errors": errors}


def main() -> None:
    sizes = [4000] if quick() else [4000, 20000]
    rows, results = [], []
    with tempfile.TemporaryDirectory(prefix="bench-lathe-") as tmp:
        run(1000, Path(tmp))                          # compile the kernels once
        for lines in sizes:
            r = run(lines, Path(tmp))
            results.append(r)
            rows.append([r["lines"], r["moves"], r["interpret_s"], r["cut_s"], r["analyse_s"], r["simulate_s"],
                         r["lines_per_s"], r["diameters_measured"], r["measure_s"], r["max_diameter_error_um"]])
    table(rows, ["lines", "moves", "interpret s", "cut s", "analyse s", "simulate s", "lines/s",
                 "diameters", "measure s", "max error µm"])
    write_results("lathe", {"programs": results})


if __name__ == "__main__":
    main()
