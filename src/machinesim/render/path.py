"""The toolpath as a machinist draws it: rapids dashed red, cutting moves in their tool's colour.

Over a part, the path is drawn on top of it, never hidden: a rapid through the material must show.

Arcs are drawn as smooth polylines (`toolpath.arc_points`); canned cycles are already expanded
into rapids and feeds in the toolpath, so their pecks and retracts are drawn like any move.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pyvista as pv

from .. import messages
from ..toolpath import ARC, RAPID, Toolpath, arc_points, arc_radius
from .headless import require_rendering
from .look import (RAPID_COLOUR, frame_camera, mm_per_pixel, stock_actor,
                   tool_colour, union_bounds)
from .part import LEGEND_WIDTH, add_part, render_scene

DASH_SHARE = 1 / 90          # dash length as a share of the scene's diagonal
GAP_RATIO = 0.6              # gap length / dash length
SAGITTA_SHARE = 2e-5         # arc chord error as a share of the scene's diagonal


def dashes(starts: np.ndarray, ends: np.ndarray, dash: float, gap: float) -> np.ndarray:
    """Segments (m, 2, 3) of dashes along each segment start→end, each starting with a dash."""
    length = np.linalg.norm(ends - starts, axis=1)
    keep = length > 0
    starts, ends, length = starts[keep], ends[keep], length[keep]
    count = np.ceil(length / (dash + gap)).astype(int)
    which = np.repeat(np.arange(len(length)), count)
    first = np.repeat(np.cumsum(count) - count, count)
    k = np.arange(len(which)) - first
    t0 = k * (dash + gap) / length[which]
    t1 = np.minimum(t0 + dash / length[which], 1.0)
    d = ends[which] - starts[which]
    return np.stack([starts[which] + t0[:, None] * d, starts[which] + t1[:, None] * d], axis=1)


def segments_by_tool(moves: np.ndarray, sagitta: float) -> dict[int, np.ndarray]:
    """Cutting moves (feeds and arcs) as straight segments (m, 2, 3), grouped by tool."""
    out: dict[int, list[np.ndarray]] = {}
    for tool in np.unique(moves["tool"]):
        mine = moves[moves["tool"] == tool]
        feeds = mine[mine["kind"] != ARC]
        parts = [np.stack([feeds["start"], feeds["end"]], axis=1)]
        for arc in mine[mine["kind"] == ARC]:
            pts = arc_points(arc, sagitta)
            parts.append(np.stack([pts[:-1], pts[1:]], axis=1))
        out[int(tool)] = np.concatenate(parts).reshape(-1, 2, 3)
    return out


def lines(segments: np.ndarray) -> pv.PolyData:
    """Segments (m, 2, 3) as a line mesh."""
    m = len(segments)
    cells = np.column_stack([np.full(m, 2), np.arange(0, 2 * m, 2), np.arange(1, 2 * m, 2)])
    return pv.PolyData(segments.reshape(-1, 3).astype(float), lines=cells.ravel())


def over_layer(plotter: pv.Plotter) -> pv.Renderer:
    """A renderer drawn over the scene with the same camera: what it holds is never hidden.

    Keep a reference to it until the picture is taken: PyVista empties a renderer when its
    Python object is collected.
    """
    layer = pv.Renderer(plotter)
    layer.SetLayer(1)
    layer.SetActiveCamera(plotter.renderer.GetActiveCamera())
    plotter.ren_win.SetNumberOfLayers(2)
    plotter.ren_win.AddRenderer(layer)
    return layer


def add_lines(plotter: pv.Plotter, segments: np.ndarray, colour: str, width: float,
              layer: pv.Renderer | None) -> None:
    """Lines in the scene, or over it in `layer`."""
    actor = plotter.add_mesh(lines(segments), color=colour, line_width=width, lighting=False)
    if layer is not None:
        plotter.renderer.RemoveActor(actor)
        layer.AddActor(actor)


def add_toolpath(plotter: pv.Plotter, moves: np.ndarray, diagonal: float, lang: str = "en",
                 layer: pv.Renderer | None = None) -> list:
    """Draw the moves; returns the legend entries [label, colour]."""
    legend = []
    rapid = moves[moves["kind"] == RAPID]
    if len(rapid):
        dash = diagonal * DASH_SHARE
        segs = dashes(rapid["start"], rapid["end"], dash, dash * GAP_RATIO)
        if len(segs):
            add_lines(plotter, segs, RAPID_COLOUR, 2.0, layer)
        legend.append([messages.text("render.rapid", lang), RAPID_COLOUR])
    cutting = moves[moves["kind"] != RAPID]
    for tool, segs in segments_by_tool(cutting, max(diagonal * SAGITTA_SHARE, 1e-4)).items():
        if len(segs):
            add_lines(plotter, segs, tool_colour(tool), 2.5, layer)
            legend.append([messages.text("render.tool", lang, tool=tool), tool_colour(tool)])
    return legend


def path_box(moves: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Corners of a box holding every move, arcs whole (the box of their full circle)."""
    if not len(moves):
        return np.zeros(3), np.zeros(3)
    points = [moves["start"], moves["end"]]
    arcs = moves[moves["kind"] == ARC]
    if len(arcs):
        axis = np.asarray(arcs["axis"], float)
        # a circle's half extent along X is r·sqrt(1 - ax²) = r·sqrt(ay² + az²) (no cancellation)
        half = arc_radius(arcs)[:, None] * np.hypot(np.roll(axis, 1, axis=1), np.roll(axis, 2, axis=1))
        rise = ((arcs["end"] - arcs["start"]) * axis).sum(-1)[:, None] * axis
        for centre in (arcs["center"], arcs["center"] + rise):
            points += [centre - half, centre + half]
    every = np.concatenate(points)
    return every.min(axis=0), every.max(axis=0)


