"""The cost of a setup change: the part of bench_probe's 9k-move program turned over and faced.

Phase 10 is bench_probe's 2.5D program on the 100 x 80 x 20 mm stock; Phase 20 turns the part over
about X and faces 1 mm off the bottom with a Ø20 flat end mill. Measured in the same run: Phase 10
cut on a fresh block (today's one-setup path), the setup change (the lattice of Phase 20 sampled
from the exact part, one vertical ray per column), Phase 20's cut on that lattice, the same facing
on a fresh block (one setup), and the final part sampled again in the drawing's frame. Ratios are
within this run. Run: python benchmarks/bench_setups.py
"""
from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_probe import TOOLS, _lines, program  # noqa: E402
from common import quick, table, write_results  # noqa: E402

from machinesim.job import Job, Machine, Stock
from machinesim.kernel import Probe, simulate
from machinesim.kernel.setups import Outline, Part, Placement, SetupProbe, cut_setup, rotation, sample_lattice
from machinesim.toolpath import RAPID, Toolpath
from machinesim.tools import Tool

FACE_MILL = Tool(4, "flat", diameter=20.0, flute_length=10.0)
LO, HI = (0.0, 0.0, -20.0), (100.0, 80.0, 0.0)


def facing() -> Toolpath:
    """1 mm off the top of the turned part, zigzag passes 15 mm apart overhanging every edge."""
    pts = [(-12.0, 0.0, 5.0), (-12.0, 0.0, -1.0)]
    for k, y in enumerate(np.arange(0.0, 80.0 + 15.0, 15.0)):
        y = min(y, 80.0)
        row = [(-12.0, y, -1.0), (112.0, y, -1.0)]
        pts += row if k % 2 == 0 else row[::-1]
    pts.append((pts[-1][0], pts[-1][1], 5.0))
    m = _lines(pts, 4)
    m["kind"][0] = RAPID
    return Toolpath(m)


def _timed(fn, *args, **kw):
    t = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t


def main() -> dict:
    h = 0.25 if quick() else 0.1
    job = Job(machine=Machine(resolution=h), stock=Stock(min=LO, max=HI), tools={**TOOLS, 4: FACE_MILL})
    first, second = program(), facing()
    outline = Outline(0, np.array([*LO, *HI]))
    simulate(Toolpath(first.moves[:50]), job)                           # compile or load the kernels
    probe1, t_log = _timed(Probe, first, job)
    model1, t_cut1 = _timed(simulate, first, job, probe=probe1)
    head = Placement(np.eye(3, dtype=np.int64), np.zeros(3))
    turned = Placement(rotation((180, 0, 0)), np.array([0.0, 80.0, -20.0]))
    before = SetupProbe([(probe1, turned.into(head))], [0], outline)
    sample_lattice(before, LO, (5.0, 5.0, 0.0), h)                     # compile the intersection
    lattice, t_change = _timed(sample_lattice, before, LO, HI, h)
    probe2 = Probe(second, job)
    after = SetupProbe(before.parts + ((probe2, (np.eye(3), np.zeros(3))),), (0, len(first)), outline)
    part = Part(LO, HI, model1.volume)
    model2, t_cut2 = _timed(cut_setup, second, job, lattice, part, before, lambda: after)
    fresh, t_fresh = _timed(simulate, second, replace(job), probe=probe2)
    final = SetupProbe([(probe1, (np.eye(3), np.zeros(3))), (probe2, head.into(turned))], (0, len(first)), outline)
    _, t_final = _timed(sample_lattice, final, LO, HI, h)
    columns = lattice.count.size
    r = {"h_mm": h, "columns": columns, "moves_phase_10": len(first), "moves_phase_20": len(second),
         "phase_10_cut_s": t_cut1 + t_log, "setup_change_s": t_change, "us_per_column": t_change / columns * 1e6,
         "phase_20_cut_s": t_cut2, "phase_20_fresh_block_s": t_fresh, "final_sampling_s": t_final,
         "change_over_phase_10": t_change / (t_cut1 + t_log), "layers_phase_20": int(lattice.bottom.shape[0]),
         "removed_phase_20_mm3": model2.removed_volume, "removed_fresh_block_mm3": fresh.removed_volume}
    table([["Phase 10 cut (one-setup path, with its move log)", f"{r['phase_10_cut_s']:.2f} s"],
           [f"setup change: {columns} columns probed", f"{t_change:.2f} s ({r['us_per_column']:.2f} µs per column)"],
           ["Phase 20 cut on the sampled lattice", f"{t_cut2:.2f} s"],
           ["the same facing on a fresh block", f"{t_fresh:.2f} s"],
           ["final part sampled in the drawing's frame", f"{t_final:.2f} s"],
           ["setup change / Phase 10 cut", f"{r['change_over_phase_10']:.2f}"]],
          ["step", "time"])
    write_results("setups", r)
    return r


if __name__ == "__main__":
    main()
