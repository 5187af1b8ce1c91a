"""The automatic stock (`[stock] auto`): the block a program was written for, from where it really cuts.

Truth comes from plain geometry: an annulus swept by a Ø6 cutter around a circle, the extreme
points of circles in any plane sampled densely, the program's own zero.
"""
import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from machinesim.analysis import find
from machinesim.gcode import interpret
from machinesim.job import Stock, load_job
from machinesim.kernel import simulate, stock_shape
from machinesim.kernel.stock import arc_extents
from machinesim.toolpath import ARC, arc_points, empty_moves

DEFAULT = load_job()
AUTO = replace(DEFAULT, stock=Stock("auto", margin=1.0))
G54 = np.array(DEFAULT.offset("G54"))

CIRCLE = """%
O1000 (cercle R20, 1 mm de profondeur)
G21 G90 G17 G40 G49 G80
T2 M6
G54 G0 X20. Y0. S8000 M3
G43 H2 Z2.
G1 Z-1. F300.
G2 X20. Y0. I-20. J0. F800.
G0 Z25.
M30
%
"""


def test_a_shallow_circle_is_a_shallow_ring_under_the_work_zero():
    """A 1 mm deep circle of radius 20 with a Ø6 cutter removes the annulus 17..23 mm, 1 mm deep
    (240π mm³ ≈ 0.75 cm³), and the approach G0 Z2. is not in material."""
    tp = interpret(CIRCLE, AUTO, "c.nc")
    model = simulate(tp, AUTO, resolution=0.1)
    assert model.removed_volume == pytest.approx(240.0 * math.pi, rel=3e-3)
    stock = model.stock
    assert stock.assumed
    work_lo = np.array(stock.lo) - G54
    work_hi = np.array(stock.hi) - G54
    assert work_hi == pytest.approx([20.0 + 3.0 + 1.0, 20.0 + 3.0 + 1.0, 0.0])
    assert work_lo == pytest.approx([-20.0 - 3.0 - 1.0, -20.0 - 3.0 - 1.0, -1.0 - 1.0])
    found = find(tp, AUTO, model)
    assert not [f for f in found if f.code == "RAPID_IN_MATERIAL"]
    said = [f for f in found if f.code == "STOCK_ASSUMED"]
    assert len(said) == 1 and said[0].severity == "info"
    assert (said[0].params["dx"], said[0].params["dz"], said[0].params["z1"]) == ("48", "2", "0")


def test_a_given_stock_is_not_said_to_be_assumed():
    tp = interpret(CIRCLE, DEFAULT, "c.nc")
    assert not stock_shape(DEFAULT, tp).assumed
    assert not [f for f in find(tp, DEFAULT) if f.code == "STOCK_ASSUMED"]


def test_an_arc_in_the_xz_plane_reaches_only_as_deep_as_it_goes():
    """G18 half circle of radius 5 under Z0: the stock goes down to the arc's lowest point, not the
    centre minus the radius on every axis, and its Y extent is the tool only."""
    program = """G21 G90 G40 G49 G80
T5 M6
G54 G0 X-5. Y0. S8000 M3
G43 H5 Z2.
G1 Z0. F300.
G18 G2 X5. Z0. I5. K0.
G0 Z25.
M30
"""
    tp = interpret(program, AUTO, "xz.nc")
    s = stock_shape(AUTO, tp)
    lo, hi = np.array(s.lo) - G54, np.array(s.hi) - G54
    # G2 in G18 (clockwise about +Y) from X-5 to X5 about I5 goes through Z-5
    assert lo == pytest.approx([-5.0 - 3.0 - 1.0, -3.0 - 1.0, -5.0 - 1.0])
    assert hi == pytest.approx([5.0 + 3.0 + 1.0, 3.0 + 1.0, 0.0])


def test_feed_moves_in_the_air_do_not_widen_the_stock():
    program = """G21 G90 G40 G49 G80
T2 M6
G54 G0 X0. Y0. S8000 M3
G43 H2 Z5.
G1 X200. Y150. F2000.
G1 X10. Y10.
G1 Z-2. F300.
G1 X30.
G0 Z25.
M30
"""
    s = stock_shape(AUTO, interpret(program, AUTO, "air.nc"))
    lo, hi = np.array(s.lo) - G54, np.array(s.hi) - G54
    assert lo == pytest.approx([10.0 - 4.0, 10.0 - 4.0, -3.0])
    assert hi == pytest.approx([30.0 + 4.0, 10.0 + 4.0, 0.0])


