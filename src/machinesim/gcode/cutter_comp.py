"""Cutter radius compensation (G41/G42/G40): the programmed contour to the tool-centre path.

The interpreter feeds the programmed segments of one G41/G42 ... G40 span to a `CutterComp` in
program order; it answers with pieces of the tool-centre path, holding one in-plane segment back
because where a segment ends depends on the next one (one segment of look-ahead, as the controls
do). Moves with no motion in the compensation plane (a pure Z plunge in G17) pass through in order,
at the tool's compensated position.

Geometry, in the plane's own axes (G17 X,Y; G18 Z,X; G19 Y,Z: "left" is seen from the positive end
of the third axis, as both LinuxCNC and Fanuc define it):
- each line is offset by the radius to the left (G41) or right (G42) of its direction, each arc
  keeps its centre and grows or shrinks by the radius;
- outside corners (the path turns away from the tool, a 180° reversal included unless an arc
  there curls the two offsets into each other: that cusp is trimmed like an inside corner, as
  rs274 does) get an arc of the
  tool radius centred on the programmed corner, emitted with the next move and at its start level
  (as LinuxCNC does); no arc is added before a rapid, which goes straight;
- inside corners are trimmed at the intersection of the two offset elements;
- in ``linuxcnc`` a turn under 0.05 rad counts as tangent (LinuxCNC's threshold): no arc, no trim,
  the next element starts where the previous one ended; in ``fanuc`` only rounding kinks
  (under 1e-6 rad) do, so corners stay exact.
Fanuc's type C compensation inserts straight vectors or arcs at outside corners depending on
parameters and on G39; arcs are used in both dialects here: they are what the tool touches (the
corner point) and they keep the path exactly one radius from the contour.

Start-up and cancel, after LinuxCNC's "Cutter Compensation" documentation and its rs274 (dialect
``linuxcnc``): a straight entry move must be longer than the radius; its end is offset perpendicular
to itself and then joined to the next element like any corner (trimmed inside, arc outside). The
documentation asks for a straight entry, but rs274 2.9 also starts on an arc: its end is offset
along its radius and its centre slides along that radius until the arc passes through the unoffset
start; machinesim does the same. After Fanuc's type A start-up (dialect ``fanuc``): the entry move
goes straight to the point offset perpendicular to the next element at its start, and an arc entry
is refused (Fanuc alarm PS0034). In both, the G40 move is a straight line from the offset end of
the last element to its programmed end; an arc there is refused.

A LinuxCNC entry meeting its first element at so sharp an angle that its trimmed end lies behind
its start is run as rs274 runs it (the lead's decision: what the real machine cuts): the tool backs
up to that point, gouging the wall, and a following line runs backwards; a `COMPENSATION.entry_gouge`
warning at the block that showed it tells the student. A first line shorter than the entry's trim
that leaves by an outside or tangent corner also runs backwards in rs274, without harm: the entry
ends beyond the line's end on the convex side, one radius clear of the contour; no finding. Fanuc's type A start-up never backs up (it
goes straight to the first element's offset start), and every other backwards element stays an
error in both dialects, as a Fanuc interference check alarms.

Errors are `COMPENSATION` findings: a concave arc smaller than the tool (at its line), an inside
element shorter than the tool needs, its trimmed offset running backwards (at the next block, where
the control finds it and stops, as rs274 does; the message names the element's line), a too-short
LinuxCNC entry, an arc exit (or entry in ``fanuc``), G19 in ``linuxcnc``. rs274 misses some of these reversals
(it then cuts backwards along the element); machinesim reports them all. After an error
every call returns nothing (the control stops there). Findings carry no file name (`file` is ""):
the interpreter fills it in from `params["file_index"]`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..findings import ERROR, WARNING, Finding
from ..toolpath import ARC, FEED, RAPID

PLANE_AXES = {17: (0, 1, 2), 18: (2, 0, 1), 19: (1, 2, 0)}
EPS = 1e-9            # mm: lengths (and radians: angles) below this are zero
TINY_ARC = 1e-7       # mm: a corner or trimmed arc shorter than this becomes a straight line
SMOOTH = {            # rad: a turn smaller than this is taken as a tangent junction
    "fanuc": 1e-6,    # rounded program coordinates leave such kinks: the path moves under R·1e-6
    "linuxcnc": 0.05,  # LinuxCNC's TOLERANCE_CONCAVE_CORNER: no corner arc, no trim below it
}
TWO_PI = 2.0 * math.pi


@dataclass(frozen=True)
class ProgSeg:
    """A programmed move in work coordinates; arcs give their centre at the start's height."""

    kind: int
    start: tuple[float, float, float]
    end: tuple[float, float, float]
    center: tuple[float, float, float] = (0.0, 0.0, 0.0)
    ccw: bool = False
    turns: int = 0
    feed: float = 0.0
    line: int = 0
    column: int = 0
    file: int = 0


