"""The surface mesh: watertight and manifold, enclosing the analytic volume within 0.1 %, with
the vertices of planar and cylindrical walls on the exact surface within 1 µm.

Small stocks keep the grids small; the walls are placed off the 0.1 mm lattice.
"""
import math

import numpy as np
import pytest

from machinesim.kernel.mesh import surface_mesh
from test_probe_analytic import G54, PX0, PX1, PY0, PY1, PZ, make_job, path, pocket_moves, probe_for, arc

H = 0.1


def assert_watertight(mesh):
    edges = mesh.extract_feature_edges(boundary_edges=True, non_manifold_edges=True, feature_edges=False,
                                       manifold_edges=False)
    assert mesh.n_cells > 0
    assert edges.n_cells == 0                   # no edge with one face, none with three or more
    assert mesh.is_all_triangles


def enclosed(mesh):
    """Volume by the divergence theorem about the centroid (VTK's own sum loses ~1e-9 far from 0)."""
    p = np.asarray(mesh.points) - np.asarray(mesh.points).mean(0)
    f = mesh.faces.reshape(-1, 4)[:, 1:]
    return np.einsum("ij,ij->i", p[f[:, 0]], np.cross(p[f[:, 1]], p[f[:, 2]])).sum() / 6.0


def work(mesh):
    return np.asarray(mesh.points) - G54


def test_slot_mesh():
    y0, z = 12.3456, -2.5371
    job = make_job(lo=(0, 0, -10), hi=(30, 25, 0))
    p = probe_for(path([(-10, y0, 5), (-10, y0, z), (40, y0, z)], 1), job=job)
    mesh = surface_mesh(None, p, H)
    assert_watertight(mesh)
    expected = 30 * 25 * 10 - 30 * 6 * -z
    assert mesh.volume == pytest.approx(expected, rel=1e-3)
    pts = work(mesh)
    inner = (pts[:, 0] > 0.5) & (pts[:, 0] < 29.5)
    for wall in (y0 - 3, y0 + 3):
        on = inner & (np.abs(pts[:, 1] - wall) < 0.05) & (pts[:, 2] < -1e-6) & (pts[:, 2] > z + 1e-6)
        assert on.sum() > 200
        assert np.abs(pts[on, 1] - wall).max() < 1e-6
    floor = inner & (np.abs(pts[:, 1] - y0) < 2.85) & (pts[:, 2] < -0.15) & (pts[:, 2] > -9.0)
    assert floor.sum() > 200                    # flat faces are merged: few vertices, all exact
    assert np.abs(pts[floor, 2] - z).max() < 1e-6


def test_pocket_mesh():
    job = make_job(lo=(PX0 - 4.0, PY0 - 5.0, -8.0), hi=(PX1 + 3.0, PY1 + 4.0, 0.0))
    p = probe_for(pocket_moves(), job=job)
    mesh = surface_mesh(None, p, H)
    assert_watertight(mesh)
    stock = (PX1 - PX0 + 7.0) * (PY1 - PY0 + 9.0) * 8.0
    pocket = ((PX1 - PX0) * (PY1 - PY0) - (4 - math.pi) * 9.0) * -PZ
    assert mesh.volume == pytest.approx(stock - pocket, rel=1e-3)
    pts = work(mesh)
    walls = [(0, PX0), (0, PX1), (1, PY0), (1, PY1)]
    for ax, at in walls:
        other = pts[:, 1 - ax]
        lo, hi = (PY0, PY1) if ax == 0 else (PX0, PX1)
        on = ((np.abs(pts[:, ax] - at) < 0.05) & (other > lo + 3.2) & (other < hi - 3.2)
              & (pts[:, 2] < -1e-6) & (pts[:, 2] > PZ + 1e-6))
        assert on.sum() > 200
        assert np.abs(pts[on, ax] - at).max() < 1e-6


def test_bore_mesh():
    c = np.array([15.0371, 14.9512])
    p_path, depth = 2.3, -5.4321
    start = (c[0] + p_path, c[1], depth)
    job = make_job(lo=(0, 0, -10), hi=(30, 30, 0))
    p = probe_for(path([(c[0], c[1], 5.0), start], 1), arc(start, start, (*c, depth), (0, 0, 1), 1), job=job)
    mesh = surface_mesh(None, p, H)
    assert_watertight(mesh)
    radius = p_path + 3.0
    assert mesh.volume == pytest.approx(30 * 30 * 10 - math.pi * radius ** 2 * -depth, rel=1e-3)
    pts = work(mesh)
    r = np.hypot(pts[:, 0] - c[0], pts[:, 1] - c[1])
    on = (np.abs(r - radius) < 0.05) & (pts[:, 2] < -1e-6) & (pts[:, 2] > depth + 1e-6)
    assert on.sum() > 200
    assert np.abs(r[on] - radius).max() < 1e-3          # chords of 0.1 µm, the 1 µm bar
    assert np.abs(r[on] - radius).max() < 2e-4


def test_mesh_from_the_column_model():
    """The same slot through the simulation's Z columns instead of vertical probes."""
    from machinesim import kernel
    y0, z = 12.3456, -2.5371
    job = make_job(lo=(0, 0, -10), hi=(30, 25, 0))
    moves = path([(-10, y0, 5), (-10, y0, z), (40, y0, z)], 1)
    p = probe_for(moves, job=job)
    from machinesim.toolpath import Toolpath
    model = kernel.simulate(Toolpath(moves), job, resolution=H)
    mesh = surface_mesh(model, p)
    assert_watertight(mesh)
    assert mesh.volume == pytest.approx(30 * 25 * 10 - 30 * 6 * -z, rel=1e-3)
    pts = work(mesh)
    on = (np.abs(pts[:, 1] - (y0 + 3)) < 0.05) & (pts[:, 2] < -1e-6) & (pts[:, 2] > z + 1e-6)
    assert on.sum() > 200 and np.abs(pts[on, 1] - (y0 + 3)).max() < 1e-6


