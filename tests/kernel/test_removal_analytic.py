"""Column values and removed volumes against analytic geometry, at the default 0.1 mm lattice.

The default job: a 100 × 80 × 20 mm block, top at work Z0, G54 at machine (-300, -150, -250).
Walls are placed off the lattice (work coordinates ending in .037, .061 ...); column values are
compared with the analytic surface at the columns' own positions.
"""
import math

import numpy as np
import pytest

from machinesim.job import load_job
from machinesim.kernel import simulate
from machinesim.toolpath import ARC, FEED, RAPID, Toolpath, empty_moves

JOB = load_job()
G54 = np.array(JOB.offset("G54"))


def program(*steps):
    """Moves from (kind, start, end[, centre, axis, turns]) in work coordinates, tool in the spindle."""
    m = empty_moves(len(steps))
    for k, step in enumerate(steps):
        tool, kind, s, e, *arc = step
        m[k]["kind"], m[k]["tool"], m[k]["line"] = kind, tool, k + 1
        m[k]["start"], m[k]["end"] = G54 + s, G54 + e
        if arc:
            m[k]["center"], m[k]["axis"], m[k]["turns"] = G54 + arc[0], arc[1], arc[2]
    return Toolpath(m)


def path(tool, *points):
    """Feed moves through work points."""
    return [(tool, FEED, a, b) for a, b in zip(points[:-1], points[1:])]


def work_grid(model):
    """Work X, Y of every column, (ny, nx) each, and the single-interval tops."""
    x, y = np.meshgrid(model.x - G54[0], model.y - G54[1])
    return x, y, model.top[0] - G54[2]


def test_slot_floor_walls_and_volume():
    a, b, y0, depth = (10.037, 5.0), (70.037, 5.0), 40.043, 5.0
    toolpath = program(*path(1, (a[0], y0, 5), (a[0], y0, -depth), (b[0], y0, -depth), (b[0], y0, 5)))
    model = simulate(toolpath, JOB)
    x, y, top = work_grid(model)
    d = np.where(x < a[0], np.hypot(x - a[0], y - y0), np.where(x > b[0], np.hypot(x - b[0], y - y0),
                                                                  np.abs(y - y0)))
    inside, outside = d < 5.0 - 1e-9, d > 5.0 + 1e-9
    assert inside.sum() > 6000
    assert np.abs(top[inside] + depth).max() <= 0.001
    assert np.abs(top[outside]).max() == 0.0
    analytic = (60.0 * 10.0 + math.pi * 25.0) * depth
    assert abs(model.removed_volume - analytic) / analytic < 1e-3
    # the plunge and the cut removed material, the retract none; the floor was cut by the cut
    assert model.removed[0] > 0 and model.removed[1] > 0 and model.removed[2] == 0.0
    j, i = np.unravel_index(np.argmin(np.abs(x - 40.0) + np.abs(y - y0)), x.shape)
    assert model.last_move[j, i] == 1
    assert not model.rapid_cut.any()
    assert model.depth.tolist() == pytest.approx([depth, depth, 0.0], abs=1e-12)


def test_depth_of_cut_of_a_second_level_and_a_ramp():
    """A level of 2 mm, a 2 mm plunge, the second level back, then a ramp from Z-4 down to Z-6."""
    y0 = 20.061
    steps = path(2, (10.0, y0, -2.0), (60.0, y0, -2.0), (60.0, y0, -4.0), (10.0, y0, -4.0), (60.0, y0, -6.0))
    model = simulate(program(*steps), JOB)
    assert model.depth.tolist() == pytest.approx([2.0, 2.0, 2.0, 2.0], abs=1e-12)
    # the first level starts in the material (its whole stadium), the plunge takes the tool's disc,
    # the way back what lies between the two discs
    disc = math.pi * 9.0
    assert model.removed[[0, 2]] == pytest.approx([(300.0 + disc) * 2.0, 300.0 * 2.0], rel=1e-3)
    # a lone Ø6 disc is counted by its 2800 columns: a few cells along its rim either way
    assert model.removed[1] == pytest.approx(disc * 2.0, rel=5e-3)


