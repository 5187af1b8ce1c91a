"""The pages in real headless Chromium: a student drops a program and sees the findings and the part;
the master logs in and sees the class. No JavaScript error, nothing fetched from the internet."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import numpy as np
import pytest

from browser import canvas_pixels, drawn, open_page
from serving import MASTER_PASSWORD

SAMPLES = Path(__file__).resolve().parents[2] / "gcode_samples"
WAIT_MS = 120_000


def send_through_the_page(page, server: str, program: Path) -> None:
    """What a student does: the page's first file input, then its first button."""
    page.goto(server + "/")
    page.locator("input[type=file]").first.set_input_files(str(program))
    page.locator("button").first.click()
    page.wait_for_selector("#findings li", timeout=WAIT_MS)
    page.wait_for_selector("#view canvas", timeout=WAIT_MS)


def new_exercise(page, name: str, class_code: str, spec: Path, job: Path | None = None) -> None:
    """What the master does on the master page (logged in) to set an exercise for a class."""
    form = "form[action='/master/exercises']"
    page.fill(f"{form} input[name=name]", name)
    page.fill(f"{form} input[name=class_code]", class_code)
    if job is not None:
        page.set_input_files(f"{form} input[name=job]", str(job))
    page.set_input_files(f"{form} input[name=spec]", str(spec))
    page.click(f"{form} button")


def test_student_sees_each_finding_with_its_code_and_highlighted_line_and_the_part(browser, server, tmp_path):
    page, watch = open_page(browser)
    program = SAMPLES / "06_percage_eleve.nc"
    send_through_the_page(page, server, program)
    shown = page.eval_on_selector_all("#findings li", "ls => ls.map(l => [l.dataset.code, +l.dataset.line, l.innerText])")
    source = program.read_text().splitlines()
    marked = next(i for i, line in enumerate(source, 1) if "(ERREUR" in line)
    first_cut = next(i for i, line in enumerate(source, 1) if i > marked and re.search(r"\bG8[1-9]\b", line))
    assert [(code, line) for code, line, _ in shown] == [("SPINDLE_OFF_CUT", first_cut)]
    assert f"ligne {first_cut}" in shown[0][2]
    highlighted = page.eval_on_selector_all(".src.hl", "rows => rows.map(r => r.id)")
    assert highlighted == [f"L{first_cut}"]
    assert page.inner_text(f"#L{first_cut}").strip() == f"{first_cut}{source[first_cut - 1]}"
    pixels = canvas_pixels(page, "#view canvas")
    assert drawn(pixels).mean() > 0.05, "the 3D view is blank"
    page.click("button[data-view=top]")
    top = drawn(canvas_pixels(page, "#view canvas"))
    ys, xs = np.nonzero(top)
    assert (np.ptp(xs) + 1) / (np.ptp(ys) + 1) == pytest.approx(100 / 80, rel=0.05)   # the 100 x 80 stock
    page.click("button[data-view=iso]")
    page.screenshot(path=str(tmp_path / "student-page.png"), full_page=True)
    assert watch.errors == [] and watch.outside == []
    page.close()


def test_a_comment_holding_markup_shows_as_text(browser, server, tmp_path):
    program = tmp_path / "piege.nc"
    program.write_text('%\nO0001 (<script>window.hacked=1</script><img src=x onerror="window.hacked=2">)\n'
                       "G0 G90 X10 Y10 Z5\nM30\n%\n")
    page, watch = open_page(browser)
    send_through_the_page(page, server, program)
    assert page.evaluate("() => window.hacked") is None
    assert page.locator("#listing img, #listing script").count() == 0
    assert "(<script>window.hacked=1</script><img src=x" in page.inner_text("#L2")
    assert watch.errors == [] and watch.outside == []
    page.close()


def test_english_switch(browser, server):
    page, watch = open_page(browser)
    page.goto(server + "/")
    assert page.inner_text("button#go") == "Simuler"
    page.click("header a.lang")
    assert page.inner_text("button#go") == "Simulate" and page.evaluate("document.documentElement.lang") == "en"
    page.goto(server + "/")                                   # the choice is remembered
    assert page.inner_text("button#go") == "Simulate"
    page.goto(server + "/?lang=fr")
    page.close()


