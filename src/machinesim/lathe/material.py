"""The turned part as exact geometry in the ZX half-plane: outer and inner radius as functions of z.

A lathe tool is its nose circle (radius r) around a convex polygon of its insert (nose centre,
cutting edges, blade): the Minkowski sum of polygon and circle. Swept along a straight move it is
the convex hexagon of the polygon at both ends, grown by r; its lowest point at any z is therefore
the lowest point of one of the capsules (segment grown by r) over the polygon's edges at both ends
and the segments each vertex travels. Along an arc the nose sweeps an annular sector, whose lowest
point lies on its inner or outer circle, and so do the arcs the insert's corners trace; its edges
count where they stand at the arc's ends and where the arc runs parallel to them. An outside tool
takes everything above its lowest point (it came from outside), an inside tool (boring bar, drill)
everything below its highest point: so the part is, at each z,

    inner(z) <= x <= outer(z),  outer = min(bar, every outside primitive's lowest point),
                                inner = max(bore, every inside primitive's highest point),

exact to rounding whatever z is asked. Inside primitives are stored mirrored (x -> -x) so that one
"lowest point" function serves both. `carve` evaluates them in program order at sorted z values
(the lattice for pictures and findings, or any z for measuring); `lowest_reference` is the plain
Python meaning the Numba kernel is tested against.
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit

from .. import toolpath as tp
from .setup import TIP_DIRECTIONS, LatheTool

CAPSULE, SECTOR = 0, 1
# a primitive row: kind, side (+1 outside tool, -1 inside tool, mirrored), 5 numbers, z range
# capsule: z0 x0 z1 x1 r ; sector: zc xc rho a0 r, span in col 7
NCOL = 10
THREAD_FLAG = 0x4000


def insert_polygon(tool: LatheTool) -> np.ndarray:
    """Vertices (x, z) of the insert around its nose centre, for the tool's tip number."""
    L = max(tool.edge_length, 1.0)
    if tool.type == "drill":
        half = tool.diameter / 2.0
        h = half / math.tan(math.radians(tool.point_angle) / 2.0)
        return np.array([[0.0, 0.0], [half, h], [half, h + 50.0], [0.0, h + 50.0]])
    if tool.type in ("grooving", "parting"):
        w = tool.width - 2.0 * tool.nose_radius
        pts = np.array([[0.0, 0.0], [0.0, w], [L, w], [L, 0.0]])
    elif tool.type == "threading":
        a = math.radians(tool.angle) / 2.0
        pts = np.array([[0.0, 0.0], [L * math.cos(a), L * math.sin(a)], [L * math.cos(a), -L * math.sin(a)]])
    else:
        lead = math.radians(tool.approach - 90.0)
        trail = lead + math.radians(tool.angle if tool.angle > 0 else 90.0)
        pts = np.array([[0.0, 0.0], [L * math.cos(lead), L * math.sin(lead)],
                        [L * math.cos(trail), L * math.sin(trail)]])
    dx, dz = TIP_DIRECTIONS[tool.tip]
    # the reference shapes point their nose to -X (and to -Z for corner tips): mirror to the tip
    sx = -1.0 if dx > 0 else 1.0
    sz = -1.0 if dz > 0 else 1.0
    if tool.type == "threading" or tool.tip in (5, 6, 7, 8, 0, 9):
        sz = 1.0
        if tool.tip == 6:
            sx = -1.0
    return pts * np.array([sx, sz])


def _rows_for_line(c0: np.ndarray, c1: np.ndarray, poly: np.ndarray, r: float, side: float) -> np.ndarray:
    """Capsule rows (n moves x (2k + k) capsules) of a polygon+circle swept from c0 to c1 (n, 2)."""
    k = len(poly)
    segs = []
    for i in range(k):
        j = (i + 1) % k
        if k > 1 and not (k == 2 and i == 1):
            segs.append((c0 + poly[i], c0 + poly[j]))
            segs.append((c1 + poly[i], c1 + poly[j]))
        segs.append((c0 + poly[i], c1 + poly[i]))
    rows = np.zeros((len(c0) * len(segs), NCOL))
    for s, (a, b) in enumerate(segs):
        blk = rows[s::len(segs)]
        blk[:, 0] = CAPSULE
        blk[:, 1] = side
        blk[:, 2] = a[:, 1]
        blk[:, 3] = a[:, 0] * side
        blk[:, 4] = b[:, 1]
        blk[:, 5] = b[:, 0] * side
        blk[:, 6] = r
        blk[:, 8] = np.minimum(a[:, 1], b[:, 1]) - r
        blk[:, 9] = np.maximum(a[:, 1], b[:, 1]) + r
    return rows


