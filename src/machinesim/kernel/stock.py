"""Stocks as the kernel sees them: the initial material of each Z column and point membership.

Every stock shape answers the same three questions (the `StockShape` protocol), so a new shape
(a casting, a part from a previous setup) joins by implementing them. Machine coordinates.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..job import Job
from ..toolpath import ARC, RAPID, Toolpath, arc_angle, empty_moves

EDGE = 1e-9   # mm: a lattice line this close outside a stock's edge counts as on it (rounding of x0 + i·h)


class StockShape(Protocol):
    """What the kernel needs of a stock."""

    lo: tuple[float, float, float]      # bounding box, machine coordinates
    hi: tuple[float, float, float]

    def columns(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(bottom, top, present) of the Z column at each (x, y), arrays broadcast together."""
        ...

    def contains(self, points: np.ndarray) -> np.ndarray:
        """True where a point (..., 3) lies in the stock (boundary included)."""
        ...

    def cell_area(self, x: np.ndarray, y: np.ndarray, h: float) -> np.ndarray:
        """Area (mm²) of the stock's XY outline that the column at each (x, y) stands for in volumes
        (0 for columns outside); the areas of the columns add up to the outline's area."""
        ...

    @property
    def volume(self) -> float:
        """Exact volume, mm³."""
        ...


@dataclass(frozen=True)
class BoxStock:
    lo: tuple[float, float, float]
    hi: tuple[float, float, float]
    assumed: bool = False       # True: worked out from the program (`stock.auto`), not given by the job

    def columns(self, x, y):
        x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
        present = ((x >= self.lo[0] - EDGE) & (x <= self.hi[0] + EDGE)
                   & (y >= self.lo[1] - EDGE) & (y <= self.hi[1] + EDGE))
        return np.full(x.shape, self.lo[2]), np.full(x.shape, self.hi[2]), present

    def cell_area(self, x, y, h):
        """The box's XY rectangle shared exactly among the columns inside it: each takes its cell,
        clipped at the box's edges, and the outermost ones also the strip up to the edge."""
        x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))

        def width(v, lo, hi):
            low = np.where(v - h < lo - EDGE, lo, v - h / 2)
            high = np.where(v + h > hi + EDGE, hi, v + h / 2)
            return np.clip(high - low, 0.0, None) * ((v >= lo - EDGE) & (v <= hi + EDGE))
        return width(x, self.lo[0], self.hi[0]) * width(y, self.lo[1], self.hi[1])

    def contains(self, points):
        p = np.asarray(points, float)
        return np.all((p >= np.asarray(self.lo)) & (p <= np.asarray(self.hi)), axis=-1)

    @property
    def volume(self) -> float:
        return float(np.prod(np.subtract(self.hi, self.lo)))


@dataclass(frozen=True)
class CylinderStock:
    """A round bar standing along +Z from `base` (the centre of its bottom face)."""

    base: tuple[float, float, float]
    radius: float
    height: float

    @property
    def lo(self) -> tuple[float, float, float]:
        b = self.base
        return (b[0] - self.radius, b[1] - self.radius, b[2])

    @property
    def hi(self) -> tuple[float, float, float]:
        b = self.base
        return (b[0] + self.radius, b[1] + self.radius, b[2] + self.height)

    def columns(self, x, y):
        x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
        present = np.hypot(x - self.base[0], y - self.base[1]) <= self.radius + EDGE
        return np.full(x.shape, self.base[2]), np.full(x.shape, self.base[2] + self.height), present

    def cell_area(self, x, y, h):
        """h² for the columns inside the circle: the lattice count of a disc has no bias, its error
        (a few cells along the rim) stays far below 0.1 % for bars of a few millimetres and more."""
        x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
        return np.where(np.hypot(x - self.base[0], y - self.base[1]) <= self.radius + EDGE, h * h, 0.0)

    def contains(self, points):
        p = np.asarray(points, float)
        z = p[..., 2]
        return ((np.hypot(p[..., 0] - self.base[0], p[..., 1] - self.base[1]) <= self.radius)
                & (z >= self.base[2]) & (z <= self.base[2] + self.height))

    @property
    def volume(self) -> float:
        return math.pi * self.radius ** 2 * self.height