def framed_box(moves: np.ndarray, mesh=None, stock=None) -> tuple[float, ...]:
    """What the picture frames: the stock, the part and the cutting moves, plus the rapids that
    stay within a quarter of that box's diagonal of it (a rapid up to the tool change position
    leaves the picture instead of shrinking the part to a stamp)."""
    cutting = moves[moves["kind"] != RAPID]
    focus = [b for b in (mesh, stock, path_box(cutting) if len(cutting) else None) if b is not None]
    if not focus:
        return union_bounds(path_box(moves))
    box = np.asarray(union_bounds(*focus), float)
    rapid = moves[moves["kind"] == RAPID]
    if len(rapid):
        reach = 0.25 * float(np.linalg.norm(box[1::2] - box[0::2]))
        lo, hi = path_box(rapid)
        lo = np.maximum(lo, box[0::2] - reach)
        hi = np.minimum(hi, box[1::2] + reach)
        box = np.asarray(union_bounds(box, (lo, hi)), float)
    return tuple(box)


def render_toolpath(toolpath: Toolpath, path_png: str | os.PathLike, mesh: pv.PolyData | None = None,
                    stock_bounds=None, ghost_stock: bool = True, *, view: str = "iso",
                    window_size: tuple[int, int] = (1024, 768), show: bool = False,
                    lang: str = "en") -> Path:
    """Render the toolpath to PNG, over the part when `mesh` is given, framing the stock and the path."""
    require_rendering()
    moves = toolpath.moves
    bounds = framed_box(moves, mesh, stock_bounds)
    diagonal = float(np.linalg.norm(np.subtract(bounds[1::2], bounds[0::2]))) or 1.0

    def scene(plotter: pv.Plotter) -> pv.Renderer | None:
        """Build the scene; returns the layer over the part, to be kept alive while rendering."""
        reserve = LEGEND_WIDTH + 0.04
        if mesh is not None:
            add_part(plotter, mesh, lang=lang, pixel_mm=mm_per_pixel(bounds, view, window_size, reserve))
        if ghost_stock and stock_bounds is not None:
            stock_actor(plotter, stock_bounds)
        layer = over_layer(plotter) if mesh is not None else None
        legend = add_toolpath(plotter, moves, diagonal, lang, layer)
        if legend:
            plotter.add_legend(legend, bcolor="white", face="rectangle",
                               size=(LEGEND_WIDTH, 0.05 * len(legend) + 0.02), loc="upper right")
        frame_camera(plotter, bounds, view, reserve_right=reserve if legend else 0.0)
        return layer

    return render_scene(scene, path_png, window_size, show)
