"""Repeated findings: one mistake on consecutive lines is one finding with a line range and a count."""
import numpy as np

from machinesim.findings import ERROR, WARNING, Finding, group_repeats
from machinesim.job import load_job
from machinesim.pipeline import simulate_program
from machinesim.toolpath import FEED, RAPID, Toolpath, empty_moves

JOB = load_job()


def toolpath(kinds_by_line, file="t.nc"):
    """One move per line: {line: kind}."""
    rec = empty_moves(len(kinds_by_line))
    for i, (line, kind) in enumerate(sorted(kinds_by_line.items())):
        rec[i]["line"], rec[i]["kind"] = line, kind
    return Toolpath(rec, files=(file,))


def f(code, line, severity=ERROR, key="", file="t.nc"):
    return Finding(code, severity, line=line, column=1, file=file, key=key)


def spans(found):
    return [(g.code, g.line, g.line_end, g.count) for g in found]


def test_five_consecutive_lines_become_one_finding():
    tp = toolpath({n: FEED for n in range(10, 20)})
    found = group_repeats([f("SHANK_COLLISION", n) for n in range(12, 17)], tp)
    assert spans(found) == [("SHANK_COLLISION", 12, 16, 5)]


def test_a_clean_move_between_ends_the_run():
    tp = toolpath({n: FEED for n in range(10, 20)})
    found = group_repeats([f("SHANK_COLLISION", n) for n in (11, 12, 14, 15)], tp)
    assert spans(found) == [("SHANK_COLLISION", 11, 12, 2), ("SHANK_COLLISION", 14, 15, 2)]


def test_lines_without_moves_do_not_end_the_run():
    """Comments, blank lines and M/S blocks (no move) between two repeats: still one run."""
    tp = toolpath({10: FEED, 14: FEED, 20: FEED})
    found = group_repeats([f("SHANK_COLLISION", n) for n in (10, 14, 20)], tp)
    assert spans(found) == [("SHANK_COLLISION", 10, 20, 3)]


def test_a_rapid_only_mistake_runs_over_feed_moves_not_over_clean_rapids():
    """CAM output alternates G0 and G1: G1 lines cannot hold RAPID_IN_MATERIAL, a clean G0 can."""
    tp = toolpath({10: RAPID, 11: FEED, 12: RAPID, 13: FEED, 14: RAPID, 15: RAPID, 16: RAPID})
    found = group_repeats([f("RAPID_IN_MATERIAL", n) for n in (10, 12, 14, 16)], tp)
    assert spans(found) == [("RAPID_IN_MATERIAL", 10, 14, 3), ("RAPID_IN_MATERIAL", 16, 0, 1)]


def test_different_code_key_severity_file_or_tool_never_join():
    tp = toolpath({n: FEED for n in range(1, 10)})
    found = group_repeats([f("CHIP_LOAD", 1), f("CHIP_LOAD", 2, key="CHIP_LOAD.drill"),
                           f("CHIP_LOAD", 3, severity=WARNING), f("CHIP_LOAD", 4, file="sub.nc"),
                           f("CUTTING_SPEED", 5), Finding("CUTTING_SPEED", ERROR, 6, 1, "t.nc", tool=2)], tp)
    assert len(found) == 6 and all(g.count == 1 and g.line_end == 0 for g in found)


def test_other_findings_interleaved_do_not_break_a_run():
    tp = toolpath({n: FEED for n in range(1, 10)})
    found = group_repeats([f("SHANK_COLLISION", 1), f("DEPTH_OVER_FLUTE", 2), f("SHANK_COLLISION", 2),
                           f("SHANK_COLLISION", 3), f("DEPTH_OVER_FLUTE", 3)], tp)
    assert sorted(spans(found)) == [("DEPTH_OVER_FLUTE", 2, 3, 2), ("SHANK_COLLISION", 1, 3, 3)]


