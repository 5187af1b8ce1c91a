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
    faces = surf.faces.reshape(-1, 4)[:, 1:]
    return np.asarray(surf.points, float), faces


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
    _, first, inverse = np.unique(np.concatenate(keys), return_index=True, return_inverse=True)
    pts = pts[first]
    tri = inverse[tri]
    cells = np.column_stack([np.full(len(tri), 3), tri]).ravel()
    return pv.PolyData(pts, cells)


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
