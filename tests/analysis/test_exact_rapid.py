"""A rapid into material is judged on the exact sweeps, not on the lattice.

Truth: plain geometry (a disc plunged, a circular segment swept along a face) and the physical
reading of each program (a retract from where the tool stands removes nothing).
"""
import math
from dataclasses import replace

import numpy as np
import pytest

from machinesim import gcode, kernel
from machinesim.analysis import find
from machinesim.analysis.exact import exact_volume
from machinesim.job import load_job
from machinesim.kernel.movelog import build_move_log
from machinesim.tools import Tool

JOB = load_job()
BALL2 = replace(JOB, tools={**JOB.tools, 1: Tool(1, "ball", diameter=2.0, corner_radius=1.0, flute_length=8.0,
                                                  length=50.0, flutes=2, center_cutting=True)},
                machine=replace(JOB.machine, resolution=0.05))

ARC_OFF_CIRCLE = """G21 G90 G17 G40 G49 G80
T1 M6
G54 G0 X10.6482 Y10.4019 S9000 M3
G43 H1 Z2.
G1 Z-2.2234 F200.
G2 X10.9664 Y10.1595 I0.1582 J-0.1224 F300.
G0 Z5.
M30
"""


def test_a_retract_after_a_small_arc_whose_end_is_off_its_circle_cuts_nothing():
    """I and J rounded to 4 decimals put the end 0.2 µm off the start's circle (within the arc
    tolerance): the control still ends there, so the Ø2 ball's retract from it takes nothing."""
    tp = gcode.interpret(ARC_OFF_CIRCLE, BALL2, "a.nc")
    model = kernel.simulate(tp, BALL2)
    assert tp.moves[-1]["kind"] == 0 and model.removed[-1] == 0.0
    assert not [f for f in find(tp, BALL2, model) if f.code == "RAPID_IN_MATERIAL"]


def test_a_lattice_artefact_on_a_rapid_is_not_a_finding():
    """Hand the retract a lattice volume of 0.04 mm³ (what the issue saw): the exact sweeps say 0."""
    tp = gcode.interpret(ARC_OFF_CIRCLE, BALL2, "a.nc")
    model = kernel.simulate(tp, BALL2)
    removed = model.removed.copy()
    removed[-1] = 0.04
    fake = replace(model, removed=removed, rapid_cut=model.rapid_cut | (np.arange(len(removed)) == len(removed) - 1))
    assert not [f for f in find(tp, BALL2, fake) if f.code == "RAPID_IN_MATERIAL"]


GRAZE = """G21 G90 G17 G40 G49 G80
T1 M6
G54 G0 X-4.95 Y10. S8000 M3
G43 H1 Z5.
G0 Z-1.
G0 Y15.
G0 Z25.
M30
"""


def test_a_rapid_grazing_a_face_by_50_microns_is_found_with_its_exact_volume():
    """Ø10 flat at X-4.95: its side is 0.05 mm inside the block's face X0 at Z-1. The rapid down took
    the disc's circular segment at Y10; the rapid to Y15 sweeps the stadium's part in the block, a
    5 mm strip with half a segment at each end, less the half of the first segment inside the
    strip: 5 × 0.05 mm², 1 mm deep."""
    tp = gcode.interpret(GRAZE, JOB, "g.nc")
    model = kernel.simulate(tp, JOB)
    truth = 5.0 * 0.05 * 1.0
    i = len(tp.moves) - 2
    assert exact_volume(build_move_log(tp, JOB), i, 0.002) == pytest.approx(truth, rel=0.02)
    found = [f for f in find(tp, JOB, model) if f.code == "RAPID_IN_MATERIAL"]
    assert [f.line for f in found] == [5, 6]
    segment = 25.0 * math.acos(4.95 / 5.0) - 4.95 * math.sqrt(25.0 - 4.95 ** 2)
    assert float(found[0].params["volume"]) == pytest.approx(segment, abs=5e-3)
    assert float(found[1].params["volume"]) == pytest.approx(truth, rel=0.1)


def test_exact_volume_of_a_plunge_is_the_disc_times_the_depth_and_nothing_twice():
    program = """G21 G90 G17 G40 G49 G80
T1 M6
G54 G0 X50. Y40. S8000 M3
G43 H1 Z5.
G1 Z-2. F200.
G1 Z5.
G1 Z-2.
G0 Z25.
M30
"""
    tp = gcode.interpret(program, JOB, "p.nc")
    log = build_move_log(tp, JOB)
    lines = tp.moves["line"]
    first = int(np.flatnonzero(lines == 5)[0])
    again = int(np.flatnonzero(lines == 7)[0])
    assert exact_volume(log, first, 0.02) == pytest.approx(math.pi * 25.0 * 2.0, rel=2e-3)
    assert exact_volume(log, again, 0.02) == 0.0


def test_a_lattice_artefact_on_a_feed_retract_with_the_spindle_stopped_is_not_a_finding():
    """M5, then G1 Z5. out of the cut: 0.04 mm³ handed to it by the lattice is not a cut with the spindle off."""
    program = ARC_OFF_CIRCLE.replace("G0 Z5.\n", "M5\nG1 Z5. F1000.\n")
    tp = gcode.interpret(program, BALL2, "a.nc")
    model = kernel.simulate(tp, BALL2)
    removed = model.removed.copy()
    assert tp.moves[-1]["spindle"] == 0 and tp.moves[-1]["kind"] == 1
    removed[-1] = 0.04
    fake = replace(model, removed=removed)
    assert not [f for f in find(tp, BALL2, fake) if f.code == "SPINDLE_OFF_CUT"]
    removed[-1] = 2.0                    # beyond any lattice artefact: the lattice is believed
    assert [f.line for f in find(tp, BALL2, replace(model, removed=removed)) if f.code == "SPINDLE_OFF_CUT"] == [8]
