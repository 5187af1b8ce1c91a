"""Safety findings: what would crash, break or scrap on the real machine.

Each check reads the toolpath (machine coordinates of the tool tip), the job, and, for what
depends on material, the per-move volume removed by the kernel (`removed`, mm³, program order).
One finding per program line and code: a student fixes lines, not moves.
"""
from __future__ import annotations

import numpy as np

from ..findings import ERROR, WARNING, Finding
from ..job import Job
from ..kernel.memory import check_bytes
from ..kernel.stock import arc_extents
from ..toolpath import ARC, F_CYCLE, F_TOOL_LENGTH, RAPID, Toolpath, arc_points, move_lengths

CUT_EPS = 1e-3  # mm³: less than this is a graze, not a cut


def move_finding(code: str, severity: str, toolpath: Toolpath, i: int, key: str = "", position=None,
             **params) -> Finding:
    """A finding on move `i`: its line, column 1 (the whole block: moves keep no column), its tool,
    and `position` (default: the move's end), in machine coordinates."""
    m = toolpath.moves[i]
    where = m["end"] if position is None else position
    return Finding(code, severity, line=int(m["line"]), column=1, file=toolpath.files[int(m["file"])], key=key,
                   tool=int(m["tool"]), position=tuple(round(float(v), 4) for v in where), params=params)


def once_per_line(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple] = set()
    out = []
    for f in findings:
        k = (f.code, f.file, f.line)
        if k not in seen:
            seen.add(k)
            out.append(f)
    return out


PATH_STEP = 0.05           # mm between the points a fixture is checked at
PATH_POINT_BYTES = 8 * 24  # bytes per such point: the point, its distances and the tool's heights there


def path_points(move, step: float = PATH_STEP) -> np.ndarray:
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


def per_move(toolpath: Toolpath, job: Job, value, default) -> np.ndarray:
    """`value(tool)` for the tool of every move (`default` where the job has no such tool)."""
    moves = toolpath.moves
    numbers, inverse = np.unique(moves["tool"], return_inverse=True)
    tools = [job.tool(int(n)) for n in numbers]
    values = np.array([default if t is None else value(t) for t in tools], dtype=np.asarray(default).dtype)
    return values[inverse.reshape(-1)]


def check_travel(toolpath: Toolpath, job: Job) -> list[Finding]:
    """TRAVEL_LIMIT: the spindle's gauge line (tip + tool length) beyond the machine's travel.

    With `tool_length = "touch_off"` the work offset already holds the tool, so the tip is checked.
    Lines are checked at their ends, arcs at the extremes they really pass through (exact, and
    nothing sampled: an arc of any radius costs the same).
    """
    moves = toolpath.moves
    if not len(moves):
        return []
    lo = np.array([t[0] for t in job.machine.travel]) - 1e-9
    hi = np.array([t[1] for t in job.machine.travel]) + 1e-9
    gauge = np.zeros((len(moves), 3))
    if job.machine.tool_length == "offsets":
        gauge[:, 2] = per_move(toolpath, job, lambda t: t.length, 0.0)
    low, high = _extents(moves)
    low, high = low + gauge, high + gauge
    below, above = low < lo, high > hi
    out = []
    for i in np.flatnonzero((below | above).any(axis=1)):
        axis = int(np.flatnonzero(below[i] | above[i])[0])
        value = low[i, axis] if below[i, axis] else high[i, axis]
        out.append(move_finding("TRAVEL_LIMIT", ERROR, toolpath, i, axis="XYZ"[axis],
                                value=round(float(value), 3), low=lo[axis] + 1e-9, high=hi[axis] - 1e-9))
    return once_per_line(out)


