"""Cutter radius compensation against analytic offsets: lines at exactly one radius, corner arcs
centred on the programmed corners, circles grown or shrunk by the radius, entry and exit geometry,
and each impossible case reported at its line."""
import math
import os
import re
import shutil
import subprocess
import tempfile

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from machinesim.gcode.cutter_comp import CutterComp, OutSeg, ProgSeg
from machinesim.messages import CATALOGUE, render
from machinesim.toolpath import ARC, FEED, RAPID

TOL = 1e-9


def program(points, z=-2.0, start_line=10):
    """Programmed straight feeds through `points` (x, y), numbered from `start_line`."""
    segs, cur = [], points[0]
    for i, p in enumerate(points[1:]):
        segs.append(ProgSeg(FEED, (cur[0], cur[1], z), (p[0], p[1], z), feed=300.0,
                            line=start_line + i, column=1))
        cur = p
    return segs


def arc(start, end, center, ccw, line, z=-2.0, turns=0):
    return ProgSeg(ARC, (start[0], start[1], z), (end[0], end[1], z), (center[0], center[1], z),
                   ccw, turns, 300.0, line, 1)


def run(segs, dialect="fanuc", side=1, radius=3.0, exit_to=None, plane=17):
    cc = CutterComp(dialect, plane, side, radius, segs[0].line, 1)
    out = []
    for s in segs:
        out += cc.push(s)
    last = segs[-1].end
    if exit_to is None:
        out += cc.cancel(None)
    else:
        out += cc.cancel(ProgSeg(FEED, last, exit_to, feed=300.0, line=99, column=1))
    return out, cc.findings


def close(p, q, tol=TOL):
    return all(abs(a - b) <= tol for a, b in zip(p, q))


def assert_continuous(out):
    for a, b in zip(out, out[1:]):
        assert close(a.end, b.start), (a, b)


def sample(seg: OutSeg, n=9):
    """Points along an output piece (xy), from its own start, end, centre and direction."""
    s, e = seg.start[:2], seg.end[:2]
    if seg.kind != ARC:
        return [(s[0] + (e[0] - s[0]) * t / (n - 1), s[1] + (e[1] - s[1]) * t / (n - 1))
                for t in range(n)]
    c = seg.center[:2]
    r = math.dist(s, c)
    a0 = math.atan2(s[1] - c[1], s[0] - c[0])
    a1 = math.atan2(e[1] - c[1], e[0] - c[0])
    sweep = (a1 - a0) if seg.ccw else (a0 - a1)
    sweep %= 2 * math.pi
    if sweep <= 1e-12:
        sweep += 2 * math.pi
    sweep += 2 * math.pi * seg.turns
    sgn = 1 if seg.ccw else -1
    return [(c[0] + r * math.cos(a0 + sgn * sweep * t / (n - 1)),
             c[1] + r * math.sin(a0 + sgn * sweep * t / (n - 1))) for t in range(n)]


def dist_to_segment(p, a, b):
    ab = (b[0] - a[0], b[1] - a[1])
    t = ((p[0] - a[0]) * ab[0] + (p[1] - a[1]) * ab[1]) / (ab[0] ** 2 + ab[1] ** 2)
    t = min(1.0, max(0.0, t))
    return math.dist(p, (a[0] + t * ab[0], a[1] + t * ab[1]))


def dist_to_ccw_arc(p, c, a, b):
    """Distance from p to the counter-clockwise arc of centre c from a to b (less than a turn)."""
    ang = lambda q: math.atan2(q[1] - c[1], q[0] - c[0])
    span = (ang(b) - ang(a)) % (2 * math.pi)
    if (ang(p) - ang(a)) % (2 * math.pi) <= span:
        return abs(math.dist(p, c) - math.dist(a, c))
    return min(math.dist(p, a), math.dist(p, b))


def dist_to_polygon(p, pts):
    return min(dist_to_segment(p, pts[i], pts[(i + 1) % len(pts)]) for i in range(len(pts)))


# --- a rectangle, outside and inside ---------------------------------------------------------------
RECT = [(0.0, 0.0), (0.0, 30.0), (50.0, 30.0), (50.0, 0.0), (0.0, 0.0)]   # clockwise: G41 is outside