@dataclass(frozen=True)
class OutSeg(ProgSeg):
    """A piece of the compensated tool-centre path (same fields as `ProgSeg`)."""


def _sub(p, q):
    return (p[0] - q[0], p[1] - q[1])


def _dot(p, q):
    return p[0] * q[0] + p[1] * q[1]


def _cross(p, q):
    return p[0] * q[1] - p[1] * q[0]


def _unit(v):
    n = math.hypot(v[0], v[1])
    return (v[0] / n, v[1] / n)


def _left(v):
    return (-v[1], v[0])


def _wrap(a):
    """Angle in (-π, π]."""
    a = math.fmod(a, TWO_PI)
    if a <= -math.pi:
        a += TWO_PI
    elif a > math.pi:
        a -= TWO_PI
    return a


def _arc_sweep(p0, p1, center, ccw, turns):
    """Swept angle (> 0) of a programmed arc, with the toolpath's convention (start == end: 2π)."""
    a0 = math.atan2(p0[1] - center[1], p0[0] - center[0])
    a1 = math.atan2(p1[1] - center[1], p1[0] - center[0])
    d = (a1 - a0) if ccw else (a0 - a1)
    d = math.fmod(d, TWO_PI)
    if d < 0:
        d += TWO_PI
    if d <= 1e-12:
        d += TWO_PI
    return d + TWO_PI * turns


@dataclass
class _Elem:
    """A held in-plane element: programmed geometry, its offset, and how much its start lost."""

    seg: ProgSeg
    p0: tuple[float, float]
    p1: tuple[float, float]
    c0: float
    c1: float
    offset: float                         # the signed tool radius (+ left)
    entry: bool = False
    center: tuple[float, float] = (0.0, 0.0)
    radius: float = 0.0                   # programmed radius (arcs)
    oradius: float = 0.0                  # offset radius (arcs)
    sweep: float = 0.0                    # programmed swept angle (arcs) or length (lines)
    trim_start: float = 0.0               # progress already eaten at the start (mm or rad)
    dir: tuple[float, float] = field(default=(1.0, 0.0))
    corner: tuple[float, float] | None = None   # programmed end, when p1 is already offset

    @property
    def is_arc(self) -> bool:
        return self.seg.kind == ARC

    @property
    def sign(self) -> float:
        return 1.0 if self.seg.ccw else -1.0

    def tangent(self, at_end: bool) -> tuple[float, float]:
        if not self.is_arc:
            return self.dir
        if at_end and self.corner is not None:   # an arc entry leaves along the programmed arc
            n = _unit(_sub(self.p1, self.corner))
            s = 1.0 if self.offset > 0 else -1.0
            return (s * n[1], -s * n[0])
        p = self.p1 if at_end else self.p0
        r = _unit(_sub(p, self.center))
        return (-r[1] * self.sign, r[0] * self.sign)

    def offset_point(self, at_end: bool) -> tuple[float, float]:
        """The programmed point moved one tool radius off the contour. An arc's end may lie off
        its circle by the control's tolerance: the offset is taken from the end's own radius, so
        the tool stays one radius from the programmed end point (as rs274 does)."""
        p = self.p1 if at_end else self.p0
        if self.is_arc:
            d = _sub(p, self.center)
            rho = self.oradius if self.corner is not None else math.hypot(*d) - self.offset * self.sign
            r = _unit(d)
            return (self.center[0] + rho * r[0], self.center[1] + rho * r[1])
        n = _left(self.dir)
        return (p[0] + self.offset * n[0], p[1] + self.offset * n[1])

    def progress(self, nominal, point) -> float:
        """How far `point` lies past `nominal` along the offset element (mm, or rad for arcs)."""
        if self.is_arc:
            a = math.atan2(point[1] - self.center[1], point[0] - self.center[0])
            b = math.atan2(nominal[1] - self.center[1], nominal[0] - self.center[0])
            return _wrap((a - b) * self.sign)
        return _dot(_sub(point, nominal), self.dir)


