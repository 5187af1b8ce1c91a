"""The material part way through a program, for films: one cut in program order, paused at each frame.

`simulate` cuts the whole toolpath at once; a film needs the columns after 40 or so growing move
counts. Simulating each prefix again costs the frames times the whole cut; `ProgressiveCut`
carries the same columns forward instead, with the same kernel (`remove_moves`), so the film of a
program costs one simulation. Its models have no wall corrections (volumes are not a film's
business): only their columns are meant to be read, by the picture mesh.
"""
from __future__ import annotations

import numpy as np

from ..job import Job
from ..toolpath import ARC, Toolpath, arc_angle, arc_radius
from .memory import lattice_size
from .model import Model
from .removal import remove_moves, tool_table
from .stock import stock_shape


class ProgressiveCut:
    """The columns after the first `count` moves, for counts asked in increasing order."""

    def __init__(self, toolpath: Toolpath, job: Job, resolution: float | None = None):
        self.toolpath, self.job = toolpath, job
        self.h = float(resolution if resolution is not None else job.machine.resolution)
        self._start()

    def _start(self) -> None:
        """The raw stock's columns, before the first move."""
        moves = self.toolpath.moves
        n = len(moves)
        self.stock = stock_shape(self.job, self.toolpath)
        lo, hi = self.stock.lo, self.stock.hi
        nx, ny = lattice_size(hi[0] - lo[0], hi[1] - lo[1], self.h)
        x = lo[0] + self.h * np.arange(nx)
        y = lo[1] + self.h * np.arange(ny)
        b, t, present = self.stock.columns(x[None, :], y[:, None])
        self.bottom = np.ascontiguousarray(b, float)
        self.top = np.where(present, t, b).astype(float)
        self.count = present.astype(np.int8)
        self.initial = np.where(present, self.top, np.nan)
        self.area = np.where(present, self.stock.cell_area(x[None, :], y[:, None], self.h), 0.0)
        self.last_move = np.full((ny, nx), -1, np.int32)
        self.removed = np.zeros(n, float)
        self.depth = np.zeros(n, float)
        self.base = float(self.bottom.max()) if self.bottom.size else 0.0
        self.done = 0
        if n:
            self.tools = tool_table(moves, self.job)
            arcs = moves["kind"] == ARC
            self.ang, self.rad = np.zeros(n), np.zeros(n)
            if arcs.any():
                self.ang[arcs] = arc_angle(moves[arcs])
                self.rad[arcs] = arc_radius(moves[arcs])
            self.arrays = [np.ascontiguousarray(moves[k], float) if k != "kind" else np.ascontiguousarray(moves[k])
                           for k in ("kind", "start", "end", "center", "axis")]

    def model_at(self, count: int, every: int = 1) -> Model:
        """The material after the first `count` moves (a smaller count than the last starts again).

        `every` > 1 keeps one column in `every` along X and Y: a film's frame needs no column finer
        than its pixel, and its mesh then costs `every`² times less.
        """
        if count < self.done:
            self._start()
        count = min(int(count), len(self.toolpath.moves))
        if count > self.done:
            lo = self.stock.lo
            remove_moves(self.done, count, *self.arrays, self.ang, self.rad, *self.tools, lo[0], lo[1], self.h,
                         self.base, self.bottom, self.top, self.count, self.last_move, self.area, self.removed,
                         self.depth)
            self.done = count
        k = max(1, int(every))
        pick = (slice(None, None, k), slice(None, None, k))
        return Model(x0=float(self.stock.lo[0]), y0=float(self.stock.lo[1]), h=self.h * k,
                     bottom=self.bottom[pick][None].copy(), top=self.top[pick][None].copy(),
                     count=self.count[pick].copy(), last_move=self.last_move[pick].copy(),
                     removed=self.removed[:count].copy(), depth=self.depth[:count].copy(),
                     rapid_cut=np.zeros(count, bool), stock=self.stock, initial=self.initial[pick],
                     cell_area=self.area[pick] * k * k, volume_correction=0.0)