def test_rectangle_outside_lands_on_the_offset_lines_with_corner_arcs_on_the_corners():
    R = 4.0
    segs = program([(-20.0, -10.0)] + RECT)     # a lead-in from outside, then the contour
    out, findings = run(segs, radius=R, exit_to=(-20.0, -10.0, -2.0))
    assert findings == []
    assert_continuous(out)
    lines = [o for o in out if o.kind == FEED and 11 <= o.line <= 14]
    arcs = [o for o in out if o.kind == ARC]
    # each side lies on its offset line, one radius outside
    assert close(lines[0].start[:2], (-R, 0)) and close(lines[0].end[:2], (-R, 30))
    assert close(lines[1].start[:2], (0, 30 + R)) and close(lines[1].end[:2], (50, 30 + R))
    assert close(lines[2].start[:2], (50 + R, 30)) and close(lines[2].end[:2], (50 + R, 0))
    assert close(lines[3].start[:2], (50, -R)) and close(lines[3].end[:2], (0, -R))
    # three corner arcs of radius R centred on the programmed corners, clockwise like the contour
    assert [a.center[:2] for a in arcs] == [(0.0, 30.0), (50.0, 30.0), (50.0, 0.0)]
    for a in arcs:
        assert not a.ccw and a.turns == 0
        assert math.isclose(math.dist(a.start[:2], a.center[:2]), R)
        assert math.isclose(math.dist(a.end[:2], a.center[:2]), R)
    # Fanuc type A start-up: the lead-in ends perpendicular to the first side at its start
    assert out[0].line == 10 and close(out[0].start[:2], (-20, -10)) and close(out[0].end[:2], (-R, 0))
    # G40: from the offset end of the last side straight to the programmed point
    assert out[-1].line == 99 and close(out[-1].start[:2], (0, -R))
    assert close(out[-1].end, (-20, -10, -2))


def test_rectangle_inside_is_trimmed_at_the_offset_intersections():
    R = 4.0
    pocket = [(25.0, 0.0), (50.0, 0.0), (50.0, 30.0), (0.0, 30.0), (0.0, 0.0), (25.0, 0.0)]   # CCW
    segs = program([(25.0, 15.0)] + pocket)
    out, findings = run(segs, radius=R, exit_to=(25.0, 15.0, -2.0))
    assert findings == []
    assert_continuous(out)
    assert not any(o.kind == ARC for o in out)
    corners = [o.end[:2] for o in out if 11 <= o.line <= 14]
    assert [tuple(round(v, 12) for v in c) for c in corners] == [
        (50 - R, R), (50 - R, 30 - R), (R, 30 - R), (R, R)]


# --- circles grow and shrink by the radius -----------------------------------------------------------
@pytest.mark.parametrize("ccw,side,grow", [(False, 1, True), (True, 1, False), (False, -1, False),
                                           (True, -1, True)])
def test_full_circle_radius_changes_by_the_tool_radius(ccw, side, grow):
    R, r = 2.5, 10.0
    lead = ProgSeg(FEED, (20.0, 0.0, -1.0), (10.0, 0.0, -1.0), feed=200.0, line=5)
    circle = arc((10.0, 0.0), (10.0, 0.0), (0.0, 0.0), ccw, 6, z=-1.0)
    out, findings = run([lead, circle], side=side, radius=R, exit_to=(20.0, 0.0, -1.0))
    assert findings == []
    assert_continuous(out)
    full = [o for o in out if o.line == 6]
    assert len(full) == 1 and full[0].kind == ARC and full[0].ccw == ccw and full[0].turns == 0
    expect = r + R if grow else r - R
    assert close(full[0].start, (expect, 0.0, -1.0)) and close(full[0].end, (expect, 0.0, -1.0))
    for p in sample(full[0]):
        assert math.isclose(math.hypot(*p), expect, abs_tol=TOL)


def test_helix_keeps_its_turns_and_its_rise():
    lead = ProgSeg(FEED, (20.0, 0.0, 0.0), (10.0, 0.0, 0.0), feed=200.0, line=5)
    helix = ProgSeg(ARC, (10.0, 0.0, 0.0), (10.0, 0.0, -6.0), (0.0, 0.0, 0.0), False, 2, 200.0, 6)
    out, findings = run([lead, helix], radius=1.0, exit_to=(20.0, 0.0, -6.0))
    h = [o for o in out if o.line == 6][0]
    assert findings == [] and h.turns == 2 and not h.ccw
    assert close(h.start, (11.0, 0.0, 0.0)) and close(h.end, (11.0, 0.0, -6.0))


