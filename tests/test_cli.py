"""The `machinesim` command: exit codes, messages for people, files written and never overwritten."""
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from machinesim.cli import main

GOOD = """%
O1000 (petite rainure)
G21 G90 G17 G40 G49 G80
T2 M6
G54 G0 X10. Y20. S8000 M3
G43 H2 Z5.
G1 Z-2. F300
G1 X60. F800
G0 Z5.
M5
M30
%
"""


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_moves_prints_the_contract_records(tmp_path, capsys):
    prog = write(tmp_path, "slot.nc", GOOD)
    assert main(["moves", str(prog)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {"n", "line", "kind", "start", "end", "feed", "tool", "spindle"} <= set(records[0])
    cut = [r for r in records if r["kind"] == "feed" and r["line"] == 8]
    assert len(cut) == 1
    # G54 of the default job is machine (-300, -150, -250); with G43 H2 the tip lands on the program point
    assert cut[0]["start"] == [-290.0, -130.0, -252.0] and cut[0]["end"] == [-240.0, -130.0, -252.0]
    assert cut[0]["feed"] == 800.0 and cut[0]["tool"] == 2 and cut[0]["spindle"] == 8000.0


def test_run_writes_result_json_and_exit_0(tmp_path, capsys):
    prog = write(tmp_path, "slot.nc", GOOD)
    out = tmp_path / "out"
    assert main(["--lang", "en", "--quiet", "run", str(prog), "--out", str(out)]) == 0
    doc = json.loads((out / "result.json").read_text())
    assert doc["ok"] is True and doc["findings"] == []
    # a Ø6 flat tool, 2 mm deep, over 50 mm plus its two half discs; the columns count whole cells,
    # so the walls (here on lattice lines) may be off by half a cell: perimeter × depth × h / 2
    expected = (50 * 6 + math.pi * 9) * 2
    assert abs(doc["removed_volume_mm3"] - expected) <= (2 * 50 + 2 * math.pi * 3) * 2 * 0.1 / 2
    assert doc["cycle_time_s"] > 0 and doc["resolution_mm"] == 0.1


def test_run_error_names_line_and_exits_1(tmp_path, capsys):
    prog = write(tmp_path, "bad.nc", GOOD.replace("G1 X60. F800", "G1 X6.0.1 F800"))
    assert main(["--lang", "fr", "--quiet", "run", str(prog), "--out", str(tmp_path / "o")]) == 1
    out = capsys.readouterr().out
    assert "bad.nc, ligne 8 :" in out and "SYNTAX (colonne 4)" in out
    doc = json.loads((tmp_path / "o" / "result.json").read_text())
    assert doc["ok"] is False and doc["findings"][0]["line"] == 8


def test_unusable_input_exits_2_with_a_message(tmp_path, capsys):
    assert main(["--lang", "en", "run", str(tmp_path / "missing.nc")]) == 2
    err = capsys.readouterr().err
    assert "missing.nc" in err and "Traceback" not in err
    prog = write(tmp_path, "slot.nc", GOOD)
    job = write(tmp_path, "job.toml", "[machine]\nresolution = \"fine\"\n")
    assert main(["--lang", "en", "run", str(prog), "--job", str(job)]) == 2
    err = capsys.readouterr().err
    assert "job.toml" in err and "resolution" in err


def test_never_writes_into_a_folder_it_did_not_make(tmp_path, capsys):
    prog = write(tmp_path, "slot.nc", GOOD)
    students = tmp_path / "eleves"
    students.mkdir()
    (students / "result.json").write_text("le travail d'un élève", encoding="utf-8")
    assert main(["--lang", "fr", "--quiet", "run", str(prog), "--out", str(students)]) == 2
    assert (students / "result.json").read_text(encoding="utf-8") == "le travail d'un élève"
    assert "eleves" in capsys.readouterr().err


def test_console_script_entry_point_runs():
    done = subprocess.run([sys.executable, "-m", "machinesim", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    for command in ("demo", "run", "check", "grade", "render", "moves", "bench"):
        assert command in done.stdout
