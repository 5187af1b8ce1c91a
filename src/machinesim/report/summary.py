"""The class summary of `machinesim grade`: summary.csv and summary.html, one row per student.

Rows are sorted by student name, as in the class register. A program that could not be simulated
keeps its row with the problem written out, so one broken program never hides the others. CSV
cells that a spreadsheet would run as a formula (=, +, -, @) are prefixed with a quote.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..messages import text
from .html import CSS
from .io import write_atomic


@dataclass(frozen=True)
class SummaryRow:
    student: str
    mark: float | None = None
    failed: tuple[int, ...] = ()
    errors: int = 0
    warnings: int = 0
    codes: tuple[str, ...] = ()
    report: str = ""                 # path of the student's report.html, relative to the summary
    problem: str = ""                # why there is no mark (unreadable program, crash)


def summary_row(student: str, results=(), grade=None, findings=(), report: str = "", problem: str = "") -> SummaryRow:
    """One student's row from what `check` produced (or the problem that stopped it)."""
    failed = grade.failed if grade is not None else tuple(r.check.id for r in results if r.ok is False)
    return SummaryRow(student, None if grade is None else grade.mark, tuple(failed),
                      sum(f.severity == "error" for f in findings), sum(f.severity == "warning" for f in findings),
                      tuple(sorted({f.code for f in findings})), report, problem)


_COLUMNS = ("student", "mark", "failed", "errors", "warnings", "codes", "report", "problem")


def _cells(row: SummaryRow) -> list[str]:
    return [row.student, "" if row.mark is None else f"{row.mark:g}", " ".join(str(i) for i in row.failed),
            str(row.errors), str(row.warnings), " ".join(row.codes), row.report, row.problem]


def _safe_csv(cell: str) -> str:
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell


def summary_csv(rows: list[SummaryRow], lang: str = "en") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([text("REPORT.col." + c, lang) for c in _COLUMNS])
    for row in sorted(rows, key=lambda r: r.student.lower()):
        w.writerow([_safe_csv(c) for c in _cells(row)])
    return buf.getvalue()


def summary_html(rows: list[SummaryRow], spec=None, lang: str = "en") -> str:
    head = "".join(f"<th>{escape(text('REPORT.col.' + c, lang))}</th>" for c in _COLUMNS)
    body = []
    for row in sorted(rows, key=lambda r: r.student.lower()):
        cells = _cells(row)
        tds = []
        for name, cell in zip(_COLUMNS, cells):
            if name == "report" and cell:
                tds.append(f'<td><a href="{escape(cell, quote=True)}">{escape(cell)}</a></td>')
            else:
                tds.append(f"<td>{escape(cell)}</td>")
        cls = "out" if row.problem or row.failed else ""
        body.append(f'<tr class="{cls}">{"".join(tds)}</tr>')
    title = text("REPORT.summary_title", lang) + (f" — {spec.name}" if spec is not None and spec.name else "")
    return (f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body><h1>{escape(title)}</h1>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></body></html>\n")


def write_summary(out_dir: str | Path, rows: list[SummaryRow], spec=None, lang: str = "en") -> tuple[Path, Path]:
    """Write summary.csv and summary.html into `out_dir`, each atomically."""
    out = Path(out_dir)
    return (write_atomic(out / "summary.csv", summary_csv(rows, lang)),
            write_atomic(out / "summary.html", summary_html(rows, spec, lang)))