# --- LinuxCNC: entry offset along itself, then a corner like any other --------------------------------
def test_linuxcnc_entry_is_trimmed_against_the_first_side_at_an_inside_corner():
    # LinuxCNC's rs274 gives (-5.08, -2.46) for this lead-in with a 0.4 in tool: the offset of the
    # lead-in line (direction (0.8, 0.6), shifted left by R) meets the offset x = -R of the first side
    R = 5.08
    segs = program([(-20.0, -20.0), (0.0, -5.0), (0.0, 0.0), (50.0, 0.0)])
    out, findings = run(segs, dialect="linuxcnc", radius=R, exit_to=(50.0, -20.0, -2.0))
    assert findings == []
    entry = out[0]
    assert close(entry.start[:2], (-20.0, -20.0))
    nx, ny = -0.6, 0.8   # left normal of the lead-in
    t = (-R - (-20.0 + R * nx)) / 0.8
    assert close(entry.end[:2], (-R, -20.0 + R * ny + 0.6 * t), 1e-12)
    assert math.isclose(entry.end[1], -2.46, abs_tol=1e-12)
    # the next corner (left comp, right turn) is outside: an arc around (0, 0)
    corner = [o for o in out if o.kind == ARC][0]
    assert corner.center[:2] == (0.0, 0.0) and close(corner.end[:2], (0.0, R))


def test_linuxcnc_entry_straight_on_gets_the_perpendicular_offset():
    segs = program([(-20.0, 0.0), (0.0, 0.0), (50.0, 0.0)])
    out, _ = run(segs, dialect="linuxcnc", radius=5.0)
    assert close(out[0].end[:2], (0.0, 5.0)) and close(out[1].end[:2], (50.0, 5.0))


def test_outside_reversal_goes_round_the_end_and_a_rapid_gets_no_corner_arc():
    segs = program([(-20.0, 0.0), (0.0, 0.0), (50.0, 0.0), (20.0, 0.0)])
    out, findings = run(segs, dialect="linuxcnc", radius=5.0)
    rev = [o for o in out if o.kind == ARC]
    assert findings == [] and len(rev) == 1
    assert close(rev[0].start[:2], (50, 5)) and close(rev[0].end[:2], (50, -5))
    assert sample(rev[0], 3)[1] == pytest.approx((55.0, 0.0))   # round the tip, not through it
    rapid = ProgSeg(RAPID, (50.0, 0.0, -2.0), (50.0, -20.0, -2.0), line=13)
    out, _ = run(program([(-20.0, 0.0), (0.0, 0.0), (50.0, 0.0)]) + [rapid], radius=5.0)
    assert not any(o.kind == ARC for o in out)
    assert out[-1].kind == RAPID and close(out[-1].start[:2], (50, 5))
    assert close(out[-1].end[:2], (55, -20))


def test_z_moves_pass_through_in_order_at_the_compensated_position():
    R = 2.0
    segs = program([(-20.0, 0.0), (0.0, 0.0), (40.0, 0.0)])
    plunge = ProgSeg(FEED, (40.0, 0.0, -2.0), (40.0, 0.0, -5.0), feed=100.0, line=20)
    up = ProgSeg(FEED, (40.0, 20.0, -5.0), (40.0, 20.0, 5.0), feed=100.0, line=22)
    side = ProgSeg(FEED, (40.0, 0.0, -5.0), (40.0, 20.0, -5.0), feed=100.0, line=21)
    cc = CutterComp("linuxcnc", 17, 1, R, 10, 1)
    got = [cc.push(s) for s in segs + [plunge, side, up]]
    assert got[0] == []                        # the lead-in is held for look-ahead
    assert got[2] == [] and got[4] == []           # the plunge and the rise wait behind a side
    assert [o.line for o in got[3]] == [11, 20]     # the side, trimmed, then the plunge
    assert close(got[3][0].end[:2], (40 - R, R)) and close(got[3][1].start, (40 - R, R, -2.0))
    assert close(got[3][1].end, (40 - R, R, -5.0))
    tail = cc.cancel(None)
    assert [o.line for o in tail] == [21, 22]
    assert close(tail[0].end, (40 - R, 20, -5)) and close(tail[1].end, (40 - R, 20, 5))
    assert cc.position == tail[1].end


