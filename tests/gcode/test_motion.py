"""Motion, arcs, units, distance and feed modes against hand-computed positions."""
from __future__ import annotations

import math

import numpy as np
import pytest

from gcode_helpers import G54, errors, keys, run, work
from machinesim import toolpath as tp

# Without a tool in the spindle the tip is the gauge line: positions are work + G54.


def test_rapid_and_feed_positions():
    t = run("G90 G0 X10. Y20. Z5.\nG1 Z-2. F150.\nX30.\nM30\n")
    m = t.moves
    assert list(m["kind"]) == [tp.RAPID, tp.FEED, tp.FEED]
    np.testing.assert_allclose(m["start"][0], [0, 0, 0])           # machine zero at start
    np.testing.assert_allclose(m["end"][0], work((10, 20, 5)))
    np.testing.assert_allclose(m["end"][2], work((30, 20, -2)))
    assert list(m["line"]) == [1, 2, 3]
    assert m["feed"][0] == 15000.0 and m["feed"][1] == 150.0


@pytest.mark.parametrize("src, center, axis, angle", [
    ("G17 G0 X10. Y0. Z0.\nG2 X0. Y-10. I-10. J0. F100.", (0, 0, 0), (0, 0, -1), 90),
    ("G17 G0 X10. Y0. Z0.\nG3 X0. Y10. I-10. J0. F100.", (0, 0, 0), (0, 0, 1), 90),
    ("G17 G0 X10. Y0. Z0.\nG2 X0. Y10. R-10. F100.", (0, 0, 0), (0, 0, -1), 270),
    ("G17 G0 X10. Y0. Z0.\nG2 X0. Y10. R10. F100.", (10, 10, 0), (0, 0, -1), 90),
    ("G17 G0 X10. Y0. Z0.\nG3 X0. Y10. R-10. F100.", (10, 10, 0), (0, 0, 1), 270),
    ("G18 G0 X10. Y0. Z0.\nG2 X0. Z10. I-10. K0. F100.", (0, 0, 0), (0, -1, 0), 90),
    ("G18 G0 X10. Y0. Z0.\nG3 X0. Z10. I-10. K0. F100.", (0, 0, 0), (0, 1, 0), 270),
    ("G19 G0 X0. Y10. Z0.\nG3 Y0. Z10. J-10. K0. F100.", (0, 0, 0), (1, 0, 0), 90),
    ("G17 G0 X10. Y0. Z0.\nG90.1 G2 X0. Y-10. I0. J0. F100.", (0, 0, 0), (0, 0, -1), 90),
])
def test_arc_records(src, center, axis, angle):
    t = run(src + "\nM30\n")
    assert not errors(t)
    arc = t.moves[-1:]
    assert arc["kind"][0] == tp.ARC
    np.testing.assert_allclose(arc["center"][0], work(center), atol=1e-12)
    np.testing.assert_allclose(arc["axis"][0], axis)
    assert math.degrees(tp.arc_angle(arc)[0]) == pytest.approx(angle)
    assert tp.arc_radius(arc)[0] == pytest.approx(10.0)


def test_full_circles_and_helices():
    t = run("G0 X10. Y0. Z0.\nG2 I-10. F100.\nM30\n")                      # Fanuc: no end point
    a = t.moves[-1:]
    assert math.degrees(tp.arc_angle(a)[0]) == pytest.approx(360)
    np.testing.assert_allclose(a["end"][0], a["start"][0])
    t = run("G0 X10 Y0 Z0\nG3 X10 Y0 Z-6 I-10 J0 P3 F100\nM2\n", "linuxcnc")
    a = t.moves[-1:]
    assert a["turns"][0] == 2
    assert math.degrees(tp.arc_angle(a)[0]) == pytest.approx(3 * 360)
    np.testing.assert_allclose(a["center"][0], work((0, 0, 0)))          # at the start's height
    np.testing.assert_allclose(a["end"][0], work((10, 0, -6)))
    assert tp.move_lengths(a)[0] == pytest.approx(math.hypot(3 * 2 * math.pi * 10, 6))
    assert errors(run("G0 X10 Y0\nG2 R10 F100\nM2\n", "linuxcnc"))[0].key == "ARC_GEOMETRY.no_end"


