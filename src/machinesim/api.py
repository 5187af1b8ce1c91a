"""The public face of machinesim: load, simulate, check and grade, returning values, printing nothing.

The command line (`cli.py`) only formats these values and writes files; a server or a notebook
calls the same functions. Every problem a caller can catch is a `machinesim.Error` carrying a
finding, whose sentence `machinesim.messages.render(error.finding, lang)` gives in French or
English.

Examples
--------
>>> import machinesim
>>> sim = machinesim.simulate("G21 G90 G17\\nT2 M6\\nG54 G0 X10 Y20 S8000 M3\\nG43 H2 Z5\\n"
...                           "G1 Z-2 F300\\nG1 X60 F800\\nG0 Z5\\nM30\\n")
>>> sim.ok, len(sim.toolpath.moves) > 0
(True, True)
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .findings import input_error
from .job import Job
from .job import load_job as _read_job

if TYPE_CHECKING:                                     # heavy modules are imported when first used
    from .metrology import CheckResult, Grade, Spec
    from .pipeline import Simulation

def load_job(path: str | Path | None = None) -> Job:
    """Read a job file (the "fiche de réglage": machine, stock, tools, fixtures).

    Parameters
    ----------
    path : str or Path, optional
        A TOML job file; None gives the embedded default job (a 3-axis mill, a 100 × 80 × 20
        aluminium block at G54, a school tool table).

    Returns
    -------
    Job
        The validated job, a frozen value.

    Raises
    ------
    machinesim.InputError
        The file is missing or invalid; its finding names the file, line and key.

    Examples
    --------
    >>> import machinesim
    >>> job = machinesim.load_job()
    >>> job.machine.resolution
    0.1
    """
    return _read_job(path)


def load_spec(path: str | Path) -> "Spec":
    """Read a spec file (the "fiche de contrôle": the drawing's checks and the grading rule).

    Parameters
    ----------
    path : str or Path
        A TOML spec file.

    Returns
    -------
    Spec
        The validated spec; `spec.checks` in the file's order.

    Raises
    ------
    machinesim.InputError
        The file is missing or invalid.

    Examples
    --------
    >>> import machinesim, importlib.resources
    >>> spec = machinesim.load_spec(importlib.resources.files("machinesim") / "data/demo_spec.toml")
    >>> spec.scale, len(spec.checks) > 0
    (20.0, True)
    """
    from .metrology.spec import load_spec as read

    return read(path)


def program_source(program: str | Path) -> tuple[str | None, Path | None]:
    """(text, None) for G-code given as text, (None, path) for a program file.

    A `Path` is a file; a string is a file when it names one, G-code when it holds a line break,
    and otherwise a file name (so a mistyped name is "does not exist", not a syntax error).
    A folder is refused with its own message.
    """
    if isinstance(program, str) and "\n" in program:
        return program, None
    path = Path(program)
    if path.is_dir():
        raise input_error("FILE.folder", file=str(path), path=str(path))
    if not path.is_file():
        raise input_error("FILE.missing", file=str(path), path=str(path))
    return None, path


def simulate(program: str | Path, job: Job | str | Path | None = None, progress=None) -> "Simulation":
    """Interpret a program, remove the material and look for machining faults.

    Parameters
    ----------
    program : str or Path
        The program file, or its G-code text (a string with at least one line break).
    job : Job, str or Path, optional
        The job, or its file; None gives the default job.
    progress : callable, optional
        `progress(done, total)`, called while cutting.

    Returns
    -------
    Simulation
        `toolpath` (the moves), `model` (the remaining material), `probe` (exact rays on it),
        `findings` (program and machining faults, with lines), `cycle_time_s`, `ok` (no error).
        A program error keeps the moves before it: `stopped_at` gives that finding.

    Raises
    ------
    machinesim.InputError
        The program file or the job is missing or unusable.

    Examples
    --------
    >>> import machinesim
    >>> sim = machinesim.simulate("G21 T1 M6\\nS8000 M3\\nG0 Z5\\nG1 Z-1 F100\\nG2 X10 Y0 R-1\\nM30\\n")
    >>> sim.ok, sim.stopped_at.code
    (False, 'ARC_GEOMETRY')
    """
    from .pipeline import simulate_program

    job = _job(job)
    if job.setups:   # one program per setup, each on the part the last one left (setups.py)
        from .setups import setup_files, simulate_setups

        programs = [str(p) for p in program] if isinstance(program, (list, tuple)) else setup_files(program)
        return simulate_setups(programs, job, progress=progress)
    text, path = program_source(program)
    if path is not None:
        return simulate_program(path, job, progress=progress)
    from .gcode import interpret

    return simulate_program(interpret(text, job), job, progress=progress)


@dataclass(frozen=True)
class Inspection:
    """A simulated part measured against a spec: what `check` returns.

    `results` follow the spec's order; `grade` applies the spec's rule to them; `reference` and
    `design` are the comparisons asked for (else None); `mesh` is the part's surface when one was
    made (for a design comparison).
    """

    simulation: "Simulation"
    spec: "Spec"
    results: tuple["CheckResult", ...]
    grade: "Grade"
    reference: object = None
    design: object = None
    mesh: object = None

    @property
    def ok(self) -> bool:
        """No error finding and no check out of tolerance or not measured."""
        return self.simulation.ok and all(r.ok is not False for r in self.results)


def check(program: str | Path, spec: "Spec | str | Path", job: Job | str | Path | None = None, *,
          reference: str | Path | None = None, design: str | Path | None = None, tolerance: float = 0.05,
          progress=None) -> Inspection:
    """Simulate a program and measure the part with the spec's virtual instruments.

    Parameters
    ----------
    program : str or Path
        The student's program file, or its G-code text.
    spec : Spec, str or Path
        The spec, or its file.
    job : Job, str or Path, optional
        The job, or its file; None gives the default job.
    reference : str or Path, optional
        The master's program: the material missing or left compared with the master's part.
    design : str or Path, optional
        An STL of the designed part: the surface's signed deviation from it.
    tolerance : float
        Deviation (mm) beyond which a region of the design comparison is reported.
    progress : callable, optional
        `progress(done, total)`, called while cutting.

    Returns
    -------
    Inspection
        `results` (one `CheckResult` per check: `measured`, `status` "in", "out", "not_graded"
        or "not_measured", `finding` saying why a check was not measured), `grade` (`mark`,
        `capped`, `out`, `not_measured`), `simulation`.

    Examples
    --------
    >>> import machinesim, importlib.resources
    >>> data = importlib.resources.files("machinesim") / "data"
    >>> part = machinesim.check(data / "demo.nc", data / "demo_spec.toml")
    >>> part.grade.mark, part.ok
    (20.0, True)

    A program that removes nothing earns nothing, and each check says why:

    >>> empty = machinesim.check("G0 Z50\\nM30\\n", data / "demo_spec.toml")
    >>> empty.grade.mark, empty.results[0].status, empty.results[0].finding.key
    (0.0, 'not_measured', 'MEASURE.not_machined')
    """
    from .metrology import compare_design, compare_reference, grade
    from .pipeline import measure_part

    job = _job(job)
    spec = load_spec(spec) if isinstance(spec, (str, Path)) else spec
    if reference is not None and not job.setups:     # with setups: a folder or group of files
        program_source(Path(reference))
    results, sim = measure_part(simulate(program, job, progress=progress), spec)
    master = mesh = versus = None
    if reference is not None:
        if job.setups:   # the master's programs of every setup: a folder or a group of files
            from .setups import reference_probe

            master = compare_reference(sim.probe, reference_probe(reference, job), sim.job, sim.toolpath)
        elif getattr(job, "lathe", None) is not None:   # a turned part: the two profiles compared
            from .lathe.inspect import compare_turned

            master = compare_turned(sim.model, simulate(Path(reference), job).model, job)
        else:
            from .kernel import Probe

            master = compare_reference(sim.probe, Probe(simulate(Path(reference), job).toolpath, job), job,
                                       sim.toolpath)
    if design is not None:
        from .kernel.surface import as_polydata
        from .part_reports import part_surface

        mesh = as_polydata(part_surface(sim, exact=True))
        versus = compare_design(mesh, design, tolerance, offset=job.offset(job.stock.frame))
    return Inspection(sim, spec, results, grade(spec, list(results)), master, versus, mesh)


def _job(job: Job | str | Path | None) -> Job:
    return job if isinstance(job, Job) else load_job(job)



@dataclass(frozen=True)
class ClassGrades:
    """What `grade_folder` returns: one row per program (sorted by student), the files skipped
    with the reason, and whether Ctrl-C stopped the run (the rows not finished say so)."""

    rows: tuple
    skipped: tuple
    interrupted: bool = False


def grade_folder(folder: str | Path, spec: "Spec | str | Path", job: Job | str | Path | None = None, *,
                 out: str | Path | None = None, reference: str | Path | None = None, lang: str = "en",
                 workers: int | None = None, progress=None) -> ClassGrades:
    """Grade every program of a class folder, in parallel, one report folder per student.

    Parameters
    ----------
    folder : str or Path
        The class folder. Programs are found by name (.nc, .ngc, .tap, ...) or, for other names
        (.txt, none), by content; sub-folders are searched; other files are skipped and listed.
    spec : Spec, str or Path
        The spec, or its file.
    job : Job, str or Path, optional
        The job, or its file; None gives the default job.
    out : str or Path, optional
        Where each student's result.json, report.html and pictures go (`out/<student>/`);
        None writes nothing. The folder is locked while grading: a second run into it is refused.
    reference : str or Path, optional
        The master's program, compared with each student's part.
    lang : {"fr", "en"}
        Language of the reports and of the rows' `problem` sentences.
    workers : int, optional
        Processes working at once (default: one per core).
    progress : callable, optional
        `progress(done, total)`, called as each student is finished.

    Returns
    -------
    ClassGrades
        `rows` (`report.SummaryRow`: mark, checks out of tolerance, checks not measured, capped,
        findings, problem), `skipped` (files not graded, with the catalogue key saying why).

    Raises
    ------
    machinesim.InputError
        The folder holds no program, the spec or job is unusable, or `out` is in use.

    Examples
    --------
    >>> import machinesim, importlib.resources, pathlib, tempfile
    >>> data = importlib.resources.files("machinesim") / "data"
    >>> classe = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (classe / "alice.nc").write_text((data / "demo.nc").read_text())
    >>> _ = (classe / "consignes.txt").write_text("Usinez la poche, puis le contour.\\n")
    >>> grades = machinesim.grade_folder(classe, data / "demo_spec.toml", workers=1)
    >>> [(row.student, row.mark) for row in grades.rows], [s.path for s in grades.skipped]
    ([('alice', 20.0)], ['consignes.txt'])
    """
    from .class_folder import find_programs

    job = _job(job)
    spec = load_spec(spec) if isinstance(spec, (str, Path)) else spec
    if job.setups:   # one subfolder, or one group of files, per student (setups.py)
        from .class_folder import Program
        from .setups import student_entries

        programs, skipped = find_programs(folder)       # checks the folder; setups group its files
        programs = [Program(p, p.name, p.name) for p in student_entries(Path(folder))]
    else:
        programs, skipped = find_programs(folder)
    if not programs:
        raise input_error("GRADE.empty_class", file=str(folder), path=str(folder), skipped=len(skipped))
    if reference is not None and not job.setups:     # with setups: a folder or group of files
        program_source(Path(reference))
    from .grading_run import run_class

    rows, interrupted = run_class(programs, spec, job, out=out, reference=reference, lang=lang,
                                  workers=workers, progress=progress)
    return ClassGrades(tuple(sorted(rows, key=lambda r: r.student.casefold())), tuple(skipped), interrupted)
