"""Exact ray probes: a line through the part against the analytic sweeps of the moves near it.

The remaining material is the stock minus the union of the tool sweeps. A cutter is convex and
solid above its lower surface, so its sweep along a straight segment is convex: above a column
(x, y) it is everything higher than `lowest(x, y)`, the lowest point the sweep reaches there (a
convex function over the move's footprint). Along a ray, `phi(t) = lowest(xy(t)) - z(t)` is then
convex on the stretch where the ray crosses the footprint, and the ray is inside the sweep where
`phi <= 0`: one interval, found by a golden-section search for a point inside (stopped early by
the lower bounds convexity gives) and two safeguarded Illinois root searches converged to
`ROOT_TOL`. `lowest` has closed forms for flat, ball and cone tips and a golden-section search for
the bull nose; a flat tool moving level or plunging (most of a 2.5D program) needs no search at
all. A ray visits the XY bins it crosses, whose segments come deepest first, so it stops reading a
bin at the first segment that lies wholly above it. Nothing depends on the voxel lattice: a wall between lattice lines or a slot
narrower than a voxel is found to float precision.

A ray is `origin + t * direction` with `direction` made unit and t running over the whole line,
from -inf to +inf (both directions: instruments probe forwards and backwards). Intervals are
sorted, in millimetres along the ray; material slivers thinner than `MIN_LENGTH` are dropped.
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit

from ..job import Job
from ..toolpath import Toolpath
from ..tools import SHAPE_BALL, SHAPE_CONE, SHAPE_FLAT
from .movelog import STOCK_BOX, MoveLog, build_move_log
from .sweep import profile


ROOT_TOL = 1e-10        # mm, bracket width at which a surface crossing is taken as found
REACH_SLACK = 1e-3      # mm, a segment is passed over when its footprint's XY box is this far off the ray
MIN_LENGTH = 1e-9       # mm, shorter pieces of material are numerical slivers
GOLDEN = 0.3819660112501051
INF = math.inf


@njit(cache=True)
def _tip_plusprofile(s, az, wz, a2, sstar, m2, shape, R, rc, cot, tr):
    return az + wz * s + profile(shape, R, rc, cot, tr, math.sqrt(a2 * (s - sstar) ** 2 + m2))


@njit(cache=True)
def lowest(qx, qy, ax, ay, az, wx, wy, wz, shape, R, rc, cot, tr):
    """Lowest point of the sweep of the tip segment a -> a + w over column (qx, qy); inf off it.

    With s in [0, 1] the position along the segment, the height to minimise is
    az + wz s + profile(distance), convex in s: its minimum is at an end of the stretch where the
    tool reaches the column, at a stationary point (closed forms) or at a kink of the profile.
    """
    cx = qx - ax
    cy = qy - ay
    a2 = wx * wx + wy * wy
    if a2 <= 1e-24:
        d2 = cx * cx + cy * cy
        if d2 > R * R:
            return INF
        return az + min(wz, 0.0) + profile(shape, R, rc, cot, tr, math.sqrt(d2))
    sstar = (cx * wx + cy * wy) / a2
    cr = cx * wy - cy * wx
    m2 = cr * cr / a2
    if m2 > R * R:
        return INF
    half = math.sqrt((R * R - m2) / a2)
    s0 = max(0.0, sstar - half)
    s1 = min(1.0, sstar + half)
    if s0 > s1:
        return INF
    if shape == SHAPE_FLAT:
        return az + wz * (s0 if wz >= 0.0 else s1)
    if shape == SHAPE_BALL:
        s = sstar - wz * math.sqrt(R * R - m2) / math.sqrt(a2 * (a2 + wz * wz))
        s = min(max(s, s0), s1)
        return _tip_plusprofile(s, az, wz, a2, sstar, m2, shape, R, rc, cot, tr)
    best = min(_tip_plusprofile(s0, az, wz, a2, sstar, m2, shape, R, rc, cot, tr),
               _tip_plusprofile(s1, az, wz, a2, sstar, m2, shape, R, rc, cot, tr))
    flat_r = tr if shape == SHAPE_CONE else R - rc    # radius of the flat part of the tip
    if flat_r * flat_r > m2:
        e = math.sqrt((flat_r * flat_r - m2) / a2)
        for s in (sstar - e, sstar + e):
            s = min(max(s, s0), s1)
            best = min(best, _tip_plusprofile(s, az, wz, a2, sstar, m2, shape, R, rc, cot, tr))
    if shape == SHAPE_CONE:
        s = min(max(sstar, s0), s1)
        best = min(best, _tip_plusprofile(s, az, wz, a2, sstar, m2, shape, R, rc, cot, tr))
        q = cot * cot * a2 - wz * wz
        if q > 0.0:
            s = sstar - wz * math.sqrt(m2) / math.sqrt(a2 * q)
            s = min(max(s, s0), s1)
            best = min(best, _tip_plusprofile(s, az, wz, a2, sstar, m2, shape, R, rc, cot, tr))
        return best
    # bull nose: golden-section search of the convex function
    lo = s0
    hi = s1
    x1 = hi - (1.0 - GOLDEN) * (hi - lo)
    x2 = lo + (1.0 - GOLDEN) * (hi - lo)
    f1 = _tip_plusprofile(x1, az, wz, a2, sstar, m2, shape, R, rc, cot, tr)
    f2 = _tip_plusprofile(x2, az, wz, a2, sstar, m2, shape, R, rc, cot, tr)
    for _ in range(90):
        if hi - lo <= 1e-13:
            break
        if f1 < f2:
            hi = x2
            x2 = x1
            f2 = f1
            x1 = hi - (1.0 - GOLDEN) * (hi - lo)
            f1 = _tip_plusprofile(x1, az, wz, a2, sstar, m2, shape, R, rc, cot, tr)
        else:
            lo = x1
            x1 = x2
            f1 = f2
            x2 = lo + (1.0 - GOLDEN) * (hi - lo)
            f2 = _tip_plusprofile(x2, az, wz, a2, sstar, m2, shape, R, rc, cot, tr)
    return min(best, f1, f2)


@njit(cache=True)
def _phi(t, ox, oy, oz, dx, dy, dz, ax, ay, az, bx, by, bz, shape, R, rc, cot, tr):
    """Height of the sweep's lower surface above the ray point at t (<= 0: inside the sweep)."""
    g = lowest(ox + t * dx, oy + t * dy, ax, ay, az, bx - ax, by - ay,
               bz - az, shape, R, rc, cot, tr)
    return g - (oz + t * dz)


