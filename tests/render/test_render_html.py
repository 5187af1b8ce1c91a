"""The interactive view: a self-contained page holding the part's scene in vtk.js's format."""
from __future__ import annotations

import base64
import io
import json
import re
import zipfile

import numpy as np
import pytest

from machinesim.render import RenderingUnavailable, export_html, html
from render_helpers import STOCK, pocketed_block


def scene_of(page: str) -> tuple[zipfile.ZipFile, dict]:
    """The zip embedded in the page, and its index.json."""
    encoded = re.search(r'base64Str\s*=\s*"([A-Za-z0-9+/=]+)"', page).group(1)
    archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(encoded)))
    return archive, json.loads(archive.read("index.json"))


def datasets(node: dict):
    for child in node.get("dependencies", []):
        if child.get("type") == "vtkPolyData":
            yield child["properties"]
        yield from datasets(child)


def test_missing_viewer_is_a_warning_with_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(html, "html_available", lambda: (False, "the trame-vtk package is not installed"))
    with pytest.raises(RenderingUnavailable) as caught:
        export_html(pocketed_block(), tmp_path / "part.html")
    assert caught.value.finding.key == "RENDER.html" and caught.value.finding.severity == "warning"
    assert not (tmp_path / "part.html").exists()


@pytest.mark.render
@pytest.mark.usefixtures("can_render")
def test_page_holds_the_part_with_its_deviation_colours(tmp_path):
    if not html.html_available()[0]:
        pytest.skip(html.html_available()[1])
    part = pocketed_block()
    deviation = (part.points[:, 0] - 40.0) / 1000.0                  # -0.04 .. +0.06 mm
    page = export_html(part, tmp_path / "part.html", STOCK, scalars=deviation, tolerance=0.05).read_text()
    assert page.lstrip().lower().startswith("<!doctype html") and "OfflineLocalView" in page
    archive, index = scene_of(page)
    fields = [f for props in datasets(index) for f in props.get("fields", []) if f["name"] == "deviation"]
    assert fields, "the deviation array is not in the scene"
    low, high = fields[0]["ranges"][0]["min"], fields[0]["ranges"][0]["max"]
    assert (low, high) == pytest.approx((deviation.min(), deviation.max()), abs=1e-6)
    for props in datasets(index):
        for f in props.get("fields", []):
            assert f["hash"] in {n.split("/")[-1] for n in archive.namelist()}


@pytest.mark.render
@pytest.mark.usefixtures("can_render")
def test_tool_colours_travel_as_rgb_bytes(tmp_path):
    if not html.html_available()[0]:
        pytest.skip(html.html_available()[1])
    part = pocketed_block()
    part.cell_data["tool"] = np.where(part.cell_centers().points[:, 2] < -1e-6, 2, 1)
    page = export_html(part, tmp_path / "part.html", STOCK, scalars="tool").read_text()
    _, index = scene_of(page)
    colours = [f for props in datasets(index) for f in props.get("fields", []) if f["name"] == "tool colour"]
    assert colours and colours[0]["dataType"] == "Uint8Array" and colours[0]["numberOfComponents"] == 3
