"""The rs274 discrepancies of issue 2, each against hand-computed truth: an arc ending off its
circle under compensation, F beside G20/G21, G74 in linuxcnc, system parameters, G41.1/G42.1,
the gouging entry, polar coordinates and the corpus' odd files."""
import math

import numpy as np
import pytest

from machinesim.gcode.cutter_comp import CutterComp, ProgSeg
from machinesim.toolpath import ARC, FEED

from gcode_helpers import G54, G55, errors, keys, run, work


def test_compensated_arc_ending_off_its_circle_ends_one_radius_from_the_programmed_end():
    # G3 from (20, 0) about (20, 10) to (30.008, 10): 0.008 mm off the R10 circle, G42 R3 (outside)
    z = -1.0
    segs = [ProgSeg(FEED, (0.0, 0.0, z), (20.0, 0.0, z), feed=200.0, line=8),
            ProgSeg(ARC, (20.0, 0.0, z), (30.008, 10.0, z), (20.0, 10.0, z), True, 0, 200.0, 9),
            ProgSeg(FEED, (30.008, 10.0, z), (30.008, 30.0, z), feed=200.0, line=10)]
    cc = CutterComp("linuxcnc", 17, -1, 3.0, 7, 1)
    cc.push(ProgSeg(FEED, (-20.0, 0.0, z), (0.0, 0.0, z), feed=200.0, line=7))
    out = [o for s in segs for o in cc.push(s)]
    out += cc.cancel(None)
    arcs = [o for o in out if o.kind == ARC and o.line == 9]
    assert len(arcs) == 1
    assert arcs[0].end[0] == pytest.approx(33.008, abs=1e-9)
    assert arcs[0].end[1] == pytest.approx(10.0, abs=1e-9)
    assert not cc.findings
    last = out[-1]
    assert last.line == 10 and last.end[:2] == pytest.approx((33.008, 30.0), abs=1e-9)


@pytest.mark.parametrize("dialect", ["linuxcnc", "fanuc"])
def test_f_beside_g20_counts_in_the_units_of_the_dialect(dialect):
    src = "G21 G90 G94 G54\nG0 X0 Y0 Z5.\nG20 F10.\nG1 X1.\nG21 F100.\nG1 X50.\nM30\n"
    moves = run(src, dialect).moves
    feeds = moves["feed"][moves["kind"] == FEED]
    if dialect == "linuxcnc":       # F is set before the units change: mm/min, then in/min
        assert feeds == pytest.approx([10.0, 2540.0])
    else:                           # Fanuc: read in the block's new units
        assert feeds == pytest.approx([254.0, 100.0])


def test_g74_in_linuxcnc_taps_left_hand_like_g84_with_the_spindle_the_other_way():
    src = ("G21 G17 G90 G94 G54\nT1 M6 G43 H1\nS400 M4\nG0 X0 Y0 Z10\n"
           "G99 G74 X10 Y10 Z-6 R2 F500\nG80\nM2\n")
    t = run(src, "linuxcnc")
    assert not errors(t)
    m = t.moves[t.moves["line"] == 5]
    expected = [(10, 10, 10), (10, 10, 2), (10, 10, -6), (10, 10, 2)]      # G99: out to R
    assert np.allclose(m["end"], [work(p) for p in expected])
    assert list(m["kind"]) == [0, 0, FEED, FEED]
    assert list(np.sign(m["spindle"])) == [-1, -1, -1, 1]     # M4 in, reversed (M3) out


def _x_values(t):
    """The X of each move's end in work coordinates of G55 (the frame of the programs below)."""
    return [round(float(v), 6) for v in t.moves["end"][:, 0] - G55[0]]


def test_linuxcnc_system_parameters_read_the_control_state_in_program_units():
    src = ("G21 G90 G55\nT2 M6\nG0 X12 Y-7 Z15\n"
           "G0 X[#5420 + #5421 + #5422]\n"          # 12 - 7 + 15 = 20
           "G0 X[#<_x> * 2]\n"                      # 40
           "G0 X[#5220 * 10 + #5400]\n"             # G55 is frame 2, tool 2: 22
           "G20\nG0 X[#5420]\n"                     # 22 mm read in inches and written back: 22 mm
           "G0 X[#<_metric> + #<_imperial> * 2]\n"  # 2 in
           "G21\nG0 X[#5241 - #5221]\n"             # G55 X - G54 X in mm: 100
           "G91\nG0 X[#<_incremental> + #<_absolute> * 5]\nM2\n")   # 1 mm more
    t = run(src, "linuxcnc")
    assert not errors(t)
    assert _x_values(t) == [12.0, 20.0, 40.0, 22.0, 50.8, 100.0, 101.0]