@njit(cache=True)
def _disc_span(px, py, dx, dy, n2, R):
    """t-interval where the 2-D line p + t d is within R of the origin (empty: lo > hi)."""
    bb = px * dx + py * dy
    c = px * px + py * py - R * R
    disc = bb * bb - n2 * c
    if disc < 0.0:
        return INF, -INF
    sq = math.sqrt(disc)
    q = -(bb + sq) if bb >= 0.0 else -(bb - sq)
    if q == 0.0:
        return 0.0, 0.0
    t0 = q / n2
    t1 = c / q
    return min(t0, t1), max(t0, t1)


@njit(cache=True)
def _slab(alpha, beta, lo, hi):
    """t-interval where lo <= alpha + beta t <= hi."""
    if abs(beta) < 1e-300:
        if lo <= alpha <= hi:
            return -INF, INF
        return INF, -INF
    t0 = (lo - alpha) / beta
    t1 = (hi - alpha) / beta
    return min(t0, t1), max(t0, t1)


@njit(cache=True)
def _footprint_span(ox, oy, dx, dy, n2, ax, ay, bx, by, R):
    """t-interval where the ray's XY line crosses the footprint (a stadium) of segment a-b."""
    lo, hi = _disc_span(ox - ax, oy - ay, dx, dy, n2, R)
    l2, h2 = _disc_span(ox - bx, oy - by, dx, dy, n2, R)
    if l2 <= h2:
        lo = min(lo, l2)
        hi = max(hi, h2)
    wx = bx - ax
    wy = by - ay
    L = math.sqrt(wx * wx + wy * wy)
    if L > 0.0:
        ux = wx / L
        uy = wy / L
        # across: |(p - a) x u| <= R ; along: 0 <= (p - a) . u <= L
        l3, h3 = _slab((ox - ax) * uy - (oy - ay) * ux, dx * uy - dy * ux, -R, R)
        l4, h4 = _slab((ox - ax) * ux + (oy - ay) * uy, dx * ux + dy * uy, 0.0, L)
        l3 = max(l3, l4)
        h3 = min(h3, h4)
        if l3 <= h3:
            lo = min(lo, l3)
            hi = max(hi, h3)
    return lo, hi


