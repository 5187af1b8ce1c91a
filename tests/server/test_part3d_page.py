"""part3d.html opened from disk in real Chromium: it draws the part, offline, without a JS error."""
from __future__ import annotations

import json
import re

import numpy as np
import pytest
import pyvista as pv

from browser import canvas_pixels, drawn, open_page
from machinesim.render import export_html
from machinesim.render.scene import viewer_script

STOCK = ((0.0, 0.0, -20.0), (100.0, 80.0, 0.0))


def test_viewer_script_publishes_three_and_its_controls_as_one_classic_script():
    script = viewer_script()
    assert "export{" not in script.replace(" ", "") and "from 'three'" not in script
    assert "window.THREE = {" in script and "OrbitControls: OrbitControls" in script
    assert "MachinesimViewer" in script


def test_page_opened_from_disk_draws_the_part_offline(browser, tmp_path):
    part = pv.Box(bounds=(0.0, 100.0, 0.0, 80.0, -20.0, 0.0), level=4).triangulate()
    page_file = export_html(part, tmp_path / "part3d.html", STOCK, lang="fr")
    text = page_file.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", text), "the page loads a file or URL"
    scene = json.loads(re.search(r'<script type="application/json" id="scene">(.*?)</script>', text, re.S).group(1))
    assert scene["part"]["triangles"] >= part.triangulate().n_cells
    page, watch = open_page(browser, 1000, 800)
    page.goto(page_file.as_uri())
    page.wait_for_selector("canvas")
    page.click("button[data-view=top]")
    pixels = canvas_pixels(page)
    mask = drawn(pixels)
    assert watch.errors == [] and watch.outside == []
    assert mask.mean() > 0.05, "the canvas is blank"
    # seen from the top with a parallel projection, the 100 x 80 block is a 100:80 rectangle
    ys, xs = np.nonzero(mask)
    width, height = np.ptp(xs) + 1, np.ptp(ys) + 1
    assert width / height == pytest.approx(100 / 80, rel=0.04)
    # lit from fixed directions: the 3D view shows more than one shade of metal
    page.click("button[data-view=iso]")
    shades = np.unique(canvas_pixels(page)[drawn(canvas_pixels(page))].reshape(-1, 3) // 16, axis=0)
    assert len(shades) > 3
    page.close()
