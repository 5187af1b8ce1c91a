"""Tool body against the stock: a cut deeper than the flutes, the shank or the holder in the material.

DEPTH_OVER_FLUTE reads the kernel's per-move axial depth of cut (`Model.depth`): the largest
(column top before the move - the cutter's lower surface there) over the columns the move lowered.
Compared with the flute length it is exact for flat tools and lenient by at most the corner
height for ball, bull and pointed tools (their flutes start where their lower surface is).

SHANK_COLLISION and HOLDER_COLLISION look at the FINAL material. Material only ever disappears,
so material still present at the end inside the shank (or holder) of a move was present when that
move ran: a collision found this way is never spurious. What it can miss: material that the same
program removed later (a shank rubbing a wall that a later pass machines away), and walls thinner
than the lattice spacing. The kernel lowers every column the cutter passes over down to its lower
surface, so a shank no wider than the cutter can never be found in material: that case is the
cut deeper than the flutes (DEPTH_OVER_FLUTE).
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit

from ..findings import ERROR
from ..job import Job
from ..kernel.sweep import VERTICAL_XY, line_row_span
from ..toolpath import ARC, Toolpath, arc_points
from .safety import move_finding, once_per_line

TOUCH_EPS = 1e-6       # mm: a body resting exactly on a face does not hit it
ARC_SAGITTA = 1e-2     # mm: arcs become chords this close; the body is shrunk by as much


def body_sections(tool) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """(radius, bottom, top) above the tip of the shank and of the holder."""
    flute_top = max(tool.flute_length, tool.tip_height)
    return ((tool.shank_radius, flute_top, tool.length),
            (tool.holder_diameter / 2.0, tool.length, tool.length + tool.holder_length))


def check_depth(toolpath: Toolpath, job: Job, depth: np.ndarray | None) -> list:
    """DEPTH_OVER_FLUTE: moves whose axial depth of cut exceeds the tool's flute length."""
    if depth is None or not len(depth):
        return []
    moves = toolpath.moves
    flute = np.full(len(moves), np.inf)
    for number in np.unique(moves["tool"]):
        tool = job.tool(int(number))
        if tool is not None:
            flute[moves["tool"] == number] = tool.flute_length
    out = []
    for i in np.flatnonzero(depth > flute + TOUCH_EPS):
        out.append(move_finding("DEPTH_OVER_FLUTE", ERROR, toolpath, int(i), key="DEPTH_OVER_FLUTE.depth",
                            depth=round(float(depth[i]), 2), flute=round(float(flute[i]), 2)))
    return once_per_line(out)


@njit(cache=True)
def _segment_hit(a, b, r, lo, hi, x0, y0, h, bottom, top, count, eps):
    """First parameter t in [0, 1] along segment AB (tool tip, z linear in t) where a cylinder of
    radius r from lo to hi above the tip meets material; -1 when it never does."""
    ny, nx = count.shape
    ax, ay, az = a[0], a[1], a[2]
    bx, by, bz = b[0], b[1], b[2]
    dx, dy, dz = bx - ax, by - ay, bz - az
    dd = dx * dx + dy * dy
    r2 = r * r
    best = 2.0
    j0 = max(0, int(math.ceil((min(ay, by) - r - y0) / h)))
    j1 = min(ny - 1, int(math.floor((max(ay, by) + r - y0) / h)))
    length = math.sqrt(dd)
    ux, uy = (dx / length, dy / length) if length >= VERTICAL_XY else (1.0, 0.0)
    for j in range(j0, j1 + 1):
        y = y0 + j * h
        xlo, xhi = line_row_span(y, ax, ay, bx, by, ux, uy, length, r)
        if xlo > xhi:
            continue
        i0 = max(0, int(math.ceil((xlo - x0) / h)))
        i1 = min(nx - 1, int(math.floor((xhi - x0) / h)))
        for i in range(i0, i1 + 1):
            n = count[j, i]
            if n == 0:
                continue
            qx = x0 + i * h - ax
            qy = y - ay
            if dd < 1e-24:
                if qx * qx + qy * qy >= r2:
                    continue
                t0, t1 = 0.0, 1.0
            else:
                qd = qx * dx + qy * dy
                disc = qd * qd - dd * (qx * qx + qy * qy - r2)
                if disc <= 0.0:
                    continue
                s = math.sqrt(disc)
                t0 = max(0.0, (qd - s) / dd)
                t1 = min(1.0, (qd + s) / dd)
                if t0 >= t1:
                    continue
            zlo = az + dz * t0 if dz >= 0.0 else az + dz * t1
            zhi = az + dz * t1 if dz >= 0.0 else az + dz * t0
            for k in range(n):
                ztop = top[k, j, i]
                if ztop > zlo + lo + eps and bottom[k, j, i] < zhi + hi - eps:
                    if dz >= 0.0:
                        t = t0
                    else:  # going down: the body reaches this column's top part way
                        t = max(t0, (ztop - lo - eps - az) / dz)
                    best = min(best, t)
    return best if best <= 1.0 else -1.0


