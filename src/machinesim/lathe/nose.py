"""Tool nose radius compensation (G41/G42): the nose centre's path for a programmed contour.

Points are (x, z) with x a radius. Seen as on the lathe's screen (Z to the right, X up), G41 keeps
the nose on the left of the direction of travel and G42 on the right. Convex corners are turned
around the programmed corner on the nose radius; concave ones end where the two offset elements
meet. Start-up (the block that holds G41/G42) ends perpendicular to the first contour element;
the cancel block (G40) starts perpendicular to the last one (Fanuc type A).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

RAPID, FEED, ARC = 0, 1, 2


@dataclass
class Segment:
    """A programmed element: `c` the arc centre (arcs only); `data` rides along to the output."""

    kind: int
    p0: tuple[float, float]
    p1: tuple[float, float]
    c: tuple[float, float] | None = None
    ccw: bool = True
    data: object = None


class CompensationError(Exception):
    """An arc whose radius is smaller than the nose radius on its concave side."""

    def __init__(self, data, radius: float):
        super().__init__("compensation")
        self.data = data
        self.radius = radius


def _tangent(s: Segment, at_end: bool) -> tuple[float, float]:
    """Unit direction of travel (dx, dz) at the start or end of `s`."""
    if s.kind == ARC:
        p = s.p1 if at_end else s.p0
        rx, rz = p[0] - s.c[0], p[1] - s.c[1]
        n = math.hypot(rx, rz)
        # in the (z, x) plane a counter-clockwise turn takes the radial (rz, rx) to (-rx, rz)
        dz, dx = (-rx / n, rz / n) if s.ccw else (rx / n, -rz / n)
        return dx, dz
    dx, dz = s.p1[0] - s.p0[0], s.p1[1] - s.p0[1]
    n = math.hypot(dx, dz)
    return (dx / n, dz / n) if n > 0 else (0.0, 0.0)


def _left(t: tuple[float, float]) -> tuple[float, float]:
    """Left normal (x, z) of a direction (dx, dz), looking along it with Z right and X up."""
    return t[1], -t[0]


def _cross(a: tuple[float, float], b: tuple[float, float]) -> float:
    """z-x plane cross product of two (x, z) directions: > 0 when b turns left of a."""
    return a[1] * b[0] - a[0] * b[1]


def _offset(s: Segment, side: int, r: float):
    """The offset element of `s`: (start, end, centre, radius) with radius None for lines."""
    n0 = _left(_tangent(s, False))
    n1 = _left(_tangent(s, True))
    a = (s.p0[0] + side * r * n0[0], s.p0[1] + side * r * n0[1])
    b = (s.p1[0] + side * r * n1[0], s.p1[1] + side * r * n1[1])
    if s.kind != ARC:
        return a, b, None, None
    rho = math.hypot(s.p0[0] - s.c[0], s.p0[1] - s.c[1])
    rho2 = rho - side * r if s.ccw else rho + side * r
    if rho2 <= 1e-9:
        raise CompensationError(s.data, rho)
    return a, b, s.c, rho2


def _intersections(e1, e2) -> list[tuple[float, float]]:
    """Points common to two offset elements taken as whole lines and circles."""
    (a1, b1, c1, r1), (a2, b2, c2, r2) = e1, e2
    if r1 is None and r2 is None:
        d1 = (b1[0] - a1[0], b1[1] - a1[1])
        d2 = (b2[0] - a2[0], b2[1] - a2[1])
        den = d1[0] * d2[1] - d1[1] * d2[0]
        if abs(den) < 1e-15:
            return []
        t = ((a2[0] - a1[0]) * d2[1] - (a2[1] - a1[1]) * d2[0]) / den
        return [(a1[0] + t * d1[0], a1[1] + t * d1[1])]
    if r1 is None or r2 is None:
        (a, b), (c, r) = ((a1, b1), (c2, r2)) if r1 is None else ((a2, b2), (c1, r1))
        d = (b[0] - a[0], b[1] - a[1])
        f = (a[0] - c[0], a[1] - c[1])
        qa = d[0] * d[0] + d[1] * d[1]
        if qa < 1e-30:
            return []
        qb = 2 * (f[0] * d[0] + f[1] * d[1])
        qc = f[0] * f[0] + f[1] * f[1] - r * r
        disc = qb * qb - 4 * qa * qc
        if disc < 0:
            return []
        sq = math.sqrt(disc)
        return [(a[0] + t * d[0], a[1] + t * d[1]) for t in ((-qb - sq) / (2 * qa), (-qb + sq) / (2 * qa))]
    dx, dz = c2[0] - c1[0], c2[1] - c1[1]
    d = math.hypot(dx, dz)
    if d < 1e-15 or d > r1 + r2 or d < abs(r1 - r2):
        return []
    a = (r1 * r1 - r2 * r2 + d * d) / (2 * d)
    h = math.sqrt(max(r1 * r1 - a * a, 0.0))
    mx, mz = c1[0] + a * dx / d, c1[1] + a * dz / d
    return [(mx + h * dz / d, mz - h * dx / d), (mx - h * dz / d, mz + h * dx / d)]


def nose_path(start: tuple[float, float], startup: Segment, contour: list[Segment], side: int, r: float,
              cancel: Segment | None = None) -> list[Segment]:
    """The nose centre's moves, from the centre `start`, for start-up, contour and cancel blocks.

    `side` is +1 for G41, -1 for G42; `cancel.p1` is where the centre ends (already uncompensated).
    Inserted corner arcs carry the `data` of the element they follow.
    """
    out: list[Segment] = []
    contour = [s for s in contour if math.dist(s.p0, s.p1) > 1e-12 or s.kind == ARC]
    offs = [_offset(s, side, r) for s in contour]
    if not contour:
        t = _tangent(startup, True)
        n = _left(t)
        end = (startup.p1[0] + side * r * n[0], startup.p1[1] + side * r * n[1])
        out.append(Segment(startup.kind, start, end, None, True, startup.data))
        if cancel is not None:
            out.append(Segment(cancel.kind, end, cancel.p1, None, True, cancel.data))
        return out
    ends = [list(o[:2]) for o in offs]
    corners: dict[int, Segment] = {}
    for i in range(len(contour) - 1):
        e, b = tuple(ends[i][1]), tuple(ends[i + 1][0])
        if math.dist(e, b) < 1e-9:
            continue
        t0, t1 = _tangent(contour[i], True), _tangent(contour[i + 1], False)
        turn = _cross(t0, t1)
        dot = t0[0] * t1[0] + t0[1] * t1[1]
        convex = side * turn < 0 or (abs(turn) < 1e-12 and dot < 0)
        if not convex:
            pts = _intersections(offs[i], offs[i + 1])
            if pts:
                p = min(pts, key=lambda q: math.dist(q, e))
                ends[i][1] = p
                ends[i + 1][0] = p
                continue
            corners[i] = Segment(FEED, e, b, None, True, contour[i].data)
            continue
        corners[i] = Segment(ARC, e, b, contour[i].p1, side < 0, contour[i].data)
    out.append(Segment(startup.kind, start, tuple(ends[0][0]), None, True, startup.data))
    for i, s in enumerate(contour):
        out.append(Segment(s.kind, tuple(ends[i][0]), tuple(ends[i][1]), offs[i][2], s.ccw, s.data))
        if i in corners:
            out.append(corners[i])
    if cancel is not None:
        out.append(Segment(cancel.kind, tuple(ends[-1][1]), cancel.p1, None, True, cancel.data))
    return out
