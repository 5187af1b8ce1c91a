"""Shading and sharp edges of a mesh without PyVista (render/shading.py): the compiled union of
corners against a plain-Python reference (hypothesis), the sharp edges against VTK's own
vtkFeatureEdges, the split vertices against VTK's vtkPolyDataNormals, and both against the
analytic faces of a box and a cylinder."""
from __future__ import annotations

import math

import numpy as np
import pytest
import pyvista as pv
from hypothesis import given, settings
from hypothesis import strategies as st

from machinesim.kernel.surface import Surface, as_polydata, as_surface
from machinesim.render.look import SHARP_EDGE
from machinesim.render.shading import corner_groups, shaded, sharp_edges

from render_helpers import pocketed_block


def reference_groups(n, pairs):
    """Connected components by walking the pairs as a graph; each named by its smallest member."""
    neighbours = {i: set() for i in range(n)}
    for a, b in pairs:
        neighbours[a].add(b)
        neighbours[b].add(a)
    name = [None] * n
    for start in range(n):
        if name[start] is not None:
            continue
        seen, todo = {start}, [start]
        while todo:
            for m in neighbours[todo.pop()]:
                if m not in seen:
                    seen.add(m)
                    todo.append(m)
        for m in seen:
            name[m] = min(seen)
    return name


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 40).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=60))))
def test_corner_groups_are_the_connected_components(case):
    n, pairs = case
    left = np.array([a for a, _ in pairs], np.int64)
    right = np.array([b for _, b in pairs], np.int64)
    assert corner_groups(n, left, right).tolist() == reference_groups(n, pairs)


def _triangles(mesh: pv.PolyData):
    s = as_surface(mesh)
    return s.points, s.triangles


def _segments_key(segments):
    return sorted(tuple(sorted(map(tuple, np.round(np.asarray(s, float), 6).tolist()))) for s in segments)


MESHES = {
    "box": lambda: pv.Box(bounds=(0, 30, 0, 20, -10, 0)).triangulate(),
    "cylinder": lambda: pv.Cylinder(radius=6.0, height=10.0, resolution=48).triangulate().clean(),
    "sphere": lambda: pv.Sphere(radius=5.0, theta_resolution=24, phi_resolution=18),
    "pocketed block": lambda: pocketed_block(5.0).triangulate(),
}


@pytest.mark.parametrize("name", sorted(MESHES))
def test_sharp_edges_are_vtks_feature_edges(name):
    mesh = MESHES[name]()
    ours = sharp_edges(*_triangles(mesh), SHARP_EDGE)
    lines = mesh.extract_feature_edges(feature_angle=SHARP_EDGE, boundary_edges=False, non_manifold_edges=False,
                                       manifold_edges=False)
    vtk = np.asarray(lines.points)[lines.lines.reshape(-1, 3)[:, 1:]] if lines.n_cells else np.zeros((0, 2, 3))
    assert _segments_key(ours) == _segments_key(vtk)


@pytest.mark.parametrize("name", sorted(MESHES))
def test_vertices_split_as_vtk_splits_them(name):
    mesh = MESHES[name]()
    points, tri = _triangles(mesh)
    split_points, split_tri, normals, source = shaded(points, tri, SHARP_EDGE)
    vtk = mesh.compute_normals(cell_normals=False, split_vertices=True, feature_angle=SHARP_EDGE,
                               auto_orient_normals=False, consistent_normals=False)
    assert len(split_points) == vtk.n_points
    assert np.array_equal(split_points, points[source])
    assert np.array_equal(source[split_tri], tri)            # the same triangles, in the same order
    assert np.allclose(np.linalg.norm(normals, axis=1), 1.0)


def test_a_box_shades_flat_with_its_faces_normals():
    mesh = pv.Box(bounds=(0, 30, 0, 20, -10, 0)).triangulate()
    points, tri, normals, _ = shaded(*_triangles(mesh), SHARP_EDGE)
    assert len(points) == 24                                  # 8 corners, each on 3 faces
    assert len(sharp_edges(*_triangles(mesh), SHARP_EDGE)) == 12
    centre = np.array([15.0, 10.0, -5.0])
    for t in tri:                                             # every corner carries its face's normal
        p = points[t]
        face = np.cross(p[1] - p[0], p[2] - p[0])
        face /= np.linalg.norm(face)
        assert np.allclose(normals[t], face)
        assert np.dot(face, p.mean(axis=0) - centre) > 0.0    # outwards


def test_a_cylinder_shades_round_on_its_side_and_flat_on_its_ends():
    r, n = 6.0, 48
    mesh = pv.Cylinder(radius=r, height=10.0, resolution=n, direction=(0, 0, 1)).triangulate().clean()
    points, tri, normals, _ = shaded(*_triangles(mesh), SHARP_EDGE)
    end = np.abs(normals[:, 2]) > 0.5
    assert np.allclose(np.abs(normals[end, 2]), 1.0)
    radial = points[~end, :2] / np.linalg.norm(points[~end, :2], axis=1, keepdims=True)
    # horizontal, and between the two side faces at the vertex (each 360/n/2 off the radius; the
    # quads cut into two triangles weigh one face twice at every vertex)
    assert np.allclose(normals[~end, 2], 0.0, atol=1e-12)
    off = np.degrees(np.arccos(np.clip(np.einsum("ij,ij->i", normals[~end, :2], radial), -1, 1)))
    assert off.max() < 180.0 / n
    assert (~end).sum() == 2 * n                              # one ring at each rim on the side
    assert len(sharp_edges(*_triangles(mesh), SHARP_EDGE)) == 2 * n     # the two rims: 2 n chords
    assert math.isclose(SHARP_EDGE, 35.0)                     # 360/48 = 7.5° between side faces: smooth


def test_an_empty_mesh_shades_to_nothing():
    empty = Surface(np.zeros((0, 3)), np.zeros((0, 3), np.int64))
    points, tri, normals, source = shaded(empty.points, empty.triangles, SHARP_EDGE)
    assert len(points) == len(tri) == len(normals) == len(source) == 0
    assert sharp_edges(empty.points, empty.triangles, SHARP_EDGE).shape == (0, 2, 3)
    assert empty.bounds == pv.PolyData().bounds and as_polydata(empty).n_cells == 0


def test_a_surface_is_the_same_mesh_as_pyvistas():
    mesh = pocketed_block(5.0).triangulate()
    surface = as_surface(mesh)
    assert surface.n_cells == mesh.n_cells and surface.n_points == mesh.n_points
    assert np.allclose(surface.bounds, mesh.bounds)
    back = as_polydata(surface)
    assert np.array_equal(np.asarray(back.points), np.asarray(mesh.points))
    assert np.array_equal(back.regular_faces, mesh.regular_faces)
    assert math.isclose(back.volume, 100 * 80 * 20 - 40 * 40 * 10, rel_tol=1e-9)


def test_a_surface_is_shaded_once_for_its_picture_and_its_page():
    from machinesim.render.shading import shaded_surface

    surface = as_surface(pocketed_block(5.0).triangulate())
    first = shaded_surface(surface, SHARP_EDGE)
    assert shaded_surface(surface, SHARP_EDGE) is first                  # the page reuses the picture's
    assert shaded_surface(surface, 20.0) is not first                    # another angle, another shading
    again = shaded(surface.points, surface.triangles, SHARP_EDGE)
    assert all(np.array_equal(a, b) for a, b in zip(first[:4], again))
    assert _segments_key(first[4]) == _segments_key(sharp_edges(surface.points, surface.triangles, SHARP_EDGE))