def _extents(moves: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(lo, hi) (n, 3) of the tip over each move: its ends, or the points an arc passes through."""
    lo = np.minimum(moves["start"], moves["end"])
    hi = np.maximum(moves["start"], moves["end"])
    arcs = moves["kind"] == ARC
    if arcs.any():
        lo[arcs], hi[arcs] = arc_extents(moves[arcs])
    return lo, hi


def check_spindle_and_length(toolpath: Toolpath, job: Job, removed: np.ndarray) -> list[Finding]:
    """RAPID_IN_MATERIAL, SPINDLE_OFF_CUT, NO_TOOL_LENGTH, PLUNGE_NON_CENTER_CUTTING.

    SPINDLE_OFF_CUT is said once, where cutting with a stopped (or reversed) spindle starts, and
    NO_TOOL_LENGTH once per tool: one forgotten M3 or G43 is one mistake, however many lines follow.
    """
    moves = toolpath.moves
    out: list[Finding] = []
    cutting = removed > CUT_EPS
    for i in np.flatnonzero(cutting & (moves["kind"] == RAPID)):
        out.append(move_finding("RAPID_IN_MATERIAL", ERROR, toolpath, i, volume=round(float(removed[i]), 3)))

    rpm = moves["spindle"]
    tapping = per_move(toolpath, job, lambda t: t.type == "tap", False) & ((moves["flags"] & F_CYCLE) != 0)
    fault = (rpm == 0) | ((rpm < 0) & ~tapping)
    spindle_fault = None  # the faulty spindle state already reported, until it changes
    for i in np.flatnonzero(cutting):
        if not fault[i]:
            spindle_fault = None
            continue
        if spindle_fault != rpm[i]:
            out.append(move_finding("SPINDLE_OFF_CUT", ERROR, toolpath, i,
                                    key="SPINDLE_OFF_CUT.reverse" if rpm[i] < 0 else ""))
        spindle_fault = rpm[i]

    known = per_move(toolpath, job, lambda t: True, False)
    if job.machine.tool_length == "offsets":
        no_length = cutting & known & ((moves["flags"] & F_TOOL_LENGTH) == 0)
        tools, first = np.unique(moves["tool"][no_length], return_index=True)
        for tool, i in zip(tools, np.flatnonzero(no_length)[first]):
            out.append(move_finding("NO_TOOL_LENGTH", WARNING, toolpath, i, tool=int(tool),
                                    length=job.tool(int(tool)).length))

    radius = per_move(toolpath, job, lambda t: -1.0 if t.center_cutting else t.radius, -1.0)
    d = moves["end"] - moves["start"]
    plunge = cutting & (d[:, 2] < -1e-6) & (np.hypot(d[:, 0], d[:, 1]) < radius)
    for i in np.flatnonzero(plunge):
        out.append(move_finding("PLUNGE_NON_CENTER_CUTTING", ERROR, toolpath, i))
    return once_per_line(sorted(out, key=lambda f: f.line))


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
    reach = per_move(toolpath, job, lambda t: max(r for r, _, _ in _tool_sections(t)), np.nan)
    top = per_move(toolpath, job, lambda t: _tool_sections(t)[-1][2], np.nan)
    # each move's box, with the tool around it (arcs: the points they pass through)
    pts_lo, pts_hi = _extents(moves)
    pts_lo = pts_lo - np.stack([reach, reach, np.zeros_like(reach)], axis=1)
    pts_hi = pts_hi + np.stack([reach, reach, top], axis=1)
    near = np.zeros(len(moves), bool)
    for lo, hi, _ in boxes:
        near |= ~((pts_hi < lo).any(axis=1) | (pts_lo > hi).any(axis=1))
    out = []
    for i in np.flatnonzero(near & ~np.isnan(reach)):  # NaN: no such tool
        m = moves[i]
        tool = job.tool(int(m["tool"]))
        sections = _tool_sections(tool)
        for lo, hi, name in boxes:
            if (pts_hi[i] < lo).any() or (pts_lo[i] > hi).any():
                continue
            check_bytes(int(move_lengths(moves[i:i + 1])[0] / PATH_STEP + 2) * PATH_POINT_BYTES, "program", job.path)
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
                out.append(move_finding("FIXTURE_COLLISION", ERROR, toolpath, i, fixture=name or "?"))
                break
    return once_per_line(out)