@njit(cache=True)
def _root(lo, hi, flo, fhi, ox, oy, oz, dx, dy, dz, ax, ay, az, bx, by, bz, shape, R, rc, cot, tr):
    """Where phi changes side between lo and hi (one side <= 0, the other > 0): Illinois steps,
    every third one a bisection, until the bracket is narrower than ROOT_TOL."""
    inside_lo = flo <= 0.0
    for it in range(300):
        if hi - lo <= ROOT_TOL:
            break
        x = 0.5 * (lo + hi)
        if it % 3 != 2 and math.isfinite(flo) and math.isfinite(fhi) and fhi != flo:
            xs = lo - flo * (hi - lo) / (fhi - flo)
            if lo < xs < hi:
                x = xs
        fx = _phi(x, ox, oy, oz, dx, dy, dz, ax, ay, az, bx, by, bz, shape, R, rc, cot, tr)
        if (fx <= 0.0) == inside_lo:
            lo = x
            flo = fx
            fhi *= 0.5
        else:
            hi = x
            fhi = fx
            flo *= 0.5
    return 0.5 * (lo + hi)


@njit(cache=True)
def _inside_point(lo, hi, flo, fhi, ox, oy, oz, dx, dy, dz, ax, ay, az, bx, by, bz, shape, R, rc, cot, tr):
    """A t in [lo, hi] where phi <= 0 (phi > 0 at both ends), or nan when there is none.

    Golden-section search of the convex phi, stopped as soon as a point inside is found or the
    lower bound that convexity gives from the four current samples is above zero.
    """
    x1 = lo + GOLDEN * (hi - lo)
    x2 = hi - GOLDEN * (hi - lo)
    f1 = _phi(x1, ox, oy, oz, dx, dy, dz, ax, ay, az, bx, by, bz, shape, R, rc, cot, tr)
    f2 = _phi(x2, ox, oy, oz, dx, dy, dz, ax, ay, az, bx, by, bz, shape, R, rc, cot, tr)
    for _ in range(200):
        if f1 <= 0.0:
            return x1
        if f2 <= 0.0:
            return x2
        if x2 - x1 <= 1e-13 * (1.0 + abs(x1)):
            return math.nan
        # convex: outside [x1, x2] phi stays above the line through both samples; between them
        # above the lines through (lo, x1) and (x2, hi) when those ends are finite
        slope = (f2 - f1) / (x2 - x1)
        bound = min(f1 - max(slope, 0.0) * (x1 - lo), f2 + min(slope, 0.0) * (hi - x2))
        l1 = math.isfinite(flo)
        l2 = math.isfinite(fhi)
        s1 = (f1 - flo) / (x1 - lo) if l1 else 0.0
        s2 = (fhi - f2) / (hi - x2) if l2 else 0.0
        mid = INF
        for t in (x1, x2):
            v1 = f1 + s1 * (t - x1) if l1 else -INF
            v2 = f2 + s2 * (t - x2) if l2 else -INF
            mid = min(mid, max(v1, v2))
        if l1 and l2 and s1 != s2:
            t = (f2 - f1 + s1 * x1 - s2 * x2) / (s1 - s2)
            if x1 < t < x2:
                mid = min(mid, f1 + s1 * (t - x1))
        if min(bound, mid) > 0.0:
            return math.nan
        if f1 < f2:
            hi = x2
            fhi = f2
            x2 = x1
            f2 = f1
            x1 = lo + GOLDEN * (hi - lo)
            f1 = _phi(x1, ox, oy, oz, dx, dy, dz, ax, ay, az, bx, by, bz, shape, R, rc, cot, tr)
        else:
            lo = x1
            flo = f1
            x1 = x2
            f1 = f2
            x2 = hi - GOLDEN * (hi - lo)
            f2 = _phi(x2, ox, oy, oz, dx, dy, dz, ax, ay, az, bx, by, bz, shape, R, rc, cot, tr)
    return math.nan


