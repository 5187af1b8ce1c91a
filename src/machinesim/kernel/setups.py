"""The material through several setups: the part turned over, on its side or end up between programs.

A setup is a rigid placement of the part on the machine: machine = R · part + shift, R a rotation
by multiples of 90° (an exact integer matrix), the part frame being the drawing's. Each setup's
moves stay in its own machine frame with its own move log; the remaining material is the stock
minus the sweeps of every setup, so a ray asked in any frame is taken into each setup's frame
(rotations keep lengths, so the distance t along the ray is the same everywhere) and the material
intervals each setup's probe sees are intersected (`SetupProbe`). Measuring, walls and the mesh
stay exact to the probe's 1e-10 mm whatever the setups.

At a setup change the lattice of the new frame is re-sampled from that exact probe: one vertical
ray per column, which may cross the part several times (a hole drilled from the top, the part
now on its side), so a column holds as many intervals as the ray found. A tool comes from above,
so each interval is lowered on its own by the same sweep (`[b, t]` minus everything above the
sweep's lowest point): the removal kernel runs once per layer of intervals, unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from numba import njit

from ..job import Job
from ..toolpath import ARC, RAPID, Toolpath, arc_angle, arc_radius
from .memory import lattice_size
from .model import Model
from .probe import MIN_LENGTH
from .removal import PROGRESS_EVERY, remove_moves, tool_table
from .stock import BoxStock
from .walls import wall_corrections

ABSENT = -1e30     # bottom and top of an unused layer: below everything, so no sweep lowers it


def rotation(degrees: tuple[float, float, float]) -> np.ndarray:
    """Exact integer matrix of the rotations about X, then Y, then Z (fixed axes), multiples of 90°."""
    def quarter(turns: int, axis: int) -> np.ndarray:
        c, s = (1, 0, -1, 0)[turns % 4], (0, 1, 0, -1)[turns % 4]
        i, j = [k for k in range(3) if k != axis]
        m = np.eye(3, dtype=np.int64)
        m[i, i], m[i, j], m[j, i], m[j, j] = c, -s, s, c
        return m
    rx, ry, rz = (quarter(int(round(d / 90.0)), axis) for axis, d in enumerate(degrees))
    return rz @ ry @ rx


@dataclass(frozen=True, eq=False)
class Placement:
    """Where a setup holds the part: machine point = rotation @ part point + shift."""

    rotation: np.ndarray      # (3, 3) integers, orthonormal
    shift: np.ndarray         # (3,) mm

    def to_machine(self, points) -> np.ndarray:
        return np.asarray(points, float) @ self.rotation.T + self.shift

    def to_part(self, points) -> np.ndarray:
        return (np.asarray(points, float) - self.shift) @ self.rotation

    def into(self, other: "Placement") -> tuple[np.ndarray, np.ndarray]:
        """(A, b): a machine point p of this setup is A @ p + b in `other`'s machine frame."""
        a = other.rotation @ self.rotation.T
        return a.astype(float), other.shift - a @ self.shift


@njit(cache=True)
def intersect_csr(off1, iv1, src1, off2, iv2, src2):
    """Ray by ray, the intersection of two sorted sets of intervals (CSR as `cast_many` gives them),
    keeping for each end the source of the set that made it (ties: the first set); pieces shorter
    than the probe's MIN_LENGTH are numerical slivers and dropped."""
    n = off1.shape[0] - 1
    cap = iv1.shape[0] + iv2.shape[0] + 1
    out = np.empty((cap, 2))
    src = np.empty((cap, 2), np.int64)
    offsets = np.zeros(n + 1, np.int64)
    m = 0
    for r in range(n):
        p = off1[r]
        q = off2[r]
        while p < off1[r + 1] and q < off2[r + 1]:
            lo1 = iv1[p, 0]
            lo2 = iv2[q, 0]
            hi1 = iv1[p, 1]
            hi2 = iv2[q, 1]
            lo = lo1 if lo1 >= lo2 else lo2
            hi = hi1 if hi1 <= hi2 else hi2
            if hi - lo >= MIN_LENGTH:
                out[m, 0] = lo
                out[m, 1] = hi
                src[m, 0] = src1[p, 0] if lo1 >= lo2 else src2[q, 0]
                src[m, 1] = src1[p, 1] if hi1 <= hi2 else src2[q, 1]
                m += 1
            if hi1 <= hi2:
                p += 1
            else:
                q += 1
        offsets[r + 1] = m
    return offsets, out[:m], src[:m]


