"""The surface of the remaining material as a watertight triangle mesh, vertices on the exact surface.

1. A signed field on a grid of spacing h in XY: at each node, the distance along Z to the nearest
   end of its column's material intervals (positive inside). The columns come from the material
   model (the simulation's Z columns, those at walls probed again so that every sign is the
   probe's) or, without one, from exact vertical probes. In Z the node
   levels are every h, but only around heights where some column has an end: between two kept
   levels every column is uniform, so the surface there is vertical walls, which one tall cell
   renders exactly (a 2.5D part needs a fraction of the levels).
2. VTK's flying edges contours the field at zero. The grid is padded with a layer of air all
   round, so the surface closes; every vertex sits on one grid edge and is shared by the
   triangles around it: the mesh is watertight and manifold.
3. Every vertex is moved along its own grid edge to where the exact surface crosses that edge:
   Z edges from the column ends themselves, X and Y edges by an exact probe along the edge (or
   the box stock's face, where the edge leaves the padding). The sign of the field at each node
   is the exact membership of that node, so the crossing is always inside the edge. Walls,
   floors and bores are then made of vertices on the exact surface (to the probe's 1e-10 mm),
   without stair steps; only the triangles between vertices cut across curved faces and sharp
   edges, by less than h.
4. Flat faces normal to a grid axis (tops, floors, straight walls, the stock's faces: most of a
   2.5D part's triangles) are merged: aligned squares of up to MAX_BLOCK lattice cells that are
   wholly one face become a fan from their centre node to the border nodes the rest of the mesh
   uses. No vertex moves; the mesh stays watertight and manifold and encloses the same volume,
   with far fewer triangles to draw; MAX_BLOCK keeps a vertex at least every MAX_BLOCK h on a
   face, for deviation maps.

Large grids are contoured in slabs of rows along Y and stitched by the grid edge each vertex
lies on, so memory stays bounded.
"""
from __future__ import annotations

import math

import numpy as np
import pyvista as pv
from numba import njit

from .probe import Probe

SLAB_NODES = 6_000_000      # grid nodes contoured at once
AIR = -1.0                  # field value (in h) of nodes with no material in their column
FLOOR = 1e-3                # smallest field magnitude (in h)
Z_SHIFT = 0.3819660112501051  # Z nodes sit this fraction of h off the stock's faces
MAX_BLOCK = 16              # widest square of lattice cells a flat face is merged into


def _columns_from_model(model):
    """(x, y, bottoms (L, ny, nx), tops) of the model's Z columns, NaN where a layer is unused."""
    layers = np.arange(model.bottom.shape[0])[:, None, None] < model.count[None]
    bot = np.where(layers, model.bottom, np.nan)
    top = np.where(layers, model.top, np.nan)
    return np.asarray(model.x, float), np.asarray(model.y, float), bot, top


def _steep_columns(bot, top, h):
    """Columns whose ends differ by more than h from a neighbour's (walls), or whose count does."""
    b = np.nan_to_num(bot, nan=-1e9)
    t = np.nan_to_num(top, nan=-1e9)
    mask = np.zeros(bot.shape[1:], bool)
    for a in (b, t):
        dy = np.any(np.abs(np.diff(a, axis=1)) > h, axis=0)
        dx = np.any(np.abs(np.diff(a, axis=2)) > h, axis=0)
        mask[1:] |= dy
        mask[:-1] |= dy
        mask[:, 1:] |= dx
        mask[:, :-1] |= dx
    return mask


def _probe_columns(probe: Probe, x, y):
    """Material intervals along Z at each (x, y): (L, n) bottoms and tops, NaN where unused."""
    origins = np.column_stack([x, y, np.zeros(len(x))])
    offsets, iv = probe.intervals_flat(origins, (0.0, 0.0, 1.0))
    counts = np.diff(offsets)
    L = max(1, int(counts.max(initial=0)))
    bot = np.full((L, len(x)), np.nan)
    top = np.full((L, len(x)), np.nan)
    ray = np.repeat(np.arange(len(counts)), counts)
    layer = np.arange(len(iv)) - offsets[ray]
    bot[layer, ray] = iv[:, 0]
    top[layer, ray] = iv[:, 1]
    return bot, top