def test_fanuc_system_variables_give_the_modal_codes_and_the_position():
    src = ("G21 G90 G17 G55\nG0 X12. Y-7. Z15.\n"
           "G0 X[#5001 + #5002]\n"                  # 5
           "G91\nG0 X[#4003 - 90.]\n"              # G91: 91 - 90 = 1 more, 6
           "G90 G0 X[#4014 + #4002 / 100.]\n"       # 55 + 0.17
           "M30\n")
    t = run(src, "fanuc")
    assert not errors(t)
    assert _x_values(t) == [12.0, 5.0, 6.0, 55.17]


def test_named_system_parameters_exist_and_cannot_be_unset_names():
    t = run("G21 G90 G54\no1 if [EXISTS[#<_x>] AND EXISTS[#<_metric>]]\nG0 X7\no1 endif\n"
            "G0 Y#<_nothing>\nM2\n", "linuxcnc")
    assert [round(float(v), 6) for v in t.moves["end"][:, 0] - G54[0]] == [7.0]
    assert keys(t, "error") == ["SYNTAX.undefined"]


@pytest.mark.parametrize("code, ends", [
    ("G41.1", [(36.0, 4.0), (36.0, 40.0)]),                  # inside corner, trimmed at 4 mm
    ("G42.1", [(40.0, -4.0), (44.0, 0.0), (44.0, 40.0)]),    # outside: a corner arc of 4 mm
])
def test_dynamic_compensation_takes_half_the_d_word_and_runs_its_whole_block(code, ends):
    src = (f"G21 G17 G90 G94 G54\nT1 M6 G43 H1\nG0 X-20 Y0 Z2\nG1 Z-2 F250\n"
           f"{code} D8 G1 X0 Y0\nG1 X40\nG1 Y40\nG40 G1 X60 Y60\nM2\n")
    t = run(src, "linuxcnc")
    assert not errors(t) and not keys(t, "warning")
    got = [tuple(np.round(e[:2] - np.array(G54[:2]), 6)) for e in t.moves["end"]]
    i = got.index(ends[0])
    assert got[i:i + len(ends)] == ends
    assert 5 in t.moves["line"]


@pytest.mark.parametrize("side", [1, -1])
def test_tangent_reversal_after_an_arc_is_a_cusp_inside_and_a_corner_arc_outside(side):
    # G2 from (70, 70) about (80, 70) to (90, 70), then straight back up to (90, 90), radius 4
    z = -2.0
    cc = CutterComp("linuxcnc", 17, side, 4.0, 5, 1)
    cc.push(ProgSeg(FEED, (60.0, 60.0, z), (70.0, 70.0, z), feed=250.0, line=6))
    out = cc.push(ProgSeg(ARC, (70.0, 70.0, z), (90.0, 70.0, z), (80.0, 70.0, z), False, 0, 250.0, 7))
    out += cc.push(ProgSeg(FEED, (90.0, 70.0, z), (90.0, 90.0, z), feed=250.0, line=8))
    out += cc.cancel(None)
    assert not cc.findings
    arc7 = [o for o in out if o.line == 7 and o.kind == ARC]
    if side == 1:       # tool outside the arc (R14) and left of the line (X86): they cross
        assert arc7[-1].end[:2] == pytest.approx((86.0, 70.0 + math.sqrt(14 ** 2 - 6 ** 2)), abs=1e-9)
        assert [o.end[:2] for o in out if o.line == 8] == [pytest.approx((86.0, 90.0), abs=1e-9)]
    else:               # inside the arc (R6) and right of the line (X94): round the corner
        assert arc7[-1].end[:2] == pytest.approx((86.0, 70.0), abs=1e-9)
        corner = [o for o in out if o.line == 8 and o.kind == ARC]
        assert len(corner) == 1 and corner[0].center[:2] == pytest.approx((90.0, 70.0))
        assert corner[0].end[:2] == pytest.approx((94.0, 70.0), abs=1e-9)