def pocket(tool, radius, x0, y0, x1, y1, depth, step):
    """Zig-zag clearing of a rectangle at one depth, then a contour pass along its walls."""
    cx0, cx1, cy0, cy1 = x0 + radius, x1 - radius, y0 + radius, y1 - radius
    pts = [((cx0 + cx1) / 2, (cy0 + cy1) / 2, 2.0)]
    ys = np.append(np.arange(cy0, cy1, step), cy1)
    for k, yy in enumerate(ys):
        xa, xb = (cx0, cx1) if k % 2 == 0 else (cx1, cx0)
        pts += [(xa, yy, -depth), (xb, yy, -depth)]
    pts += [(cx0, cy0, -depth), (cx1, cy0, -depth), (cx1, cy1, -depth), (cx0, cy1, -depth), (cx0, cy0, -depth),
            (cx0, cy0, 2.0)]
    return path(tool, *pts)


def test_pocket_floor_and_volume():
    x0, y0, x1, y1, depth, r = 20.037, 30.061, 50.037, 50.061, 3.5, 3.0
    model = simulate(program(*pocket(2, r, x0, y0, x1, y1, depth, 4.0)), JOB)
    x, y, top = work_grid(model)
    # the pocket is the inner rectangle of the tool's centre grown by the tool radius
    dx = np.clip(np.maximum(x0 + r - x, x - (x1 - r)), 0.0, None)
    dy = np.clip(np.maximum(y0 + r - y, y - (y1 - r)), 0.0, None)
    d = np.hypot(dx, dy)
    assert np.abs(top[d < r - 1e-9] + depth).max() <= 0.001
    assert (top[d > r + 1e-9] == 0.0).all()
    analytic = ((x1 - x0) * (y1 - y0) - (4.0 - math.pi) * r * r) * depth
    assert abs(model.removed_volume - analytic) / analytic < 1e-3


def test_step_along_the_stock_edge():
    """A Ø16 tool takes a 2 mm step off the front edge, its wall at Y 12.047."""
    r, depth, wall = 8.0, 2.0, 12.047
    yc = wall - r
    model = simulate(program(*path(4, (-10, yc, 5), (-10, yc, -depth), (110, yc, -depth), (110, yc, 5))), JOB)
    x, y, top = work_grid(model)
    assert np.abs(top[y < wall] + depth).max() <= 0.001
    assert (top[y > wall] == 0.0).all()
    analytic = 100.0 * wall * depth
    assert abs(model.removed_volume - analytic) / analytic < 1e-3


@pytest.mark.parametrize("tool", [7, 8, 9])
def test_drilled_blind_hole_cone_depth_and_volume(tool):
    drill = JOB.tool(tool)
    cx, cy, depth = 50.037, 40.061, 12.0
    model = simulate(program((tool, RAPID, (cx, cy, 5), (cx, cy, 1)), (tool, FEED, (cx, cy, 1), (cx, cy, -depth)),
                             (tool, RAPID, (cx, cy, -depth), (cx, cy, 5))), JOB)
    x, y, top = work_grid(model)
    d = np.hypot(x - cx, y - cy)
    cot = 1.0 / math.tan(math.radians(drill.point_angle / 2))
    hole = d < drill.radius - 1e-9
    np.testing.assert_allclose(top[hole], -depth + d[hole] * cot, atol=1e-3, rtol=0)
    # the deepest column lies within half a diagonal of the axis: the cone's depth there
    assert -depth <= top[hole].min() <= -depth + 0.0708 * cot
    assert (top[d > drill.radius + 1e-9] == 0.0).all()
    hc = drill.radius * cot
    analytic = math.pi * drill.radius ** 2 * (depth - hc + hc / 3)
    assert abs(model.removed_volume - analytic) / analytic < 1e-3
    assert model.removed[0] == 0.0 and model.removed[2] == 0.0


