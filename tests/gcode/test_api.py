"""The public face: load_program, moves_jsonl, catalogue coverage, pygcode's modal groups."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gcode_helpers import job, run
from machinesim import messages
from machinesim.findings import InputError
from machinesim.gcode import codes, load_program, moves_jsonl

SRC = Path(__file__).resolve().parents[2] / "src" / "machinesim" / "gcode"


def test_load_program_and_its_input_errors(tmp_path):
    p = tmp_path / "part.nc"
    p.write_text("G0 X1. Y2. Z3.\nM30\n", encoding="utf-8")
    t = load_program(p, job())
    assert len(t.moves) == 1 and t.files == (str(p),) and t.lines == 2
    with pytest.raises(InputError) as exc:
        load_program(tmp_path / "absent.nc", job())
    assert exc.value.finding.key == "FILE.missing"
    b = tmp_path / "photo.nc"
    b.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError) as exc:
        load_program(b, job())
    assert exc.value.finding.key == "FILE.binary"
    with pytest.raises(InputError) as exc:
        load_program(tmp_path, job())          # a folder is not a program
    assert exc.value.finding.code == "FILE"


def test_moves_jsonl_follows_the_contract():
    t = run("T1 M6\nS1000 M3\nG43 H1 G0 X10. Y0. Z5.\nG1 Z0. F200.\nG3 X0. Y10. I-10. J0.\nM30\n")
    rows = [json.loads(s) for s in moves_jsonl(t)]
    assert [r["n"] for r in rows] == [1, 2, 3]
    assert [r["kind"] for r in rows] == ["rapid", "feed", "arc"]
    assert set(rows[0]) == {"n", "line", "kind", "start", "end", "feed", "tool", "spindle"}
    assert set(rows[2]) == {"n", "line", "kind", "start", "end", "center", "axis", "turns", "feed", "tool",
                            "spindle"}
    assert rows[2]["axis"] == [0.0, 0.0, 1.0] and rows[2]["line"] == 5 and rows[2]["tool"] == 1
    assert rows[1]["spindle"] == 1000.0 and rows[1]["feed"] == 200.0


def test_every_key_the_front_end_raises_is_in_the_catalogue():
    text = "".join(f.read_text() for f in SRC.glob("*.py") if f.name not in ("cycles.py", "cutter_comp.py"))
    found = set(re.findall(r'"((?:[A-Z_]+)(?:\.[a-z_0-9]+)?)"', text))
    used = {k for k in found if k.split(".")[0] in {
        "SYNTAX", "UNKNOWN_CODE", "UNSUPPORTED", "MODAL_CONFLICT", "ARC_GEOMETRY", "NO_FEED", "UNKNOWN_TOOL",
        "DECIMAL_POINT", "LOOP_LIMIT", "COMPENSATION", "PROGRAM_END_MISSING", "NO_MOTION_MODE", "CANNED_CYCLE",
        "SUBPROGRAM", "FILE"}}
    assert len(used) > 30
    missing = [k for k in used if k not in messages.CATALOGUE]
    assert not missing
    for k in used:
        entry = messages.CATALOGUE[k]
        assert entry["fr"] and entry["en"] and entry.get("hint_fr") and entry.get("hint_en"), k


def test_modal_groups_agree_with_pygcode():
    import pygcode.gcodes as pg
    pg.build_maps()
    checked = 0
    for word, cls in pg._gcode_word_map.items():
        group = cls.modal_group
        if word.letter != "G" or group is None:
            continue
        value = float(word.value)
        ours = codes.group("G", value, "linuxcnc")
        if ours is not None and ours != 0:
            assert ours == group, word
            checked += 1
    assert checked >= 30


def test_findings_render_in_both_languages():
    t = run("G0 X1.\nG1 X2.\n")
    (f,) = [f for f in t.findings if f.severity == "error"]
    fr, en = messages.render(f, "fr"), messages.render(f, "en")
    assert "<program>:2:1" in fr and "avance" in fr.lower() and "feed" in en.lower()