def _rows_for_arc(move, poly: np.ndarray, r: float, side: float) -> np.ndarray:
    """The insert (polygon grown by r) translated along an arc, exactly: each vertex traces an arc
    of the path's radius about the path's centre moved by that vertex (an annular sector of
    thickness r, the nose's own for vertex 0), and the edges bound the swept area where they stand
    at the arc's ends and where the arc runs parallel to them."""
    ang = float(tp.arc_angle(move.reshape(1))[0])
    ccw = move["axis"][1] > 0
    c = np.array([move["center"][0], move["center"][2]])
    s = np.array([move["start"][0], move["start"][2]])
    rho = float(np.hypot(*(s - c)))
    a_start = math.atan2(s[0] - c[0], s[1] - c[1])          # angle in the (z, x) plane
    a0 = a_start if ccw else a_start - ang
    if side < 0:                                            # mirrored: x -> -x turns angles round
        a0 = -(a0 + ang)
    sectors = np.zeros((len(poly), NCOL))
    for k, (vx, vz) in enumerate(poly):
        zc, xc = c[1] + vz, c[0] + vx
        sectors[k, :8] = (SECTOR, side, zc, xc * side, rho, a0, r, ang)
        sectors[k, 8], sectors[k, 9] = zc - rho - r, zc + rho + r
    stops = [0.0, ang]                                      # turned angle from the start
    for k in range(len(poly)):
        e = poly[(k + 1) % len(poly)] - poly[k]
        if not e.any():
            continue
        for th in (math.atan2(-e[1], e[0]), math.atan2(e[1], -e[0])):    # tangent parallel to the edge
            turned = ((th - a_start) if ccw else (a_start - th)) % (2 * math.pi)
            if turned < ang:
                stops.append(turned)
    th = a_start + (1 if ccw else -1) * np.array(sorted(set(stops)))
    centres = np.stack([c[0] + rho * np.sin(th), c[1] + rho * np.cos(th)], axis=1)
    return np.concatenate([sectors, _rows_for_line(centres, centres, poly, r, side)])


def primitives(moves: np.ndarray, tools: dict[int, LatheTool]) -> tuple[np.ndarray, np.ndarray]:
    """(rows, move index of each row) for every move that sweeps material, in program order.

    Moves record the imaginary tip; the nose centre is the tip minus r·(tip direction).
    Threading passes are kept out (a helix is not a sweep of the half-plane): see `threads`.
    """
    out_rows, out_idx = [], []
    tool_ids = moves["tool"]
    sweeping = (tool_ids > 0) & ((moves["flags"] & THREAD_FLAG) == 0)
    cache = {}
    order = np.flatnonzero(sweeping)
    if not len(order):
        return np.zeros((0, NCOL)), np.zeros(0, np.int64)
    # consecutive straight moves of one tool are built together
    start = 0
    while start < len(order):
        i = order[start]
        t = int(tool_ids[i])
        tool = tools.get(t)
        end = start
        while end < len(order) and tool_ids[order[end]] == t and moves["kind"][order[end]] != tp.ARC \
                and moves["kind"][i] != tp.ARC:
            end += 1
        if tool is None:
            start = max(end, start + 1)
            continue
        if t not in cache:
            dx, dz = TIP_DIRECTIONS[tool.tip]
            cache[t] = (insert_polygon(tool), tool.nose_radius, np.array([dx, dz]) * tool.nose_radius,
                        -1.0 if tool.internal else 1.0)
        poly, r, to_tip, side = cache[t]
        if end > start:
            idx = order[start:end]
            c0 = moves["start"][idx][:, [0, 2]] - to_tip
            c1 = moves["end"][idx][:, [0, 2]] - to_tip
            rows = _rows_for_line(c0, c1, poly, r, side)
            per = len(rows) // len(idx)
            out_rows.append(rows)
            out_idx.append(np.repeat(idx, per))
            start = end
        else:
            mv = moves[i].copy()
            mv["start"][[0, 2]] -= to_tip
            mv["end"][[0, 2]] -= to_tip
            mv["center"][[0, 2]] -= to_tip
            rows = _rows_for_arc(mv, poly, r, side)
            out_rows.append(rows)
            out_idx.append(np.full(len(rows), i))
            start += 1
    return np.concatenate(out_rows), np.concatenate(out_idx).astype(np.int64)