def arc_extents(arcs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(lo, hi) (n, 3) of the points each arc record really passes through, in any plane.

    Per axis, the circle's extreme lies at the angle atan2(e2, e1) (its minimum half a turn on): it
    counts only when the arc sweeps over it. A helix's rise is added as a range, which is exact for
    an arc about X, Y or Z (G17/G18/G19: the rise moves no coordinate across the axis) and a bound
    for a tilted one.
    """
    a = np.asarray(arcs["axis"], float)
    s = np.asarray(arcs["start"], float)
    e = np.asarray(arcs["end"], float)
    u = s - arcs["center"]
    u = u - (u * a).sum(-1, keepdims=True) * a
    r = np.linalg.norm(u, axis=-1)
    e1 = u / np.maximum(r, 1e-300)[:, None]
    e2 = np.cross(a, e1)
    sweep = arc_angle(arcs)
    rise = ((e - s) * a).sum(-1)
    # a tilted helix can pass beyond both ends along an axis even where its circle has no extreme
    tilted = (np.abs(a) > 1e-12).sum(-1) > 1
    pad = np.where(tilted[:, None], np.abs(rise[:, None] * a), 0.0)
    lo = np.minimum(s, e) - pad
    hi = np.maximum(s, e) + pad
    for k in range(3):
        phase = np.arctan2(e2[:, k], e1[:, k]) % (2.0 * np.pi)
        for phi in (phase, (phase + np.pi) % (2.0 * np.pi)):
            inside = (phi <= sweep) & (r > 0.0)
            p = s - u + r[:, None] * (np.cos(phi)[:, None] * e1 + np.sin(phi)[:, None] * e2)
            lo = np.where(inside[:, None], np.minimum(lo, p + np.minimum(rise[:, None] * a, 0.0)), lo)
            hi = np.where(inside[:, None], np.maximum(hi, p + np.maximum(rise[:, None] * a, 0.0)), hi)
    return lo, hi


def auto_top(cutting: np.ndarray, lowest: np.ndarray, zero: float) -> float:
    """The top of an assumed stock (machine Z) from the program's habits.

    Programs are zeroed on the top of the part: when the tool cuts down to the work zero or below,
    the top is there, so the approach (`G0 Z2.`) and the feed down to the first depth stay in the
    air (and a pen drawing at Z0 removes nothing). A program that never goes down to its zero (zeroed on the vice or the table) puts the top one
    step above its highest level of cut (the step between its two highest levels), or where its
    plunges start when it cuts at one level only. `lowest`: each move's lowest tip Z.
    """
    if lowest.min() <= zero + 1e-9:
        return zero
    level = (cutting["start"][:, 2] == cutting["end"][:, 2]) & (
        np.hypot(*(cutting["end"][:, :2] - cutting["start"][:, :2]).T) > 0.0)
    levels = np.unique(np.round(cutting["start"][level, 2], 6))[::-1]
    if len(levels) >= 2:
        return float(2.0 * levels[0] - levels[1])
    down = cutting["end"][:, 2] < cutting["start"][:, 2]
    if down.any():
        return float(cutting["start"][down, 2].min())
    return float(cutting["start"][:, 2].max())


def _auto_box(job: Job, toolpath: Toolpath) -> BoxStock:
    """The block a program was written for, from where its tool really cuts: the feed and arc moves
    below the top (`auto_top`), each arc by the points it passes through, widened by the tool
    radius in XY and by the job's margin on the sides and below."""
    moves = toolpath.moves[toolpath.moves["kind"] != RAPID]
    zero = job.to_machine((0.0, 0.0, 0.0), job.stock.frame)
    if len(moves) == 0:
        return BoxStock((zero[0], zero[1], zero[2] - 1.0), zero, assumed=True)
    lo = np.minimum(moves["start"], moves["end"])
    hi = np.maximum(moves["start"], moves["end"])
    arcs = moves["kind"] == ARC
    if arcs.any():
        lo[arcs], hi[arcs] = arc_extents(moves[arcs])
    top = auto_top(moves, lo[:, 2], zero[2])
    below = lo[:, 2] < top - 1e-9               # a feed move in the air above the block is no cut
    if below.any():
        moves, lo, hi = moves[below], lo[below], hi[below]
    numbers = np.unique(moves["tool"])
    radii = np.array([(t.radius if (t := job.tool(int(n))) is not None else 0.0) for n in numbers])
    radius = radii[np.searchsorted(numbers, moves["tool"])]
    m = job.stock.margin
    low = (*(lo[:, :2] - radius[:, None]).min(0) - m, lo[:, 2].min() - m)
    high = (*(hi[:, :2] + radius[:, None]).max(0) + m, top)
    return BoxStock(tuple(float(v) for v in low), tuple(float(v) for v in high), assumed=True)


def stock_shape(job: Job, toolpath: Toolpath | None = None) -> StockShape:
    """The job's stock in machine coordinates (`auto` needs the toolpath)."""
    st = job.stock
    if st.kind == "cylinder":
        return CylinderStock(job.to_machine(st.base, st.frame), st.diameter / 2.0, st.height)
    if st.kind == "auto":
        return _auto_box(job, toolpath if toolpath is not None else Toolpath(empty_moves()))
    lo, hi = job.stock_box_machine
    return BoxStock(tuple(map(float, lo)), tuple(map(float, hi)))

