"""G41 and G42 swapped: a compensated contour whose programmed side holds no part.

G41 puts the tool on the left of the programmed contour, G42 on its right; the part is on the
other side. Swapped, the tool runs on the part's side and every wall of that contour comes out one
tool diameter off (a boss or a part's outline two diameters too small, a pocket two too large),
while the program looks right. The final material tells: along the contour, beside the
programmed line on the part's side there is at most a sliver thinner than the tool (the stock's
margin, or nothing where roughing cleared it), while a wall stands exactly one diameter away on
the tool's side, where the part really is. Judged with exact horizontal probes at each sample.
"""
from __future__ import annotations

import numpy as np

from ..findings import INFO, Finding
from ..job import Job
from ..toolpath import ARC, F_COMP, F_COMP_RIGHT, RAPID, Toolpath, arc_angle

SAMPLES = (0.25, 0.5, 0.75)     # where along each compensated move the sides are probed
GAP = 0.01                       # mm: the probes start this far beyond the programmed line and the band
ABOVE_TIP = 0.05                 # mm: probe height above the tip (flat and bull ends; balls: their equator)
WRONG_SHARE = 0.8                # of the samples that tell, this share must say "swapped"
MIN_SAMPLES = 3


def _runs(flags: np.ndarray, kind: np.ndarray, tool: np.ndarray):
    """(first, stop) of each run of consecutive compensated feed moves with one side and one tool."""
    comp = ((flags & F_COMP) != 0) & (kind != RAPID)
    side = (flags & F_COMP_RIGHT) != 0
    out = []
    i, n = 0, len(flags)
    while i < n:
        if not comp[i]:
            i += 1
            continue
        j = i + 1
        while j < n and comp[j] and side[j] == side[i] and tool[j] == tool[i]:
            j += 1
        out.append((i, j))
        i = j
    return out


def _samples(moves: np.ndarray):
    """Points of the tool-centre path (n, 3) and their unit left normals in XY (n, 2)."""
    pts, normals = [], []
    for m in moves:
        s, e = np.asarray(m["start"], float), np.asarray(m["end"], float)
        for t in SAMPLES:
            if int(m["kind"]) == ARC:
                a = np.asarray(m["axis"], float)
                if abs(a[2]) < 1.0 - 1e-9:
                    continue                                 # contours in G17 only
                c = np.asarray(m["center"], float)
                u0 = s[:2] - c[:2]
                r = float(np.hypot(*u0))
                if r <= 0.0:
                    continue
                phi = np.sign(a[2]) * float(arc_angle(np.asarray(m).reshape(1))[0]) * t
                radial = np.array([[np.cos(phi), -np.sin(phi)], [np.sin(phi), np.cos(phi)]]) @ u0
                p = np.r_[c[:2] + radial, s[2] + (e[2] - s[2]) * t]
                tangent = np.sign(a[2]) * np.array([-radial[1], radial[0]]) / r
            else:
                d = e[:2] - s[:2]
                length = float(np.hypot(*d))
                if length < 1e-6:
                    continue
                p = s + (e - s) * t
                tangent = d / length
            pts.append(p)
            normals.append(np.array([-tangent[1], tangent[0]]))
    return np.array(pts).reshape(-1, 3), np.array(normals).reshape(-1, 2)


def _thickness(probe, origins: np.ndarray, directions: np.ndarray, reach: float) -> np.ndarray:
    """Length of the material that starts at each origin along its direction (0: air there), up to `reach`."""
    offsets, iv = probe.intervals_flat(origins, directions, np.array([0.0, reach]))
    out = np.zeros(len(origins))
    first = offsets[:-1]
    has = np.diff(offsets) > 0
    starts_here = np.zeros(len(origins), bool)
    starts_here[has] = iv[first[has], 0] <= 1e-6
    out[starts_here] = iv[first[starts_here], 1]
    return out


