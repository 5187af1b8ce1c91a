"""The mark: points per check, full when in tolerance, capped when a critical check fails.

Rule (written in every report, `messages` key "GRADE.rule"): each check in tolerance earns all its
points, each check out of tolerance or not measured earns none; checks that cannot be graded
(uncertainty too large) count neither way. The mark is scale × earned / possible, rounded to
0.01; when a critical check is out of tolerance the mark is at most `critical_cap`. A surface the
program never cut is not measured ("MEASURE.not_machined"): untouched stock earns nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

from .inspection import IN, NOT_GRADED, NOT_MACHINED, OUT, CheckResult
from .spec import Spec


@dataclass(frozen=True)
class Grade:
    mark: float
    scale: float
    earned: float
    possible: float
    capped: bool
    critical_cap: float
    failed: tuple[int, ...]          # ids of the checks out of tolerance or not measured
    not_graded: tuple[int, ...]
    out: tuple[int, ...] = ()        # ids of the checks out of tolerance
    not_measured: tuple[int, ...] = ()   # ids of the checks not measured (the finding says why)
    not_machined: bool = False       # the program machined none of the measured surfaces


def grade(spec: Spec, results: list[CheckResult]) -> Grade:
    """Apply the grading rule to the results of `measure`."""
    earned = possible = 0.0
    failed: list[int] = []
    out: list[int] = []
    missing: list[int] = []
    not_graded: list[int] = []
    critical_failed = False
    for r in results:
        if r.status == NOT_GRADED:
            not_graded.append(r.check.id)
            continue
        possible += r.check.points
        if r.status == IN:
            earned += r.check.points
        else:
            failed.append(r.check.id)
            (out if r.status == OUT else missing).append(r.check.id)
            critical_failed |= r.check.category == "critical"
    mark = spec.scale * earned / possible if possible > 0 else 0.0
    capped = critical_failed and mark > spec.critical_cap
    if capped:
        mark = spec.critical_cap
    untouched = bool(results) and all(r.finding is not None and r.finding.key == NOT_MACHINED for r in results)
    return Grade(round(mark, 2), spec.scale, earned, possible, capped, spec.critical_cap,
                 tuple(failed), tuple(not_graded), tuple(out), tuple(missing), untouched)
