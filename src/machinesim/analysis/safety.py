"""Safety findings: what would crash, break or scrap on the real machine.

Each check reads the toolpath (machine coordinates of the tool tip), the job, and, for what
depends on material, the per-move volume removed by the kernel (`removed`, mm³, program order).
One finding per program line and code: a student fixes lines, not moves.
"""
from __future__ import annotations

import numpy as np

from ..findings import ERROR, WARNING, Finding
from ..job import Job
from ..toolpath import ARC, END, F_CYCLE, F_TOOL_LENGTH, RAPID, Toolpath, arc_points

CUT_EPS = 1e-3  # mm³: less than this is a graze, not a cut


def _finding(code: str, severity: str, toolpath: Toolpath, i: int, key: str = "", **params) -> Finding:
    m = toolpath.moves[i]
    return Finding(code, severity, line=int(m["line"]), file=toolpath.files[int(m["file"])], key=key,
                   tool=int(m["tool"]), position=tuple(round(float(v), 4) for v in m["end"]), params=params)


def _once_per_line(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple] = set()
    out = []
    for f in findings:
        k = (f.code, f.file, f.line)
        if k not in seen:
            seen.add(k)
            out.append(f)
    return out


def path_points(move, step: float = 0.05) -> np.ndarray:
    """Points along a move no further apart than `step` mm (arcs within a 1 µm sagitta)."""
    if int(move["kind"]) == ARC:
        pts = arc_points(move, 1e-3)
    else:
        pts = np.stack([np.asarray(move["start"], float), np.asarray(move["end"], float)])
    seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    out = [pts[:1]]
    for a, b, length in zip(pts[:-1], pts[1:], seg):
        n = max(1, int(np.ceil(length / step)))
        t = np.linspace(0.0, 1.0, n + 1)[1:, None]
        out.append(a + (b - a) * t)
    return np.concatenate(out)


def check_travel(toolpath: Toolpath, job: Job) -> list[Finding]:
    """TRAVEL_LIMIT: the spindle's gauge line (tip + tool length) beyond the machine's travel.

    With `tool_length = "touch_off"` the work offset already holds the tool, so the tip is checked.
    """
    moves = toolpath.moves
    if not len(moves):
        return []
    lo = np.array([t[0] for t in job.machine.travel])
    hi = np.array([t[1] for t in job.machine.travel])
    lengths = np.zeros(len(moves))
    if job.machine.tool_length == "offsets":
        for number in np.unique(moves["tool"]):
            tool = job.tool(int(number))
            if tool is not None:
                lengths[moves["tool"] == number] = tool.length
    out = []
    for i in range(len(moves)):
        m = moves[i]
        pts = arc_points(m, 1e-2) if int(m["kind"]) == ARC else np.stack([m["start"], m["end"]])
        pts = pts + np.array([0.0, 0.0, lengths[i]])
        below, above = pts < lo - 1e-9, pts > hi + 1e-9
        if below.any() or above.any():
            axis = int(np.flatnonzero((below | above).any(axis=0))[0])
            value = pts[:, axis].min() if below[:, axis].any() else pts[:, axis].max()
            out.append(_finding("TRAVEL_LIMIT", ERROR, toolpath, i, axis="XYZ"[axis], value=round(float(value), 3),
                                low=lo[axis], high=hi[axis]))
    return _once_per_line(out)


