"""The conformance harness on its own: reading rs274's canonical calls, mapping frames, comparing.

Truth here is the meaning of the canonical calls (LinuxCNC's canon interface: points in program
coordinates of the current units, offsets applied by the machine) and plain arithmetic, never the
harness's own output. The tests that run rs274 check that the files the harness writes reach it
as meant.
"""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rs274_harness as h

needs_rs274 = pytest.mark.skipif(h.RS274 is None, reason="LinuxCNC's rs274 is not installed "
                                 "(Debian package linuxcnc-uspace)")

HEADER = """\
    1 N..... USE_LENGTH_UNITS(CANON_UNITS_MM)
    2 N..... SET_G5X_OFFSET(1, -300.0000, -150.0000, -250.0000, 0.0000, 0.0000, 0.0000)
    3 N..... SET_G92_OFFSET(0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000)
    4 N..... SET_XY_ROTATION(0.0000)
"""


def run_of(body: str) -> h.Run:
    return h.canon_to_run(h.parse_canon(HEADER + body))


# --- reading canonical output -------------------------------------------------------------------

def test_parse_canon_splits_names_lines_and_arguments():
    calls = h.parse_canon(
        "   19 N7     USE_TOOL_LENGTH_OFFSET(0.0000 0.0000 50.8000, 0.0000 0.0000 0.0000, "
        "0.0000 0.0000 0.0000)\n"
        "   20 N..... STRAIGHT_TRAVERSE(1.5000, -2.0000, 5.0000, 0.0000, 0.0000, 0.0000)\n"
        "   21 N12    SELECT_PLANE(CANON_PLANE_XZ)\n"
        "   22 N3     COMMENT(\"interpreter: a, b\")\n"
        "garbage that is not a call\n")
    assert [c.name for c in calls] == ["USE_TOOL_LENGTH_OFFSET", "STRAIGHT_TRAVERSE", "SELECT_PLANE",
                                       "COMMENT"]
    assert [c.line for c in calls] == [7, 0, 12, 3]
    assert calls[0].args[:3] == (0.0, 0.0, 50.8) and len(calls[0].args) == 9
    assert calls[1].args == (1.5, -2.0, 5.0, 0.0, 0.0, 0.0)
    assert calls[2].args == ("CANON_PLANE_XZ",)
    assert calls[3].args == ('"interpreter: a, b"',)


def test_tip_is_gauge_point_plus_offsets_minus_the_length_of_the_tool_in_the_spindle():
    run = run_of(
        "    5 N3     CHANGE_TOOL(2)\n"
        "    6 N4     STRAIGHT_TRAVERSE(10.0000, 20.0000, 30.0000, 0.0000, 0.0000, 0.0000)\n"
        "    7 N5     USE_TOOL_LENGTH_OFFSET(0.0000 0.0000 63.5000, 0, 0)\n"
        "    8 N5     STRAIGHT_FEED(10.0000, 20.0000, 30.0000, 0.0000, 0.0000, 0.0000)\n"
        "    9 N6     SET_G92_OFFSET(1.0000, 2.0000, 3.0000, 0.0000, 0.0000, 0.0000)\n"
        "   10 N7     STRAIGHT_TRAVERSE(0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000)\n")
    length = h.TOOLS[2][1]
    assert [m.end for m in run.moves] == [
        (-290.0, -130.0, -220.0 - length),       # no G43: the tip hangs a tool length below
        (-290.0, -130.0, -220.0),                # G43 with the tool's own length: tip on the point
        (-299.0, -148.0, -247.0)]
    assert [m.kind for m in run.moves] == ["rapid", "feed", "rapid"]
    assert [m.line for m in run.moves] == [4, 5, 7]
    assert run.events == [h.Event("tool_change", 2.0, 0, 3)]


def test_inch_values_are_converted_with_the_units_in_force_when_printed():
    run = h.canon_to_run(h.parse_canon(
        "    1 N1 USE_LENGTH_UNITS(CANON_UNITS_INCHES)\n"
        "    2 N2 SET_G5X_OFFSET(1, -1.0000, 0.0000, -2.0000, 0.0000, 0.0000, 0.0000)\n"
        "    3 N3 SET_FEED_RATE(10.0000)\n"
        "    4 N3 STRAIGHT_FEED(1.0000, 2.0000, 0.5000, 0.0000, 0.0000, 0.0000)\n"
        "    5 N4 USE_LENGTH_UNITS(CANON_UNITS_MM)\n"
        "    6 N5 STRAIGHT_FEED(0.0000, 25.4000, 0.0000, 0.0000, 0.0000, 0.0000)\n"))
    assert run.moves[0].end == pytest.approx((0.0, 50.8, -38.1))
    assert run.moves[0].feed == pytest.approx(254.0)
    # the G5x offset printed in inches stays the same physical offset after G21
    assert run.moves[1].end == pytest.approx((-25.4, 25.4, -50.8))
    assert run.moves[1].feed == pytest.approx(254.0)