@njit(cache=True)
def sweep_span(ox, oy, oz, dx, dy, dz, lo, hi, ax, ay, az, bx, by, bz, shape, R, rc, cot, tr):
    """The part of [lo, hi] where the ray (unit direction) is inside the sweep of the tip segment a -> b.

    Returns (t0, t1); empty when t0 > t1. Infinite lo/hi are allowed only for vertical rays.
    """
    n2 = dx * dx + dy * dy
    if n2 <= 1e-24:
        g = lowest(ox, oy, ax, ay, az, bx - ax, by - ay, bz - az, shape, R, rc, cot, tr)
        if not math.isfinite(g) or dz == 0.0:
            return INF, -INF
        tz = (g - oz) / dz
        if dz > 0.0:
            return max(lo, tz), hi
        return lo, min(hi, tz)
    fa, fb = _footprint_span(ox, oy, dx, dy, n2, ax, ay, bx, by, R)
    return _span_over_footprint(ox, oy, oz, dx, dy, dz, max(lo, fa), min(hi, fb), ax, ay, az, bx, by, bz,
                                shape, R, rc, cot, tr)


@njit(cache=True)
def _span_over_footprint(ox, oy, oz, dx, dy, dz, lo, hi, ax, ay, az, bx, by, bz, shape, R, rc, cot, tr):
    """`sweep_span` of a ray that is not vertical, [lo, hi] already within the footprint's span."""
    if lo > hi:
        return INF, -INF
    wxy = (bx - ax) ** 2 + (by - ay) ** 2
    if shape == SHAPE_FLAT and (bz == az or wxy <= 1e-24):
        # a flat tool moving level or plunging: above its whole footprint, everything from one height
        zb = min(az, bz)
        if dz == 0.0:
            return (lo, hi) if oz >= zb else (INF, -INF)
        tz = (zb - oz) / dz
        return (max(lo, tz), hi) if dz > 0.0 else (lo, min(hi, tz))
    flo = _phi(lo, ox, oy, oz, dx, dy, dz, ax, ay, az, bx, by, bz, shape, R, rc, cot, tr)
    fhi = _phi(hi, ox, oy, oz, dx, dy, dz, ax, ay, az, bx, by, bz, shape, R, rc, cot, tr)
    if flo <= 0.0 and fhi <= 0.0:
        return lo, hi
    if flo <= 0.0:
        tm = lo
    elif fhi <= 0.0:
        tm = hi
    else:
        tm = _inside_point(lo, hi, flo, fhi, ox, oy, oz, dx, dy, dz, ax, ay, az, bx, by, bz, shape, R, rc, cot, tr)
        if math.isnan(tm):
            return INF, -INF
    fm = _phi(tm, ox, oy, oz, dx, dy, dz, ax, ay, az, bx, by, bz, shape, R, rc, cot, tr)
    t0 = lo
    t1 = hi
    if flo > 0.0:
        t0 = _root(lo, tm, flo, fm, ox, oy, oz, dx, dy, dz, ax, ay, az, bx, by, bz, shape, R, rc, cot, tr)
    if fhi > 0.0:
        t1 = _root(tm, hi, fm, fhi, ox, oy, oz, dx, dy, dz, ax, ay, az, bx, by, bz, shape, R, rc, cot, tr)
    return t0, t1


@njit(cache=True)
def _stock_span(kind, st, ox, oy, oz, dx, dy, dz):
    """t-interval of the ray inside the stock (box: lo, hi; cylinder about Z: x, y, r, z0, z1)."""
    lo = -INF
    hi = INF
    if kind == STOCK_BOX:
        for i, (o, d) in enumerate(((ox, dx), (oy, dy), (oz, dz))):
            l, h = _slab(o, d, st[i], st[i + 3])
            lo = max(lo, l)
            hi = min(hi, h)
        return lo, hi
    n2 = dx * dx + dy * dy
    if n2 <= 1e-24:
        if (ox - st[0]) ** 2 + (oy - st[1]) ** 2 > st[2] * st[2]:
            return INF, -INF
    else:
        lo, hi = _disc_span(ox - st[0], oy - st[1], dx, dy, n2, st[2])
    l, h = _slab(oz, dz, st[3], st[4])
    return max(lo, l), min(hi, h)


