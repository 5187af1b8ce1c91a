"""Material removal: every move, in program order, lowers the columns of its footprint.

A move visits only the lattice rows its footprint crosses and, on each row, only the X span of
the footprint (a stadium for a line, an annulus sector for an arc), then lowers each column's top
to the lowest point of the sweep there (sweep.py). Lowering is what matters for a tool coming
from above: a sweep that starts inside the material also lowers the top. Differences below
`LOWER_EPS` are ignored so that a tool grazing a face exactly does not count as cutting.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np
from numba import njit

from ..job import Job
from ..toolpath import ARC, RAPID, Toolpath, arc_angle, arc_radius
from ..tools import SHAPE_BALL, SHAPE_FLAT
from .memory import check_memory, lattice_size
from .model import Model
from .probe import Probe
from .stock import stock_shape
from .sweep import (MAX_SAGITTA, TWO_PI, _angle_in_arc, arc_row_span, flat_helix_lowest, line_lowest,
                    line_row_span, line_setup, planar_arc_lowest, profile)
from .walls import wall_corrections

LOWER_EPS = 1e-9        # mm: a column is lowered only when the sweep goes deeper than this
# The few lines that lower a column stand inline in each loop below on purpose: moved into a helper
# returning (volume, depth), the loops ran 13 times slower (bench_kernel, 6 -> 80 ns per column).
PROGRESS_EVERY = 4096   # moves between progress calls
AXIS_Z = 1.0 - 1e-12    # |axis·Z| above this: an arc about ±Z (G17)
END_GAP = 1e-9          # mm: an arc's programmed end this far off its circle's end is swept to


@njit(cache=True, inline="always")
def _line_rows(m, ax, ay, az, bx, by, bz, shape, R, rc, cot, rt, x0, y0, h, base, bottom, top, count, last_move,
               area):
    """The row and column loops of a line sweep (inlined per tool shape so each gets its own code)."""
    ny, nx = top.shape
    ux, uy, s, k, ball_t, ball_h, cone_t = line_setup(ax, ay, az, bx, by, bz, cot)
    dz = bz - az
    zfloor = min(az, bz) + LOWER_EPS
    j0 = max(0, int(math.ceil((min(ay, by) - R - y0) / h - 1e-9)))
    j1 = min(ny - 1, int(math.floor((max(ay, by) + R - y0) / h + 1e-9)))
    removed = 0.0
    deepest = 0.0
    xmin = min(ax, bx)
    xmax = max(ax, bx)
    ylo = min(ay, by)
    yhi = max(ay, by)
    level_flat = shape == SHAPE_FLAT and dz == 0.0
    above = zfloor > base                 # the sweep stays above every column's bottom
    for j in range(j0, j1 + 1):
        y = y0 + j * h
        xlo, xhi = line_row_span(y, ax, ay, bx, by, ux, uy, s, R)
        if xlo > xhi:
            continue
        i0 = max(0, int(math.ceil((xlo - x0) / h - 1e-9)))
        i1 = min(nx - 1, int(math.floor((xhi - x0) / h + 1e-9)))
        if level_flat and above:          # a flat end at one height above every column's bottom
            highest = -math.inf
            for i in range(i0, i1 + 1):
                t = top[j, i]
                if t > zfloor:
                    top[j, i] = az
                    last_move[j, i] = m
                    removed += (t - az) * area[j, i]
                    highest = max(highest, t)
            deepest = max(deepest, highest - az)
            continue
        if level_flat:                    # the same, down to the columns' bottoms
            for i in range(i0, i1 + 1):
                t = top[j, i]
                if t > zfloor and count[j, i] > 0:
                    b = bottom[j, i]
                    new = az if az > b else b
                    top[j, i] = new
                    last_move[j, i] = m
                    if new <= b:
                        count[j, i] = 0
                    removed += (t - new) * area[j, i]
                    deepest = max(deepest, t - az)
            continue
        # no point of this row is nearer the tool axis than the row is to the path's Y range
        dy = max(ylo - y, y - yhi, 0.0)
        zrow = zfloor + profile(shape, R, rc, cot, rt, min(dy, R))
        reach2 = R * R - dy * dy
        for i in range(i0, i1 + 1):
            t = top[j, i]
            if t <= zrow:                 # the sweep never goes below the column's top
                continue
            if shape == SHAPE_BALL:       # the same bound from the path's XY box, without a square root
                xx = x0 + i * h
                dx = max(xmin - xx, xx - xmax, 0.0)
                rest = R - (t - zfloor)
                if rest >= 0.0 and rest * rest >= reach2 - dx * dx:
                    continue
            zl = line_lowest(x0 + i * h, y, ax, ay, az, dz, ux, uy, s, k, ball_t, ball_h, cone_t, shape, R, rc,
                             cot, rt)
            if zl < t - LOWER_EPS:
                if above:                 # no column's bottom is in reach
                    top[j, i] = zl
                    last_move[j, i] = m
                    removed += (t - zl) * area[j, i]
                    deepest = max(deepest, t - zl)
                elif count[j, i] > 0:
                    b = bottom[j, i]
                    new = zl if zl > b else b
                    top[j, i] = new
                    last_move[j, i] = m
                    if new <= b:
                        count[j, i] = 0
                    removed += (t - new) * area[j, i]
                    deepest = max(deepest, t - zl)
    return removed, deepest


@njit(cache=True)
def _cut_line(m, ax, ay, az, bx, by, bz, shape, R, rc, cot, rt, x0, y0, h, base, bottom, top, count, last_move,
              area):
    """Lower the columns under a line sweep; returns the volume removed and the depth of cut."""
    if shape == SHAPE_BALL:
        return _line_rows(m, ax, ay, az, bx, by, bz, SHAPE_BALL, R, rc, cot, rt, x0, y0, h, base, bottom, top,
                          count, last_move, area)
    if shape == SHAPE_FLAT:
        return _line_rows(m, ax, ay, az, bx, by, bz, SHAPE_FLAT, R, rc, cot, rt, x0, y0, h, base, bottom, top,
                          count, last_move, area)
    return _line_rows(m, ax, ay, az, bx, by, bz, shape, R, rc, cot, rt, x0, y0, h, base, bottom, top, count,
                      last_move, area)


@njit(cache=True)
def _cut_arc_z(m, cx, cy, z0, dz, r, ang, e1x, e1y, e2x, e2y, shape, R, rc, cot, rt, x0, y0, h,
               bottom, top, count, last_move, area):
    """Lower the columns under an arc about ±Z, planar (any tool) or helical (flat tool); returns the
    volume removed and the depth of cut."""
    ny, nx = top.shape
    c = math.cos(ang)
    sn = math.sin(ang)
    bxlo = min(cx + r * e1x, cx + r * (c * e1x + sn * e2x))
    bxhi = max(cx + r * e1x, cx + r * (c * e1x + sn * e2x))
    bylo = min(cy + r * e1y, cy + r * (c * e1y + sn * e2y))
    byhi = max(cy + r * e1y, cy + r * (c * e1y + sn * e2y))
    for ddx, ddy in ((1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (0.0, -1.0)):
        if ang >= TWO_PI or _angle_in_arc(ddx, ddy, e1x, e1y, e2x, e2y) <= ang:
            bxlo = min(bxlo, cx + r * ddx)
            bxhi = max(bxhi, cx + r * ddx)
            bylo = min(bylo, cy + r * ddy)
            byhi = max(byhi, cy + r * ddy)
    zfloor = min(z0, z0 + dz)
    j0 = max(0, int(math.ceil((bylo - R - y0) / h - 1e-9)))
    j1 = min(ny - 1, int(math.floor((byhi + R - y0) / h + 1e-9)))
    removed = 0.0
    deepest = 0.0
    for j in range(j0, j1 + 1):
        y = y0 + j * h
        lo1, hi1, lo2, hi2 = arc_row_span(y, cx, cy, r, R, bxlo, bxhi, bylo, byhi)
        for xlo, xhi in ((lo1, hi1), (lo2, hi2)):
            if xlo > xhi:
                continue
            i0 = max(0, int(math.ceil((xlo - x0) / h - 1e-9)))
            i1 = min(nx - 1, int(math.floor((xhi - x0) / h + 1e-9)))
            for i in range(i0, i1 + 1):
                if top[j, i] <= zfloor + LOWER_EPS or count[j, i] == 0:
                    continue
                if dz == 0.0:
                    zl = planar_arc_lowest(x0 + i * h, y, cx, cy, z0, r, ang, e1x, e1y, e2x, e2y,
                                           shape, R, rc, cot, rt)
                else:
                    zl = flat_helix_lowest(x0 + i * h, y, cx, cy, z0, dz, r, ang, e1x, e1y, e2x, e2y, R)
                t = top[j, i]
                if zl < t - LOWER_EPS:
                    b = bottom[j, i]
                    new = zl if zl > b else b
                    top[j, i] = new
                    last_move[j, i] = m
                    if new <= b:
                        count[j, i] = 0
                    removed += (t - new) * area[j, i]
                    deepest = max(deepest, t - zl)
    return removed, deepest


@njit(cache=True)
def _cut_arc(m, s, e, c, a, ang, r, shape, R, rc, cot, rt, x0, y0, h, base, bottom, top, count, last_move, area):
    """Lower the columns under an arc (closed forms about ±Z where they exist, else chords);
    returns the volume removed and the depth of cut."""
    # frame of the arc: e1 towards the start, e2 = axis × e1; base = centre at the start's height
    ux = s[0] - c[0]
    uy = s[1] - c[1]
    uz = s[2] - c[2]
    ua = ux * a[0] + uy * a[1] + uz * a[2]
    ux -= ua * a[0]
    uy -= ua * a[1]
    uz -= ua * a[2]
    if r <= 0.0:
        return _cut_line(m, s[0], s[1], s[2], e[0], e[1], e[2], shape, R, rc, cot, rt, x0, y0, h,
                         base, bottom, top, count, last_move, area)
    e1x, e1y, e1z = ux / r, uy / r, uz / r
    e2x = a[1] * e1z - a[2] * e1y
    e2y = a[2] * e1x - a[0] * e1z
    e2z = a[0] * e1y - a[1] * e1x
    rise = (e[0] - s[0]) * a[0] + (e[1] - s[1]) * a[1] + (e[2] - s[2]) * a[2]
    if abs(a[2]) > AXIS_Z:
        dz = e[2] - s[2]
        if dz == 0.0 or shape == SHAPE_FLAT:
            cx = s[0] - ux
            cy = s[1] - uy
            removed, deepest = _cut_arc_z(m, cx, cy, s[2], dz, r, ang, e1x, e1y, e2x, e2y, shape, R, rc,
                                          cot, rt, x0, y0, h, bottom, top, count, last_move, area)
            # the programmed end may lie off the circle by up to the arc tolerance; the control reaches
            # it, so the tool also sweeps the gap (as the probe's last chord does)
            qx = cx + r * (math.cos(ang) * e1x + math.sin(ang) * e2x)
            qy = cy + r * (math.cos(ang) * e1y + math.sin(ang) * e2y)
            if math.hypot(e[0] - qx, e[1] - qy) > END_GAP:
                v, d = _cut_line(m, qx, qy, e[2], e[0], e[1], e[2], shape, R, rc, cot, rt, x0, y0, h,
                                 base, bottom, top, count, last_move, area)
                removed += v
                deepest = max(deepest, d)
            return removed, deepest
    step = 2.0 * math.acos(1.0 - MAX_SAGITTA / r) if MAX_SAGITTA < r else math.pi / 2.0
    n = max(2, int(math.ceil(ang / step)) + 1)
    bx, by, bz = s[0] - ux, s[1] - uy, s[2] - uz
    px, py, pz = s[0], s[1], s[2]
    removed = 0.0
    deepest = 0.0
    for k in range(1, n):
        if k == n - 1:
            qx, qy, qz = e[0], e[1], e[2]
        else:
            t = k / (n - 1)
            co = r * math.cos(ang * t)
            si = r * math.sin(ang * t)
            qx = bx + co * e1x + si * e2x + rise * t * a[0]
            qy = by + co * e1y + si * e2y + rise * t * a[1]
            qz = bz + co * e1z + si * e2z + rise * t * a[2]
        v, d = _cut_line(m, px, py, pz, qx, qy, qz, shape, R, rc, cot, rt, x0, y0, h,
                         base, bottom, top, count, last_move, area)
        removed += v
        deepest = max(deepest, d)
        px, py, pz = qx, qy, qz
    return removed, deepest


@njit(cache=True)
def remove_moves(first, stop, kind, start, end, center, axis, ang, rad, tool, tshape, tR, trc, tcot, trt,
                 x0, y0, h, base, bottom, top, count, last_move, area, removed, depth):
    """Apply moves first..stop-1 in order; `removed[m]` gets each move's volume (mm³) and `depth[m]`
    its depth of cut."""
    for m in range(first, stop):
        ti = tool[m]
        if ti < 0:
            continue
        shape, R, rc, cot, rt = tshape[ti], tR[ti], trc[ti], tcot[ti], trt[ti]
        s = start[m]
        e = end[m]
        if kind[m] == ARC:
            v, d = _cut_arc(m, s, e, center[m], axis[m], ang[m], rad[m], shape, R, rc, cot, rt, x0, y0, h,
                            base, bottom, top, count, last_move, area)
        else:
            v, d = _cut_line(m, s[0], s[1], s[2], e[0], e[1], e[2], shape, R, rc, cot, rt, x0, y0, h,
                             base, bottom, top, count, last_move, area)
        removed[m] = v
        depth[m] = d


def tool_table(moves: np.ndarray, job: Job):
    """Per move the index of its tool in flat arrays (shape, R, corner radius, cone cotangent, tip
    radius) the kernel reads; -1 for no tool in the spindle or a tool the job lacks."""
    numbers = np.unique(moves["tool"])
    tools = [job.tool(int(n)) if n > 0 else None for n in numbers]
    known = [(n, t) for n, t in zip(numbers, tools) if t is not None]
    index = {int(n): k for k, (n, _) in enumerate(known)}
    per_move = np.array([index.get(int(n), -1) for n in numbers], np.int32)[np.searchsorted(numbers, moves["tool"])]
    tshape = np.array([t.shape for _, t in known], np.int64)
    tR = np.array([t.radius for _, t in known], float)
    trc = np.array([t.effective_corner_radius for _, t in known], float)
    tcot = np.array([1.0 / math.tan(t.cone_half_angle) for _, t in known], float)
    trt = np.array([t.tip_radius for _, t in known], float)
    return per_move, tshape, tR, trc, tcot, trt


def simulate(toolpath: Toolpath, job: Job, resolution: float | None = None,
             progress: Callable[[int, int], None] | None = None, probe: Probe | None = None) -> Model:
    """Cut the job's stock with every move of the toolpath, in program order; then count the walls
    exactly with `probe` (built here when not given and a wall needs it)."""
    h = float(resolution if resolution is not None else job.machine.resolution)
    moves = toolpath.moves
    n = len(moves)
    stock = stock_shape(job, toolpath)
    lo, hi = stock.lo, stock.hi
    check_memory(hi[0] - lo[0], hi[1] - lo[1], h, n, file=job.path, assumed=getattr(stock, "assumed", False))
    nx, ny = lattice_size(hi[0] - lo[0], hi[1] - lo[1], h)
    x = lo[0] + h * np.arange(nx)
    y = lo[1] + h * np.arange(ny)
    b, t, present = stock.columns(x[None, :], y[:, None])
    bottom = np.ascontiguousarray(b, float)
    top = np.where(present, t, b).astype(float)
    count = present.astype(np.int8)
    last_move = np.full((ny, nx), -1, np.int32)
    initial = np.where(present, top, np.nan)
    area = np.where(present, stock.cell_area(x[None, :], y[:, None], h), 0.0)
    removed = np.zeros(n, float)
    depth = np.zeros(n, float)
    base = float(bottom.max()) if bottom.size else 0.0   # no cut above this reaches a column's bottom
    if n:
        per_move, tshape, tR, trc, tcot, trt = tool_table(moves, job)
        arcs = moves["kind"] == ARC
        ang = np.zeros(n)
        rad = np.zeros(n)
        if arcs.any():
            ang[arcs] = arc_angle(moves[arcs])
            rad[arcs] = arc_radius(moves[arcs])
        kind = np.ascontiguousarray(moves["kind"])
        start = np.ascontiguousarray(moves["start"], float)
        end = np.ascontiguousarray(moves["end"], float)
        center = np.ascontiguousarray(moves["center"], float)
        axis = np.ascontiguousarray(moves["axis"], float)
        for first in range(0, n, PROGRESS_EVERY):
            stop = min(n, first + PROGRESS_EVERY)
            remove_moves(first, stop, kind, start, end, center, axis, ang, rad, per_move, tshape, tR, trc,
                         tcot, trt, lo[0], lo[1], h, base, bottom, top, count, last_move, area, removed, depth)
            if progress is not None:
                progress(stop, n)
    rapid_cut = (moves["kind"] == RAPID) & (removed > 0.0)
    fields = dict(x0=float(lo[0]), y0=float(lo[1]), h=h, bottom=bottom[None], top=top[None], count=count,
                  last_move=last_move, initial=initial, cell_area=area)
    correction, per_move = wall_corrections(fields, lambda: probe if probe is not None else Probe(toolpath, job), n)
    return Model(**fields, removed=removed + per_move, depth=depth, rapid_cut=rapid_cut, stock=stock,
                 volume_correction=correction)