def check_compensation_side(toolpath: Toolpath, job: Job, probe) -> list[Finding]:
    """COMPENSATION.side (info): a G41/G42 contour whose part is on the tool's side (the code swapped)."""
    moves = toolpath.moves
    if probe is None or not len(moves) or not ((moves["flags"] & F_COMP) != 0).any():
        return []
    out = []
    for first, stop in _runs(moves["flags"], moves["kind"], moves["tool"]):
        tool = job.tool(int(moves["tool"][first]))
        if tool is None or tool.cutter_comp_radius < 0.5 * tool.radius:
            continue                                   # no tool, or a CAM path offset already (wear comp)
        right = bool(moves["flags"][first] & F_COMP_RIGHT)
        pts, left = _samples(moves[first:stop])
        if not len(pts):
            continue
        tool_side = -left if right else left
        R, D = tool.radius, tool.diameter
        z = pts[:, 2] + (R if tool.type == "ball" else ABOVE_TIP)
        centre = np.column_stack([pts[:, :2], z])
        towards_tool = np.column_stack([tool_side, np.zeros(len(pts))])
        # the programmed line lies comp_radius from the centre, opposite the tool's side; the band's
        # far edge lies R from the centre on the tool's side
        line = centre - towards_tool * tool.cutter_comp_radius
        part = _thickness(probe, line - towards_tool * GAP, -towards_tool, 3.0 * D)
        far = _thickness(probe, centre + towards_tool * (R + GAP), towards_tool, 3.0 * D)
        wrong = (part < D) & (far >= D)
        right_side = part >= D
        told = int(wrong.sum() + right_side.sum())
        if wrong.sum() >= MIN_SAMPLES and wrong.sum() >= WRONG_SHARE * told:
            m = moves[first]
            code, other = ("G42", "G41") if right else ("G41", "G42")
            out.append(Finding("COMPENSATION", INFO, line=int(m["line"]), column=1,
                               file=toolpath.files[int(m["file"])], key="COMPENSATION.side",
                               tool=int(m["tool"]), line_end=int(moves[stop - 1]["line"]),
                               params=dict(code=code, other=other, offset=f"{D:g}", size=f"{2 * D:g}",
                                           first=int(m["line"]), last=int(moves[stop - 1]["line"]))))
    return out


SIZE_INSTRUMENTS = ("outside", "inside", "bore", "boss")   # a size across two walls of one contour
SIZE_SLACK = 0.05                                          # mm: "exactly" two diameters off, within this


def check_swapped_sizes(results, toolpath: Toolpath, job: Job) -> list[Finding]:
    """COMPENSATION.side (info) from the measures: a size across two walls cut under G41/G42 that is
    off by two diameters of the tool that cut them (each wall one diameter off: the code swapped).

    `results`: the metrology's CheckResults (their `lines` name the program lines that cut the
    measured walls). One finding per compensated span, at its first line.
    """
    moves = toolpath.moves
    comp = ((moves["flags"] & F_COMP) != 0) & (moves["kind"] != RAPID)
    if not comp.any():
        return []
    out, said = [], set()
    for r in results:
        if r.measured is None or r.check.instrument not in SIZE_INSTRUMENTS or not r.lines:
            continue
        cut = comp & np.isin(moves["line"], np.asarray(r.lines)) & (moves["file"] == 0)
        for first, stop in _runs(moves["flags"], moves["kind"], moves["tool"]):
            if not cut[first:stop].any():
                continue                    # a compensated span that cut none of the measured walls
            tool = job.tool(int(moves["tool"][first]))
            if tool is None or abs(abs(r.deviation) - 2.0 * tool.diameter) > SIZE_SLACK or first in said:
                continue
            said.add(first)
            right = bool(moves["flags"][first] & F_COMP_RIGHT)
            code, other = ("G42", "G41") if right else ("G41", "G42")
            lines = moves["line"][first:stop]
            out.append(Finding("COMPENSATION", INFO, line=int(lines.min()), column=1, file=toolpath.files[0],
                               key="COMPENSATION.side", tool=tool.number, line_end=int(lines.max()),
                               params=dict(code=code, other=other, offset=f"{tool.diameter:g}",
                                           size=f"{2 * tool.diameter:g}", first=int(lines.min()),
                                           last=int(lines.max()))))
    return out
