"""Smooth shading and sharp edges of a triangle mesh, as VTK draws them, with numpy and one
compiled loop (no PyVista: `run` draws its picture without importing it).

- Sharp edges (vtkFeatureEdges' feature edges): an edge two triangles share whose normals meet at
  `angle` degrees or more (their dot product at most cos `angle`). Edges of one triangle, or of
  more than two, are neither drawn nor smoothed across.
- Shading (vtkPolyDataNormals with splitting): each vertex is split into one per fan of triangles
  joined across edges that are not sharp, and each split vertex's normal is the area-weighted mean
  of its fan's faces (VTK weighs every face alike, so the thin triangles of a contoured cylinder
  streak a bore's wall; weighted by area, the wall shades as the smooth cylinder it is).
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit


def _shared_edges(tri: np.ndarray, n_points: int) -> tuple[np.ndarray, np.ndarray]:
    """The edges exactly two triangles share, as their two half-edges. Half-edge `3 t + c` of
    triangle t runs from its corner c to corner c + 1."""
    a = tri.ravel()
    b = tri[:, [1, 2, 0]].ravel()
    key = np.minimum(a, b).astype(np.int64) * n_points + np.maximum(a, b)
    order = np.argsort(key, kind="stable")
    k = key[order]
    start = np.r_[True, k[1:] != k[:-1]]
    first = np.flatnonzero(start)
    count = np.diff(np.r_[first, len(k)])
    pair = first[count == 2]
    return order[pair], order[pair + 1]


def _face_normals(points: np.ndarray, tri: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each triangle's normal scaled by twice its area, and its unit normal (zero when degenerate)."""
    p = points[tri]
    twice_area = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
    length = np.linalg.norm(twice_area, axis=1, keepdims=True)
    return twice_area, np.divide(twice_area, length, out=np.zeros_like(twice_area), where=length > 0.0)


def _sharp(unit: np.ndarray, e1: np.ndarray, e2: np.ndarray, angle: float) -> np.ndarray:
    return np.einsum("ij,ij->i", unit[e1 // 3], unit[e2 // 3]) <= math.cos(math.radians(angle))


def _edges(points: np.ndarray, tri: np.ndarray, angle: float):
    """The shared edges' half-edges (e1, e2), which are sharp, and each face's normal scaled by
    twice its area."""
    e1, e2 = _shared_edges(tri, len(points))
    twice_area, unit = _face_normals(points, tri)
    return e1, e2, _sharp(unit, e1, e2, angle), twice_area


def _segments(points, tri, e):
    a = tri.ravel()[e]
    b = tri[:, [1, 2, 0]].ravel()[e]
    return np.stack([points[a], points[b]], axis=1)


def sharp_edges(points: np.ndarray, tri: np.ndarray, angle: float) -> np.ndarray:
    """The sharp edges as segments (k, 2, 3)."""
    points, tri = np.asarray(points, float), np.asarray(tri, np.int64)
    if not len(tri):
        return np.zeros((0, 2, 3))
    e1, _, sharp, _ = _edges(points, tri, angle)
    return _segments(points, tri, e1[sharp])


@njit(cache=True)
def corner_groups(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Union of the pairs (left[k], right[k]) over 0..n-1: each element's group, named by its
    smallest member."""
    parent = np.arange(n)
    for k in range(left.shape[0]):
        x = left[k]
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        y = right[k]
        while parent[y] != y:
            parent[y] = parent[parent[y]]
            y = parent[y]
        if x < y:
            parent[y] = x
        elif y < x:
            parent[x] = y
    out = np.empty(n, np.int64)
    for i in range(n):
        x = i
        while parent[x] != x:
            x = parent[x]
        out[i] = x
    return out


def shaded(points: np.ndarray, tri: np.ndarray, angle: float):
    """(points, triangles, normals, source): the mesh split along its sharp edges with smooth
    normals; `source` is each new vertex's vertex in the input (to carry point data over). The
    triangles keep their order (cell data carry over unchanged)."""
    return shaded_surface_arrays(points, tri, angle)[:4]


def shaded_surface(surface, angle: float):
    """`shaded_surface_arrays` of a kernel.surface.Surface, computed once per surface and angle
    (part.png and part3d.html of one part shade the same surface)."""
    key = ("shaded", angle)
    if key not in surface.derived:
        surface.derived[key] = shaded_surface_arrays(surface.points, surface.triangles, angle)
    return surface.derived[key]


def shaded_surface_arrays(points: np.ndarray, tri: np.ndarray, angle: float):
    """(points, triangles, normals, source, sharp edges (k, 2, 3)): `shaded` and `sharp_edges`
    from one pass over the shared edges."""
    points, tri = np.asarray(points, float), np.asarray(tri, np.int64)
    if not len(tri):
        return (np.zeros((0, 3)), np.zeros((0, 3), np.int64), np.zeros((0, 3)), np.zeros(0, np.int64),
                np.zeros((0, 2, 3)))
    e1, e2, sharp, twice_area = _edges(points, tri, angle)
    edges = _segments(points, tri, e1[sharp])
    e1, e2 = e1[~sharp], e2[~sharp]
    corner = tri.ravel()
    after = e1 - e1 % 3 + (e1 % 3 + 1) % 3          # the corner at the end of half-edge e1
    # the same vertex's corners in the two triangles: e1 starts at a, ends at b; e2 runs either way
    a_in_2 = np.where(corner[e2] == corner[e1], e2, e2 - e2 % 3 + (e2 % 3 + 1) % 3)
    b_in_2 = np.where(corner[e2] == corner[after], e2, e2 - e2 % 3 + (e2 % 3 + 1) % 3)
    groups = corner_groups(len(corner), np.concatenate([e1, after]), np.concatenate([a_in_2, b_in_2]))
    first, new = np.unique(groups, return_inverse=True)
    source = corner[first]
    weights = np.repeat(twice_area, 3, axis=0)
    normals = np.column_stack([np.bincount(new, weights[:, k], minlength=len(first)) for k in range(3)])
    length = np.linalg.norm(normals, axis=1, keepdims=True)
    normals = np.where(length > 0.0, normals / np.where(length > 0.0, length, 1.0), np.array([0.0, 0.0, 1.0]))
    return points[source], new.reshape(-1, 3).astype(np.int64), normals, source, edges
