"""Several setups on one part: one program per setup, in order, each on the part the last one left.

`simulate_setups(programs, job)` interprets each setup's program in that setup's job (its work
offsets, its fixtures and vise, the stock placed as the setup holds it), cuts it on the exact
part left by the setups before (kernel/setups.py), analyses it, and returns one `Simulation`
whose probe and model answer in the FIRST setup's machine frame: the spec's coordinates are the
drawing's, the first setup's work frame. Its toolpath is every setup's moves end to end (each in
its own machine frame), so `cuts` and measured lines name the right file and line; findings name
the setup beside their file.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from . import analysis, kernel
from .findings import Finding, input_error
from .gcode import load_program
from .job import Job, Stock
from .kernel.memory import check_memory
from .kernel.setups import (Outline, Part, Placement, SetupProbe, cut_setup, material_box, rotation,
                            sample_lattice)
from .pipeline import Simulation
from .progress import ProgressFn
from .setup_job import Setup
from .toolpath import Toolpath, cycle_time, empty_moves
from .vise import clamping, seat, vise_fixtures


@dataclass(frozen=True)
class SetupStage:
    """One setup as simulated: its job (frames, stock as held, fixtures), placement, cut and findings."""

    setup: Setup
    job: Job
    placement: Placement
    program: str
    toolpath: Toolpath
    model: kernel.Model
    probe: object                     # the material after this setup, asked in its machine frame
    first_move: int                   # number of its first move among all setups' moves
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class SetupSimulation(Simulation):
    """A `Simulation` of several setups; `stages` keeps each setup's own frame and cut."""

    stages: tuple[SetupStage, ...] = ()


def _box_corners(lo, hi) -> np.ndarray:
    return np.array([[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])], float)


def _placed_stock(stock: Stock, rot: np.ndarray, shift: np.ndarray, file: str, name: str) -> Stock:
    """The stock as this setup holds it, in its work frame."""
    if stock.kind == "auto":
        raise input_error("SETUP.auto_stock", file=file, setup=name)
    pts = _box_corners(stock.min, stock.max) @ rot.T + shift
    lo, hi = tuple(map(float, pts.min(0))), tuple(map(float, pts.max(0)))
    if stock.kind == "cylinder":
        if abs(rot[2, 2]) != 1:
            raise input_error("SETUP.cylinder", file=file, setup=name)
        base = np.array(stock.base, float) + (0.0 if rot[2, 2] == 1 else stock.height) * np.array([0, 0, 1.0])
        return replace(stock, base=tuple(map(float, rot @ base + shift)), min=lo, max=hi)
    return replace(stock, min=lo, max=hi)


def setup_jobs(job: Job) -> list[tuple[Setup, Job, Placement]]:
    """Each setup's own job (offsets, stock as held, fixtures) and the part's placement on the machine."""
    out = []
    for setup in job.setups:
        rot = rotation(setup.rotate)
        offsets = {**job.offsets, **setup.offsets}
        shift = np.zeros(3) if setup.translate is None else np.array(setup.translate, float)
        if setup.translate is None and setup.vise is not None:
            corners = _box_corners(job.stock.min, job.stock.max) @ rot.T
            vise_shift = np.subtract(offsets.get(setup.vise.frame, (0, 0, 0)),
                                     offsets.get(job.stock.frame, (0, 0, 0)))
            shift = seat(setup.vise, corners.min(0) - vise_shift, corners.max(0) - vise_shift)
        stock = _placed_stock(job.stock, rot, shift, job.path, setup.name)
        fixtures = tuple(setup.fixtures) if setup.own_fixtures else job.fixtures
        if setup.vise is not None:
            if setup.vise.opening == 0:      # the jaws closed on the part
                setup = replace(setup, vise=replace(setup.vise, opening=stock.max[1] - stock.min[1]))
            fixtures += vise_fixtures(setup.vise)
        own = replace(job, offsets=offsets, stock=stock, fixtures=fixtures, setups=())
        origin = np.array(own.offset(job.stock.frame), float)
        out.append((setup, own, Placement(rot, shift + origin)))
    return out


def setup_programs(job: Job, programs: list[str]) -> list[str]:
    """The program of each setup: those given, else each setup's own `program`."""
    count = max(len(job.setups), 1)
    if not programs:
        programs = [s.program for s in job.setups]
        if not job.setups or not all(programs):
            raise input_error("SETUP.programs", file=job.path, given=sum(map(bool, programs)), setups=count)
    if len(programs) != count:
        raise input_error("SETUP.programs", file=job.path, given=len(programs), setups=count)
    return [str(p) for p in programs]