@pytest.mark.parametrize("plane, call, end, center, axis", [
    # G17 G2 from the origin, half a turn about (5, 0): clockwise seen from +Z
    ("XY", "ARC_FEED(10.0000, 0.0000, 5.0000, 0.0000, -1, 0.0000, 0.0000, 0.0000, 0.0000)",
     (10.0, 0.0, 0.0), (5.0, 0.0, 0.0), (0.0, 0.0, -1.0)),
    # G18: the first coordinate is Z, the second X, the axis Y (Z x X = +Y)
    ("XZ", "ARC_FEED(0.0000, 10.0000, 0.0000, 5.0000, 1, 0.0000, 0.0000, 0.0000, 0.0000)",
     (10.0, 0.0, 0.0), (5.0, 0.0, 0.0), (0.0, 1.0, 0.0)),
    # G19: the first coordinate is Y, the second Z, the axis X (Y x Z = +X); a helix rising 2 along X
    ("YZ", "ARC_FEED(0.0000, -10.0000, 0.0000, -5.0000, -1, 2.0000, 0.0000, 0.0000, 0.0000)",
     (2.0, 0.0, -10.0), (0.0, 0.0, -5.0), (-1.0, 0.0, 0.0)),
])
def test_arc_feed_in_each_plane(plane, call, end, center, axis):
    run = h.canon_to_run(h.parse_canon(
        f"    1 N1 SELECT_PLANE(CANON_PLANE_{plane})\n    2 N2 SET_FEED_RATE(100.0000)\n    3 N3 {call}\n"))
    (m,) = run.moves
    assert m.kind == "arc" and m.end == pytest.approx(end)
    assert m.center == pytest.approx(center) and m.axis == pytest.approx(axis) and m.turns == 0
    # the end lies on the circle of the start (the machine origin) about the centre, in the plane
    r0 = math.dist(h._in_plane((0.0, 0.0, 0.0), axis), h._in_plane(m.center, axis))
    r1 = math.dist(h._in_plane(m.end, axis), h._in_plane(m.center, axis))
    assert r0 == pytest.approx(r1)


def test_arc_rotation_beyond_one_counts_extra_turns_and_centre_sits_at_the_start_height():
    run = run_of(
        "    5 N2 STRAIGHT_FEED(0.0000, 0.0000, 10.0000, 0.0000, 0.0000, 0.0000)\n"
        "    6 N3 ARC_FEED(0.0000, 0.0000, 5.0000, 0.0000, 3, 4.0000, 0.0000, 0.0000, 0.0000)\n")
    arc = run.moves[1]
    assert arc.turns == 2 and arc.axis == (0.0, 0.0, 1.0)
    assert arc.center == pytest.approx((-295.0, -150.0, -240.0))
    assert arc.end == pytest.approx((-300.0, -150.0, -246.0))


def test_xy_rotation_is_refused_rather_than_misread():
    with pytest.raises(ValueError, match="rotation"):
        h.canon_to_run(h.parse_canon("    1 N4 SET_XY_ROTATION(30.0000)\n"))


coord = st.floats(-500, 500, allow_nan=False).map(lambda v: round(v, 4))


@settings(max_examples=60, deadline=None)
@given(p=st.tuples(coord, coord, coord), g5x=st.tuples(coord, coord, coord),
       g92=st.tuples(coord, coord, coord), tool=st.sampled_from(sorted(h.TOOLS)),
       inches=st.booleans())