def test_other_planes_are_the_xy_case_with_axes_turned():
    segs = program([(-20.0, -10.0)] + RECT)
    ref, _ = run(segs, radius=3.0, exit_to=(-20.0, -10.0, -2.0))
    for plane, axes in ((18, (2, 0, 1)), (19, (1, 2, 0))):
        def turn(p):
            q = [0.0, 0.0, 0.0]
            q[axes[0]], q[axes[1]], q[axes[2]] = p
            return tuple(q)
        moved = [ProgSeg(s.kind, turn(s.start), turn(s.end), feed=s.feed, line=s.line) for s in segs]
        cc = CutterComp("fanuc", plane, 1, 3.0, 10, 1)
        out = [o for s in moved for o in cc.push(s)]
        out += cc.cancel(ProgSeg(FEED, moved[-1].end, turn((-20.0, -10.0, -2.0)), line=99))
        assert [(o.kind, o.line, o.ccw) for o in out] == [(o.kind, o.line, o.ccw) for o in ref]
        for a, b in zip(out, ref):
            assert close(a.end, turn(b.end)) and close(a.start, turn(b.start))
            if a.kind == ARC:
                assert close(a.center, turn(b.center))


# --- impossible compensation: an error at its line ---------------------------------------------------
def finding_of(findings, line, key):
    assert len(findings) == 1
    f = findings[0]
    assert (f.code, f.key, f.line, f.severity) == ("COMPENSATION", key, line, "error")
    assert key in CATALOGUE
    for lang in ("fr", "en"):
        text = render(f, lang)
        assert "{" not in text and f":{line}" in render(f, lang) and "→" in text
    return f


def test_linuxcnc_entry_shorter_than_the_radius_is_an_error_fanuc_follows_it():
    segs = program([(-20.0, 0.0), (-17.0, 0.0), (50.0, 0.0)])
    out, findings = run(segs, dialect="linuxcnc", radius=5.08)
    finding_of(findings, 10, "COMPENSATION.entry_short")
    assert out == []
    out, findings = run(segs, dialect="fanuc", radius=5.08)
    assert findings == [] and close(out[0].end[:2], (-17.0, 5.08))


def test_fanuc_refuses_an_arc_entry():
    out, findings = run([arc((-20.0, 0.0), (0.0, 0.0), (-10.0, 0.0), False, 7)], dialect="fanuc")
    finding_of(findings, 7, "COMPENSATION.entry_arc")


def test_linuxcnc_arc_entry_passes_through_the_start_and_ends_offset_along_the_radius():
    # rs274 2.9 (tool Ø0.4 in): ARC_FEED to (4.0050, 5.0800) about (-7.4600, 0), clockwise
    R = 5.08
    segs = [arc((-20.0, 0.0), (0.0, 0.0), (-10.0, 0.0), False, 7, z=5.0),
            ProgSeg(FEED, (0.0, 0.0, 5.0), (50.0, 0.0, 5.0), feed=300.0, line=8)]
    out, findings = run(segs, dialect="linuxcnc", radius=R)
    assert findings == []
    entry = out[0]
    # the end offset along the radius is (R, 0); the centre on that radius, as far from it as from
    # the start (-20, 0), is midway at x = (-20 + R) / 2; the next side's offset y = R cuts it
    cx = (-20.0 + R) / 2
    rho = R - cx
    assert entry.kind == ARC and not entry.ccw and close(entry.center[:2], (cx, 0.0))
    assert close(entry.start[:2], (-20.0, 0.0))
    assert close(entry.end[:2], (cx + math.sqrt(rho ** 2 - R ** 2), R))
    assert entry.end[0] == pytest.approx(4.0050, abs=5e-5)
    assert close(out[1].end[:2], (50.0, R))


@pytest.mark.parametrize("dialect", ["fanuc", "linuxcnc"])
def test_arc_exit_is_refused(dialect):
    cc = CutterComp(dialect, 17, 1, 3.0, 1, 1)
    for s in program([(-20.0, 0.0), (0.0, 0.0), (50.0, 0.0)]):
        cc.push(s)
    cc.cancel(arc((50.0, 0.0), (60.0, 10.0), (50.0, 10.0), True, 30))
    finding_of(cc.findings, 30, "COMPENSATION.exit_arc")


