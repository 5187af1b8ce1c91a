"""The look shared by every picture: colours with a meaning, machined metal, the camera, the file.

Views follow a machinist standing in front of a vertical machining centre: X to the right, Y away
from the operator, Z up. Projections are parallel, as on a drawing, so sizes on the picture are
proportional to sizes on the part.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..report.io import write_atomic
from .headless import window_class_for

if TYPE_CHECKING:                 # PyVista is imported where a plotter is made: `run` draws without it
    import pyvista as pv

BACKGROUND = "white"
RAPID_COLOUR = "#d62728"
TOOL_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
                "#bcbd22", "#7f7f7f")
NO_TOOL_COLOUR = "#404040"
METAL = dict(color="#b9bec6", ambient=0.28, diffuse=0.7, specular=0.45, specular_power=28.0)
SHARP_EDGE = 35.0            # degrees: a crease sharper than this is an edge, drawn and not smoothed
EDGE_COLOUR = "#3c4149"
GHOST = dict(color="#8fb3d9", opacity=0.12, show_edges=False)
# Directional lights fixed to the machine, not the camera, so the top, the front and the right of a
# part keep three distinct shades in every view: a key light from above the operator, a fill from
# the right, a faint back light for the far faces.
LIGHTS = (((-0.2, -0.5, 1.0), 0.75), ((1.0, -0.4, 0.3), 0.35), ((0.3, 1.0, 0.4), 0.15))
FRAME_MARGIN = 1.08          # the stock fills the picture but for this margin

# camera: direction from the part to the eye, and the picture's up
VIEWS = {
    "iso": ((1.0, -1.0, 1.0), (0.0, 0.0, 1.0)),
    "top": ((0.0, 0.0, 1.0), (0.0, 1.0, 0.0)),
    "front": ((0.0, -1.0, 0.0), (0.0, 0.0, 1.0)),
    "right": ((1.0, 0.0, 0.0), (0.0, 0.0, 1.0)),
}


def rgb(colour: str) -> np.ndarray:
    """'#rrggbb' (or "white", "black") as three floats in [0, 1], without PyVista's colour tables
    (importing them loads matplotlib)."""
    h = {"white": "#ffffff", "black": "#000000"}.get(colour, colour).lstrip("#")
    return np.array([int(h[k:k + 2], 16) / 255.0 for k in (0, 2, 4)])


def tool_colour(tool: int) -> str:
    """A fixed colour per tool number (never red: red means rapid or out of tolerance)."""
    return NO_TOOL_COLOUR if tool <= 0 else TOOL_COLOURS[(tool - 1) % len(TOOL_COLOURS)]


def shaded(mesh: pv.PolyData) -> pv.PolyData:
    """The mesh split along its sharp edges with smooth normals (shading.shaded), its point and
    cell data carried over, for VTK to draw."""
    import pyvista as pv

    from .shading import shaded as split_shaded

    triangles = mesh if mesh.is_all_triangles else mesh.triangulate()
    points, tri, normals, source = split_shaded(triangles.points, triangles.faces.reshape(-1, 4)[:, 1:], SHARP_EDGE)
    split = pv.PolyData.from_regular_faces(points, tri) if len(tri) else pv.PolyData()
    for name in triangles.point_data.keys():
        split.point_data[name] = np.asarray(triangles.point_data[name])[source]
    for name in triangles.cell_data.keys():
        split.cell_data[name] = np.asarray(triangles.cell_data[name])
    split.point_data["Normals"] = normals
    return split


def behind_edges(actor) -> None:
    """Push a surface slightly back in depth so lines drawn on it are not half hidden."""
    actor.mapper.SetRelativeCoincidentTopologyPolygonOffsetParameters(2.0, 8.0)


def new_plotter(window_size: tuple[int, int], interactive: bool = False) -> pv.Plotter:
    """A plotter lit like a workshop bench, offscreen unless `interactive`."""
    import pyvista as pv

    with window_class_for(interactive):
        plotter = pv.Plotter(off_screen=not interactive, window_size=list(window_size), lighting="none")
    for direction, intensity in LIGHTS:
        plotter.add_light(pv.Light(position=direction, focal_point=(0.0, 0.0, 0.0), intensity=intensity,
                                   light_type="scene light"))
    plotter.set_background(BACKGROUND)
    return plotter


def as_bounds(box) -> tuple[float, float, float, float, float, float]:
    """(xmin, xmax, ymin, ymax, zmin, zmax) from a pair of corners, six numbers or a dataset."""
    if hasattr(box, "bounds"):       # a mesh: PyVista's or a Surface
        return tuple(float(v) for v in box.bounds)
    arr = np.asarray(box, float)
    if arr.shape == (2, 3):
        lo, hi = arr.min(axis=0), arr.max(axis=0)
        return (lo[0], hi[0], lo[1], hi[1], lo[2], hi[2])
    if arr.shape == (6,):
        return tuple(float(v) for v in arr)
    raise ValueError(f"stock bounds must be two corners or six numbers, not shape {arr.shape}")


def union_bounds(*boxes) -> tuple[float, float, float, float, float, float]:
    """The box around all of `boxes`; an empty mesh's (inverted: 1, -1, ...) counts only alone."""
    b = np.array([as_bounds(x) for x in boxes if x is not None], float)
    full = (b[:, 0] <= b[:, 1]) & (b[:, 2] <= b[:, 3]) & (b[:, 4] <= b[:, 5])
    b = b[full] if full.any() else b
    return (b[:, 0].min(), b[:, 1].max(), b[:, 2].min(), b[:, 3].max(), b[:, 4].min(), b[:, 5].max())


