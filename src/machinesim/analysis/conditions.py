"""Cutting conditions: cutting speed Vc, feed per tooth fz, and engagement, against the table.

Vc = π·D·N / 1000 (m/min) is checked once per tool and spindle speed, fz = F / (N·z) (mm/tooth;
drills: f = F/N mm/rev) once per tool, spindle speed and feed, at the first line that cuts with it. The ranges
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
from ..toolpath import F_CYCLE, RAPID, Toolpath, move_lengths, move_times
from .safety import move_finding, per_move

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
    # spindle off is SPINDLE_OFF_CUT's business; taps follow their pitch
    usable = per_move(toolpath, job, lambda t: t.type != "tap", False) & (moves["spindle"] != 0)
    idx = np.flatnonzero(cutting & (moves["kind"] != RAPID) & usable)
    combos = np.stack([moves["tool"][idx], np.abs(moves["spindle"][idx]), moves["feed"][idx]], axis=1)
    _, first = np.unique(combos, axis=0, return_index=True)
    for i in idx[np.sort(first)]:  # the first move of each tool, speed and feed, in program order
        m = moves[i]
        tool = job.tool(int(m["tool"]))
        rpm = abs(float(m["spindle"]))
        ranges = table[tool.tool_material]
        vc = math.pi * tool.diameter * rpm / 1000.0
        low, high = ranges["vc"]
        if not low <= vc <= high and (tool.number, rpm) not in seen:
            seen.add((tool.number, rpm))  # the feed does not change the cutting speed
            out.append(move_finding("CUTTING_SPEED", WARNING, toolpath, i,
                                    key=_speed_key(vc, low, rpm, tool.diameter, job.machine.spindle_max),
                                    vc=_fmt(vc), low=low, high=high, tool=tool.number,
                                    smax=f"{job.machine.spindle_max:.0f}", diameter=f"{tool.diameter:g}"))
        teeth = 1 if tool.type in DRILLING else max(tool.flutes, 1)
        f = float(m["feed"]) / (rpm * teeth)
        low, high = (k * tool.diameter for k in ranges["frev" if tool.type in DRILLING else "fz"])
        key_name = "CHIP_LOAD.drill" if tool.type in DRILLING else "CHIP_LOAD"
        if f < low and low * teeth * rpm > job.machine.max_feed:
            key_name += "_max_feed" if tool.type in DRILLING else ".max_feed"
        if not low <= f <= high:
            out.append(move_finding("CHIP_LOAD", WARNING, toolpath, i, key=key_name, fz=_fmt(f), low=_fmt(low),
                                    high=_fmt(high), tool=tool.number, needed=f"{low * teeth * rpm:.0f}",
                                    fmax=f"{job.machine.max_feed:.0f}"))
    return out


def _speed_key(vc: float, low: float, rpm: float, diameter: float, spindle_max: float) -> str:
    """The CUTTING_SPEED sentence whose advice the machine can follow: raising S stops at its maximum."""
    if vc >= low:
        return ""
    if rpm >= spindle_max * (1.0 - 1e-9):
        return "CUTTING_SPEED.spindle_max"
    if 1000.0 * low / (math.pi * diameter) > spindle_max:
        return "CUTTING_SPEED.up_to_max"
    return ""


def check_overload(toolpath: Toolpath, job: Job, removed: np.ndarray) -> list[Finding]:
    """OVERLOAD: a cross-section of cut (removed volume per mm of path) beyond a full slot as deep as
    the table allows for the work material (ap_max = slot_depth·D, so area_max = slot_depth·D²), or a
    material-removal rate the spindle cannot drive (see `spindle_power`)."""
    table = cutting_table().get(job.stock.material)
    if table is None or not len(removed):
        return []
    moves = toolpath.moves
    lengths = move_lengths(moves)
    out: list[Finding] = []
    seen: set[int] = set()
    milling = per_move(toolpath, job, lambda t: t.type not in DRILLING and t.type != "tap", False)
    candidates = milling & (moves["kind"] != RAPID) & (lengths > 1e-9) & ((moves["flags"] & F_CYCLE) == 0)
    candidates &= removed > 0
    area = np.where(candidates, removed / np.maximum(lengths, 1e-9), 0.0)
    slot = per_move(toolpath, job, lambda t: table[t.tool_material]["slot_depth"] * t.diameter ** 2, 0.0)
    disc = per_move(toolpath, job, lambda t: math.pi * t.radius ** 2, 0.0)
    # a plunge or ramp also cuts the cutter's own disc: allow it
    limit = slot + disc * np.abs(moves["end"][:, 2] - moves["start"][:, 2]) / np.maximum(lengths, 1e-9)
    for i in np.flatnonzero(candidates & (area > limit * 1.05)):
        m = moves[i]
        tool = job.tool(int(m["tool"]))
        area_i, limit_i = float(area[i]), float(limit[i])
        line = int(m["line"])
        if line not in seen:
            seen.add(line)
            out.append(move_finding("OVERLOAD", WARNING, toolpath, i, key="OVERLOAD.section", area=_fmt(area_i),
                                    limit=_fmt(limit_i), tool=tool.number, depth=_fmt(area_i / tool.diameter)))
    return out + check_power(toolpath, job, removed, seen)


def spindle_power(mrr_mm3_per_min: np.ndarray, kc: float) -> np.ndarray:
    """Spindle power (kW) to remove `mrr` mm³/min of a material of specific cutting force `kc` (N/mm²):
    P = Q·kc / (60·10⁶·η) with a spindle efficiency η = 0.8 (the handbooks' usual figure)."""
    return mrr_mm3_per_min * kc / (60e6 * 0.8)


def check_power(toolpath: Toolpath, job: Job, removed: np.ndarray, seen: set[int]) -> list[Finding]:
    """OVERLOAD: a move whose material-removal rate needs more spindle power than `machine.power`."""
    table = cutting_table().get(job.stock.material)
    moves = toolpath.moves
    m_ = job.machine
    times = move_times(moves, m_.rapid, m_.max_feed, m_.accel)
    cutting = (moves["kind"] != RAPID) & (removed > 0) & (times > 0)
    mrr = np.where(cutting, removed / np.maximum(times, 1e-12) * 60.0, 0.0)
    power = spindle_power(mrr, table["kc"])
    out = []
    for i in np.flatnonzero(power > m_.power):
        line = int(moves[i]["line"])
        if line in seen:
            continue
        seen.add(line)
        out.append(move_finding("OVERLOAD", WARNING, toolpath, i, key="OVERLOAD.power",
                                mrr=_fmt(float(mrr[i]) / 1000.0), power=_fmt(float(power[i])),
                                limit=_fmt(m_.power), tool=int(moves[i]["tool"])))
    return out