def test_straight_moves_map_to_machine_tip_by_the_canon_formula(p, g5x, g92, tool, inches):
    """Any printed point: tip = u·(p + g5x + g92 + offset) - length, u = 25.4 in inches."""
    u = 25.4 if inches else 1.0
    length = h.TOOLS[tool][1]

    def fmt(v):
        return ", ".join(f"{x:.4f}" for x in v)
    text = (f"    1 N1 USE_LENGTH_UNITS(CANON_UNITS_{'INCHES' if inches else 'MM'})\n"
            f"    2 N2 SET_G5X_OFFSET(1, {fmt(g5x)}, 0.0000, 0.0000, 0.0000)\n"
            f"    3 N3 SET_G92_OFFSET({fmt(g92)}, 0.0000, 0.0000, 0.0000)\n"
            f"    4 N4 CHANGE_TOOL({tool})\n"
            f"    5 N5 USE_TOOL_LENGTH_OFFSET(0.0000 0.0000 {length / u:.10f}, 0 0 0, 0 0 0)\n"
            f"    6 N6 STRAIGHT_TRAVERSE({fmt(p)}, 0.0000, 0.0000, 0.0000)\n")
    (m,) = h.canon_to_run(h.parse_canon(text)).moves
    expected = tuple(u * (p[i] + g5x[i] + g92[i]) for i in range(3))
    assert m.end == pytest.approx(expected, abs=1e-7)


# --- the files written for rs274 ----------------------------------------------------------------

def test_tool_table_and_var_file_are_in_inches_and_in_order():
    table = h.tool_table_text({7: (25.4, 127.0)})
    assert table == "T7 P7 Z5.0000000000 D1.0000000000 ;\n"
    var = h.var_file_text({"G55": (25.4, -50.8, 0.0)})
    params = [(int(a), float(b)) for a, b in (row.split("\t") for row in var.splitlines())]
    assert [p for p, _ in params] == sorted(p for p, _ in params)
    assert dict(params)[5220] == 1.0                       # G54 active
    assert (dict(params)[5241], dict(params)[5242]) == (1.0, -2.0)


def test_number_lines_adds_the_line_number_and_keeps_the_rest():
    text = "%\n(comment)\n\nG0 X1\n  N50 G1 X2\n/G0 X3\no100 sub\n"
    assert h.number_lines(text).splitlines() == [
        "%", "N2 (comment)", "", "N4 G0 X1", "  N50 G1 X2", "/N6 G0 X3", "N7 o100 sub"]


def test_expected_error_reads_the_annotation():
    assert h.expected_error("(x)\n(expect: ARC_GEOMETRY line 7)\nG0") == ("ARC_GEOMETRY", 7, 7)
    assert h.expected_error("(expect: * line 12; rs274 line 14)") == ("*", 12, 14)
    assert h.expected_error("G0 X1") is None


def test_tools_for_adds_every_tool_a_program_names_outside_comments():
    tools = h.tools_for("T5 M6 (T9 in a comment)\nM6t12 ; T77\nG0 X1 T0\n#<t33> = 1\n")
    assert set(tools) == set(h.TOOLS) | {5, 12}
    assert tools[5] == (6.35, 50.8) and tools[1] == h.TOOLS[1]


def test_rs274_ready_drops_lone_percent_lines_and_ends_the_program():
    assert h.rs274_ready("%\nG0 X1\n  %  \nG1 X2 F100 (50%)\n") == "G0 X1\nG1 X2 F100 (50%)\n\nM2\n"


# --- normalising and comparing ------------------------------------------------------------------

def _line(kind, end, feed=100.0, line=1):
    return h.Move(kind, end, line, math.nan if kind == "rapid" else feed)


def test_normalise_drops_zero_length_lines_and_zero_dwells_and_renumbers_events():
    run = h.Run(
        [_line("rapid", (0, 0, 0)), _line("rapid", (0, 0, 0.001)), _line("feed", (1, 0, 0)),
         h.Move("arc", (1, 0, 0), 1, 100.0, (2, 0, 0), (0, 0, 1), 0), _line("feed", (1, 0, 0))],
        [h.Event("dwell", 0.0, 1), h.Event("dwell", 0.5, 2), h.Event("tool_change", 3, 5)])
    n = h.normalise(run)
    assert [m.kind for m in n.moves] == ["rapid", "feed", "arc"]    # a full circle stays
    assert n.events == [h.Event("dwell", 0.5, 1), h.Event("tool_change", 3, 3)]


def test_normalise_keeps_a_move_that_only_the_tool_change_makes_look_still():
    """After T1 -> T2 the same tip point means a different spindle position, and the reverse."""
    l1, l2 = h.TOOLS[1][1], h.TOOLS[2][1]
    run = h.Run([h.Move("rapid", (0.0, 0.0, 0.0), tool=1),
                 h.Move("rapid", (0.0, 0.0, 0.0), tool=2),              # the spindle moved by l2 - l1
                 h.Move("rapid", (0.0, 0.0, l1 - l2), tool=2),          # back to the first gauge point
                 h.Move("rapid", (0.0, 0.0, 0.0), tool=1)])             # tool 1 again: the spindle is still
    assert [m.end for m in h.normalise(run).moves] == [(0.0, 0.0, 0.0), (0.0, 0.0, 0.0), (0.0, 0.0, l1 - l2)]