# --- the lowest point of a primitive at z ---------------------------------------------------------

@njit(cache=True)
def _capsule_low(z, z0, x0, z1, x1, r):
    best = np.inf
    d = z - z0
    if abs(d) <= r:
        best = min(best, x0 - math.sqrt(max(r * r - d * d, 0.0)))
    d = z - z1
    if abs(d) <= r:
        best = min(best, x1 - math.sqrt(max(r * r - d * d, 0.0)))
    dz, dx = z1 - z0, x1 - x0
    ln = math.sqrt(dz * dz + dx * dx)
    if ln > 0.0 and dz != 0.0:
        uz, ux = dz / ln, dx / ln
        nz, nx = -ux, uz
        if nx > 0.0:
            nz, nx = ux, -uz
        a, b = z0 + r * nz, z1 + r * nz
        if min(a, b) <= z <= max(a, b):
            t = (z - a) / (b - a)
            best = min(best, x0 + r * nx + t * dx)
    return best


@njit(cache=True)
def _sector_low(z, zc, xc, rho, a0, r, span):
    best = np.inf
    for th in (a0, a0 + span):              # the nose at the arc's ends
        e = z - (zc + rho * math.cos(th))
        if abs(e) <= r:
            best = min(best, xc + rho * math.sin(th) - math.sqrt(max(r * r - e * e, 0.0)))
    d = z - zc
    for k in range(2):
        rad = rho + r if k == 0 else rho - r
        if rad <= 0.0 or abs(d) > rad:
            continue
        h = math.sqrt(max(rad * rad - d * d, 0.0))
        for sgn in (-1.0, 1.0):
            x = xc + sgn * h
            th = math.atan2(x - xc, d)
            if (th - a0) % (2.0 * math.pi) <= span + 1e-12 and x < best:
                best = x
    return best


@njit(cache=True)
def _low(row, z):
    if row[0] == 0.0:
        return _capsule_low(z, row[2], row[3], row[4], row[5], row[6])
    return _sector_low(z, row[2], row[3], row[4], row[5], row[6], row[7])


@njit(cache=True)
def carve(zs, rows, move_of, nmoves, outer, inner, last_outer, last_inner, removed, jaw_face, jaw_r,
          tail_z, tail_r, chuck, tail, bottom, drill):
    """Apply every primitive, in program order, at the sorted abscissae `zs`.

    `outer`/`inner` hold the material's bounds (no material where outer <= inner) and are updated;
    `last_*` get the move that made each bound. Per move: `removed` the thickest material it took,
    `chuck`/`tail` whether an outside tool reached the jaws' or tailstock's envelope, `bottom`
    whether an inside tool that is not a drill (`drill[move]`) went into solid material on the axis.
    """
    n = len(zs)
    for p in range(len(rows)):
        row = rows[p]
        m = move_of[p]
        i0 = np.searchsorted(zs, row[8])
        i1 = np.searchsorted(zs, row[9], side="right")
        side = row[1]
        for k in range(i0, min(i1, n)):
            z = zs[k]
            low = _low(row, z)
            if low == np.inf:
                continue
            if side > 0:
                if outer[k] > inner[k] and low < outer[k]:
                    t = outer[k] - max(low, inner[k])
                    if t > removed[m]:
                        removed[m] = t
                if low < outer[k]:
                    outer[k] = low
                    last_outer[k] = m
                if z <= jaw_face and low < jaw_r:
                    chuck[m] = True
                if z >= tail_z and low < tail_r:
                    tail[m] = True
            else:
                high = -low
                if outer[k] > inner[k] and high > inner[k]:
                    t = min(high, outer[k]) - inner[k]
                    if t > removed[m]:
                        removed[m] = t
                    if inner[k] <= 1e-9 and high > 1e-6 and not drill[m]:
                        bottom[m] = True
                if high > inner[k]:
                    inner[k] = high
                    last_inner[k] = m