def test_arc_errors_at_their_line_and_column():
    (e,) = errors(run("G0 X0. Y0.\nG2 X30. Y0. R10. F100.\n"))
    assert (e.code, e.key, e.line, e.column) == ("ARC_GEOMETRY", "ARC_GEOMETRY.reach", 2, 13)
    (e,) = errors(run("G0 X0. Y0.\nG2 X20. Y0. I5. J0. F100.\n"))
    assert (e.key, e.line, e.column) == ("ARC_GEOMETRY.radii", 2, 1)
    # within the control's tolerance (0.01 mm) the arc is accepted
    assert not errors(run("G0 X0. Y0.\nG2 X10.005 Y0. I5. J0. F100.\nM30\n"))
    assert not errors(run("G0 X0. Y0.\nG2 X10.015 Y0. I5. J0. F100.\nM30\n", arc_tolerance=0.02))
    assert errors(run("G0 X0. Y0.\nG2 X10.015 Y0. I5. J0. F100.\nM30\n"))[0].key == "ARC_GEOMETRY.radii"
    assert errors(run("G0 X0. Y0.\nG2 X0. Y0. R5. F100.\n"))[0].key == "ARC_GEOMETRY.full_circle_r"
    assert errors(run("G0 X0. Y0.\nG2 X10. Y0. R5. I5. F100.\n"))[0].key == "ARC_GEOMETRY.mixed"
    assert errors(run("G0 X0. Y0.\nG2 X10. Y0. F100.\n"))[0].key == "ARC_GEOMETRY.no_center"


def test_no_feed():
    (e,) = errors(run("G0 X0. Y0.\nX5.\nG1 X10.\n"))
    assert (e.code, e.line, e.column) == ("NO_FEED", 3, 1)
    (e,) = errors(run("G1 F100.\nG0 X1.\nG93 G1 X10.\n"))      # G93 wants F on each block
    assert (e.code, e.line) == ("NO_FEED", 3)
    (e,) = errors(run("G93 G1 X10. F2.\nX20.\n"))
    assert (e.code, e.line) == ("NO_FEED", 2)
    assert errors(run("G95 G1 X10. F0.1\n"))[0].key == "NO_FEED.per_rev"


def test_feed_modes_in_mm_per_min():
    t = run("G0 X0. Y0. Z0.\nG93 G1 X10. F2.\nG94 G1 X20. F300.\nS1000 M3\nG95 G1 X30. F0.1\n"
            "G20 G94 G1 X1.5 F10.\nM30\n")
    assert list(t.moves["feed"]) == pytest.approx([15000.0, 20.0, 300.0, 100.0, 254.0])
    assert t.moves["flags"][1] & tp.F_INVERSE_TIME
    np.testing.assert_allclose(t.moves["end"][-1], work((1.5 * 25.4, 0, 0)))


def test_g91_and_g20():
    t = run("G20 G90 G0 X1. Y2. Z0.\nG91 G1 X0.5 Y-1. F10.\nG21 X10.\nM30\n")
    np.testing.assert_allclose(t.moves["end"][0], work((25.4, 50.8, 0)))
    np.testing.assert_allclose(t.moves["end"][1], work((38.1, 25.4, 0)))
    np.testing.assert_allclose(t.moves["end"][2], work((48.1, 25.4, 0)))
    assert t.moves["feed"][2] == pytest.approx(254.0)        # F stays what it meant: 10 in/min


