"""Work offsets, machine coordinates, reference returns and tool length, against hand-computed tips."""
from __future__ import annotations

import numpy as np
import pytest

from gcode_helpers import G54, OFFSETS, errors, keys, run, work
from machinesim import toolpath as tp
from machinesim.tools import Tool


@pytest.mark.parametrize("code", ["G54", "G55", "G56", "G57", "G58", "G59"])
def test_work_offsets(code):
    t = run(f"{code} G0 X1. Y2. Z3.\nM30\n")
    np.testing.assert_allclose(t.moves["end"][0], work((1, 2, 3), OFFSETS[code]))


def test_g59_1_linuxcnc_only():
    t = run("G59.1 G0 X1 Y2 Z3\nM2\n", "linuxcnc")
    np.testing.assert_allclose(t.moves["end"][0], work((1, 2, 3), OFFSETS["G59.1"]))
    assert [f.key for f in run("G59.1 G0 X1. Y2. Z3.\n").findings][0] == "UNKNOWN_CODE.block"


def test_g10_l2_and_l20():
    t = run("G10 L2 P2 X-10. Y-20. Z-30.\nG55 G0 X1. Y1. Z1.\nM30\n")
    np.testing.assert_allclose(t.moves["end"][0], (-9, -19, -29))
    # L20: the current position becomes the given value in that system
    t = run("G0 X10. Y10. Z10.\nG10 L20 P1 X0. Y0.\nG0 X5. Y0.\nM30\n")
    np.testing.assert_allclose(t.moves["end"][1], work((15, 10, 10)))


def test_g92_g92_1_and_g52():
    t = run("G0 X10. Y20. Z0.\nG92 X0. Y0.\nG0 X5. Y5.\nG92.1\nG0 X5. Y5.\nM30\n")
    np.testing.assert_allclose(t.moves["end"][1], work((15, 25, 0)))
    np.testing.assert_allclose(t.moves["end"][2], work((5, 5, 0)))
    t = run("G52 X10. Y-5.\nG0 X1. Y1. Z0.\nG52 X0. Y0.\nG0 X1. Y1.\nM30\n")
    np.testing.assert_allclose(t.moves["end"][0], work((11, -4, 0)))
    np.testing.assert_allclose(t.moves["end"][1], work((1, 1, 0)))


def test_g53_machine_coordinates_are_the_gauge_line():
    t = run("T1 M6\nG43 H1 G0 X0. Y0. Z10.\nG53 G0 Z0.\nG53 X-100. Y-50.\nM30\n")
    np.testing.assert_allclose(t.moves["end"][1], (G54[0], G54[1], -72.0))   # tip = gauge - 72
    np.testing.assert_allclose(t.moves["end"][2], (-100, -50, -72.0))
    assert t.moves["flags"][1] & tp.F_MACHINE and t.moves["flags"][2] & tp.F_MACHINE


def test_g28_through_intermediate_point():
    t = run("G0 X10. Y10. Z10.\nG28 Z20.\nM30\n")
    np.testing.assert_allclose(t.moves["end"][1], work((10, 10, 20)))      # intermediate, work coords
    np.testing.assert_allclose(t.moves["end"][2], (G54[0] + 10, G54[1] + 10, 0.0))   # machine Z home
    assert all(t.moves["flags"][1:] & tp.F_MACHINE)
    t = run("G0 X10. Y10. Z10.\nG91 G28 Z0.\nG28 X0. Y0.\nM30\n")
    np.testing.assert_allclose(t.moves["end"][-1], (0, 0, 0))
    assert len(t.moves) == 3                # zero-length intermediate moves are not recorded


def test_g28_without_axes_differs_by_dialect():
    assert len(run("G0 X10. Y10. Z10.\nG28\nM30\n").moves) == 1          # Fanuc: nothing moves
    t = run("G0 X10 Y10 Z10\nG28\nM2\n", "linuxcnc")                      # LinuxCNC: all axes home
    np.testing.assert_allclose(t.moves["end"][-1], (0, 0, 0))


def test_g30_and_stored_home_linuxcnc():
    t = run("G53 G0 X-50 Y-40 Z-10\nG30.1\nG0 X0 Y0 Z0\nG30 Z5\nM2\n", "linuxcnc")
    np.testing.assert_allclose(t.moves["end"][-1], (G54[0], G54[1], -10))