def _outline(job: Job) -> Outline:
    lo, hi = job.stock_box_machine
    return Outline(0, np.array([*lo, *hi], float))


def _probe_in(stages, placement: Placement, outline: Outline) -> SetupProbe:
    """The material after `stages`, asked in the machine frame of `placement`."""
    return SetupProbe([(s.probe.parts[-1][0], placement.into(s.placement)) for s in stages],
                      [s.first_move for s in stages], outline)


def _label(findings, setup: str, placement: Placement, head: Placement) -> tuple[Finding, ...]:
    """Findings whose file also names the setup, so that a reader knows which phase it was, and
    whose position is in the first setup's machine frame, where the part's pictures are drawn."""
    def where(p):
        return None if p is None else tuple(map(float, head.to_machine(placement.to_part(p))))
    return tuple(replace(f, file=f"{f.file} [{setup}]", position=where(f.position)) for f in findings)


def _join(toolpaths: list[Toolpath]) -> Toolpath:
    """Every setup's moves end to end, files and events renumbered."""
    moves, events, files, lines, base, first = [], [], [], 0, 0, 0
    for tp in toolpaths:
        m = tp.moves.copy()
        m["file"] += base
        moves.append(m)
        e = tp.events.copy()
        e["file"] += base
        e["after"] += first
        events.append(e)
        files += list(tp.files)
        base += len(tp.files)
        first += len(m)
        lines += tp.lines
    return Toolpath(np.concatenate(moves) if moves else empty_moves(), np.concatenate(events),
                    tuple(files), (), lines)


def simulate_setups(programs: list[str], job: Job, progress: ProgressFn | None = None) -> SetupSimulation:
    """Every setup's program in order on one part; see the module's note."""
    programs = setup_programs(job, list(programs))
    stages: list[SetupStage] = []
    timings = {"interpret_s": 0.0, "cut_s": 0.0, "analyse_s": 0.0, "setup_change_s": 0.0}
    first = 0
    removed_before = 0.0
    for (setup, own, placement), program in zip(setup_jobs(job), programs):
        t0 = time.perf_counter()
        toolpath = load_program(program, own)
        t1 = time.perf_counter()
        probe = kernel.Probe(toolpath, own)
        outline = _outline(own)
        if not stages:
            model = kernel.simulate(toolpath, own, progress=progress, probe=probe)
            after = SetupProbe([(probe, (np.eye(3), np.zeros(3)))], [first], outline)
        else:
            before = _probe_in(stages, placement, outline)
            after = SetupProbe(before.parts + ((probe, (np.eye(3), np.zeros(3))),),
                               before.first_move + (first,), outline)
            lo, hi = own.stock_box_machine
            check_memory(hi[0] - lo[0], hi[1] - lo[1], own.machine.resolution, len(toolpath.moves))
            ts = time.perf_counter()
            lattice = sample_lattice(before, lo, hi, own.machine.resolution)
            timings["setup_change_s"] += time.perf_counter() - ts
            model = cut_setup(toolpath, own, lattice, Part(lo, hi, kernel.stock_shape(own).volume - removed_before),
                              before, lambda: after, progress=progress)
        t2 = time.perf_counter()
        found = list(toolpath.findings) + analysis.find(toolpath, own, model)
        if setup.vise is not None:
            offset = own.offset(setup.vise.frame)
            lo, hi = (np.array(v) - offset for v in own.stock_box_machine)
            radius = np.array([(own.tool(int(t)).radius if own.tool(int(t)) else 0.0) for t in toolpath.moves["tool"]])
            found += clamping(setup.vise, lo, hi, toolpath, offset, model.removed, radius, setup.name, str(program))
        t3 = time.perf_counter()
        timings["interpret_s"] += t1 - t0
        timings["cut_s"] += t2 - t1
        timings["analyse_s"] += t3 - t2
        removed_before += model.removed_volume
        stages.append(SetupStage(setup, own, placement, str(program), toolpath, model, after, first,
                                 _label(sorted(found, key=lambda f: (f.file, f.line, f.column, f.code)),
                                        setup.name, placement, stages[0].placement if stages else placement)))
        first += len(toolpath.moves)
    return _finish(stages, timings, progress)


