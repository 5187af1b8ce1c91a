"""M6 on a Fanuc-type machine goes up to the reference point first; LinuxCNC's interpreter does not move."""
from dataclasses import replace

import numpy as np

from machinesim.gcode import interpret
from machinesim.job import load_job
from machinesim.toolpath import F_MACHINE, RAPID

JOB = load_job()
PROGRAM = """G21 G90 G54
T1 M6
G43 H1 G0 X10. Y10. Z2.
G1 Z-3. F200
T2 M6
G43 H2 G0 Z5.
M30
"""


def test_fanuc_tool_change_retracts_to_the_reference_point():
    moves = interpret(PROGRAM, JOB, "t.nc").moves
    change = moves[moves["line"] == 5]
    assert len(change) == 1 and change[0]["kind"] == RAPID and change[0]["flags"] & F_MACHINE
    g54 = np.array(JOB.offset("G54"))
    # T1 (length 72) leaves the part from Z-3 and rises until its gauge line is at machine Z0
    assert np.allclose(change[0]["start"], g54 + (10, 10, -3))
    assert np.allclose(change[0]["end"], (g54[0] + 10, g54[1] + 10, -JOB.tools[1].length))
    # the new tool hangs its own length below the gauge line, then G43 H2 lands it on Z5
    after = moves[moves["line"] == 6][0]
    assert np.isclose(after["start"][2], -JOB.tools[2].length)
    assert np.isclose(after["end"][2], g54[2] + 5)


def test_linuxcnc_tool_change_does_not_move():
    job = replace(JOB, machine=replace(JOB.machine, dialect="linuxcnc"))
    moves = interpret(PROGRAM, job, "t.ngc").moves
    assert not (moves["line"] == 5).any()
