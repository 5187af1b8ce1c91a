"""Arc geometry in the plane of G17/G18/G19: centre from I J K or R, and the checks a control makes.

Plane coordinates are (first, second, axis): (X, Y, Z) in G17, (Z, X, Y) in G18, (Y, Z, X) in G19,
so that G3 turns counter-clockwise about +axis in all three planes. Compiled with Numba because the
fast lane calls it for every arc; the interpreter calls the same function.
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit

PLANE_AXES = {17: (0, 1, 2), 18: (2, 0, 1), 19: (1, 2, 0)}
OK, ZERO_RADIUS, RADII_DIFFER, R_TOO_SMALL, R_FULL_CIRCLE = 0, 1, 2, 3, 4
FULL_CIRCLE_SNAP = 1e-9   # mm: ends closer than this in the plane make a full circle


@njit(cache=True)
def center_from_offsets(s0, s1, e0, e1, c0, c1, tol):
    """Check an I J K arc (centre c given in the plane): status, start radius, end radius."""
    r0 = math.sqrt((s0 - c0) * (s0 - c0) + (s1 - c1) * (s1 - c1))
    r1 = math.sqrt((e0 - c0) * (e0 - c0) + (e1 - c1) * (e1 - c1))
    if r0 <= 1e-9 or r1 <= 1e-9:
        return ZERO_RADIUS, r0, r1
    if abs(r0 - r1) > tol:
        return RADII_DIFFER, r0, r1
    return OK, r0, r1


@njit(cache=True)
def center_from_radius(s0, s1, e0, e1, r, ccw, tol):
    """Centre of an R arc: status, c0, c1. R > 0 takes the short way (<= 180°), R < 0 the long way."""
    d0 = e0 - s0
    d1 = e1 - s1
    d = math.sqrt(d0 * d0 + d1 * d1)
    if d <= FULL_CIRCLE_SNAP:
        return R_FULL_CIRCLE, 0.0, 0.0
    half = d / 2.0
    ar = abs(r)
    if half > ar:
        if half - ar > tol:
            return R_TOO_SMALL, 0.0, 0.0
        h = 0.0
    else:
        h = math.sqrt(ar * ar - half * half)
    side = 1.0 if ccw else -1.0
    if r < 0.0:
        side = -side
    m0 = s0 + d0 / 2.0
    m1 = s1 + d1 / 2.0
    # left of the chord is (-d1, d0) / d
    return OK, m0 - side * h * d1 / d, m1 + side * h * d0 / d


def plane_normal(plane: int) -> np.ndarray:
    """Unit normal of the plane: +Z for G17, +Y for G18, +X for G19."""
    n = np.zeros(3)
    n[PLANE_AXES[plane][2]] = 1.0
    return n