@njit(cache=True)
def body_hits(a, b, r, lo, hi, x0, y0, h, bottom, top, count, eps):
    """`_segment_hit` for every segment (rows of a and b); -1 where the body stays clear."""
    out = np.full(a.shape[0], -1.0)
    for s in range(a.shape[0]):
        out[s] = _segment_hit(a[s], b[s], r[s], lo[s], hi[s], x0, y0, h, bottom, top, count, eps)
    return out


def _move_z_floor(moves: np.ndarray) -> np.ndarray:
    """A lower bound of the tip's Z along each move (arcs in any plane)."""
    z = np.minimum(moves["start"][:, 2], moves["end"][:, 2])
    arcs = moves["kind"] == ARC
    if arcs.any():
        c = moves["center"][arcs]
        r = np.linalg.norm(moves["start"][arcs] - c, axis=1)
        tilted = np.abs(moves["axis"][arcs][:, 2]) < 1.0 - 1e-12
        z[arcs] = np.where(tilted, np.minimum(z[arcs], c[:, 2] - r), z[arcs])
    return z


def _segments(moves: np.ndarray, candidates: np.ndarray, radius: np.ndarray, lo: np.ndarray,
              hi: np.ndarray):
    """Candidate moves as straight segments (arcs as chords, body shrunk by the chord's sagitta)."""
    owner, a, b, r, bl, bh = [], [], [], [], [], []
    for i in candidates:
        m = moves[i]
        if int(m["kind"]) == ARC:
            pts = arc_points(m, ARC_SAGITTA)
            k = len(pts) - 1
            owner += [i] * k
            a.append(pts[:-1])
            b.append(pts[1:])
            r += [radius[i] - ARC_SAGITTA] * k
            bl += [lo[i] + ARC_SAGITTA] * k
            bh += [hi[i] - ARC_SAGITTA] * k
        else:
            owner.append(i)
            a.append(np.asarray(m["start"], float)[None])
            b.append(np.asarray(m["end"], float)[None])
            r.append(radius[i])
            bl.append(lo[i])
            bh.append(hi[i])
    return (np.array(owner, np.int64), np.ascontiguousarray(np.concatenate(a)),
            np.ascontiguousarray(np.concatenate(b)), np.array(r), np.array(bl), np.array(bh))


def check_body(toolpath: Toolpath, job: Job, model) -> list:
    """SHANK_COLLISION and HOLDER_COLLISION against the final material (see the module's note)."""
    moves = toolpath.moves
    if not len(moves):
        return []
    layers = np.arange(model.top.shape[0])[:, None, None] < model.count[None]
    if not layers.any():
        return []
    material_top = float(model.top[layers].max())
    z_floor = _move_z_floor(moves)
    numbers = np.unique(moves["tool"])
    tools = {int(n): job.tool(int(n)) for n in numbers}
    out = []
    for part, code in ((0, "SHANK_COLLISION"), (1, "HOLDER_COLLISION")):
        radius, lo, hi = np.zeros(len(moves)), np.full(len(moves), np.inf), np.zeros(len(moves))
        for n, tool in tools.items():
            # a shank no wider than the cutter only ever meets what the cutter just cut away
            if tool is None or (part == 0 and tool.shank_radius <= tool.radius):
                continue
            sel = moves["tool"] == n
            radius[sel], lo[sel], hi[sel] = body_sections(tool)[part]
        candidates = np.flatnonzero(z_floor + lo < material_top - TOUCH_EPS)
        if not len(candidates):
            continue
        owner, a, b, r, bl, bh = _segments(moves, candidates, radius, lo, hi)
        t = body_hits(a, b, r, bl, bh, model.x0, model.y0, model.h, model.bottom, model.top, model.count,
                      TOUCH_EPS)
        seen: set[int] = set()
        for s in np.flatnonzero(t >= 0.0):
            i = int(owner[s])
            if i in seen:
                continue
            seen.add(i)
            where = a[s] + t[s] * (b[s] - a[s])
            tool = tools[int(moves["tool"][i])]
            diameter = 2.0 * body_sections(tool)[part][0]
            out.append(move_finding(code, ERROR, toolpath, i, key=code + ".body", position=where,
                                diameter=round(diameter, 2), stickout=round(tool.length, 2)))
    return once_per_line(out)
