"""Swept-volume geometry of a 3-axis cutter: the lowest point its sweep reaches above a column.

The cutter stands along +Z from its tip; its lower surface is `profile(d)` above the tip at
distance d <= R from the axis (the meaning of `tools.Tool.lower_profile`), and it is solid above
that surface (a 3-axis tool comes from above). Over a column at (x, y), a move therefore removes
everything above `lowest = min over the path of tip_z + profile(distance)`; that minimum is what
these kernels compute, in float64 with fastmath off.

Along a line the distance to the tip is convex in the path parameter and every profile is convex
and non-decreasing, so the function to minimise is convex: closed forms for flat, ball and cone
(its stationary point, clamped to where the tool reaches), a bisection on the monotone derivative
for the bull nose (converged to 1e-9 mm). Arcs about ±Z: closed forms for planar arcs (any tool:
the nearest point of the arc) and for helices with a flat tool (the first or last angle where the
tool reaches the column). Every other arc (helices with a shaped tool, G18/G19 planes) is cut as
chords with a sagitta of at most `MAX_SAGITTA`, each chord an exact line sweep.

Arcs follow the toolpath's convention (toolpath.arc_points): the circle of the start's radius
about the centre taken at the start's height, the rise spread evenly over the angle; chords end
exactly on the record's `end`.
"""
from __future__ import annotations

import math

from numba import njit

from ..tools import SHAPE_BALL, SHAPE_BULL, SHAPE_CONE, SHAPE_FLAT

MAX_SAGITTA = 1e-4          # mm: chord error allowed for arcs without a closed form (0.1 µm)
VERTICAL_XY = 1e-9          # mm: a line moving less than this in XY is treated as a plunge
BISECTION_WIDTH = 1e-9      # mm: bull-nose minimiser bracket at convergence
TWO_PI = 2.0 * math.pi
INF = math.inf


@njit(cache=True)
def profile(shape, R, rc, cot, rt, d):
    """Height of the cutter's lower surface above its tip at distance d <= R (tools.lower_profile)."""
    if shape == SHAPE_FLAT:
        return 0.0
    if shape == SHAPE_BALL:
        return R - math.sqrt(max(R * R - d * d, 0.0))
    if shape == SHAPE_BULL:
        u = d - (R - rc)
        if u <= 0.0:
            return 0.0
        return rc - math.sqrt(max(rc * rc - u * u, 0.0))
    u = d - rt
    if u <= 0.0:
        return 0.0
    return u * cot


@njit(cache=True)
def _line_g(tau, az, k, wa, wp2, shape, R, rc, cot, rt):
    """Tip height plus profile at signed along-path distance tau from the column's foot point."""
    return az + k * (tau + wa) + profile(shape, R, rc, cot, rt, math.sqrt(wp2 + tau * tau))


@njit(cache=True)
def _bull_slope(tau, k, wp2, R, rc):
    """Derivative of the bull-nose line function: monotone because the function is convex."""
    d = math.sqrt(wp2 + tau * tau)
    u = d - (R - rc)
    if u <= 0.0 or d == 0.0:
        return k
    q = rc * rc - u * u
    if q <= 0.0:
        return k + (INF if tau > 0.0 else -INF)
    return k + u / math.sqrt(q) * tau / d


@njit(cache=True)
def line_setup(ax, ay, az, bx, by, bz, cot):
    """Per-line constants of `line_lowest`: XY unit direction, XY length, slope dz/ds, and the
    stationary points of the ball (at -ball_t·half, its depth there half·ball_h) and of the cone
    (at cone_t·|offset| when the line is flatter than the cone, else NaN)."""
    dx = bx - ax
    dy = by - ay
    s = math.sqrt(dx * dx + dy * dy)
    if s < VERTICAL_XY:
        return 1.0, 0.0, s, 0.0, 0.0, 1.0, math.nan
    k = (bz - az) / s
    root = math.sqrt(1.0 + k * k)
    cone_t = -k / math.sqrt(cot * cot - k * k) if abs(k) < cot else math.nan
    return dx / s, dy / s, s, k, k / root, 1.0 / root, cone_t


