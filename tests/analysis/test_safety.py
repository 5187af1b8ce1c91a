"""Safety and cutting-condition findings on small hand-made toolpaths, each both ways."""
import math
from dataclasses import replace

import numpy as np
import pytest

from machinesim.analysis import find
from machinesim.analysis.conditions import check_conditions
from machinesim.analysis.safety import check_fixtures, check_spindle_and_length, check_travel
from machinesim.job import Fixture, load_job
from machinesim.toolpath import END, EVENT_DTYPE, F_TOOL_LENGTH, FEED, RAPID, Toolpath, empty_moves

JOB = load_job()


def path(*moves, events=True):
    """moves: (kind, start, end, tool, spindle, feed, flags)."""
    rec = empty_moves(len(moves))
    for i, (kind, start, end, tool, spindle, feed, flags) in enumerate(moves):
        rec[i]["kind"], rec[i]["line"] = kind, 10 * (i + 1)
        rec[i]["start"], rec[i]["end"] = start, end
        rec[i]["tool"], rec[i]["spindle"], rec[i]["feed"], rec[i]["flags"] = tool, spindle, feed, flags
    ev = np.zeros(1 if events else 0, EVENT_DTYPE)
    if events:
        ev[0]["kind"], ev[0]["after"] = END, len(moves)
    return Toolpath(rec, ev, ("t.nc",), (), lines=10 * len(moves))


def codes(findings):
    return [(f.code, f.line) for f in findings]


G54 = np.array(JOB.offset("G54"))


def work(x, y, z):
    return tuple(G54 + (x, y, z))


def test_travel_limit_uses_the_gauge_line():
    t1 = JOB.tools[1]
    # the gauge line is the tip plus the tool length: the top of Z travel (0) is reached at tip = -length
    top_tip = -t1.length - G54[2]
    ok = path((RAPID, work(0, 0, 10), work(0, 0, top_tip - 0.001), 1, 8000, 0, F_TOOL_LENGTH))
    bad = path((RAPID, work(0, 0, 10), work(0, 0, top_tip + 0.001), 1, 8000, 0, F_TOOL_LENGTH))
    assert check_travel(ok, JOB) == []
    found = check_travel(bad, JOB)
    assert codes(found) == [("TRAVEL_LIMIT", 10)] and found[0].params["axis"] == "Z"


@pytest.mark.parametrize("x, expect", [(5.01, False), (4.99, True)])
def test_fixture_collision_flat_tool_edge(x, expect):
    job = replace(JOB, fixtures=(Fixture((-10, 0, -20), (0, 80, -5), "mors fixe"),))
    tp = path((FEED, work(x, 10, -8), work(x, 60, -8), 1, 8000, 500, F_TOOL_LENGTH))
    assert bool(check_fixtures(tp, job)) is expect


def test_fixture_collision_follows_the_ball_profile():
    """Tip 1 mm below the jaw top, 2.9 mm from its side: a Ø6 flat tool touches, a Ø6 ball does not
    (its surface there is 3 - sqrt(9 - 2.9²) = 2.23 mm above the tip)."""
    job = replace(JOB, fixtures=(Fixture((-10, 0, -20), (0, 80, -5), "mors"),))
    assert 3 - math.sqrt(9 - 2.9 ** 2) > 1.0
    flat = path((FEED, work(2.9, 10, -6), work(2.9, 20, -6), 2, 8000, 500, F_TOOL_LENGTH))
    ball = path((FEED, work(2.9, 10, -6), work(2.9, 20, -6), 5, 8000, 500, F_TOOL_LENGTH))
    assert codes(check_fixtures(flat, job)) == [("FIXTURE_COLLISION", 10)]
    assert check_fixtures(ball, job) == []


