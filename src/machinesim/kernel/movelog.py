"""The move log: every move of a toolpath as an analytic sweep primitive, indexed by XY bins.

Each move becomes one or more straight segments of the tool tip (machine coordinates) with the
four numbers of its cutter (`tools.Tool.shape` and friends). Lines are kept exactly; arcs in any
plane (G17/G18/G19, helical or not) become chords with a sagitta of at most `MAX_SAGITTA`, laid
inside the arc, so a milled bore comes out at most 0.2 µm small in diameter. The cutter is solid
above its lower surface (a 3-axis tool comes from above), so every sweep is convex.

The segments are filed in a grid of square XY bins (`BIN_SIZE`) over the stock: a bin lists every
segment whose footprint (the tip's path grown by the tool radius) may reach it, so a ray only
meets the segments of the bins it crosses. Moves without a known tool (T0, a tool missing from
the job) remove nothing and are left out.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

from ..job import Job
from ..toolpath import ARC, Toolpath, arc_angle, arc_points, arc_radius
from .memory import check_bytes
from .stock import BoxStock, CylinderStock, stock_shape

BIN_SIZE = 2.0          # mm, side of an XY bin (wider on a stock so large it would need more than MAX_BINS)
MAX_BINS = 1 << 22      # bins of the index at most: a 200 m stock must not need 10^10 of them
MAX_SAGITTA = 1e-4      # mm, largest gap between an arc and its chords (0.1 µm)
# bytes allocated per segment (ends, source move, cutter and their copies), per bin (counts, starts,
# cursors) and per bin entry (the entry, its sort keys and the probe's reach box), checked by
# tests/kernel/test_memory_estimate.py against the arrays' nbytes
SEGMENT_BYTES = 256
BIN_BYTES = 48
ITEM_BYTES = 128

STOCK_BOX, STOCK_CYLINDER = 0, 1


@dataclass(frozen=True)
class MoveLog:
    """Segments of the tool tip with their cutters, the stock, and the XY bin index.

    `a`, `b` (n, 3): segment ends; `move` (n,): index of the toolpath move it comes from;
    `shape`, `radius`, `corner`, `cot`, `tip` (n,): the cutter (shape code, radius, effective
    corner radius, 1 / tan of the cone's half angle, tip radius). `stock` holds the numbers of
    the stock (box: lo, hi; cylinder: centre x, y, radius, bottom, top, 0), `stock_kind` its code.
    Bins: `origin` (x0, y0), `nbins` (nx, ny), `bin_size`; the segments of bin (i, j) are
    `items[starts[k]:starts[k + 1]]` with k = i * ny + j, deepest tip first.
    """

    a: np.ndarray
    b: np.ndarray
    move: np.ndarray
    shape: np.ndarray
    radius: np.ndarray
    corner: np.ndarray
    cot: np.ndarray
    tip: np.ndarray
    stock_kind: int
    stock: np.ndarray
    origin: np.ndarray
    nbins: np.ndarray
    bin_size: float
    starts: np.ndarray
    items: np.ndarray

    def __len__(self) -> int:
        return len(self.a)


def _stock_numbers(shape) -> tuple[int, np.ndarray]:
    if isinstance(shape, CylinderStock):
        b = shape.base
        return STOCK_CYLINDER, np.array([b[0], b[1], shape.radius, b[2], b[2] + shape.height, 0.0])
    if isinstance(shape, BoxStock):
        return STOCK_BOX, np.array([*shape.lo, *shape.hi], dtype=float)
    raise TypeError(f"unsupported stock shape {type(shape).__name__}")


def segment_count(moves: np.ndarray) -> int:
    """How many segments the moves become (each arc as many chords as `arc_points` makes)."""
    arcs = moves[moves["kind"] == ARC]
    if not len(arcs):
        return len(moves)
    r = arc_radius(arcs)
    with np.errstate(invalid="ignore", divide="ignore"):
        step = np.where(MAX_SAGITTA < r, 2.0 * np.arccos(np.clip(1.0 - MAX_SAGITTA / np.maximum(r, 1e-300), -1, 1)),
                        np.pi / 2)
    chords = np.maximum(2.0, np.ceil(arc_angle(arcs) / np.maximum(step, 1e-9)) + 1.0) - 1.0
    return int(len(moves) - len(arcs) + np.where(r > 0, chords, 1.0).sum())


def _segments(toolpath: Toolpath, job: Job):
    """Segment ends, source move and cutter numbers of every move that has a known tool."""
    moves = toolpath.moves
    numbers = np.unique(moves["tool"])
    table = np.full((len(numbers), 5), np.nan)
    for r, n in enumerate(numbers):
        tool = job.tool(int(n)) if n > 0 else None
        if tool is not None:
            table[r] = (tool.shape, tool.radius, tool.effective_corner_radius,
                        1.0 / math.tan(tool.cone_half_angle), tool.tip_radius)
    cutter = table[np.searchsorted(numbers, moves["tool"])]
    known = ~np.isnan(cutter[:, 0])
    lines = np.flatnonzero(known & (moves["kind"] != ARC))
    a = [moves["start"][lines]]
    b = [moves["end"][lines]]
    src = [lines]
    for i in np.flatnonzero(known & (moves["kind"] == ARC)):
        pts = arc_points(moves[i], MAX_SAGITTA)
        a.append(pts[:-1])
        b.append(pts[1:])
        src.append(np.full(len(pts) - 1, i))
    src = np.concatenate(src).astype(np.int64)
    order = np.argsort(src, kind="stable")      # program order
    a = np.concatenate(a).reshape(-1, 3)[order]
    b = np.concatenate(b).reshape(-1, 3)[order]
    src = src[order]
    return a, b, src, cutter[src].reshape(-1, 5)


@njit(cache=True)
def _seg_bin_reach(ax, ay, bx, by, R, cx, cy, half):
    """True when the footprint of segment (a, b) grown by R may touch the square bin (cx, cy, half)."""
    wx = bx - ax
    wy = by - ay
    w2 = wx * wx + wy * wy
    s = 0.0
    if w2 > 0.0:
        s = min(max(((cx - ax) * wx + (cy - ay) * wy) / w2, 0.0), 1.0)
    dx = cx - (ax + s * wx)
    dy = cy - (ay + s * wy)
    reach = R + half * 1.4142135623730951
    return dx * dx + dy * dy <= reach * reach


@njit(cache=True)
def _file_segments(a, b, radius, zmax_stock, x0, y0, size, nx, ny, counts, items, fill):
    """One pass over the segments: count per bin (`items` empty) or file them (`fill` cursors)."""
    for k in range(a.shape[0]):
        R = radius[k]
        if min(a[k, 2], b[k, 2]) > zmax_stock:
            continue
        i0 = max(int(math.floor((min(a[k, 0], b[k, 0]) - R - x0) / size)), 0)
        i1 = min(int(math.floor((max(a[k, 0], b[k, 0]) + R - x0) / size)), nx - 1)
        j0 = max(int(math.floor((min(a[k, 1], b[k, 1]) - R - y0) / size)), 0)
        j1 = min(int(math.floor((max(a[k, 1], b[k, 1]) + R - y0) / size)), ny - 1)
        for i in range(i0, i1 + 1):
            for j in range(j0, j1 + 1):
                cx = x0 + (i + 0.5) * size
                cy = y0 + (j + 0.5) * size
                if not _seg_bin_reach(a[k, 0], a[k, 1], b[k, 0], b[k, 1], R, cx, cy, 0.5 * size):
                    continue
                c = i * ny + j
                if items.shape[0] == 0:
                    counts[c + 1] += 1
                else:
                    items[fill[c]] = k
                    fill[c] += 1


def _build_bins(a, b, radius, zmax_stock, x0, y0, size, nx, ny, file=""):
    """CSR index of the segments whose footprint reaches each bin (its size checked before it is made)."""
    counts = np.zeros(nx * ny + 1, np.int64)
    none = np.zeros(0, np.int64)
    _file_segments(a, b, radius, zmax_stock, x0, y0, size, nx, ny, counts, none, none)
    starts = np.cumsum(counts)
    check_bytes(int(starts[-1]) * ITEM_BYTES, "program", file)
    items = np.empty(max(int(starts[-1]), 1), np.int64)
    fill = starts[:-1].copy()
    _file_segments(a, b, radius, zmax_stock, x0, y0, size, nx, ny, counts, items, fill)
    items = items[:starts[-1]]
    # deepest first within each bin, so a ray can stop at the first segment above it
    bins = np.repeat(np.arange(nx * ny), np.diff(starts))
    zmin = np.minimum(a[items, 2], b[items, 2])
    return starts, items[np.lexsort((zmin, bins))]


def build_move_log(toolpath: Toolpath, job: Job, bin_size: float = BIN_SIZE) -> MoveLog:
    """The move log of `toolpath` cut in the stock of `job` (machine coordinates)."""
    kind, numbers = _stock_numbers(stock_shape(job, toolpath))
    if kind == STOCK_BOX:
        lo, hi = numbers[:3], numbers[3:]
    else:
        lo = np.array([numbers[0] - numbers[2], numbers[1] - numbers[2], numbers[3]])
        hi = np.array([numbers[0] + numbers[2], numbers[1] + numbers[2], numbers[4]])
    width, depth = float(hi[0] - lo[0]), float(hi[1] - lo[1])
    bin_size = max(bin_size, math.sqrt(width * depth / MAX_BINS))
    nx = max(1, int(math.ceil(width / bin_size)))
    ny = max(1, int(math.ceil(depth / bin_size)))
    check_bytes(segment_count(toolpath.moves) * SEGMENT_BYTES + nx * ny * BIN_BYTES, "program", job.path)
    a, b, src, cutter = _segments(toolpath, job)
    radius = np.ascontiguousarray(cutter[:, 1])
    starts, items = _build_bins(a, b, radius, hi[2], lo[0], lo[1], bin_size, nx, ny, job.path)
    return MoveLog(a=np.ascontiguousarray(a), b=np.ascontiguousarray(b), move=src,
                   shape=cutter[:, 0].astype(np.int64), radius=radius,
                   corner=np.ascontiguousarray(cutter[:, 2]), cot=np.ascontiguousarray(cutter[:, 3]),
                   tip=np.ascontiguousarray(cutter[:, 4]), stock_kind=kind, stock=numbers,
                   origin=np.array([lo[0], lo[1]]), nbins=np.array([nx, ny], np.int64),
                   bin_size=float(bin_size), starts=starts, items=items)
