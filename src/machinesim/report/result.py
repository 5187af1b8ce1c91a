"""result.json: the machine-readable outcome of run, check and grade (see interfaces.md).

The contract's keys come first; extra keys (`status`, `class`, `unit`, `details`, `grade_detail`,
`spec`) help scripts and the class summary. `ok` is true when no finding is an error and no
check is out of tolerance or unmeasured.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

from ..findings import ERROR, Finding
from ..messages import message
from .io import write_atomic


def _num(value, digits: int = 6):
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return round(float(value), digits) + 0.0          # + 0.0: no -0.0 in the file


def finding_record(f: Finding, lang: str = "en") -> dict:
    out = {"severity": f.severity, "code": f.code, "line": f.line, "column": f.column,
           "message": message(f, lang)}
    if f.file:
        out["file"] = f.file
    if f.line_end and f.line_end != f.line:            # one mistake repeated on consecutive lines
        out["line_end"], out["count"] = f.line_end, f.count
    return out


def check_record(r, lang: str = "en") -> dict:
    c = r.check
    out = {"id": c.id, "name": c.name, "nominal": _num(c.nominal), "measured": _num(r.measured),
           "lower": _num(c.lower_limit), "upper": _num(c.upper_limit), "deviation": _num(r.deviation),
           "uncertainty": _num(r.uncertainty, 9), "ok": r.ok, "lines": list(r.lines),
           "status": r.status, "class": c.category, "instrument": c.instrument, "unit": c.unit,
           "tolerance": c.tolerance, "points": c.points}
    if r.details:
        out["details"] = {k: (_num(v) if isinstance(v, float) else
                              [_num(x) for x in v] if isinstance(v, list) else v) for k, v in r.details.items()}
    if r.finding is not None:
        out["message"] = message(r.finding, lang)
    return out


def result_document(program: str, findings=(), results=None, grade=None, cycle_time_s: float = 0.0,
                    removed_volume_mm3: float = 0.0, resolution_mm: float = 0.0, lang: str = "en",
                    extra: dict | None = None) -> dict:
    """The result.json object (a dict ready for `json.dumps`)."""
    results = list(results or [])
    all_findings = list(findings) + [r.finding for r in results if r.finding is not None]
    ok = not any(f.severity == ERROR for f in findings) and all(r.ok is not False for r in results)
    doc = {"program": str(program), "ok": ok,
           "findings": [finding_record(f, lang) for f in all_findings],
           "cycle_time_s": _num(cycle_time_s, 3), "removed_volume_mm3": _num(removed_volume_mm3, 3),
           "resolution_mm": _num(resolution_mm), "checks": [check_record(r, lang) for r in results],
           "grade": None if grade is None else grade.mark}
    if grade is not None:
        doc["grade_detail"] = {"scale": grade.scale, "earned": grade.earned, "possible": grade.possible,
                               "capped": grade.capped, "critical_cap": grade.critical_cap,
                               "failed": list(grade.failed), "not_graded": list(grade.not_graded),
                               "out": list(grade.out), "not_measured": list(grade.not_measured),
                               "not_machined": grade.not_machined}
    if extra:
        doc.update(extra)
    return doc


def write_result(path: str | Path, program: str, findings=(), results=None, grade=None, **kw) -> Path:
    """Write result.json atomically; keywords as `result_document`."""
    doc = result_document(program, findings, results, grade, **kw)
    return write_atomic(path, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