def test_concave_arc_smaller_than_the_tool_is_an_error_at_its_line():
    segs = program([(-20.0, 0.0), (0.0, 0.0), (50.0, 0.0)])
    segs.append(arc((50.0, 0.0), (54.0, 4.0), (50.0, 4.0), True, 12, z=-2.0))
    out, findings = run(segs, dialect="linuxcnc", radius=5.08)
    finding_of(findings, 12, "COMPENSATION.arc_too_small")
    # the same arc is fine on the outside (G42 makes it convex)
    out, findings = run(segs, dialect="linuxcnc", side=-1, radius=5.08)
    assert findings == []


def test_inside_element_shorter_than_the_tool_is_an_error_at_its_line():
    # a step of 2 mm between two inside corners: a Ø10.16 tool cannot follow it
    # (rs274 stops at the block after the step, line 13, and so does machinesim; the message names
    # the step's line)
    segs = program([(-20.0, 0.0), (0.0, 0.0), (50.0, 0.0), (50.0, 2.0), (0.0, 2.0)])
    out, findings = run(segs, dialect="linuxcnc", radius=5.08)
    f = finding_of(findings, 13, "COMPENSATION.gouge")
    assert f.params["element_line"] == 12 and "12" in render(f, "en")
    assert [o.line for o in out] == [10, 11]
    # the tool just fits a 10.16 mm wide step: no error
    segs = program([(-20.0, 0.0), (0.0, 0.0), (50.0, 0.0), (50.0, 10.16), (0.0, 10.16)])
    out, findings = run(segs, dialect="linuxcnc", radius=5.08)
    assert findings == []


def test_linuxcnc_refuses_g19_and_calls_after_an_error_return_nothing():
    cc = CutterComp("linuxcnc", 19, 1, 3.0, 4, 2)
    finding_of(cc.findings, 4, "COMPENSATION.plane")
    assert cc.push(program([(0.0, 0.0), (10.0, 0.0)])[0]) == [] and cc.cancel(None) == []


# --- properties -----------------------------------------------------------------------------------
@st.composite
def convex_polygons(draw):
    """A convex polygon: points on an ellipse at sorted, well separated angles."""
    n = draw(st.integers(3, 9))
    gaps = draw(st.lists(st.floats(1.0, 3.0), min_size=n, max_size=n))
    a0 = draw(st.floats(0, 2 * math.pi))
    angles = [a0 + 2 * math.pi * sum(gaps[:i]) / sum(gaps) for i in range(n)]
    ax, ay = draw(st.floats(10, 60)), draw(st.floats(10, 60))
    cx, cy = draw(st.floats(-50, 50)), draw(st.floats(-50, 50))
    return [(cx + ax * math.cos(a), cy + ay * math.sin(a)) for a in angles], (cx, cy)


def contour_points(out, first, last):
    return [p for o in out if first <= o.line <= last for p in sample(o)]


def lead_in(a, b, length):
    """A point `length` before `a` on the line from `b` to `a`: a straight-on approach."""
    d = math.dist(a, b)
    return (a[0] - length * (b[0] - a[0]) / d, a[1] - length * (b[1] - a[1]) / d)


@settings(max_examples=80, deadline=None)
@given(convex_polygons(), st.floats(0.5, 8.0), st.sampled_from(["fanuc", "linuxcnc"]))
def test_outside_of_a_convex_polygon_is_exactly_one_radius_away(poly, R, dialect):
    pts, _ = poly
    cw = list(reversed(pts)) + [pts[-1]]          # clockwise: G41 is the outside
    far = lead_in(cw[0], cw[1], 2 * R + 1)
    segs = program([far] + cw)
    out, findings = run(segs, dialect=dialect, radius=R, exit_to=(far[0], far[1], -2.0))
    assert findings == []
    assert_continuous(out)
    n = len(cw) - 1
    for p in contour_points(out, 11, 10 + n):
        assert math.isclose(dist_to_polygon(p, pts), R, abs_tol=1e-9)
    # one arc per corner between sides, each a radius R around its corner
    arcs = [o for o in out if o.kind == ARC]
    assert sorted(a.line for a in arcs) == list(range(12, 11 + n))
    for a in arcs:
        assert a.center[:2] == cw[a.line - 11]
        assert math.isclose(math.dist(a.start[:2], a.center[:2]), R, abs_tol=1e-12)


