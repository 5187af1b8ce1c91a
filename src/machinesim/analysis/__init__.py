"""Findings about a simulated program: crashes, collisions, limits, spindle and cutting conditions.

`find` runs every check that the available data allows: the toolpath-only checks always, the
material-dependent ones when the kernel's per-move removed volume is given.
"""
from __future__ import annotations

import numpy as np

from ..findings import Finding
from ..job import Job
from ..toolpath import RAPID, Toolpath
from .conditions import check_conditions, check_overload
from .safety import CUT_EPS, check_fixtures, check_program_end, check_spindle_and_length, check_travel


def find(toolpath: Toolpath, job: Job, removed: np.ndarray | None = None) -> list[Finding]:
    """All findings, sorted by line; `removed` is the volume each move removed (mm³)."""
    out: list[Finding] = []
    out += check_travel(toolpath, job)
    out += check_fixtures(toolpath, job)
    out += check_program_end(toolpath)
    if removed is not None:
        cutting = removed > CUT_EPS
        out += check_spindle_and_length(toolpath, job, removed)
        out += check_conditions(toolpath, job, cutting & (toolpath.moves["kind"] != RAPID))
        out += check_overload(toolpath, job, removed)
    return sorted(out, key=lambda f: (f.file, f.line, f.column, f.code))
