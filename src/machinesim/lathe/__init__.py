"""Turning: the lathe as a first-class machine (`[machine] kind = "lathe"` in the job).

`setup` reads the job's lathe tables, `interpreter` runs Fanuc lathe programs (group A) into a
`Toolpath` in the XZ plane (X as a radius), `material` and `part` cut the bar exactly in the ZX
half-plane, `checks` finds the crashes and mistakes, `inspect` measures turned parts, `picture`
revolves the profile for pictures. `simulate` is the one entry the pipeline calls.
"""
from __future__ import annotations

import time
from pathlib import Path


def simulate(program: str | Path, job, progress=None):
    """Interpret, turn and check a lathe program: the pipeline's `Simulation` of a turned part.

    Its `model` and `probe` are the same `part.TurnedPart` (exact bounds at any z).
    """
    from ..gcode import load_program
    from ..pipeline import Simulation
    from ..toolpath import cycle_time
    from . import checks, part

    t0 = time.perf_counter()
    toolpath = load_program(program, job)
    t1 = time.perf_counter()
    turned = part.turn(toolpath, job, progress=progress)
    t2 = time.perf_counter()
    found = checks.find(toolpath, job, turned)
    t3 = time.perf_counter()
    m = job.machine
    total, per_tool = cycle_time(toolpath, m.rapid, m.max_feed, m.accel, m.tool_change_time)
    findings = tuple(sorted(toolpath.findings + tuple(found), key=lambda f: (f.file, f.line, f.column, f.code)))
    return Simulation(str(program), job, toolpath, turned, turned, findings, total, per_tool,
                      {"interpret_s": t1 - t0, "cut_s": t2 - t1, "analyse_s": t3 - t2})
