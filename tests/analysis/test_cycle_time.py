"""Cycle time per tool and in total against a hand computation of the trapezoidal profile.

From rest to rest at most v with acceleration a: a move of length L >= v²/a takes L/v + v/a
(accelerate for v/a s over v²/2a mm, cruise, brake likewise); a shorter one never reaches v and
takes 2·sqrt(L/a) (accelerate over L/2, brake over L/2).
"""
import math

import numpy as np
import pytest

from machinesim.toolpath import DWELL, EVENT_DTYPE, FEED, RAPID, TOOL_CHANGE, Toolpath, cycle_time, empty_moves

RAPID_RATE, MAX_FEED, ACCEL, CHANGE = 15000.0, 3000.0, 1000.0, 5.0


def test_cycle_time_per_tool_and_total_by_hand():
    moves = empty_moves(4)
    # T1: a 100 mm rapid (v = 250 mm/s, v²/a = 62.5 mm: reaches full speed) and a 50 mm cut at F600
    moves[0] = (RAPID, 1, 0, (0, 0, 0), (100, 0, 0), 0, 0, 0, RAPID_RATE, 1, 8000, 0, 0)
    moves[1] = (FEED, 2, 0, (100, 0, 0), (100, 50, 0), 0, 0, 0, 600.0, 1, 8000, 0, 0)
    # T2: a 10 mm rapid (short: triangular) and a 30 mm cut at F6000, capped by max_feed 3000
    moves[2] = (RAPID, 4, 0, (100, 50, 0), (100, 50, 10), 0, 0, 0, RAPID_RATE, 2, 8000, 0, 0)
    moves[3] = (FEED, 5, 0, (100, 50, 10), (130, 50, 10), 0, 0, 0, 6000.0, 2, 8000, 0, 0)
    events = np.zeros(3, EVENT_DTYPE)
    events[0] = (TOOL_CHANGE, 1, 0, 0, 1.0)
    events[1] = (DWELL, 3, 0, 2, 2.5)          # after the cut of T1: counts for T1
    events[2] = (TOOL_CHANGE, 4, 0, 2, 2.0)
    tp = Toolpath(moves, events, ("t.nc",))

    t_rapid_long = 100 / 250 + 250 / 1000                 # 0.65 s
    t_cut1 = 50 / 10 + 10 / 1000                          # 5.01 s
    t_rapid_short = 2 * math.sqrt(10 / 1000)              # 0.2 s
    t_cut2 = 30 / 50 + 50 / 1000                          # 0.65 s: 50 mm/s needs 2.5 mm < 30
    t1 = CHANGE + t_rapid_long + t_cut1 + 2.5
    t2 = CHANGE + t_rapid_short + t_cut2
    total, per_tool = cycle_time(tp, RAPID_RATE, MAX_FEED, ACCEL, CHANGE)
    assert per_tool == pytest.approx({1: t1, 2: t2}, rel=1e-12)
    assert total == pytest.approx(t1 + t2, rel=1e-12)
    assert total == pytest.approx(19.01, abs=1e-9)