def stock_actor(plotter: pv.Plotter, stock) -> None:
    """The raw stock as a ghost: faint faces and a thin outline."""
    import pyvista as pv

    body = stock if isinstance(stock, pv.DataSet) else pv.Box(bounds=as_bounds(stock))
    plotter.add_mesh(body, **GHOST)
    plotter.add_mesh(body.outline() if not isinstance(stock, pv.DataSet) else body.extract_feature_edges(30),
                     color="#5a7ea6", line_width=1.0, lighting=False)


def framing(bounds, view: str, window_size: tuple[int, int], margin: float = FRAME_MARGIN,
            reserve_right: float = 0.0) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, float]:
    """Parallel camera framing the 8 corners of `bounds`: (focal, towards, up, half height, depth).

    `reserve_right`: the share of the picture's width kept free on the right (scalar bar, legend).
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}, not {view!r}")
    b = as_bounds(bounds)
    towards, up = (np.asarray(v, float) for v in VIEWS[view])
    towards /= np.linalg.norm(towards)
    up = up - np.dot(up, towards) * towards
    up /= np.linalg.norm(up)
    right = np.cross(up, towards)
    corners = np.array([[x, y, z] for x in b[0:2] for y in b[2:4] for z in b[4:6]])
    centre = corners.mean(axis=0)
    rel = corners - centre
    width, height = window_size
    free = width * (1.0 - reserve_right)
    half_h = max(np.abs(rel @ up).max(), np.abs(rel @ right).max() * height / free, 1e-6) * margin
    focal = centre + right * (reserve_right * half_h * width / height)
    depth = float(np.linalg.norm(rel, axis=1).max()) or 1.0
    return focal, towards, up, float(half_h), depth


def mm_per_pixel(bounds, view: str, window_size: tuple[int, int], reserve_right: float = 0.0) -> float:
    """Size on the part of one pixel of the picture."""
    return 2.0 * framing(bounds, view, window_size, reserve_right=reserve_right)[3] / window_size[1]


def frame_camera(plotter: pv.Plotter, bounds, view: str = "iso", margin: float = FRAME_MARGIN,
                 reserve_right: float = 0.0) -> float:
    """Point the plotter's parallel camera as `framing` says; returns mm per pixel."""
    focal, towards, up, half_h, depth = framing(bounds, view, tuple(plotter.window_size), margin,
                                                reserve_right)
    camera = plotter.camera
    camera.focal_point = tuple(focal)
    camera.position = tuple(focal + towards * 4.0 * depth)
    camera.up = tuple(up)
    camera.parallel_projection = True
    camera.parallel_scale = half_h
    plotter.renderer.ResetCameraClippingRange()
    return 2.0 * half_h / plotter.window_size[1]


def picture(plotter: pv.Plotter) -> np.ndarray:
    """The rendered picture as an (h, w, 3) uint8 array: the scene is drawn here, once (actors are
    added with render=False; PyVista's screenshot draws by itself only the first time)."""
    plotter.render()
    return np.asarray(plotter.screenshot(return_img=True))[..., :3]


def save_png(image: np.ndarray, path: str | os.PathLike) -> Path:
    """Write a picture to PNG atomically (Pillow itself: imageio's plugin registry costs 0.1 s)."""
    from io import BytesIO

    from PIL import Image

    data = BytesIO()
    Image.fromarray(np.ascontiguousarray(image, np.uint8)).save(data, format="PNG")
    return write_atomic(path, data.getvalue())
