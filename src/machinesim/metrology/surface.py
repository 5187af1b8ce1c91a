"""A face seen along its normal, and the true extremes of its height, found with exact probes.

The surface left by the moves is the lower envelope of convex sweeps: each sweep's surface is
smooth and convex, the cusps and ridges lie where two neighbouring sweeps meet, and fixed sampling
falls between them (a Ø6 ball at 1 mm stepover reads 33 µm of its 42 µm cusps on a 9 × 9 grid).
So a face is sampled along lines, and every local extreme of the samples is taken as a bracket,
[previous, next sample], in which a golden-section search with exact rays converges to the true
extreme (a cusp is a kink: derivative-free search finds it to `REFINE_TOL`). On a 2-D region the
best extremes of the lines are refined across the lines as well (nested searches), so a ridge that
is highest between two lines is still found at its top.
"""
from __future__ import annotations

import math

import numpy as np

REFINE_TOL = 1e-9            # mm, width of a refined bracket
_INV_PHI = (math.sqrt(5.0) - 1.0) / 2.0
_TOUCH = 1e-9


class FaceView:
    """Heights of a face along its outward normal `axis`, over (u, v) coordinates of the plane
    through `base` spanned by `e1`, `e2`: a ray starts `lift` above the plane and goes down.

    `height` raises `ValueError` when a ray starts inside the material, and gives nan where it
    meets nothing. Rays are cast in batches when the probe can (`intervals_flat`).
    """

    def __init__(self, probe, base, axis, e1, e2, lift: float):
        self.probe = probe
        self.base = np.asarray(base, float)
        self.axis = np.asarray(axis, float)
        self.e1, self.e2 = np.asarray(e1, float), np.asarray(e2, float)
        self.lift = float(lift)
        self.rays = 0

    def points(self, u, v, h) -> np.ndarray:
        """Machine points at (u, v) and height h above the plane."""
        u, v, h = (np.asarray(x, float) for x in (u, v, h))
        return self.base + u[..., None] * self.e1 + v[..., None] * self.e2 + h[..., None] * self.axis

    def height(self, u, v) -> np.ndarray:
        u, v = np.broadcast_arrays(np.asarray(u, float), np.asarray(v, float))
        origins = self.points(u.ravel(), v.ravel(), np.full(u.size, self.lift))
        down = -self.axis
        self.rays += len(origins)
        out = np.full(len(origins), np.nan)
        flat = getattr(self.probe, "intervals_flat", None)
        if callable(flat) and len(origins):     # all rays at once, reduced with numpy (no loop per ray)
            offsets, iv = flat(origins, down[None, :])
            iv = np.asarray(iv, float).reshape(-1, 2)
            ray = np.repeat(np.arange(len(origins)), np.diff(offsets))
            if np.any((iv[:, 0] < -_TOUCH) & (iv[:, 1] > _TOUCH)):
                raise ValueError("ray starts in material")
            ahead = iv[:, 0] >= -_TOUCH
            first = np.full(len(origins), np.inf)
            np.minimum.at(first, ray[ahead], iv[ahead, 0])
            out = np.where(np.isfinite(first), self.lift - first, np.nan)
            return out.reshape(u.shape)
        per = [np.asarray(self.probe.intervals(o, down), float).reshape(-1, 2) for o in origins]
        for r, ivr in enumerate(per):
            if len(ivr) and np.any((ivr[:, 0] < -_TOUCH) & (ivr[:, 1] > _TOUCH)):
                raise ValueError("ray starts in material")
            starts = ivr[ivr[:, 0] >= -_TOUCH, 0]
            if len(starts):
                out[r] = self.lift - starts.min()
        return out.reshape(u.shape)