def test_without_a_toolpath_only_adjacent_lines_join_and_whole_program_findings_stay():
    found = group_repeats([f("DECIMAL_POINT", 4), f("DECIMAL_POINT", 5), f("DECIMAL_POINT", 7),
                           f("PROGRAM_END_MISSING", 0), f("PROGRAM_END_MISSING", 0)])
    assert spans(found) == [("PROGRAM_END_MISSING", 0, 0, 1), ("PROGRAM_END_MISSING", 0, 0, 1),
                            ("DECIMAL_POINT", 4, 5, 2), ("DECIMAL_POINT", 7, 0, 1)]


def test_counts_of_groups_add_up():
    tp = toolpath({n: FEED for n in range(1, 10)})
    first = Finding("OVERLOAD", WARNING, 1, 1, "t.nc", line_end=3, count=3)
    found = group_repeats([first, f("OVERLOAD", 4, WARNING)], tp)
    assert spans(found) == [("OVERLOAD", 1, 4, 4)]


def test_the_pipeline_groups_a_repeated_rapid_into_material(tmp_path):
    """Five G0 moves along Y at Z-2 in the default 100 x 80 x 20 block, with comments and feed
    moves between them, then a G0 above the block and a sixth G0 in it: two findings, 5 + 1."""
    program = tmp_path / "p.nc"
    program.write_text("""%
O1000
G21 G90 G17 G40 G49 G80
T2 M6
G54 G0 X10. Y-10. S8000 M3
G43 H2 Z5.
G1 Z-2. F400.
G0 Y5.
(commentaire)
G0 Y10.
G1 X12. F800.

G0 Y15.
M8
G0 Y20.
G1 X14.
G0 Y25.
G0 Z5.
G0 Y30.
G0 Z-2.
M30
%
""", encoding="utf-8")
    sim = simulate_program(program, JOB)
    rapid = [g for g in sim.findings if g.code == "RAPID_IN_MATERIAL"]
    assert spans(rapid) == [("RAPID_IN_MATERIAL", 8, 17, 5), ("RAPID_IN_MATERIAL", 20, 0, 1)]


def test_straight_retracts_between_repeats_do_not_end_the_run():
    """CAM links: cut, G0 Z up (a retract cannot crash), G0 across (crash), plunge, cut..."""
    rec = empty_moves(6)
    seq = [(10, FEED, (0, 0, -5), (10, 0, -5)), (11, RAPID, (10, 0, -5), (10, 0, 2)),
           (12, RAPID, (10, 0, 2), (20, 0, 2)), (13, FEED, (20, 0, 2), (20, 0, -5)),
           (14, RAPID, (20, 0, -5), (20, 0, 2)), (15, RAPID, (20, 0, 2), (30, 0, 2))]
    for i, (line, kind, a, b) in enumerate(seq):
        rec[i]["line"], rec[i]["kind"], rec[i]["start"], rec[i]["end"] = line, kind, a, b
    tp = Toolpath(rec, files=("t.nc",))
    assert spans(group_repeats([f("RAPID_IN_MATERIAL", 12), f("RAPID_IN_MATERIAL", 15)], tp)) == [
        ("RAPID_IN_MATERIAL", 12, 15, 2)]
    # a rapid across that is clean does end it
    assert len(group_repeats([f("RAPID_IN_MATERIAL", 11), f("RAPID_IN_MATERIAL", 15)], tp)) == 2


def test_feed_moves_that_cut_nothing_do_not_end_a_run_of_a_cutting_mistake():
    tp = toolpath({n: FEED for n in range(10, 16)})
    cutting = [True, False, False, True, True, True]       # lines 11 and 12 move in the air
    found = [f("DEPTH_OVER_FLUTE", n) for n in (10, 13)]
    assert spans(group_repeats(found, tp, cutting)) == [("DEPTH_OVER_FLUTE", 10, 13, 2)]
    assert len(group_repeats(found, tp)) == 2               # without the volumes every feed move counts
    cutting[2] = True                                        # line 12 cut, and cleanly: two mistakes
    assert len(group_repeats(found, tp, cutting)) == 2