@njit(cache=True, inline="always")
def _subtract(rlo, rhi, rslo, rshi, n, t0, t1, src):
    """Remove [t0, t1] from the n sorted intervals (capacity n + 1 needed); returns the new count.

    `rslo`/`rshi` record which segment made each end (-1: the stock)."""
    m = 0
    for i in range(n):
        lo = rlo[i]
        hi = rhi[i]
        if t1 <= lo or t0 >= hi:
            keep_lo, keep_hi, klo, khi = lo, hi, rslo[i], rshi[i]
            rlo[m], rhi[m], rslo[m], rshi[m] = keep_lo, keep_hi, klo, khi
            m += 1
            continue
        if t0 > lo and t1 < hi:
            # split: shift the rest right by one
            for j in range(n - 1, i, -1):
                rlo[j + 1], rhi[j + 1], rslo[j + 1], rshi[j + 1] = rlo[j], rhi[j], rslo[j], rshi[j]
            khi = rshi[i]
            rlo[m], rhi[m], rshi[m] = lo, t0, src
            rslo[m] = rslo[i]
            rlo[m + 1], rhi[m + 1], rslo[m + 1], rshi[m + 1] = t1, hi, src, khi
            return n + 1
        if t0 > lo:
            rlo[m], rhi[m], rslo[m], rshi[m] = lo, t0, rslo[i], src
            m += 1
        elif t1 < hi:
            rlo[m], rhi[m], rslo[m], rshi[m] = t1, hi, src, rshi[i]
            m += 1
    return m


@njit(cache=True, inline="always")
def _overlap(rlo, rhi, n, lo, hi):
    """Hull of the parts of [lo, hi] that meet the n sorted intervals (empty: lo > hi)."""
    l = INF
    h = -INF
    for i in range(n):
        if rhi[i] > lo and rlo[i] < hi:
            l = min(l, max(lo, rlo[i]))
            h = max(h, min(hi, rhi[i]))
    return l, h


