"""Fanuc lathe cycles (group A) expanded into plain moves: G90 G92 G94, G71 G72 G73, G74 G75, G76.

Pure functions of the start point A = (x, z) (x a radius), the words already converted to
millimetres, and for G71–G73 the finishing profile as `nose.Segment`s. A move is
``(kind, x, z, centre, ccw, thread)``: `centre` (x, z) for arcs, `thread` for the synchronised
threading feed. A profile the control refuses raises `CycleError` with the catalogue key.
"""
from __future__ import annotations

import math

from .nose import ARC, FEED, RAPID, Segment

EPS = 1e-9


class CycleError(Exception):
    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


def _m(kind, x, z, centre=None, ccw=True, thread=False):
    return (kind, float(x), float(z), centre, ccw, thread)


# --- single cycles ------------------------------------------------------------------------------

def turning_cycle(a, x, z, taper=0.0):
    """G90: in along X (to x + taper at the start's Z), cut to (x, z), out along X, back along Z."""
    return [_m(RAPID, x + taper, a[1]), _m(FEED, x, z), _m(FEED, a[0], z), _m(RAPID, a[0], a[1])]


def facing_cycle(a, x, z, taper=0.0):
    """G94: in along Z (to z + taper at the start's X), face to (x, z), out along Z, back along X."""
    return [_m(RAPID, a[0], z + taper), _m(FEED, x, z), _m(FEED, x, a[1]), _m(RAPID, a[0], a[1])]


def thread_cycle(a, x, z, taper=0.0):
    """G92: in along X, thread to (x, z), out along X, back along Z (one pass)."""
    return [_m(RAPID, x + taper, a[1]), _m(FEED, x, z, thread=True), _m(RAPID, a[0], z), _m(RAPID, a[0], a[1])]


# --- G76 multi-pass threading -------------------------------------------------------------------

def thread_depths(height, first, minimum, allowance):
    """Depths (radius, from the crest) of G76's passes: first·√n rough passes (each at least
    `minimum` deeper than the last) up to height − allowance, then the full height."""
    depths = []
    n = 1
    last = 0.0
    target = height - allowance
    while True:
        d = first * math.sqrt(n)
        if d - last < minimum:
            d = last + minimum
        if d >= target - EPS:
            break
        depths.append(d)
        last = d
        n += 1
    if allowance > EPS and target > EPS:
        depths.append(target)
    depths.append(height)
    return depths


def multi_thread(a, x, z, height, first, minimum, allowance, finishing, angle, taper=0.0):
    """G76 (two-block form): passes along one flank; `finishing` extra passes at full depth.

    `x` is the root (minor) radius, `height` the thread height (radius), `angle` the tool's
    included angle: each pass starts depth·tan(angle/2) further in the cutting direction.
    """
    out = []
    outward = 1.0 if a[0] > x else -1.0            # outside thread: the tool comes in from above
    zdir = 1.0 if z > a[1] else -1.0
    depths = thread_depths(height, first, minimum, allowance)
    depths += [height] * max(finishing - 1, 0)
    tan = math.tan(math.radians(angle) / 2.0)
    for d in depths:
        xs = x + outward * (height - d)
        shift = zdir * (d - depths[0]) * tan
        out += [_m(RAPID, a[0], a[1] + shift), _m(RAPID, xs + taper, a[1] + shift),
                _m(FEED, xs, z, thread=True), _m(RAPID, a[0], z), _m(RAPID, a[0], a[1])]
    return out


# --- G74 / G75 peck cycles ----------------------------------------------------------------------

def _steps(start, end, step):
    """Intermediate stops from start to end every `step` (end included)."""
    if step <= EPS or abs(end - start) <= EPS:
        return [end]
    sgn = 1.0 if end > start else -1.0
    n = int(math.floor(abs(end - start) / step - 1e-9))
    return [start + sgn * step * k for k in range(1, n + 1)] + [end]


def peck_cycle(a, x, z, step_x, step_z, retract, along_z=True):
    """G74 (along_z: face grooving / peck drilling) or G75 (grooving along X).

    Each column (every `step_x` in X for G74, `step_z` in Z for G75) is pecked by the other step,
    backing off `retract` after each peck, then left at rapid.
    """
    out = []
    if along_z:
        columns = [a[0]] + _steps(a[0], x, step_x) if abs(x - a[0]) > EPS else [a[0]]
        for cx in columns:
            out.append(_m(RAPID, cx, a[1]))
            back = 1.0 if a[1] > z else -1.0
            for p in _steps(a[1], z, step_z):
                out.append(_m(FEED, cx, p))
                if abs(p - z) > EPS:
                    out.append(_m(RAPID, cx, p + back * retract))
            out.append(_m(RAPID, cx, a[1]))
    else:
        columns = [a[1]] + _steps(a[1], z, step_z) if abs(z - a[1]) > EPS else [a[1]]
        for cz in columns:
            out.append(_m(RAPID, a[0], cz))
            back = 1.0 if a[0] > x else -1.0
            for p in _steps(a[0], x, step_x):
                out.append(_m(FEED, p, cz))
                if abs(p - x) > EPS:
                    out.append(_m(RAPID, p + back * retract, cz))
            out.append(_m(RAPID, a[0], cz))
    out.append(_m(RAPID, a[0], a[1]))
    return out