@njit(cache=True)
def line_lowest(qx, qy, ax, ay, az, dz, ux, uy, s, k, ball_t, ball_h, cone_t, shape, R, rc, cot, rt):
    """Lowest point of a line sweep over column (qx, qy); inf when the tool never reaches it.

    The tip goes from (ax, ay, az) by s along the XY unit direction (ux, uy) while rising dz;
    k, ball_t, ball_h, cone_t come from `line_setup`.
    """
    wx = qx - ax
    wy = qy - ay
    if s < VERTICAL_XY:
        d2 = wx * wx + wy * wy
        if d2 > R * R:
            return INF
        return min(az, az + dz) + profile(shape, R, rc, cot, rt, math.sqrt(d2))
    wa = wx * ux + wy * uy
    wp = wx * uy - wy * ux
    wp2 = wp * wp
    if wp2 > R * R:
        return INF
    half = math.sqrt(R * R - wp2)
    lo = max(-wa, -half)
    hi = min(s - wa, half)
    if lo > hi:
        return INF
    if shape == SHAPE_FLAT:
        return az + k * ((lo if k >= 0.0 else hi) + wa)
    if shape == SHAPE_BALL:
        t = -ball_t * half
        if lo <= t <= hi:
            return az + k * (t + wa) + R - half * ball_h
        t = min(max(t, lo), hi)
        return az + k * (t + wa) + R - math.sqrt(max(half * half - t * t, 0.0))
    best = min(_line_g(lo, az, k, wa, wp2, shape, R, rc, cot, rt),
               _line_g(hi, az, k, wa, wp2, shape, R, rc, cot, rt))
    if shape == SHAPE_CONE:
        if cone_t == cone_t:
            t = min(max(cone_t * math.sqrt(wp2), lo), hi)
            best = min(best, _line_g(t, az, k, wa, wp2, shape, R, rc, cot, rt))
        if wp2 < rt * rt:
            e = math.sqrt(rt * rt - wp2)
            for t in (-e, e):
                t = min(max(t, lo), hi)
                best = min(best, _line_g(t, az, k, wa, wp2, shape, R, rc, cot, rt))
        return best
    # bull nose: bisection on the monotone derivative
    a = lo
    b = hi
    if _bull_slope(a, k, wp2, R, rc) >= 0.0 or _bull_slope(b, k, wp2, R, rc) <= 0.0:
        return best
    while b - a > BISECTION_WIDTH:
        m = 0.5 * (a + b)
        if _bull_slope(m, k, wp2, R, rc) > 0.0:
            b = m
        else:
            a = m
    return min(best, _line_g(0.5 * (a + b), az, k, wa, wp2, shape, R, rc, cot, rt))


@njit(cache=True)
def line_row_span(y, ax, ay, bx, by, ux, uy, s, R):
    """X extent of a line's footprint (a stadium) on the row at y: (xlo, xhi), empty if xlo > xhi."""
    xlo = INF
    xhi = -INF
    for px, py in ((ax, ay), (bx, by)):
        dy = y - py
        if abs(dy) <= R:
            e = math.sqrt(R * R - dy * dy)
            xlo = min(xlo, px - e)
            xhi = max(xhi, px + e)
    if s >= VERTICAL_XY:
        dy = y - ay
        # |(x - ax) uy - dy ux| <= R  and  0 <= (x - ax) ux + dy uy <= s
        lo1 = -INF
        hi1 = INF
        if abs(uy) > 1e-15:
            p = (dy * ux - R) / uy
            q = (dy * ux + R) / uy
            lo1 = min(p, q)
            hi1 = max(p, q)
        elif abs(dy * ux) > R:
            return xlo, xhi
        lo2 = -INF
        hi2 = INF
        if abs(ux) > 1e-15:
            p = -dy * uy / ux
            q = (s - dy * uy) / ux
            lo2 = min(p, q)
            hi2 = max(p, q)
        elif not (0.0 <= dy * uy <= s):
            return xlo, xhi
        lo = max(lo1, lo2)
        hi = min(hi1, hi2)
        if lo <= hi:
            xlo = min(xlo, ax + lo)
            xhi = max(xhi, ax + hi)
    return xlo, xhi


