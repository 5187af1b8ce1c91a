"""Pictures with PyVista, offscreen or in a window: the part, its deviations, its toolpath, an animation.

Nothing else in machinesim needs rendering: when OpenGL is missing, `rendering_available()` says
so (with the apt command that fixes it) and the render functions raise `RenderingUnavailable`.
The names below are loaded on first use, so importing `machinesim.render` (or its `headless`
module, to start the test render early) costs nothing until a picture is drawn: PyVista and its
plotting take a second or two to import.
"""
from importlib import import_module

_HOME = {"animate": "animation", "frame_move_counts": "animation",
         "APT_FIX": "headless", "RenderingUnavailable": "headless", "display_available": "headless",
         "rendering_available": "headless", "start_probe": "headless",
         "export_html": "html", "html_available": "html",
         "Marker": "part", "markers_from_checks": "part", "markers_from_findings": "part", "render_part": "part",
         "render_toolpath": "path"}
_MODULES = ("animation", "headless", "html", "look", "part", "path")

__all__ = ["APT_FIX", "Marker", "RenderingUnavailable", "animate", "display_available", "export_html",
           "frame_move_counts", "html_available", "markers_from_checks", "markers_from_findings",
           "render_part", "render_toolpath", "rendering_available", "start_probe"]


def __getattr__(name: str):
    if name in _HOME:
        return getattr(import_module(f".{_HOME[name]}", __name__), name)
    if name in _MODULES:
        return import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
