"""Defects found by running real CAM and control programs (issue 12): each with its minimal program."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gcode_helpers import TOOLS, errors, keys, run
from machinesim.job import Machine
from machinesim.toolpath import EVENT_NAMES


def jumps(toolpath) -> list[int]:
    """Lines of the moves that do not start where the tool stood (a tool change aside)."""
    moves, events = toolpath.moves, toolpath.events
    changes = {int(e["after"]) for e in events if EVENT_NAMES[int(e["kind"])] == "tool_change"}
    out = []
    for i in range(1, len(moves)):
        if i in changes:
            continue
        if np.linalg.norm(moves["start"][i] - moves["end"][i - 1]) > 1e-9:
            out.append(int(moves["line"][i]))
    return out


G40_ALONE = """G21 G17 G90 G54
T1 M6
G0 G43 H1 Z50.
S1000 M3
G0 X-10. Y-10. Z5.
G1 Z-1. F100.
G41 D1 G1 X0. Y0.
G1 Y20.
G1 X20.
G40
G0 Z5.
G0 X-10. Y-10.
G1 Z-1.
G42 D1 G1 X0. Y0.
G1 Y20.
G40
G1 X-10.
G41 D1 G1 X0. Y0.
G1 X20.
G40
G91 G1 X5. Y-5.
G90 G0 Z5.
M30
"""


G41_G42_SWITCH = """G21 G17 G90 G54
T1 M6
G0 G43 H1 Z5. X-10. Y-10.
S1000 M3
G1 Z-1. F100.
G41 D1 G1 X0. Y0.
G1 Y20.
G42 D1 G1 X20.
G1 Y0.
G40 G1 X30. Y-10.
G41 D1 G1 X0. Y0.
G1 Y20.
G40
G41 D1 G1 X0. Y30.
G1 X20.
G40 G1 X30.
M30
"""


def test_a_fanuc_compensation_switch_or_restart_moves_on_from_where_the_tool_stands():
    tp = run(G41_G42_SWITCH)
    assert not errors(tp)
    assert jumps(tp) == []


@pytest.mark.parametrize("dialect", ["fanuc", "linuxcnc"])
def test_g40_alone_leaves_the_tool_where_it_stands(dialect):
    tp = run(G40_ALONE, dialect)
    assert not errors(tp)
    assert jumps(tp) == []
    # the move after each G40 still ends on the programmed point (work Z5 above X20 Y20)
    after = tp.moves[tp.moves["line"] == 11][0]
    np.testing.assert_allclose(after["end"][:2], np.array([20.0, 20.0]) + np.array([-300.0, -150.0]))


NO_TOOL = {
    "no T word": "G21 G90\nG0 X10. Y10. Z5.\nS1000 M3\nG1 Z-1. F100.\nG1 X30.\nM30\n",
    "T0": "G21 G90\nT0 M6\nG0 X10. Y10. Z5.\nS1000 M3\nG1 Z-1. F100.\nG1 X30.\nM30\n",
    "T without M6": "G21 G90\nT2\nG0 X10. Y10. Z5.\nS1000 M3\nG1 Z-1. F100.\nG1 X30.\nM30\n",
    "arc first": "G21 G90\nG0 X10. Y10. Z-1.\nS1000 M3\nF100.\nG2 X30. R10.\nM30\n",
}


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("name", list(NO_TOOL))
def test_cutting_with_no_tool_loaded_is_an_error_on_the_first_cutting_line(name, fast):
    tp = run(NO_TOOL[name], fast=fast, tool_length="touch_off")
    found = [f for f in tp.findings if f.code == "NO_TOOL"]
    first_cut = int(tp.moves["line"][tp.moves["kind"] != 0][0])
    assert [(f.severity, f.line) for f in found] == [("error", first_cut)]


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("name", list(NO_TOOL))
def test_cutting_with_no_tool_loaded_uses_the_default_tool_and_says_so(name, fast):
    from machinesim.tools import Tool

    default = Tool(0, diameter=8.0, length=40.0)
    tp = run(NO_TOOL[name], fast=fast, tool_default=default)
    found = [f for f in tp.findings if f.code == "NO_TOOL"]
    assert [f.severity for f in found] == ["warning"]
    assert not errors(tp)
    cutting = tp.moves[tp.moves["kind"] != 0]
    numbers = set(cutting["tool"].tolist())
    assert len(numbers) == 1 and numbers.pop() not in (0, *TOOLS)    # not a tool of the table
    assert found[0].params["tool"] == cutting["tool"][0]
    # the stand-in tool cuts on the programmed point: work Z-1 with G54 at -250
    assert cutting["end"][:, 2].min() == pytest.approx(-251.0)


HAAS = """%
O01001 (HAAS VF2)
G187 P2 E.025
#10100 = 0.5
G90 G17 G21 G54
T1 M6
G0 G43 H1 Z50. X0. Y0.
S1000 M3
G1 Z[-#10100] F100.
X10.
G187
M30
%
"""


def test_haas_smoothness_and_ngc_variables_go_on():
    tp = run(HAAS, "haas")
    assert not errors(tp)
    assert not [f for f in tp.findings if f.severity == "warning"]      # G187 is a Haas setting
    cut = tp.moves[tp.moves["kind"] != 0]
    assert cut["end"][:, 2].min() == pytest.approx(-250.5 - 72.0 + 72.0)   # tip at work Z-0.5


def test_unknown_codes_warn_and_go_on_on_fanuc_type_controls():
    tp = run(HAAS, "fanuc")
    found = [(f.code, f.severity, f.line) for f in tp.findings if f.code == "UNKNOWN_CODE"]
    assert found == [("UNKNOWN_CODE", "warning", 3), ("UNKNOWN_CODE", "warning", 11)]
    assert not errors(tp)
    np.testing.assert_array_equal(tp.moves["end"], run(HAAS, "haas").moves["end"])
    # LinuxCNC has no #10100: rs274 refuses it
    assert [f.key for f in errors(run("#10100 = 0.5\nM2\n", "linuxcnc"))] == ["SYNTAX.parameter"]


@pytest.mark.parametrize("dialect", ["fanuc", "mach3"])
def test_m13_m14_start_the_spindle_with_coolant(dialect):
    tp = run("G21 G90\nT1 M6\nG0 X0. Y0. Z5.\nS1200 M13\nG1 Z-1. F100.\nM14\nG1 X10.\nM5 M9\nM30\n", dialect)
    if dialect == "mach3":       # Mach3 has no M13: the code is named, not read as spindle on
        assert "UNKNOWN_CODE" in keys(tp)
        return
    cut = tp.moves[tp.moves["kind"] != 0]
    assert cut["spindle"].tolist() == [1200.0, -1200.0]
    assert (cut["coolant"] != 0).all()


def test_m13_is_a_brake_on_haas():
    tp = run("G21 G90\nT1 M6\nS1200 M3\nM13\nG0 X0. Y0. Z5.\nG1 Z-1. F100.\nM30\n", "haas")
    cut = tp.moves[tp.moves["kind"] != 0]
    assert cut["spindle"].tolist() == [1200.0] and not errors(tp)


def test_grbl_and_mach3_move_on_a_bare_axis_word_and_read_x10_as_10_mm():
    for dialect in ("grbl", "mach3"):
        tp = run("G21\nX10 Y5\nZ-1\nM2\n", dialect)
        assert not tp.findings
        np.testing.assert_allclose(tp.moves["end"][-1], [-290.0, -145.0, -251.0])
    assert [f.code for f in errors(run("G21\nX10 Y5\nM2\n", "linuxcnc"))] == ["NO_MOTION_MODE"]


def test_grbl_knows_no_canned_cycles_and_no_cutter_compensation():
    tp = run("G21 G90 G0 X0 Y0 Z5\nG81 X10 Y10 Z-5 R2 F100\nG41 G1 X5\nM2\n", "grbl")
    assert [(f.code, f.line) for f in tp.findings if f.code == "UNKNOWN_CODE"] == [
        ("UNKNOWN_CODE", 2), ("UNKNOWN_CODE", 3)]


AUTO = {
    "linuxcnc": ("o100 sub\nG0 X1\no100 endsub\no100 call\nM2\n", "<program>", 1),
    "haas": ("%\nO1000\nG187 P1 E0.01\nG0 X1.\nM30\n%\n", "<program>", 3),
    "mach3": ("(Made using CamBam)\nG21 G90\nG0 X1\nM30\n", "<program>", 1),
    "grbl": ("; bCNC\nG21\nG0 X1\nM30\n", "<program>", 1),
    "fanuc": ("%\nO0001\nG21 G90\nG0 X1.\nM30\n%\n", "<program>", 1),
}


@pytest.mark.parametrize("control", list(AUTO))
def test_auto_dialect_reads_the_program_habits_and_says_which(control):
    text, file, line = AUTO[control]
    tp = run(text, "auto")
    (info,) = [f for f in tp.findings if f.code == "DIALECT"]
    assert (info.severity, info.params["dialect"], info.line) == ("info", control, line)


def test_auto_dialect_uses_the_file_extension_and_falls_back_to_fanuc():
    from gcode_helpers import job
    from machinesim.gcode import interpret
    from machinesim.gcode.dialects import choose

    auto = job("auto")
    (info,) = [f for f in interpret("G21\nG0 X1.\nM30\n", auto, "part.tap").findings if f.code == "DIALECT"]
    assert (info.key, info.line, info.params["evidence"]) == ("DIALECT.auto", 1, "part.tap")
    (info,) = [f for f in interpret("G21\nG0 X1.\nM30\n", auto, "part.nc").findings if f.code == "DIALECT"]
    assert (info.key, info.line, info.params["dialect"]) == ("DIALECT.auto_default", 1, "fanuc")

    assert choose(b"G21\nG0 X1.\nM30\n", "part.tap").control == "mach3"
    assert choose(b"G21\nG0 X1.\nM30\n", "part.nc").control == "fanuc"
    assert choose(b"G21\nG0 X1.\nM30\n", "part.nc").line == 0
    assert choose(b"G21\nG0 X10 Z5\nM30\n", "part.nc").control == "grbl"     # X10 meant as 10 mm
    assert choose(b"G21 ; millimetres\nG0 X1.\nM30\n", "part.nc").control == "grbl"
    assert choose(b"N1 O1\nG0 X1\nM30\n", "part.nc").control == "fanuc"
    assert choose(b"G21\nG0 X1.\nM30\n", "part.gcode").control == "grbl"


NESTED_FINISH = """%
O0001
G21 G90 G54
T1 M6
G0 G43 H1 Z5. X0. Y0.
S3000 M3
#1 = 0
WHILE [#1 LT 370] DO1
#2 = 0
WHILE [#2 LT 300] DO2
G1 X[#2 * 0.1] Y[#1 * 0.1] Z-0.5 F1000.
#2 = #2 + 1
END2
#1 = #1 + 1
END1
G0 Z5.
M30
%
"""


def test_a_nested_while_finish_of_more_than_100k_passes_runs_to_its_end():
    tp = run(NESTED_FINISH)
    assert not errors(tp)
    assert len(tp.moves) == 370 * 300 + 2         # every pass cut: 111 000 passes of the inner loop


def test_an_endless_loop_that_does_not_move_stops_fast_on_its_line():
    tp = run("%\nO0002\n#1 = 0\nWHILE [#1 GE 0] DO1\n#1 = #1 + 1\nEND1\nM30\n%\n")
    (e,) = errors(tp)
    assert (e.code, e.key, e.line) == ("LOOP_LIMIT", "LOOP_LIMIT.idle", 6)
    tp = run("%\nO0002\n#1 = 0\nWHILE [#1 LT 10] DO1\n#2 = #1 + 1\nEND1\nM30\n%\n")   # #1 forgotten
    assert [(f.key, f.line) for f in errors(tp)] == [("LOOP_LIMIT.repeat", 6)]
    tp = run("o1 while [1]\n#1 = [#1 + 1]\no1 endwhile\nM2\n", "linuxcnc")
    assert [(f.key, f.line) for f in errors(tp)] == [("LOOP_LIMIT.idle", 3)]


def test_an_endless_loop_that_moves_back_and_forth_stops_when_its_state_repeats():
    tp = run("G21 G90\nN1 G0 X10.\nG0 X0.\nGOTO 1\nM30\n")
    (e,) = errors(tp)
    assert (e.key, e.line, e.params["passes"]) == ("LOOP_LIMIT.repeat", 4, 2048)
    tp = run("G21 G90\no1 do\nG0 X10\nG0 X0\no1 while [1]\nM2\n", "linuxcnc")
    assert [(f.key, f.line) for f in errors(tp)] == [("LOOP_LIMIT.repeat", 5)]


def test_a_loop_whose_counter_is_forgotten_while_it_moves_stops_at_once_on_its_line():
    text = ("G21 G90 G54\nT1 M6\nG0 G43 H1 Z5. X0. Y0.\nS3000 M3\n#1 = 0\n#6 = 0\n"
            "WHILE [#6 LT 10] DO1\n#1 = #1 + 2.\nG1 X#1 Z-1. F1000.\nEND1\nM30\n")
    tp = run(text)
    (e,) = errors(tp)
    assert (e.key, e.line, e.params["axis"]) == ("LOOP_LIMIT.runaway", 10, "X")
    travel = Machine().travel[0]
    assert travel[1] + (travel[1] - travel[0]) < tp.moves["end"][-1][0] < travel[1] + (travel[1] - travel[0]) + 3


def test_loop_limits_come_from_the_job():
    from dataclasses import replace

    from gcode_helpers import job
    from machinesim.gcode import interpret
    from machinesim.job import Limits, parse_job

    limits = parse_job({"limits": {"loop_passes": 50, "idle_passes": 1000, "moves": 10, "seconds": 5}},
                       "job.toml").limits
    assert limits == Limits(loop_passes=50, idle_passes=1000, moves=10, seconds=5.0)
    text = "#1 = 0\nWHILE [#1 LT 100] DO1\n#1 = #1 + 1\nEND1\nM30\n"
    tp = interpret(text, replace(job(), limits=replace(limits, moves=10 ** 6)))
    assert [(f.key, f.line, f.params["limit"]) for f in errors(tp)] == [("LOOP_LIMIT", 4, 50)]
    moving = "G91\n#1 = 0\nWHILE [#1 LT 100] DO1\nG0 X1.\n#1 = #1 + 1\nEND1\nM30\n"
    tp = interpret(moving, replace(job(), limits=limits))
    assert [(f.key, f.line) for f in errors(tp)] == [("LOOP_LIMIT.moves", 6)]
    assert not errors(interpret(moving, job()))


@pytest.mark.parametrize("table, key", [
    ({"limits": {"loop_passes": 0}}, "loop_passes"), ({"limits": {"seconds": -1}}, "seconds"),
    ({"limits": {"passes": 5}}, "passes"), ({"limits": {"moves": 1.5}}, "moves")])
def test_bad_limits_name_the_key(table, key):
    from machinesim.findings import InputError
    from machinesim.job import parse_job

    with pytest.raises(InputError) as raised:
        parse_job(table, "job.toml")
    assert raised.value.finding.params["key"] == key


def test_fanuc_macro_abbreviations_read_as_the_full_words():
    full = "#1 = 0\nWHILE [#1 LT 3] DO1\nG0 X[ROUND[#1 * 1.4]] Y[FIX[2.7]]\n#1 = #1 + 1\nEND1\n" \
           "IF [#1 EQ 3] GOTO 9\nG0 X99.\nN9 M30\n"
    short = "#1 = 0\nWH [#1 LT 3] DO1\nG0 X[RO[#1 * 1.4]] Y[FI[2.7]]\n#1 = #1 + 1\nEND1\n" \
            "IF [#1 EQ 3] GO 9\nG0 X99.\nN9 M30\n"
    a, b = run(full), run(short)
    assert not errors(a) and not errors(b)
    np.testing.assert_array_equal(a.moves["end"], b.moves["end"])
    assert len(b.moves) == 3
    # never on LinuxCNC, and never a mistyped G0 (GO1 with the letter O) taken for GOTO
    assert errors(run("#1 = 0\no1 while [#1 LT 3]\n#1 = [RO[#1 + 1]]\no1 endwhile\nM2\n", "linuxcnc"))
    assert errors(run("N1 G0 X0.\nGO1 X10.\nM30\n"))


def test_lines_quoted_in_a_message_of_a_subprogram_file_are_that_file_lines(tmp_path):
    from gcode_helpers import job
    from machinesim.gcode import load_program

    main = tmp_path / "main.nc"
    main.write_text("%\nO1000\nG21 G17 G90 G54\nT2 M6\nG0 G43 H2 X-20. Y-20. Z5.\nS1000 M3\nG1 Z-1. F200.\n"
                    "M98 P9100\nG0 Z5.\nM30\n%\n")
    (tmp_path / "O9100.nc").write_text("%\nO9100\nG41 D2 G1 X0. Y0.\nX20.\nY2.\nX-10.\nG40 X-20. Y-20.\nM99\n%\n")
    tp = load_program(main, job())
    (f,) = [f for f in tp.findings if f.key == "COMPENSATION.gouge"]
    # the short element is Y2. on line 5 of O9100.nc, the gouge shows as the tool leaves it (line 6)
    assert (Path(f.file).name, f.line, f.params["element_line"]) == ("O9100.nc", 6, 5)


@pytest.mark.parametrize("text, word, line", [
    ("G21 G90\nG0 X1. Y1.\nP0001\nG0 X2.\nM30\n", "P0001", 3),
    ("G21 G90\nG0 X1. Y1.\nL2\nG0 X2.\nM30\n", "L2", 3),
    ("G21 G90\nG0 X1. Y1. Q3.\nM30\n", "Q3.", 2),
])
def test_words_no_code_uses_are_said(text, word, line):
    fanuc = run(text)          # a Fanuc-type control ignores them: a warning, the program goes on
    (f,) = [f for f in fanuc.findings if f.key == "SYNTAX.unused"]
    assert (f.severity, f.line, f.params["word"]) == ("warning", line, word)
    assert not errors(fanuc) and fanuc.moves["line"][-1] >= line
    (e,) = errors(run(text.replace(".", ""), "linuxcnc"))     # rs274 refuses them
    assert (e.key, e.line) == ("SYNTAX.unused", line)


def test_p_and_l_words_that_a_code_uses_are_not_said():
    for text, dialect in [("G21\nG4 P1.\nM98 P10 L2\nM30\nO10\nM99\n", "fanuc"),
                          ("G21 G0 Z5.\nG81 X1. Y1. Z-2. R1. L2 F100.\nG80\nG82 X3. Z-1. R1. P0.5\nG80\nM30\n",
                           "fanuc"),
                          ("G21 G0 Z5\nG2 X0 Y0 I1 J0 P2 F100\nG10 L2 P1 X0\nM2\n", "linuxcnc")]:
        assert "SYNTAX.unused" not in keys(run(text, dialect))


def test_code_after_the_end_is_said_but_not_a_subprogram_after_it():
    tp = run("G21\nG0 X1.\nM30\n\n(a comment)\nG0 X5.\nM30\n")
    (f,) = [f for f in tp.findings if f.code == "PROGRAM_END"]
    assert (f.severity, f.line, f.params["end"]) == ("warning", 6, 3)
    assert len(tp.moves) == 1
    for text in ("%\nO1\nG21\nM98 P2\nM30\nO2\nG0 X1.\nM99\n%\n", "G21\nG0 X1.\nM30\n%\nG0 X5.\n"):
        assert "PROGRAM_END" not in [f.code for f in run(text).findings]


def test_a_program_with_neither_g20_nor_g21_is_said_to_be_read_in_mm():
    tp = run("G90\nG0 X1. Y1.\nM30\n")
    (f,) = [f for f in tp.findings if f.code == "UNITS"]
    assert (f.severity, f.line) == ("warning", 2)
    for units in ("G21", "G20"):
        assert "UNITS" not in [f.code for f in run(f"{units}\nG0 X1. Y1.\nM30\n").findings]


def test_haas_m97_calls_a_local_subprogram_by_its_n_number():
    text = ("%\nO1000\nG21 G90 G54\nT1 M6\nG0 G43 H1 Z5. X0. Y0.\nS1000 M3\nM97 P100 L2\nG0 Z5.\nM30\n"
            "N100 G91 G1 X10. F100.\nG90\nM99\n%\n")
    tp = run(text, "haas")
    assert not errors(tp) and "PROGRAM_END" not in [f.code for f in tp.findings]
    cut = tp.moves[tp.moves["kind"] == 1]
    assert cut["line"].tolist() == [10, 10]
    np.testing.assert_allclose(cut["end"][:, 0], [-290.0, -280.0])


def test_a_macro_alarm_stops_the_program_as_the_control_does():
    text = ("%\nO1\nG21 G90\nG65 P9000 A5.\nG65 P9000\nG0 X50.\nM30\n"
            "O9000\nIF [#1 EQ #0] THEN #3000 = 101 (MISSING A)\n#3006 = 1 (CHECK PART)\nG0 X#1\nM99\n%\n")
    tp = run(text)
    (e,) = errors(tp)
    assert (e.code, e.line, e.params["number"], e.params["text"]) == ("ALARM", 9, "101", "MISSING A")
    assert tp.moves["end"][:, 0].tolist() == [-295.0]        # the first call's move only
    assert EVENT_NAMES[int(tp.events["kind"][0])] == "stop"
    assert [f.key for f in tp.findings if f.severity == "warning"] == ["ALARM.stop"]


@pytest.mark.parametrize("dialect, block", [("fanuc", "G05.1 Q1"), ("fanuc", "G5 P10000"),
                                            ("haas", "G103 P1"), ("haas", "G05.1 Q0")])
def test_path_smoothing_settings_are_read_silently(dialect, block):
    tp = run(f"G21 G90\n{block}\nG0 X1. Y1.\nM30\n", dialect)
    assert not tp.findings and len(tp.moves) == 1


def test_grbl_system_commands_are_named_and_skipped():
    tp = run("$H\nG21 G90\n$J=G91 X10 F500\nG0 X1 Y1\nM2\n", "grbl")
    assert [(f.key, f.line) for f in tp.findings] == [("UNSUPPORTED.grbl", 1), ("UNSUPPORTED.grbl", 3)]
    assert len(tp.moves) == 1
    assert [f.key for f in errors(run("$H\nG21\nM2\n", "linuxcnc"))] == ["SYNTAX.char"]
