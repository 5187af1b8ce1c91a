"""Findings about a simulated program: crashes, collisions, limits, spindle and cutting conditions.

`find` runs every check that the available data allows: the toolpath-only checks always, the
material-dependent ones when the kernel's model is given. What the control itself refuses
(syntax, PROGRAM_END_MISSING, UNKNOWN_TOOL, ...) is the G-code front end's: it is already in
`Toolpath.findings`.
"""
from __future__ import annotations


from ..findings import Finding
from ..job import Job
from ..kernel.stock import stock_shape
from ..kernel import Probe
from ..toolpath import F_COMP, RAPID, Toolpath
from .assumptions import check_assumed_stock
from .exact import confirmed_removed
from .collisions import check_body, check_depth
from .compensation import check_compensation_side
from .conditions import check_conditions, check_overload
from .safety import CUT_EPS, check_fixtures, check_spindle_and_length, check_travel

__all__ = ["find"]


def find(toolpath: Toolpath, job: Job, model=None, probe=None) -> list[Finding]:
    """All findings, sorted by line.

    `model` is the kernel's `Model` of this toolpath (None: toolpath-only checks); `probe` its
    exact `Probe`, whose move log judges the small volumes an error depends on (built when needed).
    """
    out: list[Finding] = []
    out += check_travel(toolpath, job)
    out += check_fixtures(toolpath, job)
    out += check_assumed_stock(toolpath, job, model.stock if model is not None else stock_shape(job, toolpath))
    if model is not None:
        removed = confirmed_removed(toolpath, job, model, probe.log if probe is not None else None, CUT_EPS)
        cutting = removed > CUT_EPS
        out += check_spindle_and_length(toolpath, job, removed)
        out += check_conditions(toolpath, job, cutting & (toolpath.moves["kind"] != RAPID))
        out += check_overload(toolpath, job, removed)
        out += check_depth(toolpath, job, model.depth)
        out += check_body(toolpath, job, model)
        if (toolpath.moves["flags"] & F_COMP).any():
            out += check_compensation_side(toolpath, job, probe if probe is not None else Probe(toolpath, job))
    return sorted(out, key=lambda f: (f.file, f.line, f.column, f.code))