def intersect_reference(a: list, b: list) -> list:
    """Plain-Python `intersect_csr` for one ray: lists of (lo, hi) sorted, disjoint."""
    out = []
    for lo1, hi1 in a:
        for lo2, hi2 in b:
            lo, hi = max(lo1, lo2), min(hi1, hi2)
            if hi - lo >= MIN_LENGTH:
                out.append((lo, hi))
    return sorted(out)


@dataclass(frozen=True)
class Outline:
    """What the mesh reads of a probe's stock: a box (kind 0) with lo, hi in the probe's frame."""

    stock_kind: int
    stock: np.ndarray


class SetupProbe:
    """Exact rays on the part after several setups, asked in the machine frame of one of them.

    `parts`: per setup so far, its `Probe` (its moves, the stock in its frame) and (A, b) taking
    a point of the asking frame into that setup's; `first_move`: each setup's first move number
    in the moves of all setups end to end (what `cuts` names). Same methods as `Probe`.
    """

    def __init__(self, parts, first_move, outline: Outline):
        self.parts = tuple(parts)
        self.first_move = tuple(int(f) for f in first_move)
        self.log = outline

    def _cast(self, origins, directions, limits=None):
        o = np.asarray(origins, float).reshape(-1, 3)
        d = np.asarray(directions, float).reshape(-1, 3)
        o, d = np.broadcast_arrays(o, d)
        result = None
        for (probe, (a, b)), first in zip(self.parts, self.first_move):
            off, iv, seg = probe._cast(o @ a.T + b, d @ a.T, limits)
            named = probe.log.move[np.maximum(seg, 0)] + first if len(probe.log.move) else -1
            moves = np.where(seg >= 0, named, -1)
            result = (off, iv, moves) if result is None else intersect_csr(*result, off, iv, moves)
        return result

    def intervals(self, origin, direction) -> np.ndarray:
        return self._cast(origin, direction)[1]

    def cuts(self, origin, direction) -> tuple[np.ndarray, np.ndarray]:
        """`intervals` and, per end, the move (numbered over all setups) that made it, -1: the stock."""
        _, iv, moves = self._cast(origin, direction)
        return iv, moves

    def intervals_flat(self, origins, directions, limits=None) -> tuple[np.ndarray, np.ndarray]:
        offsets, iv, _ = self._cast(origins, directions, limits)
        return offsets, iv

    def intervals_many(self, origins, directions) -> list[np.ndarray]:
        offsets, iv = self.intervals_flat(origins, directions)
        return [iv[offsets[r]:offsets[r + 1]] for r in range(len(offsets) - 1)]

    def contains(self, points) -> np.ndarray:
        p = np.asarray(points, float)
        flat = p.reshape(-1, 3)
        inside = np.ones(len(flat), bool)
        for probe, (a, b) in self.parts:
            inside &= probe.contains(flat @ a.T + b)
        return inside.reshape(p.shape[:-1] if p.ndim > 1 else ())


def columns_from_probe(probe, x: np.ndarray, y: np.ndarray):
    """Material intervals of vertical rays at each (x, y) (1-D, same length): bottoms and tops
    (L, n), unused layers at ABSENT, and the count per ray."""
    origins = np.column_stack([x, y, np.zeros(len(x))])
    offsets, iv = probe.intervals_flat(origins, (0.0, 0.0, 1.0))
    counts = np.diff(offsets)
    layers = max(1, int(counts.max(initial=0)))
    bottom = np.full((layers, len(x)), ABSENT)
    top = np.full((layers, len(x)), ABSENT)
    ray = np.repeat(np.arange(len(counts)), counts)
    layer = np.arange(len(iv)) - offsets[ray]
    bottom[layer, ray] = iv[:, 0]
    top[layer, ray] = iv[:, 1]
    return bottom, top, counts.astype(np.int8)


