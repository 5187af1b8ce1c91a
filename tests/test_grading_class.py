"""Grades a master can sign (issue 11): untouched stock earns nothing, a class folder is read the way
a teacher fills it, the summary says what failed and why, and the command line survives its user."""
import csv
import doctest
import errno
import io
import json
import os
from html import escape
from pathlib import Path

import pytest

import machinesim
from machinesim import api, messages
from machinesim.class_folder import reads_as_gcode
from machinesim.cli import global_options_first, main
from machinesim.findings import InputError

SLOT = """%
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
# the Ø6 slot of SLOT: x 10..60 (plus half discs), y 17..23, floor at z -2
SPEC = """[part]
name = "Rainure"
[grading]
scale = 20
critical_cap = 8
[[check]]
id = 1
name = "Largeur rainure"
instrument = "inside"
at = [35, 20, -1]
axis = "y"
nominal = 6
tol = 0.02
class = "critical"
points = 2
[[check]]
id = 2
name = "Planéité fond"
instrument = "flatness"
region = [20, 19, 50, 21]
nominal = 0
tol = 0.02
points = 1
[[check]]
id = 3
name = "Planéité dessus"
instrument = "flatness"
region = [70, 50, 90, 70]
nominal = 0
tol = 0.02
points = 1
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def spec(tmp_path):
    return write(tmp_path, "spec.toml", SPEC)


def test_api_docstring_examples_run():
    for module in (machinesim, api):
        failed, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert tried > 0 and failed == 0


def test_every_caller_catchable_exception_is_a_machinesim_error(tmp_path):
    from machinesim.render import RenderingUnavailable

    assert issubclass(InputError, machinesim.Error) and issubclass(RenderingUnavailable, machinesim.Error)
    with pytest.raises(machinesim.Error) as caught:
        machinesim.simulate(tmp_path)
    assert caught.value.finding.key == "FILE.folder"