def test_rapid_spindle_length_and_plunge_both_ways():
    a, b = work(10, 10, -1), work(50, 10, -1)
    clean = path((FEED, a, b, 1, 8000, 500, F_TOOL_LENGTH))
    assert check_spindle_and_length(clean, JOB, np.array([100.0])) == []
    rapid = path((RAPID, a, b, 1, 8000, 15000, F_TOOL_LENGTH))
    assert codes(check_spindle_and_length(rapid, JOB, np.array([100.0]))) == [("RAPID_IN_MATERIAL", 10)]
    assert check_spindle_and_length(rapid, JOB, np.array([0.0])) == []
    off = path((FEED, a, b, 1, 0, 500, F_TOOL_LENGTH))
    assert codes(check_spindle_and_length(off, JOB, np.array([100.0]))) == [("SPINDLE_OFF_CUT", 10)]
    reverse = path((FEED, a, b, 1, -8000, 500, F_TOOL_LENGTH))
    assert codes(check_spindle_and_length(reverse, JOB, np.array([100.0]))) == [("SPINDLE_OFF_CUT", 10)]
    nolen = path((FEED, a, b, 1, 8000, 500, 0))
    assert codes(check_spindle_and_length(nolen, JOB, np.array([100.0]))) == [("NO_TOOL_LENGTH", 10)]
    # T10 (chamfer mill with a Ø1 flat tip) does not cut at its centre: a vertical entry is a finding,
    # a move along X is not
    plunge = path((FEED, work(10, 10, 0), work(10, 10, -1), 10, 8000, 100, F_TOOL_LENGTH))
    assert codes(check_spindle_and_length(plunge, JOB, np.array([5.0]))) == [("PLUNGE_NON_CENTER_CUTTING", 10)]
    along = path((FEED, work(10, 10, -1), work(30, 10, -1), 10, 8000, 100, F_TOOL_LENGTH))
    assert check_spindle_and_length(along, JOB, np.array([5.0])) == []


def test_cutting_speed_and_chip_load_from_the_formulas():
    # T1: Ø10 carbide, 3 flutes, aluminium: Vc = π·10·N/1000, fz = F/(3·N)
    good = path((FEED, work(0, 0, -1), work(50, 0, -1), 1, 8000, 2400, F_TOOL_LENGTH))
    assert check_conditions(good, JOB, np.array([True])) == []   # Vc 251 m/min, fz 0.1 mm
    slow = path((FEED, work(0, 0, -1), work(50, 0, -1), 1, 2000, 600, F_TOOL_LENGTH))
    found = check_conditions(slow, JOB, np.array([True]))        # Vc 62.8 m/min < 100
    assert [f.code for f in found] == ["CUTTING_SPEED"] and found[0].params["vc"] == "62.8"
    heavy = path((FEED, work(0, 0, -1), work(50, 0, -1), 1, 8000, 9000, F_TOOL_LENGTH))
    found = check_conditions(heavy, JOB, np.array([True]))       # fz 0.375 mm > 0.25
    assert [f.code for f in found] == ["CHIP_LOAD"] and found[0].params["fz"] == "0.375"


def test_find_sorts_by_line():
    from machinesim.kernel import simulate

    a, b, c = work(10, 10, -1), work(50, 10, -1), work(50, 40, -1)
    tp = path((FEED, a, b, 1, 0, 500, F_TOOL_LENGTH), (RAPID, b, c, 1, 8000, 15000, F_TOOL_LENGTH))
    assert codes(find(tp, JOB, simulate(tp, JOB))) == [("SPINDLE_OFF_CUT", 10), ("RAPID_IN_MATERIAL", 20)]
    clean = path((FEED, a, b, 1, 8000, 2400, F_TOOL_LENGTH))
    assert find(clean, JOB, simulate(clean, JOB)) == []


def test_power_overload_from_the_removal_rate():
    """A Ø16 cut 6 mm deep and 16 wide in steel over 50 mm: 4,800 mm³. At F2000 the move takes
    50/33.3 + 33.3/1000 = 1.533 s (trapezoid, 1000 mm/s²): 187,826 mm³/min need
    187,826 × 1800 / (60·10⁶ × 0.8) = 7.04 kW, under the machine's 7.5 kW. At F2500: 1.2417 s,
    231,946 mm³/min, 8.70 kW: over."""
    from machinesim.analysis.conditions import check_overload, spindle_power

    steel = replace(JOB, stock=replace(JOB.stock, material="steel"))
    assert spindle_power(np.array([187_826.0]), 1800.0)[0] == pytest.approx(7.043, abs=1e-3)
    a, b = work(10, 20, -6), work(60, 20, -6)
    slow = path((FEED, a, b, 4, 3000, 2000, F_TOOL_LENGTH))
    fast = path((FEED, a, b, 4, 3000, 2500, F_TOOL_LENGTH))
    assert check_overload(slow, steel, np.array([4800.0])) == []
    found = check_overload(fast, steel, np.array([4800.0]))
    assert [(f.code, f.key) for f in found] == [("OVERLOAD", "OVERLOAD.power")]
    assert found[0].params["power"] == "8.7"
