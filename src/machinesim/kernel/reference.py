"""Plain-Python reference for the removal kernel: slow and obviously right, the oracle of the tests.

A move's sweep is the union of the cutter placed at every point of its exact path (lines, and
arcs as true circles and helices, never chords), the cutter being its lower surface
`Tool.lower_profile` and everything above it. Over a column the sweep's lowest point is
`min over t of tip_z(t) + lower_profile(distance(t))`; here that minimum is taken by brute force:
dense sampling of t, then a golden-section refinement around every local minimum of the samples
and a bisection of every place where the tool's edge crosses the column.
"""
from __future__ import annotations

import math

import numpy as np

from ..tools import Tool
from ..toolpath import ARC, arc_angle, arc_radius

SAMPLES = 801


def path(move: np.void):
    """The move's exact tip path: a function of parameters t in [0, 1] giving positions (k, 3)."""
    s = np.asarray(move["start"], float)
    e = np.asarray(move["end"], float)
    one = np.asarray(move).reshape(1)
    r = float(arc_radius(one)[0]) if int(move["kind"]) == ARC else 0.0
    if r == 0.0:
        return lambda t: s + np.atleast_1d(np.asarray(t, float))[:, None] * (e - s)
    ang = float(arc_angle(one)[0])
    a = np.asarray(move["axis"], float)
    u = s - np.asarray(move["center"], float)
    u = u - np.dot(u, a) * a
    e1 = u / r
    e2 = np.cross(a, e1)
    rise = float(np.dot(e - s, a))

    def helix(t):
        t = np.atleast_1d(np.asarray(t, float))
        th = ang * t
        return (s - u) + r * (np.cos(th)[:, None] * e1 + np.sin(th)[:, None] * e2) + (rise * t)[:, None] * a
    return helix


def lowest(tool: Tool, move: np.void, x: float, y: float, samples: int = SAMPLES) -> tuple[float, float]:
    """(lowest Z the sweep reaches over column (x, y) or inf, nearest XY distance of the path)."""
    at = path(move)

    def distance(u: float) -> float:
        q = at(u)[0]
        return math.hypot(q[0] - x, q[1] - y)

    def g(u: float) -> float:
        q = at(u)[0]
        dq = math.hypot(q[0] - x, q[1] - y)
        return q[2] + tool.lower_profile(dq) if dq <= tool.radius else math.inf

    t = np.linspace(0.0, 1.0, samples)
    p = at(t)
    d = np.hypot(p[:, 0] - x, p[:, 1] - y)
    inside = d <= tool.radius
    best = math.inf
    # where the tool's edge crosses the column: bisection on the distance
    for k in np.flatnonzero(inside[1:] != inside[:-1]):
        a, b = float(t[k]), float(t[k + 1])
        if not inside[k]:
            a, b = b, a                      # a inside, b outside
        for _ in range(52):
            m = 0.5 * (a + b)
            if distance(m) <= tool.radius:
                a = m
            else:
                b = m
        best = min(best, g(a))
    if inside.any():
        z = np.where(inside, p[:, 2] + np.array([tool.lower_profile(v) if v <= tool.radius else 0.0
                                                   for v in d]), math.inf)
        best = min(best, float(z.min()))
        # golden section between the neighbours of every local minimum of the samples: a path that
        # passes the column twice (an arc with a full turn more) has a basin at each pass
        left = np.r_[math.inf, z[:-1]]
        right = np.r_[z[1:], math.inf]
        ratio = (math.sqrt(5.0) - 1.0) / 2.0
        for k in np.flatnonzero(np.isfinite(z) & (z <= left) & (z <= right)):
            a, b = float(t[max(k - 1, 0)]), float(t[min(k + 1, samples - 1)])
            c, e = b - ratio * (b - a), a + ratio * (b - a)
            gc, ge = g(c), g(e)
            for _ in range(64):
                if gc <= ge:
                    b, e, ge = e, c, gc
                    c = b - ratio * (b - a)
                    gc = g(c)
                else:
                    a, c, gc = c, e, ge
                    e = a + ratio * (b - a)
                    ge = g(e)
            best = min(best, gc, ge)
    dmin = float(d.min())
    tt = float(t[int(np.argmin(d))])
    lo, hi = max(tt - 1.0 / (samples - 1), 0.0), min(tt + 1.0 / (samples - 1), 1.0)
    for _ in range(64):                      # the path's nearest point, for callers near the rim
        m1, m2 = lo + (hi - lo) / 3.0, hi - (hi - lo) / 3.0
        if distance(m1) <= distance(m2):
            hi = m2
        else:
            lo = m1
    return best, min(dmin, distance(0.5 * (lo + hi)))


def contains(tool: Tool, move: np.void, point) -> bool:
    """Is the point inside the sweep of `tool` along `move` (the cutter and everything above it)?"""
    return lowest(tool, move, float(point[0]), float(point[1]))[0] <= float(point[2])


def lower_columns(tools: list[Tool], moves: np.ndarray, x: np.ndarray, y: np.ndarray,
                  top: np.ndarray, bottom: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Columns at (x[i], y[j]) after the moves in order (tools[m] cuts move m): new tops and the
    index of the move that last lowered each column (-1 none). `top`, `bottom`: (ny, nx)."""
    top = np.array(top, float)
    last = np.full(top.shape, -1, np.int32)
    for m, (tool, move) in enumerate(zip(tools, moves)):
        for j, yy in enumerate(y):
            for i, xx in enumerate(x):
                if top[j, i] <= bottom[j, i]:
                    continue
                z = lowest(tool, move, float(xx), float(yy))[0]
                if z < top[j, i] - 1e-9:
                    top[j, i] = max(z, bottom[j, i])
                    last[j, i] = m
    return top, last