def test_program_that_removes_nothing_is_not_machined(tmp_path, spec, capsys):
    """Only rapids above the part: every check 'not machined', mark 0 and said so, exit 1 (not 3)."""
    prog = write(tmp_path, "vide.nc", "%\nG21 G90\nG0 Z50.\nM30\n%\n")
    out = tmp_path / "o"
    assert main(["--lang", "fr", "--quiet", "check", str(prog), "--spec", str(spec), "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    assert printed.count("surface non usinée") == 3 and messages.text("REPORT.not_machined", "fr") in printed
    doc = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert doc["grade"] == 0 and doc["grade_detail"]["not_machined"] is True
    assert [c["status"] for c in doc["checks"]] == ["not_measured"] * 3
    empty = tmp_path / "rien.nc"
    empty.write_text("", encoding="utf-8")
    assert main(["--lang", "en", "--quiet", "check", str(empty), "--spec", str(spec), "--out", str(tmp_path / "e")]) == 1


def test_flatness_on_a_surface_no_move_cut_earns_nothing(spec):
    """The slot's floor is cut (flat: in tolerance); the top face far from it is raw stock."""
    part = machinesim.check(SLOT, spec)
    floor, top = part.results[1], part.results[2]
    assert floor.status == "in" and floor.measured == pytest.approx(0.0, abs=1e-6)
    assert top.status == "not_measured" and top.finding.key == "MEASURE.not_machined"
    assert part.grade.not_measured == (3,) and part.grade.mark == pytest.approx(20 * 3 / 4)


def test_class_folder_as_a_teacher_fills_it(tmp_path, spec, capsys):
    classe = tmp_path / "classe"
    write(classe, "eleve28.nc", SLOT)
    write(classe, "eleve28.txt", SLOT.replace("T2 M6", "T1 M6").replace("H2", "H1"))   # Ø10: 10 mm wide
    write(classe, "O1001", SLOT)                                                      # Fanuc habit
    write(classe, "groupe B/zoe.ngc", SLOT)
    write(classe, "eleve #30.nc", SLOT)
    write(classe, "consignes.txt", "Consignes : usinez la rainure de 6 mm au centre.\nDurée 2 h.\n")
    write(classe, "spec.toml", SPEC)
    write(classe, "O1002", "")                                                        # handed in empty
    write(classe, "programme", SLOT)                                                  # no extension
    write(classe, ".DS_Store", "\x00\x01")
    out = tmp_path / "notes"
    assert main(["--lang", "en", "--quiet", "grade", str(classe), "--spec", str(spec), "--out", str(out)]) == 0
    table = list(csv.reader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8"))))
    rows = {r[0]: r for r in table[1:]}
    assert set(rows) == {"eleve28.nc", "eleve28.txt", "O1001", "O1002", "programme", "groupe B/zoe", "eleve #30"}
    assert rows["O1002"][1] == "0" and rows["O1001"][1] == rows["programme"][1] == "15"
    assert rows["O1002"][-1] == messages.text("REPORT.not_machined", "en")          # the mark says why
    a = json.loads((out / "eleve28.nc" / "result.json").read_text(encoding="utf-8"))
    b = json.loads((out / "eleve28.txt" / "result.json").read_text(encoding="utf-8"))
    assert a["program"] == "eleve28.nc" and a["checks"][0]["measured"] == pytest.approx(6.0, abs=1e-6)
    assert b["program"] == "eleve28.txt" and b["checks"][0]["measured"] == pytest.approx(10.0, abs=1e-6)
    col = {name: i for i, name in enumerate(table[0])}
    assert rows["eleve28.txt"][col["failed checks"]] == "1 Largeur rainure"
    assert rows["eleve28.txt"][col["checks not measured"]] == "3 Planéité dessus"
    page = (out / "summary.html").read_text(encoding="utf-8")
    assert 'href="eleve%20%2330/report.html"' in page and (out / "eleve #30" / "report.html").is_file()
    printed = capsys.readouterr().out
    assert "consignes.txt" in printed and "spec.toml" in printed and "consignes.txt" in page


def test_a_second_run_keeps_only_the_students_of_its_summary(tmp_path, spec):
    classe = tmp_path / "classe"
    write(classe, "alice.nc", SLOT)
    write(classe, "groupe/bruno.nc", SLOT)
    out = tmp_path / "notes"
    machinesim.grade_folder(classe, spec, out=out, workers=1)
    assert (out / "groupe" / "bruno" / "report.html").is_file()
    (classe / "groupe" / "bruno.nc").unlink()
    (out / "alice" / "notes du professeur.txt").write_text("à garder", encoding="utf-8")
    grades = machinesim.grade_folder(classe, spec, out=out, workers=1)
    assert [r.student for r in grades.rows] == ["alice"] and not (out / "groupe").exists()
    assert (out / "alice" / "notes du professeur.txt").read_text(encoding="utf-8") == "à garder"


def test_an_empty_class_is_refused_and_leaves_no_folder(tmp_path, spec, capsys, monkeypatch):
    classe = tmp_path / "vide"
    write(classe, "consignes.txt", "Usinez la poche.\n")
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", "en", "grade", str(classe), "--spec", str(spec)]) == 2
    assert "holds no program" in capsys.readouterr().err and not (tmp_path / "machinesim-vide").exists()
    assert main(["--lang", "en", "grade", str(classe / "consignes.txt"), "--spec", str(spec)]) == 2
    assert "is a file, not a class folder" in capsys.readouterr().err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("machinesim-")]


def test_prose_and_tables_are_not_gcode():
    assert reads_as_gcode(SLOT.encode()) and reads_as_gcode(b"O1001\nG0X10.Y20.\nG1Z-2.F100\nM30\n")
    assert reads_as_gcode(b"#1 = 5\nWHILE [#1 GT 0] DO1\nG1 X[#1*2] F100\n#1 = [#1 - 1]\nEND1\nM30\n")
    assert not reads_as_gcode("Consignes :\nUsinez la poche P1 de 40 mm, outil T2.\nNote sur 20.\n".encode())
    assert not reads_as_gcode(b"id,name,nominal\n1,poche,40\n")
    assert not reads_as_gcode(b"[part]\nname = \"Rainure\"\n")
    assert not reads_as_gcode(bytes(range(256)))


def test_two_grade_runs_cannot_share_an_output_folder(tmp_path, spec, capsys):
    from machinesim.grading_run import locked
    from machinesim.report.part_folder import open_folder

    classe = tmp_path / "classe"
    write(classe, "alice.nc", SLOT)
    out = open_folder(tmp_path / "notes")
    with locked(out):
        assert main(["--lang", "en", "--quiet", "grade", str(classe), "--spec", str(spec), "--out", str(out)]) == 2
    assert "already writing" in capsys.readouterr().err and not (out / "summary.csv").exists()


def test_ctrl_c_during_grading_keeps_a_consistent_summary(tmp_path, spec, monkeypatch):
    """Interrupted after the first student: the summary holds her mark and says the others were not graded."""
    from machinesim import grading_run

    classe = tmp_path / "classe"
    for name in ("alice", "bruno", "chloe"):
        write(classe, f"{name}.nc", SLOT)
    real = grading_run.grade_one

    def first_then_ctrl_c(program, *args):
        if program.student != "alice":
            raise KeyboardInterrupt
        return real(program, *args)

    monkeypatch.setattr(grading_run, "grade_one", first_then_ctrl_c)
    grades = machinesim.grade_folder(classe, spec, out=tmp_path / "notes", workers=1)
    assert grades.interrupted
    marks = {r.student: (r.mark, r.problem) for r in grades.rows}
    assert marks["alice"][0] == pytest.approx(15.0) and marks["bruno"][0] is None and "interrupted" in marks["bruno"][1]


def test_global_options_anywhere_and_a_folder_as_program(tmp_path, capsys, monkeypatch):
    assert global_options_first(["run", "x.nc", "--lang", "fr", "--quiet"]) == ["--lang", "fr", "--quiet", "run", "x.nc"]
    monkeypatch.chdir(tmp_path)
    prog = write(tmp_path, "slot.nc", SLOT)
    assert main(["run", str(prog), "--out", "o", "--lang", "fr", "--quiet"]) == 0
    assert "Écrit" in capsys.readouterr().out
    assert main(["run", str(tmp_path), "--lang=en"]) == 2
    assert "is a folder" in capsys.readouterr().err
    assert main(["run", "absent.nc", "--lang", "en"]) == 2
    assert not any(p.name.startswith("machinesim-") for p in tmp_path.iterdir())


def test_run_after_check_leaves_no_stale_report(tmp_path, spec, capsys):
    prog = write(tmp_path, "slot.nc", SLOT)
    out = tmp_path / "o"
    main(["--lang", "en", "--quiet", "check", str(prog), "--spec", str(spec), "--out", str(out)])
    assert (out / "report.html").is_file()
    assert main(["--lang", "en", "--quiet", "run", str(prog), "--out", str(out)]) == 0
    assert not (out / "report.html").exists()
    from machinesim.render import rendering_available

    if rendering_available()[0]:                       # the contract: run writes part3d.html too
        assert '<html lang="en">' in (out / "part3d.html").read_text(encoding="utf-8")
    assert "checks" not in json.loads((out / "result.json").read_text(encoding="utf-8")) or \
        json.loads((out / "result.json").read_text(encoding="utf-8"))["checks"] == []


def test_a_full_disk_is_a_clear_message_not_an_internal_error(tmp_path, capsys, monkeypatch):
    prog = write(tmp_path, "slot.nc", SLOT)

    def full(*_):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "o" / "result.json"))

    monkeypatch.setattr("machinesim.report.io.os.replace", full)
    assert main(["--lang", "en", "--quiet", "run", str(prog), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "the disk is full" in err and "Internal error" not in err
    assert not [p for p in (tmp_path / "o").iterdir() if p.name.endswith(".tmp")]


def test_a_read_only_output_folder_is_a_clear_message(tmp_path, spec, capsys, monkeypatch):
    """As root no folder is read-only, so the system's refusal is played by mkdir."""
    prog = write(tmp_path, "slot.nc", SLOT)
    target = tmp_path / "lecture_seule" / "o"

    def refuse(self, *_, **__):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    assert main(["--lang", "fr", "--quiet", "check", str(prog), "--spec", str(spec), "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert str(target) in err and "permission refusée" in err and "Traceback" not in err and "Erreur interne" not in err


def test_ctrl_c_inside_a_compiled_kernel_exits_130(tmp_path, capsys, monkeypatch):
    prog = write(tmp_path, "slot.nc", SLOT)

    def interrupted(*_, **__):
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise SystemError("CPUDispatcher(<function cast_many>) returned a result with an exception set") from exc

    monkeypatch.setattr(api, "simulate", interrupted)
    assert main(["--lang", "en", "--quiet", "run", str(prog), "--out", str(tmp_path / "o")]) == 130
    assert "Interrupted" in capsys.readouterr().err


def test_a_blocking_error_says_where_the_simulation_stopped(tmp_path, spec, capsys):
    """An arc whose radius cannot reach its end point: the control alarms at line 8."""
    prog = write(tmp_path, "arc.nc", SLOT.replace("G1 X60. F800", "G2 X60. R1. F800"))
    out = tmp_path / "o"
    assert main(["--lang", "fr", "--quiet", "check", str(prog), "--spec", str(spec), "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "arrêtée à la ligne 8 (ARC_GEOMETRY)" in printed and "G2 X60. R1. F800" in printed
    assert json.loads((out / "result.json").read_text(encoding="utf-8"))["stopped_at"]["line"] == 8
    report = (out / "report.html").read_text(encoding="utf-8")
    assert escape(messages.text("REPORT.stopped", "fr", line=8, code="ARC_GEOMETRY")) in report and "G2 X60. R1. F800" in report
    from machinesim.part_reports import markers

    sim = machinesim.simulate(prog)
    pins = [m for m in markers(sim, (), "en") if m.label.startswith("stopped l.8")]
    assert len(pins) == 1 and pins[0].position == pytest.approx(tuple(sim.toolpath.moves["end"][-1]))


def test_bench_never_rewrites_the_tracked_results(tmp_path, monkeypatch):
    import subprocess

    seen = []
    monkeypatch.setattr(subprocess, "call", lambda cmd, env: seen.append(env["MACHINESIM_BENCH_RESULTS"]) or 0)
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", "en", "bench", "--quick"]) == 0
    assert seen and all(Path(p) == tmp_path / "machinesim-bench" for p in seen)


KERNEL = """
import sys
from numba import njit
from machinesim.interrupt import stop_at_once

@njit
def long_kernel(n):
    s = 0.0
    for i in range(n):
        s = s * 0.999999 + (i % 7) * 0.5
    return s

long_kernel(10)
with stop_at_once("en"):
    print("cutting", flush=True)
    long_kernel(10 ** 13)          # hours: only Ctrl-C ends it
"""


def test_ctrl_c_stops_a_compiled_kernel_at_once(tmp_path):
    import signal
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", KERNEL], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)),
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert child.stdout.readline().strip() == "cutting"
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=30)
    finally:
        child.kill()
    assert child.returncode == 130 and messages.text("interrupted_now", "en") in err and "Traceback" not in err


def test_import_and_help_stay_light():
    """`import machinesim` and `machinesim --help` load neither Numba nor PyVista (the API loads on use)."""
    import subprocess
    import sys

    code = ("import sys, machinesim, machinesim.cli\n"
            "try:\n    machinesim.cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('numba', 'pyvista', 'vtk', 'machinesim.kernel') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_3d_page_speaks_the_readers_language(tmp_path):
    from machinesim.part_reports import localise_page

    page = write(tmp_path, "part3d.html", '<!DOCTYPE html><html lang="en"><head><title>VTK.js | Example</title>'
                                          "</head><body></body></html>")
    text = localise_page(page, "fr", "eleve #30.nc").read_text(encoding="utf-8")
    assert '<html lang="fr">' in text and "VTK.js" not in text
    assert f"<title>{escape(messages.text('REPORT.viewer_title', 'fr', name='eleve #30.nc'))}</title>" in text


def test_ctrl_c_stops_the_grading_workers_and_keeps_a_consistent_folder(tmp_path):
    """Ctrl-C once the workers are cutting: exit 130, every student in the summary, graded or
    'interrupted', and no student folder holding part of a report."""
    import signal
    import subprocess
    import sys
    import time

    samples = Path(__file__).resolve().parents[1] / "gcode_samples"
    classe = tmp_path / "classe"
    for k in range(4):
        write(classe, f"e{k}.nc", (samples / "10_finition_3d.nc").read_text(encoding="utf-8"))
    out = tmp_path / "notes"
    child = subprocess.Popen([sys.executable, "-m", "machinesim", "--lang", "en", "--quiet", "grade", str(classe),
                              "--spec", str(samples / "10_finition_3d_spec.toml"), "--out", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)),
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        while not list(out.glob("e*/.machinesim")) and child.poll() is None:
            time.sleep(0.05)
        child.send_signal(signal.SIGINT)
        child.communicate(timeout=30)
    finally:
        child.kill()
    assert child.returncode == 130
    rows = list(csv.reader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8"))))[1:]
    assert sorted(r[0] for r in rows) == ["e0", "e1", "e2", "e3"]
    assert all(r[1] or "interrupted" in r[-1] for r in rows)
    for folder in out.glob("e*"):
        files = {p.name for p in folder.iterdir()}
        assert files in ({".machinesim"}, {".machinesim", "result.json", "part.png", "part3d.html", "report.html"},
                         {".machinesim", "result.json", "report.html"})


def test_a_mistake_repeated_on_consecutive_lines_shows_its_range(capsys):
    from machinesim.cli import _print_findings
    from machinesim.findings import Finding
    from machinesim.report.result import finding_record

    grouped = Finding("SHANK_COLLISION", line=30, line_end=34, count=5, file="p.nc", params={"tool": 2})
    _print_findings([grouped], "fr")
    assert messages.text("findings.at_lines", "fr", file="p.nc", line=30, end=34, count=5) in capsys.readouterr().out
    record = finding_record(grouped, "en")
    assert (record["line"], record["line_end"], record["count"]) == (30, 34, 5)


def test_the_first_run_says_it_compiles(capsys, monkeypatch):
    from machinesim.cli import _first_compile

    monkeypatch.setattr("machinesim.progress.kernels_compiled", lambda: False)
    _first_compile("fr", quiet=False)
    assert messages.text("first_run", "fr") in capsys.readouterr().err
    _first_compile("fr", quiet=True)
    monkeypatch.setattr("machinesim.progress.kernels_compiled", lambda: True)
    _first_compile("fr", quiet=False)
    assert capsys.readouterr().err == ""
