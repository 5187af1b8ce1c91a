"""report.html: one self-contained page per part (inline CSS, picture embedded as base64 PNG).

Everything that comes from a program, a spec or a file name is escaped: a student's comment
`(<script>…)` shows as text in the master's report.
"""
from __future__ import annotations

import base64
import datetime as _dt
from html import escape
from pathlib import Path

from ..messages import hint, message, text
from ..metrology.inspection import IN, NOT_GRADED
from .io import write_atomic
from .table import headers, rows

CSS = """
body{font-family:system-ui,sans-serif;margin:1.5em;color:#222;max-width:80em}
h1{font-size:1.4em;margin-bottom:.2em} h2{font-size:1.1em;margin-top:1.5em}
table{border-collapse:collapse;font-size:.92em} th,td{border:1px solid #bbb;padding:.25em .5em}
th{background:#eee} td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.out td{background:#fdd;font-weight:600} tr.not_measured td{background:#fdd;font-style:italic}
tr.not_graded td{background:#ffd} .mark{font-size:1.3em;font-weight:700} .capped{color:#b00}
.rule{font-size:.85em;color:#555} pre{background:#f6f6f6;padding:.5em;white-space:pre-wrap}
img{max-width:100%;border:1px solid #ccc} .error{color:#b00} .warning{color:#a60}
"""


def _e(value) -> str:
    return escape(str(value), quote=True)


def picture_tag(picture: bytes | str | Path | None, alt: str) -> str:
    """An <img> with the PNG inlined, or nothing."""
    if picture is None:
        return ""
    data = picture if isinstance(picture, (bytes, bytearray)) else Path(picture).read_bytes()
    return f'<img alt="{_e(alt)}" src="data:image/png;base64,{base64.b64encode(bytes(data)).decode("ascii")}">'


def table_html(results, lang: str = "en") -> str:
    numeric = {3, 4, 5, 6, 7}
    head = "".join(f"<th>{_e(h)}</th>" for h in headers(lang))
    body = []
    for r, cells in zip(results, rows(results, lang)):
        tds = "".join(f'<td class="num">{_e(c)}</td>' if i in numeric else f"<td>{_e(c)}</td>"
                      for i, c in enumerate(cells))
        body.append(f'<tr class="{_e(r.status)}">{tds}</tr>')
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _source_lines(results, source: str | None, lang: str) -> str:
    """The program lines named by the checks that failed, as escaped text."""
    if not source:
        return ""
    program = source.splitlines()
    wanted = sorted({n for r in results if r.status not in (IN, NOT_GRADED) for n in r.lines})
    if not wanted:
        return ""
    shown = "\n".join(f"{n:>5}  {program[n - 1]}" for n in wanted if 0 < n <= len(program))
    return f"<h2>{_e(text('REPORT.source', lang))}</h2><pre>{_e(shown)}</pre>"


def where_text(f, lang: str) -> str:
    """`line 12`, `lines 30–34 (5×)` for one mistake repeated on consecutive lines, or `lines 8–13`
    for one finding about a span of lines (a compensated contour)."""
    if f.line_end and f.line_end != f.line:
        return text("REPORT.at_lines" if f.count > 1 else "REPORT.at_span", lang, line=f.line, end=f.line_end,
                    count=f.count)
    return text("REPORT.at_line", lang, line=f.line)


def _stopped(stop, source: str | None, lang: str) -> str:
    """The line the control alarmed on, quoted: nothing after it was machined."""
    if stop is None:
        return ""
    program = (source or "").splitlines()
    quoted = f"<pre>{stop.line:>5}  {_e(program[stop.line - 1])}</pre>" if 0 < stop.line <= len(program) else ""
    return f'<p class="error">{_e(text("REPORT.stopped", lang, line=stop.line, code=stop.code))}</p>{quoted}'


def _findings(findings, lang: str) -> str:
    if not findings:
        return f"<p>{_e(text('REPORT.no_findings', lang))}</p>"
    items = []
    for f in findings:
        h = hint(f.message_key, lang, **f.params)
        where = f" ({_e(where_text(f, lang))})" if f.line else ""
        items.append(f'<li class="{_e(f.severity)}"><b>{_e(f.code)}</b>{where}: {_e(message(f, lang))}'
                     + (f"<br><i>→ {_e(h)}</i>" if h else "") + "</li>")
    return f"<ul>{''.join(items)}</ul>"


def _design(design, lang: str) -> str:
    if design is None:
        return ""
    s = design.stats
    rows_ = "".join(f"<tr><td>{_e(text('REPORT.kind.' + g['kind'], lang))}</td><td class=num>{g['area']:.2f} mm²</td>"
                    f"<td class=num>{g['extreme']:+.4f}</td><td>{_e(', '.join(f'{v:.2f}' for v in g['centre']))}</td></tr>"
                    for g in design.regions)
    return (f"<h2>{_e(text('REPORT.design', lang))}</h2><p>{_e(text('REPORT.design_stats', lang, **s))}</p>"
            + (f"<table>{rows_}</table>" if rows_ else ""))