def test_a_program_zeroed_under_the_part_takes_its_top_one_step_above_its_highest_level():
    program = """G21 G90 G40 G49 G80
T2 M6
G54 G0 X0. Y0. S8000 M3
G43 H2 Z23.
G1 Z19. F300.
G1 X30. F800.
G1 Z18.
G1 X0.
G0 Z40.
M30
"""
    s = stock_shape(AUTO, interpret(program, AUTO, "z.nc"))
    assert s.hi[2] - G54[2] == pytest.approx(20.0)
    assert s.lo[2] - G54[2] == pytest.approx(17.0)


def _arc(center, radius, axis, start_angle, sweep, rise):
    """An arc record about a unit axis, built from its geometry."""
    axis = np.asarray(axis, float) / np.linalg.norm(axis)
    helper = np.array([1.0, 0.0, 0.0]) if abs(axis[0]) < 0.9 else np.array([0.0, 1.0, 0.0])
    e1 = np.cross(axis, helper)
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(axis, e1)
    u = radius * (math.cos(start_angle) * e1 + math.sin(start_angle) * e2)
    v = radius * (math.cos(start_angle + sweep) * e1 + math.sin(start_angle + sweep) * e2)
    m = empty_moves(1)
    m["kind"], m["tool"] = ARC, 1
    m["center"], m["axis"] = center, axis
    m["start"] = np.asarray(center) + u
    m["end"] = np.asarray(center) + v + rise * axis
    m["turns"] = 0
    return m


@settings(max_examples=60, deadline=None)
@given(st.floats(-50, 50), st.floats(-50, 50), st.floats(-50, 50), st.floats(0.5, 40),
       st.sampled_from([(0, 0, 1), (0, 0, -1), (0, 1, 0), (0, -1, 0), (1, 0, 0), (-1, 0, 0), (1, 2, 3)]),
       st.floats(0, 2 * math.pi), st.floats(0.05, 2 * math.pi - 0.05), st.floats(-5, 5))
def test_arc_extents_are_the_extremes_of_the_points_the_arc_passes(cx, cy, cz, r, axis, a0, sweep, rise):
    m = _arc((cx, cy, cz), r, axis, a0, sweep, rise)
    lo, hi = arc_extents(m)
    pts = arc_points(m[0], 1e-6)
    planar = all(abs(v) < 1e-12 for k, v in enumerate(np.asarray(axis, float)) if k != int(np.argmax(np.abs(axis))))
    tol = 1e-5 if planar else 1e-5 + abs(rise)      # a tilted helix: its extremes along the rise are bounded
    assert (lo <= pts.min(0) + 1e-6).all() and (hi >= pts.max(0) - 1e-6).all()
    assert (pts.min(0) - lo <= tol).all() and (hi - pts.max(0) <= tol).all()


def test_a_drawing_at_the_work_zero_removes_nothing():
    """A pen plotter's calibration pattern (PyCAM) runs at Z0: the block's top is there."""
    program = """G21 G90 G40 G49 G80
T2 M6
G54 G0 X0. Y0. S8000 M3
G43 H2 Z2.
G1 Z0. F300.
G1 X30. Y20. F800.
G0 Z2.
M30
"""
    tp = interpret(program, AUTO, "pen.nc")
    s = stock_shape(AUTO, tp)
    assert s.hi[2] - G54[2] == pytest.approx(0.0)
    assert simulate(tp, AUTO, resolution=0.25).removed_volume == pytest.approx(0.0, abs=1e-9)


def test_a_program_without_a_cutting_move_assumes_no_block_to_show():
    tp = interpret("G21 G90\nG54 G0 X10. Y10. Z5.\nM30\n", AUTO, "air.nc")
    assert not [f for f in find(tp, AUTO, simulate(tp, AUTO, resolution=0.5)) if f.code == "STOCK_ASSUMED"]


def test_the_assumed_block_is_given_to_reports_in_work_coordinates():
    from machinesim.analysis.assumptions import assumed_stock

    tp = interpret(CIRCLE, AUTO, "c.nc")
    box = assumed_stock(AUTO, stock_shape(AUTO, tp))
    assert box == {"frame": "G54", "min": [-24.0, -24.0, -2.0], "max": [24.0, 24.0, 0.0]}
    assert assumed_stock(DEFAULT, stock_shape(DEFAULT, tp)) is None
