"""Every word a person reads comes from the catalogue: French pages and messages carry no English
fragment, English ones no French (issue 11: "doit être a positive number", "(line N)", "(bore)")."""
import re
from html import unescape

import pytest

from machinesim import messages
from machinesim.findings import Finding, InputError
from machinesim.job import parse_job
from machinesim.metrology import NOT_MEASURED, OUT, CheckResult, grade, parse_spec
from machinesim.metrology.compare import ReferenceComparison
from machinesim.report import SummaryRow, format_table, report_html
from machinesim.report.summary import summary_html

# words of one language that the other never uses (identifiers such as bore, at, true stay out)
ENGLISH = set("the is are was not number numbers must line lines file files or and with of to be this that "
              "check checks missing left above from which value whole list like by its when where has have "
              "there should give use add fix see would only any all quotes cannot could does".split())
FRENCH = set("le la les est sont pas ligne lignes fichier une des du avec pour dans sur cette ce cote cotes "
             "outil vérifiez ajoutez donnez mettez matière trop peut être ou et aucun aucune ne".split())
FOREIGN = {"fr": ENGLISH, "en": FRENCH}


class _Any(dict):
    def __missing__(self, key):
        return 7


def foreign_words(text: str, lang: str) -> list[str]:
    """Words of the other language, outside quotes, brackets and code (a key name, a G-code word)."""
    text = re.sub(r"«[^»]*»|'[^']*'|\"[^\"]*\"|\[[^\]]*\]|\{[^}]*\}|`[^`]*`|%\([^)]*\)\w", " ", text)
    return [w for w in re.findall(r"[A-Za-zÀ-ÿ]+", text) if w.lower() in FOREIGN[lang]]


def _visible(page: str) -> str:
    page = re.sub(r"<style>.*?</style>|<svg.*?</svg>|<img[^>]*>", " ", page, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_detector_finds_the_fragments_of_the_issue():
    assert foreign_words("La clé « x » doit être a positive number, pas -1.", "fr")
    assert foreign_words("Largeur (line 12)", "fr") and not foreign_words("Largeur (ligne 12)", "fr")
    assert foreign_words("The file is not here: vérifiez le fichier", "en")


@pytest.mark.parametrize("lang", messages.LANGS)
def test_every_catalogue_sentence_is_in_its_language(lang):
    bad = {}
    for key, entry in messages.CATALOGUE.items():
        for field in (lang, "hint_" + lang):
            if field in entry:
                words = foreign_words(entry[field].format_map(_Any()), lang)
                if words:
                    bad[f"{key} {field}"] = words
    assert not bad


JOBS = [{"machine": {"rapid": -5}}, {"machine": {"rapid": "vite"}}, {"stock": {"box": {"min": [0, 0], "max": [1, 1, 1]}}},
        {"machine": {"name": 3}}, {"tool": "T1"}, {"stock": 5}]
SPECS = [{"check": [{"id": 1, "instrument": "inside", "at": [0, 0, 0], "axis": "w", "nominal": 1, "tol": 0.1}]},
         {"check": [{"id": 1, "instrument": "inside", "at": [0, 0, 0], "axis": [0, 0, 0], "nominal": 1, "tol": 0.1}]},
         {"check": [{"id": 1.5, "instrument": "inside", "at": [0, 0, 0], "nominal": 1, "tol": 0.1}]},
         {"check": [{"id": 1, "instrument": "inside", "at": [0, 0], "nominal": 1, "tol": 0.1}]},
         {"check": [{"id": 1, "instrument": "position", "of": "a", "nominal": 1, "tol": 0.1}]},
         {"part": 3, "check": []}, {"part": {"general": "DIN 7168"}, "check": []}]


@pytest.mark.parametrize("lang", messages.LANGS)
def test_messages_about_job_and_spec_files_carry_no_other_language(lang):
    said = []
    for raw in JOBS:
        with pytest.raises(InputError) as caught:
            parse_job(raw, "job.toml")
        said.append(messages.render(caught.value.finding, lang))
    for raw in SPECS:
        with pytest.raises(InputError) as caught:
            parse_spec({"part": {"name": "p"}, **raw}, "spec.toml")
        said.append(messages.render(caught.value.finding, lang))
    assert [s for s in said if foreign_words(s, lang)] == []


def _spec():
    return parse_spec({"part": {"name": "Plaque", "drawing": "PS-001"}, "grading": {"scale": 20, "critical_cap": 8},
                       "check": [{"id": 1, "name": "Largeur", "instrument": "inside", "at": [50, 40, -2.5],
                                  "axis": "x", "nominal": 40, "tol": 0.05, "class": "critical"},
                                 {"id": 2, "name": "Alésage", "instrument": "bore", "at": [20, 20, -5],
                                  "nominal": 8, "fit": "H7"}]}, "spec.toml")


@pytest.mark.parametrize("lang", messages.LANGS)
def test_reports_and_summaries_are_in_one_language(lang):
    from machinesim.job import load_job
    from machinesim.metrology.inspection import _finding

    spec = _spec()
    c1, c2 = spec.checks
    results = [CheckResult(c1, 40.2, 2e-6, OUT, (31, 32)),
               CheckResult(c2, None, 0.0, NOT_MEASURED, (), _finding(c2, "MEASURE.in_material"))]
    mark = grade(spec, results)
    findings = [Finding("SHANK_COLLISION", line=30, line_end=34, count=5, params={"tool": 2}),
                Finding("ARC_GEOMETRY", key="ARC_GEOMETRY.reach", line=40, params={"r": "1", "half": "3"})]
    reference = ReferenceComparison(missing_mm3=4.0, left_mm3=1.0, spacing=0.5,
                                    regions=[{"kind": "missing", "volume": 4.0, "centre": [1, 2], "lines": [3]},
                                             {"kind": "left", "volume": 1.0, "centre": [5, 6], "lines": [7]}])
    page = report_html("p.nc", spec, results, mark, findings=findings, source="G0\n" * 50, lang=lang,
                       job=load_job(), reference=reference, stopped_at=findings[1])
    summary = summary_html([SummaryRow("ana", 8.0, (1,), 1, 0, ("ARC_GEOMETRY",), "ana/report.html",
                                       not_measured=(2,), capped=True, stopped=40)], spec, lang,
                           skipped=[("consignes.txt", "GRADE.skip_not_gcode")])
    table = format_table(results, lang, mark)
    for text in (_visible(page), _visible(summary), table):
        assert foreign_words(text, lang) == []
    assert messages.text("REPORT.at_lines", lang, line=30, end=34, count=5) in _visible(page)
    assert f'<html lang="{lang}">' in page and f'<html lang="{lang}">' in summary


@pytest.mark.parametrize("lang", messages.LANGS)
def test_command_line_help_and_errors_are_in_one_language(lang, capsys):
    from machinesim.cli import main

    for argv in (["--help"], ["check", "--help"], ["grade", "--help"], ["render", "--help"], ["run"],
                 ["run", "x.nc", "--frob"], ["render", "x.nc", "--frames", "many"]):
        with pytest.raises(SystemExit):
            main(argv + ["--lang", lang])
        said = capsys.readouterr()
        text = re.sub(r"--?[\w-]+|\b[A-Z]{2,}\b|machinesim|\{[^}]*\}|\b(demo|run|check|grade|render|moves|bench)\b",
                      " ", said.out + said.err)
        assert text.strip() and foreign_words(text, lang) == [], argv
