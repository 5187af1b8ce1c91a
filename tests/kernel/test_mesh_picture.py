"""The picture mesh (`surface_mesh(..., exact=False)`): the exact mesh's topology, walls still exact,
other vertices within the chord error of the analytic surface, and far fewer exact probes.

Truth is analytic: a flat end mill's slot (planes), a bore (a cylinder), a ball-nose groove (a
half cylinder of the ball's radius) and a 45° V-groove (two planes).
"""
import math
from dataclasses import replace

import numpy as np
import pytest

from machinesim import kernel
from machinesim.kernel import mesh as mesh_module
from machinesim.kernel.mesh import surface_mesh
from machinesim.tools import Tool
from machinesim.toolpath import Toolpath
from test_mesh_surface import assert_watertight, enclosed, work
from test_probe_analytic import TOOLS, arc, make_job, path, probe_for

H = 0.1
BALL_R = 3.0


def rays_cast(monkeypatch, probe, build):
    """Run `build()` and count the exact rays it casts through `probe` along X or Y edges (those
    cast with limits; the vertical probes of the columns at walls are the same for both meshes)."""
    cast = []
    original = probe.intervals_flat

    def counting(origins, direction, limits=None):
        cast.append(0 if limits is None else len(origins))
        return original(origins, direction, limits)

    monkeypatch.setattr(probe, "intervals_flat", counting)
    mesh = build()
    monkeypatch.setattr(probe, "intervals_flat", original)
    return mesh, sum(cast)


def test_slot_walls_and_floor_stay_exact():
    y0, z = 12.3456, -2.5371
    job = make_job(lo=(0, 0, -10), hi=(30, 25, 0))
    p = probe_for(path([(-10, y0, 5), (-10, y0, z), (40, y0, z)], 1), job=job)
    mesh = surface_mesh(None, p, H, exact=False)
    assert_watertight(mesh)
    assert mesh.volume == pytest.approx(30 * 25 * 10 - 30 * 6 * -z, rel=1e-3)
    pts = work(mesh)
    inner = (pts[:, 0] > 0.5) & (pts[:, 0] < 29.5)
    for wall in (y0 - 3, y0 + 3):
        on = inner & (np.abs(pts[:, 1] - wall) < 0.05) & (pts[:, 2] < -1e-6) & (pts[:, 2] > z + 1e-6)
        assert on.sum() > 200
        assert np.abs(pts[on, 1] - wall).max() < 1e-6       # a wall is steep: probed exactly
    floor = inner & (np.abs(pts[:, 1] - y0) < 2.85) & (pts[:, 2] < -0.15) & (pts[:, 2] > -9.0)
    assert floor.sum() > 200 and np.abs(pts[floor, 2] - z).max() < 1e-6


def test_bore_wall_stays_on_the_cylinder():
    c = np.array([15.0371, 14.9512])
    p_path, depth = 2.3, -5.4321
    start = (c[0] + p_path, c[1], depth)
    job = make_job(lo=(0, 0, -10), hi=(30, 30, 0))
    p = probe_for(path([(c[0], c[1], 5.0), start], 1), arc(start, start, (*c, depth), (0, 0, 1), 1), job=job)
    mesh = surface_mesh(None, p, H, exact=False)
    assert_watertight(mesh)
    radius = p_path + 3.0
    pts = work(mesh)
    r = np.hypot(pts[:, 0] - c[0], pts[:, 1] - c[1])
    on = (np.abs(r - radius) < 0.05) & (pts[:, 2] < -1e-6) & (pts[:, 2] > depth + 1e-6)
    assert on.sum() > 200 and np.abs(r[on] - radius).max() < 2e-4


def ball_groove(depth=-1.4321, y0=12.3456):
    """A Ø6 ball-nose groove along X across a 30 x 25 x 10 stock, from the simulation's columns."""
    job = make_job(lo=(0, 0, -10), hi=(30, 25, 0))
    moves = path([(-10, y0, 5), (-10, y0, depth), (40, y0, depth)], 2)
    model = kernel.simulate(Toolpath(moves), job, resolution=H)
    return model, probe_for(moves, job=job), depth, y0


def test_ball_groove_within_the_chord_error_with_far_fewer_probes(monkeypatch):
    """Off the steep rim, a vertex sits on the chord between two exact column ends at most √5 h
    apart, so its distance to the trough is at most that chord's sagitta, 5 h² / (8 R)."""
    model, p, depth, y0 = ball_groove()
    exact, exact_rays = rays_cast(monkeypatch, p, lambda: surface_mesh(model, p))
    picture, picture_rays = rays_cast(monkeypatch, p, lambda: surface_mesh(model, p, exact=False))
    assert_watertight(picture)
    assert picture.n_points == exact.n_points and picture.n_cells == exact.n_cells
    assert picture_rays < exact_rays / 4
    pts = work(picture)
    centre_z = depth + BALL_R
    inner = (pts[:, 0] > 0.5) & (pts[:, 0] < 29.5)
    trough = inner & (np.abs(pts[:, 1] - y0) < 2.5) & (pts[:, 2] < -1e-6) & (pts[:, 2] > depth - 0.01)
    assert trough.sum() > 500
    off = np.abs(np.hypot(pts[trough, 1] - y0, pts[trough, 2] - centre_z) - BALL_R)
    assert off.max() <= 5 * H * H / (8 * BALL_R) + 1e-9
    assert enclosed(picture) == pytest.approx(enclosed(exact), rel=1e-5)


