"""Pictures with PyVista, offscreen or in a window: the part, its deviations, its toolpath, an animation.

Nothing else in machinesim needs rendering: when OpenGL is missing, `rendering_available()` says
so (with the apt command that fixes it) and the render functions raise `RenderingUnavailable`.
"""
from .animation import animate, frame_move_counts
from .headless import APT_FIX, RenderingUnavailable, display_available, rendering_available
from .html import export_html, html_available
from .part import Marker, markers_from_checks, markers_from_findings, render_part
from .path import render_toolpath

__all__ = ["APT_FIX", "Marker", "RenderingUnavailable", "animate", "display_available", "export_html",
           "frame_move_counts", "html_available", "markers_from_checks", "markers_from_findings",
           "render_part", "render_toolpath", "rendering_available"]
