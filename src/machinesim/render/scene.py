"""The part, its stock and its toolpath as plain arrays for the browser's 3D view (three.js).

One format serves the standalone `part3d.html` and the classroom server's page: a JSON object
whose arrays travel as base64 of little-endian float32/uint32/uint8, so a 600k-triangle part stays
a few megabytes and the page decodes it without any library. The JavaScript that draws it
(`web/viewer.js` with the vendored three.js) ships inside the package: nothing is fetched from the
internet.
"""
from __future__ import annotations

import base64
import re
from importlib import resources

import numpy as np

from ..kernel.surface import Surface, as_surface
from ..toolpath import ARC, RAPID, arc_points
from .look import METAL, RAPID_COLOUR, SHARP_EDGE, rgb, tool_colour, union_bounds
from .shading import shaded_surface

MAX_PATH_POINTS = 400_000     # arcs of a huge program are drawn with fewer chords past this many
PAGE_FACES = 400_000          # a plain part's page carries about this many triangles at most
PATH_SAGITTA_SHARE = 2e-4     # arc chord error as a share of the scene's diagonal


def _b64(array: np.ndarray, dtype: str) -> str:
    return base64.b64encode(np.ascontiguousarray(array, dtype=np.dtype(dtype).newbyteorder("<")).tobytes()).decode("ascii")


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(round(v * 255.0)) for v in rgb(hex_colour))


def _deviation_colours(values: np.ndarray, tolerance: float) -> np.ndarray:
    """Blue (material missing) through white to red (material left), saturated at the tolerance."""
    t = np.clip(np.nan_to_num(values) / max(tolerance, 1e-9), -1.0, 1.0)[:, None]
    white, blue, red = np.array([245, 245, 245.0]), np.array([33, 102, 172.0]), np.array([178, 24, 43.0])
    return np.where(t < 0, white + (blue - white) * -t, white + (red - white) * t).astype(np.uint8)


def _part_arrays(mesh, scalars, tolerance: float | None) -> dict:
    """Triangles with smooth normals split along sharp edges, coloured by meaning when asked.
    `mesh`: a Surface, or a PyVista mesh (with `scalars` naming one of its arrays)."""
    if isinstance(scalars, str):
        values = mesh.cell_data[scalars] if scalars in mesh.cell_data else mesh.point_data[scalars]
        scalars = np.asarray(values)
    cell_values = scalars is not None and len(scalars) == mesh.n_cells and len(scalars) != mesh.n_points
    if scalars is None:
        surface = page_mesh(mesh)
    else:
        if not (isinstance(mesh, Surface) or mesh.is_all_triangles):     # polygons: cut, values kept
            work = mesh.copy()
            (work.cell_data if cell_values else work.point_data)["scene scalars"] = np.asarray(scalars)
            work = work.triangulate()
            scalars = np.asarray(work.cell_data["scene scalars"] if cell_values else work.point_data["scene scalars"])
            mesh = work
        surface = as_surface(mesh)
    if not surface.n_cells:       # the whole stock cut away: an empty part, nothing to shade
        return {"positions": _b64(np.zeros((0, 3)), "f4"), "normals": _b64(np.zeros((0, 3)), "f4"),
                "indices": _b64(np.zeros((0, 3)), "u4"), "triangles": 0}
    points, faces, normals, source, _ = shaded_surface(surface, SHARP_EDGE)
    out = {"positions": _b64(points, "f4"), "normals": _b64(normals, "f4"),
           "indices": _b64(faces, "u4"), "triangles": int(len(faces))}
    if scalars is None:
        return out
    values = np.asarray(scalars) if cell_values else np.asarray(scalars)[source]
    if np.issubdtype(values.dtype, np.integer):
        table = np.array([_rgb(tool_colour(int(t))) for t in range(int(values.max(initial=0)) + 1)], np.uint8)
        colours = table[np.clip(values, 0, None)]
    else:
        colours = _deviation_colours(values.astype(float), tolerance or 0.05)
    if cell_values:            # a colour per face: each face gets its own three corners
        corners = faces.ravel()
        out.update(positions=_b64(points[corners], "f4"), normals=_b64(normals[corners], "f4"),
                   indices=_b64(np.arange(len(corners)).reshape(-1, 3), "u4"), colours=_b64(np.repeat(colours, 3, axis=0), "u1"))
    else:
        out["colours"] = _b64(colours, "u1")
    return out


def page_mesh(mesh, faces: int = PAGE_FACES) -> Surface:
    """A plain part as the page draws it: itself, or past `faces` triangles (a 3D finish at 0.1 mm
    has 1.8 million, a 58 MB page that took 10 s to open) its binned simplification (part.simplified:
    one of its own vertices per cube) with cubes sized for about `faces` triangles: 0.2–0.3 mm on a
    100 × 80 mm finish, below what the page shows at a whole-part view."""
    surface = as_surface(mesh)
    if surface.n_cells <= faces:
        return surface
    from .part import simplified

    p, tri = surface.points, surface.triangles
    area = 0.5 * float(np.linalg.norm(np.cross(p[tri[:, 1]] - p[tri[:, 0]], p[tri[:, 2]] - p[tri[:, 0]]), axis=1).sum())
    cube = float(np.sqrt(2.0 * area / faces))       # a cube of surface holds about two triangles
    body = surface.polydata()
    light = simplified(body, cube)
    while light.n_cells > faces:
        cube *= 1.25
        light = simplified(body, cube)
    return as_surface(light)


