"""Cutting conditions: cutting speed Vc, feed per tooth fz, and engagement, against the table.

Vc = π·D·N / 1000 (m/min) and fz = F / (N·z) (mm/tooth; drills: f = F/N mm/rev) are checked once
per tool, spindle speed and feed combination, at the first line that cuts with it. The ranges
live in `data/cutting_data.toml` with their source.
"""
from __future__ import annotations

import math
import tomllib
from functools import lru_cache
from importlib import resources

import numpy as np

from ..findings import WARNING, Finding
from ..job import Job
from ..toolpath import RAPID, F_CYCLE, Toolpath, move_lengths

DRILLING = ("drill", "spot", "reamer")


@lru_cache(maxsize=1)
def cutting_table() -> dict:
    text = resources.files("machinesim").joinpath("data/cutting_data.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _fmt(x: float) -> str:
    return f"{x:.3g}"


def check_conditions(toolpath: Toolpath, job: Job, cutting: np.ndarray) -> list[Finding]:
    """CUTTING_SPEED and CHIP_LOAD warnings for the cutting moves (`cutting`: bool per move)."""
    table = cutting_table().get(job.stock.material)
    if table is None:
        return []
    moves = toolpath.moves
    out: list[Finding] = []
    seen: set[tuple] = set()
    for i in np.flatnonzero(cutting & (moves["kind"] != RAPID)):
        m = moves[i]
        tool = job.tool(int(m["tool"]))
        rpm = abs(float(m["spindle"]))
        if tool is None or rpm <= 0 or tool.type == "tap":
            continue  # spindle off is SPINDLE_OFF_CUT's business; taps follow their pitch
        key = (tool.number, rpm, float(m["feed"]))
        if key in seen:
            continue
        seen.add(key)
        ranges = table[tool.tool_material]
        where = dict(line=int(m["line"]), file=toolpath.files[int(m["file"])], tool=tool.number,
                     position=tuple(float(v) for v in m["end"]))
        vc = math.pi * tool.diameter * rpm / 1000.0
        low, high = ranges["vc"]
        if not low <= vc <= high:
            out.append(Finding("CUTTING_SPEED", WARNING,
                               params=dict(vc=_fmt(vc), low=low, high=high, tool=tool.number), **where))
        if tool.type in DRILLING:
            f = float(m["feed"]) / rpm
            low, high = (k * tool.diameter for k in ranges["frev"])
            key_name = "CHIP_LOAD.drill"
        else:
            f = float(m["feed"]) / (rpm * max(tool.flutes, 1))
            low, high = (k * tool.diameter for k in ranges["fz"])
            key_name = "CHIP_LOAD"
        if not low <= f <= high:
            out.append(Finding("CHIP_LOAD", WARNING, key=key_name,
                               params=dict(fz=_fmt(f), low=_fmt(low), high=_fmt(high), tool=tool.number),
                               **where))
    return out


def check_overload(toolpath: Toolpath, job: Job, removed: np.ndarray) -> list[Finding]:
    """OVERLOAD: a cross-section of cut (removed volume per mm of path) beyond a full slot as deep as
    the table allows for the work material (ap_max = slot_depth·D, so area_max = slot_depth·D²)."""
    table = cutting_table().get(job.stock.material)
    if table is None or not len(removed):
        return []
    moves = toolpath.moves
    lengths = move_lengths(moves)
    out: list[Finding] = []
    seen: set[int] = set()
    candidates = (moves["kind"] != RAPID) & (lengths > 1e-9) & ((moves["flags"] & F_CYCLE) == 0)
    for i in np.flatnonzero(candidates & (removed > 0)):
        m = moves[i]
        tool = job.tool(int(m["tool"]))
        if tool is None or tool.type in DRILLING or tool.type == "tap":
            continue
        area = float(removed[i]) / float(lengths[i])
        limit = table[tool.tool_material]["slot_depth"] * tool.diameter ** 2
        # a plunge or ramp also cuts the cutter's own disc: allow it
        limit += math.pi * tool.radius ** 2 * abs(float(m["end"][2] - m["start"][2])) / float(lengths[i])
        line = int(m["line"])
        if area > limit * 1.05 and line not in seen:
            seen.add(line)
            out.append(Finding("OVERLOAD", WARNING, line=line, file=toolpath.files[int(m["file"])],
                               tool=tool.number, position=tuple(float(v) for v in m["end"]),
                               key="OVERLOAD.section",
                               params=dict(area=_fmt(area), limit=_fmt(limit), tool=tool.number,
                                           depth=_fmt(area / tool.diameter))))
    return out
