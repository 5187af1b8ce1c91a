"""Least-squares fits and profile statistics used by the instruments (plain numpy, no material).

Circle: algebraic (Kåsa) start refined by Gauss-Newton on the geometric distances, which is the
least-squares circle of ISO 14405-1 (GG). Plane: total least squares through the centroid.
Roughness: ISO 4287 Ra and Rz about the least-squares mean line of the profile.
"""
from __future__ import annotations

import numpy as np


def fit_circle(points: np.ndarray, iterations: int = 20) -> tuple[np.ndarray, float, np.ndarray]:
    """Centre (2,), radius and radial residuals of the least-squares circle through (n, 2) points."""
    p = np.asarray(points, float)
    if len(p) < 3:
        raise ValueError("a circle needs at least three points")
    shift = p.mean(axis=0)
    q = p - shift
    a = np.column_stack([2 * q[:, 0], 2 * q[:, 1], np.ones(len(q))])
    b = (q * q).sum(1)
    (cx, cy, c0), *_ = np.linalg.lstsq(a, b, rcond=None)
    centre = np.array([cx, cy])
    r = float(np.sqrt(max(c0 + cx * cx + cy * cy, 0.0)))
    for _ in range(iterations):
        d = q - centre
        rho = np.hypot(d[:, 0], d[:, 1])
        rho = np.where(rho == 0, 1e-300, rho)
        res = rho - r
        jac = np.column_stack([-d[:, 0] / rho, -d[:, 1] / rho, -np.ones(len(q))])
        step, *_ = np.linalg.lstsq(jac, -res, rcond=None)
        centre = centre + step[:2]
        r = r + float(step[2])
        if np.abs(step).max() < 1e-15 * max(1.0, r):
            break
    d = q - centre
    residuals = np.hypot(d[:, 0], d[:, 1]) - r
    return centre + shift, r, residuals


def fit_plane(points: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Centroid, unit normal and signed distances of (n, 3) points to their least-squares plane."""
    p = np.asarray(points, float)
    if len(p) < 3:
        raise ValueError("a plane needs at least three points")
    c = p.mean(axis=0)
    _, _, vt = np.linalg.svd(p - c, full_matrices=False)
    normal = vt[-1]
    return c, normal, (p - c) @ normal


def flatness(points: np.ndarray) -> float:
    """Peak-to-valley of points about their least-squares plane (an upper bound of the minimum zone)."""
    _, _, dist = fit_plane(points)
    return float(dist.max() - dist.min())


def profile_roughness(x: np.ndarray, z: np.ndarray, cutoffs: int = 5) -> tuple[float, float]:
    """(Ra, Rz) of a profile of heights `z` at abscissae `x`, in the units of `z`.

    The mean line is the least-squares line over the evaluation length; Ra is the mean absolute
    departure from it (trapezoidal rule), Rz the mean of the peak-to-valley heights of `cutoffs`
    equal sampling lengths (ISO 4287). A least-squares line, not ISO 16610's Gaussian filter: it
    removes a face's tilt, and over five wavelengths tilts with the profile's phase by a few per
    cent of Ra at most (none for a profile symmetric about the middle).
    """
    x = np.asarray(x, float)
    z = np.asarray(z, float)
    slope, icept = np.polyfit(x, z, 1)
    dev = z - (slope * x + icept)
    length = x[-1] - x[0]
    ra = float(np.trapezoid(np.abs(dev), x) / length)
    edges = np.linspace(x[0], x[-1], cutoffs + 1)
    peaks = []
    for a, b in zip(edges[:-1], edges[1:]):
        part = dev[(x >= a) & (x <= b)]
        if len(part):
            peaks.append(part.max() - part.min())
    return ra, float(np.mean(peaks))


def _golden_min(f, lo: float, hi: float, iterations: int = 80) -> float:
    """Argument of the minimum of a convex function on [lo, hi] (golden-section search)."""
    k = (np.sqrt(5.0) - 1.0) / 2.0
    x1, x2 = hi - k * (hi - lo), lo + k * (hi - lo)
    f1, f2 = f(x1), f(x2)
    for _ in range(iterations):
        if f1 <= f2:
            hi, x2, f2 = x2, x1, f1
            x1 = hi - k * (hi - lo)
            f1 = f(x1)
        else:
            lo, x1, f1 = x1, x2, f2
            x2 = lo + k * (hi - lo)
            f2 = f(x2)
    return x1 if f1 <= f2 else x2


def minimum_zone(u: np.ndarray, v: np.ndarray, z: np.ndarray, slope=(0.0, 0.0)) -> tuple[float, float, float, float]:
    """Flatness by the minimum zone (ISO 1101): the smallest distance between two parallel planes
    z = a·u + b·v + c (+ the width along z) holding all points. Returns (width, a, b, c), the
    width measured square to the planes, c the lower plane's.

    The width along z, max(z − a u − b v) − min(...), is convex in (a, b); square to the planes it
    is that over √(1 + a² + b²), still unimodal for the small tilts of a face. Nested golden-section
    searches around `slope` (the least-squares plane's), in brackets that miss the optimum only if
    tilting alone costs more than the starting width.
    """
    u, v, z = (np.asarray(x, float) for x in (u, v, z))

    def width(a, b):
        r = z - a * u - b * v
        return float(r.max() - r.min()) / float(np.sqrt(1.0 + a * a + b * b))

    a0, b0 = slope
    w0 = width(a0, b0)
    if w0 == 0.0:
        return 0.0, a0, b0, float(z.min())
    lu, lv = max(float(np.ptp(u)), 1e-12), max(float(np.ptp(v)), 1e-12)
    da, db = 2 * w0 / lu, 2 * w0 / lv

    def best_b(a):
        return _golden_min(lambda b: width(a, b), b0 - db, b0 + db)

    a = _golden_min(lambda a: width(a, best_b(a)), a0 - da, a0 + da, iterations=60)
    b = best_b(a)
    w = width(a, b)
    if w > w0:
        a, b, w = a0, b0, w0
    return w, a, b, float((z - a * u - b * v).min())