def interior_angle(prev, at, nxt):
    u = (prev[0] - at[0], prev[1] - at[1])
    v = (nxt[0] - at[0], nxt[1] - at[1])
    return math.acos(max(-1.0, min(1.0, (u[0] * v[0] + u[1] * v[1]) / (math.hypot(*u) * math.hypot(*v)))))


@settings(max_examples=80, deadline=None)
@given(convex_polygons(), st.floats(0.5, 8.0), st.sampled_from(["fanuc", "linuxcnc"]))
def test_inside_of_a_convex_polygon_is_one_radius_from_it_or_a_gouge_at_the_short_side(poly, R,
                                                                                       dialect):
    pts, _ = poly
    n = len(pts)
    m = ((pts[0][0] + pts[1][0]) / 2, (pts[0][1] + pts[1][1]) / 2)
    contour = [m] + pts[1:] + [pts[0], m]            # counter-clockwise: G41 is the inside
    start = lead_in(m, pts[1], 2 * R + 1)
    segs = program([start] + contour)
    out, findings = run(segs, dialect=dialect, radius=R, exit_to=(start[0], start[1], -2.0))
    # analytic truth: an offset side keeps L - R (cot(a0 / 2) + cot(a1 / 2)) of its length
    cot = lambda a: 1.0 / math.tan(a / 2)
    alpha = [interior_angle(pts[i - 1], pts[i], pts[(i + 1) % n]) for i in range(n)]
    left = [math.dist(m, pts[1]) - R * cot(alpha[1])]
    left += [math.dist(pts[i], pts[(i + 1) % n]) - R * (cot(alpha[i]) + cot(alpha[(i + 1) % n]))
             for i in range(1, n)]
    left += [math.dist(pts[0], m) - R * cot(alpha[0])]
    assume(all(abs(v) > 1e-6 for v in left))
    short = [i for i, v in enumerate(left) if v < 0]
    if short:   # reported at the block after the short side (the G40 move, line 99, after the last)
        stop = 12 + short[0] if short[0] + 1 < len(left) else 99
        assert [(f.key, f.line, f.params["element_line"]) for f in findings] == [
            ("COMPENSATION.gouge", stop, 11 + short[0])]
        return
    assert findings == []
    assert_continuous(out)
    assert not any(o.kind == ARC for o in out)
    pieces = [o for o in out if 11 <= o.line <= 10 + len(left)]
    assert [math.dist(o.start[:2], o.end[:2]) for o in pieces] == pytest.approx(left, abs=1e-9)
    for p in contour_points(out, 11, 10 + len(left)):
        assert math.isclose(dist_to_polygon(p, pts), R, abs_tol=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.floats(5, 40), st.floats(5, 40), st.floats(0.2, 6.0), st.floats(0.3, 5.0),
       st.sampled_from(["fanuc", "linuxcnc"]))
