"""Exact volumes of single moves, for the findings a lattice artefact must never raise.

The lattice counts a move's volume column by column, and where two moves meet (an arc's end and
the retract after it, a wall's correction handed to the move that last lowered a column) a few
columns can be off by far less than a lattice step, yet add up to a "rapid into material" of
0.04 mm³. The move log holds every sweep exactly: here the material present just before move i is
the stock minus the sweeps of the moves before i, probed along vertical rays over move i's
footprint, and what move i's own sweep takes from it is its exact volume (midpoint rule over the
rays, each ray exact to 1e-10 mm).
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit

from ..kernel.movelog import STOCK_BOX, MoveLog, build_move_log
from ..kernel.probe import _stock_span, _subtract, sweep_span
from ..toolpath import RAPID
from .safety import per_move

RAYS = 50_000          # vertical rays per move at most (the spacing grows on large footprints)
CONFIRM_BELOW = 1.0    # mm³: a lattice volume below this may be an artefact; above it, it is not
CONFIRM_COLUMNS = 20.0  # on coarse lattices, also below this many columns' cells 1 mm deep (20 h² mm³)


@njit(cache=True)
def _taken_on_rays(xs, ys, move_index, first_seg, last_seg, a, b, move, shape, radius, corner, cot, tip,
                   stock_kind, stock, x0, y0, size, nx, ny, starts, items):
    """Per vertical ray (xs[r], ys[r]): the length of material present before move `move_index`
    that its segments first_seg..last_seg-1 sweep away.

    Only the stretch of the ray the move's own sweep spans inside the stock can lose anything, so
    the material before it is followed there alone: a ray the move misses costs nothing, and the
    earlier moves whose sweeps lie wholly above that stretch are passed over (deepest first)."""
    cap = a.shape[0] + 2
    rlo = np.empty(cap)
    rhi = np.empty(cap)
    rslo = np.empty(cap, np.int64)
    rshi = np.empty(cap, np.int64)
    out = np.zeros(xs.shape[0])
    for r in range(xs.shape[0]):
        ox = xs[r]
        oy = ys[r]
        t0, t1 = _stock_span(stock_kind, stock, ox, oy, 0.0, 0.0, 0.0, 1.0)
        if not t0 < t1:
            continue
        lo, hi = t1, t0                     # the move's own sweep on this ray, inside the stock
        for k in range(first_seg, last_seg):
            s0, s1 = sweep_span(ox, oy, 0.0, 0.0, 0.0, 1.0, t0, t1, a[k, 0], a[k, 1], a[k, 2],
                                b[k, 0], b[k, 1], b[k, 2], shape[k], radius[k], corner[k], cot[k], tip[k])
            if s0 < s1:
                lo = min(lo, s0)
                hi = max(hi, s1)
        if not lo < hi:
            continue
        rlo[0] = lo
        rhi[0] = hi
        rslo[0] = -1
        rshi[0] = -1
        n = 1
        i = min(max(int(math.floor((ox - x0) / size)), 0), nx - 1)
        j = min(max(int(math.floor((oy - y0) / size)), 0), ny - 1)
        c = i * ny + j
        for p in range(starts[c], starts[c + 1]):
            k = items[p]
            if min(a[k, 2], b[k, 2]) > rhi[n - 1]:
                break                       # deepest first: every later segment is above the material
            if move[k] >= move_index:
                continue
            s0, s1 = sweep_span(ox, oy, 0.0, 0.0, 0.0, 1.0, rlo[0], rhi[n - 1], a[k, 0], a[k, 1], a[k, 2],
                                b[k, 0], b[k, 1], b[k, 2], shape[k], radius[k], corner[k], cot[k], tip[k])
            if s0 < s1:
                n = _subtract(rlo, rhi, rslo, rshi, n, s0, s1, k)
                if n == 0:
                    break
        before = 0.0
        for q in range(n):
            before += rhi[q] - rlo[q]
        for k in range(first_seg, last_seg):
            if n == 0:
                break
            s0, s1 = sweep_span(ox, oy, 0.0, 0.0, 0.0, 1.0, rlo[0], rhi[n - 1], a[k, 0], a[k, 1], a[k, 2],
                                b[k, 0], b[k, 1], b[k, 2], shape[k], radius[k], corner[k], cot[k], tip[k])
            if s0 < s1:
                n = _subtract(rlo, rhi, rslo, rshi, n, s0, s1, k)
        after = 0.0
        for q in range(n):
            after += rhi[q] - rlo[q]
        out[r] = before - after
    return out


def exact_volume(log: MoveLog, i: int, spacing: float) -> float:
    """Volume (mm³) move `i` removes from the material the moves before it left, on vertical rays
    at most `spacing` apart (wider when the footprint would need more than RAYS of them)."""
    segs = np.flatnonzero(log.move == i)
    if not len(segs):
        return 0.0
    first, last = int(segs[0]), int(segs[-1]) + 1        # a move's segments are contiguous
    r = float(log.radius[first])
    lo = np.minimum(log.a[first:last, :2], log.b[first:last, :2]).min(0) - r
    hi = np.maximum(log.a[first:last, :2], log.b[first:last, :2]).max(0) + r
    if log.stock_kind == STOCK_BOX:                      # no material outside the stock's outline
        lo = np.maximum(lo, log.stock[:2])
        hi = np.minimum(hi, log.stock[3:5])
    else:
        lo = np.maximum(lo, log.stock[:2] - log.stock[2])
        hi = np.minimum(hi, log.stock[:2] + log.stock[2])
    if (hi <= lo).any():
        return 0.0
    s = max(spacing, math.sqrt(float(np.prod(hi - lo)) / RAYS))
    gx = lo[0] + s * (np.arange(int(math.ceil((hi[0] - lo[0]) / s))) + 0.5)
    gy = lo[1] + s * (np.arange(int(math.ceil((hi[1] - lo[1]) / s))) + 0.5)
    xs, ys = (np.ascontiguousarray(v.ravel()) for v in np.meshgrid(gx, gy))
    taken = _taken_on_rays(xs, ys, i, first, last, log.a, log.b, log.move, log.shape, log.radius, log.corner,
                           log.cot, log.tip, log.stock_kind, log.stock, float(log.origin[0]),
                           float(log.origin[1]), log.bin_size, int(log.nbins[0]), int(log.nbins[1]),
                           log.starts, log.items)
    return float(taken.sum() * s * s)


def confirmed_removed(toolpath, job, model, log: MoveLog | None = None, cut_eps: float = 1e-3) -> np.ndarray:
    """`model.removed` with the exact volume of the moves whose error rests on a small lattice volume
    (between `cut_eps` and CONFIRM_BELOW, or 20 lattice cells 1 mm deep on a coarse lattice): a rapid, a plunge of a tool that does not cut at its
    centre, and the first cut of each run with the spindle stopped or reversed (the one
    SPINDLE_OFF_CUT is said at). `log`: the move log of the same toolpath and job (built here when
    needed and not given)."""
    moves = toolpath.moves
    removed = np.array(model.removed, float)
    small = (removed > cut_eps) & (removed < max(CONFIRM_BELOW, CONFIRM_COLUMNS * model.h ** 2))
    if not small.any():
        return removed
    d = moves["end"] - moves["start"]
    reach = per_move(toolpath, job, lambda t: -1.0 if t.center_cutting else t.radius, -1.0)
    plunge = (d[:, 2] < -1e-6) & (np.hypot(d[:, 0], d[:, 1]) < reach)
    doubtful = small & ((moves["kind"] == RAPID) | plunge)
    fault = moves["spindle"] <= 0
    started = False                       # the current run of cuts with a faulty spindle is established
    for i in np.flatnonzero(removed > cut_eps):
        if doubtful[i] or (fault[i] and not started and small[i]):
            log = log if log is not None else build_move_log(toolpath, job)
            removed[i] = exact_volume(log, int(i), model.h / 10.0)
        started = bool(fault[i]) and (started or removed[i] > cut_eps)
    return removed