# --- G71 / G72 / G73 roughing -------------------------------------------------------------------

def shifted(profile: list[Segment], dx: float, dz: float) -> list[Segment]:
    """The profile moved by the finishing allowance (dx radius, dz)."""
    def mv(p):
        return None if p is None else (p[0] + dx, p[1] + dz)
    return [Segment(s.kind, mv(s.p0), mv(s.p1), mv(s.c), s.ccw, s.data) for s in profile]


def _arc_extremes(s: Segment, k: int) -> list[float]:
    """Values of coordinate k (0: x, 1: z) at an arc's ends and at its extreme points inside it."""
    vals = [s.p0[k], s.p1[k]]
    rho = math.hypot(s.p0[0] - s.c[0], s.p0[1] - s.c[1])
    for sign in (1.0, -1.0):
        q = list(s.c)
        q[k] += sign * rho
        if on_arc(s, tuple(q)):
            vals.append(q[k])
    return vals


def _angle(c, p) -> float:
    """Angle of p about c in the (z, x) plane (z right, x up), counter-clockwise."""
    return math.atan2(p[0] - c[0], p[1] - c[1])


def on_arc(s: Segment, q) -> bool:
    """Whether point q (on the arc's circle) lies within the arc from p0 to p1."""
    a0, a1, aq = _angle(s.c, s.p0), _angle(s.c, s.p1), _angle(s.c, q)
    if not s.ccw:
        a0, a1, aq = -a0, -a1, -aq
    span = (a1 - a0) % (2 * math.pi) or 2 * math.pi
    return (aq - a0) % (2 * math.pi) <= span + 1e-12


def check_monotonic(profile: list[Segment], depth: int, along: int, sd: float, sa: float, type1: bool):
    """The control's alarms: the profile must go one way along the cut (`along`) and, for type I,
    one way in depth. `sd`, `sa` are the signs that make depth rise and the cut go down."""
    for s in profile:
        va = _arc_extremes(s, along) if s.kind == ARC else [s.p0[along], s.p1[along]]
        vd = _arc_extremes(s, depth) if s.kind == ARC else [s.p0[depth], s.p1[depth]]
        a0 = sa * s.p0[along]
        if any(sa * v > a0 + 1e-7 for v in va) or sa * s.p1[along] > a0 + 1e-7:
            raise CycleError("LATHE.profile_back", profile_line=s.data)
        if type1:
            d0 = sd * s.p0[depth]
            if any(sd * v < d0 - 1e-7 for v in vd) or sd * s.p1[depth] < d0 - 1e-7:
                raise CycleError("LATHE.profile_monotonic", profile_line=s.data)


def crossings(profile: list[Segment], k: int, value: float, sd: float = 1.0) -> list[tuple[float, int]]:
    """Where the profile passes from one side of coordinate k = value to the other: (the other
    coordinate, segment index), in profile order. "Above" is sd·coordinate > sd·value; running
    along the level or touching it without going over is no crossing."""
    out = []
    o = 1 - k

    def above(v: float) -> bool:
        return sd * v > sd * value + 1e-9

    for i, s in enumerate(profile):
        if s.kind == ARC:
            rho = math.hypot(s.p0[0] - s.c[0], s.p0[1] - s.c[1])
            h = rho * rho - (value - s.c[k]) ** 2
            if h < 0:
                continue
            span = _angle_along(s, s.p1) or 2 * math.pi
            cand = []
            for sign in (-1.0, 1.0):
                q = [0.0, 0.0]
                q[k] = value
                q[o] = s.c[o] + sign * math.sqrt(h)
                if on_arc(s, tuple(q)):
                    t = _angle_along(s, tuple(q))
                    t = 0.0 if t > span else t          # the start, seen through the wrap
                    before = _arc_point(s, max(t - 1e-7, 0.0))[k]
                    after = _arc_point(s, min(t + 1e-7, span))[k]
                    if above(before) != above(after):
                        cand.append((t, q[o]))
            out += [(v, i) for _, v in sorted(cand)]
        else:
            a, b = s.p0[k], s.p1[k]
            if above(a) != above(b):
                t = (value - a) / (b - a)
                out.append((s.p0[o] + t * (s.p1[o] - s.p0[o]), i))
    return out


