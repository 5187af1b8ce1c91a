"""Defects found by running real CAM and control programs (issue 12): each with its minimal program."""
from __future__ import annotations

import numpy as np
import pytest

from gcode_helpers import TOOLS, errors, keys, run
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


NO_TOOL = {
    "no T word": "G21 G90\nG0 X10. Y10. Z5.\nS1000 M3\nG1 Z-1. F100.\nG1 X30.\nM30\n",
    "T0": "G21 G90\nT0 M6\nG0 X10. Y10. Z5.\nS1000 M3\nG1 Z-1. F100.\nG1 X30.\nM30\n",
    "T without M6": "G21 G90\nT2\nG0 X10. Y10. Z5.\nS1000 M3\nG1 Z-1. F100.\nG1 X30.\nM30\n",
    "arc first": "G21 G90\nG0 X10. Y10. Z-1.\nS1000 M3\nF100.\nG2 X30. R10.\nM30\n",
}


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("name", list(NO_TOOL))
def test_cutting_with_no_tool_loaded_is_an_error_on_the_first_cutting_line(name, fast):
    tp = run(NO_TOOL[name], fast=fast, tool_length="touch_off")
    found = [f for f in tp.findings if f.code == "NO_TOOL"]
    first_cut = int(tp.moves["line"][tp.moves["kind"] != 0][0])
    assert [(f.severity, f.line) for f in found] == [("error", first_cut)]


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("name", list(NO_TOOL))
def test_cutting_with_no_tool_loaded_uses_the_default_tool_and_says_so(name, fast):
    from machinesim.tools import Tool

    default = Tool(0, diameter=8.0, length=40.0)
    tp = run(NO_TOOL[name], fast=fast, tool_default=default)
    found = [f for f in tp.findings if f.code == "NO_TOOL"]
    assert [f.severity for f in found] == ["warning"]
    assert not errors(tp)
    cutting = tp.moves[tp.moves["kind"] != 0]
    numbers = set(cutting["tool"].tolist())
    assert len(numbers) == 1 and numbers.pop() not in (0, *TOOLS)    # not a tool of the table
    assert found[0].params["tool"] == cutting["tool"][0]
    # the stand-in tool cuts on the programmed point: work Z-1 with G54 at -250
    assert cutting["end"][:, 2].min() == pytest.approx(-251.0)
