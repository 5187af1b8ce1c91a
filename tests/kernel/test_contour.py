"""Marching cubes (kernel/contour.py): the compiled kernel against a plain-Python reference of the
same rule (hypothesis), and the surface against independent truths: every vertex where VTK's flying
edges puts it (the grid edges whose ends differ in sign, linear interpolation), closed and
consistently oriented on any field, and the volume of a sampled sphere."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from machinesim.kernel.contour import COUNT, EDGE_AXIS, EDGE_CORNER, TABLE, contour


def reference(field):
    """The same vertices and triangles by plain loops and dictionaries."""
    nz, ny, nx = field.shape
    ids, points = {}, []
    for k in range(nz):
        for j in range(ny):
            for i in range(nx):
                for axis, (dk, dj, di) in enumerate(((0, 0, 1), (0, 1, 0), (1, 0, 0))):
                    if k + dk < nz and j + dj < ny and i + di < nx:
                        f0, f1 = float(field[k, j, i]), float(field[k + dk, j + dj, i + di])
                        if (f0 > 0) != (f1 > 0):
                            ids[axis, k, j, i] = len(points)
                            t = f0 / (f0 - f1)
                            points.append((i + t * di, j + t * dj, k + t * dk))
    triangles = []
    for k in range(nz - 1):
        for j in range(ny - 1):
            for i in range(nx - 1):
                case = sum(1 << c for c in range(8) if field[k + (c >> 2 & 1), j + (c >> 1 & 1), i + (c & 1)] > 0)
                edges = [int(e) for e in TABLE[case, :3 * COUNT[case]]]
                corner = [(k + (int(EDGE_CORNER[e]) >> 2 & 1), j + (int(EDGE_CORNER[e]) >> 1 & 1),
                           i + (int(EDGE_CORNER[e]) & 1)) for e in edges]
                ring = [ids[int(EDGE_AXIS[e]), *c] for e, c in zip(edges, corner)]
                triangles += [ring[q:q + 3] for q in range(0, len(ring), 3)]
    return np.array(points, float).reshape(-1, 3), np.array(triangles, np.int64).reshape(-1, 3)


def closed_and_oriented(points, triangles) -> bool:
    """Each directed edge once, and its reverse too: watertight, manifold, consistently oriented."""
    d = np.concatenate([triangles[:, [0, 1]], triangles[:, [1, 2]], triangles[:, [2, 0]]])
    key = d[:, 0] * (len(points) + 1) + d[:, 1]
    return len(np.unique(key)) == len(key) and bool(np.isin(d[:, 1] * (len(points) + 1) + d[:, 0], key).all())


def volume(points, triangles) -> float:
    q = points - points.mean(axis=0)
    return float(np.einsum("ij,ij->i", q[triangles[:, 0]], np.cross(q[triangles[:, 1]], q[triangles[:, 2]])).sum() / 6)


def closed(field):
    """The field with a layer of negative values all round (as mesh.py pads the grid with air)."""
    out = np.full(tuple(n + 2 for n in field.shape), -1.0, field.dtype)
    out[1:-1, 1:-1, 1:-1] = field
    return out


fields = st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5)).flatmap(
    lambda shape: arrays(np.float32, shape, elements=st.sampled_from([-1.0, -0.25, -1e-3, 1e-3, 0.4, 1.0])))


@settings(max_examples=150, deadline=None)
@given(fields)
def test_the_kernel_is_the_plain_python_reference(field):
    field = closed(field)
    points, triangles = contour(field)
    ref_points, ref_triangles = reference(field)
    assert np.array_equal(points, ref_points) and np.array_equal(triangles, ref_triangles)


@settings(max_examples=150, deadline=None)
@given(fields)
def test_any_field_gives_a_closed_surface_facing_the_negative_side(field):
    points, triangles = contour(closed(field))
    assert closed_and_oriented(points, triangles)
    assert len(triangles) == 0 or volume(points, triangles) > 0.0     # normals out of the positive side


def test_every_case_closes_on_its_own():
    """Each of the 256 cells alone in the air: a closed surface around its positive corners."""
    for case in range(1, 256):
        cell = np.array([[[1.0 if case >> (i + 2 * j + 4 * k) & 1 else -1.0 for i in range(2)] for j in range(2)]
                         for k in range(2)])
        points, triangles = contour(closed(cell))
        assert closed_and_oriented(points, triangles) and volume(points, triangles) > 0.0, case


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_vertices_are_where_vtks_flying_edges_puts_them(dtype):
    import pyvista as pv

    field = closed((np.random.default_rng(7).random((6, 9, 13)) - 0.5).astype(dtype))
    nz, ny, nx = field.shape
    grid = pv.ImageData(dimensions=(nx, ny, nz))
    grid.point_data["f"] = field.ravel()
    theirs = np.asarray(grid.contour([0.0], scalars="f", method="flying_edges").points, float)
    ours, triangles = contour(field)
    assert len(ours) == len(theirs)
    order = lambda p: p[np.lexsort(np.round(p, 4).T)]     # noqa: E731
    assert np.abs(order(ours) - order(theirs)).max() < 1e-5                   # VTK's are float32
    assert closed_and_oriented(ours, triangles)


def test_a_sampled_sphere_encloses_the_volume_of_the_sphere():
    r, n = 9.3, 24
    z, y, x = np.mgrid[0:n, 0:n, 0:n].astype(float) - (n - 1) / 2
    points, triangles = contour(r - np.sqrt(x * x + y * y + z * z))
    assert closed_and_oriented(points, triangles)
    assert volume(points, triangles) == pytest.approx(4 / 3 * math.pi * r ** 3, rel=0.01)