class Part:
    """The part as a later setup receives it: its outline in this frame, probed column by column.

    Has the shape of a `StockShape` (lo, hi, volume, cell_area) so the Model can keep it as its stock.
    """

    def __init__(self, lo, hi, volume: float):
        self.lo = tuple(float(v) for v in lo)
        self.hi = tuple(float(v) for v in hi)
        self.volume = float(volume)

    def cell_area(self, x, y, h):
        return BoxStock(self.lo, self.hi).cell_area(x, y, h)


def material_box(probe, lattice: "Lattice", levels: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """The box of the material left: in Z from the column ends (exact), in X and Y from exact rays
    along X through every lattice row and along Y through every column, at `levels` heights. Its
    faces are the part's: the `depth` and `height` instruments' default reference faces."""
    present = np.arange(lattice.bottom.shape[0])[:, None, None] < lattice.count[None]
    if not present.any():
        z = np.array([lattice.bottom.min(), lattice.bottom.min()])
        return np.array([lattice.x0, lattice.y0, z[0]]), np.array([lattice.x0, lattice.y0, z[1]])
    zlo, zhi = float(lattice.bottom[present].min()), float(lattice.top[present].max())
    z = zlo + (zhi - zlo) * (np.arange(levels) + 0.5) / levels
    ny, nx = lattice.count.shape
    lo, hi = np.full(3, np.inf), np.full(3, -np.inf)
    lo[2], hi[2] = zlo, zhi
    for axis, other in ((0, lattice.y0 + lattice.h * np.arange(ny)), (1, lattice.x0 + lattice.h * np.arange(nx))):
        across, height = (g.ravel() for g in np.meshgrid(other, z))
        origins = np.zeros((len(across), 3))
        origins[:, 1 - axis], origins[:, 2] = across, height
        origins[:, axis] = (lattice.x0, lattice.y0)[axis]
        direction = np.zeros(3)
        direction[axis] = 1.0
        offsets, iv = probe.intervals_flat(origins, direction)
        if len(iv):
            lo[axis] = (lattice.x0, lattice.y0)[axis] + iv[:, 0].min()
            hi[axis] = (lattice.x0, lattice.y0)[axis] + iv[:, 1].max()
    return lo, hi


@dataclass(frozen=True, eq=False)
class Lattice:
    """Z columns sampled from an exact probe: column (j, i) at (x0 + i h, y0 + j h), its
    intervals (layers, ny, nx) bottom and top (ABSENT where unused), count (ny, nx)."""

    x0: float
    y0: float
    h: float
    bottom: np.ndarray
    top: np.ndarray
    count: np.ndarray


def sample_lattice(probe, lo, hi, h: float) -> Lattice:
    """The lattice of spacing h over the XY box (lo, hi), each column probed vertically: the cost
    of a setup change (one exact ray per column)."""
    nx, ny = lattice_size(hi[0] - lo[0], hi[1] - lo[1], h)
    x = lo[0] + h * np.arange(nx)
    y = lo[1] + h * np.arange(ny)
    X, Y = np.meshgrid(x, y)
    b, t, count = columns_from_probe(probe, X.ravel(), Y.ravel())
    layers = b.shape[0]
    # a column with no material stands on the part's lowest face, as a through hole does in one
    # setup: the walls beside it are then found exactly (walls.py)
    b[0, count == 0] = t[0, count == 0] = lo[2]
    return Lattice(float(lo[0]), float(lo[1]), h, np.ascontiguousarray(b.reshape(layers, ny, nx)),
                   np.ascontiguousarray(t.reshape(layers, ny, nx)), count.reshape(ny, nx))


def cut_setup(toolpath: Toolpath, job: Job, lattice: Lattice, outline: Part, before, probe_for: Callable[[], object],
              progress=None) -> Model:
    """Cut a part already machined in earlier setups, its columns `lattice` sampled from `before`
    (the exact probe of the material as it arrives) in this setup's machine frame; `outline` its
    box here; `probe_for()` the exact probe of the material after this setup (for the walls).

    Walls are counted exactly before and after the cut, so the setup's removed volume is exact as
    in one setup; the change at walls that no move of this setup made (a pocket of an earlier
    setup beside a face milled now) is shared among the moves in proportion to what they cut.
    """
    h = lattice.h
    bottom, top, count = lattice.bottom, lattice.top.copy(), lattice.count.copy()
    layers, ny, nx = bottom.shape
    lo = (lattice.x0, lattice.y0)
    x = lo[0] + h * np.arange(nx)
    y = lo[1] + h * np.arange(ny)
    count0 = count.copy()
    area = outline.cell_area(x[None, :], y[:, None], h)
    initial = np.take_along_axis(top, np.maximum(count - 1, 0)[None].astype(np.int64), 0)[0]
    # walls are counted exactly between columns of one interval (walls.py reads layer 0 only)
    single = np.where(count0 <= 1, initial, np.nan)
    arrived = dict(x0=lattice.x0, y0=lattice.y0, h=h, top=np.where(top == ABSENT, bottom, top), bottom=bottom,
                   count=count0, last_move=np.zeros((ny, nx), np.int32), initial=single, cell_area=area)
    before_correction, _ = wall_corrections(arrived, lambda: before, 1)   # walls.py counts walls of a move
    moves = toolpath.moves
    n = len(moves)
    removed = np.zeros(n)
    depth = np.zeros(n)
    last = np.full((layers, ny, nx), -1, np.int32)
    if n:
        per_move, tshape, tR, trc, tcot, trt = tool_table(moves, job)
        arcs = moves["kind"] == ARC
        ang = np.zeros(n)
        rad = np.zeros(n)
        if arcs.any():
            ang[arcs] = arc_angle(moves[arcs])
            rad[arcs] = arc_radius(moves[arcs])
        data = [np.ascontiguousarray(moves[k], float) if k != "kind" else np.ascontiguousarray(moves[k])
                for k in ("kind", "start", "end", "center", "axis")]
        layer_count = [np.ascontiguousarray((count > k).astype(np.int8)) for k in range(layers)]
        for first in range(0, n, PROGRESS_EVERY):
            stop = min(n, first + PROGRESS_EVERY)
            for k in range(layers):
                r = np.zeros(n)
                d = np.zeros(n)
                base = float(bottom[k][layer_count[k] > 0].max(initial=ABSENT))
                remove_moves(first, stop, *data, ang, rad, per_move, tshape, tR, trc, tcot, trt, lo[0], lo[1], h,
                             base, bottom[k], top[k], layer_count[k], last[k], area, r, d)
                removed += r
                depth = np.maximum(depth, d)
            if progress is not None:
                progress(stop, n)
        count = np.sum(layer_count, axis=0).astype(np.int8)   # a tool from above empties layers from the top
    last_move = last.max(0)
    top = np.where(top == ABSENT, bottom, top)
    fields = dict(x0=float(lo[0]), y0=float(lo[1]), h=h, bottom=bottom, top=top, count=count,
                  last_move=last_move, initial=initial, cell_area=area)
    # walls at columns no move of this setup lowered go to an extra slot n (walls.py counts only a move's)
    walls = dict(fields, initial=single, last_move=np.where(last_move < 0, n, last_move))
    correction, per_move = wall_corrections(walls, probe_for, n + 1)
    per_move = per_move[:n]
    removed += per_move
    rest = before_correction - correction - per_move.sum()
    if n and removed.sum() > 0:
        removed += rest * removed / removed.sum()
    return Model(**fields, removed=removed, depth=depth,
                 rapid_cut=(moves["kind"] == RAPID) & (removed > 0.0), stock=outline, volume_correction=correction)