def test_compare_accepts_within_tolerance_and_names_each_difference():
    ref = h.Run([_line("rapid", (0.0, 0.0, 5.0), line=3), _line("feed", (10.0, 0.0, 5.0), line=4),
                 h.Move("arc", (20.0, 0.0, 5.0), 5, 100.0, (15.0, 0.0, 5.0), (0.0, 0.0, -1.0), 1)],
                [h.Event("dwell", 1.5, 2, 6)])
    assert h.compare(ref, ref) == []
    near = h.Run([_line("rapid", (0.0, 0.0, 5.002)), _line("feed", (10.0, 0.002, 5.0), feed=100.05),
                  h.Move("arc", (20.0, 0.0, 5.0), 5, 100.0, (15.0, 0.0, 7.0), (0.0, 0.0, -1.0), 1)],
                 [h.Event("dwell", 1.5, 2)])
    assert h.compare(ref, near) == []     # centres are compared in the arc's plane only

    far = h.Run([_line("rapid", (0.0, 0.0, 5.004)), _line("feed", (10.0, 0.0, 5.0), feed=120.0),
                 h.Move("arc", (20.0, 0.0, 5.0), 5, 100.0, (15.0, 0.0, 5.0), (0.0, 0.0, 1.0), 1)],
                [h.Event("dwell", 2.0, 2)])
    found = h.compare(ref, far)
    assert [(d.index, d.line, d.what) for d in found] == [
        (0, 3, "rapid end"), (1, 4, "feed"), (2, 5, "arc axis (direction)"),
        (2, 6, "dwells, tool changes and stops")]
    assert found[3].expected == "dwell 1.5 after move 2 (line 6)"
    assert found[3].got.startswith("dwell 2 after move 2")
    assert "expected (0.0000, 0.0000, 5.0000)" in str(found[0])


def test_compare_reports_turns_centres_kinds_and_missing_moves():
    arc = h.Move("arc", (20.0, 0.0, 5.0), 5, 100.0, (15.0, 0.0, 5.0), (0.0, 0.0, 1.0), 0)
    ref = h.Run([arc, _line("feed", (0.0, 0.0, 0.0))])
    other = h.Run([h.Move("arc", arc.end, 5, 100.0, (15.0, 0.004, 5.0), arc.axis, 1),
                   _line("rapid", (0.0, 0.0, 0.0)), _line("feed", (1.0, 0.0, 0.0))])
    found = h.compare(ref, other)
    assert [d.what for d in found] == ["arc centre", "arc turns",
                                       "1 move(s) of rs274 against 2 of machinesim"]
    assert "rapid to (0.0000, 0.0000, 0.0000)" in found[2].got and "feed to (1.0000" in found[2].got


def test_compare_aligns_so_one_missing_move_is_one_difference():
    moves = [_line("feed", (float(i), 0.0, 0.0), line=i) for i in range(10)]
    ref = h.Run(moves, [h.Event("dwell", 1.0, 8)])
    got = h.Run(moves[:4] + moves[5:], [h.Event("dwell", 1.0, 7)])
    (d,) = h.compare(ref, got)
    assert (d.index, d.line, d.what) == (4, 4, "1 move(s) of rs274 against 0 of machinesim")
    assert d.got == "nothing"
    shifted = h.Run(moves[:4] + moves[5:], [h.Event("dwell", 1.0, 8)])
    assert [x.what for x in h.compare(ref, shifted)] == ["1 move(s) of rs274 against 0 of machinesim",
                                                         "dwells, tool changes and stops"]


# --- with rs274 ---------------------------------------------------------------------------------

@pytest.mark.rs274
@needs_rs274
def test_rs274_sees_the_work_offsets_and_tool_lengths_we_wrote():
    """Each work zero with and without G43: the tip lands on the offset, or a tool length below it."""
    names = h.WORK_OFFSETS
    body = "".join(f"{n} G43 H1 G0 X0 Y0 Z0\nG49 G0 X0 Y0 Z0\n" for n in names)
    program = "G21 G90\nT1 M6\n" + body + "M2\n"
    moves = h.rs274_run(program).moves
    length = h.TOOLS[1][1]
    for k, name in enumerate(names):
        ox, oy, oz = h.OFFSETS[name]
        assert moves[2 * k].end == pytest.approx((ox, oy, oz), abs=1e-4)
        assert moves[2 * k + 1].end == pytest.approx((ox, oy, oz - length), abs=1e-4)