@njit(cache=True)
def cast_many(origins, directions, limits, a, b, shape, radius, corner, cot, tip, stock_kind, stock,
              x0, y0, size, nx, ny, starts, items, reach):
    """Intersect each ray (origin, direction made unit, t within limits[r]) with the remaining
    material: CSR output (offsets, t intervals (k, 2), segment that cut each end (k, 2), -1 for a
    face of the stock or a limit).

    `reach` (len(items), 5) holds, in the order of `items`, each segment's lowest tip height and
    the XY box of its footprint (x min, x max, y min, y max). One loop over the rays, no call per
    ray: a call with this many arrays costs more than a short ray's whole walk.
    """
    nr = origins.shape[0]
    stamp = np.full(a.shape[0], -1, np.int64)
    cap = a.shape[0] + 2               # one interval per candidate segment plus one
    rlo = np.empty(cap)
    rhi = np.empty(cap)
    rslo = np.empty(cap, np.int64)
    rshi = np.empty(cap, np.int64)
    offsets = np.zeros(nr + 1, np.int64)
    out = np.empty((max(nr, 16), 2))
    src = np.empty((max(nr, 16), 2), np.int64)
    for r in range(nr):
        norm = math.sqrt(directions[r, 0] * directions[r, 0] + directions[r, 1] * directions[r, 1]
                         + directions[r, 2] * directions[r, 2])
        ox, oy, oz = origins[r, 0], origins[r, 1], origins[r, 2]
        dx, dy, dz = directions[r, 0] / norm, directions[r, 1] / norm, directions[r, 2] / norm
        t0, t1 = _stock_span(stock_kind, stock, ox, oy, oz, dx, dy, dz)
        t0 = max(t0, limits[r, 0])
        t1 = min(t1, limits[r, 1])
        n = 0
        if t0 < t1:
            rlo[0] = t0
            rhi[0] = t1
            rslo[0] = -1
            rshi[0] = -1
            n = 1
        n2 = dx * dx + dy * dy
        # walk the XY bins the ray crosses inside the stock (a vertical ray stays in one)
        px = ox + t0 * dx
        py = oy + t0 * dy
        i = min(max(int(math.floor((px - x0) / size)), 0), nx - 1) if n else 0
        j = min(max(int(math.floor((py - y0) / size)), 0), ny - 1) if n else 0
        step_i = 1 if dx > 0.0 else -1
        step_j = 1 if dy > 0.0 else -1
        if n2 > 1e-24 and dx != 0.0:
            tx = (x0 + (i + (1 if dx > 0.0 else 0)) * size - ox) / dx
            delta_x = size / abs(dx)
        else:
            tx = INF
            delta_x = INF
        if n2 > 1e-24 and dy != 0.0:
            ty = (y0 + (j + (1 if dy > 0.0 else 0)) * size - oy) / dy
            delta_y = size / abs(dy)
        else:
            ty = INF
            delta_y = INF
        while n > 0:
            c = i * ny + j
            for p in range(starts[c], starts[c + 1]):
                lo = rlo[0]
                hi = rhi[n - 1]
                # a sweep lies above its lowest tip point, and the bin lists the deepest first:
                # once the ray stays below a segment's tip, it stays below all the rest
                if max(oz + lo * dz, oz + hi * dz) < reach[p, 0]:
                    break
                # nor can it meet a sweep whose footprint lies beside the ray's stretch in material
                xa = ox + lo * dx if dx != 0.0 else ox
                xb = ox + hi * dx if dx != 0.0 else ox
                ya = oy + lo * dy if dy != 0.0 else oy
                yb = oy + hi * dy if dy != 0.0 else oy
                if (min(xa, xb) > reach[p, 2] + REACH_SLACK or max(xa, xb) < reach[p, 1] - REACH_SLACK
                        or min(ya, yb) > reach[p, 4] + REACH_SLACK or max(ya, yb) < reach[p, 3] - REACH_SLACK):
                    continue
                k = items[p]
                if stamp[k] == r:
                    continue
                stamp[k] = r
                if n2 > 1e-24:
                    fa, fb = _footprint_span(ox, oy, dx, dy, n2, a[k, 0], a[k, 1], b[k, 0], b[k, 1], radius[k])
                    lo, hi = _overlap(rlo, rhi, n, fa, fb)
                    if lo > hi:
                        continue
                    s0, s1 = _span_over_footprint(ox, oy, oz, dx, dy, dz, lo, hi, a[k, 0], a[k, 1], a[k, 2],
                                                  b[k, 0], b[k, 1], b[k, 2], shape[k], radius[k], corner[k],
                                                  cot[k], tip[k])
                else:
                    s0, s1 = sweep_span(ox, oy, oz, dx, dy, dz, lo, hi, a[k, 0], a[k, 1], a[k, 2], b[k, 0], b[k, 1],
                                        b[k, 2], shape[k], radius[k], corner[k], cot[k], tip[k])
                if s0 < s1:
                    n = _subtract(rlo, rhi, rslo, rshi, n, s0, s1, k)
                    if n == 0:
                        break
            if n == 0:
                break
            nt = min(tx, ty)
            if nt >= rhi[n - 1] or not math.isfinite(nt):
                break
            if tx < ty:
                i += step_i
                tx += delta_x
                if i < 0 or i >= nx:
                    break
            else:
                j += step_j
                ty += delta_y
                if j < 0 or j >= ny:
                    break
        m = 0
        for q in range(n):
            if rhi[q] - rlo[q] >= MIN_LENGTH:
                rlo[m], rhi[m], rslo[m], rshi[m] = rlo[q], rhi[q], rslo[q], rshi[q]
                m += 1
        base = offsets[r]
        if base + m > out.shape[0]:
            grow = max(2 * out.shape[0], base + m)
            out2 = np.empty((grow, 2))
            src2 = np.empty((grow, 2), np.int64)
            out2[:base] = out[:base]
            src2[:base] = src[:base]
            out = out2
            src = src2
        for q in range(m):
            out[base + q, 0] = rlo[q]
            out[base + q, 1] = rhi[q]
            src[base + q, 0] = rslo[q]
            src[base + q, 1] = rshi[q]
        offsets[r + 1] = base + m
    return offsets, out[:offsets[nr]], src[:offsets[nr]]