def test_helical_bore_floor_and_volume():
    """Ø18 bore, 6 deep, with the Ø10 tool: three clockwise helical turns (G2) and a flat last turn."""
    cx, cy, r, depth = 50.037, 40.061, 4.0, 6.0
    start = (cx + r, cy, 0.0)
    cw = (0.0, 0.0, -1.0)
    steps = [(1, RAPID, (cx + r, cy, 5), start)]
    for k in range(3):
        steps.append((1, ARC, (cx + r, cy, -2.0 * k), (cx + r, cy, -2.0 * (k + 1)), (cx, cy, -2.0 * k), cw, 0))
    steps.append((1, ARC, (cx + r, cy, -depth), (cx + r, cy, -depth), (cx, cy, -depth), cw, 0))
    steps.append((1, RAPID, (cx + r, cy, -depth), (cx, cy, 5)))
    model = simulate(program(*steps), JOB)
    x, y, top = work_grid(model)
    d = np.hypot(x - cx, y - cy)
    assert np.abs(top[d < 9.0 - 1e-9] + depth).max() <= 0.001
    assert (top[d > 9.0 + 1e-9] == 0.0).all()
    analytic = math.pi * 81.0 * depth
    assert abs(model.removed_volume - analytic) / analytic < 1e-3
    # the last turn only cleaned the ramp the helix left: far less than a turn's share
    assert 0 < model.removed[4] < model.removed[2]
    assert model.removed[0] == 0.0 and not model.rapid_cut.any()


def test_flat_tool_on_a_g18_arc_follows_the_circle():
    """A Ø6 flat tool swings through the bottom of a Ø20 circle in the XZ plane (G18, axis -Y):
    over each column the deepest tip position within the tool's reach along X."""
    cx, y0, cz, r, R = 50.037, 40.061, 4.0, 10.0, 3.0
    toolpath = program((2, ARC, (cx - r, y0, cz), (cx + r, y0, cz), (cx, y0, cz), (0.0, -1.0, 0.0), 0))
    model = simulate(toolpath, JOB)
    x, y, top = work_grid(model)
    dy = np.abs(y - y0)
    near = (dy < R - 1e-6) & (np.abs(x - cx) < 7.0)
    w = np.sqrt(R * R - dy[near] ** 2)
    off = np.clip(np.abs(x[near] - cx) - w, 0.0, None)
    analytic = np.minimum(cz - np.sqrt(r * r - off * off), 0.0)
    assert near.sum() > 5000
    assert np.abs(top[near] - analytic).max() <= 2e-4          # chords within 0.1 µm of the circle
    assert (top[dy > R + 1e-6] == 0.0).all()


def test_ball_nose_raster_scallops():
    """Ø6 ball, passes along X every 0.9 mm: cusps midway, on lattice rows (Y 30.5, 31.4, ...)."""
    r, s, z = 3.0, 0.9, -2.0
    ys = 30.05 + s * np.arange(12)
    pts = [(10.0, ys[0], 5.0)]
    for k, yy in enumerate(ys):
        xa, xb = (10.0, 60.0) if k % 2 == 0 else (60.0, 10.0)
        pts += [(xa, yy, z), (xb, yy, z)]
    model = simulate(program(*path(5, *pts)), JOB)
    x, y, top = work_grid(model)
    band = (x > 20) & (x < 50) & (y > ys[1]) & (y < ys[-2])
    dy = np.min(np.abs(y[band][:, None] - ys[None, :]), axis=1)
    analytic = z + r - np.sqrt(r * r - dy * dy)
    assert np.abs(top[band] - analytic).max() <= 0.001
    scallop = r - math.sqrt(r * r - (s / 2) ** 2)
    assert abs((top[band].max() - z) - scallop) <= 0.001


def test_rapid_into_material_is_flagged():
    model = simulate(program((1, RAPID, (20.037, 20.0, 5.0), (20.037, 20.0, 1.0)),
                             (1, RAPID, (20.037, 20.0, 1.0), (60.0, 20.0, -1.0)),
                             (1, FEED, (60.0, 20.0, -1.0), (60.0, 20.0, 5.0))), JOB)
    assert model.rapid_cut.tolist() == [False, True, False]
    assert model.removed[1] > 0


def test_progress_is_reported_until_done():
    steps = [(1, FEED, (10.0 + 0.01 * k, 20.0, -1.0), (10.0 + 0.01 * (k + 1), 20.0, -1.0)) for k in range(9000)]
    calls = []
    simulate(program(*steps), JOB, progress=lambda done, total: calls.append((done, total)))
    assert len(calls) >= 2 and calls[-1] == (9000, 9000)
    assert all(a[0] < b[0] for a, b in zip(calls, calls[1:]))


def test_moves_without_a_known_tool_remove_nothing():
    model = simulate(program((0, FEED, (10.0, 10.0, -1.0), (90.0, 10.0, -1.0)),
                             (77, FEED, (10.0, 30.0, -1.0), (90.0, 30.0, -1.0))), JOB)
    assert model.removed_volume == 0.0 and (model.last_move == -1).all()
