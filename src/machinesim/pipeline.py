"""The stages put end to end: program -> toolpath -> material model -> findings (and measures).

Pure orchestration with no printing: `cli.py` turns the results into text and files. Each stage's
wall time is kept so the command line can say where the time went.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import analysis, kernel
from .findings import ERROR, Finding, group_repeats
from .gcode import load_program
from .job import Job
from .progress import ProgressFn
from .toolpath import Toolpath, cycle_time


@dataclass(frozen=True)
class Simulation:
    """One program run on one job: what the machine did and what was found."""

    program: str
    job: Job
    toolpath: Toolpath
    model: kernel.Model
    probe: kernel.Probe              # exact rays on the remaining material (walls, measuring, mesh)
    findings: tuple[Finding, ...]
    cycle_time_s: float
    cycle_time_per_tool: dict[int, float]
    timings: dict[str, float] = field(default_factory=dict)
    workshop: object = None          # workshop.Workshop when the job's [process] model is "workshop"

    @property
    def ok(self) -> bool:
        return not any(f.severity == ERROR for f in self.findings)

    @property
    def stopped_at(self) -> Finding | None:
        """The program error the control alarmed on: the simulation stopped at its line."""
        return next((f for f in self.toolpath.findings if f.severity == ERROR), None)


def simulate_program(program: str | Path | Toolpath, job: Job, progress: ProgressFn | None = None) -> Simulation:
    """Interpret, cut and analyse `program` (a file, or a toolpath already interpreted); a program
    error keeps the moves before it."""
    if getattr(job, "lathe", None) is not None:   # a turned part: the lathe's own stages
        from .lathe import simulate

        return simulate(program, job, progress)
    t0 = time.perf_counter()
    toolpath = program if isinstance(program, Toolpath) else load_program(program, job)
    shop = None
    if job.process.model == "workshop":         # the tool bends and wears: the moves as cut
        from . import workshop
        toolpath, shop = workshop.apply(toolpath, job)
    t1 = time.perf_counter()
    probe = kernel.Probe(toolpath, job)
    model = kernel.simulate(toolpath, job, progress=progress, probe=probe)
    t2 = time.perf_counter()
    found = analysis.find(toolpath, job, model, probe)
    t3 = time.perf_counter()
    m = job.machine
    total, per_tool = cycle_time(toolpath, m.rapid, m.max_feed, m.accel, m.tool_change_time)
    findings = group_repeats(toolpath.findings + tuple(found), toolpath, model.removed > analysis.CUT_EPS)
    name = toolpath.files[0] if isinstance(program, Toolpath) else str(program)
    return Simulation(name, job, toolpath, model, probe, findings, total, per_tool,
                      {"interpret_s": t1 - t0, "cut_s": t2 - t1, "analyse_s": t3 - t2}, workshop=shop)


def measure_part(sim: Simulation, spec) -> tuple[tuple, Simulation]:
    """The spec's checks measured on the simulated part, and the simulation with what the measures
    tell about the program: a size off by exactly two diameters of the tool that cut its walls
    under G41/G42 is the compensation code swapped (COMPENSATION.side, on the compensated span).
    In workshop mode each result carries the model's spread and the wear offset advice.
    `check`, `grade` and the classroom server all measure through here."""
    from dataclasses import replace

    from .analysis.compensation import check_swapped_sizes
    from .metrology import measure

    results = tuple(measure(spec, sim.probe, sim.job, model=sim.model, toolpath=sim.toolpath,
                            workshop=sim.workshop))
    if getattr(sim.job, "lathe", None) is not None:      # a lathe's nose radius: its own instruments
        return results, sim
    swapped = check_swapped_sizes(results, sim.toolpath, sim.job)
    return results, (replace(sim, findings=sim.findings + tuple(swapped)) if swapped else sim)