def _line_circle(a, t, c, rho):
    f = _sub(a, c)
    b = _dot(t, f)
    disc = b * b - (_dot(f, f) - rho * rho)
    if disc < 0.0:
        if disc < -1e-9 * max(rho * rho, 1.0):
            return []
        disc = 0.0
    s = math.sqrt(disc)
    return [(a[0] + u * t[0], a[1] + u * t[1]) for u in (-b - s, -b + s)]


def _circle_circle(c1, r1, c2, r2):
    d = math.hypot(c2[0] - c1[0], c2[1] - c1[1])
    if d < EPS:
        return []
    x = (d * d + r1 * r1 - r2 * r2) / (2.0 * d)
    h2 = r1 * r1 - x * x
    if h2 < 0.0:
        if h2 < -1e-9 * max(r1 * r1, 1.0):
            return []
        h2 = 0.0
    h = math.sqrt(h2)
    u = ((c2[0] - c1[0]) / d, (c2[1] - c1[1]) / d)
    m = (c1[0] + x * u[0], c1[1] + x * u[1])
    return [(m[0] - h * u[1], m[1] + h * u[0]), (m[0] + h * u[1], m[1] - h * u[0])]


def _meetings(h: _Elem, n: _Elem, e1, s2) -> list:
    """Every meeting point of two offset elements (lines taken as infinite, arcs as circles)."""
    t1, t2 = h.tangent(True), n.tangent(False)
    if not h.is_arc and not n.is_arc:
        den = _cross(t1, t2)
        if abs(den) < 1e-15:
            return []
        u = _cross(_sub(s2, e1), t2) / den
        return [(e1[0] + u * t1[0], e1[1] + u * t1[1])]
    if not h.is_arc:
        return _line_circle(e1, t1, n.center, n.oradius)
    if not n.is_arc:
        return _line_circle(s2, t2, h.center, h.oradius)
    return _circle_circle(h.center, h.oradius, n.center, n.oradius)


def _intersect(h: _Elem, n: _Elem, e1, s2):
    """The meeting point of two offset elements nearest to their untrimmed ends, or None."""
    cands = _meetings(h, n, e1, s2)
    if not cands:
        return None
    return min(cands, key=lambda x: math.dist(x, e1) + math.dist(x, s2))


def _reversal_trim(h: _Elem, n: _Elem, e1, s2):
    """At a tangent reversal touching an arc, the point where both offset elements are cut back
    (the tool sits in the cusp between them: an inside corner, as rs274 takes it), or None when
    the offsets do not cross there (an outside reversal, the tool goes round the corner)."""
    if not (h.is_arc or n.is_arc):
        return None
    cands = [x for x in _meetings(h, n, e1, s2)
             if n.progress(s2, x) >= -EPS and h.progress(x, e1) >= -EPS]
    if not cands:
        return None
    return min(cands, key=lambda x: math.dist(x, e1) + math.dist(x, s2))


