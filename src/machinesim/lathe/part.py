"""The turned part: the program's sweeps applied to the bar, on a lattice and exactly on demand.

`turn(toolpath, job)` builds the primitives once (`material.primitives`), carves them on a lattice
of z (for pictures, volumes and the per-move facts the findings need) and keeps them so that
`bounds(zs)` answers the exact outer and inner radius at any z for measuring.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .. import toolpath as tp
from . import material
from .material import THREAD_FLAG
from .setup import TIP_DIRECTIONS, Lathe

MARGIN = 2.0          # lattice beyond the bar's faces, mm
REACH = 100.0         # lattice beyond the faces at most, where the tool may meet the jaws or tailstock


@dataclass(frozen=True)
class Thread:
    """One thread cut by threading passes: its z span, lead and the deepest point of the nose."""

    z0: float
    z1: float
    lead: float
    root: float           # radius reached by the nose (external: lowest; internal: highest)
    external: bool
    lines: tuple[int, ...]


@dataclass
class TurnedPart:
    lathe: Lathe
    toolpath: tp.Toolpath
    rows: np.ndarray
    move_of: np.ndarray
    zs: np.ndarray
    outer: np.ndarray
    inner: np.ndarray
    last_outer: np.ndarray
    last_inner: np.ndarray
    removed: np.ndarray             # per move: thickest material it took (mm)
    chuck: np.ndarray
    tail: np.ndarray
    bottom: np.ndarray
    threads: tuple[Thread, ...] = ()
    h: float = 0.1
    facts: dict = field(default_factory=dict)

    def bounds(self, zs) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Exact (outer, inner, move that made outer, move that made inner) at any z values."""
        zs = np.atleast_1d(np.asarray(zs, float))
        order = np.argsort(zs, kind="stable")
        res = _carve(zs[order], self.rows, self.move_of, len(self.toolpath.moves), self.lathe,
                     self._drills())
        out = [np.empty_like(a) for a in res[:4]]
        for o, a in zip(out, res[:4]):
            o[order] = a
        return tuple(out)

    def _drills(self) -> np.ndarray:
        if "drills" not in self.facts:
            tools = {t.number: t for t in self.lathe.tools}
            drill = {n for n, t in tools.items() if t.type == "drill"}
            self.facts["drills"] = np.isin(self.toolpath.moves["tool"], list(drill) or [-1])
        return self.facts["drills"]

    @property
    def removed_volume(self) -> float:
        """mm³ taken from the bar (lattice integral of the annulus areas)."""
        o0, i0 = material.stock_bounds(self.zs, self.lathe)
        before = np.pi * np.clip(o0 ** 2 - i0 ** 2, 0, None)
        o, i = np.maximum(self.outer, 0), np.maximum(self.inner, 0)
        after = np.where(self.outer > self.inner, np.pi * (o ** 2 - i ** 2), 0.0)
        return float(np.trapezoid(before - after, self.zs))

    def material_at(self, z: float, x: float) -> bool:
        o, i, _, _ = self.bounds([z])
        return bool(i[0] <= x <= o[0])


def _carve(zs, rows, move_of, nmoves, lathe: Lathe, drills):
    outer, inner = material.stock_bounds(zs, lathe)
    last_o = np.full(len(zs), -1, np.int64)
    last_i = np.full(len(zs), -1, np.int64)
    removed = np.zeros(nmoves)
    chuck = np.zeros(nmoves, np.bool_)
    tail = np.zeros(nmoves, np.bool_)
    bottom = np.zeros(nmoves, np.bool_)
    tail_z = lathe.tailstock_z if lathe.tailstock_z is not None else np.inf
    material.carve(zs, rows, move_of, nmoves, outer, inner, last_o, last_i, removed, lathe.jaw_face,
                   lathe.jaw_radius, tail_z, lathe.tailstock_radius, chuck, tail, bottom, drills)
    return outer, inner, last_o, last_i, removed, chuck, tail, bottom


def _threads(moves: np.ndarray, lathe: Lathe) -> tuple[Thread, ...]:
    """Group the threading passes (by tool, in order) into threads."""
    idx = np.flatnonzero(moves["flags"] & THREAD_FLAG)
    tools = {t.number: t for t in lathe.tools}
    groups: list[list[int]] = []
    for i in idx:
        if groups and moves["tool"][groups[-1][-1]] == moves["tool"][i]:
            groups[-1].append(int(i))
        else:
            groups.append([int(i)])
    out = []
    for g in groups:
        m = moves[g]
        tool = tools.get(int(m["tool"][0]))
        if tool is None:
            continue
        dx, _ = TIP_DIRECTIONS[tool.tip]
        centre = np.concatenate([m["start"][:, 0], m["end"][:, 0]]) - dx * tool.nose_radius
        external = not tool.internal
        root = float(centre.min() - tool.nose_radius) if external else float(centre.max() + tool.nose_radius)
        zz = np.concatenate([m["start"][:, 2], m["end"][:, 2]])
        rpm = np.abs(m["spindle"])
        lead = float(np.median(m["feed"][rpm > 0] / rpm[rpm > 0])) if (rpm > 0).any() else 0.0
        out.append(Thread(float(zz.min()), float(zz.max()), lead, root, external,
                          tuple(sorted(set(int(v) for v in m["line"])))))
    return tuple(out)


def turn(toolpath: tp.Toolpath, job, progress=None) -> TurnedPart:
    """Cut the bar with every move of `toolpath` (lattice of `job.machine.resolution`)."""
    lathe: Lathe = job.lathe
    tools = {t.number: t for t in lathe.tools}
    rows, move_of = material.primitives(toolpath.moves, tools)
    h = job.machine.resolution
    lo, hi = lathe.back - MARGIN, lathe.front + MARGIN
    if len(toolpath.moves):             # where the turret went too, for the jaws and the tailstock
        z = np.concatenate([toolpath.moves["start"][:, 2], toolpath.moves["end"][:, 2]])
        lo = max(min(lo, float(z.min()) - MARGIN), lathe.back - REACH)
        hi = min(max(hi, float(z.max()) + MARGIN), lathe.front + REACH)
    zs = np.arange(lo, hi + h / 2, h)
    part = TurnedPart(lathe, toolpath, rows, move_of, zs, *([None] * 8), h=h)
    res = _carve(zs, rows, move_of, len(toolpath.moves), lathe, part._drills())
    part.outer, part.inner, part.last_outer, part.last_inner, part.removed, part.chuck, part.tail, \
        part.bottom = res
    part.threads = _threads(toolpath.moves, lathe)
    if progress is not None:
        progress(1, 1)
    return part
