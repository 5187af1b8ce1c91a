"""The inspection table: one row per check, as a master's fiche de contrôle, for terminals and files."""
from __future__ import annotations

from ..messages import text
from ..metrology.inspection import CheckResult

COLUMNS = ("id", "name", "class", "nominal", "lower", "upper", "measured", "deviation", "verdict", "lines")
MAX_LINES_SHOWN = 6


def number(value: float | None, unit: str = "mm") -> str:
    """mm to the tenth of a micrometre, roughness (µm) to the hundredth."""
    if value is None:
        return "—"
    digits = 2 if unit == "µm" else 4
    return f"{round(value, digits) + 0.0:.{digits}f}"        # + 0.0: no "-0.0000"


def _signed(text_: str) -> str:
    return text_ if text_.startswith("-") else "+" + text_


def lines_text(lines) -> str:
    shown = ", ".join(str(n) for n in list(lines)[:MAX_LINES_SHOWN])
    return shown + (", …" if len(lines) > MAX_LINES_SHOWN else "")


def rows(results: list[CheckResult], lang: str = "en") -> list[list[str]]:
    """The table's cells, as text, in the order of COLUMNS."""
    out = []
    for r in results:
        c = r.check
        dev = r.deviation
        out.append([
            str(c.id), c.name, text("REPORT.class." + c.category, lang),
            number(c.nominal, c.unit) + ("" if c.unit == "mm" else " µm"),
            number(c.lower_limit, c.unit), number(c.upper_limit, c.unit),
            number(r.measured, c.unit), "—" if dev is None else _signed(number(dev, c.unit)),
            text("REPORT.verdict." + r.status, lang), lines_text(r.lines),
        ])
    return out


def headers(lang: str = "en") -> list[str]:
    return [text("REPORT.col." + c, lang) for c in COLUMNS]


def format_table(results: list[CheckResult], lang: str = "en", grade=None) -> str:
    """A plain-text table (one row per check) followed by the mark and the rule, for the terminal."""
    head = headers(lang)
    body = rows(results, lang)
    widths = [max(len(row[i]) for row in [head] + body) for i in range(len(head))]
    numeric = {3, 4, 5, 6, 7}

    def line(cells):
        return "  ".join(cell.rjust(w) if i in numeric else cell.ljust(w)
                         for i, (cell, w) in enumerate(zip(cells, widths))).rstrip()

    out = [line(head), "  ".join("-" * w for w in widths)] + [line(r) for r in body]
    if grade is not None:
        out.append("")
        out.append(text("REPORT.mark", lang, mark=f"{grade.mark:g}", scale=f"{grade.scale:g}"))
        if grade.capped:
            out.append(text("REPORT.capped", lang, cap=f"{grade.critical_cap:g}"))
        if grade.not_machined:
            out.append(text("REPORT.not_machined", lang))
        out.append(text("REPORT.rule", lang, scale=f"{grade.scale:g}", cap=f"{grade.critical_cap:g}"))
    return "\n".join(out)
