"""The `machinesim` command: exit codes, messages for people, files written and never overwritten."""
import json
import math
import subprocess
import sys

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


SPEC = """[part]
name = "Rainure"
[grading]
scale = 20
critical_cap = 8
[[check]]
id = 1
name = "Largeur rainure 6"
instrument = "inside"
at = [35, 20, -1]
axis = "y"
nominal = 6
tol = 0.02
class = "critical"
points = 2
"""


def test_grade_a_class_where_one_program_is_broken(tmp_path, capsys):
    """The slot of GOOD is 6 mm wide (a Ø6 tool); with T1 (Ø10) it is 10 mm: out, mark 0; a file of
    binary junk gets its row with the reason, and the others are graded all the same."""
    class_dir = tmp_path / "classe"
    class_dir.mkdir()
    write(class_dir, "alice.nc", GOOD)
    write(class_dir, "bruno.nc", GOOD.replace("T2 M6", "T1 M6").replace("H2", "H1"))
    (class_dir / "chloe.nc").write_bytes(bytes(range(256)) * 4)
    spec = write(tmp_path, "spec.toml", SPEC)
    out = tmp_path / "notes"
    assert main(["--lang", "en", "--quiet", "grade", str(class_dir), "--spec", str(spec), "--out", str(out)]) == 0
    rows = {r.split(",")[0]: r.split(",") for r in (out / "summary.csv").read_text().splitlines()[1:]}
    assert rows["alice"][1] == "20" and rows["bruno"][1] == "0" and rows["bruno"][3] == "1 Largeur rainure 6"
    assert rows["chloe"][1] == "" and rows["chloe"][-1]          # no mark, and the reason why
    doc = json.loads((out / "bruno" / "result.json").read_text())
    assert doc["checks"][0]["measured"] == pytest.approx(10.0, abs=1e-6)
    assert (out / "summary.html").is_file() and (out / "alice" / "report.html").is_file()


def test_check_against_the_masters_program(tmp_path, capsys):
    """The student's slot (Ø10 tool) is 4 mm wider than the master's over its 50 mm and 2 mm depth,
    plus the wider half discs at its ends: π·(5² − 3²)·2 mm³ in all; nothing is left over."""
    master = write(tmp_path, "master.nc", GOOD)
    student = write(tmp_path, "student.nc", GOOD.replace("T2 M6", "T1 M6").replace("H2", "H1"))
    spec = write(tmp_path, "spec.toml", SPEC)
    out = tmp_path / "o"
    assert main(["--lang", "en", "--quiet", "check", str(student), "--spec", str(spec),
                 "--reference", str(master), "--out", str(out)]) == 1
    ref = json.loads((out / "result.json").read_text())["reference"]
    missing = (50 * 4 + math.pi * (25 - 9)) * 2
    assert ref["left_mm3"] == pytest.approx(0.0, abs=1.0)
    assert ref["missing_mm3"] == pytest.approx(missing, rel=0.03)   # the comparison's 0.5 mm grid


def test_render_never_writes_a_picture_over_the_program(tmp_path, capsys):
    prog = write(tmp_path, "slot.nc", GOOD)
    assert main(["--lang", "en", "render", str(prog), "-o", str(prog)]) == 2
    assert prog.read_text(encoding="utf-8") == GOOD
    assert "slot.nc" in capsys.readouterr().err


@pytest.mark.parametrize("lang, more", [("en", "… and 15 more OVERLOAD"), ("fr", "… et 15 autres OVERLOAD")])
def test_a_flood_of_one_finding_prints_the_first_ones_and_a_count(capsys, lang, more):
    """A program 60 mm too deep (no G43) printed 4,800 lines of OVERLOAD: the terminal shows the
    first PRINTED_PER_CODE of a code, then how many more, and every other code in full."""
    from machinesim.cli import PRINTED_PER_CODE, _print_findings
    from machinesim.findings import Finding

    flood = [Finding("OVERLOAD", severity="warning", line=10 + 2 * k, file="p.nc", key="OVERLOAD",
                     params={"tool": 1, "area": 12.0, "depth": 4.0, "limit": 10.0}) for k in range(PRINTED_PER_CODE + 15)]
    _print_findings(flood + [Finding("RAPID_IN_MATERIAL", line=999, file="p.nc")], lang)
    out = capsys.readouterr().out
    assert out.count("OVERLOAD") == PRINTED_PER_CODE + 1 and more in out
    assert f"{10 + 2 * (PRINTED_PER_CODE - 1)}" in out and f"{10 + 2 * PRINTED_PER_CODE}:" not in out
    assert "RAPID_IN_MATERIAL" in out and "999" in out


def test_a_program_that_cuts_the_whole_stock_away_still_gets_its_files(tmp_path, capsys):
    """Nothing left of the stock (a CAMotics example run without G43 went 60 mm too deep): the
    findings, an empty picture and an empty 3D page, never an internal error."""
    job = write(tmp_path, "job.toml", """
[machine]
travel = { x = [-100, 100], y = [-100, 100], z = [-100, 50] }
[offsets]
G54 = [0, 0, 0]
[stock]
box = { min = [0, 0, -5], max = [10, 10, 0] }
[[tool]]
number = 1
type = "flat"
diameter = 30
flute_length = 40
length = 50
""")
    prog = write(tmp_path, "all.nc", "G21 G90 G17\nT1 M6\nG0 X-20 Y5 Z10 S1000 M3\nG43 H1 Z10\n"
                                     "G1 Z-10 F100\nG1 X30\nG0 Z10\nM30\n")
    out = tmp_path / "out"
    code = main(["--lang", "en", "--quiet", "run", str(prog), "--job", str(job), "--out", str(out)])
    printed = capsys.readouterr()
    assert code in (0, 1) and "Internal error" not in printed.out + printed.err
    doc = json.loads((out / "result.json").read_text())
    assert doc["removed_volume_mm3"] == pytest.approx(10 * 10 * 5, rel=1e-6)
    assert (out / "part.png").stat().st_size > 0 and (out / "part3d.html").stat().st_size > 0
