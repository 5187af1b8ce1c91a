"""The files of one part, written into its output folder: result.json, part.png, part3d.html, report.html.

Used by `run`, `check`, `demo` and each worker of `grade`; prints nothing. The still picture is
drawn on the CPU (render/raster.py), so it needs no OpenGL; what could not be made (no 3D viewer)
comes back as sentences for the caller to show.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from . import messages
from .report import write_html, write_result
from .report.io import write_atomic
from .report.part_folder import open_folder


def extra(sim) -> dict:
    """result.json's extra keys for one simulation."""
    doc = {"cycle_time_per_tool_s": {f"T{k}": round(v, 3) for k, v in sorted(sim.cycle_time_per_tool.items())},
           "moves": len(sim.toolpath.moves),
           "timings_s": {k: round(v, 3) for k, v in sim.timings.items()}}
    stop = sim.stopped_at
    if stop is not None:
        doc["stopped_at"] = {"line": stop.line, "code": stop.code, "file": stop.file}
    return doc


def stop_position(sim):
    """Where the tool was when the program stopped (machine coordinates), or None."""
    stop = sim.stopped_at
    if stop is None:
        return None
    if stop.position is not None:
        return tuple(float(v) for v in stop.position)
    moves = sim.toolpath.moves
    return tuple(float(v) for v in moves["end"][-1]) if len(moves) else None


def part_surface(sim, exact: bool = False):
    """The part's surface: the picture mesh, or the exact one where exactness is promised. A milled
    part's is a kernel.surface.Surface (no PyVista needed to draw it), a turned part's a PyVista
    mesh; `kernel.surface.as_polydata` makes either a PyVista mesh."""
    if getattr(sim.job, "lathe", None) is not None:   # a turned part: its profile revolved
        from .lathe.picture import revolved_mesh

        return revolved_mesh(sim.model)
    from .kernel import surface_triangles

    return surface_triangles(sim.model, sim.probe, exact=exact)


def markers(sim, results, lang: str) -> list:
    """The picture's pins: findings with a place, checks out of tolerance, where the program stopped."""
    from . import render

    pins = render.markers_from_findings(sim.findings, lang) + render.markers_from_checks(
        results, sim.job.to_machine, lang)
    stop, where = sim.stopped_at, stop_position(sim)
    if stop is not None and where is not None and stop.position is None:
        pins.append(render.Marker(where, messages.text("render.stopped", lang, line=stop.line, code=stop.code)))
    return pins


def localise_page(path: Path, lang: str, name: str) -> Path:
    """The 3D page's language and title in the reader's language (the viewer page ships its own)."""
    page = path.read_text(encoding="utf-8")
    title = html.escape(messages.text("REPORT.viewer_title", lang, name=name))
    page = re.sub(r"<html[^>]*>", f'<html lang="{lang}">', page, count=1)
    if re.search(r"<title>.*?</title>", page, flags=re.S):
        page = re.sub(r"<title>.*?</title>", f"<title>{title}</title>", page, count=1, flags=re.S)
    else:
        page = page.replace("<head>", f"<head><title>{title}</title>", 1)
    return write_atomic(path, page)


def _pictures(sim, out: Path, lang: str, mesh, results, notes: list[str], viewer: bool) -> tuple:
    from . import render

    mesh = mesh if mesh is not None else part_surface(sim, exact=False)
    picture = render.render_part(mesh, out / "part.png", stock_bounds=sim.job.stock_box_machine,
                                 markers=markers(sim, results, lang), lang=lang)
    page = None
    if viewer:
        try:
            render.export_html(mesh, out / "part3d.html", stock_bounds=sim.job.stock_box_machine, lang=lang)
            page = localise_page(out / "part3d.html", lang, Path(sim.program).name).name
        except render.RenderingUnavailable as exc:
            notes.append(messages.render(exc.finding, lang, where=False))
    return picture, page


def write_run(sim, out: str | Path, lang: str, pictures: bool = True, mesh=None) -> list[str]:
    """`run`'s files: result.json, part.png and part3d.html; returns the sentences about what was not made.
    `mesh`: the part's surface when already made (else made here)."""
    out = open_folder(out)
    notes: list[str] = []
    write_result(out / "result.json", sim.program, sim.findings, cycle_time_s=sim.cycle_time_s,
                 removed_volume_mm3=sim.model.removed_volume, resolution_mm=sim.model.h, lang=lang,
                 extra=extra(sim))
    if pictures:
        _pictures(sim, out, lang, mesh, (), notes, viewer=True)
    return notes


def write_check(inspection, out: str | Path, lang: str, program_name: str, source: str | None,
                pictures: bool = True, reference_path: str | None = None, design_path: str | None = None,
                mesh=None) -> list[str]:
    """`check`'s files: result.json, part.png, part3d.html and report.html; returns the sentences
    about what was not made. `source` is the program's text (the report quotes its lines); `mesh`
    the part's surface when already made."""
    out = open_folder(out)
    notes: list[str] = []
    sim, results, mark = inspection.simulation, list(inspection.results), inspection.grade
    doc = extra(sim)
    if inspection.reference is not None:
        master = inspection.reference
        doc["reference"] = {"program": str(reference_path), "missing_mm3": round(master.missing_mm3, 3), "left_mm3": round(master.left_mm3, 3),
                            "regions": master.regions}
    if inspection.design is not None:
        doc["design"] = {"file": str(design_path), **inspection.design.stats, "regions": inspection.design.regions}
    write_result(out / "result.json", program_name, sim.findings, results, mark, cycle_time_s=sim.cycle_time_s,
                 removed_volume_mm3=sim.model.removed_volume, resolution_mm=sim.model.h, lang=lang, extra=doc)
    picture = viewer = None
    if pictures:
        mesh = mesh if mesh is not None else inspection.mesh
        picture, viewer = _pictures(sim, out, lang, mesh, results, notes, viewer=True)
    write_html(out / "report.html", program_name, inspection.spec, results, mark, findings=sim.findings,
               picture=picture, source=source, lang=lang, job=sim.job, design=inspection.design,
               reference=inspection.reference, viewer=viewer, stopped_at=sim.stopped_at)
    return notes