def test_linuxcnc_sharp_entry_backs_up_into_the_wall_with_a_warning_fanuc_does_not():
    # G41 R3.175 from (36, 6) to (8, 0), then the side X8 -> X32 along Y0: the offset entry line
    # meets Y = r behind its start, at x = (48 + r L + 28 r) / 6 with L = |(28, 6)|
    r, z = 3.175, -2.0
    x = (48.0 + r * math.hypot(28.0, 6.0) + 28.0 * r) / 6.0
    segs = [ProgSeg(FEED, (36.0, 6.0, z), (8.0, 0.0, z), feed=200.0, line=7, column=9),
            ProgSeg(FEED, (8.0, 0.0, z), (32.0, 0.0, z), feed=200.0, line=8, column=1)]
    exit_ = ProgSeg(FEED, (32.0, 0.0, z), (36.0, 6.0, z), feed=200.0, line=9, column=1)
    ends = {}
    for dialect in ("linuxcnc", "fanuc"):
        cc = CutterComp(dialect, 17, 1, r, 7, 1)
        out = [o for s in segs for o in cc.push(s)] + cc.cancel(exit_)
        ends[dialect] = [(o.line, pytest.approx(o.end[:2], abs=1e-9)) for o in out]
        ends[dialect + " findings"] = [(f.severity, f.key, f.line, f.params["element_line"])
                                       for f in cc.findings]
    assert ends["linuxcnc"] == [(7, (x, r)), (8, (32.0, r)), (9, (36.0, 6.0))]
    assert ends["linuxcnc findings"] == [("warning", "COMPENSATION.entry_gouge", 8, 7)]
    assert ends["fanuc"] == [(7, (8.0, r)), (8, (32.0, r)), (9, (36.0, 6.0))]
    assert ends["fanuc findings"] == []


def _xy(t, frame=G54):
    return [tuple(np.round(e[:2] - np.array(frame[:2]), 9)) for e in t.moves["end"]]


def test_polar_words_in_g90_give_the_point_and_in_g91_add_radius_and_angle():
    s3 = math.sqrt(3.0)
    src = ("G21 G17 G90 G54\nG0 Z0\nG0 @20 ^30\n"      # (10 s3, 10)
           "G91 G1 @10 F100\n"                         # radius 30 at 30 deg
           "G1 ^60\n"                                  # radius 30 at 90 deg: (0, 30)
           "G90 G1 ^180\n"                             # keeps its radius: (-30, 0)
           "G1 @5\nM2\n")                              # keeps its angle: (-5, 0)
    t = run(src, "linuxcnc")
    assert not errors(t)
    want = [(10 * s3, 10.0), (15 * s3, 15.0), (0.0, 30.0), (-30.0, 0.0), (-5.0, 0.0)]
    assert np.allclose(_xy(t)[1:], want, atol=1e-9)


def test_g91_polar_cycle_repeats_turn_hole_after_hole_round_the_origin():
    src = "G20 G17 G90 G54\nG0 X1.5 Y0 Z0\nG91 G81 R.1 Z-.5 ^60 L6 F10\nM2\n"
    t = run(src, "linuxcnc")
    assert not errors(t)
    bottoms = t.moves["end"][(t.moves["kind"] == FEED)]
    got = bottoms[:, :2] - np.array(G54[:2])
    want = [(38.1 * math.cos(math.radians(60 * k)), 38.1 * math.sin(math.radians(60 * k)))
            for k in range(1, 7)]
    assert np.allclose(got, want, atol=1e-9)
    assert np.allclose(bottoms[:, 2] - G54[2], -0.4 * 25.4)


@pytest.mark.parametrize("src, key, line", [
    ("G21 G90 G54\nG0 X1 @3\nM2\n", "SYNTAX.polar_xy", 2),
    ("G21 G90 G54\nG0 X0 Y0\nG91 G0 @3\nM2\n", "SYNTAX.polar_origin", 3),
])
def test_polar_errors_are_those_of_rs274(src, key, line):
    t = run(src, "linuxcnc")
    assert [(f.key, f.line) for f in errors(t)] == [(key, line)]