def test_cylinder_stock_mesh():
    """A bar Ø30 with a slot 6 wide across its top: the round face is probed exactly too."""
    base, r, height, depth = (15.0, 15.0, -10.0), 15.0, 10.0, 1.7371
    job = make_job(cylinder=(base, 2 * r, height))
    p = probe_for(path([(-5, 15.0, 5), (-5, 15.0, -depth), (35, 15.0, -depth)], 1), job=job)
    mesh = surface_mesh(None, p, H)
    assert_watertight(mesh)
    strip = 2 * (3 * math.sqrt(r * r - 9) + r * r * math.asin(3 / r))     # area of |y| <= 3 in the disc
    assert mesh.volume == pytest.approx(math.pi * r * r * height - strip * depth, rel=1e-3)
    pts = work(mesh)
    rim = np.hypot(pts[:, 0] - 15.0, pts[:, 1] - 15.0)
    side = (np.abs(rim - r) < 0.05) & (pts[:, 2] > -height + 1e-6) & (pts[:, 2] < -depth - 1e-6)
    dev = np.abs(rim[side] - r)
    assert side.sum() > 200 and dev.max() < 1e-3          # the 1 µm bar
    assert np.mean(dev < 1e-9) > 0.99     # all but where the lattice's edge lines touch the circle


def test_slabs_are_stitched(monkeypatch):
    """A grid contoured in many slabs gives the same closed surface as in one."""
    from machinesim.kernel import mesh as mesh_module
    job = make_job(lo=(PX0 - 4.0, PY0 - 5.0, -8.0), hi=(PX1 + 3.0, PY1 + 4.0, 0.0))
    p = probe_for(pocket_moves(), job=job)
    whole = surface_mesh(None, p, 0.25)
    monkeypatch.setattr(mesh_module, "SLAB_NODES", 20_000)
    sliced = surface_mesh(None, p, 0.25)
    assert_watertight(sliced)
    assert sliced.n_points == whole.n_points and sliced.n_cells == whole.n_cells
    assert sliced.volume == pytest.approx(whole.volume, rel=1e-9)


def test_flat_faces_are_merged(monkeypatch):
    """Merging the lattice's flat squares leaves the same closed surface with far fewer triangles:
    every vertex one of the lattice mesh's own, the same area and volume."""
    from machinesim.kernel import mesh as mesh_module
    job = make_job(lo=(PX0 - 4.0, PY0 - 5.0, -8.0), hi=(PX1 + 3.0, PY1 + 4.0, 0.0))
    p = probe_for(pocket_moves(), job=job)
    merged = surface_mesh(None, p, H)
    monkeypatch.setattr(mesh_module, "MAX_BLOCK", 1)
    lattice = surface_mesh(None, p, H)
    assert_watertight(merged)
    assert merged.n_cells < lattice.n_cells / 8
    assert enclosed(merged) == pytest.approx(enclosed(lattice), rel=1e-12)
    assert merged.area == pytest.approx(lattice.area, rel=1e-12)
    own = {tuple(v) for v in np.asarray(lattice.points)}
    assert all(tuple(v) in own for v in np.asarray(merged.points))
    def degenerate(mesh):
        return int((mesh.compute_cell_sizes(length=False, volume=False)["Area"] == 0.0).sum())
    assert degenerate(merged) == degenerate(lattice)       # the fans add none (the stock's corners have some)


def test_vertices_start_on_their_own_grid_edge_in_every_slab():
    """Before the probes move them, vertices sit on their own grid edge, whichever row the slab
    starts at: a vertex whose edge no probe end falls on (a ray grazing a wall in its plane)
    keeps that place, so it must be on the surface's side of the lattice, not rows away."""
    from machinesim.kernel import mesh as m
    from machinesim.kernel.contour import contour
    job = make_job(lo=(PX0 - 4.0, PY0 - 5.0, -8.0), hi=(PX1 + 3.0, PY1 + 4.0, 0.0))
    p = probe_for(pocket_moves(), job=job)
    xs, ys, zs, bot, top, h = m._grid(None, p, 0.25)
    faces = m._stock_faces(p, xs, ys)
    coords = (xs, ys, zs)
    for j0 in (0, 17, len(ys) - 15):
        rows = slice(j0, j0 + 15)
        f = m._field(zs, np.ascontiguousarray(bot[:, rows]), np.ascontiguousarray(top[:, rows]), h)
        idx, _ = contour(f)
        axis, node, key, pos, _ = m._on_edges(idx, j0, xs, ys, zs, bot, top, *faces)
        assert len(idx) > 100 and np.all(np.bincount(axis, minlength=3) > 0)
        assert np.all(node[:, 1] >= j0) and np.all(node[:, 1] < j0 + 15)
        for ax in range(3):
            on = axis == ax
            lower = coords[ax][node[on, ax]]
            upper = coords[ax][node[on, ax] + 1]
            assert np.all(pos[on, ax] >= lower - 1e-6) and np.all(pos[on, ax] <= upper + 1e-6)
            for other in {0, 1, 2} - {ax}:
                assert np.array_equal(pos[:, other][axis == ax], coords[other][node[on, other]])
        assert len(np.unique(key)) == len(key)

