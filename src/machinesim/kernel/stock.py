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
from ..toolpath import ARC, RAPID, Toolpath, arc_radius, empty_moves

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


def _auto_box(job: Job, toolpath: Toolpath) -> BoxStock:
    """The bounding box of the cutting moves' tool tips, widened by the tool radius in XY and by
    the job's margin on every side (arcs: their full circle)."""
    moves = toolpath.moves[toolpath.moves["kind"] != RAPID]
    if len(moves) == 0:
        return BoxStock((0.0, 0.0, -1.0), (0.0, 0.0, 0.0))
    pts = np.concatenate([moves["start"], moves["end"]])
    radius = np.array([(job.tool(int(t)).radius if job.tool(int(t)) else 0.0) for t in moves["tool"]])
    grow = np.concatenate([radius, radius])
    arcs = moves["kind"] == ARC
    if arcs.any():
        r = arc_radius(moves[arcs])
        c = moves[arcs]["center"]
        pts = np.concatenate([pts, c - r[:, None], c + r[:, None]])
        grow = np.concatenate([grow, radius[arcs], radius[arcs]])
    m = job.stock.margin
    lo = pts.min(0) - m
    hi = pts.max(0) + m
    lo[:2] = (pts[:, :2] - grow[:, None]).min(0) - m
    hi[:2] = (pts[:, :2] + grow[:, None]).max(0) + m
    return BoxStock(tuple(float(v) for v in lo), tuple(float(v) for v in hi))


def stock_shape(job: Job, toolpath: Toolpath | None = None) -> StockShape:
    """The job's stock in machine coordinates (`auto` needs the toolpath)."""
    st = job.stock
    if st.kind == "cylinder":
        return CylinderStock(job.to_machine(st.base, st.frame), st.diameter / 2.0, st.height)
    if st.kind == "auto":
        return _auto_box(job, toolpath if toolpath is not None else Toolpath(empty_moves()))
    lo, hi = job.stock_box_machine
    return BoxStock(tuple(map(float, lo)), tuple(map(float, hi)))

