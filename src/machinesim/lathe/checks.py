"""Findings about a turned part: crashes into the jaws, the tailstock, the bore's bottom, rapids in
the bar, cutting with the spindle stopped or the wrong way, plunges the insert cannot make, feeds
per revolution the insert does not accept.

Each finding names the line of the move (its first move when consecutive moves of one line repeat
the fault) and where it happened, from the per-move facts that `part.turn` gathered.
"""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from ..findings import ERROR, WARNING, Finding
from .. import toolpath as tp
from .material import THREAD_FLAG, insert_polygon
from .setup import TIP_DIRECTIONS, LatheTool

CUT = 1e-3           # mm of material: less is a touch, not a cut


def _finding(toolpath, i: int, code: str, severity: str = ERROR, key: str = "", **params) -> Finding:
    m = toolpath.moves[i]
    f = int(m["file"])
    file = toolpath.files[f] if f < len(toolpath.files) else toolpath.files[0]
    end = m["end"]
    return Finding(code, severity, int(m["line"]), 0, file, key or code, params, tool=int(m["tool"]),
                   position=(float(end[0]), 0.0, float(end[2])))


def grouped(findings: list[Finding]) -> list[Finding]:
    """One finding per mistake: the same sentence on one line, or on consecutive lines, is one
    finding from its first line to `line_end`, `count` the lines it stands for."""
    out: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.file, f.message_key, f.line)):
        last = out[-1] if out else None
        if last is not None and (last.file, last.message_key) == (f.file, f.message_key) and \
                f.line <= max(last.line, last.line_end) + 1:
            if f.line > max(last.line, last.line_end):
                out[-1] = replace(last, line_end=f.line, count=last.count + 1)
            continue
        out.append(f)
    return sorted(out, key=lambda f: (f.file, f.line, f.code))


def plunge_too_steep(tool: LatheTool, direction: tuple[float, float]) -> bool:
    """Whether a feed in `direction` (dx, dz) drags an edge of the insert through the cut surface.

    The finished surface runs along the path; every edge of the insert must stay on the air side
    of it, ahead of the nose and behind it (a plunge steeper than the trailing edge's angle drags
    that edge through the surface just cut).
    """
    if tool.type == "drill":
        return False
    dx, dz = direction
    n = math.hypot(dx, dz)
    if n == 0:
        return False
    dx, dz = dx / n, dz / n
    tx, tz = TIP_DIRECTIONS[tool.tip]
    # the material lies on the side of the path the tip points to
    side = dz * tx - dx * tz                      # cross(path, tip) in the (z, x) plane
    if abs(side) < 1e-9:
        return False
    for vx, vz in insert_polygon(tool)[1:]:
        ln = math.hypot(vx, vz)
        if ln == 0:
            continue
        s = (dz * vx - dx * vz) / ln              # cross(path, edge direction)
        if s * side > 1e-9:                       # the edge points into the material side
            return True
    return False


def find(toolpath: tp.Toolpath, job, part) -> list[Finding]:
    """Every finding the turned part and its toolpath show."""
    lathe = job.lathe
    tools = {t.number: t for t in lathe.tools}
    moves = toolpath.moves
    out: list[Finding] = []
    cut = part.removed > CUT
    kind = moves["kind"]
    for i in np.flatnonzero(part.chuck):
        out.append(_finding(toolpath, i, "CHUCK_COLLISION", jaw=f"{lathe.jaw_face:g}"))
    for i in np.flatnonzero(part.tail):
        out.append(_finding(toolpath, i, "TAILSTOCK_COLLISION"))
    for i in np.flatnonzero(part.bottom):
        out.append(_finding(toolpath, i, "BORE_BOTTOM"))
    after_thread = np.zeros(len(moves), bool)
    after_thread[1:] = (moves["flags"][:-1] & THREAD_FLAG) != 0    # out of the helix just cut
    for i in np.flatnonzero(cut & (kind == tp.RAPID) & ~after_thread):
        out.append(_finding(toolpath, i, "RAPID_IN_MATERIAL", key="RAPID_IN_MATERIAL.lathe",
                            depth=f"{part.removed[i]:.2f}"))
    feeding = cut & (kind != tp.RAPID)
    for i in np.flatnonzero(feeding & (moves["spindle"] == 0)):
        out.append(_finding(toolpath, i, "SPINDLE_OFF_CUT"))
    for i in np.flatnonzero(feeding & (moves["spindle"] != 0)):
        tool = tools.get(int(moves["tool"][i]))
        if tool is None:
            continue
        want = 1.0 if lathe.spindle_hand == "M3" else -1.0
        if tool.hand == "left":
            want = -want
        if tool.hand != "neutral" and np.sign(moves["spindle"][i]) != want:
            out.append(_finding(toolpath, i, "SPINDLE_DIRECTION", hand=tool.hand,
                                good="M3" if want > 0 else "M4", bad="M4" if want > 0 else "M3"))
            continue
        if kind[i] == tp.FEED and tool.type in ("turning", "boring"):
            d = moves["end"][i] - moves["start"][i]
            if plunge_too_steep(tool, (float(d[0]), float(d[2]))):
                angle = math.degrees(math.atan2(abs(d[0]), abs(d[2])))
                out.append(_finding(toolpath, i, "INSERT_ANGLE", angle=f"{angle:.0f}", insert=f"{tool.angle:g}"))
        if not moves["flags"][i] & THREAD_FLAG and tool.type in ("turning", "boring", "grooving", "parting"):
            f = moves["feed"][i] / abs(moves["spindle"][i])
            lo, hi = tool.feed_limits
            if not lo - 1e-9 <= f <= hi + 1e-9:
                out.append(_finding(toolpath, i, "FEED_PER_REV", WARNING, feed=f"{f:.3f}", low=f"{lo:.2f}",
                                    high=f"{hi:.2f}", tool=tool.number))
    return grouped(out)
