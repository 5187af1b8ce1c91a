"""Inspection: every check of a spec measured on one simulated part, with its verdict.

A check is in tolerance when its reading lies between the limits. A check whose tolerance zone is
narrower than ten times the reading's uncertainty is not graded but flagged with the resolution it
would need. An instrument that finds nothing gives a finding naming the check instead of a number,
and counts as out of tolerance (the feature is not where the drawing puts it). When the program
removed nothing, no check is measured: "surface not machined". A flatness or roughness check
(forms the raw stock would pass perfectly) whose surface no move cut (the program stopped early,
looped, never reached the pocket) is not measured either, so untouched stock never earns the
points of a machined face. Sizes need no such rule: untouched stock reads a wrong size, or the
drawing's size when the stock face is the part's.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ..findings import ERROR, WARNING, Finding
from ..job import Job
from ..messages import said
from ..kernel.movelog import MAX_SAGITTA
from ..toolpath import ARC, Toolpath
from . import corrections
from . import instruments as ins
from .spec import Check, Spec

IN, OUT, NOT_GRADED, NOT_MEASURED = "in", "out", "not_graded", "not_measured"
NOT_MACHINED = "MEASURE.not_machined"     # the finding of a check on a surface no move cut
FORM_INSTRUMENTS = ("flatness", "roughness")   # raw stock reads perfect on these: it must be cut
UNCERTAINTY_RATIO = 10.0


@dataclass(frozen=True)
class CheckResult:
    """The reading of one check: value in the check's unit (mm, µm for roughness) and verdict."""

    check: Check
    measured: float | None
    uncertainty: float = 0.0
    status: str = NOT_MEASURED
    lines: tuple[int, ...] = ()
    finding: Finding | None = None
    details: dict = field(default_factory=dict, compare=False)

    @property
    def ok(self) -> bool | None:
        """True in tolerance, False out or not measured, None when not graded."""
        return None if self.status == NOT_GRADED else self.status == IN

    @property
    def deviation(self) -> float | None:
        return None if self.measured is None else self.measured - self.check.nominal

    @property
    def needed_resolution(self) -> float:
        """The largest uncertainty that would let this check be graded."""
        return (self.check.upper - self.check.lower) / UNCERTAINTY_RATIO


def verdict(check: Check, value: float, uncertainty: float) -> str:
    if check.upper - check.lower < UNCERTAINTY_RATIO * uncertainty:
        return NOT_GRADED
    return IN if check.lower_limit <= value <= check.upper_limit else OUT


def _finding(check: Check, key: str, severity: str = ERROR, **params) -> Finding:
    return Finding(code="MEASURE", severity=severity, key=key,
                   params={"id": check.id, "name": check.name, "instrument": said("instrument." + check.instrument),
                           **params})


def _with_chord_error(reading: ins.Reading, bench: ins.Bench, check: Check) -> ins.Reading:
    """Add the kernel's stated arc error when an arc cut a measured surface: arcs are followed
    by chords up to `MAX_SAGITTA` inside the true arc, on each of the two faces of a size."""
    tp = bench.toolpath
    if tp is None or not len(reading.surface):
        return reading
    moves = bench.moves_at(reading.surface)
    if not np.any(tp.moves["kind"][moves[moves >= 0]] == ARC):
        return reading
    extra = 2 * MAX_SAGITTA * (1000.0 if check.unit == "µm" else 1.0)
    return replace(reading, uncertainty=reading.uncertainty + extra)


def _local_size_out(check: Check, details: dict) -> float | None:
    """The two-point size of a bore or boss that lies outside the limits, if any.

    The least-squares diameter can sit in tolerance while a gouge or a bump makes the feature unfit:
    every local two-point size must be within the limits too (ISO 14405-1's default).
    """
    low, high = details.get("two_point_min"), details.get("two_point_max")
    if low is not None and low < check.lower_limit:
        return float(low)
    if high is not None and high > check.upper_limit:
        return float(high)
    return None


def measure(spec: Spec, probe, job: Job, model=None, toolpath: Toolpath | None = None,
            workshop=None) -> list[CheckResult]:
    """Measure every check of `spec` on the part `probe` answers for, in the spec's order.

    `toolpath` (default: `probe.toolpath` when the probe keeps it) lets each result name the
    program lines that last cut the measured surfaces: the probe says which move made each face
    when it can (`probe.cuts`), else the move log is searched. `model` (optional) gives the stock
    whose faces are the default `ref` and `datum`. `workshop` (`workshop.Workshop`, workshop mode):
    each result states the model's spread for the moves that cut it, and a size out because the
    tool bent or wore gets the wear offset change that corrects it (`corrections.advice`).
    """
    if getattr(job, "lathe", None) is not None:       # a turned part: the lathe's instruments
        from ..lathe.inspect import measure as measure_turned

        return measure_turned(spec, probe, job)
    toolpath = toolpath if toolpath is not None else getattr(probe, "toolpath", None)
    if model is not None and model.removed_volume <= 0:
        return [CheckResult(c, None, finding=_finding(c, NOT_MACHINED)) for c in spec.checks]
    bench = ins.Bench(probe, job, toolpath, model)
    knows_cuts = toolpath is not None and len(toolpath.moves) > 0
    readings: dict[int, ins.Reading] = {}
    order = sorted(spec.checks, key=lambda c: c.instrument == "position")
    results: dict[int, CheckResult] = {}
    for check in order:
        try:
            if check.instrument == "position":
                of = readings.get(check.of)
                if of is None:
                    raise ins.Miss("MEASURE.position_of", of=check.of)
                reading = ins.position(check, of, bench)
                lines = results[check.of].lines
            else:
                bench.forget()
                reading = ins.INSTRUMENTS[check.instrument](check, bench)
                if (knows_cuts and check.instrument in FORM_INSTRUMENTS and len(reading.surface)
                        and np.all(bench.moves_at(reading.surface) < 0)):
                    raise ins.Miss(NOT_MACHINED)
                lines = tuple(bench.lines(reading.surface)) if len(reading.surface) else ()
                reading = _with_chord_error(reading, bench, check)
        except ins.Miss as miss:
            results[check.id] = CheckResult(check, None, finding=_finding(check, miss.key, **miss.params))
            continue
        readings[check.id] = reading
        status = verdict(check, reading.value, reading.uncertainty)
        details = dict(reading.details)
        finding = None
        local = _local_size_out(check, details)
        if status == IN and local is not None:
            status = OUT
            finding = _finding(check, "MEASURE.local_size", size=f"{local:.3f}",
                               lower=f"{check.lower_limit:.3f}", upper=f"{check.upper_limit:.3f}")
        details.update(corrections.offsets_used(check, reading, bench))
        details.update(corrections.workshop_spread(reading, bench, workshop))
        if status == OUT and finding is None and details.get("workshop_shift", 0.0) > 0.0:
            fix = corrections.advice(check, reading.value, reading, bench)
            if fix is not None:
                finding = _finding(check, "MEASURE.wear_advice", WARNING, **fix)
        if status == NOT_GRADED:
            unit = check.unit
            finding = _finding(check, "MEASURE.not_graded", WARNING, uncertainty=f"{reading.uncertainty:.2g} {unit}",
                               needed=f"{(check.upper - check.lower) / UNCERTAINTY_RATIO:.2g} {unit}")
        results[check.id] = CheckResult(check, float(reading.value), float(reading.uncertainty), status,
                                        tuple(lines), finding, details)
    return [results[c.id] for c in spec.checks]