def _exact_walls(probe: Probe, x, y, bot, top, h):
    """The model's columns, with those at walls probed again exactly: the field's signs there
    must be the probe's own, or a column the model grazes and the probe cuts (or the reverse)
    would leave a sliver on the wall."""
    j, i = np.nonzero(_steep_columns(bot, top, h))
    pb, pt = _probe_columns(probe, x[i], y[j])
    L = max(bot.shape[0], pb.shape[0])
    if L > bot.shape[0]:
        extra = np.full((L - bot.shape[0],) + bot.shape[1:], np.nan)
        bot, top = np.concatenate([bot, extra]), np.concatenate([top, extra])
    else:
        bot, top = bot.copy(), top.copy()
    bot[:, j, i] = np.nan
    top[:, j, i] = np.nan
    bot[:pb.shape[0], j, i] = pb
    top[:pt.shape[0], j, i] = pt
    return bot, top


def _columns_from_probe(probe: Probe, h: float):
    """Exact vertical probes on a lattice of spacing at most h over the stock's XY box, edges included."""
    lo, hi = _stock_box(probe)
    nx = max(1, int(math.ceil((hi[0] - lo[0]) / h)))
    ny = max(1, int(math.ceil((hi[1] - lo[1]) / h)))
    x = np.linspace(lo[0], hi[0], nx + 1)
    y = np.linspace(lo[1], hi[1], ny + 1)
    nx, ny = len(x), len(y)
    X, Y = np.meshgrid(x, y)
    bot, top = _probe_columns(probe, X.ravel(), Y.ravel())
    return x, y, bot.reshape(-1, ny, nx), top.reshape(-1, ny, nx)


def _stock_box(probe: Probe):
    log = probe.log
    st = log.stock
    if log.stock_kind == 0:
        return st[:3], st[3:]
    return (np.array([st[0] - st[2], st[1] - st[2], st[3]]),
            np.array([st[0] + st[2], st[1] + st[2], st[4]]))


def _pad(a: np.ndarray) -> np.ndarray:
    """One column of air all round (NaN layers)."""
    return np.pad(a, ((0, 0), (1, 1), (1, 1)), constant_values=np.nan)


@njit(cache=True)
def _field(z, bot, top, h):
    """Signed distance along Z to the nearest column end in units of h, (nz, ny, nx) float32.

    Kept within [-1, -FLOOR] and [FLOOR, 1]: only its sign matters once the vertices are moved
    onto the exact surface, and so no vertex falls within float32 reach of a grid node, where
    its grid edge could no longer be told. A node exactly on a face counts as air.
    """
    L, ny, nx = bot.shape
    f = np.empty((z.shape[0], ny, nx), np.float32)
    for j in range(ny):
        for i in range(nx):
            for k in range(z.shape[0]):
                best = AIR
                for layer in range(L):
                    b = bot[layer, j, i]
                    if b == b:
                        best = max(best, min(z[k] - b, top[layer, j, i] - z[k]) / h)
                if best > 0.0:
                    best = min(max(best, FLOOR), 1.0)
                else:
                    best = -min(max(-best, FLOOR), 1.0)
                f[k, j, i] = best
    return f


def _z_levels(bot, top, zlo, zhi, h):
    """Z of the grid's node levels: every h from zlo - Z_SHIFT h, kept only around the levels where
    some column has an end. Between two kept levels every column is uniform, so the surface there
    is vertical walls, which a single tall cell renders exactly."""
    base = zlo - Z_SHIFT * h
    n = int(math.ceil((zhi - base) / h)) + 2
    ends = np.concatenate([bot[np.isfinite(bot)], top[np.isfinite(top)]])
    k = np.floor((ends - base) / h).astype(np.int64)
    keep = np.zeros(n + 1, bool)
    keep[[0, n]] = True
    k = np.clip(k, 0, n - 1)
    keep[k] = True
    keep[k + 1] = True
    return base + h * np.flatnonzero(keep)