@njit(cache=True)
def _angle_in_arc(vx, vy, e1x, e1y, e2x, e2y):
    """Angle of the XY vector v in the arc's frame, in [0, 2π)."""
    a = math.atan2(vx * e2x + vy * e2y, vx * e1x + vy * e1y)
    if a < 0.0:
        a += TWO_PI
    return a


@njit(cache=True)
def planar_arc_lowest(qx, qy, cx, cy, z, r, ang, e1x, e1y, e2x, e2y, shape, R, rc, cot, rt):
    """Lowest point of an arc at constant height about ±Z: the tool's profile at the arc's nearest point."""
    vx = qx - cx
    vy = qy - cy
    D = math.sqrt(vx * vx + vy * vy)
    if ang >= TWO_PI or D == 0.0 or _angle_in_arc(vx, vy, e1x, e1y, e2x, e2y) <= ang:
        dmin = abs(D - r)
    else:
        sx = cx + r * e1x
        sy = cy + r * e1y
        c = math.cos(ang)
        sn = math.sin(ang)
        ex = cx + r * (c * e1x + sn * e2x)
        ey = cy + r * (c * e1y + sn * e2y)
        dmin = min(math.hypot(qx - sx, qy - sy), math.hypot(qx - ex, qy - ey))
    if dmin > R:
        return INF
    return z + profile(shape, R, rc, cot, rt, dmin)


@njit(cache=True)
def flat_helix_lowest(qx, qy, cx, cy, z0, dz, r, ang, e1x, e1y, e2x, e2y, R):
    """Lowest point of a flat tool on a helix about ±Z: the first (rising) or last (falling)
    angle at which the tool's disc covers the column; the tip height is linear in the angle."""
    vx = qx - cx
    vy = qy - cy
    D = math.sqrt(vx * vx + vy * vy)
    if D == 0.0:
        return min(z0, z0 + dz) if r <= R else INF
    C = (D * D + r * r - R * R) / (2.0 * r * D)
    if C > 1.0:
        return INF
    if C <= -1.0:
        return min(z0, z0 + dz)
    phi = _angle_in_arc(vx, vy, e1x, e1y, e2x, e2y)
    beta = math.acos(C)
    if dz >= 0.0:
        if math.cos(phi) >= C:
            return z0
        th = max(phi - beta, 0.0)
        if th > ang:
            return INF
        return z0 + dz * th / ang
    if math.cos(ang - phi) >= C:
        return z0 + dz
    th = phi + beta + TWO_PI * math.floor((ang - phi - beta) / TWO_PI)
    if th < 0.0:
        return INF
    return z0 + dz * min(th, ang) / ang


@njit(cache=True)
def arc_row_span(y, cx, cy, r, R, bxlo, bxhi, bylo, byhi):
    """Up to two X intervals of an arc's footprint on the row at y: the annulus r ± R about the
    centre clipped to the arc's bounding box grown by R. Returns (lo1, hi1, lo2, hi2)."""
    if y < bylo - R or y > byhi + R:
        return INF, -INF, INF, -INF
    dy = y - cy
    ro = r + R
    if abs(dy) > ro:
        return INF, -INF, INF, -INF
    e = math.sqrt(ro * ro - dy * dy)
    lo = max(cx - e, bxlo - R)
    hi = min(cx + e, bxhi + R)
    ri = r - R
    if ri > 0.0 and abs(dy) < ri:
        f = math.sqrt(ri * ri - dy * dy)
        return lo, min(hi, cx - f), max(lo, cx + f), hi
    return lo, hi, INF, -INF
