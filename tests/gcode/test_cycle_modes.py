"""The interpreter's side of canned cycles: sticky words, levels, G90/G91, repeats, dialects.

Truth from the cycle definitions (Fanuc 0i/15i operator's manuals, LinuxCNC's G80-G89 pages): the
drill reaches Z at each hole position and ends at the initial level (G98) or at R (G99).
"""
from __future__ import annotations

import numpy as np
import pytest

from gcode_helpers import G54, errors, run
from machinesim import toolpath as tp


def bottoms(t):
    """Work positions where feed moves of cycles end lowest, one per hole (deepest feed end)."""
    m = t.moves
    feeds = m[(m["kind"] == tp.FEED) & (m["flags"] & tp.F_CYCLE > 0)]
    pts = feeds["end"] - np.array(G54)
    return [tuple(np.round(p, 9)) for p in pts if p[2] == pts[:, 2].min()]


def level_after(t, line):
    """Work Z where the tool is after the last move of `line`."""
    m = t.moves[t.moves["line"] == line]
    return round(float(m["end"][-1][2] - G54[2]), 9)


def test_g81_g98_g99_fanuc():
    t = run("G0 X0. Y0. Z50.\nG98 G81 X10. Y10. R2. Z-5. F100.\nG99 X20.\nG80\nX30.\nM30\n")
    assert bottoms(t) == [(10, 10, -5), (20, 10, -5)]
    assert level_after(t, 2) == 50.0 and level_after(t, 3) == 2.0
    assert all(t.moves[t.moves["line"] <= 3]["flags"][1:] & tp.F_CYCLE)
    last = t.moves[-1]                    # after G80 the earlier G0 is modal again on Fanuc
    assert last["line"] == 5 and last["kind"] == tp.RAPID and not last["flags"] & tp.F_CYCLE


def test_retract_defaults_by_dialect():
    fan = run("G0 X0. Y0. Z50.\nG81 X10. Y10. R2. Z-5. F100.\nG80\nM30\n")
    lin = run("G0 X0 Y0 Z50\nG81 X10 Y10 R2 Z-5 F100\nG80\nM2\n", "linuxcnc")
    assert level_after(fan, 2) == 50.0           # Fanuc powers on in G98
    assert level_after(lin, 2) == 2.0            # LinuxCNC starts in G99


def test_g98_returns_to_the_level_before_the_series_fanuc():
    src = "G0 X0. Y0. Z50.\nG99 G81 X10. Y10. R2. Z-5. F100.\nG98 X20.\nG80\nM30\n"
    assert level_after(run(src), 3) == 50.0


def test_g98_returns_to_the_level_before_the_series_linuxcnc():
    src = "G0 X0 Y0 Z50\nG99 G81 X10 Y10 R2 Z-5 F100\nG98 X20\nG80\nM2\n"
    assert level_after(run(src, "linuxcnc"), 3) == 50.0


def test_g91_r_from_initial_level_z_from_r_and_k_repeats():
    t = run("G0 X0. Y0. Z50.\nG91 G99 G81 X10. R-48. Z-7. K3 F100.\nG80\nM30\n")
    assert bottoms(t) == [(10, 0, -5), (20, 0, -5), (30, 0, -5)]
    t = run("G0 X0 Y0 Z50\nG91 G99 G81 X10 Y5 R-48 Z-7 L2 F100\nG80\nM2\n", "linuxcnc")
    assert bottoms(t) == [(10, 5, -5), (20, 10, -5)]


def test_repeats_in_g90_drill_the_same_hole():
    t = run("G0 X0 Y0 Z50\nG81 X10 Y10 R2 Z-5 L3 F100\nG80\nM2\n", "linuxcnc")
    assert bottoms(t) == [(10, 10, -5)] * 3
    t = run("G0 X0. Y0. Z50.\nG81 X10. Y10. R2. Z-5. K0 F100.\nX20.\nG80\nM30\n")
    assert bottoms(t) == [(20, 0, -5)]            # K0 stores the cycle, no positioning, no drilling


def test_sticky_words_across_cycle_codes():
    t = run("G0 X0. Y0. Z50.\nG81 X10. Y10. R2. Z-5. F100.\nG82 X20. P500\nG80\nM30\n")
    assert bottoms(t) == [(10, 10, -5), (20, 10, -5)]
    assert list(t.events["value"][t.events["kind"] == tp.DWELL]) == [0.5]
    (e,) = errors(run("G0 X0 Y0 Z50\nG81 X10 Y10 R2 Z-5 F100\nG82 X20 P0.5\nM2\n", "linuxcnc"))
    assert (e.key, e.line) == ("CANNED_CYCLE.missing", 3)
    t = run("G0 X0 Y0 Z50\nG82 X10 Y10 R2 Z-5 P0.5 F100\nG80\nM2\n", "linuxcnc")
    assert list(t.events["value"][t.events["kind"] == tp.DWELL]) == [0.5]


def test_missing_words_and_feed():
    (e,) = errors(run("G0 X0. Y0. Z50.\nG81 X10. Y10. Z-5. F100.\n"))
    assert (e.code, e.key, e.line, e.params["word"]) == ("CANNED_CYCLE", "CANNED_CYCLE.missing", 2, "R")
    assert errors(run("G0 X0. Y0. Z50.\nG81 X10. Y10. R2. Z-5.\n"))[0].code == "NO_FEED"


def test_g80_leaves_no_motion_in_linuxcnc():
    (e,) = errors(run("T1 M6\nG0 X0 Y0 Z50\nG81 X10 Y10 R2 Z-5 F100\nG80\nG43 H1 Z50\nM2\n", "linuxcnc"))
    assert (e.code, e.line, e.column) == ("NO_MOTION_MODE", 5, 8)
    t = run("T1 M6\nG0 X0. Y0. Z50.\nG81 X10. Y10. R2. Z-5. F100.\nG80\nG43 H1 Z50.\nM30\n")
    assert not errors(t)
    last = t.moves[-1]
    assert last["kind"] == tp.RAPID and last["end"][2] == pytest.approx(50 + G54[2])
