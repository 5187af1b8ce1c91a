"""The part's still picture drawn on the CPU: a z-buffer rasteriser (Numba), no OpenGL, no VTK window.

`run` and `check` end with this picture, so it is on every student's wait: drawn through VTK it
cost more than cutting a small part (importing PyVista's plotting and matplotlib, an EGL context,
a test render in a child process). Here the same look (look.py's metal, lights, camera, framing
and sharp edges; part.py's markers with stacked labels) is drawn with numpy and two compiled
loops: triangles shaded per vertex (Gouraud) at SUPERSAMPLE× the picture's size, averaged down
for smooth edges; sharp edges as depth-tested lines a little in front of the faces; pins and
leaders on top; labels written with Pillow. Pictures that need a colour scale (tool colours,
deviations), the ghost stock, films and windows still go through VTK (part.py, animation.py).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from numba import njit

from .look import BACKGROUND, EDGE_COLOUR, LIGHTS, METAL, framing, rgb

SUPERSAMPLE = 2           # samples per picture pixel, along each axis
EDGE_PIXELS = 1.2         # sharp edges' width on the picture
EDGE_LEAD_PIXELS = 2.5    # an edge is drawn where it lies at most this far (picture pixels) behind a face
PIN_PIXELS = 13           # a marker's diameter
LEADER_PIXELS_WIDE = 2.0  # a marker's leader's width
FONT_PIXELS = 14
WHITE = np.ones(3)


@njit(cache=True)
def fill_triangles(xy, depth, colour, triangles, image, zbuf):
    """Draw triangles into `image` (h, w, 3) where nearer than `zbuf` (h, w; larger is nearer).

    `xy` (n, 2): vertices on the image in pixels (x right, y down); a pixel is covered when its
    centre lies inside or on a triangle. Depth and colour are interpolated linearly inside."""
    h, w = zbuf.shape
    for t in range(triangles.shape[0]):
        a, b, c = triangles[t, 0], triangles[t, 1], triangles[t, 2]
        ax, ay, bx, by, cx, cy = xy[a, 0], xy[a, 1], xy[b, 0], xy[b, 1], xy[c, 0], xy[c, 1]
        area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
        if area == 0.0:
            continue
        x0 = max(int(math.floor(min(ax, bx, cx) - 0.5)), 0)
        x1 = min(int(math.ceil(max(ax, bx, cx) - 0.5)), w - 1)
        y0 = max(int(math.floor(min(ay, by, cy) - 0.5)), 0)
        y1 = min(int(math.ceil(max(ay, by, cy) - 0.5)), h - 1)
        for y in range(y0, y1 + 1):
            py = y + 0.5
            for x in range(x0, x1 + 1):
                px = x + 0.5
                wa = ((bx - px) * (cy - py) - (by - py) * (cx - px)) / area
                wb = ((cx - px) * (ay - py) - (cy - py) * (ax - px)) / area
                wc = 1.0 - wa - wb
                if wa < -1e-12 or wb < -1e-12 or wc < -1e-12:
                    continue
                z = wa * depth[a] + wb * depth[b] + wc * depth[c]
                if z > zbuf[y, x]:
                    zbuf[y, x] = z
                    for k in range(3):
                        image[y, x, k] = wa * colour[a, k] + wb * colour[b, k] + wc * colour[c, k]


@njit(cache=True)
def draw_segments(start, end, colour, half_width, lead, image, zbuf):
    """Draw segments (k, 3: x, y, depth) `half_width` pixels either side of their axis, where they
    lie at most `lead` behind what is drawn (`lead` = inf: always on top). Depth is not written."""
    h, w = zbuf.shape
    r = int(math.ceil(half_width))
    for s in range(start.shape[0]):
        dx, dy = end[s, 0] - start[s, 0], end[s, 1] - start[s, 1]
        n = int(math.ceil(max(abs(dx), abs(dy)) * 2.0)) + 1
        for i in range(n + 1):
            u = i / n
            px, py = start[s, 0] + u * dx, start[s, 1] + u * dy
            z = start[s, 2] + u * (end[s, 2] - start[s, 2])
            cx, cy = int(math.floor(px)), int(math.floor(py))
            for y in range(max(cy - r, 0), min(cy + r, h - 1) + 1):
                for x in range(max(cx - r, 0), min(cx + r, w - 1) + 1):
                    if (x + 0.5 - px) ** 2 + (y + 0.5 - py) ** 2 > half_width * half_width:
                        continue
                    if z + lead >= zbuf[y, x]:
                        for k in range(3):
                            image[y, x, k] = colour[k]


@njit(cache=True)
def average_down(image, s):
    """The picture (h, w, 3) uint8 from its supersampled image (h·s, w·s, 3) in [0, 1]: the mean of
    each s × s block in float32, rounded half to even (numpy's slices summed, in one pass)."""
    h, w = image.shape[0] // s, image.shape[1] // s
    out = np.empty((h, w, 3), np.uint8)
    n = np.float32(s * s)
    scale = np.float32(255.0)
    for y in range(h):
        for x in range(w):
            for k in range(3):
                acc = np.float32(0.0)
                for i in range(s):
                    for j in range(s):
                        acc += image[y * s + i, x * s + j, k]
                out[y, x, k] = np.uint8(np.rint(acc / n * scale))
    return out


def vertex_colours(normals: np.ndarray, towards: np.ndarray, base: np.ndarray) -> np.ndarray:
    """look.METAL lit by look.LIGHTS (directional, fixed to the machine), Phong's reflection as VTK's
    shaders compute it, both sides lit (a normal facing away is turned to the eye)."""
    n = np.where((normals @ towards < 0.0)[:, None], -normals, normals)
    colour = np.tile(METAL["ambient"] * base, (len(n), 1))
    for direction, intensity in LIGHTS:
        light = np.asarray(direction, float) / np.linalg.norm(direction)
        diffuse = np.clip(n @ light, 0.0, None)
        mirrored = 2.0 * (n @ light)[:, None] * n - light         # the light's ray, reflected
        specular = np.where(diffuse > 0.0, np.clip(mirrored @ towards, 0.0, None) ** METAL["specular_power"], 0.0)
        colour += intensity * (METAL["diffuse"] * diffuse[:, None] * base + METAL["specular"] * specular[:, None] * WHITE)
    return np.clip(colour, 0.0, 1.0)


@lru_cache(maxsize=1)
def _font():
    """DejaVu Sans, the font VTK's labels resemble, from matplotlib's data (installed with PyVista,
    found without importing matplotlib); it has every letter of the catalogue, the en dash of a
    line range included. Pillow's own font otherwise."""
    import importlib.util
    from pathlib import Path

    from PIL import ImageFont

    spec = importlib.util.find_spec("matplotlib")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
        if path.is_file():
            return ImageFont.truetype(str(path), FONT_PIXELS)
    return ImageFont.load_default(size=FONT_PIXELS)


def part_picture(points: np.ndarray, triangles: np.ndarray, normals: np.ndarray, edges: np.ndarray,
                 bounds, view: str = "iso", window_size: tuple[int, int] = (1024, 768),
                 markers: Sequence = ()) -> np.ndarray:
    """The part as an (h, w, 3) uint8 picture, framed on `bounds` as look.framing frames it.

    `points` (n, 3), `triangles` (m, 3) and `normals` (n, 3, per vertex, split at sharp edges) are
    the shaded surface; `edges` (k, 2, 3) its sharp edges; `markers` part.Marker pins."""
    from .part import CHAR_PIXELS, LABEL_COLOUR, LEADER_PIXELS, STACK_PIXELS, label_levels, labelled_first, marker_colour
    from PIL import Image, ImageDraw

    width, height = window_size
    s = SUPERSAMPLE
    focal, towards, up, half_h, _ = framing(bounds, view, window_size)
    right = np.cross(up, towards)
    px_mm = 2.0 * half_h / height                       # mm per picture pixel

    def screen(p: np.ndarray) -> np.ndarray:
        rel = np.asarray(p, float).reshape(-1, 3) - focal
        return np.column_stack([(rel @ right / px_mm + width / 2.0) * s, (height / 2.0 - rel @ up / px_mm) * s,
                                rel @ towards])

    image = np.empty((height * s, width * s, 3), np.float32)
    image[:] = rgb(BACKGROUND)
    zbuf = np.full((height * s, width * s), -np.inf)
    if len(triangles):
        v = screen(points)
        colours = vertex_colours(np.asarray(normals, float), towards, rgb(METAL["color"])).astype(np.float32)
        fill_triangles(np.ascontiguousarray(v[:, :2]), np.ascontiguousarray(v[:, 2]), colours,
                       np.ascontiguousarray(triangles, np.int64), image, zbuf)
    if len(edges):
        e = np.asarray(edges, float).reshape(-1, 2, 3)
        draw_segments(screen(e[:, 0]), screen(e[:, 1]), rgb(EDGE_COLOUR).astype(np.float32), EDGE_PIXELS * s / 2.0,
                      EDGE_LEAD_PIXELS * px_mm, image, zbuf)
    markers, bare = labelled_first(markers)
    for severity in {m.severity for m in bare}:          # bare pins: one call per colour
        dots = screen(np.array([m.position for m in bare if m.severity == severity], float))
        draw_segments(dots, dots, rgb(marker_colour(severity)).astype(np.float32), PIN_PIXELS * s / 2.0, np.inf,
                      image, zbuf)
    pins = np.array([m.position for m in markers], float).reshape(-1, 3)
    if len(pins):
        anchors = np.column_stack([pins @ right, pins @ up]) / px_mm + [0.0, LEADER_PIXELS]
        levels = label_levels(anchors, np.array([CHAR_PIXELS * len(m.label) + 8 for m in markers], float),
                              STACK_PIXELS)
        heads = pins + up * ((LEADER_PIXELS + STACK_PIXELS * levels) * px_mm)[:, None]
        for k, m in enumerate(markers):
            colour = rgb(marker_colour(m.severity)).astype(np.float32)
            a, b = screen(pins[k]), screen(heads[k])
            draw_segments(a, b, colour, LEADER_PIXELS_WIDE * s / 2.0, np.inf, image, zbuf)
            draw_segments(a, a, colour, PIN_PIXELS * s / 2.0, np.inf, image, zbuf)
    picture = Image.fromarray(average_down(image, s))
    if len(pins):
        draw = ImageDraw.Draw(picture)
        for k, m in enumerate(markers):
            x, y = (screen(heads[k])[0, :2] / s).tolist()
            box = draw.textbbox((x + 3, y - FONT_PIXELS - 5), m.label, font=_font())
            draw.rectangle((box[0] - 3, box[1] - 3, box[2] + 3, box[3] + 3), fill=LABEL_COLOUR)
            draw.text((x + 3, y - FONT_PIXELS - 5), m.label, fill="black", font=_font())
    return np.asarray(picture)
