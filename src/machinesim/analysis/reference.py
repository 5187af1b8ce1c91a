"""Plain-Python reference for `collisions.body_hits`, the oracle of its property tests.

Deliberately different from the Numba kernel: every column of the lattice is visited (no row
spans), the closest point of the segment is found by projection, and the two ends of the stretch
of path within reach of the column are found by bisection instead of the quadratic's roots.
"""
from __future__ import annotations

import math


def _bisect(f, inside: float, outside: float, steps: int = 80) -> float:
    """The boundary between a parameter where `f` holds and one where it does not."""
    for _ in range(steps):
        mid = 0.5 * (inside + outside)
        if f(mid):
            inside = mid
        else:
            outside = mid
    return inside


def segment_hit_reference(a, b, r, lo, hi, x0, y0, h, bottom, top, count, eps) -> float:
    """First t in [0, 1] where the body (radius r, from lo to hi above the tip moving from a to b)
    meets a material interval of the columns; -1.0 when it never does."""
    ny, nx = count.shape
    dx, dy, dz = b[0] - a[0], b[1] - a[1], b[2] - a[2]
    dd = dx * dx + dy * dy
    best = 2.0
    for j in range(ny):
        for i in range(nx):
            qx, qy = x0 + i * h - a[0], y0 + j * h - a[1]

            def near(t, qx=qx, qy=qy):
                return math.hypot(qx - t * dx, qy - t * dy) < r

            tc = min(1.0, max(0.0, (qx * dx + qy * dy) / dd)) if dd > 0 else 0.0
            if not near(tc):
                continue
            t0 = 0.0 if near(0.0) else _bisect(near, tc, 0.0)
            t1 = 1.0 if near(1.0) else _bisect(near, tc, 1.0)
            zs = (a[2] + t0 * dz, a[2] + t1 * dz)
            for k in range(int(count[j, i])):
                if top[k, j, i] > min(zs) + lo + eps and bottom[k, j, i] < max(zs) + hi - eps:
                    # earliest t in [t0, t1] where the body's bottom is below the column's top
                    if dz >= 0:
                        t = t0
                    else:
                        t = max(t0, (top[k, j, i] - lo - eps - a[2]) / dz)
                    best = min(best, t)
    return best if best <= 1.0 else -1.0