def _reference(reference, lang: str) -> str:
    if reference is None:
        return ""
    rows_ = "".join(f"<tr><td>{_e(text('REPORT.kind.' + g['kind'], lang))}</td><td class=num>{g['volume']:.2f} mm³</td>"
                    f"<td>{_e(', '.join(f'{v:.2f}' for v in g['centre']))}</td>"
                    f"<td>{_e(', '.join(str(n) for n in g['lines']))}</td></tr>" for g in reference.regions)
    return (f"<h2>{_e(text('REPORT.reference', lang))}</h2>"
            f"<p>{_e(text('REPORT.reference_stats', lang, missing=reference.missing_mm3, left=reference.left_mm3))}</p>"
            + (f"<table>{rows_}</table>" if rows_ else ""))


def plan_svg(results, job, width: int = 480) -> str:
    """A top view of the stock with each check's place marked, out-of-tolerance ones in red."""
    lo, hi = job.stock_box_machine
    w, h = hi[0] - lo[0], hi[1] - lo[1]
    scale = width / w
    height = h * scale
    marks = []
    for r in results:
        c = r.check
        if c.at is not None:
            x, y = job.to_machine(c.at, c.frame)[:2]
        elif c.region is not None:
            x0, y0 = job.to_machine((c.region[0], c.region[1], 0.0), c.frame)[:2]
            x1, y1 = job.to_machine((c.region[2], c.region[3], 0.0), c.frame)[:2]
            x, y = (x0 + x1) / 2, (y0 + y1) / 2
        else:
            continue
        colour = {"in": "#2a2", "not_graded": "#cc0"}.get(r.status, "#d00")
        px, py = (x - lo[0]) * scale, height - (y - lo[1]) * scale
        marks.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="7" fill="{colour}" fill-opacity="0.8"/>'
                     f'<text x="{px + 9:.1f}" y="{py + 4:.1f}" font-size="12">{_e(c.id)}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 30}" height="{height + 10:.0f}">'
            f'<rect x="1" y="1" width="{width:.1f}" height="{height:.1f}" fill="#eef" stroke="#333"/>'
            f"{''.join(marks)}</svg>")


def report_html(program: str, spec, results, grade=None, findings=(), picture=None, source: str | None = None,
                student: str = "", lang: str = "en", design=None, reference=None, date: str | None = None,
                job=None, viewer: str | None = None, stopped_at=None) -> str:
    """The page as text (see `write_html`)."""
    date = date or _dt.date.today().isoformat()
    head_rows = [("REPORT.part", spec.name), ("REPORT.drawing", spec.drawing), ("REPORT.program", program),
                 ("REPORT.student", student), ("REPORT.date", date)]
    header = "".join(f"<tr><th>{_e(text(k, lang))}</th><td>{_e(v)}</td></tr>" for k, v in head_rows if v)
    mark = ""
    if grade is not None:
        mark = f'<p class="mark">{_e(text("REPORT.mark", lang, mark=f"{grade.mark:g}", scale=f"{grade.scale:g}"))}</p>'
        if grade.capped:
            mark += f'<p class="capped">{_e(text("REPORT.capped", lang, cap=f"{grade.critical_cap:g}"))}</p>'
        if grade.not_machined:
            mark += f'<p class="capped">{_e(text("REPORT.not_machined", lang))}</p>'
        mark += (f'<p class="rule">'
                 f'{_e(text("REPORT.rule", lang, scale=f"{grade.scale:g}", cap=f"{grade.critical_cap:g}"))}</p>')
    all_findings = list(findings) + [r.finding for r in results if r.finding is not None]
    pic = picture_tag(picture, text("REPORT.picture", lang))
    if viewer:
        pic += f'<p><a href="{_e(viewer)}">{_e(text("REPORT.viewer", lang))}</a></p>'

    title = f"{text('REPORT.title', lang)} — {spec.name or program}"
    return (f'<!DOCTYPE html><html lang="{_e(lang)}"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f"<style>{CSS}</style></head><body><h1>{_e(title)}</h1><table>{header}</table>{mark}"
            f"{_stopped(stopped_at, source, lang)}"
            f"{pic and '<h2>' + _e(text('REPORT.picture', lang)) + '</h2>' + pic}"
            f"{'' if job is None else '<h2>' + _e(text('REPORT.plan', lang)) + '</h2>' + plan_svg(results, job)}"
            f"<h2>{_e(text('REPORT.title', lang))}</h2>{table_html(results, lang)}"
            f"{_source_lines(results, source, lang)}{_design(design, lang)}{_reference(reference, lang)}"
            f"<h2>{_e(text('REPORT.findings', lang))}</h2>{_findings(all_findings, lang)}</body></html>\n")


def write_html(path: str | Path, program: str, spec, results, grade=None, **kw) -> Path:
    """Write report.html atomically. Keywords: findings, picture (PNG bytes or path), source (the
    program text, to quote the lines of failed checks), student, lang, design, reference, date,
    job (draws a top view with each check's place, out-of-tolerance ones in red), viewer (relative
    link to the interactive 3D page), stopped_at (the finding the simulation stopped at: said and
    its line quoted)."""
    return write_atomic(path, report_html(program, spec, results, grade, **kw))