@njit(cache=True)
def contains_many(points, a, b, shape, radius, corner, cot, tip, stock_kind, stock, x0, y0, size, nx, ny,
                  starts, items):
    """True where a point lies in the remaining material (stock boundary in, sweep boundary out)."""
    out = np.zeros(points.shape[0], np.bool_)
    for r in range(points.shape[0]):
        x = points[r, 0]
        y = points[r, 1]
        z = points[r, 2]
        if stock_kind == STOCK_BOX:
            if not (stock[0] <= x <= stock[3] and stock[1] <= y <= stock[4] and stock[2] <= z <= stock[5]):
                continue
        elif (x - stock[0]) ** 2 + (y - stock[1]) ** 2 > stock[2] * stock[2] or not stock[3] <= z <= stock[4]:
            continue
        i = min(max(int(math.floor((x - x0) / size)), 0), nx - 1)
        j = min(max(int(math.floor((y - y0) / size)), 0), ny - 1)
        c = i * ny + j
        inside = True
        for p in range(starts[c], starts[c + 1]):
            k = items[p]
            if z < min(a[k, 2], b[k, 2]):
                continue
            g = lowest(x, y, a[k, 0], a[k, 1], a[k, 2], b[k, 0] - a[k, 0], b[k, 1] - a[k, 1], b[k, 2] - a[k, 2],
                       shape[k], radius[k], corner[k], cot[k], tip[k])
            if z >= g:
                inside = False
                break
        out[r] = inside
    return out


def repeated_passes(log: MoveLog) -> np.ndarray:
    """Segments whose sweep lies wholly inside another's that every bin lists before them: True
    where a segment can be left out of the bins without changing any probe.

    A flat end mill's sweep along a level or vertical segment is its footprint times everything
    above one height, so the same pass repeated higher (a pocket's step-downs, its contour walked
    at every depth, a plunge's retract) with the same cutter, XY ends bitwise equal, lies inside
    the deepest one's. Bins list the deepest first (then program order), and the same XY ends and
    radius file both in the same bins, so a ray has always met the deepest one first; the others
    remove nothing more as long as both heights the probe computes for them, `min(z)` (rays that
    are not vertical) and `z_start + min(rise, 0)` (vertical rays, as `lowest` rounds it), are no
    lower than the deepest one's: then not even an end moves by a rounding, and the deepest
    names the face in `cuts`. Other cutters are kept: their spans come from root searches whose
    brackets depend on the order.
    """
    a, b = log.a, log.b
    vertical = (a[:, 0] == b[:, 0]) & (a[:, 1] == b[:, 1])
    level = a[:, 2] == b[:, 2]
    cand = np.flatnonzero((vertical | level) & (log.shape == SHAPE_FLAT))
    out = np.zeros(len(a), bool)
    if len(cand) < 2:
        return out
    key = np.column_stack([a[cand, :2], b[cand, :2], log.shape[cand], log.radius[cand], log.corner[cand],
                           log.cot[cand], log.tip[cand]])
    zmin = np.minimum(a[cand, 2], b[cand, 2])
    floor = a[cand, 2] + np.minimum(b[cand, 2] - a[cand, 2], 0.0)
    order = np.lexsort((cand, zmin) + tuple(key.T[::-1]))
    sk = key[order]
    head = np.r_[True, np.any(sk[1:] != sk[:-1], axis=1)]      # the deepest of each group
    first = order[np.maximum.accumulate(np.where(head, np.arange(len(order)), 0))]
    inside = ~head & (floor[order] >= floor[first])
    out[cand[order[inside]]] = True
    return out


