"""Stock shapes: initial columns, membership, cell areas and volumes against plain geometry."""
import math

import numpy as np
import pytest

from machinesim.job import Job, Machine, Stock
from machinesim.kernel import BoxStock, CylinderStock, simulate, stock_shape
from machinesim.tools import Tool
from machinesim.toolpath import FEED, RAPID, Toolpath, empty_moves

FLAT10 = Tool(1, "flat", diameter=10.0)


def _line(a, b, kind=FEED):
    m = empty_moves(1)
    m["kind"], m["tool"], m["start"], m["end"] = kind, 1, a, b
    return m


def test_box_stock_in_machine_coordinates_and_lattice_edges():
    job = Job(machine=Machine(resolution=0.1), offsets={"G54": (-300.0, -150.0, -250.0)},
              stock=Stock("box", (0.0, 0.0, -20.0), (30.03, 20.0, 0.0)), tools={1: FLAT10})
    shape = stock_shape(job)
    assert shape.lo == (-300.0, -150.0, -270.0) and shape.hi == (-269.97, -130.0, -250.0)
    model = simulate(Toolpath(empty_moves()), job)
    # lines from the low corner, both edges covered: 30.03 needs 302 lines (the last beyond the edge)
    assert model.shape == (201, 302)
    assert model.x[0] == -300.0 and model.x[-1] >= -269.97 > model.x[-2]
    assert (model.count[:, :-1] == 1).all() and (model.count[:, -1] == 0).all()
    assert np.isnan(model.initial[:, -1]).all() and (model.top[0][:, :-1] == -250.0).all()
    assert model.volume == pytest.approx(30.03 * 20.0 * 20.0, rel=1e-12)
    assert (model.last_move == -1).all() and model.removed.shape == (0,)


def test_cylinder_columns_membership_and_volume():
    job = Job(machine=Machine(resolution=0.1),
              stock=Stock("cylinder", base=(0.013, 0.029, -30.0), diameter=40.0, height=30.0), tools={1: FLAT10})
    shape = stock_shape(job)
    assert isinstance(shape, CylinderStock) and shape.radius == 20.0
    pts = np.array([[0.013 + 19.999, 0.029, -15.0], [0.013 + 20.001, 0.029, -15.0], [0.0, 0.0, 0.001]])
    assert shape.contains(pts).tolist() == [True, False, False]
    model = simulate(Toolpath(empty_moves()), job)
    x, y = np.meshgrid(model.x, model.y)
    d = np.hypot(x - 0.013, y - 0.029)
    clear = np.abs(d - 20.0) > 1e-6                     # columns on the rim itself may go either way
    assert (model.count[clear] == (d[clear] < 20.0)).all()
    assert model.volume == pytest.approx(math.pi * 400.0 * 30.0, rel=1e-3)   # a disc counted by its columns


def test_facing_a_cylinder_removes_its_disc():
    job = Job(machine=Machine(resolution=0.1),
              stock=Stock("cylinder", base=(0.013, 0.029, -30.0), diameter=40.0, height=30.0), tools={1: FLAT10})
    moves = np.concatenate([_line((-30.0, y, -2.0), (30.0, y, -2.0)) for y in np.arange(-24.0, 25.0, 8.0)])
    model = simulate(Toolpath(moves), job)
    assert model.removed_volume == pytest.approx(math.pi * 400.0 * 2.0, rel=1e-3)
    before = np.nansum((model.initial - model.bottom[0]) * model.cell_area)
    assert model.volume + model.removed_volume == pytest.approx(before, rel=1e-12)
    tops = model.top[0][model.count > 0]
    assert (np.abs(tops + 2.0) < 1e-12).all()


def test_cutting_through_empties_a_column():
    job = Job(machine=Machine(resolution=0.1), stock=Stock("box", (0.0, 0.0, -5.0), (20.0, 20.0, 0.0)),
              tools={1: FLAT10})
    model = simulate(Toolpath(_line((10.05, 10.05, 5.0), (10.05, 10.05, -8.0))), job)
    x, y = np.meshgrid(model.x, model.y)
    hole = np.hypot(x - 10.05, y - 10.05) < 5.0 - 1e-9
    assert (model.count[hole] == 0).all() and (model.count[~hole] == 1).all()
    assert (model.top[0][hole] == -5.0).all()
    assert model.removed_volume == pytest.approx(math.pi * 25.0 * 5.0, rel=1e-3)   # the Ø10 disc, 5 deep
    before = np.nansum((model.initial - model.bottom[0]) * model.cell_area)
    assert model.volume + model.removed_volume == pytest.approx(before, rel=1e-12)


def test_auto_stock_wraps_the_cutting_moves():
    job = Job(machine=Machine(resolution=0.1), stock=Stock("auto", margin=1.0), tools={1: FLAT10})
    moves = np.concatenate([_line((0.0, 0.0, 50.0), (10.0, 0.0, 5.0), RAPID),
                            _line((10.0, 0.0, -3.0), (40.0, 20.0, -3.0)), _line((40.0, 20.0, -3.0), (40.0, 20.0, 0.0))])
    shape = stock_shape(job, Toolpath(moves))
    assert isinstance(shape, BoxStock)
    assert shape.lo == pytest.approx((10.0 - 5.0 - 1.0, -5.0 - 1.0, -4.0))
    # the top at the work zero (the program cuts below it), no margin above: the approach stays in the air
    assert shape.hi == pytest.approx((40.0 + 5.0 + 1.0, 20.0 + 5.0 + 1.0, 0.0))