def _contour(field: np.ndarray):
    """Flying edges on an index-space grid: (points (n, 3) in node indices x, y, z; faces)."""
    nz, ny, nx = field.shape
    grid = pv.ImageData(dimensions=(nx, ny, nz))
    grid.point_data["f"] = field.ravel()          # x fastest, as VTK wants
    surf = grid.contour([0.0], scalars="f", method="flying_edges", compute_normals=False,
                        compute_scalars=False)
    if surf.n_points == 0:
        return np.zeros((0, 3)), np.zeros((0, 3), np.int64)
    return np.asarray(surf.points, float), np.asarray(surf.regular_faces, np.int64)


def _edge_of(idx: np.ndarray):
    """The grid edge each vertex lies on: its axis (0, 1, 2) and the lower node (i, j, k)."""
    axis = np.argmax(np.abs(idx - np.round(idx)), axis=1)
    node = np.round(idx).astype(np.int64)
    rows = np.arange(len(idx))
    node[rows, axis] = np.floor(idx[rows, axis]).astype(np.int64)
    return axis, node


def _nearest_end(offsets, ends, guess, lo, hi):
    """Per ray, the interval end inside [lo, hi] nearest to guess (NaN when there is none)."""
    counts = np.diff(offsets)
    ray = np.repeat(np.arange(len(counts)), counts)
    best = np.full(len(counts), np.nan)
    if len(ray) == 0:
        return best
    cand = np.concatenate([ends[:, 0], ends[:, 1]])
    rr = np.concatenate([ray, ray])
    ok = (cand > lo[rr]) & (cand < hi[rr])
    cand, rr = cand[ok], rr[ok]
    dist = np.abs(cand - guess[rr])
    order = np.lexsort((dist, rr))
    first = np.unique(rr[order], return_index=True)[1]
    best[rr[order][first]] = cand[order][first]
    return best