def _bins_without(log: MoveLog, drop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The log's bin index (starts, items) with the segments marked in `drop` left out."""
    if not drop.any():
        return log.starts, log.items
    counts = np.diff(log.starts)
    bins = np.repeat(np.arange(len(counts)), counts)
    keep = ~drop[log.items]
    starts = np.r_[0, np.cumsum(np.bincount(bins[keep], minlength=len(counts)))].astype(np.int64)
    return starts, np.ascontiguousarray(log.items[keep])


def _reach(log: MoveLog, items: np.ndarray) -> np.ndarray:
    """Per entry of `items`: its segment's lowest tip height and the XY box of its footprint
    (x min, x max, y min, y max), contiguous in bin order for the ray's walk."""
    a, b, r = log.a[items], log.b[items], log.radius[items]
    lo = np.minimum(a, b)
    hi = np.maximum(a, b)
    return np.ascontiguousarray(np.column_stack([lo[:, 2], lo[:, 0] - r, hi[:, 0] + r, lo[:, 1] - r,
                                                 hi[:, 1] + r]))


class Probe:
    """Exact queries on the remaining material of `toolpath` cut in the stock of `job`.

    `intervals(origin, direction)`: where the whole line origin + t * unit(direction) is inside
    the material, an array (k, 2) of sorted t (mm, negative t behind the origin).
    `cuts(...)`: the same with, for each interval end, the index of the toolpath move whose sweep
    made that face (-1 for a face of the raw stock). `contains(points)`: bool per point.

    The move log and its index are built on the first query (0.7 s and 300 MB for a 127k-line
    finish): a command that never asks (a 3D finish with no wall to count or draw) never pays.
    """

    def __init__(self, toolpath: Toolpath, job: Job, log: MoveLog | None = None):
        self._source = (toolpath, job)
        if log is not None:
            self.log = log

    def __getattr__(self, name: str):
        """The move log and its bin index, built when first read."""
        if name == "log":
            self.log = build_move_log(*self._source)
            return self.log
        if name in ("_starts", "_items", "_reach"):
            self._starts, self._items = _bins_without(self.log, repeated_passes(self.log))
            self._reach = _reach(self.log, self._items)
            return self.__dict__[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _args(self):
        g = self.log
        return (g.a, g.b, g.shape, g.radius, g.corner, g.cot, g.tip, g.stock_kind, g.stock,
                float(g.origin[0]), float(g.origin[1]), g.bin_size, int(g.nbins[0]), int(g.nbins[1]),
                self._starts, self._items)

    def _cast(self, origins, directions, limits=None):
        o = np.asarray(origins, float).reshape(-1, 3)
        d = np.asarray(directions, float).reshape(-1, 3)
        # own copies: a broadcast view handed to Numba is typed through its `writeable` flag,
        # which NumPy deprecates for broadcast views (a FutureWarning on every run)
        o, d = (np.array(v, float, order="C") for v in np.broadcast_arrays(o, d))
        if np.any(np.linalg.norm(d, axis=1) == 0.0):
            raise ValueError("a probe direction must not be zero")
        lim = np.array(np.broadcast_to(np.asarray((-np.inf, np.inf) if limits is None else limits,
                                                  float).reshape(-1, 2), (len(o), 2)), order="C")
        return cast_many(o, d, lim, *self._args(), self._reach)

    def intervals(self, origin, direction) -> np.ndarray:
        """Where the line through `origin` along `direction` is inside the material: (k, 2) t."""
        return self._cast(origin, direction)[1]

    def cuts(self, origin, direction) -> tuple[np.ndarray, np.ndarray]:
        """`intervals` and the toolpath move that made each end, (k, 2) ints, -1 for the stock."""
        _, iv, seg = self._cast(origin, direction)
        if not len(self.log.move):                       # nothing cut: every end is raw stock
            return iv, np.full(np.shape(seg), -1)
        return iv, np.where(seg >= 0, self.log.move[np.maximum(seg, 0)], -1)

    def intervals_flat(self, origins, directions, limits=None) -> tuple[np.ndarray, np.ndarray]:
        """Many rays at once: offsets (n + 1,) and intervals (K, 2); ray r owns rows offsets[r]:offsets[r+1].

        `limits` (n, 2), optional: only t in [lo, hi] of each ray is probed (cut ends there).
        """
        offsets, iv, _ = self._cast(origins, directions, limits)
        return offsets, iv

    def intervals_many(self, origins, directions) -> list[np.ndarray]:
        """`intervals` for each row of `origins` and `directions` (broadcast together)."""
        offsets, iv = self.intervals_flat(origins, directions)
        return [iv[offsets[r]:offsets[r + 1]] for r in range(len(offsets) - 1)]

    def contains(self, points) -> np.ndarray:
        """True for each point (..., 3) inside the remaining material."""
        p = np.asarray(points, float)
        flat = np.ascontiguousarray(p.reshape(-1, 3))
        return contains_many(flat, *self._args()).reshape(p.shape[:-1] if p.ndim > 1 else ())