def test_rounded_pocket_fits_when_its_fillets_are_larger_than_the_tool(w, h, rho, R, dialect):
    # a counter-clockwise rectangle with fillets of radius rho, followed inside (G41)
    x0, y0, x1, y1 = 0.0, 0.0, 2 * rho + w, 2 * rho + h
    lead = (x1 / 2 - 2 * R - 1, y0, -1.0)   # straight on along the first side
    segs = [ProgSeg(FEED, lead, (x1 / 2, y0, -1.0), feed=100.0, line=9)]
    corners = [((x1 - rho, y0), (x1, y0 + rho), (x1 - rho, y0 + rho)),
               ((x1, y1 - rho), (x1 - rho, y1), (x1 - rho, y1 - rho)),
               ((x0 + rho, y1), (x0, y1 - rho), (x0 + rho, y1 - rho)),
               ((x0, y0 + rho), (x0 + rho, y0), (x0 + rho, y0 + rho))]
    cur, line, contour = (x1 / 2, y0), 10, []
    for a, b, c in corners:
        segs.append(ProgSeg(FEED, (*cur, -1.0), (*a, -1.0), feed=100.0, line=line))
        segs.append(arc(a, b, c, True, line + 1, z=-1.0))
        contour.append(("line", cur, a))
        contour.append(("arc", c, (a, b)))
        cur, line = b, line + 2
    segs.append(ProgSeg(FEED, (*cur, -1.0), (x1 / 2, y0, -1.0), feed=100.0, line=line))
    contour.append(("line", cur, (x1 / 2, y0)))
    assume(abs(rho - R) > 1e-6)
    out, findings = run(segs, dialect=dialect, radius=R, exit_to=(x1 / 2, y1 / 2, -1.0))
    if rho < R:
        assert [(f.key, f.line) for f in findings] == [("COMPENSATION.arc_too_small", 11)]
        return
    assert findings == []
    assert_continuous(out)

    def dist(p):
        d = []
        for kind, a, b in contour:
            if kind == "line":
                d.append(dist_to_segment(p, a, b))
            else:
                d.append(dist_to_ccw_arc(p, a, *b))
        return min(d)

    for o in out:
        if 10 <= o.line <= line:
            for p in sample(o):
                assert math.isclose(dist(p), R, abs_tol=1e-8)
            if o.kind == ARC:
                assert math.isclose(math.dist(o.start[:2], o.center[:2]), rho - R, abs_tol=1e-9)


# --- LinuxCNC's rs274 as the reference (skipped where it is not installed) ----------------------------
RS274 = shutil.which("rs274")
TOOL_DIAMETERS_IN = {1: 0.05, 2: 0.2, 3: 0.4}   # rs274 reads its tool table in inches


def rs274_path(program: str):
    """rs274's moves (("L", end) or ("A", end, centre, rotation)) and whether it stopped on an error."""
    with tempfile.TemporaryDirectory() as home:
        path, table = os.path.join(home, "p.ngc"), os.path.join(home, "tool.tbl")
        with open(path, "w") as f:
            f.write(program)
        with open(table, "w") as f:
            f.write("".join(f"T{t} P{t} D{d} Z0 ;\n" for t, d in TOOL_DIAMETERS_IN.items()))
        res = subprocess.run([RS274, "-g", "-t", table, path], stdin=subprocess.DEVNULL,
                             capture_output=True, text=True, env={**os.environ, "HOME": home},
                             timeout=30)
    moves = []
    for name, args in re.findall(r"(STRAIGHT_TRAVERSE|STRAIGHT_FEED|ARC_FEED)\(([^)]*)\)", res.stdout):
        v = [float(x) for x in args.split(",")]
        moves.append(("A", (v[0], v[1]), (v[2], v[3]), int(v[4])) if name == "ARC_FEED"
                     else ("L", (v[0], v[1])))
    return moves[1:], "gouging" in res.stdout + res.stderr or "radius" in res.stderr


def _sweep(o: OutSeg) -> float:
    """The angle an output arc turns from its start to its end, in its own direction (rad)."""
    a0 = math.atan2(o.start[1] - o.center[1], o.start[0] - o.center[0])
    a1 = math.atan2(o.end[1] - o.center[1], o.end[0] - o.center[0])
    return ((a1 - a0) if o.ccw else (a0 - a1)) % (2 * math.pi)