def _arc_point(s: Segment, t: float) -> tuple[float, float]:
    """The point of arc s turned by t radians from its start, in its direction."""
    a = _angle(s.c, s.p0) + (t if s.ccw else -t)
    rho = math.hypot(s.p0[0] - s.c[0], s.p0[1] - s.c[1])
    return (s.c[0] + rho * math.sin(a), s.c[1] + rho * math.cos(a))


def _angle_along(s: Segment, q) -> float:
    a0, aq = _angle(s.c, s.p0), _angle(s.c, q)
    return ((aq - a0) if s.ccw else (a0 - aq)) % (2 * math.pi)


def _profile_moves(profile: list[Segment]) -> list:
    return [_m(ARC if s.kind == ARC else FEED, s.p1[0], s.p1[1], s.c if s.kind == ARC else None, s.ccw)
            for s in profile]


def rough(a, profile: list[Segment], depth_cut: float, retract: float, facing: bool, infeed: int,
          type2: bool = False) -> list:
    """G71 (facing=False: levels in X, cuts along Z) or G72 (levels in Z, cuts along X).

    `profile` is already shifted by the finishing allowance. Levels go from A toward the profile
    every `depth_cut`; each cut ends on the profile, backs off 45° by `retract` and returns at
    rapid; type II cuts every stretch where the profile lies under the level. Then one pass
    along the profile, and back to A.
    """
    if not profile:
        return []
    d, c = (1, 0) if facing else (0, 1)          # depth and cut coordinates
    start, end = profile[0].p0, profile[-1].p1
    sd = 1.0 if a[d] > start[d] else -1.0           # depth coordinate falls toward the profile
    sc = 1.0 if a[c] > end[c] else -1.0             # cutting direction falls
    check_monotonic(profile, d, c, sd, sc, not type2)
    levels = []
    lv = a[d] - sd * depth_cut
    floor = min((sd * v for s in profile for v in ((_arc_extremes(s, d)) if s.kind == ARC
                                                     else (s.p0[d], s.p1[d]))))
    while sd * lv > floor + 1e-9:
        levels.append(lv)
        lv -= sd * depth_cut
    out = []

    def pt(dv, cv):
        p = [0.0, 0.0]
        p[d], p[c] = dv, cv
        return p

    for k, lv in enumerate(levels):
        hits = crossings(profile, d, lv, sd)
        stretches = []
        inside = not sd * start[d] > sd * lv + 1e-9   # the profile starts under the level
        first = a[c]
        for v, _ in hits:
            if inside:
                stretches.append((first, v))
            first = v
            inside = not inside
        if inside:
            stretches.append((first, end[c]))
        if not type2:
            stretches = stretches[:1]
        for j, (c0, c1) in enumerate(stretches):
            up = lv + sd * retract
            if j == 0:
                out.append(_m(infeed, *_xz(pt(lv, a[c]))))
            else:                                   # into a recess: down its wall at feed
                out.append(_m(RAPID, *_xz(pt(a[d], c0))))
                out.append(_m(FEED, *_xz(pt(lv, c0))))
            out.append(_m(FEED, *_xz(pt(lv, c1))))
            out.append(_m(FEED, *_xz(pt(up, c1 + sc * retract))))
            if j < len(stretches) - 1 or j > 0:     # out of a recess: up above the part first
                out.append(_m(RAPID, *_xz(pt(a[d], c1 + sc * retract))))
                if j == len(stretches) - 1:
                    out.append(_m(RAPID, *_xz(pt(a[d], a[c]))))
            else:
                out.append(_m(RAPID, *_xz(pt(up, a[c]))))
    out.append(_m(infeed, start[0], start[1]))
    out += _profile_moves(profile)
    out.append(_m(RAPID, a[0], a[1]))
    return out


def _xz(p):
    return p[0], p[1]


def pattern(a, profile: list[Segment], relief: tuple[float, float], passes: int) -> list:
    """G73: the profile cut `passes` times, from `relief` (x radius, z) away down to the allowance
    already applied to `profile`; each pass starts and ends at A at rapid."""
    out = []
    n = max(int(passes), 1)
    for k in range(1, n + 1):
        f = (n - k) / (n - 1) if n > 1 else 0.0
        p = shifted(profile, relief[0] * f, relief[1] * f)
        out.append(_m(RAPID, p[0].p0[0], p[0].p0[1]))
        out += _profile_moves(p)
        out.append(_m(RAPID, a[0], a[1]))
    return out
