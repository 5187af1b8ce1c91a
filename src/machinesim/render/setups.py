"""Pictures of a part made in several setups: each setup's part in its vise, and the whole film.

Each setup's picture shows the part as that setup left it, held as it was held (its own machine
frame), with the vise's jaws, parallels and bed and the setup's other fixtures. The film runs from
the raw block to the finished part through every setup; the part is shown as each setup holds it,
turned about the centre of the raw block, so the turn-over between two setups is seen as a turn.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyvista as pv

from ..kernel import Probe, surface_mesh
from ..kernel.setups import SetupProbe
from ..toolpath import Toolpath
from .animation import animate
from .headless import require_rendering
from .look import frame_camera, union_bounds
from .part import add_part, render_scene
from .path import render_toolpath

FIXTURE = dict(color="#6b7a8f", opacity=0.35, show_edges=True, edge_color="#3c4149")
FILM_SPACING = 0.5      # mm: lattice of the film's meshes (frames are small pictures)


def _fixture_boxes(job) -> list[pv.PolyData]:
    """The setup's fixtures (jaws, parallels, bed, clamps) as boxes in its machine frame."""
    out = []
    for f in job.fixtures:
        lo, hi = job.to_machine(f.min, f.frame), job.to_machine(f.max, f.frame)
        out.append(pv.Box(bounds=(lo[0], hi[0], lo[1], hi[1], lo[2], hi[2])))
    return out


def render_setup(stage, path_png: str | os.PathLike, window_size=(1024, 768), toolpath: bool = False,
                 lang: str = "en") -> Path:
    """The part after one setup, in that setup's vise, or with its toolpath when `toolpath`
    (machine frame of the setup)."""
    require_rendering()
    mesh = surface_mesh(stage.model, stage.probe)
    if toolpath:
        return render_toolpath(stage.toolpath, path_png, mesh=mesh, stock_bounds=stage.job.stock_box_machine,
                               window_size=window_size, lang=lang)
    boxes = _fixture_boxes(stage.job)
    part_bounds = union_bounds(mesh, stage.job.stock_box_machine)

    def scene(plotter: pv.Plotter):
        add_part(plotter, mesh)
        for box in boxes:
            plotter.add_mesh(box, **FIXTURE)
        # frame the part and what is near it: the jaws around it, not the whole vise bed
        lo = np.array(part_bounds[::2]) - 30.0
        hi = np.array(part_bounds[1::2]) + 30.0
        frame_camera(plotter, (lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]), "iso")

    return render_scene(scene, path_png, window_size, False)


def setup_pictures(sim, output: str | os.PathLike, toolpath: bool = False, lang: str = "en") -> list[str]:
    """One picture per setup beside `output`: `<stem>-1.png`, `<stem>-2.png`, ... (its toolpath
    over it when `toolpath`: each setup's moves are in its own frame)."""
    out = Path(output)
    written = []
    for k, stage in enumerate(sim.stages, 1):
        path = out.with_name(f"{out.stem}-{k}{out.suffix}")
        render_setup(stage, path, toolpath=toolpath, lang=lang)
        written.append(str(path))
    return written


def film_meshes(sim, spacing: float = FILM_SPACING) -> Callable[[int], pv.PolyData]:
    """`mesh_at(count)`: the part after the first `count` moves of all setups, as the setup then
    running holds it, turned about the centre of the raw block (the first setup's frame)."""
    stages = sim.stages
    head = stages[0]
    lo, hi = (np.asarray(v, float) for v in head.job.stock_box_machine)
    centre = 0.5 * (lo + hi)

    def mesh_at(count: int) -> pv.PolyData:
        k = max(i for i, s in enumerate(stages) if s.first_move <= count or i == 0)
        stage = stages[k]
        done = count - stage.first_move
        partial = Toolpath(stage.toolpath.moves[:done], files=stage.toolpath.files)
        parts = [(s.probe.parts[-1][0], head.placement.into(s.placement)) for s in stages[:k]]
        parts.append((Probe(partial, stage.job), head.placement.into(stage.placement)))
        probe = SetupProbe(parts, [s.first_move for s in stages[:k + 1]], sim.probe.log)
        mesh = surface_mesh(None, probe, spacing)
        turn = (stage.placement.rotation @ head.placement.rotation.T).astype(float)
        mesh.points = (np.asarray(mesh.points) - centre) @ turn.T + centre
        return mesh

    return mesh_at


def setup_film(sim, path: str | os.PathLike, frames: int = 40, lang: str = "en", progress=None) -> Path:
    """The film of the whole part through its setups (.gif or .mp4)."""
    lo, hi = (np.asarray(v, float) for v in sim.stages[0].job.stock_box_machine)
    centre, reach = 0.5 * (lo + hi), 0.5 * float(np.linalg.norm(hi - lo))
    room = (centre - reach, centre + reach)         # the raw block in any orientation about its centre
    return animate(film_meshes(sim), path, sim.toolpath, frames, machine=sim.job.machine, stock_bounds=room,
                   ghost_stock=False, lang=lang, progress=progress)
