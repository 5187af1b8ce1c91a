"""The class summary of `machinesim grade`: summary.csv and summary.html, one row per student.

Rows are sorted by student name, as in the class register. A program that could not be simulated
keeps its row with the problem written out, so one broken program never hides the others. Checks
out of tolerance and checks not measured have their own columns, each check named; a capped mark
is flagged; links to the reports are URL-encoded (`eleve #30/report.html`). CSV cells that a
spreadsheet would run as a formula (=, +, -, @) are prefixed with a quote.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

from ..messages import text
from .html import CSS
from .io import write_atomic


@dataclass(frozen=True)
class SummaryRow:
    student: str
    mark: float | None = None
    failed: tuple[int, ...] = ()     # checks out of tolerance
    errors: int = 0
    warnings: int = 0
    codes: tuple[str, ...] = ()
    report: str = ""                 # path of the student's report.html, relative to the summary
    problem: str = ""                # why there is no mark (unreadable program, crash)
    not_measured: tuple[int, ...] = ()   # checks not measured (surface not machined, feature missing)
    capped: bool = False             # the mark was capped by a critical check
    stopped: int = 0                 # line where the control alarmed and the simulation stopped
    not_machined: bool = False       # the program machined nothing the checks measure: mark 0


def summary_row(student: str, results=(), grade=None, findings=(), report: str = "", problem: str = "",
                stopped_at=None) -> SummaryRow:
    """One student's row from what `check` produced (or the problem that stopped it);
    `stopped_at` is the finding the simulation stopped at, if any."""
    out = tuple(r.check.id for r in results if r.status == "out")
    missing = tuple(r.check.id for r in results if r.status == "not_measured")
    return SummaryRow(student, None if grade is None else grade.mark, out,
                      sum(f.severity == "error" for f in findings), sum(f.severity == "warning" for f in findings),
                      _codes(findings), report, problem, missing,
                      bool(grade is not None and grade.capped), stopped_at.line if stopped_at is not None else 0,
                      bool(grade is not None and grade.not_machined))


def _codes(findings) -> tuple[str, ...]:
    """Each code once, with its repeats when a finding stands for several lines (`SHANK_COLLISION ×5`)."""
    repeats: dict[str, int] = {}
    for f in findings:
        repeats[f.code] = repeats.get(f.code, 0) + max(f.count, 1)
    return tuple(code if n == 1 else f"{code} ×{n}" for code, n in sorted(repeats.items()))


_COLUMNS = ("student", "mark", "capped", "failed", "not_measured", "errors", "warnings", "codes", "stopped",
            "report", "problem")


def _checks(ids, spec) -> str:
    """`1 Largeur poche; 3 Fond` (ids alone without a spec)."""
    names = {c.id: c.name for c in spec.checks} if spec is not None else {}
    return "; ".join(f"{i} {names[i]}".strip() if names.get(i) else str(i) for i in ids)


def _cells(row: SummaryRow, spec=None, lang: str = "en") -> list[str]:
    mark = "" if row.mark is None else f"{row.mark:g}"
    return [row.student, mark, text("REPORT.summary_capped", lang) if row.capped else "",
            _checks(row.failed, spec), _checks(row.not_measured, spec), str(row.errors), str(row.warnings),
            " ".join(row.codes), str(row.stopped) if row.stopped else "", row.report, problem_text(row, lang)]


def problem_text(row: SummaryRow, lang: str = "en") -> str:
    """Why the row has no mark, or why its mark is 0 (nothing machined)."""
    return row.problem or (text("REPORT.not_machined", lang) if row.not_machined else "")


def _safe_csv(cell: str) -> str:
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell


def summary_csv(rows: list[SummaryRow], lang: str = "en", spec=None) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([text("REPORT.col." + c, lang) for c in _COLUMNS])
    for row in sorted(rows, key=lambda r: r.student.lower()):
        w.writerow([_safe_csv(c) for c in _cells(row, spec, lang)])
    return buf.getvalue()


def summary_html(rows: list[SummaryRow], spec=None, lang: str = "en", skipped=()) -> str:
    """The page; `skipped` lists (file, catalogue key of the reason) of the files not graded."""
    head = "".join(f"<th>{escape(text('REPORT.col.' + c, lang))}</th>" for c in _COLUMNS)
    body = []
    for row in sorted(rows, key=lambda r: r.student.lower()):
        cells = _cells(row, spec, lang)
        tds = []
        for name, cell in zip(_COLUMNS, cells):
            if name == "report" and cell:
                tds.append(f'<td><a href="{escape(quote(cell), quote=True)}">{escape(cell)}</a></td>')
            else:
                tds.append(f"<td>{escape(cell)}</td>")
        cls = "out" if row.problem or row.failed or row.not_measured else ""
        body.append(f'<tr class="{cls}">{"".join(tds)}</tr>')
    title = text("REPORT.summary_title", lang) + (f" — {spec.name}" if spec is not None and spec.name else "")
    return (f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body><h1>{escape(title)}</h1>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            f"{_skipped_html(skipped, lang)}</body></html>\n")


def _skipped_html(skipped, lang: str) -> str:
    if not skipped:
        return ""
    items = "".join(f"<li>{escape(text('REPORT.skipped_item', lang, path=path, reason=text(reason, lang)))}</li>"
                    for path, reason in skipped)
    return f"<h2>{escape(text('REPORT.skipped', lang))}</h2><ul>{items}</ul>"


def write_summary(out_dir: str | Path, rows: list[SummaryRow], spec=None, lang: str = "en",
                  skipped=()) -> tuple[Path, Path]:
    """Write summary.csv and summary.html into `out_dir`, each atomically; `skipped` as `summary_html`."""
    out = Path(out_dir)
    return (write_atomic(out / "summary.csv", summary_csv(rows, lang, spec)),
            write_atomic(out / "summary.html", summary_html(rows, spec, lang, skipped)))
