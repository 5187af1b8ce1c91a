"""The finished part: machined metal, coloured by meaning, with marks where something is wrong.

Colour by meaning: integer scalars are tool numbers (each face in its tool's colour, with a
legend); float scalars are deviations in mm (a diverging map centred on zero, saturated at the
tolerance, with a scalar bar). Markers pin out-of-tolerance checks and safety findings to 3D
points, labelled with their program line.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .. import messages
from ..findings import ERROR, WARNING, Finding
from .headless import display_available, require_rendering
from .look import (EDGE_COLOUR, METAL, SHARP_EDGE, behind_edges, frame_camera, mm_per_pixel, new_plotter,
                   picture, save_png, shaded, stock_actor, tool_colour, union_bounds)

if TYPE_CHECKING:                 # PyVista is imported where VTK draws: the plain picture needs none
    import pyvista as pv

DEVIATION_MAP = "RdBu_r"          # blue: material missing (negative), red: material left over
DISPLAY_FACES = 300_000           # above this many faces a picture draws a simplified copy
DISPLAY_BIN_PIXELS = 2.0          # ... whose vertices are clustered in cubes of this many pixels
LEGEND_WIDTH = 0.16               # share of the picture's width kept for the legend or scalar bar
LABEL_COLOUR = "#fff6d5"
LEADER_PIXELS = 40
CHAR_PIXELS = 9                   # width of one character of a label (font 14), for stacking labels
STACK_PIXELS = 26                 # one label's height on the picture (font 14 with its box)
MARKER_COLOURS = {ERROR: "#d62728", WARNING: "#ff9f1c", "info": "#1f77b4"}
MAX_LABELS = 20                   # labels on one picture: more would cover the part (the report lists all)


@dataclass(frozen=True)
class Marker:
    """A labelled pin on the part: a check out of tolerance or a finding, in machine coordinates."""

    position: tuple[float, float, float]
    label: str
    severity: str = ERROR


def markers_from_findings(findings: Iterable[Finding], lang: str = "en") -> list[Marker]:
    """One marker per finding that knows where it happened, labelled with its line (its line range
    for a mistake repeated on consecutive lines) and code."""
    return [Marker(tuple(float(v) for v in f.position),
                   messages.text("render.marker", lang, what=f.code,
                                 line=f"{f.line}–{f.line_end}" if f.line_end > f.line else f.line), f.severity)
            for f in findings if f.position is not None]


def markers_from_checks(results: Iterable, to_machine, lang: str = "en") -> list[Marker]:
    """One marker per check out of tolerance, at its `at` point, labelled with its id and lines.

    `results` are metrology's CheckResult values; `to_machine(point, frame)` is `Job.to_machine`
    (a spec's points are in work coordinates).
    """
    out = []
    for result in results:
        check = result.check
        if result.ok is not False or check.at is None:
            continue
        lines = ",".join(str(n) for n in result.lines) or "?"
        out.append(Marker(tuple(float(v) for v in to_machine(check.at, check.frame)),
                          messages.text("render.check_marker", lang, id=check.id, lines=lines), ERROR))
    return out


def _scalars(mesh: pv.PolyData, scalars) -> tuple[np.ndarray, str]:
    """The values to colour by and where they live ("cell" or "point")."""
    if isinstance(scalars, str):
        if scalars in mesh.cell_data:
            return np.asarray(mesh.cell_data[scalars]), "cell"
        if scalars in mesh.point_data:
            return np.asarray(mesh.point_data[scalars]), "point"
        raise KeyError(f"the mesh has no array named {scalars!r}")
    values = np.asarray(scalars)
    if len(values) == mesh.n_cells:
        return values, "cell"
    if len(values) == mesh.n_points:
        return values, "point"
    raise ValueError(f"{len(values)} values for a mesh of {mesh.n_cells} faces and {mesh.n_points} points")


def simplified(mesh: pv.PolyData, bin_mm: float) -> pv.PolyData:
    """A copy that looks the same at the picture's scale: one vertex per cube of `bin_mm`.

    Binned decimation keeps, in each cube, one of the mesh's own vertices (so every vertex stays
    on the surface) and drops the triangles that collapse; point data become cell data first,
    since it keeps only the latter. Unlike quadric clustering it needs no quadric per cube: ten
    times faster and no extra memory on a 1.8 million triangle finish. For pictures only.
    Each kept triangle takes the cell data of the triangle it comes from (VTK 9.7 copies
    multi-component arrays wrongly, so only the triangles' numbers pass through the filter).
    """
    import pyvista as pv
    from vtkmodules.vtkFiltersCore import vtkBinnedDecimation

    source = mesh.point_data_to_cell_data(pass_point_data=False) if mesh.point_data else mesh
    source = source if source.is_all_triangles else source.triangulate()       # it reads triangles only
    data = {name: np.asarray(source.cell_data[name]) for name in source.cell_data.keys()}
    source = source.copy(deep=False)
    source.clear_data()
    source.cell_data["number"] = np.arange(source.n_cells, dtype=np.int32)
    b = np.asarray(mesh.bounds, float)
    binned = vtkBinnedDecimation()
    binned.SetInputData(source)
    binned.AutoAdjustNumberOfDivisionsOff()
    divisions = np.maximum(1, np.ceil((b[1::2] - b[0::2]) / bin_mm)).astype(int)
    binned.SetNumberOfDivisions(*(int(d) for d in divisions))
    binned.SetPointGenerationModeToBinPoints()
    binned.ProduceCellDataOn()
    binned.Update()
    light = pv.wrap(binned.GetOutput())
    origin = np.asarray(light.cell_data["number"]).astype(np.int64)
    light.clear_data()
    for name, values in data.items():
        light.cell_data[name] = values[origin]
    return light


def add_edges(plotter: pv.Plotter, mesh: pv.PolyData, name: str = "part edges") -> None:
    """The part's sharp edges as thin dark lines, as on a drawing: pocket floors read at a glance."""
    edges = mesh.extract_feature_edges(feature_angle=SHARP_EDGE, boundary_edges=False,
                                       non_manifold_edges=False, manifold_edges=False)
    if edges.n_cells:
        actor = plotter.add_mesh(edges, color=EDGE_COLOUR, line_width=1.2, lighting=False, name=name,
                                 render=False)     # a film's frame is drawn once, by its screenshot
        actor.mapper.SetRelativeCoincidentTopologyLineOffsetParameters(-2.0, -8.0)
    else:
        plotter.remove_actor(name, render=False)


def add_part(plotter: pv.Plotter, mesh: pv.PolyData, scalars=None, tolerance: float | None = None,
             lang: str = "en", name: str = "part", pixel_mm: float | None = None) -> bool:
    """Draw the part: plain metal, tool colours, or deviations; True when a legend or bar needs room.

    Drawing again under the same `name` replaces the part (one film frame after another). With
    `pixel_mm` (the picture's scale), a mesh of more than DISPLAY_FACES faces is drawn simplified.
    """
    import pyvista as pv

    body = mesh.copy(deep=False)
    body.clear_data()
    paint: dict = dict(METAL)
    keyed = False
    if scalars is not None:
        values, where = _scalars(mesh, scalars)
        data = body.cell_data if where == "cell" else body.point_data
        paint.pop("color")
        if np.issubdtype(values.dtype, np.integer):
            tools = np.unique(values)
            rgb = np.zeros((len(values), 3), np.uint8)
            for tool in tools:
                rgb[values == tool] = pv.Color(tool_colour(int(tool))).int_rgb
            data["tool colour"] = rgb
            paint.update(scalars="tool colour", rgb=True)
            plotter.add_legend([[messages.text("render.tool", lang, tool=int(t)), tool_colour(int(t))]
                                for t in tools], bcolor="white", face="rectangle",
                               size=(LEGEND_WIDTH, 0.05 * len(tools) + 0.02), loc="upper right")
        else:
            values = values.astype(float)
            limit = float(tolerance) if tolerance else float(np.nanmax(np.abs(values))) or 1.0
            data["deviation"] = values
            paint.update(scalars="deviation", cmap=DEVIATION_MAP, clim=(-limit, limit), scalar_bar_args=dict(
                title=messages.text("render.deviation", lang), fmt="%+.3f", n_labels=5, vertical=True,
                position_x=1.0 - LEGEND_WIDTH + 0.02, position_y=0.12, width=0.06, height=0.7,
                title_font_size=18, label_font_size=15, color="black"))
        keyed = True
    if not body.n_cells:                         # nothing left to draw (the whole stock cut away)
        plotter.remove_actor(name, render=False)
        plotter.remove_actor(name + " edges", render=False)
        return keyed
    add_edges(plotter, body, name + " edges")   # from the full mesh: a simplified one has false creases
    if pixel_mm and body.n_cells > DISPLAY_FACES:
        body = simplified(body, DISPLAY_BIN_PIXELS * pixel_mm)
    behind_edges(plotter.add_mesh(shaded(body), name=name, smooth_shading=False, render=False, **paint))
    return keyed


def marker_colour(severity: str) -> str:
    """A pin's colour: its severity's, red when the severity has none."""
    return MARKER_COLOURS.get(severity, MARKER_COLOURS[ERROR])


def labelled_first(markers: Sequence[Marker]) -> tuple[list[Marker], list[Marker]]:
    """(labelled, bare): the MAX_LABELS markers that get a leader and a label (errors first, then
    warnings, then the rest, each in program order) and the others, drawn as bare pins. A program
    that plunges 60 mm too deep everywhere has thousands of findings: their labels would bury
    the part (and stacking them costs n²)."""
    rank = {ERROR: 0, WARNING: 1}
    order = sorted(range(len(markers)), key=lambda k: rank.get(markers[k].severity, 2))
    keep = set(order[:MAX_LABELS])
    return ([m for k, m in enumerate(markers) if k in keep], [m for k, m in enumerate(markers) if k not in keep])


def label_levels(anchors: np.ndarray, widths: np.ndarray, height: float) -> np.ndarray:
    """For each label, how many label heights it goes up so that no two labels overlap on the picture.

    `anchors` (n, 2) are the labels' lower-left corners on the picture and `widths` their widths
    (pixels, as `height`). A label is raised until its box meets no box placed before it: two
    checks at one place, a check over a finding or a label running into its neighbour's all stay
    readable instead of printed over each other."""
    levels = np.zeros(len(anchors), int)
    boxes: list[tuple[float, float, float, float]] = []
    for k, (x, y) in enumerate(np.asarray(anchors, float).reshape(-1, 2)):
        x1 = x + float(widths[k])
        while any(x < bx1 and bx0 < x1 and y + levels[k] * height < by1 and by0 < y + (levels[k] + 1) * height
                  for bx0, bx1, by0, by1 in boxes):
            levels[k] += 1
        boxes.append((x, x1, y + levels[k] * height, y + (levels[k] + 1) * height))
    return levels


def add_markers(plotter: pv.Plotter, markers: Sequence[Marker]) -> None:
    """Pins with a short leader up to their label, always visible, coloured by severity.

    Call after the camera is set: the leader is a fixed number of pixels long on the picture.
    """
    import pyvista as pv

    camera = plotter.camera
    mm_per_pixel = 2.0 * camera.parallel_scale / plotter.window_size[1]
    up = np.asarray(camera.up, float)
    sight = np.asarray(camera.focal_point, float) - np.asarray(camera.position, float)
    up = up - np.dot(up, sight) / np.dot(sight, sight) * sight
    up /= np.linalg.norm(up)
    right = np.cross(sight / np.linalg.norm(sight), up)
    markers, bare = labelled_first(markers)
    for severity in {m.severity for m in bare}:
        plotter.add_points(np.array([m.position for m in bare if m.severity == severity], float),
                           color=marker_colour(severity), point_size=13,
                           render_points_as_spheres=True)
    pins = np.array([m.position for m in markers], float).reshape(-1, 3)
    anchors = np.column_stack([pins @ right, pins @ up]) / mm_per_pixel + [0.0, LEADER_PIXELS]
    levels = label_levels(anchors, np.array([CHAR_PIXELS * len(m.label) + 8 for m in markers], float),
                          STACK_PIXELS)
    for severity in {m.severity for m in markers}:
        pick = [k for k, m in enumerate(markers) if m.severity == severity]
        group = [markers[k] for k in pick]
        colour = marker_colour(severity)
        pins = np.array([m.position for m in group], float)
        leader = LEADER_PIXELS + STACK_PIXELS * levels[pick]
        heads = pins + up * (leader * mm_per_pixel)[:, None]
        plotter.add_points(pins, color=colour, point_size=13, render_points_as_spheres=True)
        plotter.add_mesh(pv.PolyData(np.concatenate([pins, heads]),
                                     lines=np.column_stack([np.full(len(pins), 2), np.arange(len(pins)),
                                                            np.arange(len(pins)) + len(pins)]).ravel()),
                         color=colour, line_width=2.0, lighting=False)
        plotter.add_point_labels(heads, [m.label for m in group], show_points=False, font_size=14,
                                 text_color="black", shape_color=LABEL_COLOUR, shape_opacity=1.0,
                                 always_visible=True)


def render_part(mesh, path_png: str | os.PathLike, stock_bounds=None, ghost_stock: bool = False,
                scalars=None, *, tolerance: float | None = None, markers: Sequence[Marker] = (),
                view: str = "iso", window_size: tuple[int, int] = (1024, 768), show: bool = False,
                lang: str = "en") -> Path:
    """Render the part (a Surface or a PyVista mesh) to PNG, framing the stock (or the part when no
    stock is given).

    `stock_bounds`: two corners (as `Job.stock_box_machine`), six bounds, or a stock mesh.
    `show`: afterwards, open an interactive window on the same scene when a display exists
    (`display_available()`; without one only the PNG is written).
    """
    bounds = union_bounds(mesh, stock_bounds)
    if scalars is None and not ghost_stock and not show:    # plain metal: drawn on the CPU, no OpenGL
        return save_png(metal_picture(mesh, bounds, view, window_size, markers), path_png)
    require_rendering()
    from ..kernel.surface import as_polydata

    mesh = as_polydata(mesh)
    reserve = LEGEND_WIDTH + 0.04 if scalars is not None else 0.0

    def scene(plotter: pv.Plotter) -> None:
        add_part(plotter, mesh, scalars, tolerance, lang,
                 pixel_mm=mm_per_pixel(bounds, view, window_size, reserve))
        if ghost_stock and stock_bounds is not None:
            stock_actor(plotter, stock_bounds)
        frame_camera(plotter, bounds, view, reserve_right=reserve)
        if markers:
            add_markers(plotter, markers)

    return render_scene(scene, path_png, window_size, show)


def metal_picture(mesh, bounds, view: str = "iso", window_size: tuple[int, int] = (1024, 768),
                  markers: Sequence[Marker] = ()) -> np.ndarray:
    """The plain metal part (a Surface or a PyVista mesh) as raster.py draws it, with the surface
    and sharp edges VTK would draw (shading.py)."""
    from ..kernel.surface import as_surface
    from .raster import part_picture
    from .shading import shaded_surface, sharp_edges

    surface = as_surface(mesh)
    if surface.n_cells <= DISPLAY_FACES:
        points, triangles, normals, _, edges = shaded_surface(surface, SHARP_EDGE)
    else:                                         # the edges of the whole mesh, the faces simplified
        edges = sharp_edges(surface.points, surface.triangles, SHARP_EDGE)
        light = as_surface(simplified(surface.polydata(), DISPLAY_BIN_PIXELS * mm_per_pixel(bounds, view, window_size)))
        points, triangles, normals, _, _ = shaded_surface(light, SHARP_EDGE)
    return part_picture(points, triangles, normals, edges, bounds, view, window_size, markers)


def render_scene(scene, path_png, window_size: tuple[int, int], show: bool) -> Path:
    """Draw `scene(plotter)` offscreen to a PNG, then in a window when `show`. What `scene` returns is
    kept alive while drawing (PyVista empties a renderer whose Python side is forgotten)."""
    plotter = new_plotter(window_size)
    try:
        keep = scene(plotter)   # noqa: F841
        path = save_png(picture(plotter), path_png)
    finally:
        plotter.close()
    if show:
        show_window(scene, window_size)
    return path


def show_window(scene, window_size: tuple[int, int]) -> bool:
    """Open an interactive window on a scene when a display exists; False (nothing opened) otherwise."""
    if not display_available():
        return False
    plotter = new_plotter(window_size, interactive=True)
    keep = scene(plotter)     # noqa: F841  (a layer the scene returns must outlive the window)
    plotter.show()
    return True