def lowest_reference(row, z: float) -> float:
    """Plain-Python meaning of `_low`: the lowest x of one primitive at z (inf if it misses z)."""
    kind, _, a, b, c, d, r, span = (float(v) for v in row[:8])
    best = math.inf
    if kind == CAPSULE:
        z0, x0, z1, x1 = a, b, c, d
        # the capsule is every point within r of the segment: scan its boundary in closed form
        for pz, px in ((z0, x0), (z1, x1)):
            if abs(z - pz) <= r:
                best = min(best, px - math.sqrt(max(r * r - (z - pz) ** 2, 0.0)))
        length = math.hypot(z1 - z0, x1 - x0)
        if length > 0 and z1 != z0:
            # lowest point of the capsule over the segment's interior: minimise over t the circle's bottom
            for t in _critical_ts(z, z0, x0, z1, x1, r):
                pz, px = z0 + t * (z1 - z0), x0 + t * (x1 - x0)
                if abs(z - pz) <= r + 1e-12:
                    best = min(best, px - math.sqrt(max(r * r - (z - pz) ** 2, 0.0)))
        return best
    zc, xc, rho, a0 = a, b, c, d
    # the sector's lowest point: minimise over the arc's angle, by dense search refined by bisection
    thetas = [a0 + span * i / 2000.0 for i in range(2001)]
    def bottom(th):
        pz, px = zc + rho * math.cos(th), xc + rho * math.sin(th)
        if abs(z - pz) > r:
            return math.inf
        return px - math.sqrt(max(r * r - (z - pz) ** 2, 0.0))
    vals = [bottom(t) for t in thetas]
    k = min(range(len(vals)), key=vals.__getitem__)
    if vals[k] == math.inf:
        return math.inf
    lo, hi = thetas[max(k - 1, 0)], thetas[min(k + 1, 2000)]
    for _ in range(100):          # golden-section on the bracket
        m1, m2 = lo + (hi - lo) * 0.382, lo + (hi - lo) * 0.618
        if bottom(m1) < bottom(m2):
            hi = m2
        else:
            lo = m1
    return min(vals[k], bottom((lo + hi) / 2), bottom(a0), bottom(a0 + span))


def _critical_ts(z, z0, x0, z1, x1, r):
    """Where f(t) = x(t) - sqrt(r² - (z - z(t))²), the bottom at z of the circle centred at
    parameter t, can be least (f is convex in t): the ends, the edges of the interval where the
    circle reaches z, and the stationary point f'(t) = dx - u·dz / sqrt(r² - u²) = 0 with
    u = z - z(t), that is u = r·dx·sign(dz) / |d|."""
    dz, dx = z1 - z0, x1 - x0
    n = math.hypot(dx, dz)
    ts = [0.0, 1.0, (z - r - z0) / dz, (z + r - z0) / dz, (z - r * dx * math.copysign(1.0, dz) / n - z0) / dz]
    return [t for t in ts if 0.0 <= t <= 1.0]


def stock_bounds(zs: np.ndarray, lathe) -> tuple[np.ndarray, np.ndarray]:
    """The bar before cutting: outer and inner radius at zs (no material outside its faces)."""
    inside = (zs >= lathe.back) & (zs <= lathe.front)
    outer = np.where(inside, lathe.bar_radius, -1.0)
    inner = np.full(len(zs), lathe.bore_radius)
    return outer, inner
