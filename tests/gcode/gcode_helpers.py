"""Shared set-up of the G-code front-end tests: a small job with round numbers."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from machinesim.gcode import interpret
from machinesim.job import Job, Machine
from machinesim.tools import Tool

G54 = (-300.0, -150.0, -250.0)
G55 = (-200.0, -100.0, -260.0)
OFFSETS = {"G54": G54, "G55": G55, "G56": (-150.0, -75.0, -240.0), "G57": (-100.0, 50.0, -270.0),
           "G58": (0.0, 0.0, -200.0), "G59": (12.5, -12.5, -210.0), "G59.1": (-250.0, -120.0, -220.0)}
TOOLS = {1: Tool(1, diameter=10.0, length=72.0), 2: Tool(2, diameter=6.0, length=50.0),
         5: Tool(5, type="drill", diameter=5.0, length=86.0)}


def job(dialect: str = "fanuc", tool_default: Tool | None = None, **machine) -> Job:
    return Job(machine=Machine(dialect=dialect, **machine), offsets=dict(OFFSETS), tools=dict(TOOLS),
               tool_default=tool_default)


def run(src: str, dialect: str = "fanuc", **kw):
    """Interpret `src` on the test job; keyword arguments go to Machine, except interpret's own."""
    opts = {k: kw.pop(k) for k in ("block_delete", "loop_limit", "fast") if k in kw}
    tool_default = kw.pop("tool_default", None)
    return interpret(src, job(dialect, tool_default, **kw), **opts)


def work(point, offset=G54, length: float = 0.0) -> np.ndarray:
    """Machine tip position of a work point (tip z lowered by `length`)."""
    return np.array(point, float) + np.array(offset) - np.array([0.0, 0.0, length])


def errors(tp):
    """The errors of a toolpath but NO_TOOL: most programs here test geometry and load no tool
    (tests/gcode/test_real_programs.py holds NO_TOOL)."""
    return [f for f in tp.findings if f.severity == "error" and f.code != "NO_TOOL"]


def keys(tp, severity: str | None = None):
    return [f.key or f.code for f in tp.findings if severity is None or f.severity == severity]


def with_machine(j: Job, **kw) -> Job:
    return replace(j, machine=replace(j.machine, **kw))
