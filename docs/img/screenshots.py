"""Make the README's screenshots of `machinesim serve` (student page, master page) in headless Chromium.

    python docs/img/screenshots.py

Starts a server on 127.0.0.1 with a temporary data folder, creates the drilling exercise for class
2B, sends three students' programs, and saves docs/img/student-page.png and docs/img/master-page.png.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "server"))

from browser import ARGS, CHROMIUM  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from serving import MASTER_PASSWORD, running_server  # noqa: E402

SAMPLES = ROOT / "gcode_samples"
OUT = Path(__file__).resolve().parent
WAIT_MS = 300_000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, running_server(Path(tmp)) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        master = browser.new_page(viewport={"width": 1280, "height": 900})
        master.goto(url + "/master")
        master.fill("input[name=password]", MASTER_PASSWORD)
        master.click("form button")
        master.fill("input[name=name]", "Perçage 6 trous")
        master.fill("form[action='/master/exercises'] input[name=class_code]", "2B")
        master.set_input_files("input[name=spec]", str(SAMPLES / "06_percage_spec.toml"))
        master.click("form[action='/master/exercises'] button")
        student = browser.new_page(viewport={"width": 1280, "height": 1000})
        for name, program in (("Hugo Bernard", "06_percage.nc"), ("Inès Moreau", "06_percage.nc"),
                              ("Léa Durand", "06_percage_eleve.nc")):
            student.goto(url + "/")
            student.select_option("#exercise", label="Perçage 6 trous (2B)")
            student.fill("#class_code", "2B")
            student.fill("#student", name)
            student.locator("input[type=file]").first.set_input_files(str(SAMPLES / program))
            student.locator("button").first.click()
            student.wait_for_selector("#view canvas", timeout=WAIT_MS)
        student.check(".msv-bar input[type=checkbox]")
        student.wait_for_timeout(500)
        student.screenshot(path=str(OUT / "student-page.png"), full_page=True)
        master.goto(url + "/master?class_code=2B")
        master.screenshot(path=str(OUT / "master-page.png"), full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
