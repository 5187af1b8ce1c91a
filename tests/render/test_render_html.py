"""The interactive view's scene: the part's triangles, colours by meaning, the toolpath, as arrays."""
from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest

from machinesim.render import RenderingUnavailable, export_html, html
from machinesim.render.scene import scene_document
from machinesim.toolpath import ARC, FEED, RAPID, Toolpath, empty_moves
from render_helpers import STOCK, pocketed_block


def array(doc: dict, key: str, dtype: str, width: int) -> np.ndarray:
    return np.frombuffer(base64.b64decode(doc[key]), np.dtype(dtype).newbyteorder("<")).reshape(-1, width)


def test_missing_viewer_is_a_warning_with_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setattr(html, "html_available", lambda: (False, "the 3D viewer's scripts are missing"))
    with pytest.raises(RenderingUnavailable) as caught:
        export_html(pocketed_block(), tmp_path / "part.html")
    assert caught.value.finding.key == "RENDER.html" and caught.value.finding.severity == "warning"
    assert not (tmp_path / "part.html").exists()


def test_scene_holds_the_surface_it_was_given():
    part = pocketed_block()
    doc = scene_document(part, STOCK)["part"]
    points, faces = array(doc, "positions", "f4", 3), array(doc, "indices", "u4", 3)
    normals = array(doc, "normals", "f4", 3)
    assert len(normals) == len(points) and np.allclose(np.linalg.norm(normals, axis=1), 1.0, atol=1e-5)
    p = points.astype(float)
    area = 0.5 * np.linalg.norm(np.cross(p[faces[:, 1]] - p[faces[:, 0]], p[faces[:, 2]] - p[faces[:, 0]]), axis=1).sum()
    # 100 x 80 x 20 block with a 40 x 40 x 10 pocket: the pocket adds its four walls to the area
    assert area == pytest.approx(2 * (100 * 80 + 100 * 20 + 80 * 20) + 4 * 40 * 10, rel=1e-6)


def test_deviation_colours_run_blue_to_red_and_saturate_at_the_tolerance():
    part = pocketed_block()
    deviation = (part.points[:, 0] - 40.0) / 1000.0                  # -0.04 .. +0.06 mm
    doc = scene_document(part, STOCK, scalars=deviation, tolerance=0.05)["part"]
    points, colours = array(doc, "positions", "f4", 3), array(doc, "colours", "u1", 3).astype(int)
    at_40 = colours[np.isclose(points[:, 0], 40.0)]
    hot = colours[points[:, 0] >= 90.0 - 1e-3]                        # +0.05 mm and beyond: saturated red
    cold = colours[np.isclose(points[:, 0], 0.0)]                     # -0.04 mm: mostly blue
    assert (np.abs(at_40 - 245) <= 1).all()
    assert (hot == [178, 24, 43]).all()
    assert (cold[:, 2] > cold[:, 0]).all()


def test_tool_colours_are_one_per_face():
    part = pocketed_block()
    tool = np.where(part.cell_centers().points[:, 2] < -1e-6, 2, 1)
    doc = scene_document(part, STOCK, scalars=tool)["part"]
    colours = array(doc, "colours", "u1", 9)                            # the three corners of each face
    assert (colours[:, 0:3] == colours[:, 3:6]).all() and (colours[:, 0:3] == colours[:, 6:9]).all()
    assert len({tuple(c) for c in colours[:, :3]}) == 2


def test_toolpath_segments_follow_the_moves_and_arcs_stay_on_their_circle():
    moves = empty_moves(3)
    moves["kind"] = [RAPID, FEED, ARC]
    moves["line"] = [5, 6, 7]
    moves["tool"] = 1
    moves["start"] = [(0, 0, 10), (0, 0, 0), (10, 0, 0)]
    moves["end"] = [(0, 0, 0), (10, 0, 0), (0, 10, 0)]
    moves["center"][2], moves["axis"][2] = (0, 0, 0), (0, 0, 1)
    path = scene_document(pocketed_block(), STOCK, toolpath=Toolpath(moves))["toolpath"]
    ends = array(path, "positions", "f4", 6)
    move = np.frombuffer(base64.b64decode(path["move"]), "<u4")
    assert list(move[:2]) == [0, 1] and (move[2:] == 2).all() and len(move) > 4
    assert np.allclose(np.linalg.norm(ends[2:, 0:2], axis=1), 10.0, atol=1e-4)
    assert np.allclose(ends[-1, 3:], (0, 10, 0), atol=1e-5)
    assert list(np.frombuffer(base64.b64decode(path["lines"]), "<i4")) == [5, 6, 7]


def test_page_embeds_the_scene_so_that_no_markup_can_escape_it(tmp_path):
    page = export_html(pocketed_block(), tmp_path / "part.html", STOCK, lang="en").read_text()
    block = re.search(r'<script type="application/json" id="scene">(.*?)</script>', page, re.S).group(1)
    assert json.loads(block)["format"] == "machinesim-scene-1"
    assert page.lstrip().lower().startswith("<!doctype html") and "http" not in page.split("<script>")[0]


def test_a_dense_plain_part_reaches_the_page_simplified_on_its_own_surface():
    """A 3D finish at 0.1 mm made a page of 1.8 million triangles (58 MB, 10 s to open in Chromium):
    past PAGE_FACES the page carries the binned simplification, every vertex one of the part's."""
    import pyvista as pv

    from machinesim.render.scene import PAGE_FACES

    dense = pv.Box(bounds=(0, 100, 0, 80, -20, 0), level=300).triangulate()        # 1.09 million triangles
    assert dense.n_cells > PAGE_FACES
    doc = scene_document(dense, STOCK)
    points = array(doc["part"], "positions", "f4", 3).astype(float)
    assert 0 < doc["part"]["triangles"] <= PAGE_FACES
    to_face = np.min(np.abs(np.column_stack([points[:, 0], points[:, 0] - 100, points[:, 1], points[:, 1] - 80,
                                             points[:, 2] + 20, points[:, 2]])), axis=1)
    assert to_face.max() < 1e-4                                # float32 on the page
    assert points.min(axis=0) == pytest.approx([0, 0, -20], abs=1e-4)
    assert points.max(axis=0) == pytest.approx([100, 80, 0], abs=1e-4)
    small = pocketed_block()
    assert scene_document(small, STOCK)["part"]["triangles"] == small.triangulate().n_cells     # untouched