class CutterComp:
    """Compensation of one G41/G42 ... G40 span; see the module docstring for the rules."""

    def __init__(self, dialect: str, plane: int, side: int, radius: float, line: int, column: int):
        if dialect not in ("fanuc", "linuxcnc"):
            raise ValueError(f"unknown dialect {dialect!r}")
        if plane not in PLANE_AXES or side not in (1, -1) or not radius > 0.0:
            raise ValueError("plane 17/18/19, side +1/-1 and a positive radius are required")
        self.dialect = dialect
        self.plane = plane
        self.side = side
        self.radius = float(radius)
        self.line = line
        self.column = column
        self.findings: list[Finding] = []
        self._axes = PLANE_AXES[plane]
        self._held: _Elem | None = None
        self._pending: list[ProgSeg] = []     # out-of-plane moves waiting behind the held element
        self._entered = False
        self._failed = False
        self._done = False
        self._backs_up = False                # the entry backed up: the next line may run backwards
        self._after_entry = False             # the held element follows a LinuxCNC straight entry
        self._tool: tuple[float, float, float] | None = None
        if dialect == "linuxcnc" and plane == 19:
            self._fail("COMPENSATION.plane", line, column, 0, plane=plane)

    # -- public ------------------------------------------------------------------------------
    @property
    def position(self) -> tuple[float, float, float] | None:
        """Where the tool centre is after everything returned so far (work coordinates)."""
        return self._tool

    def push(self, seg: ProgSeg) -> list[OutSeg]:
        """Take the next programmed segment; return the pieces of path now known (maybe none)."""
        if self._failed or self._done:
            return []
        if self._tool is None:
            self._tool = tuple(float(v) for v in seg.start)
        out: list[OutSeg] = []
        if not self._in_plane(seg):
            if self._held is None:
                out.append(self._pass(seg))
            else:
                self._pending.append(seg)
            return out
        elem = self._elem(seg)
        if elem is None:
            return out
        if not self._entered:
            self._entered = True
            self._enter(elem)
            return out
        self._join(elem, out)
        return out

    def cancel(self, seg: ProgSeg | None) -> list[OutSeg]:
        """G40: flush the held element, then the exit move `seg` (if any) to its programmed end.

        The span is over afterwards: later pushes return nothing.
        """
        if self._failed or self._done:
            return []
        out: list[OutSeg] = []
        h = self._held
        if h is not None:
            e1 = h.offset_point(True)
            if h.entry and self.dialect == "fanuc":   # no contour element came: offset the entry itself
                self._emit_line(h, e1, out)
            elif not self._finish(h, e1, 0.0, out, seg or h.seg):
                return out
            self._flush_pending(out)
            self._held = None
        self._done = True
        if seg is None:
            return out
        if seg.kind == ARC:
            self._fail("COMPENSATION.exit_arc", seg.line, seg.column, seg.file)
            return out
        if self._tool is None:
            self._tool = tuple(float(v) for v in seg.start)
        out.append(self._out(seg, seg.kind, self._tool, tuple(float(v) for v in seg.end)))
        return out

    # -- plane mapping -----------------------------------------------------------------------
    def _plane_pt(self, p) -> tuple[float, float]:
        return (float(p[self._axes[0]]), float(p[self._axes[1]]))

    def _level(self, p) -> float:
        return float(p[self._axes[2]])

    def _xyz(self, ab, level) -> tuple[float, float, float]:
        p = [0.0, 0.0, 0.0]
        p[self._axes[0]], p[self._axes[1]], p[self._axes[2]] = ab[0], ab[1], level
        return (p[0], p[1], p[2])

    def _in_plane(self, seg: ProgSeg) -> bool:
        if seg.kind == ARC:
            return True
        a, b = self._plane_pt(seg.start), self._plane_pt(seg.end)
        return math.hypot(b[0] - a[0], b[1] - a[1]) > EPS

    # -- building blocks -----------------------------------------------------------------------
    def _fail(self, key: str, line: int, column: int, file: int, **params) -> None:
        params["file_index"] = file
        self.findings.append(Finding(code="COMPENSATION", severity=ERROR, line=line, column=column,
                                     key=key, params=params))
        self._failed = True

    def _elem(self, seg: ProgSeg) -> _Elem | None:
        p0, p1 = self._plane_pt(seg.start), self._plane_pt(seg.end)
        e = _Elem(seg=seg, p0=p0, p1=p1, c0=self._level(seg.start), c1=self._level(seg.end),
                  offset=self.side * self.radius)
        if seg.kind == ARC:
            e.center = self._plane_pt(seg.center)
            e.radius = math.hypot(p0[0] - e.center[0], p0[1] - e.center[1])
            e.oradius = e.radius - e.offset * e.sign
            e.sweep = _arc_sweep(p0, p1, e.center, seg.ccw, seg.turns)
            if e.oradius <= EPS:
                self._fail("COMPENSATION.arc_too_small", seg.line, seg.column, seg.file,
                           arc_radius=round(e.radius, 4), tool_radius=round(self.radius, 4))
                return None
        else:
            e.sweep = math.hypot(p1[0] - p0[0], p1[1] - p0[1])
            e.dir = _unit(_sub(p1, p0))
        return e

    def _enter(self, e: _Elem) -> None:
        seg = e.seg
        reach = math.dist(self._plane_pt(self._tool), e.p1)
        if self.dialect == "linuxcnc" and reach <= self.radius:
            self._fail("COMPENSATION.entry_short", seg.line, seg.column, seg.file,
                       length=round(reach, 4), tool_radius=round(self.radius, 4))
            return
        if seg.kind == ARC:
            if self.dialect == "fanuc" or not self._arc_entry(e):
                self._fail("COMPENSATION.entry_arc", seg.line, seg.column, seg.file)
            return
        e.entry = True
        self._held = e

    def _arc_entry(self, e: _Elem) -> bool:
        """LinuxCNC's arc entry (rs274 2.9): the end is offset along its radius as on any arc, and
        the centre slides along that radius until the arc passes through the unoffset start."""
        start, c = self._plane_pt(self._tool), e.center
        u = _unit(_sub(e.p1, c))
        end = (c[0] + e.oradius * u[0], c[1] + e.oradius * u[1])
        cs = _sub(c, start)
        den = 2.0 * (_dot(u, cs) + e.oradius)
        if abs(den) < EPS:
            return False
        t = (e.oradius ** 2 - _dot(cs, cs)) / den
        e.center = (c[0] + t * u[0], c[1] + t * u[1])
        e.radius = e.oradius = abs(e.oradius - t)
        if e.radius <= EPS or math.dist(start, end) <= EPS:
            return False
        e.corner, e.p0, e.p1 = e.p1, start, end
        e.sweep = _arc_sweep(start, end, e.center, e.seg.ccw, e.seg.turns)
        e.entry = True
        self._held = e
        return True

    def _join(self, n: _Elem, out: list[OutSeg]) -> None:
        """Close the held element against the new one `n`, then hold `n`."""
        h = self._held
        assert h is not None
        if h.entry and self.dialect == "fanuc":
            s2 = n.offset_point(False)
            self._emit_line(h, s2, out)
            self._flush_pending(out)
            self._held = n
            return
        t1, t2 = h.tangent(True), n.tangent(False)
        turn = math.atan2(_cross(t1, t2), _dot(t1, t2))
        e1, s2 = h.offset_point(True), n.offset_point(False)
        corner = None
        smooth = SMOOTH[self.dialect]
        x = _reversal_trim(h, n, e1, s2) if abs(turn) > math.pi - smooth else None
        if abs(turn) < smooth:
            end = e1
        elif x is None and (self.side * turn < 0.0 or abs(turn) > math.pi - smooth):   # outside
            end = e1
            if n.seg.kind != RAPID:
                corner = (e1, s2, abs(turn))
        else:                                                       # inside corner
            x = x or _intersect(h, n, e1, s2)
            if x is None:
                self._gouge(h, n.seg)
                return
            end = x
            n.trim_start = n.progress(s2, x)
        line_entry = h.entry and not h.is_arc
        if not self._finish(h, end, 0.0 if line_entry else h.progress(end, e1), out, n.seg):
            return
        self._flush_pending(out)
        if corner is not None:
            self._emit_corner(h.corner or h.p1, n, *corner, out)
        self._held = n

    def _gouge(self, h: _Elem, at: ProgSeg) -> None:
        """Element `h` cannot be followed; the control stops at `at`, the block that showed it."""
        self._fail("COMPENSATION.gouge", at.line, at.column, at.file, element_line=h.seg.line,
                   tool_radius=round(self.radius, 4))

    def _warn_entry_gouge(self, h: _Elem, at: ProgSeg) -> None:
        """A LinuxCNC entry whose trimmed end lies behind its start: rs274 backs the tool up there
        (and along the next line, if it is one) into the wall; the path is kept, the student told."""
        self.findings.append(Finding(code="COMPENSATION", severity=WARNING, line=at.line,
                                     column=at.column, key="COMPENSATION.entry_gouge",
                                     params={"element_line": h.seg.line,
                                             "tool_radius": round(self.radius, 4),
                                             "file_index": at.file}))
        self._backs_up = True

    def _finish(self, h: _Elem, end, trim_end: float, out: list[OutSeg], at: ProgSeg) -> bool:
        """Emit the held element from its start to `end`; False (and a finding at `at`) if it
        vanished."""
        if h.entry and not h.is_arc:   # LinuxCNC entry: from the unoffset start to its end
            if _dot(_sub(end, self._plane_pt(self._tool)), h.dir) <= EPS:
                self._warn_entry_gouge(h, at)
            self._emit_line(h, end, out)
            self._after_entry = True
            return True
        backs_up, self._backs_up = self._backs_up, False
        after_entry, self._after_entry = self._after_entry, False
        left = h.sweep - h.trim_start - trim_end
        scale = h.oradius if h.is_arc else 1.0
        if left * scale < -EPS:
            # rs274 runs the line after an entry that backed up backwards, and so the first line
            # shorter than the entry's trim when it leaves by an outside or tangent corner: the
            # tool then sits beyond its end on the convex side, clear of the contour, no gouge
            if not h.is_arc and (backs_up or (after_entry and abs(trim_end) <= EPS)):
                self._emit_line(h, end, out)
                return True
            self._gouge(h, at)
            return False
        if left * scale <= EPS:   # the element shrinks to a point: the tool just fits
            if abs(h.c1 - self._level(self._tool)) > EPS:
                self._emit_line(h, end, out)   # keep its move along the third axis
            return True
        if h.is_arc and left * h.oradius > TINY_ARC:
            self._emit_arc(h, end, left, out)
        else:
            self._emit_line(h, end, out)
        return True

    def _emit_line(self, h: _Elem, end, out: list[OutSeg]) -> None:
        seg = h.seg
        start = self._xyz(self._plane_pt(self._tool), self._level(self._tool))
        kind = RAPID if seg.kind == RAPID else FEED
        out.append(self._out(seg, kind, start, self._xyz(end, h.c1)))

    def _emit_arc(self, h: _Elem, end, sweep: float, out: list[OutSeg]) -> None:
        seg = h.seg
        start = self._xyz(self._plane_pt(self._tool), self._level(self._tool))
        turns = max(0, math.ceil(sweep / TWO_PI - 1e-12) - 1)
        out.append(self._out(seg, ARC, start, self._xyz(end, h.c1),
                             center=self._xyz(h.center, self._level(self._tool)), ccw=seg.ccw,
                             turns=turns))

    def _emit_corner(self, corner, n: _Elem, e1, s2, angle: float, out: list[OutSeg]) -> None:
        level = n.c0
        start, end = self._xyz(e1, level), self._xyz(s2, level)
        if self.radius * angle > TINY_ARC:
            out.append(self._out(n.seg, ARC, start, end, center=self._xyz(corner, level),
                                 ccw=self.side < 0, turns=0))
        else:
            out.append(self._out(n.seg, FEED, start, end))

    def _flush_pending(self, out: list[OutSeg]) -> None:
        for seg in self._pending:
            out.append(self._pass(seg))
        self._pending.clear()

    def _pass(self, seg: ProgSeg) -> OutSeg:
        """An out-of-plane move at the tool's compensated in-plane position."""
        ab = self._plane_pt(self._tool)
        return self._out(seg, seg.kind, self._xyz(ab, self._level(seg.start)),
                         self._xyz(ab, self._level(seg.end)))

    def _out(self, seg: ProgSeg, kind: int, start, end, center=(0.0, 0.0, 0.0), ccw=False,
             turns=0) -> OutSeg:
        self._tool = end
        return OutSeg(kind=kind, start=start, end=end, center=center, ccw=ccw, turns=turns,
                      feed=seg.feed, line=seg.line, column=seg.column, file=seg.file)
