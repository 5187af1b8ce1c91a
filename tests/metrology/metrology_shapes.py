"""A small analytic stand-in for the kernel's probe: solids built from boxes and cylinders.

`Part(ops)` applies ("add" | "cut", primitive) in order; `intervals(origin, direction)` returns the
exact distances where the ray is inside the result, as the kernel's `Probe` does. Truth for the
instruments comes from the primitives' dimensions, not from this code's arithmetic.
"""
from __future__ import annotations

import math

import numpy as np

INF = math.inf


class Box:
    def __init__(self, lo, hi):
        self.lo, self.hi = np.asarray(lo, float), np.asarray(hi, float)

    def hit(self, o, d):
        t0, t1 = -INF, INF
        for k in range(3):
            if abs(d[k]) < 1e-300:
                if not self.lo[k] <= o[k] <= self.hi[k]:
                    return None
                continue
            a, b = (self.lo[k] - o[k]) / d[k], (self.hi[k] - o[k]) / d[k]
            t0, t1 = max(t0, min(a, b)), min(t1, max(a, b))
        return (t0, t1) if t0 < t1 else None


class Cylinder:
    """Solid cylinder along coordinate axis `k` (0 x, 1 y, 2 z): centre in the two other
    coordinates (in increasing order), radius, extent [lo, hi] along the axis."""

    def __init__(self, k, centre, radius, lo, hi):
        self.k, self.c, self.r, self.lo, self.hi = k, np.asarray(centre, float), radius, lo, hi

    def hit(self, o, d):
        i, j = [m for m in range(3) if m != self.k]
        ox, oy, dx, dy = o[i] - self.c[0], o[j] - self.c[1], d[i], d[j]
        a = dx * dx + dy * dy
        if a < 1e-300:
            if ox * ox + oy * oy > self.r ** 2:
                return None
            t0, t1 = -INF, INF
        else:
            b = ox * dx + oy * dy
            disc = b * b - a * (ox * ox + oy * oy - self.r ** 2)
            if disc <= 0:
                return None
            s = math.sqrt(disc)
            t0, t1 = (-b - s) / a, (-b + s) / a
        dk, ok = d[self.k], o[self.k]
        if abs(dk) < 1e-300:
            if not self.lo <= ok <= self.hi:
                return None
        else:
            a_, b_ = (self.lo - ok) / dk, (self.hi - ok) / dk
            t0, t1 = max(t0, min(a_, b_)), min(t1, max(a_, b_))
        return (t0, t1) if t0 < t1 else None


def _union(ivs, new):
    out = []
    for a, b in sorted(ivs + [new]):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _cut(ivs, cut):
    out = []
    for a, b in ivs:
        if cut[1] <= a or cut[0] >= b:
            out.append((a, b))
            continue
        if a < cut[0]:
            out.append((a, cut[0]))
        if cut[1] < b:
            out.append((cut[1], b))
    return out


class Part:
    def __init__(self, ops, offset=(0.0, 0.0, 0.0)):
        self.ops = ops
        self.offset = np.asarray(offset, float)   # shapes are given in work coordinates

    def intervals(self, origin, direction):
        o = np.asarray(origin, float) - self.offset
        d = np.asarray(direction, float)
        ivs = []
        for op, prim in self.ops:
            h = prim.hit(o, d)
            if h is None:
                continue
            ivs = _union(ivs, h) if op == "add" else _cut(ivs, h)
        return np.array(ivs, float).reshape(-1, 2)