def _path_arrays(toolpath, diagonal: float) -> dict:
    """Segments of the toolpath (arcs as chords), each with its move's index, kind, line and tool."""
    moves = toolpath.moves
    arcs = np.flatnonzero(moves["kind"] == ARC)
    sagitta = max(diagonal * PATH_SAGITTA_SHARE, 1e-3)
    if 2 * len(moves) > MAX_PATH_POINTS:
        sagitta *= 20.0
    points, move_of = [], []
    for i in arcs:
        pts = arc_points(moves[i], sagitta)
        points.append(np.stack([pts[:-1], pts[1:]], axis=1).reshape(-1, 3))
        move_of.append(np.full(len(pts) - 1, i))
    straight = np.flatnonzero(moves["kind"] != ARC)
    points.append(np.stack([moves["start"][straight], moves["end"][straight]], axis=1).reshape(-1, 3))
    move_of.append(straight)
    seg_move = np.concatenate(move_of).astype(np.int64)
    seg_points = np.concatenate(points).reshape(-1, 2, 3)
    order = np.argsort(seg_move, kind="stable")
    seg_move, seg_points = seg_move[order], seg_points[order]
    kind = moves["kind"][seg_move]
    colours = np.array([_rgb(RAPID_COLOUR) if k == RAPID else _rgb(tool_colour(int(t)))
                        for k, t in zip(kind, moves["tool"][seg_move])], np.uint8) if len(seg_move) else np.zeros((0, 3), np.uint8)
    return {"positions": _b64(seg_points.reshape(-1, 3), "f4"), "colours": _b64(np.repeat(colours, 2, axis=0), "u1"),
            "move": _b64(seg_move, "u4"), "rapid": _b64(kind == RAPID, "u1"),
            "lines": _b64(moves["line"], "i4"), "moves": int(len(moves)), "segments": int(len(seg_move))}


def scene_document(mesh, stock_bounds=None, toolpath=None, scalars=None,
                   tolerance: float | None = None) -> dict:
    """The JSON object the viewer draws: the part, the stock box, optionally the toolpath."""
    bounds = union_bounds(mesh, stock_bounds) if stock_bounds is not None else tuple(float(v) for v in mesh.bounds)
    diagonal = float(np.linalg.norm(np.array(bounds[1::2]) - np.array(bounds[0::2])))
    doc = {"format": "machinesim-scene-1", "bounds": [float(v) for v in bounds],
           "metal": METAL["color"], "part": _part_arrays(mesh, scalars, tolerance)}
    if stock_bounds is not None:
        doc["stock"] = [float(v) for v in union_bounds(stock_bounds)]
    if toolpath is not None and len(toolpath.moves):
        doc["toolpath"] = _path_arrays(toolpath, diagonal)
    return doc


def _web(name: str) -> str:
    return resources.files("machinesim.render").joinpath("web", name).read_text(encoding="utf-8")


def _as_classic(module: str, imports_from: str | None) -> str:
    """An ES module with one `export {a as B, ...}` (and one `import {...} from 'three'`) as a classic script."""
    if imports_from:
        module = re.sub(r"import\s*\{([^}]*)\}\s*from\s*'three';", r"const {\1} = THREE;", module, count=1)
    head, exports = re.fullmatch(r"(.*)export\s*\{([^}]*)\};?\s*", module, re.S).groups()
    pairs = []
    for item in exports.split(","):
        local, _, name = item.strip().partition(" as ")
        pairs.append(f"{(name or local).strip()}: {local.strip()}")
    props = "{" + ", ".join(pairs) + "}"
    body = f"window.THREE = {props};" if imports_from is None else f"Object.assign(window.THREE, {props});"
    return "(function () {\n" + head + "\n" + body + "\n})();\n"


def viewer_script() -> str:
    """three.js, its orbit controls and machinesim's viewer, as one classic script (works from file://)."""
    three = _as_classic(_web("three/three.module.min.js"), None)
    controls = _as_classic(_web("three/OrbitControls.js"), "three")
    return three + controls + _web("viewer.js")


def viewer_available() -> tuple[bool, str]:
    """(works, reason): the viewer's scripts are package data and should always be there."""
    try:
        for name in ("three/three.module.min.js", "three/OrbitControls.js", "viewer.js"):
            resources.files("machinesim.render").joinpath("web", name).read_bytes()
    except (OSError, ModuleNotFoundError) as exc:
        return False, f"the 3D viewer's scripts are missing ({exc})"
    return True, "three.js viewer"
