"""The interpreter's side of cutter compensation: D words, routing, flags, findings.

Truth: with G41 (G42) the tool centre runs one radius to the left (right) of a straight
programmed line, in the plane; D defaults to the tool number.
"""
from __future__ import annotations

import numpy as np
import pytest

from gcode_helpers import G54, errors, run
from machinesim import toolpath as tp


def line_moves(t, line):
    return t.moves[t.moves["line"] == line]


@pytest.mark.parametrize("code, side", [("G41", 1.0), ("G42", -1.0)])
def test_straight_line_offset_by_the_radius(code, side):
    src = f"T1 M6\nG0 X-20. Y0. Z0.\n{code} D1 G1 X0. Y0. F100.\nX50.\nG40 G1 X70. Y0.\nM30\n"
    t = run(src)
    assert not errors(t)
    m = line_moves(t, 4)
    assert len(m) >= 1 and all(m["flags"] & tp.F_COMP)
    y = m["end"][:, 1] - G54[1]
    np.testing.assert_allclose(y, side * 5.0, atol=1e-9)        # tool 1: diameter 10
    assert m["end"][-1][0] - G54[0] == pytest.approx(50.0)
    last = t.moves[-1]
    np.testing.assert_allclose(last["end"] - np.array(G54) + [0, 0, 72], (70, 0, 0), atol=1e-9)


def test_d_defaults_to_the_tool_and_unknown_d():
    t = run("T2 M6\nG0 X-20. Y0. Z0.\nG41 G1 X0. Y0. F100.\nX50.\nG40 G1 X70.\nM30\n")
    y = line_moves(t, 4)["end"][:, 1] - G54[1]
    np.testing.assert_allclose(y, 3.0, atol=1e-9)               # tool 2: diameter 6
    (e,) = errors(run("T1 M6\nG41 D8 G1 X0. Y0. F100.\n"))
    assert (e.code, e.line) == ("UNKNOWN_TOOL", 2)


def test_compensation_errors_name_the_file_and_stop():
    # a concave arc of radius 2 cannot be followed by a tool of radius 5
    src = "T1 M6\nG0 X-20. Y0. Z0.\nG41 D1 G1 X0. Y0. F100.\nG3 X4. Y0. I2. J0.\nG1 X50.\nG40 X60.\nM30\n"
    t = run(src)
    errs = errors(t)
    assert errs and errs[0].code == "COMPENSATION" and errs[0].file == "<program>"
    assert errs[0].line == 4
    assert t.moves["line"].max() < 5


def test_cycle_under_compensation_is_refused():
    (e,) = errors(run("T1 M6\nG0 X-20. Y0. Z50.\nG41 D1 G1 X0. Y0. F100.\nG81 X10. R2. Z-5.\n"))
    assert e.key == "COMPENSATION.cycle"


def test_dynamic_compensation_takes_the_diameter_from_d():
    t = run("T1 M6\nG0 X-20 Y0 Z0\nG41.1 D8 G1 X0 Y0 F100\nX50\nG40 G1 X70\nM2\n", "linuxcnc")
    y = line_moves(t, 4)["end"][:, 1] - G54[1]
    np.testing.assert_allclose(y, 4.0, atol=1e-9)
