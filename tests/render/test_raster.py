"""The CPU rasteriser of the part's still picture: its compiled loops against plain-Python
references (hypothesis), its strokes against their widths, and its picture against VTK's own
drawing of the same scene (an independent renderer)."""
from __future__ import annotations

import math

import numpy as np
import pytest
import pyvista as pv
from hypothesis import given, settings
from hypothesis import strategies as st

from machinesim.render.look import union_bounds
from machinesim.render.part import add_part, metal_picture, render_part, render_scene
from machinesim.render.raster import draw_segments, fill_triangles

from render_helpers import STOCK, pocketed_block, read, silhouette

W, H = 24, 18


def reference_fill(xy, depth, colour, triangles):
    """Each pixel centre against each triangle by solving for its barycentric coordinates; the
    nearest (largest depth) covering triangle gives the colour. Also where a centre lies within
    1e-6 of a triangle's side, where the two methods may honestly disagree."""
    image = np.zeros((H, W, 3))
    zbuf = np.full((H, W), -np.inf)
    unsure = np.zeros((H, W), bool)
    for a, b, c in triangles:
        m = np.array([[xy[a][0] - xy[c][0], xy[b][0] - xy[c][0]], [xy[a][1] - xy[c][1], xy[b][1] - xy[c][1]]])
        if abs(np.linalg.det(m)) < 1e-9:
            continue
        for y in range(H):
            for x in range(W):
                wa, wb = np.linalg.solve(m, [x + 0.5 - xy[c][0], y + 0.5 - xy[c][1]])
                w = (wa, wb, 1.0 - wa - wb)
                if min(abs(v) for v in w) < 1e-6 and min(w) > -1e-6:
                    unsure[y, x] = True
                if min(w) < 0.0:
                    continue
                z = w[0] * depth[a] + w[1] * depth[b] + w[2] * depth[c]
                if z > zbuf[y, x]:
                    zbuf[y, x] = z
                    image[y, x] = w[0] * colour[a] + w[1] * colour[b] + w[2] * colour[c]
    return image, zbuf, unsure


coordinate = st.floats(-4.0, 28.0, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(coordinate, coordinate, st.floats(-10, 10), st.floats(0, 1), st.floats(0, 1),
                          st.floats(0, 1)), min_size=3, max_size=9),
       st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8), st.integers(0, 8)), min_size=1, max_size=5))
def test_triangles_fill_as_the_plain_python_reference(vertices, faces):
    n = len(vertices)
    v = np.array(vertices, float)
    triangles = np.array([(a % n, b % n, c % n) for a, b, c in faces], np.int64)
    image = np.zeros((H, W, 3), np.float32)
    zbuf = np.full((H, W), -np.inf)
    fill_triangles(v[:, :2].copy(), v[:, 2].copy(), v[:, 3:].astype(np.float32), triangles, image, zbuf)
    ref_image, ref_z, unsure = reference_fill(v[:, :2], v[:, 2], v[:, 3:], triangles)
    sure = ~unsure
    # depth ties between two triangles may pick either: compare depths everywhere, colours where one wins
    np.testing.assert_allclose(np.where(sure, zbuf, 0.0), np.where(sure, ref_z, 0.0), atol=1e-6)
    assert np.array_equal(np.isfinite(zbuf) & sure, np.isfinite(ref_z) & sure)


def test_a_rectangle_covers_its_area_in_pixels():
    # a 10.4 × 6.6 pixel rectangle at a fractional place: the pixel centres inside it, exactly
    x0, y0, x1, y1 = 3.2, 4.7, 13.6, 11.3
    xy = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    image = np.zeros((H, W, 3), np.float32)
    zbuf = np.full((H, W), -np.inf)
    fill_triangles(xy, np.zeros(4), np.ones((4, 3), np.float32), np.array([[0, 1, 2], [0, 2, 3]]), image, zbuf)
    columns = sum(1 for x in range(W) if x0 <= x + 0.5 <= x1)
    rows = sum(1 for y in range(H) if y0 <= y + 0.5 <= y1)
    assert np.isfinite(zbuf).sum() == columns * rows == 11 * 6