def surface_mesh(model, probe: Probe, spacing: float | None = None) -> pv.PolyData:
    """Watertight triangle mesh of the remaining material (machine coordinates, mm).

    `model` is the simulation's material model (its Z columns give the field) or None, in which
    case exact vertical probes on a lattice of `spacing` (default 0.1 mm) give it.
    """
    if model is not None:
        x, y, bot, top = _columns_from_model(model)
        h = float(model.h)
        bot, top = _exact_walls(probe, x, y, bot, top, h)
    else:
        h = float(spacing or 0.1)
        x, y, bot, top = _columns_from_probe(probe, h)
    lo, hi = _stock_box(probe)
    hx = x[1] - x[0] if len(x) > 1 else h
    hy = y[1] - y[0] if len(y) > 1 else h
    xs = np.concatenate([[x[0] - hx], x, [x[-1] + hx]])
    ys = np.concatenate([[y[0] - hy], y, [y[-1] + hy]])
    zs = _z_levels(bot, top, lo[2], hi[2], h)
    bot, top = _pad(bot), _pad(top)
    rows_per_slab = max(2, SLAB_NODES // (len(xs) * len(zs)))
    points, faces, keys = [], [], []
    base = 0
    for j0 in range(0, len(ys) - 1, rows_per_slab - 1):
        j1 = min(j0 + rows_per_slab, len(ys))
        f = _field(zs, np.ascontiguousarray(bot[:, j0:j1]), np.ascontiguousarray(top[:, j0:j1]), h)
        idx, tri = _contour(f)
        if len(idx) == 0:
            continue
        axis, node = _edge_of(idx)
        node[:, 1] += j0
        keys.append(((node[:, 2] * len(ys) + node[:, 1]) * len(xs) + node[:, 0]) * 3 + axis)
        points.append(_snap(idx, axis, node, xs, ys, zs, bot, top, probe))
        faces.append(tri + base)
        base += len(idx)
    if not points:
        return pv.PolyData()
    pts = np.concatenate(points)
    tri = np.concatenate(faces)
    # stitch the slabs: a vertex is its grid edge
    keys, first, inverse = np.unique(np.concatenate(keys), return_index=True, return_inverse=True)
    pts = pts[first]
    tri = inverse[tri]
    pts, tri = _merge_flats(pts, tri, keys, len(xs), len(ys))
    return pv.PolyData.from_regular_faces(pts, tri)


@njit(cache=True)
def _flat_corner(tri, pts, keys, edge_axis, ijk, nx, ny):
    """Per triangle, the vertex at the lower corner of its lattice cell when the triangle lies flat
    across that cell: three vertices on grid edges of one axis, at one node index and one exact
    coordinate along it, on three corners of the cell; else -1. And whether its normal points
    along +axis. `edge_axis` and `ijk` (n, 3) are each vertex's grid edge (from its key)."""
    n = tri.shape[0]
    corner = np.full(n, -1, np.int64)
    up = np.zeros(n, np.bool_)
    for t in range(n):
        a, b, c = tri[t, 0], tri[t, 1], tri[t, 2]
        axis = edge_axis[a]
        if edge_axis[b] != axis or edge_axis[c] != axis:
            continue
        if pts[a, axis] != pts[b, axis] or pts[a, axis] != pts[c, axis]:
            continue
        if ijk[a, axis] != ijk[b, axis] or ijk[a, axis] != ijk[c, axis]:
            continue
        u, v = (axis + 1) % 3, (axis + 2) % 3
        u0 = min(ijk[a, u], ijk[b, u], ijk[c, u])
        v0 = min(ijk[a, v], ijk[b, v], ijk[c, v])
        if max(ijk[a, u], ijk[b, u], ijk[c, u]) != u0 + 1 or max(ijk[a, v], ijk[b, v], ijk[c, v]) != v0 + 1:
            continue
        corner[t] = -2
        for r in range(3):
            if ijk[tri[t, r], u] == u0 and ijk[tri[t, r], v] == v0:
                corner[t] = tri[t, r]
        if corner[t] == -2:
            low = np.empty(3, np.int64)
            low[axis], low[u], low[v] = ijk[a, axis], u0, v0
            corner[t] = np.searchsorted(keys, ((low[2] * ny + low[1]) * nx + low[0]) * 3 + axis)
        normal = ((pts[b, u] - pts[a, u]) * (pts[c, v] - pts[a, v])
                  - (pts[b, v] - pts[a, v]) * (pts[c, u] - pts[a, u]))
        up[t] = normal > 0.0
    return corner, up


def _flat_cells(pts, tri, keys, nx, ny):
    """The lattice cells whose whole square is one plane face normal to a grid axis (tops, floors,
    straight walls), and the cell of each triangle.

    Such a cell gives two triangles on the four grid edges at its corners, at one exact coordinate
    and facing the same way (every vertex is on the exact surface, so the face is truly flat).
    Returns (each such cell's lower-corner vertex, its normal's sign, per triangle the index of
    its cell in those arrays or -1)."""
    node = keys // 3
    ijk = np.column_stack([node % nx, (node // nx) % ny, node // (nx * ny)])
    corner, up = _flat_corner(tri, pts, keys, keys % 3, ijk, nx, ny)
    flat = corner >= 0
    code = np.where(flat, 2 * corner + up, 2 * len(pts))
    counts = np.bincount(code, minlength=2 * len(pts) + 1)[:-1]
    full = np.flatnonzero(counts == 2)          # both triangles of the square, facing the same way
    slot = np.full(2 * len(pts) + 1, -1)
    slot[full] = np.arange(len(full))
    return full // 2, np.where(full % 2 == 1, 1.0, -1.0), slot[code]


@njit(cache=True)
def _unmerged(tri, of, covered, n_points):
    """The triangles that stay (not in a merged square), and the vertices they use."""
    keep = np.empty(tri.shape[0], np.bool_)
    used = np.zeros(n_points, np.bool_)
    for t in range(tri.shape[0]):
        keep[t] = of[t] < 0 or not covered[of[t]]
        if keep[t]:
            for c in range(3):
                used[tri[t, c]] = True
    return keep, used


def _perimeter(s: int) -> np.ndarray:
    """The lattice points on a square of s cells, anticlockwise seen from +Z, from its lower corner."""
    r = np.arange(s)
    return np.concatenate([np.column_stack([r, 0 * r]), np.column_stack([s + 0 * r, r]),
                           np.column_stack([s - r, s + 0 * r]), np.column_stack([0 * r, s - r])])


def _quadtree(lab: np.ndarray):
    """Aligned squares of 2..MAX_BLOCK cells with one label each, largest first, none overlapping:
    per size, (size, rows, columns of their lower corner, label); and the mask of cells they cover."""
    pyramid = [lab]
    while 2 ** len(pyramid) <= MAX_BLOCK and min(pyramid[-1].shape) >= 2:
        a = pyramid[-1]
        a = a[: a.shape[0] // 2 * 2, : a.shape[1] // 2 * 2]
        q = a[0::2, 0::2]
        same = (q == a[1::2, 0::2]) & (q == a[0::2, 1::2]) & (q == a[1::2, 1::2])   # NaN: no face
        pyramid.append(np.where(same, q, np.nan))
    taken = np.zeros(lab.shape, bool)
    out = []
    for depth in range(len(pyramid) - 1, 0, -1):
        s = 2 ** depth
        bj, bi = np.nonzero(pyramid[depth] == pyramid[depth])
        free = ~taken[bj * s, bi * s]
        bj, bi = bj[free], bi[free]
        if not len(bj):
            continue
        block = np.zeros(pyramid[depth].shape, bool)
        block[bj, bi] = True
        cover = np.repeat(np.repeat(block, s, 0), s, 1)
        taken[: cover.shape[0], : cover.shape[1]] |= cover
        out.append((s, bj * s, bi * s, pyramid[depth][bj, bi]))
    return out, taken


def _merge_flats(pts, tri, keys, nx, ny):
    """Fewer triangles on the faces normal to a grid axis, no vertex moved: aligned squares of
    2..MAX_BLOCK lattice cells that are wholly one flat face become a fan from their centre node to
    the nodes on their border that the rest of the mesh still uses. Each border edge is split at
    exactly the nodes its neighbours use, so the mesh stays watertight and manifold and encloses
    the same volume."""
    corner, sign, of = _flat_cells(pts, tri, keys, nx, ny)
    if not len(corner):
        return pts, tri
    axis = keys[corner] % 3
    node = keys[corner] // 3
    ijk = np.stack([node % nx, (node // nx) % ny, node // (nx * ny)])
    plane = pts[corner, axis] + 1j * sign         # a face: where it lies on its axis, which way it faces
    level = ijk[axis, np.arange(len(corner))]
    covered = np.zeros(len(corner), bool)
    blocks = []                                   # (size, axis, level, u and v of the lower corners, faces)
    group = axis * (1 << 32) + level
    order = np.argsort(group, kind="stable")
    bounds = np.r_[0, np.flatnonzero(np.diff(group[order])) + 1, len(group)]
    for g in range(len(bounds) - 1):
        on = order[bounds[g]:bounds[g + 1]]
        ax = int(axis[on[0]])
        U, V = ijk[(ax + 1) % 3, on], ijk[(ax + 2) % 3, on]
        u0, v0 = U.min(), V.min()
        lab = np.full((V.max() - v0 + 1, U.max() - u0 + 1), np.nan, complex)
        lab[V - v0, U - u0] = plane[on]
        squares, taken = _quadtree(lab)
        covered[on] = taken[V - v0, U - u0]
        blocks += [(s, ax, level[on[0]], bu + u0, bv + v0, faces) for s, bv, bu, faces in squares]
    keep, used = _unmerged(tri, of, covered, len(pts))
    rest = tri[keep]

    def vertex(ax, at, u, v):
        c = [0, 0, 0]
        c[ax], c[(ax + 1) % 3], c[(ax + 2) % 3] = at, u, v
        return np.searchsorted(keys, ((c[2] * ny + c[1]) * nx + c[0]) * 3 + ax)

    for s, ax, at, bu, bv, _ in blocks:
        for cu, cv in ((0, 0), (s, 0), (0, s), (s, s)):
            used[vertex(ax, at, bu + cu, bv + cv)] = True
    fans = [rest]
    for s, ax, at, bu, bv, faces in blocks:
        ring = _perimeter(s)
        ids = vertex(ax, at, bu[:, None] + ring[None, :, 0], bv[:, None] + ring[None, :, 1])
        row, col = np.nonzero(used[ids])
        a = ids[row, col]
        start = np.r_[0, np.flatnonzero(np.diff(row)) + 1]
        nxt = np.r_[a[1:], a[:1]]
        nxt[np.r_[start[1:] - 1, len(a) - 1]] = a[start]
        c = vertex(ax, at, bu + s // 2, bv + s // 2)[row]
        up = faces.imag[row] > 0
        fans.append(np.where(up[:, None], np.column_stack([c, a, nxt]), np.column_stack([c, nxt, a])))
    tri = np.concatenate(fans)
    alive = np.zeros(len(pts), bool)
    alive[tri.ravel()] = True
    renumber = np.cumsum(alive) - 1
    return pts[alive], renumber[tri]


def _snap(idx, axis, node, xs, ys, zs, bot, top, probe: Probe) -> np.ndarray:
    """Vertex positions on the exact surface, each moved along its own grid edge."""
    i = node[:, 0]
    j = node[:, 1]
    k = node[:, 2]
    # the edge's two nodes, and the contour's interpolated guess between them
    lower = np.column_stack([xs[i], ys[j], zs[k]])
    upper = np.column_stack([xs[np.minimum(i + 1, len(xs) - 1)], ys[np.minimum(j + 1, len(ys) - 1)],
                             zs[np.minimum(k + 1, len(zs) - 1)]])
    rows = np.arange(len(idx))
    t = idx[rows, axis] - node[rows, axis]
    pos = lower.copy()
    pos[rows, axis] = lower[rows, axis] + t * (upper[rows, axis] - lower[rows, axis])
    eps = 1e-6            # the limits lie outside the edge, so a face on a node is seen
    # Z edges: the column's own interval ends
    zsel = np.flatnonzero(axis == 2)
    if len(zsel):
        ends = np.concatenate([bot[:, j[zsel], i[zsel]], top[:, j[zsel], i[zsel]]]).T   # (n, 2L)
        lo_ = lower[zsel, 2][:, None] - eps
        hi_ = upper[zsel, 2][:, None] + eps
        ok = (ends > lo_) & (ends < hi_)
        dist = np.where(ok, np.abs(ends - pos[zsel, 2][:, None]), np.inf)
        pick = np.argmin(dist, axis=1)
        found = np.isfinite(dist[np.arange(len(zsel)), pick])
        pos[zsel[found], 2] = ends[np.arange(len(zsel)), pick][found]
    # X and Y edges: a face of a box stock where the edge leaves the padding, else an exact probe
    box = probe.log.stock_kind == 0
    xs_ys = (xs, ys)
    for ax, n in ((0, len(xs)), (1, len(ys))):
        sel = np.flatnonzero(axis == ax)
        coords = xs_ys[ax]
        if box and coords[1] == probe.log.stock[ax] and coords[-2] == probe.log.stock[ax + 3]:
            # the first and last lattice lines lie on the stock's faces: material there ends on them
            first = node[sel, ax] == 0
            last = node[sel, ax] == n - 2
            pos[sel[first], ax] = probe.log.stock[ax]
            pos[sel[last], ax] = probe.log.stock[ax + 3]
            sel = sel[~(first | last)]
        if not len(sel):
            continue
        origin = lower[sel].copy()
        direction = np.zeros(3)
        direction[ax] = 1.0
        length = upper[sel, ax] - lower[sel, ax]
        limits = np.column_stack([np.full(len(sel), -eps), length + eps])
        offsets, iv = probe.intervals_flat(origin, direction, limits)
        guess = pos[sel, ax] - lower[sel, ax]
        best = _nearest_end(offsets, iv, guess, limits[:, 0] + 0.5 * eps, limits[:, 1] - 0.5 * eps)
        found = np.isfinite(best)
        pos[sel[found], ax] = lower[sel[found], ax] + best[found]
    return pos
