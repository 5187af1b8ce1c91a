"""Defects found by running real CAM and control programs (issue 12): each with its minimal program."""
from __future__ import annotations

import numpy as np
import pytest

from gcode_helpers import errors, keys, run
from machinesim.toolpath import EVENT_NAMES


def jumps(toolpath) -> list[int]:
    """Lines of the moves that do not start where the tool stood (a tool change aside)."""
    moves, events = toolpath.moves, toolpath.events
    changes = {int(e["after"]) for e in events if EVENT_NAMES[int(e["kind"])] == "tool_change"}
    out = []
    for i in range(1, len(moves)):
        if i in changes:
            continue
        if np.linalg.norm(moves["start"][i] - moves["end"][i - 1]) > 1e-9:
            out.append(int(moves["line"][i]))
    return out


G40_ALONE = """G21 G17 G90 G54
T1 M6
G0 G43 H1 Z50.
S1000 M3
G0 X-10. Y-10. Z5.
G1 Z-1. F100.
G41 D1 G1 X0. Y0.
G1 Y20.
G1 X20.
G40
G0 Z5.
G0 X-10. Y-10.
G1 Z-1.
G42 D1 G1 X0. Y0.
G1 Y20.
G40
G1 X-10.
G41 D1 G1 X0. Y0.
G1 X20.
G40
G91 G1 X5. Y-5.
G90 G0 Z5.
M30
"""


@pytest.mark.parametrize("dialect", ["fanuc", "linuxcnc"])
def test_g40_alone_leaves_the_tool_where_it_stands(dialect):
    tp = run(G40_ALONE, dialect)
    assert not errors(tp)
    assert jumps(tp) == []
    # the move after each G40 still ends on the programmed point (work Z5 above X20 Y20)
    after = tp.moves[tp.moves["line"] == 11][0]
    np.testing.assert_allclose(after["end"][:2], np.array([20.0, 20.0]) + np.array([-300.0, -150.0]))
