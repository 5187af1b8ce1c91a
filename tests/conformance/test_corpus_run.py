"""benchmarks/corpus_run.py: which files it takes, the job it guesses, and that junk never stops it."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "corpus_run.py"


@pytest.fixture(scope="module")
def corpus_run():
    spec = importlib.util.spec_from_file_location("corpus_run", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_absent_corpus_is_skipped_cleanly(corpus_run, tmp_path, capsys):
    out = tmp_path / "corpus.json"
    assert corpus_run.main([str(tmp_path / "no-such-folder"), "--out", str(out)]) == 0
    assert "absent" in capsys.readouterr().out
    assert not out.exists()


def test_corpus_files_leave_out_notes_companions_and_pictures(corpus_run, tmp_path):
    for name in ("a/p1.nc", "a/p1.nc.src.txt", "a/p1.nc.companions/sub.nc", "README.md",
                 "b/p2.ngc", "b/p2.ngc.companions/part.camotics", "b/shot.png"):
        f = tmp_path / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("G0 X0\n")
    found = [p.relative_to(tmp_path).as_posix() for p in corpus_run.corpus_files(tmp_path)]
    assert found == ["a/p1.nc", "b/p2.ngc"]


@pytest.mark.parametrize("where, text, dialect, tool_length", [
    ("a_teaching/x.nc", "O1000\nG43 H1 Z50.\n", "fanuc", "offsets"),
    ("b_cam/x.tap", "G0 X0\nG1 X1 F100\n", "fanuc", "touch_off"),
    ("b_cam/x.nc", "o100 sub\no100 endsub\n", "linuxcnc", "touch_off"),
    ("b_cam/x.nc", "N5 o<drill> call [1]\n", "linuxcnc", "touch_off"),
    ("b_cam/x.nc", "#<depth> = 2\nG43.1 Z1\n", "linuxcnc", "offsets"),
    ("b_cam/x.nc", "G143 H1\nG430\n", "fanuc", "touch_off"),
    ("c_linuxcnc/x.ngc", "G43 H2\n", "linuxcnc", "offsets"),
    ("d_grbl/x.gcode", "G0 X0\n", "linuxcnc", "touch_off"),
])
def test_guess_setup(corpus_run, where, text, dialect, tool_length):
    assert corpus_run.guess_setup(Path(where), text) == {"dialect": dialect, "tool_length": tool_length}


def test_a_small_corpus_with_junk_runs_to_the_end(corpus_run, tmp_path):
    try:
        from machinesim.gcode import interpret  # noqa: F401
    except ImportError:
        pytest.skip("machinesim.gcode.interpret is not available yet")
    corpus = tmp_path / "corpus"
    (corpus / "d_grbl").mkdir(parents=True)
    (corpus / "d_grbl" / "square.gcode").write_text(
        "G21 G90\nG0 X0 Y0 Z5\nG1 Z-1 F300\nX10\nY10\nX0\nY0\nG0 Z5\nM2\n")
    (corpus / "d_grbl" / "empty.nc").write_text("")
    (corpus / "d_grbl" / "junk.nc").write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "corpus.json"
    assert corpus_run.main([str(corpus), "--out", str(out), "--timeout", "60"]) == 0
    data = json.loads(out.read_text())
    rows = {r["file"]: r for r in data["files"]}
    assert set(rows) == {"d_grbl/square.gcode", "d_grbl/empty.nc", "d_grbl/junk.nc"}
    assert all(r["status"] not in ("crash", "timeout") for r in rows.values()), rows
    # binary junk is refused as unusable input with a message, or read as a program with findings
    junk = rows["d_grbl/junk.nc"]
    assert junk.get("message") if junk["status"] == "unusable" else junk["errors"] > 0
    square = rows["d_grbl/square.gcode"]
    assert square["moves"] == 7 and square["lines"] == 9 and square["errors"] == 0
    assert data["totals"]["files"] == 3