def test_v_groove_planes_are_exact(monkeypatch):
    """A 90° engraving cutter's groove: plane flanks at 45°, where chords lie on the plane."""
    tools = dict(TOOLS)
    tools[6] = Tool(6, "chamfer", diameter=10.0, point_angle=90.0)
    job = make_job(lo=(0, 0, -10), hi=(30, 25, 0))
    job = replace(job, tools=tools)
    y0, depth = 12.3456, -2.1234
    moves = path([(-10, y0, 5), (-10, y0, depth), (40, y0, depth)], 6)
    p = probe_for(moves, job=job)
    mesh = surface_mesh(kernel.simulate(Toolpath(moves), job, resolution=H), p, exact=False)
    assert_watertight(mesh)
    pts = work(mesh)
    flank = ((pts[:, 0] > 0.5) & (pts[:, 0] < 29.5) & (pts[:, 2] < -0.05) & (pts[:, 2] > depth + 0.05)
             & (np.abs(pts[:, 1] - y0) < -depth))
    assert flank.sum() > 500
    off = np.abs(np.abs(pts[flank, 1] - y0) - (pts[flank, 2] - depth)) / math.sqrt(2.0)
    assert off.max() < 1e-6


def test_picture_mesh_is_the_exact_mesh_where_nothing_is_gentle(monkeypatch):
    """Where every X or Y edge is steep (a 2.5D pocket), the picture mesh is the exact mesh."""
    from test_probe_analytic import PX0, PX1, PY0, PY1, pocket_moves
    job = make_job(lo=(PX0 - 4.0, PY0 - 5.0, -8.0), hi=(PX1 + 3.0, PY1 + 4.0, 0.0))
    p = probe_for(pocket_moves(), job=job)
    a, b = surface_mesh(None, p, H), surface_mesh(None, p, H, exact=False)
    assert np.array_equal(np.asarray(a.points), np.asarray(b.points))
    assert np.array_equal(a.faces, b.faces)


def test_film_frames_cut_once_match_the_prefixes_simulated_alone():
    """A film's columns after k moves, carried forward, are those of the first k moves cut alone."""
    from machinesim.kernel.stages import ProgressiveCut
    from test_probe_analytic import pocket_moves
    job = make_job()
    moves = np.concatenate([pocket_moves(), ball_groove_moves(-1.2, 70.0)])
    toolpath = Toolpath(moves)
    cut = ProgressiveCut(toolpath, job, 0.25)
    for k in (0, 1, len(moves) // 3, len(moves) - 1, 2, len(moves)):   # 2: going back
        alone = kernel.simulate(Toolpath(moves[:k]), job, resolution=0.25)
        frame = cut.model_at(k)
        assert np.array_equal(frame.top, alone.top) and np.array_equal(frame.count, alone.count)
    coarse = cut.model_at(len(moves), every=3)           # one column in three, each way
    assert coarse.h == 0.75 and np.array_equal(coarse.top, alone.top[:, ::3, ::3])
    assert np.allclose(coarse.x, alone.x[::3]) and np.allclose(coarse.y, alone.y[::3])


def ball_groove_moves(depth, y0):
    return path([(-10, y0, 5), (-10, y0, depth), (110, y0, depth)], 2)


def test_film_mesh_without_a_probe_is_within_h_of_the_walls():
    """A frame's mesh comes from the columns alone: a slot's walls within h, its floor exact."""
    from machinesim.kernel.stages import ProgressiveCut
    y0, z = 12.3456, -2.5371
    job = make_job(lo=(0, 0, -10), hi=(30, 25, 0))
    moves = path([(-10, y0, 5), (-10, y0, z), (40, y0, z)], 1)
    mesh = surface_mesh(ProgressiveCut(Toolpath(moves), job, H).model_at(len(moves)), None, exact=False)
    assert_watertight(mesh)
    assert mesh.volume == pytest.approx(30 * 25 * 10 - 30 * 6 * -z, rel=5e-3)
    pts = work(mesh)
    inner = (pts[:, 0] > 0.5) & (pts[:, 0] < 29.5)
    for wall in (y0 - 3, y0 + 3):
        on = inner & (np.abs(pts[:, 1] - wall) < H) & (pts[:, 2] < -1e-6) & (pts[:, 2] > z + 1e-6)
        assert on.sum() > 200 and np.abs(pts[on, 1] - wall).max() <= H
    floor = inner & (np.abs(pts[:, 1] - y0) < 2.85) & (pts[:, 2] < -0.15) & (pts[:, 2] > -9.0)
    assert floor.sum() > 200 and np.abs(pts[floor, 2] - z).max() < 1e-6
    with pytest.raises(ValueError):
        surface_mesh(None, None, H, exact=False)


def test_a_gentle_part_never_builds_the_probe():
    """A ball-nose groove along X on a stock it crosses whole, cut no deeper than 0.09 mm: no wall
    to count nor to draw, so neither the simulation nor the picture mesh builds the move log."""
    job = make_job(lo=(0, 0, -10), hi=(30, 25, 0))
    moves = path([(-10, 12.3456, 5), (-10, 12.3456, -0.09), (40, 12.3456, -0.09)], 2)
    p = kernel.Probe(Toolpath(moves), job)
    model = kernel.simulate(Toolpath(moves), job, resolution=H, probe=p)
    mesh = surface_mesh(model, p, exact=False)
    assert_watertight(mesh)
    assert "log" not in vars(p) and "_items" not in vars(p)
    assert p.contains(np.array([[-300.0 + 15, -150.0 + 1, -250.0 - 5]]))[0]   # and it answers when asked
    assert "log" in vars(p)
