"""One student's program run for the server: simulate, measure, grade, and the 3D scene.

The only module of the server that calls machinesim's pipeline, so the server can move to the
public API in one place. It runs inside a worker process (`workers.py`). Uploaded files are
written under fixed names into a fresh temporary folder: an uploaded name is only ever shown,
never used as a path. The outcome is plain data (dicts and strings) that pickles to the server.
"""
from __future__ import annotations

import json
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import messages
from ..findings import InputError
from ..job import load_job
from ..pipeline import measure_part, simulate_program
from ..report import result_document, summary_row
from ..report.result import finding_record

PROGRAM, JOB, SPEC, REFERENCE, DESIGN = "program.nc", "job.toml", "spec.toml", "reference.nc", "design.stl"
DESIGN_TOLERANCE_MM = 0.05


@dataclass(frozen=True)
class Task:
    """What to run: the files' bytes (job, spec, reference and design are optional) and their shown names."""

    program: bytes
    name: str = "program.nc"
    job: bytes | None = None
    spec: bytes | None = None
    reference: bytes | None = None
    design: bytes | None = None
    names: dict[str, str] = field(default_factory=dict)     # fixed file name -> name shown to people
    lang: str = "fr"
    scene: bool = True                                       # also make the 3D scene (the slow part)
    film_frames: int = 0                                     # > 0: make the film of the cut instead (GIF)


def _shown(doc: dict, folder: Path, names: dict[str, str]) -> dict:
    """The document with the temporary folder's paths replaced by the names people know."""
    text = json.dumps(doc, ensure_ascii=False)
    for fixed, shown in names.items():
        text = text.replace(json.dumps(str(folder / fixed))[1:-1], json.dumps(shown, ensure_ascii=False)[1:-1])
    return json.loads(text.replace(json.dumps(str(folder))[1:-1], ""))


def problem_document(name: str, finding_record_: dict, status: str) -> dict:
    """A result.json for a run that gave no part: the finding says why."""
    return {"program": name, "ok": False, "findings": [finding_record_], "cycle_time_s": None,
            "removed_volume_mm3": None, "resolution_mm": None, "checks": [], "grade": None, "status": status}


def _explain(doc: dict, findings: list, lang: str) -> None:
    """Add what to do (`hint`) and the last line of a repeated mistake (`line_end`) to each finding."""
    for record, f in zip(doc["findings"], findings):
        record["hint"] = messages.hint(f.message_key, lang, **f.params)
        record["line_end"] = max(f.line_end, f.line)


def film(task: Task) -> dict:
    """{"film": GIF bytes} of the material removal (as `machinesim render --animate`), or {"film": None,
    "problem": why} when the program is unusable or pictures cannot be made here."""
    from .. import render
    from ..gcode import load_program
    from ..kernel import Probe, simulate, surface_mesh

    with tempfile.TemporaryDirectory(prefix="machinesim-film-") as tmp:
        folder = Path(tmp)
        (folder / PROGRAM).write_bytes(task.program)
        if task.job is not None:
            (folder / JOB).write_bytes(task.job)
        try:
            job = load_job(folder / JOB if task.job is not None else None)
            toolpath = load_program(folder / PROGRAM, job)

            def mesh_at(count: int):
                part = toolpath.__class__(toolpath.moves[:count], files=toolpath.files)
                probe = Probe(part, job)
                return surface_mesh(simulate(part, job, probe=probe), probe)

            render.animate(mesh_at, folder / "film.gif", toolpath, task.film_frames, machine=job.machine,
                           stock_bounds=job.stock_box_machine, lang=task.lang)
        except (InputError, render.RenderingUnavailable) as exc:
            return {"film": None, "problem": messages.render(exc.finding, task.lang, where=False)}
        return {"film": (folder / "film.gif").read_bytes()}


