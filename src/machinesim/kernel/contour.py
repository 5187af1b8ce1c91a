"""Marching cubes on a grid of signed values: the zero surface as triangles with every vertex on a
grid edge, one vertex per edge, watertight and consistently oriented (normals towards the
negative side). It replaces VTK's flying edges for the part's mesh, so drawing a part needs no
VTK at all (0.1 s of import).

The case table is built here from one rule, not copied: on each face of a cell the crossings are
joined so as to separate the face's positive corners (on a face with two diagonal positive
corners, each is cut off alone). Both cells sharing a face then join its crossings the same way,
which is what makes the surface watertight; each face's segments are directed so that the
positive side lies inside the surface, chained into loops around the cell and fanned into
triangles.
"""
from __future__ import annotations

import numpy as np
from numba import njit

# corner c of a cell is (c & 1, c >> 1 & 1, c >> 2 & 1) in (x, y, z)
CORNERS = tuple((c & 1, c >> 1 & 1, c >> 2 & 1) for c in range(8))
# edge e: its lower corner, its axis (the upper corner is one step along it)
EDGES = tuple((c, axis) for axis in range(3) for c in range(8) if not c >> axis & 1)
FACES = ((0, 2, 6, 4), (1, 3, 7, 5), (0, 1, 5, 4), (2, 3, 7, 6), (0, 1, 3, 2), (4, 5, 7, 6))   # cyclic corners


def _edge(a: int, b: int) -> int:
    lo, hi = min(a, b), max(a, b)
    return EDGES.index((lo, (hi - lo).bit_length() - 1))


def _middle(e: int) -> tuple[float, float, float]:
    c, axis = EDGES[e]
    return tuple(CORNERS[c][k] + (0.5 if k == axis else 0.0) for k in range(3))


def _face(face: tuple[int, int, int, int]):
    """A face's corners in cyclic order, the edge from each to the next, and its outward normal's
    axis and sign."""
    axis = next(a for a in range(3) if len({CORNERS[c][a] for c in face}) == 1)
    return (face, tuple(_edge(face[m], face[(m + 1) % 4]) for m in range(4)), axis,
            1.0 if CORNERS[face[0]][axis] else -1.0)


FACE_EDGES = tuple(_face(face) for face in FACES)


def _face_segments(case: int):
    """Every face's directed segments (edge, edge) for the corners inside `case` (bit c: corner c
    positive)."""
    inside = [bool(case >> c & 1) for c in range(8)]
    segments = []
    for face, edges, axis, sign in FACE_EDGES:
        cut = [m for m in range(4) if inside[face[m]] != inside[face[(m + 1) % 4]]]
        if not cut:
            continue
        if len(cut) == 2:
            groups = [(cut, [face[m] for m in range(4) if inside[face[m]]])]
        else:                                                     # two diagonal positive corners
            groups = [([(m - 1) % 4, m], [face[m]]) for m in range(4) if inside[face[m]]]
        for (m0, m1), positive in groups:
            e0, e1 = edges[m0], edges[m1]
            a, b = _middle(e0), _middle(e1)
            away = [(a[k] + b[k]) / 2 - sum(CORNERS[c][k] for c in positive) / len(positive) for k in range(3)]
            t = [b[k] - a[k] for k in range(3)]
            u, v = (axis + 1) % 3, (axis + 2) % 3
            # the surface lies on the left of its boundary seen from its normal (away from the
            # positive side), and inside the cell (against the face's normal): (away x t) . n < 0
            turn = (away[u] * t[v] - away[v] * t[u]) * sign
            segments.append((e0, e1) if turn < 0.0 else (e1, e0))
    return segments


def _case_table() -> tuple[np.ndarray, np.ndarray]:
    """Per case (256): its triangles as edge numbers (up to 12 triangles, -1 after) and their count."""
    table = np.full((256, 36), -1, np.int64)
    count = np.zeros(256, np.int64)
    for case in range(256):
        following = dict(_face_segments(case))
        tris = []
        while following:
            start = next(iter(following))
            loop = [start]
            while following[loop[-1]] != start:
                loop.append(following.pop(loop[-1]))
            following.pop(loop[-1])
            tris += [(loop[0], loop[k], loop[k + 1]) for k in range(1, len(loop) - 1)]
        count[case] = len(tris)
        table[case, :3 * len(tris)] = np.ravel(tris) if tris else []
    return table, count


TABLE, COUNT = _case_table()
EDGE_CORNER = np.array([c for c, _ in EDGES], np.int64)
EDGE_AXIS = np.array([a for _, a in EDGES], np.int64)


@njit(cache=True)
def _case(field, k, j, i):
    """The case of the cell at node (i, j, k): bit c set when its corner c is positive."""
    case = 0
    for c in range(8):
        if field[k + (c >> 2 & 1), j + (c >> 1 & 1), i + (c & 1)] > 0.0:
            case |= 1 << c
    return case


@njit(cache=True)
def _march(field, table, count, edge_corner, edge_axis):
    """(points (n, 3) in node indices x, y, z; triangles (m, 3)) of the zero surface of `field`
    (nz, ny, nx): one vertex per grid edge whose ends differ in sign (> 0 against <= 0), placed by
    linear interpolation (in float64), numbered along z, y, x then axis; triangles cell by cell."""
    nz, ny, nx = field.shape
    ids = np.full((3, nz, ny, nx), -1, np.int32)
    n = 0
    for k in range(nz):
        for j in range(ny):
            for i in range(nx):
                s = field[k, j, i] > 0.0
                if i + 1 < nx and (field[k, j, i + 1] > 0.0) != s:
                    ids[0, k, j, i] = n
                    n += 1
                if j + 1 < ny and (field[k, j + 1, i] > 0.0) != s:
                    ids[1, k, j, i] = n
                    n += 1
                if k + 1 < nz and (field[k + 1, j, i] > 0.0) != s:
                    ids[2, k, j, i] = n
                    n += 1
    points = np.empty((n, 3))
    for k in range(nz):
        for j in range(ny):
            for i in range(nx):
                f0 = np.float64(field[k, j, i])
                for axis in range(3):
                    v = ids[axis, k, j, i]
                    if v < 0:
                        continue
                    f1 = np.float64(field[k + (axis == 2), j + (axis == 1), i + (axis == 0)])
                    t = f0 / (f0 - f1)
                    points[v, 0] = i + t * (axis == 0)
                    points[v, 1] = j + t * (axis == 1)
                    points[v, 2] = k + t * (axis == 2)
    m = 0
    for k in range(nz - 1):
        for j in range(ny - 1):
            for i in range(nx - 1):
                m += count[_case(field, k, j, i)]
    triangles = np.empty((m, 3), np.int64)
    m = 0
    for k in range(nz - 1):
        for j in range(ny - 1):
            for i in range(nx - 1):
                case = _case(field, k, j, i)
                for q in range(3 * count[case]):
                    e = table[case, q]
                    c = edge_corner[e]
                    triangles[m + q // 3, q % 3] = ids[edge_axis[e], k + (c >> 2 & 1), j + (c >> 1 & 1), i + (c & 1)]
                m += count[case]
    return points, triangles


def contour(field: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The zero surface of `field` (nz, ny, nx): points (n, 3) in node indices x, y, z, triangles (m, 3)."""
    return _march(np.ascontiguousarray(field), TABLE, COUNT, EDGE_CORNER, EDGE_AXIS)