def test_polar_words_are_not_fanuc():
    t = run("G21 G90 G54\nG0 @3 ^10\nM30\n", "fanuc")
    assert [(f.key, f.line) for f in errors(t)] == [("SYNTAX.char", 2)]


def test_colon_is_fanuc_o_for_program_numbers_and_alone_an_alignment_mark():
    src = "%\n:1000\n:(alignment)\nG21 G90 G54\nM98 P2001\nM30\n:2001\nG0 X5. Y0 Z0\nM99\n%\n"
    t = run(src, "fanuc")
    assert not errors(t)
    assert _xy(t) == [(5.0, 0.0)] and list(t.moves["line"]) == [8]
    assert keys(run("G21 G90\nG0 X1. :5\nM30\n", "fanuc"), "error") == ["SYNTAX.char"]


def test_doubled_cr_before_lf_ends_one_line_as_an_editor_shows():
    from machinesim.gcode import tokenize
    assert tokenize(b"G0 X1\r\r\nG0 X2\r\nG0 X3\rG0 X4\n").lines == 4
    t = run("G21 G90 G54\r\r\nG0 X1 Y0 Z0\r\r\nG1 X2\r\r\nM2\r\r\n", "linuxcnc")
    assert t.lines == 4
    assert [(f.key, f.line) for f in errors(t)] == [("NO_FEED", 3)]


def test_an_empty_variable_used_as_a_number_is_named_in_the_message():
    goto = run("#22 = #0\nGOTO #22\nN300 M30\n", "fanuc")
    assert [(f.key, f.line, f.params["name"]) for f in errors(goto)] == [("SUBPROGRAM.vacant_goto", 2, "#22")]
    target = run("#[#22] = 1.\nM30\n", "fanuc")
    assert [(f.key, f.params["name"]) for f in errors(target)] == [("SYNTAX.vacant_number", "#22")]
    from machinesim.messages import render
    for f in errors(goto) + errors(target):
        for lang in ("fr", "en"):
            text = render(f, lang)
            assert "#22" in text and "None" not in text


def _write(folder, name, text):
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)
    return p


def test_m98_finds_a_subprogram_file_beside_the_program(tmp_path):
    from machinesim.gcode import load_program
    from gcode_helpers import job
    main = _write(tmp_path, "main.nc", "%\nO1\nG21 G90 G54\nG0 X0 Y0 Z5.\nM98 P3001\nG65 P3002\nM30\n%\n")
    _write(tmp_path, "O3001.nc", "%\nO3001 (sub)\nG0 X7. Y0\nM99\n%\n")
    _write(tmp_path, "3002.NC", "(no O line)\nG0 X9. Y1.\nG1 X10. F0\nM99\n")
    t = load_program(main, job("fanuc"))
    assert t.files == (str(main), str(tmp_path / "O3001.nc"), str(tmp_path / "3002.NC"))
    assert [(int(f), int(ln)) for f, ln in zip(t.moves["file"], t.moves["line"])] == [(0, 4), (1, 3), (2, 2)]
    assert _xy(t) == [(0.0, 0.0), (7.0, 0.0), (9.0, 1.0)]
    assert [(f.key, f.file, f.line) for f in errors(t)] == [("NO_FEED", str(tmp_path / "3002.NC"), 3)]
    assert t.lines == 8


def test_a_subprogram_only_in_a_companions_folder_is_not_found_and_the_message_says_where(tmp_path):
    from machinesim.gcode import load_program
    from machinesim.messages import render
    from gcode_helpers import job
    main = _write(tmp_path, "p.nc", "G21 G90 G54\nM98 P3001\nM30\n")
    _write(tmp_path, "p.nc.companions/3001.nc", "O3001\nG0 X1.\nM99\n")
    t = load_program(main, job("fanuc"))
    assert [(f.key, f.line) for f in errors(t)] == [("SUBPROGRAM.missing_file", 2)]
    text = render(errors(t)[0], "en")
    assert "O3001.nc" in text and "3001.nc" in text and str(tmp_path) in text
    assert keys(run("M98 P3001\nM30\n", "fanuc"), "error") == ["SUBPROGRAM.missing"]   # no file: no folder
