"""Which move last cut a point of the finished surface, so a check can name the program lines.

A point on the final surface was last cut by the last move whose swept tool reaches it (within
`eps`): later moves cannot reach inside it, or the point would be gone. The tool is its cutting
end (flat, ball, bull or cone, `Tool.lower_profile`) continued upward as a cylinder, a convex
solid; its distance to a fixed point along a straight move is convex in the move's parameter, so
a golden-section search finds the closest approach. Arcs are split into chords of 0.1 µm sagitta.
Used while the kernel's probe cannot say which move bounds an interval end.
"""
from __future__ import annotations

import math

import numpy as np

from ..job import Job
from ..toolpath import ARC, Toolpath, arc_points
from ..tools import SHAPE_BALL, SHAPE_BULL, SHAPE_CONE, Tool

EPS = 1e-3           # mm: a point this close to a sweep counts as cut by it
_GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0


def tool_distance(tool: Tool, radial: np.ndarray, height: np.ndarray) -> np.ndarray:
    """Distance (≥ 0) from points at `radial` distance from the tool axis and `height` above its tip
    to the tool: its cutting end continued upward as a cylinder of the cutting radius."""
    d = np.asarray(radial, float)
    h = np.asarray(height, float)
    r = tool.radius
    shape = tool.shape
    if shape in (SHAPE_BALL, SHAPE_BULL):
        rc = tool.effective_corner_radius
        flat = r - rc
        corner = np.maximum(np.hypot(np.maximum(d - flat, 0.0), h - rc) - rc, 0.0)
        below_flat = np.where(d <= flat, np.maximum(-h, 0.0), corner)
        return np.where(h >= rc, np.maximum(d - r, 0.0), below_flat)
    if shape == SHAPE_CONE:
        tr = tool.tip_radius
        top = tool.tip_height
        # convex region: h >= 0, d <= r, h >= (d - tr) / tan(a); distance to the nearest edge
        ta = math.tan(tool.cone_half_angle)
        ex, ey = (r - tr), top                       # edge from (tr, 0) to (r, top)
        length = math.hypot(ex, ey)
        s = np.clip(((d - tr) * ex + h * ey) / (length * length), 0.0, 1.0)
        to_edge = np.hypot(d - (tr + s * ex), h - s * ey)
        inside = (h >= 0) & (d <= r) & (h * ta >= d - tr)
        to_bottom = np.where(d <= tr, np.abs(h), np.hypot(d - tr, h))
        to_side = np.where(h >= top, np.abs(d - r), np.hypot(d - r, h - top))
        out = np.minimum(np.minimum(to_bottom, to_edge), to_side)
        return np.where(inside, 0.0, out)
    return np.hypot(np.maximum(d - r, 0.0), np.maximum(-h, 0.0))


def _segments(toolpath: Toolpath) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Straight pieces (a, b, move index) of every move, arcs split into chords."""
    a, b, idx = [], [], []
    for i, m in enumerate(toolpath.moves):
        if int(m["kind"]) == ARC:
            pts = arc_points(m)
            a.append(pts[:-1])
            b.append(pts[1:])
            idx.append(np.full(len(pts) - 1, i))
        else:
            a.append(np.asarray(m["start"], float)[None])
            b.append(np.asarray(m["end"], float)[None])
            idx.append(np.array([i]))
    if not a:
        return np.zeros((0, 3)), np.zeros((0, 3)), np.zeros(0, int)
    return np.concatenate(a), np.concatenate(b), np.concatenate(idx)


class CuttingMoves:
    """Answers "which move last cut this surface point?" for one toolpath."""

    def __init__(self, toolpath: Toolpath, job: Job, eps: float = EPS):
        self.toolpath = toolpath
        self.eps = eps
        self.a, self.b, self.move = _segments(toolpath)
        tools = toolpath.moves["tool"][self.move] if len(self.move) else np.zeros(0, int)
        self.tool_of = tools
        self.tools = {int(n): job.tool(int(n)) for n in np.unique(tools) if n > 0}
        radius = np.array([self.tools[int(n)].radius if self.tools.get(int(n)) else 0.0 for n in tools])
        self.lo = np.minimum(self.a, self.b) - np.column_stack([radius, radius, np.zeros_like(radius)])
        self.hi = np.maximum(self.a, self.b) + radius[:, None]
        self.usable = np.array([self.tools.get(int(n)) is not None for n in tools], bool)

    def last_move(self, point) -> int:
        """Index of the last move whose sweep reaches `point` (machine coordinates), or -1."""
        p = np.asarray(point, float)
        e = self.eps
        near = self.usable & np.all(self.lo - e <= p, axis=1) & (self.hi[:, 0] + e >= p[0]) \
            & (self.hi[:, 1] + e >= p[1])
        cand = np.nonzero(near)[0]
        best = -1
        for number in np.unique(self.tool_of[cand]):
            sel = cand[self.tool_of[cand] == number]
            dist = self._closest(self.tools[int(number)], self.a[sel], self.b[sel], p)
            hit = sel[dist <= e]
            if len(hit):
                best = max(best, int(self.move[hit].max()))
        return best

    def lines(self, points) -> list[int]:
        """Sorted program lines of the moves that last cut `points` (untouched stock faces add none)."""
        found = {self.last_move(p) for p in np.atleast_2d(points)}
        return sorted({int(self.toolpath.moves["line"][i]) for i in found if i >= 0})

    @staticmethod
    def _closest(tool: Tool, a: np.ndarray, b: np.ndarray, p: np.ndarray) -> np.ndarray:
        """Smallest distance from p to the tool along each segment a→b (golden-section search)."""
        def dist(u):
            c = a + (b - a) * u[:, None]
            return tool_distance(tool, np.hypot(p[0] - c[:, 0], p[1] - c[:, 1]), p[2] - c[:, 2])

        lo = np.zeros(len(a))
        hi = np.ones(len(a))
        x1 = hi - _GOLDEN * (hi - lo)
        x2 = lo + _GOLDEN * (hi - lo)
        f1, f2 = dist(x1), dist(x2)
        for _ in range(60):
            left = f1 <= f2
            hi = np.where(left, x2, hi)
            lo = np.where(left, lo, x1)
            x2n = np.where(left, x1, lo + _GOLDEN * (hi - lo))
            x1n = np.where(left, hi - _GOLDEN * (hi - lo), x2)
            x1, x2 = x1n, x2n
            f1, f2 = dist(x1), dist(x2)
        return np.minimum.reduce([dist(lo), dist(hi), dist(np.zeros(len(a))), dist(np.ones(len(a))),
                                  np.minimum(f1, f2)])