@st.composite
def contours(draw):
    """A lead-in, then lines and arcs turning at random, as program text and as ProgSegs."""
    tool = draw(st.sampled_from(sorted(TOOL_DIAMETERS_IN)))
    side = draw(st.sampled_from([1, -1]))
    ang = draw(st.floats(0, 2 * math.pi))
    f6 = lambda v: round(v, 6)
    cur = (0.0, 0.0)
    text = ["G21 G17 G90 G40 F100 T%d M6" % tool, "G0 X0 Y0 Z-1"]
    segs = []
    g4x = f"G{41 if side == 1 else 42} D{tool} "
    for k in range(draw(st.integers(2, 7))):
        if k:
            ang += draw(st.sampled_from([0.0, draw(st.floats(-2.5, 2.5))]))
        line = len(text) + 1
        if k == 0 and draw(st.booleans()):   # a straight entry longer than the diameter
            L = draw(st.floats(TOOL_DIAMETERS_IN[tool] * 25.4, 30))
            end = (f6(L * math.cos(ang)), f6(L * math.sin(ang)))
            text.append(f"{g4x}G1 X{end[0]:.6f} Y{end[1]:.6f}")
            segs.append(ProgSeg(FEED, (0.0, 0.0, -1.0), (*end, -1.0), feed=100.0, line=line))
        elif k and draw(st.booleans()):
            L = draw(st.floats(0.5, 30))
            end = (f6(cur[0] + L * math.cos(ang)), f6(cur[1] + L * math.sin(ang)))
            text.append(f"G1 X{end[0]:.6f} Y{end[1]:.6f}")
            segs.append(ProgSeg(FEED, (*cur, -1.0), (*end, -1.0), feed=100.0, line=line))
        else:
            ccw = draw(st.booleans())
            r = draw(st.floats(TOOL_DIAMETERS_IN[tool] * 25.4 if k == 0 else 0.5, 25))
            nrm = ang + (math.pi / 2 if ccw else -math.pi / 2)
            i, j = f6(r * math.cos(nrm)), f6(r * math.sin(nrm))
            c = (cur[0] + i, cur[1] + j)
            a1 = math.atan2(cur[1] - c[1], cur[0] - c[0]) + (1 if ccw else -1) * draw(st.floats(0.3, 3))
            end = (f6(c[0] + math.hypot(i, j) * math.cos(a1)), f6(c[1] + math.hypot(i, j) * math.sin(a1)))
            text.append(f"{g4x if k == 0 else ''}G{3 if ccw else 2} X{end[0]:.6f} Y{end[1]:.6f} "
                        f"I{i:.6f} J{j:.6f}")
            segs.append(ProgSeg(ARC, (*cur, -1.0), (*end, -1.0), (*c, -1.0), ccw, 0, 100.0, line))
            ang = a1 + (math.pi / 2 if ccw else -math.pi / 2)
        cur = end
    L = draw(st.floats(1, 30))
    exit_to = (f6(cur[0] + L * math.cos(ang + 1)), f6(cur[1] + L * math.sin(ang + 1)), -1.0)
    text.append(f"G40 G1 X{exit_to[0]:.6f} Y{exit_to[1]:.6f}")
    text.append("M2")
    return "\n".join(text) + "\n", segs, exit_to, side, TOOL_DIAMETERS_IN[tool] * 25.4 / 2


@pytest.mark.rs274
@pytest.mark.skipif(RS274 is None, reason="LinuxCNC's rs274 is not installed")
@settings(max_examples=40, deadline=None)
@given(contours())
def test_linuxcnc_compensation_follows_rs274(case):
    text, segs, exit_to, side, R = case
    ref, ref_failed = rs274_path(text)
    out, findings = run(segs, dialect="linuxcnc", side=side, radius=R, exit_to=exit_to)
    # where only one of the two refuses, the cases seen are rs274 missing a reversed (gouging)
    # offset and rs274 refusing a near-tangent entry into a small concave arc: not compared
    assume(bool(findings) == ref_failed)
    if ref_failed:
        return
    # rs274 sometimes throws a near-degenerate arc entry kilometres away (seen: an arc ending at
    # X1282 Y-2801 for a contour within 15 mm of the origin): such runs are not compared
    reach = max(math.hypot(*p[:2]) for s in segs for p in (s.start, s.end)) + 4 * R
    assume(all(math.hypot(*r[1]) <= 10 * reach for r in ref))
    # an arc entry from a point on the contour slides its centre so far that the offset entry
    # turns most of a circle (seen: 336° of a 229 mm circle for a 29° programmed arc); rs274 and
    # machinesim agree on that circle but cut it at different crossings of the next element: such
    # degenerate entries are not compared
    if out and segs[0].kind == ARC:
        assume(_sweep(out[0]) < math.pi)
    mine = [("A", o.end[:2], o.center[:2], 1 if o.ccw else -1) if o.kind == ARC else ("L", o.end[:2])
            for o in out]
    assert [m[0] for m in mine] == [r[0] for r in ref]
    for m, r in zip(mine, ref):
        assert m[1] == pytest.approx(r[1], abs=2e-4)
        if m[0] == "A":   # a nearly straight entry arc has a far centre, known to 4 decimals of R
            far = 2e-4 + 2e-5 * math.dist(m[1], m[2])
            assert m[2] == pytest.approx(r[2], abs=far) and m[3] == r[3]
