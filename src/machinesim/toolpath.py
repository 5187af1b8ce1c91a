"""The toolpath: every move of a program as plain numpy records, in machine coordinates.

`start` and `end` are the tool tip (after work offsets and tool length). An arc turns
counter-clockwise about its unit `axis` from `start` to `end` around `center` (the centre at the
start's height along the axis); its angle is in (0, 2π] (a full circle when start and end
coincide in the plane) plus `turns` extra full turns; a helix rises along the axis by the
difference of the ends. Events (dwells, tool changes, stops) sit between moves: `after` is the
number of moves before them. Cycle time follows the machine's rapid, feed and acceleration
limits with a trapezoidal speed profile per move.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .findings import Finding

RAPID, FEED, ARC = 0, 1, 2
KIND_NAMES = ("rapid", "feed", "arc")

# flags
F_TOOL_LENGTH = 1      # G43/G44 in effect
F_CYCLE = 2            # part of a canned cycle
F_COMP = 4             # cutter compensation in effect
F_MACHINE = 8          # G53 or G28/G30 (machine coordinates)
F_INVERSE_TIME = 16    # feed came from G93 (converted to mm/min here)
F_COMP_RIGHT = 32      # with F_COMP: the tool on the right of the contour (G42), else on its left (G41)

MOVE_DTYPE = np.dtype([
    ("kind", "i1"),
    ("line", "i4"),          # 1-based line in its file
    ("file", "i2"),          # index into Toolpath.files (0: the main program)
    ("start", "f8", 3),
    ("end", "f8", 3),
    ("center", "f8", 3),
    ("axis", "f8", 3),
    ("turns", "i4"),
    ("feed", "f8"),          # mm/min (rapids: the machine's rapid rate)
    ("tool", "i4"),          # tool in the spindle, 0 for none
    ("spindle", "f8"),       # rpm, + for M3 (clockwise), - for M4, 0 stopped
    ("coolant", "i1"),       # 0 off, 1 mist M7, 2 flood M8, 3 both
    ("flags", "u2"),
])

DWELL, TOOL_CHANGE, STOP, OPTIONAL_STOP, END = 0, 1, 2, 3, 4
EVENT_NAMES = ("dwell", "tool_change", "stop", "optional_stop", "end")
EVENT_DTYPE = np.dtype([
    ("kind", "i1"),
    ("line", "i4"),
    ("file", "i2"),
    ("after", "i4"),         # number of moves before the event
    ("value", "f8"),         # dwell: seconds; tool_change: the new tool
])


@dataclass(frozen=True)
class Toolpath:
    """An interpreted program: moves, events, the files they came from and what was found."""

    moves: np.ndarray
    events: np.ndarray = field(default_factory=lambda: np.zeros(0, EVENT_DTYPE))
    files: tuple[str, ...] = ("",)
    findings: tuple[Finding, ...] = ()
    lines: int = 0           # number of source lines read

    def __len__(self) -> int:
        return len(self.moves)

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)


def empty_moves(n: int = 0) -> np.ndarray:
    return np.zeros(n, MOVE_DTYPE)


def arc_angle(moves: np.ndarray) -> np.ndarray:
    """Swept angle (radians, > 0) of each arc record, counting full turns."""
    a = np.asarray(moves["axis"], float)
    c = np.asarray(moves["center"], float)
    u = moves["start"] - c
    v = moves["end"] - c
    u = u - (u * a).sum(-1, keepdims=True) * a
    v = v - (v * a).sum(-1, keepdims=True) * a
    cross = (np.cross(u, v) * a).sum(-1)
    dot = (u * v).sum(-1)
    ang = np.arctan2(cross, dot)
    ang = np.where(ang <= 1e-12, ang + 2.0 * np.pi, ang)
    return ang + 2.0 * np.pi * moves["turns"]


def arc_radius(moves: np.ndarray) -> np.ndarray:
    """Radius of each arc record at its start, in the plane normal to its axis."""
    a = np.asarray(moves["axis"], float)
    u = moves["start"] - moves["center"]
    u = u - (u * a).sum(-1, keepdims=True) * a
    return np.linalg.norm(u, axis=-1)


def move_lengths(moves: np.ndarray) -> np.ndarray:
    """Path length of each move (helix length for arcs)."""
    d = np.linalg.norm(moves["end"] - moves["start"], axis=-1)
    arcs = moves["kind"] == ARC
    if arcs.any():
        m = moves[arcs]
        rise = ((m["end"] - m["start"]) * m["axis"]).sum(-1)
        planar = arc_radius(m) * arc_angle(m)
        d = d.copy()
        d[arcs] = np.hypot(planar, rise)
    return d


def arc_points(move: np.void | np.ndarray, max_sagitta: float = 1e-4) -> np.ndarray:
    """Points along one arc record (start and end included) with chords within `max_sagitta` mm."""
    a = np.asarray(move["axis"], float)
    c = np.asarray(move["center"], float)
    s = np.asarray(move["start"], float)
    r = float(arc_radius(np.asarray(move).reshape(1))[0])
    ang = float(arc_angle(np.asarray(move).reshape(1))[0])
    u = s - c
    u = u - np.dot(u, a) * a
    rise = float(np.dot(np.asarray(move["end"], float) - s, a))
    if r <= 0:
        return np.stack([s, np.asarray(move["end"], float)])
    step = 2.0 * math.acos(max(-1.0, 1.0 - max_sagitta / r)) if max_sagitta < r else math.pi / 2
    n = max(2, int(math.ceil(ang / max(step, 1e-9))) + 1)
    t = np.linspace(0.0, 1.0, n)
    e1 = u / r
    e2 = np.cross(a, e1)
    th = ang * t
    base = s - u  # centre at the start's height along the axis
    pts = base + r * (np.cos(th)[:, None] * e1 + np.sin(th)[:, None] * e2) + (rise * t)[:, None] * a
    pts[-1] = np.asarray(move["end"], float)
    return pts


def _trapezoid_time(length: np.ndarray, speed: np.ndarray, accel: float) -> np.ndarray:
    """Time to travel `length` mm from rest to rest at most `speed` mm/s with `accel` mm/s²."""
    t_acc = speed / accel
    d_acc = speed * t_acc  # distance to accelerate and decelerate together
    full = length >= d_acc
    return np.where(full, length / np.maximum(speed, 1e-12) + t_acc, 2.0 * np.sqrt(length / accel))


def move_times(moves: np.ndarray, rapid: float, max_feed: float, accel: float) -> np.ndarray:
    """Seconds per move: a trapezoidal profile from rest to rest, feeds capped at `max_feed`."""
    lengths = move_lengths(moves)
    speed = np.where(moves["kind"] == RAPID, rapid, np.minimum(moves["feed"], max_feed)) / 60.0
    speed = np.maximum(speed, 1e-9)
    return _trapezoid_time(lengths, speed, accel)


def cycle_time(toolpath: Toolpath, rapid: float, max_feed: float, accel: float,
               tool_change_time: float) -> tuple[float, dict[int, float]]:
    """Total cycle time in seconds and the share of each tool (dwells count for the tool in use)."""
    moves = toolpath.moves
    times = move_times(moves, rapid, max_feed, accel) if len(moves) else np.zeros(0)
    per_tool: dict[int, float] = {}
    for tool in np.unique(moves["tool"]):
        per_tool[int(tool)] = float(times[moves["tool"] == tool].sum())
    total = float(times.sum())
    for ev in toolpath.events:
        if ev["kind"] == DWELL:
            total += float(ev["value"])
            i = int(ev["after"]) - 1
            tool = int(moves["tool"][i]) if 0 <= i < len(moves) else 0
            per_tool[tool] = per_tool.get(tool, 0.0) + float(ev["value"])
        elif ev["kind"] == TOOL_CHANGE:
            total += tool_change_time
            tool = int(ev["value"])
            per_tool[tool] = per_tool.get(tool, 0.0) + tool_change_time
    return total, per_tool


def move_record(move: np.void, n: int) -> dict:
    """One move as the contract's JSON object."""
    kind = int(move["kind"])
    out = {"n": n, "line": int(move["line"]), "kind": KIND_NAMES[kind],
           "start": [round(float(v), 6) for v in move["start"]],
           "end": [round(float(v), 6) for v in move["end"]]}
    if kind == ARC:
        out["center"] = [round(float(v), 6) for v in move["center"]]
        out["axis"] = [round(float(v), 12) for v in move["axis"]]
        out["turns"] = int(move["turns"])
    out["feed"] = round(float(move["feed"]), 6)
    out["tool"] = int(move["tool"])
    out["spindle"] = round(float(move["spindle"]), 3)
    return out
