"""Reports: the table, result.json per the contract, escaped HTML, atomic files, class summary."""
import csv
import io
import json
import os
import re

import pytest

from machinesim.findings import Finding
from machinesim.metrology import IN, NOT_MEASURED, OUT, CheckResult, grade, parse_spec
from machinesim.report import SummaryRow, format_table, write_html, write_result, write_summary
from machinesim.report.io import write_atomic

SCRIPT = "<script>alert('x')</script>"

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


def spec(name="Plaque support"):
    return parse_spec({
        "part": {"name": name, "drawing": "PS-001", "general": "ISO 2768-m"},
        "grading": {"scale": 20, "critical_cap": 8},
        "check": [
            {"id": 1, "name": "Largeur poche", "instrument": "inside", "at": [50, 40, -2.5], "axis": "x",
             "nominal": 40, "tol": 0.05, "class": "critical", "points": 3},
            {"id": 2, "name": "Profondeur " + SCRIPT, "instrument": "depth", "at": [50, 40, -1], "nominal": 5},
            {"id": 3, "name": "Alésage", "instrument": "bore", "at": [20, 20, -5], "nominal": 8, "fit": "H7"},
        ]}, "spec.toml")


def results(s):
    c1, c2, c3 = s.checks
    return [CheckResult(c1, 39.9, 2e-6, OUT, (31, 32)),
            CheckResult(c2, 5.012, 2e-6, IN, (40,)),
            CheckResult(c3, None, 0.0, NOT_MEASURED, (),
                        Finding("MEASURE", key="MEASURE.in_material",
                                params={"id": 3, "name": "Alésage", "instrument": "bore"}))]


def test_terminal_table_has_one_row_per_check_and_the_rule():
    s = spec()
    rs = results(s)
    out = format_table(rs, "fr", grade(s, rs))
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["n°", "désignation", "classe"]
    row1 = next(line for line in lines if line.startswith("1 "))
    assert "critique" in row1 and "39.9500" in row1 and "40.0500" in row1 and "39.9000" in row1
    assert "-0.1000" in row1 and "NON CONFORME" in row1 and "31, 32" in row1
    assert "8.0150" in next(line for line in lines if line.startswith("3 "))     # 8 H7 upper limit
    assert "Note : 4 / 20" in out                         # 1 point of 5, already below the cap of 8
    assert "plafonne" in out


def test_result_json_follows_the_contract(tmp_path):
    s = spec()
    rs = results(s)
    path = write_result(tmp_path / "result.json", "part.nc", [Finding("NO_FEED", line=7, column=1)], rs,
                        grade(s, rs), cycle_time_s=12.5, removed_volume_mm3=3000.0, resolution_mm=0.1)
    doc = json.loads(path.read_text(encoding="utf-8"))
    for key in ("program", "ok", "findings", "cycle_time_s", "removed_volume_mm3", "resolution_mm", "checks",
                "grade"):
        assert key in doc
    assert doc["ok"] is False and doc["grade"] == 4.0
    f = doc["findings"][0]
    assert (f["severity"], f["code"], f["line"], f["column"]) == ("error", "NO_FEED", 7, 1) and f["message"]
    c = doc["checks"][0]
    assert {k: c[k] for k in ("id", "name", "nominal", "measured", "lower", "upper", "ok", "lines")} == {
        "id": 1, "name": "Largeur poche", "nominal": 40.0, "measured": 39.9, "lower": 39.95, "upper": 40.05,
        "ok": False, "lines": [31, 32]}
    assert c["deviation"] == pytest.approx(-0.1) and c["uncertainty"] == pytest.approx(2e-6)
    assert doc["checks"][2]["measured"] is None and doc["checks"][2]["ok"] is False
    assert any(f["code"] == "MEASURE" for f in doc["findings"])


def test_html_escapes_everything_from_programs_and_specs(tmp_path):
    s = spec(name="Pièce " + SCRIPT)
    rs = results(s)
    source = "\n".join(f"N{i} G1 X{i}" for i in range(1, 40))
    source = source.replace("N31 G1 X31", "N31 G1 X31 (" + SCRIPT + ")")
    path = write_html(tmp_path / "report.html", "eleve_" + SCRIPT + ".nc", s, rs, grade(s, rs),
                      findings=[Finding("UNSUPPORTED", severity="warning", line=3, params={"word": SCRIPT})],
                      picture=PNG, source=source, student=SCRIPT, lang="en")
    page = path.read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert 'src="data:image/png;base64,' in page
    assert re.search(r'<tr class="out">.*?Largeur poche', page)           # the failed row is highlighted
    assert "N31 G1 X31 (&lt;script&gt;" in page                          # the line of the failed check
    assert "Mark capped" not in page and "Rule:" in page