def run(task: Task, on_result=None) -> dict:
    """{"result": result.json document, "summary": class summary row, "scene": 3D scene or None}.

    `on_result(outcome)` is called with the result and summary as soon as they are known, before
    the surface mesh and the scene (most of the time of a run) are made. A task with `film_frames`
    makes the film instead (`film`).
    """
    if task.film_frames > 0:
        return film(task)
    from ..kernel import Probe, surface_mesh
    from ..metrology import compare_design, compare_reference, grade, load_spec
    from ..render.scene import scene_document

    names = {PROGRAM: task.name, JOB: "job.toml", SPEC: "spec.toml", REFERENCE: "reference.nc",
             DESIGN: "design.stl", **task.names}
    with tempfile.TemporaryDirectory(prefix="machinesim-run-") as tmp:
        folder = Path(tmp)

        def put(fixed: str, data: bytes | None) -> Path | None:
            if data is None:
                return None
            (folder / fixed).write_bytes(data)
            return folder / fixed

        def outcome_of(doc: dict, row) -> dict:
            return {"result": _shown(doc, folder, names), "summary": _shown({"row": asdict(row)}, folder, names)["row"],
                    "scene": None}

        program = put(PROGRAM, task.program)
        job_path, spec_path = put(JOB, task.job), put(SPEC, task.spec)
        reference, design = put(REFERENCE, task.reference), put(DESIGN, task.design)
        try:
            job = load_job(job_path)
            spec = load_spec(spec_path) if spec_path else None
            sim = simulate_program(program, job)
            results, sim = measure_part(sim, spec) if spec else ((), sim)
            mark = grade(spec, results) if spec else None
            extra = {"moves": len(sim.toolpath.moves), "status": "done",
                     "cycle_time_per_tool_s": {f"T{k}": round(v, 3) for k, v in sorted(sim.cycle_time_per_tool.items())}}
            if results:
                from ..report.table import headers, rows

                extra["inspection_table"] = {"headers": headers(task.lang), "rows": rows(results, task.lang)}
            if reference:
                from ..gcode import load_program

                master = compare_reference(sim.probe, Probe(load_program(reference, job), job), job, sim.toolpath)
                extra["reference"] = {"program": names[REFERENCE], "missing_mm3": round(master.missing_mm3, 3),
                                      "left_mm3": round(master.left_mm3, 3), "regions": master.regions}
            mesh = surface_mesh(sim.model, sim.probe) if design else None
            if design:
                versus = compare_design(mesh, str(design), DESIGN_TOLERANCE_MM, offset=job.offset(job.stock.frame))
                extra["design"] = {"file": names[DESIGN], **versus.stats, "regions": versus.regions}
            doc = result_document(names[PROGRAM], sim.findings, results, mark, cycle_time_s=sim.cycle_time_s,
                                  removed_volume_mm3=sim.model.removed_volume, resolution_mm=sim.model.h,
                                  lang=task.lang, extra=extra)
            _explain(doc, list(sim.findings) + [r.finding for r in results if r.finding is not None], task.lang)
            outcome = outcome_of(doc, summary_row(Path(task.name).stem, results, mark, sim.findings))
            if on_result is not None:
                on_result(outcome)
            if task.scene:
                mesh = mesh if mesh is not None else surface_mesh(sim.model, sim.probe)
                outcome["scene"] = scene_document(mesh, job.stock_box_machine, toolpath=sim.toolpath)
        except InputError as exc:
            doc = problem_document(names[PROGRAM], finding_record(exc.finding, task.lang), "input_error")
            _explain(doc, [exc.finding], task.lang)
            outcome = outcome_of(doc, summary_row(Path(task.name).stem,
                                                  problem=messages.render(exc.finding, task.lang, with_hint=False)))
    return outcome


def class_summary(rows: list[dict], spec: bytes | None, lang: str) -> tuple[str, str]:
    """summary.csv and summary.html of `grade` for stored summary rows (dicts of `SummaryRow`)."""
    from ..metrology import load_spec
    from ..report.summary import SummaryRow, summary_csv, summary_html

    table = [SummaryRow(**{**row, "failed": tuple(row["failed"]), "codes": tuple(row["codes"])}) for row in rows]
    parsed = None
    if spec is not None:
        with tempfile.TemporaryDirectory(prefix="machinesim-spec-") as tmp:
            (Path(tmp) / SPEC).write_bytes(spec)
            parsed = load_spec(Path(tmp) / SPEC)
    return summary_csv(table, lang), summary_html(table, parsed, lang)