def golden(f, lo: np.ndarray, hi: np.ndarray, sign, tol: float = REFINE_TOL):
    """Arg-extreme of the vectorised function f on each bracket [lo, hi]: the maximum where sign
    is +1, the minimum where it is -1 (a number or one per bracket). Returns (x, f(x)); nan
    values count as the worst."""
    lo, hi = np.array(lo, float), np.array(hi, float)

    def g(x):
        y = sign * np.asarray(f(x), float)
        return np.where(np.isnan(y), -np.inf, y)

    x1 = hi - _INV_PHI * (hi - lo)
    x2 = lo + _INV_PHI * (hi - lo)
    f1, f2 = g(x1), g(x2)
    width = float(np.max(hi - lo)) if len(lo) else 0.0
    steps = int(math.ceil(math.log(max(width, tol) / tol) / -math.log(_INV_PHI))) + 1 if width > 0 else 0
    for _ in range(steps):
        left = f1 >= f2                      # the extreme lies in [lo, x2]
        hi = np.where(left, x2, hi)
        lo = np.where(left, lo, x1)
        nx1 = hi - _INV_PHI * (hi - lo)
        nx2 = lo + _INV_PHI * (hi - lo)
        new = g(np.where(left, nx1, nx2))
        f2, f1 = np.where(left, f1, new), np.where(left, new, f2)
        x2, x1 = np.where(left, x1, nx2), np.where(left, nx1, x2)
    best = np.where(f1 >= f2, x1, x2)
    return best, sign * np.maximum(f1, f2)


def local_extremes(r: np.ndarray, sign: float, keep: int) -> np.ndarray:
    """Indices of the `keep` most extreme interior local maxima (sign +1) or minima (-1) of r."""
    y = sign * np.where(np.isnan(r), -np.inf if sign > 0 else np.inf, r)
    y = np.where(np.isfinite(y), y, -np.inf)
    if len(y) < 3:
        return np.zeros(0, int)
    mid = y[1:-1]
    peak = (mid >= y[:-2]) & (mid >= y[2:]) & ((mid > y[:-2]) | (mid > y[2:])) & np.isfinite(mid)
    idx = np.nonzero(peak)[0] + 1
    return idx[np.argsort(-y[idx], kind="stable")[:keep]]


def refine_line(f, s: np.ndarray, r: np.ndarray, sign: float, keep: int):
    """The `keep` best local extremes of samples r(s) of a line, each refined in its bracket
    [s[i-1], s[i+1]] with f (vectorised over s). Returns (s*, r*) with the line's ends added."""
    idx = local_extremes(r, sign, keep)
    xs, ys = [s[[0, -1]]], [r[[0, -1]]]
    if len(idx):
        x, y = golden(f, s[idx - 1], s[idx + 1], sign)
        better = sign * y >= sign * r[idx]
        xs.append(np.where(better, x, s[idx]))
        ys.append(np.where(better, y, r[idx]))
    x, y = np.concatenate(xs), np.concatenate(ys)
    ok = np.isfinite(y)
    return x[ok], y[ok]


def refine_across(f, cand_u, cand_v, w, span, u_lo, u_hi, v_lo, v_hi, sign, inner_tol: float = 1e-8,
                  outer_tol: float = 1e-5):
    """Follow each line extreme (u*, v*) across the lines: the best of f over a window of ±w in u
    that tracks the ridge (its slope du/dv measured at v* ± w/2), searched over v in v* ± span.
    Both stay inside [u_lo, u_hi] × [v_lo, v_hi]. Every argument but f may be an array, one entry
    per candidate (sign +1 seeks a maximum, -1 a minimum), so all candidates are refined in the
    same batches of rays. f(u, v) is vectorised. Returns (u, v, f) of the refined points."""
    cand_u, cand_v = np.asarray(cand_u, float), np.asarray(cand_v, float)
    if not len(cand_u):
        return cand_u, cand_v, np.zeros(0)

    def inner(centre, v, tol=inner_tol):
        return golden(lambda u: f(u, v), np.clip(centre - w, u_lo, u_hi), np.clip(centre + w, u_lo, u_hi),
                      sign, tol)

    d = np.asarray(w, float) / 2
    va, vb = np.clip(cand_v - d, v_lo, v_hi), np.clip(cand_v + d, v_lo, v_hi)
    ua, _ = inner(cand_u, va)
    ub, _ = inner(cand_u, vb)
    slope = np.clip((ub - ua) / np.maximum(vb - va, 1e-12), -2.0, 2.0)

    def outer(v):
        return inner(cand_u + slope * (v - cand_v), v)[1]

    v_best, _ = golden(outer, np.maximum(cand_v - span, v_lo), np.minimum(cand_v + span, v_hi), sign, outer_tol)
    u_best, f_at = inner(cand_u + slope * (v_best - cand_v), v_best, REFINE_TOL)
    return u_best, v_best, f_at