def check_spindle_and_length(toolpath: Toolpath, job: Job, removed: np.ndarray) -> list[Finding]:
    """RAPID_IN_MATERIAL, SPINDLE_OFF_CUT, NO_TOOL_LENGTH, PLUNGE_NON_CENTER_CUTTING."""
    moves = toolpath.moves
    out: list[Finding] = []
    cutting = removed > CUT_EPS
    warned_length: set[int] = set()
    for i in np.flatnonzero(cutting):
        m = moves[i]
        tool = job.tool(int(m["tool"]))
        if int(m["kind"]) == RAPID:
            out.append(_finding("RAPID_IN_MATERIAL", ERROR, toolpath, i, volume=round(float(removed[i]), 3)))
        rpm = float(m["spindle"])
        tapping = tool is not None and tool.type == "tap" and bool(m["flags"] & F_CYCLE)
        if rpm == 0 or (rpm < 0 and not tapping):
            out.append(_finding("SPINDLE_OFF_CUT", ERROR, toolpath, i,
                                key="SPINDLE_OFF_CUT.reverse" if rpm < 0 else ""))
        if (job.machine.tool_length == "offsets" and not m["flags"] & F_TOOL_LENGTH and tool is not None
                and int(m["tool"]) not in warned_length):
            warned_length.add(int(m["tool"]))
            out.append(_finding("NO_TOOL_LENGTH", WARNING, toolpath, i, tool=int(m["tool"]), length=tool.length))
        if tool is not None and not tool.center_cutting:
            d = np.asarray(m["end"]) - np.asarray(m["start"])
            if d[2] < -1e-6 and np.hypot(d[0], d[1]) < tool.radius:
                out.append(_finding("PLUNGE_NON_CENTER_CUTTING", ERROR, toolpath, i))
    return _once_per_line(out)


def _tool_sections(tool) -> list[tuple[float, float, float]]:
    """The tool's solids as (radius, bottom, top) heights above the tip: flutes, shank, holder."""
    flute_top = max(tool.flute_length, tool.tip_height)
    return [(tool.radius, 0.0, flute_top), (tool.shank_radius, flute_top, tool.length),
            (tool.holder_diameter / 2.0, tool.length, tool.length + tool.holder_length)]


def check_fixtures(toolpath: Toolpath, job: Job) -> list[Finding]:
    """FIXTURE_COLLISION: any part of the tool (cutter, shank, holder) inside a fixture box, at any speed.

    The path is sampled every 0.05 mm; the cutter's lower surface follows its profile exactly.
    """
    if not job.fixtures:
        return []
    moves = toolpath.moves
    boxes = [(np.array(job.to_machine(f.min, f.frame)), np.array(job.to_machine(f.max, f.frame)), f.name)
             for f in job.fixtures]
    out = []
    for i in range(len(moves)):
        m = moves[i]
        tool = job.tool(int(m["tool"]))
        if tool is None:
            continue
        sections = _tool_sections(tool)
        reach = max(r for r, _, _ in sections)
        top = sections[-1][2]
        pts_lo = np.minimum(m["start"], m["end"]) - np.array([reach, reach, 0.0])
        pts_hi = np.maximum(m["start"], m["end"]) + np.array([reach, reach, top])
        if int(m["kind"]) == ARC:
            r = np.linalg.norm(np.asarray(m["start"]) - np.asarray(m["center"]))
            pts_lo = np.minimum(pts_lo, np.asarray(m["center"]) - r - reach)
            pts_hi = np.maximum(pts_hi, np.asarray(m["center"]) + r + reach + top)
        for lo, hi, name in boxes:
            if (pts_hi < lo).any() or (pts_lo > hi).any():
                continue
            p = path_points(m)
            dx = np.maximum(np.maximum(lo[0] - p[:, 0], p[:, 0] - hi[0]), 0.0)
            dy = np.maximum(np.maximum(lo[1] - p[:, 1], p[:, 1] - hi[1]), 0.0)
            d = np.hypot(dx, dy)
            hit = np.zeros(len(p), bool)
            for k, (radius, bottom, height) in enumerate(sections):
                if k == 0:
                    prof = np.array([tool.lower_profile(min(v, radius)) for v in d])
                    bottom_z = p[:, 2] + prof
                else:
                    bottom_z = p[:, 2] + bottom
                hit |= (d < radius) & (bottom_z < hi[2]) & (p[:, 2] + height > lo[2])
            if hit.any():
                out.append(_finding("FIXTURE_COLLISION", ERROR, toolpath, i, fixture=name or "?"))
                break
    return _once_per_line(out)


def check_program_end(toolpath: Toolpath) -> list[Finding]:
    """PROGRAM_END_MISSING: no M2/M30 was reached."""
    events = toolpath.events
    if len(events) and (events["kind"] == END).any():
        return []
    return [Finding("PROGRAM_END_MISSING", WARNING, line=max(toolpath.lines, 1), file=toolpath.files[0])]