def test_atomic_writing_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    write_atomic(target, "old report")

    def broken_fsync(fd):
        raise OSError("disk full")
    monkeypatch.setattr(os, "fsync", broken_fsync)
    s = spec()
    rs = results(s)
    with pytest.raises(OSError):
        write_html(target, "p.nc", s, rs, grade(s, rs))
    with pytest.raises(OSError):
        write_result(tmp_path / "result.json", "p.nc", results=rs)
    with pytest.raises(OSError):
        write_summary(tmp_path, [SummaryRow("ana", 12.0)])
    assert target.read_text() == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]      # no temporary files left


def test_summary_sorted_by_student_safe_csv_and_escaped_html(tmp_path):
    rows = [SummaryRow("zoé", 15.5, (2,), 0, 1, ("CHIP_LOAD",), "zoe/report.html"),
            SummaryRow("=HYPERLINK(\"http://x\")", None, problem="SYNTAX"),
            SummaryRow("Adam " + SCRIPT, 8.0, (1, 3), 2, 0, ("NO_FEED",), "adam/report.html")]
    csv_path, html_path = write_summary(tmp_path, rows, spec(), "fr")
    table = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    assert table[0][:5] == ["élève", "note", "plafond", "cotes non conformes", "cotes non mesurées"]
    assert [r[0][:4] for r in table[1:]] == ["'=HY", "Adam", "zoé"]
    names = {c.id: c.name for c in spec().checks}
    assert table[2][1:4] == ["8", "", f"1 {names[1]}; 3 {names[3]}"]
    page = html_path.read_text(encoding="utf-8")
    assert "<script" not in page.lower() and 'href="zoe/report.html"' in page


def test_plan_view_and_comparison_sections(tmp_path):
    from machinesim.job import load_job
    from machinesim.metrology.compare import DesignComparison, ReferenceComparison
    s = spec()
    rs = results(s)
    design = DesignComparison(distances=None, stats={"min": -0.1, "max": 0.2, "mean": 0.01, "std": 0.05,
                                                     "beyond": 12.5, "tolerance": 0.05},
                              regions=[{"kind": "gouge", "area": 1600.0, "extreme": -0.1, "centre": [0.1, 40, -10]}])
    reference = ReferenceComparison(missing_mm3=450.25, left_mm3=0.0, spacing=0.25,
                                    regions=[{"kind": "missing", "volume": 450.25, "centre": [20, 20],
                                              "lines": [104, 105]}])
    page = write_html(tmp_path / "r.html", "p.nc", s, rs, grade(s, rs), job=load_job(), design=design,
                      reference=reference, lang="fr").read_text(encoding="utf-8")
    svg = page[page.index("<svg"):page.index("</svg>")]
    # checks 1 (out) and 3 (not measured) in red at their places, check 2 (in) in green
    assert svg.count('fill="#d00"') == 2 and svg.count('fill="#2a2"') == 1
    assert "450.25 mm³" in page and "104, 105" in page and "12.5 %" in page


def test_summary_row_from_a_check():
    from machinesim.report import summary_row
    s = spec()
    rs = results(s)
    row = summary_row("léa", rs, grade(s, rs), [Finding("NO_FEED"), Finding("CHIP_LOAD", severity="warning"),
                                                  Finding("NO_FEED", line=9)], "lea/report.html")
    assert (row.mark, row.failed, row.not_measured, row.errors, row.warnings, row.codes) == (
        4.0, (1,), (3,), 2, 1, ("CHIP_LOAD", "NO_FEED ×2"))
    grouped = summary_row("noé", findings=[Finding("SHANK_COLLISION", line=30, line_end=34, count=5)])
    assert grouped.codes == ("SHANK_COLLISION ×5",) and grouped.errors == 1
    broken = summary_row("max", problem="SYNTAX")
    assert broken.mark is None and broken.problem == "SYNTAX"