def test_master_logs_in_creates_an_exercise_and_sees_the_class_with_marks(browser, server, tmp_path):
    page, watch = open_page(browser)
    page.goto(server + "/master")
    page.fill("input[name=password]", "wrong password")
    page.click("form button")
    assert page.locator(".problem").count() == 1
    page.fill("input[name=password]", MASTER_PASSWORD)
    page.click("form button")
    new_exercise(page, "Perçage 6 trous", "2B", spec=SAMPLES / "06_percage_spec.toml")
    assert "Perçage 6 trous" in page.inner_text("main")
    # a student of 2B does the exercise
    student, _ = open_page(browser)
    student.goto(server + "/")
    student.select_option("#exercise", label="Perçage 6 trous (2B)")
    student.fill("#class_code", "2B")
    student.fill("#student", "Léa <b>Durand</b>")
    student.locator("input[type=file]").first.set_input_files(str(SAMPLES / "06_percage.nc"))
    student.locator("button").first.click()
    student.wait_for_selector("#status .problem", timeout=WAIT_MS)           # a name with markup is refused
    student.fill("#student", "Léa Durand")
    student.locator("button").first.click()
    student.wait_for_selector(".mark", timeout=WAIT_MS)
    assert student.inner_text(".mark").endswith("20 / 20")
    assert student.locator("#inspection tbody tr").count() == len(
        tomllib.loads((SAMPLES / "06_percage_spec.toml").read_text())["check"])
    student.close()
    page.goto(server + "/master?class_code=2B")
    row = page.locator("#submissions tbody tr").first
    assert "Léa Durand" in row.inner_text() and "20" in row.locator("td.num").inner_text()
    csv_text = page.request.get(server + "/master/summary.csv?exercise=1&class_code=2B").text()
    assert re.search(r"^Léa Durand,20,", csv_text, re.M)
    # grading a folder from the page: one submission per program, named after the file
    folder = tmp_path / "classe"
    folder.mkdir()
    (folder / "hugo.nc").write_bytes((SAMPLES / "06_percage.nc").read_bytes())
    (folder / "ines.nc").write_bytes((SAMPLES / "06_percage_eleve.nc").read_bytes())
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    page.set_input_files("input[name=programs]", str(folder))
    page.select_option("form[action='/master/grade'] select[name=exercise]", label="Perçage 6 trous (2B)")
    page.click("form[action='/master/grade'] button")
    students = page.eval_on_selector_all("#submissions tbody tr td:nth-child(3)", "cells => cells.map(c => c.innerText)")
    assert sorted(students) == ["Léa Durand", "hugo", "ines"]
    page.screenshot(path=str(tmp_path / "master-page.png"), full_page=True)
    assert watch.errors == [] and watch.outside == []
    page.close()


def test_the_student_sees_the_wear_offset_to_change(browser, server, tmp_path):
    """The wear-offset loop from a browser: an exercise in workshop mode (gcode_samples/11_usure),
    the first run's width out by a few hundredths, and among the findings what to change, as
    `check` prints it (the server measured without the workshop model before 0.3.2: no advice)."""
    exercise = SAMPLES / "11_usure"
    page, watch = open_page(browser)
    page.goto(server + "/master")
    page.fill("input[name=password]", MASTER_PASSWORD)
    page.click("form button")
    new_exercise(page, "Tenon usure", "2C", spec=exercise / "tenon_spec.toml", job=exercise / "tenon.toml")
    student, seen = open_page(browser)
    student.goto(server + "/")
    student.select_option("#exercise", label="Tenon usure (2C)")
    student.fill("#class_code", "2C")
    student.fill("#student", "Noé Martin")
    student.locator("input[type=file]").first.set_input_files(str(exercise / "tenon.nc"))
    student.locator("button").first.click()
    student.wait_for_selector("#inspection tbody tr", timeout=WAIT_MS)
    said = student.eval_on_selector_all("#findings li", "ls => ls.map(l => [l.dataset.code, l.innerText])")
    advice = [text for code, text in said if code == "MEASURE"]
    assert len(advice) == 2 and all("Corrigez l'usure D1 de -0.015 mm" in text for text in advice), said
    student.screenshot(path=str(tmp_path / "wear-advice.png"), full_page=True)
    assert seen.errors == [] and seen.outside == [] and watch.errors == []
    student.close()
    page.close()
