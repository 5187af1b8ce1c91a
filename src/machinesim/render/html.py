"""The interactive 3D view of the part, as one self-contained HTML file a browser opens offline.

VTK's own `vtkJSONRenderWindowExporter` writes the scene in vtk.js's format; it is zipped and
embedded in the vtk.js offline viewer page that the small `trame-vtk` package ships (the page
PyVista's `export_html` also uses, without the trame web server PyVista starts for it). A master
turns the part with the mouse inside report.html (an iframe) or on its own.
"""
from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

import pyvista as pv
from vtkmodules.vtkCommonCore import vtkArchiver
from vtkmodules.vtkIOExport import vtkJSONRenderWindowExporter

from ..findings import WARNING, Finding
from ..report.io import write_atomic
from .headless import RenderingUnavailable, require_rendering
from .look import frame_camera, mm_per_pixel, new_plotter, stock_actor, union_bounds
from .part import LEGEND_WIDTH, add_part

_WIDE_TYPES = {12, 16, 17, 18, 19}   # VTK_ID_TYPE, (UNSIGNED_)LONG_LONG, (UNSIGNED_)__INT64
VIEW_SIZE = (1024, 768)       # sets how finely a large mesh is simplified for the browser


def html_available() -> tuple[bool, str]:
    """(works, reason): the offline viewer page comes with the `trame-vtk` package."""
    try:
        from trame_vtk.tools.vtksz2html import HTML_VIEWER_PATH
    except ImportError:
        return False, "the trame-vtk package is not installed"
    if not Path(HTML_VIEWER_PATH).is_file():
        return False, f"the viewer page {HTML_VIEWER_PATH} is missing"
    return True, "trame-vtk offline viewer"


def _exportable(plotter: pv.Plotter) -> None:
    """Store every drawn mesh's cells with 32-bit indices and drop 64-bit integer arrays.

    VTK 9.7's vtk.js serializer knows 13 array types and aborts the whole process (an uncaught
    C++ exception) on 64-bit integers, which is how VTK stores cells by default.
    """
    for actor in plotter.renderer.actors.values():
        mapper = actor.GetMapper() if hasattr(actor, "GetMapper") else None
        data = mapper.GetInput() if mapper is not None and hasattr(mapper, "GetInput") else None
        if data is None or not data.IsA("vtkPolyData"):
            continue
        for cells in (data.GetVerts(), data.GetLines(), data.GetPolys(), data.GetStrips()):
            cells.ConvertTo32BitStorage()
        for fields in (data.GetPointData(), data.GetCellData(), data.GetFieldData()):
            for i in reversed(range(fields.GetNumberOfArrays())):
                array = fields.GetAbstractArray(i)
                if array is not None and array.GetDataType() in _WIDE_TYPES:
                    fields.RemoveArray(i)


def scene_archive(plotter: pv.Plotter) -> bytes:
    """The plotter's scene in vtk.js's format (index.json and data/), as zip bytes."""
    _exportable(plotter)
    plotter.render()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "scene"
        archiver = vtkArchiver()
        archiver.SetArchiveName(str(folder))
        exporter = vtkJSONRenderWindowExporter()
        exporter.SetRenderWindow(plotter.ren_win)
        exporter.SetArchiver(archiver)
        exporter.Write()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in sorted(folder.rglob("*")):
                if file.is_file():
                    archive.write(file, file.relative_to(folder).as_posix())
    return buffer.getvalue()


def export_html(mesh: pv.PolyData, path: str | os.PathLike, stock_bounds=None, scalars=None, *,
                tolerance: float | None = None, ghost_stock: bool = False, lang: str = "en") -> Path:
    """Write the part (coloured as `render_part` does) as an interactive HTML page; returns the path.

    Raises `RenderingUnavailable` (a warning finding with what to install) when the viewer page
    or rendering is missing: the report then keeps its still pictures.
    """
    ok, reason = html_available()
    if not ok:
        raise RenderingUnavailable(Finding(code="RENDER", severity=WARNING, key="RENDER.html",
                                           params={"reason": reason}))
    require_rendering()
    from trame_vtk.tools.vtksz2html import write_html

    bounds = union_bounds(mesh, stock_bounds)
    reserve = LEGEND_WIDTH + 0.04 if scalars is not None else 0.0
    plotter = new_plotter(VIEW_SIZE)
    try:
        add_part(plotter, mesh, scalars, tolerance, lang,
                 pixel_mm=mm_per_pixel(bounds, "iso", VIEW_SIZE, reserve))
        if ghost_stock and stock_bounds is not None:
            stock_actor(plotter, stock_bounds)
        frame_camera(plotter, bounds, "iso", reserve_right=reserve)
        data = scene_archive(plotter)
    finally:
        plotter.close()
    page = io.StringIO()
    write_html(data, page)
    return write_atomic(path, page.getvalue())
