"""The surface of the remaining material as a watertight triangle mesh, vertices on the exact surface.

1. A signed field on a grid of spacing h in XY: at each node, the distance along Z to the nearest
   end of its column's material intervals (positive inside). The columns come from the material
   model (the simulation's Z columns, those at walls probed again so that every sign is the
   probe's) or, without one, from exact vertical probes. In Z the node
   levels are every h, but only around heights where some column has an end: between two kept
   levels every column is uniform, so the surface there is vertical walls, which one tall cell
   renders exactly (a 2.5D part needs a fraction of the levels).
2. Marching cubes (contour.py) contours the field at zero. The grid is padded with a layer of air
   all round, so the surface closes; every vertex sits on one grid edge and is shared by the
   triangles around it: the mesh is watertight and manifold.
3. Every vertex is moved along its own grid edge to where the exact surface crosses that edge:
   Z edges from the column ends themselves, X and Y edges by an exact probe along the edge (or
   the box stock's face, where the edge leaves the padding). The sign of the field at each node
   is the exact membership of that node, so the crossing is always inside the edge. Walls,
   floors and bores are then made of vertices on the exact surface (to the probe's 1e-10 mm),
   without stair steps; only the triangles between vertices cut across curved faces and sharp
   edges, by less than h. The picture mesh (`exact=False`) probes only the X and Y edges where the
   surface is steep; its other vertices stay on the chord between two exact column ends, which
   is within the same chord error as the exact mesh's triangles (`_steep_edges`).
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
from numba import njit

from .contour import contour
from .probe import Probe
from .stock import BoxStock
from .surface import Surface

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
    if not len(j):
        return bot, top
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


def _stock_box(probe: Probe | None, model=None):
    """The stock's bounding box: the model's own when there is one (the probe is then not built)."""
    if model is not None:
        return np.asarray(model.stock.lo, float), np.asarray(model.stock.hi, float)
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
    for k in range(z.shape[0]):
        for j in range(ny):
            for i in range(nx):
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


@njit(cache=True)
def _on_edges(idx, j0, xs, ys, zs, bot, top, faces_lo, faces_hi):
    """Each contour vertex's grid edge and a first position on it.

    `idx` (n, 3) are the vertices in the node indices of a slab starting at row j0; each lies on
    one grid edge: its axis is the coordinate off a whole number, its lower node the others
    rounded and that one floored. Returns the axis, the lower node (i, j, k) in the whole grid,
    the edge's key, the position, and which vertices still need an exact probe along X or Y.
    Positions are exact for Z edges (the column's interval end inside the edge, nearest to the
    contour's guess) and for X or Y edges that leave the padding through a box stock's face
    (`faces_lo`/`faces_hi` per axis, NaN where the lattice does not start on one); the others
    keep the contour's guess.
    """
    n = idx.shape[0]
    nx, ny, nz = xs.shape[0], ys.shape[0], zs.shape[0]
    L = bot.shape[0]
    eps = 1e-6            # the limits lie outside the edge, so a face on a node is seen
    axis = np.empty(n, np.int64)
    node = np.empty((n, 3), np.int64)
    key = np.empty(n, np.int64)
    pos = np.empty((n, 3))
    needs_probe = np.zeros(n, np.bool_)
    size = (nx, ny, nz)
    for v in range(n):
        ax = 0
        far = -1.0
        for c in range(3):
            d = abs(idx[v, c] - math.floor(idx[v, c] + 0.5))
            if d > far:
                far = d
                ax = c
        for c in range(3):
            node[v, c] = int(math.floor(idx[v, c])) if c == ax else int(math.floor(idx[v, c] + 0.5))
        node[v, 1] += j0
        i, j, k = node[v, 0], node[v, 1], node[v, 2]
        axis[v] = ax
        key[v] = ((k * ny + j) * nx + i) * 3 + ax
        lower = (xs[i], ys[j], zs[k])
        upper = (xs[min(i + 1, nx - 1)], ys[min(j + 1, ny - 1)], zs[min(k + 1, nz - 1)])
        pos[v, 0], pos[v, 1], pos[v, 2] = lower
        t = idx[v, ax] - (node[v, ax] - (j0 if ax == 1 else 0))      # idx counts rows from j0
        pos[v, ax] = lower[ax] + t * (upper[ax] - lower[ax])
        if ax == 2:
            best = math.inf
            at = 0.0
            for layer in range(2 * L):
                e = bot[layer, j, i] if layer < L else top[layer - L, j, i]
                if e > lower[2] - eps and e < upper[2] + eps:
                    d = abs(e - pos[v, 2])
                    if d < best:
                        best = d
                        at = e
            if best < math.inf:
                pos[v, 2] = at
        elif node[v, ax] == 0 and faces_lo[ax] == faces_lo[ax]:
            pos[v, ax] = faces_lo[ax]
        elif node[v, ax] == size[ax] - 2 and faces_hi[ax] == faces_hi[ax]:
            pos[v, ax] = faces_hi[ax]
        else:
            needs_probe[v] = True
    return axis, node, key, pos, needs_probe


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


def _grid(model, probe: Probe | None, spacing: float | None):
    """The grid: node coordinates xs, ys (the columns plus a line of air each side) and zs, the
    columns' material intervals (L, len(ys), len(xs)) with that air around, and the spacing h."""
    if model is not None:
        x, y, bot, top = _columns_from_model(model)
        h = float(model.h)
        if probe is not None:
            bot, top = _exact_walls(probe, x, y, bot, top, h)
    else:
        h = float(spacing or 0.1)
        x, y, bot, top = _columns_from_probe(probe, h)
    lo, hi = _stock_box(probe, model)
    hx = x[1] - x[0] if len(x) > 1 else h
    hy = y[1] - y[0] if len(y) > 1 else h
    xs = np.concatenate([[x[0] - hx], x, [x[-1] + hx]])
    ys = np.concatenate([[y[0] - hy], y, [y[-1] + hy]])
    zs = _z_levels(bot, top, lo[2], hi[2], h)
    return xs, ys, zs, _pad(bot), _pad(top), h


def _stock_faces(probe: Probe | None, xs, ys, model=None):
    """Per axis, the box stock's low and high faces where the first and last lattice lines lie on
    them (material there ends on them), NaN elsewhere."""
    faces_lo = np.full(3, np.nan)
    faces_hi = np.full(3, np.nan)
    if model is not None:
        st = np.concatenate([model.stock.lo, model.stock.hi]) if isinstance(model.stock, BoxStock) else None
    elif probe.log.stock_kind == 0:
        st = probe.log.stock
    else:
        st = None
    if st is not None:
        for ax, coords in ((0, xs), (1, ys)):
            if coords[1] == st[ax] and coords[-2] == st[ax + 3]:
                faces_lo[ax], faces_hi[ax] = st[ax], st[ax + 3]
    return faces_lo, faces_hi


def surface_mesh(model, probe: Probe | None, spacing: float | None = None, exact: bool = True):
    """`surface_triangles` as a PyVista mesh."""
    return surface_triangles(model, probe, spacing, exact).polydata()


def surface_triangles(model, probe: Probe | None, spacing: float | None = None, exact: bool = True) -> Surface:
    """Watertight triangle mesh of the remaining material (machine coordinates, mm).

    `model` is the simulation's material model (its Z columns give the field) or None, in which
    case exact vertical probes on a lattice of `spacing` (default 0.1 mm) give it. `exact=False`
    gives the picture mesh: the same mesh, but a vertex on an X or Y edge is probed only where the
    surface is steep across that edge (see `_steep_edges`); elsewhere it stays on the chord
    between the exact column ends at the edge's two nodes. For pictures and films, never measures.
    Without a probe (a film's frames: `exact=False` and a model), nothing is probed: the walls'
    vertices stay where the contour puts them on their grid edge, within h of the surface.
    """
    if probe is None and (exact or model is None):
        raise ValueError("the exact mesh, and a mesh without a model, need the probe")
    xs, ys, zs, bot, top, h = _grid(model, probe, spacing)
    faces_lo, faces_hi = _stock_faces(probe, xs, ys, model)
    rows_per_slab = max(2, SLAB_NODES // (len(xs) * len(zs)))
    points, faces, keys = [], [], []
    base = 0
    shared = (np.zeros(0, np.int64), np.zeros(0, np.int64))     # keys and numbers of the last row
    for j0 in range(0, len(ys) - 1, rows_per_slab - 1):
        j1 = min(j0 + rows_per_slab, len(ys))
        f = _field(zs, np.ascontiguousarray(bot[:, j0:j1]), np.ascontiguousarray(top[:, j0:j1]), h)
        idx, tri = contour(f)             # points in node indices x, y, z; triangles
        if len(idx) == 0:
            continue
        axis, node, key, pos, needs = _on_edges(idx, j0, xs, ys, zs, bot, top, faces_lo, faces_hi)
        # stitch: a vertex is its grid edge, and the X and Z edges of the row a slab shares with
        # the one before already have theirs
        number, new = _stitch(key, node[:, 1] == j0, axis, shared, base)
        if not exact:
            needs &= _steep_edges(f, axis, node, j0) & (probe is not None)
        pending = np.flatnonzero(needs & new)
        _snap_probed(pos, pending, axis[pending], node[pending], xs, ys, probe)
        keys.append(key[new])
        points.append(pos[new])
        faces.append(number[tri])
        base += int(new.sum())
        last = np.flatnonzero((node[:, 1] == j1 - 1) & (axis != 1))
        order = np.argsort(key[last])
        shared = (key[last][order], number[last][order])
    if not points:
        return Surface(np.zeros((0, 3)), np.zeros((0, 3), np.int64))
    return Surface(*_merge_flats(np.concatenate(points), np.concatenate(faces), np.concatenate(keys),
                                 len(xs), len(ys)))


def _steep_edges(f, axis, node, j0):
    """Which vertices lie on an X or Y edge with the field clamped at one of its nodes.

    Unclamped at both nodes, the column ends nearest the contour's level stand within h of it at
    each node, and the contour's guess on the edge is exactly where the chord between those two
    exact surface points (in the plane of the edge) crosses the level: it differs from the exact
    crossing only by how far the surface bows away from that chord between two columns, as a
    triangle of the exact mesh does. Clamped, a wall or a slope steeper than 45° may stand
    anywhere along the edge: the picture mesh probes those vertices exactly.
    """
    i, j, k = node[:, 0], node[:, 1] - j0, node[:, 2]
    flat = axis == 2
    i1 = np.where(axis == 0, i + 1, i)
    j1 = np.where(axis == 1, j + 1, j)
    lo = f[k, j, i]
    hi = f[k, np.where(flat, j, j1), np.where(flat, i, i1)]
    return (np.abs(lo) >= 1.0) | (np.abs(hi) >= 1.0)


def _stitch(key, first_row, axis, shared, base):
    """Numbers for a slab's vertices: those on the X and Z edges of its first row that the slab
    before has (`shared`: their sorted keys and numbers) get that slab's numbers, the others new
    ones from `base` in order. Returns the numbers and which vertices are new."""
    number = np.empty(len(key), np.int64)
    new = np.ones(len(key), bool)
    seam = np.flatnonzero(first_row & (axis != 1))
    if len(seam) and len(shared[0]):
        at = np.minimum(np.searchsorted(shared[0], key[seam]), len(shared[0]) - 1)
        hit = shared[0][at] == key[seam]
        new[seam[hit]] = False
        number[seam[hit]] = shared[1][at[hit]]
    number[new] = base + np.arange(int(new.sum()))
    return number, new


@njit(cache=True)
def _edges_of_keys(keys, nx, ny):
    """Each key's grid edge: its axis and lower node (n, 3)."""
    axis = np.empty(keys.shape[0], np.int64)
    node = np.empty((keys.shape[0], 3), np.int64)
    for v in range(keys.shape[0]):
        axis[v] = keys[v] % 3
        n = keys[v] // 3
        node[v, 0] = n % nx
        node[v, 1] = (n // nx) % ny
        node[v, 2] = n // (nx * ny)
    return axis, node


@njit(cache=True)
def _flat_cells(pts, tri, sorted_keys, by_key, edge_axis, ijk, nx, ny):
    """The lattice cells whose whole square is one plane face normal to a grid axis (tops, floors,
    straight walls), and the cell of each triangle.

    A triangle lies flat across its lattice cell when its three vertices are on grid edges of one
    axis, at one node index and one exact coordinate along it, on three corners of the cell (every
    vertex is on the exact surface, so the face is truly flat there). A cell is flat when both its
    triangles are, facing the same way. Returns, per flat cell in the order of (lower-corner vertex,
    facing), that vertex, its normal's sign along the axis, its axis and lower node (3, m); and
    per triangle the index of its cell in those arrays or -1. `edge_axis` and `ijk` (n, 3) are
    each vertex's grid edge; `sorted_keys` their keys sorted, `by_key` the vertices in that order."""
    n = tri.shape[0]
    code = np.empty(n, np.int64)          # 2 * lower-corner vertex + facing up, or -1
    counts = np.zeros(2 * pts.shape[0], np.int32)
    low = np.empty(3, np.int64)
    for t in range(n):
        code[t] = -1
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
        corner = -1
        for r in range(3):
            if ijk[tri[t, r], u] == u0 and ijk[tri[t, r], v] == v0:
                corner = tri[t, r]
        if corner < 0:
            low[axis], low[u], low[v] = ijk[a, axis], u0, v0
            corner = by_key[np.searchsorted(sorted_keys, ((low[2] * ny + low[1]) * nx + low[0]) * 3 + axis)]
        normal = ((pts[b, u] - pts[a, u]) * (pts[c, v] - pts[a, v])
                  - (pts[b, v] - pts[a, v]) * (pts[c, u] - pts[a, u]))
        code[t] = 2 * corner + (1 if normal > 0.0 else 0)
        counts[code[t]] += 1
    slot = np.full(counts.shape[0], -1, np.int64)
    m = 0
    for q in range(counts.shape[0]):
        if counts[q] == 2:                # both triangles of the square, facing the same way
            slot[q] = m
            m += 1
    corner = np.empty(m, np.int64)
    sign = np.empty(m)
    cell_axis = np.empty(m, np.int64)
    cell_node = np.empty((3, m), np.int64)
    for q in range(counts.shape[0]):
        if slot[q] >= 0:
            w = slot[q]
            corner[w] = q // 2
            sign[w] = 1.0 if q % 2 == 1 else -1.0
            cell_axis[w] = edge_axis[q // 2]
            for r in range(3):
                cell_node[r, w] = ijk[q // 2, r]
    of = np.empty(n, np.int64)
    for t in range(n):
        of[t] = slot[code[t]] if code[t] >= 0 else -1
    return corner, sign, cell_axis, cell_node, of


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
    the same volume. `keys` names each vertex's grid edge (one vertex per edge, in any order)."""
    edge_axis, node = _edges_of_keys(keys, nx, ny)
    by_key = np.argsort(keys, kind="stable")      # the slabs come each nearly sorted
    sorted_keys = keys[by_key]
    corner, sign, axis, ijk, of = _flat_cells(pts, tri, sorted_keys, by_key, edge_axis, node, nx, ny)
    if not len(corner):
        return pts, tri
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
        return by_key[np.searchsorted(sorted_keys, ((c[2] * ny + c[1]) * nx + c[0]) * 3 + ax)]

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


def _snap_probed(pos, rows, axis, node, xs, ys, probe: Probe) -> None:
    """Move the vertices `rows` of `pos`, on X and Y edges, to where an exact probe along their
    own edge crosses the surface: the interval end inside the edge nearest to the contour's guess."""
    if not len(rows):
        return
    eps = 1e-6            # the limits lie outside the edge, so a face on a node is seen
    i, j = node[:, 0], node[:, 1]
    origin = np.column_stack([xs[i], ys[j], pos[rows, 2]])
    along_x = axis == 0
    length = np.where(along_x, xs[np.minimum(i + 1, len(xs) - 1)] - xs[i],
                      ys[np.minimum(j + 1, len(ys) - 1)] - ys[j])
    direction = np.zeros((len(rows), 3))
    direction[along_x, 0] = 1.0
    direction[~along_x, 1] = 1.0
    limits = np.column_stack([np.full(len(rows), -eps), length + eps])
    offsets, iv = probe.intervals_flat(origin, direction, limits)
    r = np.arange(len(rows))
    guess = pos[rows, axis] - origin[r, axis]
    best = _nearest_end(offsets, iv, guess, limits[:, 0] + 0.5 * eps, limits[:, 1] - 0.5 * eps)
    found = np.isfinite(best)
    pos[rows[found], axis[found]] = origin[r[found], axis[found]] + best[found]
