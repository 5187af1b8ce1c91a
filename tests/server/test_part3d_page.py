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


def set_range(page, selector: str, value: int) -> None:
    page.eval_on_selector(selector, "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input')); }", value)


def red(pixels: np.ndarray) -> int:
    """Pixels of the rapid colour (#d62728, maybe blended at a line's edge): red well above green and blue."""
    p = pixels.astype(int)
    return int(((p[..., 0] - p[..., 1] > 60) & (p[..., 0] - p[..., 2] > 60)).sum())


def test_section_zoom_toolpath_and_film_change_what_is_drawn(browser, tmp_path):
    from machinesim.toolpath import FEED, RAPID, Toolpath, empty_moves

    moves = empty_moves(2)
    moves["kind"] = [RAPID, FEED]
    moves["tool"] = 1
    moves["start"] = [(10.0, 40.0, 10.0), (90.0, 40.0, 10.0)]        # a rapid across the block, above it
    moves["end"] = [(90.0, 40.0, 10.0), (90.0, 70.0, 10.0)]
    part = pv.Box(bounds=(0.0, 100.0, 0.0, 80.0, -20.0, 0.0), level=4).triangulate()
    page_file = export_html(part, tmp_path / "part3d.html", STOCK, toolpath=Toolpath(moves), lang="en")
    page, watch = open_page(browser, 1000, 800)
    page.goto(page_file.as_uri())
    page.click("button[data-view=top]")

    def width() -> int:
        """The longest run of metal across the picture's middle row (the stock's outline stands apart)."""
        p = canvas_pixels(page).astype(int)
        row = p[p.shape[0] // 2]
        metal = drawn(row[None])[0] & (np.abs(row[:, 0] - row[:, 2]) < 25)
        best = run = 0
        for m in metal:
            run = run + 1 if m else 0
            best = max(best, run)
        return best

    full = width()
    page.select_option(".msv-bar select", "x")
    set_range(page, ".msv-bar label input[type=range]", 250)            # keep x < 25 mm of the 0..100 block
    assert width() / full == pytest.approx(0.25, abs=0.03)
    page.select_option(".msv-bar select", "")
    assert width() == full
    page.mouse.move(500, 450)
    page.mouse.wheel(0, -600)                                            # zoom in: the block grows
    page.wait_for_timeout(300)
    assert width() > 1.2 * full
    page.click("button[data-view=top]")
    assert red(canvas_pixels(page)) == 0
    page.check(".msv-bar input[type=checkbox]")                          # the toolpath: the red rapid shows
    assert red(canvas_pixels(page)) > 100
    set_range(page, "input[aria-label='Film of the cut, move by move']", 0)   # the film at its start: nothing cut yet
    assert red(canvas_pixels(page)) == 0
    set_range(page, "input[aria-label='Film of the cut, move by move']", 1)
    assert red(canvas_pixels(page)) > 100
    assert watch.errors == [] and watch.outside == []
    page.close()
