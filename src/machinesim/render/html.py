"""The interactive 3D view of the part, as one self-contained HTML file a browser opens offline.

The page holds the scene (`scene.py`: the part's triangles, the stock, optionally the toolpath) and
the viewer's JavaScript (three.js vendored in the package, plus `web/viewer.js`) inline, so it
works opened from disk in Chromium or Firefox with no network. A master turns the part with the
mouse inside report.html (an iframe) or on its own; the classroom server shows the same view.
"""
from __future__ import annotations

import json
import os
from html import escape
from pathlib import Path

from .. import messages
from ..findings import WARNING, Finding
from ..report.io import write_atomic
from .headless import RenderingUnavailable
from .scene import scene_document, viewer_available, viewer_script

VIEWER_LABELS = ("iso", "top", "front", "section", "none", "toolpath", "play", "pause", "film", "webgl")
STYLE = """
html, body { margin: 0; height: 100%; font-family: sans-serif; background: #fff; }
.msv { display: flex; flex-direction: column; height: 100%; }
.msv-bar { display: flex; flex-wrap: wrap; gap: .5em; align-items: center; padding: .3em .5em; background: #f2f4f7; }
.msv-stage { flex: 1; min-height: 300px; }
.msv-stage canvas { display: block; }
"""


def html_available() -> tuple[bool, str]:
    """(works, reason): the viewer's scripts ship inside the package."""
    return viewer_available()


def viewer_labels(lang: str) -> dict[str, str]:
    """The viewer's button and control names in the reader's language."""
    return {k: messages.text("viewer." + k, lang) for k in VIEWER_LABELS}


def _json_in_html(value) -> str:
    """JSON that can sit inside a <script> element: no `</` or `<!--` can close or open anything."""
    return json.dumps(value, separators=(",", ":")).replace("<", "\\u003c").replace(">", "\\u003e")


def page_html(scene: dict, lang: str = "en") -> str:
    """A standalone page: the scene, the labels and every script inline."""
    title = escape(messages.text("viewer.title", lang))
    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>'
            f"<style>{STYLE}</style></head><body><div class=\"msv\" id=\"view\"></div>\n"
            f'<script type="application/json" id="scene">{_json_in_html(scene)}</script>\n'
            f'<script type="application/json" id="labels">{_json_in_html(viewer_labels(lang))}</script>\n'
            f"<script>{viewer_script()}</script>\n"
            "<script>MachinesimViewer.create(document.getElementById('view'),"
            " JSON.parse(document.getElementById('scene').textContent),"
            " JSON.parse(document.getElementById('labels').textContent));</script>\n"
            "</body></html>\n")


def export_html(mesh, path: str | os.PathLike, stock_bounds=None, scalars=None, *,
                tolerance: float | None = None, lang: str = "en", toolpath=None) -> Path:
    """Write the part (coloured as `render_part` does) as an interactive HTML page; returns the path.

    Raises `RenderingUnavailable` (a warning finding with what to do) when the viewer's scripts
    are missing: the report then keeps its still pictures. The stock is outlined when its bounds
    are given; `toolpath` adds the path and its film.
    """
    ok, reason = html_available()
    if not ok:
        raise RenderingUnavailable(Finding(code="RENDER", severity=WARNING, key="RENDER.html",
                                           params={"reason": reason}))
    scene = scene_document(mesh, stock_bounds, toolpath=toolpath, scalars=scalars, tolerance=tolerance)
    return write_atomic(path, page_html(scene, lang))