def test_decimal_point_modes():
    calc = run("G0 X10 Y5. Z0\nG1 X12.5 F100\nM30\n")
    np.testing.assert_allclose(calc.moves["end"][0], work((10, 5, 0)))
    warn = [f for f in calc.findings if f.code == "DECIMAL_POINT"]
    assert [(f.line, f.column, f.severity) for f in warn] == [(1, 4, "warning")]   # not Z0, F100, G0
    assert warn[0].params["word"] == "X10"
    least = run("G0 X10 Y5. Z0\nG1 X12.5 F100\nM30\n", decimal_point="least_increment")
    np.testing.assert_allclose(least.moves["end"][0], work((0.010, 5, 0)))
    np.testing.assert_allclose(least.moves["end"][1], work((12.5, 5, 0)))
    assert least.moves["feed"][1] == 100.0                    # F is not a length
    inch = run("G20 G0 X10 Y0 Z0\nM30\n", decimal_point="least_increment")
    np.testing.assert_allclose(inch.moves["end"][0], work((0.001 * 25.4, 0, 0)))
    # LinuxCNC has no such setting: no warning, calculator reading
    lc = run("G21 G0 X10\nM2\n", "linuxcnc", decimal_point="least_increment")
    assert not lc.findings and lc.moves["end"][0][0] == pytest.approx(G54[0] + 10)


def test_dwell_units():
    ev = run("G4 P1000\nG4 X1.5\nG4 P2.\nM30\n").events
    assert list(ev["value"][:3]) == [1.0, 1.5, 2.0] and list(ev["kind"][:3]) == [tp.DWELL] * 3
    ev = run("G4 X1500\nM30\n", decimal_point="least_increment").events
    assert ev["value"][0] == 1.5
    ev = run("G4 P1.5\nM2\n", "linuxcnc").events
    assert ev["value"][0] == 1.5


def test_spindle_coolant_and_stops():
    t = run("S1200 M3\nG0 X1.\nM4 M8\nG0 X2.\nM7\nG0 X3.\nM5 M9\nG0 X4.\nM0\nM1\nM30\nG0 X9.\n")
    assert list(t.moves["spindle"]) == [1200.0, -1200.0, -1200.0, 0.0]
    assert list(t.moves["coolant"]) == [0, 2, 3, 0]
    assert list(t.events["kind"]) == [tp.STOP, tp.OPTIONAL_STOP, tp.END]
    assert list(t.events["after"]) == [4, 4, 4]
    assert len(t.moves) == 4                  # nothing after M30
    assert "PROGRAM_END_MISSING" not in keys(t)
    assert "PROGRAM_END_MISSING" in keys(run("G0 X1.\n"))
    t = run("%\nG21 G0 X1\n%\nG0 X5\n", "linuxcnc")        # the second % ends a LinuxCNC program
    assert len(t.moves) == 1 and not t.findings


def test_codes_and_groups():
    (e,) = errors(run("G0 X1.\nG17 G18\n"))
    assert (e.code, e.line, e.column, e.params) == ("MODAL_CONFLICT", 2, 5, {"first": "G17", "second": "G18"})
    assert errors(run("M3 M5\n"))[0].code == "MODAL_CONFLICT"
    assert not errors(run("M7 M8\nM2\n", "linuxcnc"))
    t = run("G0 X1.\nG7.5 X2.\n")         # Fanuc-type: a warning, the block is ignored (issue 12)
    (e,) = [f for f in t.findings if f.code == "UNKNOWN_CODE"]
    assert (e.severity, e.line, e.column, e.params["word"]) == ("warning", 2, 1, "G7.5")
    assert len(t.moves) == 1
    (e,) = errors(run("G0 X1\nG7.5 X2\n", "linuxcnc"))     # rs274 refuses it
    assert (e.code, e.line, e.column, e.params["word"]) == ("UNKNOWN_CODE", 2, 1, "G7.5")
    t = run("G68 X0. Y0. R45.\nM123\nG0 X1. A90.\nM30\n")
    assert [(f.key, f.line, f.severity) for f in t.findings if f.code != "UNITS"] == [
        ("UNSUPPORTED", 1, "warning"), ("UNKNOWN_CODE", 2, "warning"), ("UNSUPPORTED.code", 3, "warning")]
    assert len(t.moves) == 1
    (e,) = errors(run("G0 X1\nM200\n", "linuxcnc"))     # rs274 refuses unknown M codes
    assert (e.code, e.line, e.severity) == ("UNKNOWN_CODE", 2, "error")
    assert not errors(run("M150\nM2\n", "linuxcnc"))    # M100-M199: user codes, a warning
    (e,) = errors(run("G1 X1. X2. F100.\n"))
    assert (e.key, e.column) == ("SYNTAX.repeated", 8)
