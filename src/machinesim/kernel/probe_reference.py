"""Plain-Python reference for the probes: slow, obviously right, the oracle of the property tests.

A point is inside the sweep of a tool along a move when, at one of the sampled positions of the
tip on the move (lines and arcs sampled on themselves), it is within the tool's radius of the
axis and not below the tool's lower surface there (`tools.Tool.lower_profile`). The positions are
`SAMPLES` even ones over the move, then `REFINE` rounds of even ones between the neighbours of the
best so far, which brings the lowest point over a column within about 1e-7 mm of the truth.
Sampled positions are true positions, so this sweep is a subset of the true one. The remaining
material is the stock minus every sweep; a ray's intervals come from marching along it in small
steps and bisecting each change of membership. No convexity, no closed forms.
"""
from __future__ import annotations

import math

import numpy as np

from ..job import Job
from ..tools import SHAPE_CONE, Tool
from ..toolpath import ARC, Toolpath, arc_angle
from .stock import BoxStock, CylinderStock, stock_shape

SAMPLES = 1001           # tip positions per move
REFINE = 3               # times the sampling is refined around the best sample
REFINE_SAMPLES = 101
BISECTION_TOL = 1e-10    # mm


def profile(tool: Tool, d: np.ndarray) -> np.ndarray:
    """`tool.lower_profile` written with numpy (checked against it in the tests)."""
    R = tool.radius
    out = np.full(d.shape, np.inf)
    ok = d <= R
    dd = d[ok]
    if tool.shape == SHAPE_CONE:
        out[ok] = np.maximum(dd - tool.tip_radius, 0.0) / math.tan(tool.cone_half_angle)
    else:
        rc = tool.effective_corner_radius
        u = np.maximum(dd - (R - rc), 0.0)
        out[ok] = rc - np.sqrt(np.maximum(rc * rc - u * u, 0.0)) if rc > 0 else 0.0
    return out


def tip_path(move):
    """The tip's position as a function of s in [0, 1] along one move record (line or arc)."""
    a = np.asarray(move["start"], float)
    b = np.asarray(move["end"], float)
    if int(move["kind"]) != ARC:
        return lambda s: a + s[:, None] * (b - a)
    axis = np.asarray(move["axis"], float)
    u = a - np.asarray(move["center"], float)
    u = u - np.dot(u, axis) * axis
    r = np.linalg.norm(u)
    e1 = u / r
    e2 = np.cross(axis, e1)
    angle = float(arc_angle(np.asarray(move).reshape(1))[0])
    rise = float(np.dot(b - a, axis))

    def at(s):
        th = s[:, None] * angle
        return (a - u) + r * (np.cos(th) * e1 + np.sin(th) * e2) + s[:, None] * rise * axis
    return at


def _column_heights(path, s, xy, tool: Tool) -> tuple[np.ndarray, np.ndarray]:
    """Tip height plus profile at each path parameter s over column xy (inf: tool not there),
    and the tip's distance from the column."""
    p = path(s)
    d = np.hypot(p[:, 0] - xy[0], p[:, 1] - xy[1])
    return p[:, 2] + profile(tool, d), d


def lowest(point_xy, path, tool: Tool, samples: int = SAMPLES) -> float:
    """Lowest point of the sampled sweep above column (x, y); inf when no sample reaches it.

    Even samples over the whole move, then `REFINE` times even samples again between the two
    neighbours of the best one found so far (the lowest, or the nearest while none reaches).
    """
    s = np.linspace(0.0, 1.0, samples)
    step = s[1] - s[0]
    best = math.inf
    for level in range(REFINE + 1):
        if level:
            k = int(np.argmin(z)) if math.isfinite(z.min()) else int(np.argmin(d))
            s = np.linspace(max(s[k] - step, 0.0), min(s[k] + step, 1.0), REFINE_SAMPLES)
            step = s[1] - s[0]
        z, d = _column_heights(path, s, point_xy, tool)
        best = min(best, float(z.min()))
    return best


class ReferenceProbe:
    """The probe's questions answered by brute force (see the module text)."""

    def __init__(self, toolpath: Toolpath, job: Job):
        self.stock = stock_shape(job, toolpath)
        self.sweeps = []
        for m in toolpath.moves:
            tool = job.tool(int(m["tool"])) if int(m["tool"]) > 0 else None
            if tool is not None:
                path = tip_path(m)
                pts = path(np.linspace(0.0, 1.0, SAMPLES))
                step = float(np.max(np.linalg.norm(np.diff(pts, axis=0), axis=1), initial=0.0))
                reach = tool.radius + step        # the XY box no sample of the move leaves
                self.sweeps.append((path, tool, pts[:, :2].min(0) - reach, pts[:, :2].max(0) + reach))

    def depth(self, p) -> float:
        """How far point p lies above the lowest sweep surface over it (>= 0: cut away)."""
        return max((p[2] - lowest(p, path, tool) for path, tool, lo, hi in self.sweeps
                    if lo[0] <= p[0] <= hi[0] and lo[1] <= p[1] <= hi[1]), default=-math.inf)

    def in_stock(self, p) -> bool:
        s = self.stock
        if isinstance(s, CylinderStock):
            return (math.hypot(p[0] - s.base[0], p[1] - s.base[1]) <= s.radius
                    and s.base[2] <= p[2] <= s.base[2] + s.height)
        assert isinstance(s, BoxStock)
        return all(lo <= v <= hi for v, lo, hi in zip(p, s.lo, s.hi))

    def contains(self, p) -> bool:
        return self.in_stock(p) and self.depth(p) < 0.0

    def intervals(self, origin, direction, step: float = 0.05, reach: float = 1000.0) -> np.ndarray:
        """Material along the line, by marching `step` mm over [-reach, reach] and bisecting."""
        o = np.asarray(origin, float)
        d = np.asarray(direction, float)
        d = d / np.linalg.norm(d)
        lo, hi = self._stock_span(o, d, reach)
        if lo >= hi:
            return np.zeros((0, 2))
        n = max(2, int(math.ceil((hi - lo) / step)) + 1)
        ts = np.linspace(lo, hi, n)
        inside = [self.contains(o + t * d) for t in ts]
        ends = []
        for k in range(n - 1):
            if inside[k] != inside[k + 1]:
                a, b = ts[k], ts[k + 1]
                while b - a > BISECTION_TOL:
                    m = 0.5 * (a + b)
                    if self.contains(o + m * d) == inside[k]:
                        a = m
                    else:
                        b = m
                ends.append(0.5 * (a + b))
        if inside[0]:
            ends.insert(0, lo)
        if inside[-1]:
            ends.append(hi)
        return np.array(ends).reshape(-1, 2)

    def _stock_span(self, o, d, reach):
        """Where the line meets the stock's bounding box, by the slab method (plain)."""
        lo, hi = -reach, reach
        for i in range(3):
            if abs(d[i]) < 1e-300:
                if not self.stock.lo[i] <= o[i] <= self.stock.hi[i]:
                    return 0.0, 0.0
                continue
            a = (self.stock.lo[i] - o[i]) / d[i]
            b = (self.stock.hi[i] - o[i]) / d[i]
            lo, hi = max(lo, min(a, b)), min(hi, max(a, b))
        return lo, hi