@pytest.mark.parametrize("half_width", [0.6, 1.0, 3.0])
def test_a_stroke_is_as_wide_as_asked(half_width):
    image = np.zeros((40, 60, 3), np.float32)
    zbuf = np.full((40, 60), -np.inf)
    draw_segments(np.array([[10.0, 20.0, 0.0]]), np.array([[50.0, 20.0, 0.0]]), np.ones(3, np.float32),
                  half_width, np.inf, image, zbuf)
    column = image[:, 30, 0] > 0
    assert column.sum() == sum(1 for y in range(40) if abs(y + 0.5 - 20.0) <= half_width)
    # a disc (a segment of no length) covers about its area
    image[:] = 0
    draw_segments(np.array([[30.0, 20.0, 0.0]]), np.array([[30.0, 20.0, 0.0]]), np.ones(3, np.float32),
                  8.0, np.inf, image, zbuf)
    assert (image[..., 0] > 0).sum() == pytest.approx(math.pi * 64, rel=0.08)


def test_a_stroke_behind_a_face_is_hidden_and_one_on_it_shows():
    image = np.zeros((20, 20, 3), np.float32)
    zbuf = np.full((20, 20), 5.0)
    draw_segments(np.array([[2.0, 10.0, 0.0]]), np.array([[18.0, 10.0, 0.0]]), np.ones(3, np.float32),
                  1.0, 1.0, image, zbuf)
    assert image.max() == 0.0                      # 5 behind the face, more than the lead of 1
    draw_segments(np.array([[2.0, 10.0, 4.5]]), np.array([[18.0, 10.0, 4.5]]), np.ones(3, np.float32),
                  1.0, 1.0, image, zbuf)
    assert image[10, 10, 0] == 1.0


@pytest.mark.render
@pytest.mark.usefixtures("can_render")
@pytest.mark.parametrize("view", ["iso", "top", "front"])
def test_the_picture_matches_vtk_drawing_the_same_part(tmp_path, view):
    """VTK (OpenGL through Mesa) draws the same part in the same light: the same pixels are part,
    and they have nearly the same shade."""
    from machinesim.render.look import frame_camera

    part = pocketed_block(2.5)
    bounds = union_bounds(part, STOCK)
    size = (640, 480)
    ours = metal_picture(part, bounds, view, size)

    def scene(plotter):
        add_part(plotter, part)
        frame_camera(plotter, bounds, view)

    theirs = read(render_scene(scene, tmp_path / "vtk.png", size, show=False))
    a, b = silhouette(ours), silhouette(theirs)
    assert (a & b).sum() / (a | b).sum() > 0.985
    both = a & b
    difference = np.abs(ours.astype(int) - theirs.astype(int)).max(axis=2)[both]
    assert np.median(difference) <= 6 and (difference > 40).mean() < 0.03


def test_a_part_cut_away_entirely_gives_an_empty_picture_not_a_crash(tmp_path):
    """A program that cuts through the whole stock leaves no surface (seen on a CAMotics example run
    without G43): the picture is the empty frame."""
    image = read(render_part(pv.PolyData(), tmp_path / "none.png", stock_bounds=STOCK, window_size=(320, 240)))
    assert image.shape == (240, 320, 3) and not silhouette(image).any()


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3), st.integers(1, 7), st.integers(1, 7), st.integers(0, 2 ** 32 - 1), st.booleans())
def test_the_picture_is_the_mean_of_each_block_of_samples_rounded(s, h, w, seed, on_half_levels):
    """average_down against numpy's own reduction of the supersampled image (float32, half to even)."""
    from machinesim.render.raster import average_down

    rng = np.random.default_rng(seed)
    image = rng.random((h * s, w * s, 3)).astype(np.float32)
    if on_half_levels:                 # means landing on k + 0.5 levels: the rounding rule shows
        image = (np.round(image * 254.0) + 0.5).astype(np.float32) / np.float32(255.0)
    reference = np.round(sum(image[i::s, j::s] for i in range(s) for j in range(s)) / (s * s) * 255.0)
    assert np.array_equal(average_down(image, s), reference.astype(np.uint8))