@pytest.mark.rs274
@needs_rs274
def test_rs274_inch_and_metric_versions_of_a_program_agree():
    inch = "G20 G90 G54\nT2 M6 G43 H2\nG0 X1 Y2 Z0.5\nG1 Z-0.25 F10\nG2 X2 Y3 I0 J1\nM2\n"
    metric = "G21 G90 G54\nT2 M6 G43 H2\nG0 X25.4 Y50.8 Z12.7\nG1 Z-6.35 F254\nG2 X50.8 Y76.2 I0 J25.4\nM2\n"
    a, b = h.rs274_run(inch), h.rs274_run(metric)
    assert len(a.moves) == len(b.moves) == 3
    assert h.compare(a, b, tol=1e-6) == []
    assert a.moves[0].end == pytest.approx((-300.0 + 25.4, -150.0 + 50.8, -250.0 + 12.7))


@pytest.mark.rs274
@needs_rs274
def test_rs274_arc_directions_follow_the_plane_convention():
    """G2 is clockwise seen from the positive end of the plane's normal: axis -Z, -Y, -X."""
    program = ("G21 G90 G54\nG0 X0 Y0 Z0\nG1 F100\n"
               "G17 G2 X10 I5\nG18 G2 X0 K0 I-5\nG19 G2 Y10 J5 K0\nG19 G3 Y0 J-5 K0\nM2\n")
    arcs = [m for m in h.rs274_run(program).moves if m.kind == "arc"]
    assert [m.axis for m in arcs] == [(0.0, 0.0, -1.0), (0.0, -1.0, 0.0), (-1.0, 0.0, 0.0), (1.0, 0.0, 0.0)]
    assert arcs[0].center == pytest.approx((-295.0, -150.0, -250.0))
    assert arcs[2].center == pytest.approx((-300.0, -145.0, -250.0))


@pytest.mark.rs274
@needs_rs274
def test_rs274_refusal_carries_its_line_and_what_came_before():
    with pytest.raises(h.Rs274Error) as err:
        h.run_rs274("G21 G90 G54\nG0 X1\nG1 X2\nM2\n")
    assert err.value.line == 3 and "feed" in err.value.message
    before = h.canon_to_run(h.parse_canon(err.value.canon)).moves
    # X1 in G54; Y and Z stay where rs274 starts: machine zero
    assert [m.end for m in before] == [pytest.approx((-299.0, 0.0, 0.0))]


@pytest.mark.rs274
@needs_rs274
def test_rs274_reports_the_source_line_of_each_move():
    program = "G21 G90 G54\n#1 = 3\no1 while [#1 GT 0]\n  G0 X#1\n  #1 = [#1 - 1]\no1 endwhile\nM2\n"
    raw = h.canon_to_run(h.parse_canon(h.run_rs274(program)))
    assert [m.end[0] for m in raw.moves] == pytest.approx([-297.0, -298.0, -299.0])
    assert [m.line for m in raw.moves] == [4, 4, 4]


def test_compare_reports_a_move_that_starts_where_the_tool_is_not():
    ref = h.Run([h.Move("feed", (10.0, 0.0, 0.0), 3, 100.0, start=(0.0, 0.0, 0.0)),
                 h.Move("rapid", (10.0, 0.0, 5.0), 4, start=(10.0, 0.0, 0.0))])
    jump = h.Run([h.Move("feed", (10.0, 0.0, 0.0), 3, 100.0, start=(0.0, 0.0, 0.0)),
                  h.Move("rapid", (10.0, 0.0, 5.0), 4, start=(10.0, -3.0, 0.0))])
    assert h.compare(ref, ref) == []
    (d,) = h.compare(ref, jump)
    assert (d.index, d.line, d.what) == (1, 4, "rapid start")


def test_rs274_moves_start_where_the_last_one_ended_and_a_tool_change_moves_the_tip():
    run = h.canon_to_run(h.parse_canon(
        "   1 N1 STRAIGHT_TRAVERSE(1.0000, 2.0000, 3.0000)\n"
        "   2 N2 CHANGE_TOOL(1)\n"
        "   3 N3 STRAIGHT_FEED(4.0000, 2.0000, 3.0000)\n"))
    assert run.moves[0].start == (0.0, 0.0, 0.0)
    length = h.TOOLS[1][1]
    assert run.moves[1].start == (1.0, 2.0, 3.0 - length)        # the gauge line did not move