def test_tool_length_offsets_mode():
    src = "T1 M6\nG0 X0. Y0. Z10.\nG43 H1 Z10.\nG44 H1 Z10.\nG49 Z10.\nM30\n"
    m = run(src).moves
    assert m["tool"][0] == 1
    assert m["end"][0][2] == pytest.approx(10 - 250 - 72)      # without G43: length lower
    assert m["end"][1][2] == pytest.approx(10 - 250)           # tip on the programmed point
    assert m["end"][2][2] == pytest.approx(10 - 250 - 144)     # G44 subtracts
    assert m["end"][3][2] == pytest.approx(10 - 250 - 72)
    assert [bool(f & tp.F_TOOL_LENGTH) for f in m["flags"]] == [False, True, True, False]
    # the wrong H: tool 2 (length 50) in the spindle with H1 (72) stays 22 mm too high
    m = run("T2 M6\nG43 H1 G0 X0. Y0. Z10.\nM30\n").moves
    assert m["end"][0][2] == pytest.approx(10 - 250 + 22)


def test_tool_length_touch_off_mode():
    m = run("T1 M6\nG0 X0. Y0. Z10.\nG43 H1 Z5.\nM30\n", tool_length="touch_off").moves
    assert m["end"][0][2] == pytest.approx(10 - 250) and m["end"][1][2] == pytest.approx(5 - 250)
    assert m["flags"][1] & tp.F_TOOL_LENGTH


def test_tool_change_moves_the_tip_not_the_gauge_line():
    t = run("G0 X0. Y0. Z10.\nT1 M6\nG0 X5.\nM30\n")
    assert t.moves["start"][1][2] == pytest.approx(10 - 250 - 72)
    assert list(t.events["kind"][:1]) == [tp.TOOL_CHANGE] and t.events["value"][0] == 1
    assert t.events["after"][0] == 1


def test_g43_alone_differs_by_dialect():
    # Fanuc applies the new length with a move; LinuxCNC only changes the coordinates
    m = run("T1 M6\nG0 X0. Y0. Z10.\nG43 H1\nM30\n").moves
    assert len(m) == 2 and m["end"][1][2] == pytest.approx(10 - 250)
    m = run("T1 M6\nG0 X0 Y0 Z10\nG43 H1\nG0 X1\nM2\n", "linuxcnc").moves
    assert len(m) == 2 and m["end"][1][2] == pytest.approx(10 - 250 - 72)


def test_unknown_tool():
    (e,) = errors(run("G0 X1.\nT7 M6\n"))
    assert (e.code, e.line, e.column, e.params["tool"]) == ("UNKNOWN_TOOL", 2, 1, 7)
    t = run("T7 M6\nG43 H7 G0 X0. Y0. Z0.\nM30\n", tool_default=Tool(0, length=40.0))
    assert not errors(t) and "UNKNOWN_TOOL" in keys(t, "warning")
    assert t.moves["end"][0][2] == pytest.approx(-250)
    assert errors(run("T1 M6\nG43 H9 Z5.\n"))[0].code == "UNKNOWN_TOOL"


def test_h_word_defaults_by_dialect():
    # LinuxCNC: G43 without H (or H0) takes the tool in the spindle; Fanuc: H is modal
    src = "T1 M6\nG43 H1 G0 X0 Y0 Z20\nT2 M6\nG43\nG0 Z10\nM2\n"
    assert run(src, "linuxcnc").moves["end"][-1][2] == pytest.approx(10 - 250)
    src = "T1 M6\nG43 H1 G0 X0. Y0. Z20.\nT2 M6\nG43 Z10.\nM30\n"
    assert run(src).moves["end"][-1][2] == pytest.approx(10 - 250 + 72 - 50)   # still H1's 72 mm


def test_dynamic_tool_length_linuxcnc():
    m = run("T1 M6\nG43.1 Z60\nG0 X0 Y0 Z10\nG43 H1\nG43.2 H2\nG0 Z10\nM2\n", "linuxcnc").moves
    assert m["end"][0][2] == pytest.approx(10 - 250 + 60 - 72)
    assert m["end"][1][2] == pytest.approx(10 - 250 + 50)          # 72 + 50 applied, tool is 72


def test_g92_2_suspends_and_g92_3_restores():
    t = run("G0 X10 Y10 Z0\nG92 X0 Y0\nG92.2\nG0 X1 Y1\nG92.3\nG0 X1 Y1\nM2\n", "linuxcnc")
    np.testing.assert_allclose(t.moves["end"][1], work((1, 1, 0)))
    np.testing.assert_allclose(t.moves["end"][2], work((11, 11, 0)))


def test_g53_in_g91_by_dialect():
    (e,) = errors(run("G0 X0 Y0 Z0\nG91 G53 G0 Z0\nM2\n", "linuxcnc"))
    assert (e.key, e.line) == ("MODAL_CONFLICT.g53_incremental", 2)
    t = run("G0 X0. Y0. Z0.\nG91 G53 G0 Z0.\nM30\n")
    assert len(t.moves) == 1 and "MODAL_CONFLICT.g53_incremental" in keys(t, "warning")