def _finish(stages: list[SetupStage], timings: dict, progress) -> SetupSimulation:
    """The part after every setup, in the first setup's frame, and the totals."""
    head = stages[0]
    toolpath = _join([s.toolpath for s in stages])
    probe = _probe_in(stages, head.placement, _outline(head.job))
    t0 = time.perf_counter()
    lo, hi = head.job.stock_box_machine
    volume = kernel.stock_shape(head.job).volume - sum(s.model.removed_volume for s in stages)
    lattice = sample_lattice(probe, lo, hi, head.job.machine.resolution)
    part = cut_setup(Toolpath(empty_moves()), head.job, lattice, Part(lo, hi, volume), probe, lambda: probe)
    timings["final_sampling_s"] = time.perf_counter() - t0
    # the part's own box, not the raw block's: later setups face it (the instruments' default faces)
    model = replace(part, stock=Part(*material_box(probe, lattice), volume),
                    removed=np.concatenate([s.model.removed for s in stages]),
                    depth=np.concatenate([s.model.depth for s in stages]),
                    rapid_cut=np.concatenate([s.model.rapid_cut for s in stages]))
    findings = tuple(f for s in stages for f in s.findings)
    total, per_tool = 0.0, {}
    for s in stages:
        m = s.job.machine
        t, per = cycle_time(s.toolpath, m.rapid, m.max_feed, m.accel, m.tool_change_time)
        total += t
        for k, v in per.items():
            per_tool[k] = per_tool.get(k, 0.0) + v
    name = " + ".join(Path(s.program).name for s in stages)
    return SetupSimulation(name, head.job, toolpath, model, probe, findings, total, per_tool, timings,
                           stages=tuple(stages))


PROGRAM_SUFFIXES = (".nc", ".ngc", ".tap", ".cnc", ".gcode", ".iso", ".txt")
SEPARATORS = "_-. "


def program_arguments(programs: list[str], job_path: str | None) -> tuple[list[str], str]:
    """The command line's programs checked against the job: (every setup's program, the first)."""
    from .job import load_job

    job = load_job(job_path)
    if not job.setups:
        if len(programs) != 1:
            raise input_error("SETUP.programs", file=job.path, given=len(programs), setups=1)
        return programs, programs[0]
    resolved = setup_programs(job, programs)
    return resolved, resolved[0]


def student_entries(folder: Path) -> list[Path]:
    """One entry per student of a class folder, for a job with setups: each subfolder, and each
    group of loose programs whose names differ only after the last separator (dupont_op10.nc,
    dupont_op20.nc: the student `dupont`)."""
    out = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    loose = [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in PROGRAM_SUFFIXES]
    names = {_student(p.stem) for p in loose}
    return out + sorted(folder / n for n in names)


def _student(stem: str) -> str:
    cut = max(stem.rfind(c) for c in SEPARATORS)
    return stem[:cut] if cut > 0 else stem


def setup_files(entry: str | Path) -> list[str]:
    """A student's programs, in setup order (by name): a folder's, or the loose files of a group."""
    entry = Path(entry)
    if entry.is_dir():
        files = [p for p in entry.iterdir() if p.is_file() and p.suffix.lower() in PROGRAM_SUFFIXES]
    else:
        files = [p for p in entry.parent.iterdir() if p.is_file() and p.suffix.lower() in PROGRAM_SUFFIXES
                 and _student(p.stem) == entry.name]
    return [str(p) for p in sorted(files)]


def setup_toolpaths(programs: list[str], job: Job) -> list[tuple[str, Toolpath]]:
    """Each setup's name and interpreted program (moves in that setup's machine frame)."""
    return [(setup.name, load_program(program, own))
            for (setup, own, _), program in zip(setup_jobs(job), setup_programs(job, programs))]


def reference_probe(reference: str | Path, job: Job) -> SetupProbe:
    """The master's part after every setup, asked in the first setup's machine frame like the
    student's; `reference` names the master's programs as a student's are (a folder, or the group
    of files `NAME_op10.nc`, `NAME_op20.nc` given as `NAME`)."""
    reference = Path(reference)
    files = setup_files(reference) if reference.is_dir() or reference.parent.is_dir() else []
    if not files:
        raise input_error("FILE.missing", file=str(reference), path=str(reference))
    return simulate_setups(files, job).probe
