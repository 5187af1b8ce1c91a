"""The Fanuc lathe interpreter against LinuxCNC's rs274 (lathe diameter mode G7) and against
analytic truth: diameter and radius X, U/W, arcs, units, offsets, feeds and speeds, cycles."""
import math
import random
import sys
from pathlib import Path

import numpy as np
import pytest

from machinesim.lathe.interpreter import F_THREAD, interpret
from machinesim.lathe.setup import LatheTool
from machinesim.toolpath import FEED, RAPID

from lathe_helpers import lathe_job

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "conformance"))
import rs274_harness as H  # noqa: E402


def run(text, job=None, **kw):
    return interpret(text, job or lathe_job(**kw))


def ends(tp, kinds=None):
    """(x radius, z) of each move's end, optionally only some kinds."""
    m = tp.moves if kinds is None else tp.moves[np.isin(tp.moves["kind"], kinds)]
    return [(round(float(e[0]), 9), round(float(e[2]), 9)) for e in m["end"]]


def errors(tp):
    return [(f.key, f.line) for f in tp.findings if f.severity == "error"]


# --- rs274 in lathe diameter mode ----------------------------------------------------------------

def _random_program(seed: int) -> str:
    """Lines and arcs (R, and I/K centres) in diameter mode, the common ground of both controls."""
    rnd = random.Random(seed)
    out = ["G18 G21", "G0 X40. Z2.", "G1 X30. Z0. F100."]
    x, z = 15.0, 0.0                               # radius, z
    for _ in range(12):
        kind = rnd.choice(["line", "arc_r", "arc_ik"])
        g = rnd.choice([2, 3])
        if kind == "arc_ik":
            ci, ck = rnd.uniform(-6, 6), rnd.uniform(-6, 6)
            cx, cz = x + ci, z + ck
            r = math.hypot(ci, ck)
            th = rnd.uniform(0, 2 * math.pi)
            nx, nz = cx + r * math.sin(th), cz + r * math.cos(th)
            if 3.0 < nx < 35.0 and r > 0.5:
                nx, nz = round(nx, 4), round(nz, 4)
                out.append(f"G{g} X{2 * nx:.4f} Z{nz:.4f} I{ci:.6f} K{ck:.6f}")
                x, z = nx, nz
                continue
        nx, nz = round(rnd.uniform(5, 30), 3), round(z - rnd.uniform(1, 8), 3)
        if kind == "arc_r":
            chord = math.hypot(nx - x, nz - z)
            out.append(f"G{g} X{2 * nx:.3f} Z{nz:.3f} R{chord / 2 + rnd.uniform(0.5, 10):.3f}")
        else:
            out.append(f"G1 X{2 * nx:.3f} Z{nz:.3f}")
        x, z = nx, nz
    out.append("M30")
    return "\n".join(out) + "\n"


@pytest.mark.rs274
@pytest.mark.skipif(H.RS274 is None, reason="LinuxCNC's rs274 is not installed")
@pytest.mark.parametrize("seed", range(6))
def test_diameter_programming_and_arcs_agree_with_rs274(seed):
    text = _random_program(seed)
    expected = H.rs274_run(text.replace("G18 G21", "G18 G21 G7").replace("M30", "M2"), offsets={}).moves
    tp = run(text)
    assert errors(tp) == []
    got = list(tp.moves)
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert ("rapid", "feed", "arc")[int(g["kind"])] == e.kind
        tol = 1e-4                      # rs274 prints four decimals
        assert abs(g["end"][0] - e.end[0]) < tol and abs(g["end"][2] - e.end[2]) < tol
        if e.kind == "arc":
            assert abs(g["center"][0] - e.center[0]) < tol and abs(g["center"][2] - e.center[2]) < tol
            assert np.sign(g["axis"][1]) == np.sign(e.axis[1])


# --- words with lathe meanings -------------------------------------------------------------------

def test_x_is_a_diameter_u_and_w_are_incremental_and_radius_mode_reads_x_as_a_radius():
    tp = run("G0 X40. Z2.\nG1 U-10. W-5. F0.2\nX20. Z-10.\nM30\n")
    assert ends(tp)[-3:] == [(20.0, 2.0), (15.0, -3.0), (10.0, -10.0)]
    tp = run("G0 X40. Z2.\nG1 U-10. W-5. F0.2\nM30\n", x_mode="radius")
    assert ends(tp)[-2:] == [(40.0, 2.0), (30.0, -3.0)]


def test_inches_and_work_shift_g50():
    tp = run("G20\nG0 X1. Z0.1\nM30\n")
    assert ends(tp)[-1] == (12.7, 2.54)
    # G50 X Z: the current point becomes (X, Z); later moves are shifted by the difference
    tp = run("G0 X40. Z10.\nG50 X100. Z50.\nG0 X80. Z40.\nM30\n")
    assert ends(tp)[-1] == (10.0, 0.0)


def test_t0101_applies_the_tool_wear_and_t0100_cancels_it():
    tools = [LatheTool(1, wear=(-0.01, 0.02))]          # radius -0.01 (diameter -0.02), z +0.02
    tp = run("T0101\nG0 X40. Z2.\nT0100\nG0 X40. Z2.\nM30\n", tools=tools)
    (x1, z1), (x2, z2) = ends(tp)[-2:]
    assert abs(x1 - 19.99) < 1e-12 and abs(z1 - 2.02) < 1e-12
    assert (x2, z2) == (20.0, 2.0)


def test_constant_surface_speed_follows_the_diameter_up_to_the_g50_limit():
    tp = run("G50 S2000\nT0101\nG96 S100 M3\nG0 X40. Z2.\nG1 X20. F0.2\nX4.\nM30\n")
    rpm = np.abs(tp.moves["spindle"][-3:])
    want = [1000 * 100 / (math.pi * 40), 1000 * 100 / (math.pi * 20), 2000.0]
    assert np.allclose(rpm, want)
    # G99: mm/rev times the rpm at the end of the move; G98: mm/min as written
    assert abs(tp.moves["feed"][-2] - 0.2 * want[1]) < 1e-9
    tp = run("T0101\nG97 S1000 M3\nG98 G0 X40. Z2.\nG1 Z-10. F150.\nM30\n")
    assert tp.moves["feed"][-1] == 150.0 and tp.moves["spindle"][-1] == 1000.0


def test_no_spindle_limit_is_found_on_the_g96_line():
    tp = run("T0101\nG96 S200 M3\nG0 X42. Z0.\nG1 X0. F0.1\nM30\n")
    assert [(f.code, f.line, f.column) for f in tp.findings if f.code == "NO_SPINDLE_LIMIT"] == \
        [("NO_SPINDLE_LIMIT", 2, 1)]
    tp = run("G50 S2500\nT0101\nG96 S200 M3\nG0 X42. Z0.\nG1 X0. F0.1\nM30\n")
    assert not [f for f in tp.findings if f.code == "NO_SPINDLE_LIMIT"]


def test_g28_sends_the_turret_home_through_the_intermediate_point():
    job = lathe_job()
    tp = interpret("G0 X40. Z2.\nG28 U0. W0.\nM30\n", job)
    assert ends(tp)[-1] == job.lathe.home


# --- single cycles G90 G94 G92 ------------------------------------------------------------------

def test_g90_turning_cycle_and_its_modal_repeats():
    tp = run("T0101\nG0 X42. Z2.\nG90 X36. Z-20. F0.2\nX32.\nM30\n")
    assert ends(tp)[1:] == [(18.0, 2.0), (18.0, -20.0), (21.0, -20.0), (21.0, 2.0),
                            (16.0, 2.0), (16.0, -20.0), (21.0, -20.0), (21.0, 2.0)]
    assert list(tp.moves["kind"][1:5]) == [RAPID, FEED, FEED, RAPID]


def test_g90_taper_and_g94_facing():
    tp = run("T0101\nG0 X42. Z2.\nG90 X30. Z-20. R-2. F0.2\nM30\n")
    assert ends(tp)[1:3] == [(13.0, 2.0), (15.0, -20.0)]
    tp = run("T0101\nG0 X42. Z2.\nG94 X10. Z-1. F0.2\nM30\n")
    assert ends(tp)[1:] == [(21.0, -1.0), (5.0, -1.0), (5.0, 2.0), (21.0, 2.0)]


def test_g92_thread_cycle_feeds_lead_times_rpm_and_flags_the_pass():
    tp = run("T0101\nG97 S500 M3\nG0 X22. Z5.\nG92 X19. Z-20. F1.5\nM30\n")
    thread = tp.moves[(tp.moves["flags"] & F_THREAD) != 0]
    assert len(thread) == 1 and thread["feed"][0] == 750.0
    assert ends(tp)[1:] == [(9.5, 5.0), (9.5, -20.0), (11.0, -20.0), (11.0, 5.0)]


# --- G71 / G70 against a plain expansion ----------------------------------------------------------

PROFILE = """T0101
G96 S180 M3
G50 S3000
G0 X42. Z2.
G71 U2. R0.5
G71 P10 Q20 U0.4 W0.1 F0.25
N10 G0 X12.
G1 Z0.
X16. Z-2.
Z-15.
X24. Z-25.
Z-40.
N20 X42.
G70 P10 Q20 F0.1
G0 X100. Z100.
M30
"""


def _plain_g71(a, points, dd, e, du, dw):
    """Fanuc G71 type I for an outside profile of straight lines, written out plainly.

    points: (x radius, z) of the finishing profile from its start A' to its end B.
    """
    pts = [(x + du, z + dw) for x, z in points]
    moves = []
    level = a[0] - dd
    xmin = min(p[0] for p in pts)
    while level > xmin + 1e-9:
        # where the cut at this level meets the profile: first segment that reaches the level
        hit = None
        for (x0, z0), (x1, z1) in zip(pts, pts[1:]):
            if (x0 - level) * (x1 - level) <= 0 and x0 != x1:
                hit = z0 + (level - x0) / (x1 - x0) * (z1 - z0)
                break
        moves += [("rapid", level, a[1]), ("feed", level, hit), ("feed", level + e, hit + e),
                  ("rapid", level + e, a[1])]
        level -= dd
    moves.append(("rapid", pts[0][0], pts[0][1]))
    moves += [("feed", x, z) for x, z in pts[1:]]
    moves.append(("rapid", a[0], a[1]))
    return moves


def test_g71_roughing_move_by_move():
    tp = run(PROFILE)
    assert errors(tp) == []
    g71 = tp.moves[tp.moves["line"] == 6]
    want = _plain_g71((21.0, 2.0), [(6.0, 2.0), (6.0, 0.0), (8.0, -2.0), (8.0, -15.0), (12.0, -25.0),
                                    (12.0, -40.0), (21.0, -40.0)], 2.0, 0.5, 0.2, 0.1)
    got = [(("rapid", "feed", "arc")[int(m["kind"])], float(m["end"][0]), float(m["end"][2])) for m in g71]
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g[0] == w[0] and abs(g[1] - w[1]) < 1e-9 and abs(g[2] - w[2]) < 1e-9


def test_g70_follows_the_profile_blocks_and_returns_to_the_start():
    tp = run(PROFILE)
    lines = tp.moves["line"]
    finish = tp.moves[(lines >= 7) & (lines <= 13)]
    assert ends(tp.__class__(finish)) == [(6.0, 2.0), (6.0, 0.0), (8.0, -2.0), (8.0, -15.0), (12.0, -25.0),
                                          (12.0, -40.0), (21.0, -40.0)]
    back = tp.moves[lines == 14]
    assert ends(tp.__class__(back)) == [(21.0, 2.0)]
    # the control skips the profile after G71: no move of lines 7-13 comes before the G70
    first_g70 = np.flatnonzero(lines == 14)[0]
    assert np.all(np.flatnonzero((lines >= 7) & (lines <= 13)) < first_g70)
    assert np.flatnonzero(lines == 6).max() < np.flatnonzero((lines >= 7) & (lines <= 13)).min()


def test_g71_type_one_refuses_a_profile_that_goes_down():
    text = PROFILE.replace("X24. Z-25.", "X12. Z-25.")
    tp = run(text)
    assert errors(tp) == [("LATHE.profile_monotonic", 11)]
    from machinesim.messages import render

    alarm = next(f for f in tp.findings if f.message_key == "LATHE.profile_monotonic")
    assert "(line 11)" in render(alarm, "en")


def test_g71_type_two_cuts_the_recess_a_type_one_profile_could_not():
    from machinesim.lathe.part import turn

    text = PROFILE.replace("N10 G0 X12.", "N10 G0 X12. Z2.").replace("X24. Z-25.", "X12. Z-25.")
    tp = run(text)
    assert errors(tp) == []
    o, _, _, _ = turn(tp, lathe_job()).bounds([-8.0, -30.0, -35.0])
    assert np.allclose(o, [8.0, 6.0, 6.0], atol=1e-9)       # the land and the recess's floor, by G70


# --- G76 against a plain expansion ---------------------------------------------------------------

def test_g76_threading_passes_move_by_move():
    text = ("T0101\nG97 S400 M3\nG0 X24. Z5.\nG76 P020060 Q50 R0.02\n"
            "G76 X17.546 Z-20. P1227 Q400 F2.\nM30\n")
    tp = run(text)
    assert errors(tp) == []
    k, d1, dmin, allowance = 1.227, 0.4, 0.05, 0.02
    depths, n, last = [], 1, 0.0
    while True:
        d = max(d1 * math.sqrt(n), last + dmin)
        if d >= k - allowance:
            break
        depths.append(d)
        last, n = d, n + 1
    depths += [k - allowance, k, k]          # the allowance pass, the full depth, one more finishing pass
    root, a, z_end = 17.546 / 2, (12.0, 5.0), -20.0
    want = []
    for d in depths:
        zs = a[1] - (d - depths[0]) * math.tan(math.radians(30))
        x = root + (k - d)
        want += [(a[0], zs), (x, zs), (x, z_end), (a[0], z_end), a]
    got = [(float(m["end"][0]), float(m["end"][2])) for m in tp.moves[tp.moves["line"] == 5]]
    kept, prev = [], a
    for w in want:                      # a move to where the tool already is makes no record
        if not np.allclose(w, prev, atol=1e-12):
            kept.append(w)
        prev = w
    assert len(got) == len(kept)
    assert np.allclose(got, kept, atol=1e-9)
    passes = tp.moves[(tp.moves["flags"] & F_THREAD) != 0]
    assert len(passes) == len(depths) and np.allclose(passes["feed"], 800.0)


def test_g74_and_g75_peck_cycles():
    tp = run("T0101\nG97 S500 M3\nG0 X0. Z2.\nG74 R1.\nG74 Z-10. Q4000 F0.1\nM30\n")
    g74 = tp.moves[tp.moves["line"] == 5]
    assert [round(float(z), 9) for z in g74["end"][:, 2]] == [-2.0, -1.0, -6.0, -5.0, -10.0, 2.0]
    tp = run("T0101\nG97 S500 M3\nG0 X42. Z-10.\nG75 R0.5\nG75 X30. P2500 F0.1\nM30\n")
    g75 = tp.moves[tp.moves["line"] == 5]
    assert [round(float(x), 9) for x in g75["end"][:, 0]] == [18.5, 19.0, 16.0, 16.5, 15.0, 21.0]


# --- G72 and G73 against plain expansions --------------------------------------------------------

def _plain_g72(a, points, dd, e, du, dw):
    """Fanuc G72 type I, written out plainly: levels in Z from A toward the profile, each cut
    along X toward the axis until the (shifted) profile, 45° off, back along X at rapid."""
    pts = [(x + du, z + dw) for x, z in points]
    moves = []
    level = a[1] - dd
    zmin = min(p[1] for p in pts)
    while level > zmin + 1e-9:
        hit = None
        for (x0, z0), (x1, z1) in zip(pts, pts[1:]):
            if (z0 - level) * (z1 - level) <= 0 and z0 != z1:
                hit = x0 + (level - z0) / (z1 - z0) * (x1 - x0)
                break
        moves += [("rapid", a[0], level), ("feed", hit, level), ("feed", hit + e, level + e),
                  ("rapid", a[0], level + e)]
        level -= dd
    moves.append(("rapid", pts[0][0], pts[0][1]))
    moves += [("feed", x, z) for x, z in pts[1:]]
    moves.append(("rapid", a[0], a[1]))
    return moves


def _kinds_ends(moves):
    return [(("rapid", "feed", "arc")[int(m["kind"])], float(m["end"][0]), float(m["end"][2])) for m in moves]


def _same(got, want):
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g[0] == w[0] and abs(g[1] - w[1]) < 1e-9 and abs(g[2] - w[2]) < 1e-9, (g, w)


def test_g72_facing_roughing_move_by_move():
    text = ("T0101\nG96 S180 M3\nG50 S3000\nG0 X42. Z2.\nG72 W2. R0.5\nG72 P10 Q20 U0.4 W0.1 F0.25\n"
            "N10 G0 Z-8.\nG1 X30.\nX20. Z-4.\nX10. Z-2.\nN20 Z2.\nM30\n")
    tp = run(text)
    assert errors(tp) == []
    want = _plain_g72((21.0, 2.0), [(21.0, -8.0), (15.0, -8.0), (10.0, -4.0), (5.0, -2.0), (5.0, 2.0)],
                      2.0, 0.5, 0.2, 0.1)
    _same(_kinds_ends(tp.moves[tp.moves["line"] == 6]), want)


def test_g73_pattern_repeat_move_by_move():
    text = ("T0101\nG96 S180 M3\nG50 S3000\nG0 X42. Z2.\nG73 U3. W0. R3\nG73 P10 Q20 U0.4 W0.1 F0.25\n"
            "N10 G0 X16. Z2.\nG1 Z-10.\nX30. Z-20.\nN20 X42.\nM30\n")
    tp = run(text)
    assert errors(tp) == []
    profile = [(8.0, 2.0), (8.0, -10.0), (15.0, -20.0), (21.0, -20.0)]
    want = []
    for k in (1, 2, 3):
        dx = 0.2 + 3.0 * (3 - k) / 2          # relief in radius, shrinking to the allowance
        pts = [(x + dx, z + 0.1) for x, z in profile]
        want += [("rapid", *pts[0])] + [("feed", *p) for p in pts[1:]] + [("rapid", 21.0, 2.0)]
    _same(_kinds_ends(tp.moves[tp.moves["line"] == 6]), want)


def test_compensation_switched_on_and_off_inside_the_profile_blocks():
    # G42 in the first profile block and G40 in the last: G71 ignores them, G70 compensates
    text = PROFILE.replace("N10 G0 X12.", "N10 G42 G0 X12.").replace("N20 X42.", "N20 G40 X42.")
    from machinesim.lathe.part import turn

    tp = run(text)
    assert errors(tp) == []
    o, _, _, _ = turn(tp, lathe_job()).bounds([-1.0, -10.0, -20.0, -30.0])
    # Ø16 after a 2 x 45° chamfer from Ø12, a taper from Ø16 at Z-15 to Ø24 at Z-25, then Ø24
    assert np.allclose(o, [7.0, 8.0, 10.0, 12.0], atol=1e-9)


def test_g41_bores_an_inside_taper_exactly():
    from machinesim.lathe.part import turn

    tools = [LatheTool(5, type="drill", diameter=16.0, tip=7, nose_radius=0.0),
             LatheTool(6, type="boring", nose_radius=0.4, tip=2, edge_length=6.0)]
    text = ("T0505\nG97 S800 M3\nG0 X0. Z5.\nG1 Z-30. F0.1\nG0 Z5.\n"
            "T0606\nG0 X20. Z3.\nG41 G0 X24. Z2.\nG1 Z0. F0.1\nX20. Z-10.\nZ-20.\nX17.\nG40 G0 X16. Z5.\nM30\n")
    tp = run(text, tools=tools)
    assert errors(tp) == []
    _, i, _, _ = turn(tp, lathe_job(tools=tools)).bounds([-2.5, -5.0, -15.0])
    assert np.allclose(i, [12.0 - 0.2 * 2.5, 11.0, 10.0], atol=1e-9)


# --- LinuxCNC's lathe mode --------------------------------------------------------------------------

LCNC = """G18 G21 G7 G90 G94
S1000 M3
G0 X40 Z2
G1 X30 Z0 F150
G91 G1 X-4 Z-10
G90 G2 X32 Z-20 R6
G95 G1 Z-30 F0.2
G8 G1 X20 Z-32
G3 X22 Z-34 K-2
G7 G0 X60 Z10
M2
"""


@pytest.mark.rs274
@pytest.mark.skipif(H.RS274 is None, reason="LinuxCNC's rs274 is not installed")
def test_linuxcnc_lathe_mode_agrees_with_rs274():
    # G7/G8 diameter and radius, G90/G91 distance, G94/G95 feeds: positions, centres and feeds
    expected = H.rs274_run(LCNC, offsets={}).moves
    tp = interpret(LCNC, lathe_job(dialect="linuxcnc"))
    assert errors(tp) == []
    assert len(tp.moves) == len(expected)
    for g, e in zip(tp.moves, expected):
        assert ("rapid", "feed", "arc")[int(g["kind"])] == e.kind
        assert abs(g["end"][0] - e.end[0]) < 1e-4 and abs(g["end"][2] - e.end[2]) < 1e-4
        if e.kind != "rapid":
            assert abs(g["feed"] - e.feed) < 1e-6 * max(e.feed, 1.0), (g["feed"], e.feed)
        if e.kind == "arc":
            assert abs(g["center"][0] - e.center[0]) < 1e-4 and abs(g["center"][2] - e.center[2]) < 1e-4


def test_linuxcnc_g33_threads_with_the_lead_k():
    tp = interpret("G18 G21 G7\nS500 M3\nG0 X20 Z5\nG33 Z-20 K1.5\nM2\n", lathe_job(dialect="linuxcnc"))
    thread = tp.moves[(tp.moves["flags"] & F_THREAD) != 0]
    assert len(thread) == 1 and thread["feed"][0] == 750.0


def test_chamfer_c_and_corner_r_between_single_axis_blocks():
    # G1 X20. C1.: 1 mm 45° chamfer toward the next Z move; Z-10. R2.: an R2 corner toward the next X move
    tp = run("T0101\nG0 X42. Z2.\nG1 X10. Z0. F0.2\nX20. C1.\nZ-10. R2.\nX30.\nM30\n")
    assert errors(tp) == []
    got = [(("rapid", "feed", "arc")[int(m["kind"])], round(float(m["end"][0]), 9), round(float(m["end"][2]), 9))
           for m in tp.moves[tp.moves["line"] >= 4]]
    assert got == [("feed", 9.0, 0.0), ("feed", 10.0, -1.0), ("feed", 10.0, -8.0), ("arc", 12.0, -10.0),
                   ("feed", 15.0, -10.0)]
    arc = tp.moves[tp.moves["kind"] == 2][0]
    assert np.allclose(arc["center"][[0, 2]], [12.0, -8.0]) and arc["axis"][1] < 0     # clockwise, Z right X up
    tp = run("T0101\nG0 X42. Z2.\nG1 X20. Z-5. C1. F0.2\nM30\n")
    assert errors(tp) == [("LATHE.corner_axis", 3)]
    tp = run("T0101\nG0 X42. Z2.\nG1 X20. F0.2\nZ-10. C1.\nZ-20.\nM30\n")
    assert errors(tp) == [("LATHE.corner_next", 4)]
    tp = run("T0101\nG0 X42. Z2.\nG1 X20. F0.2\nZ-10. A30.\nM30\n")
    assert [(f.key, f.line) for f in tp.findings if f.key == "UNSUPPORTED.code"] == [("UNSUPPORTED.code", 4)]


def test_haas_one_block_g71_with_d_and_g28_alone():
    text = "T0101\nG0 X42. Z2.\nG71 P10 Q20 U0.4 W0.1 D2. F0.25\nN10 G0 X12.\nG1 Z-10.\nN20 X42.\nG28\nM30\n"
    job = lathe_job()
    tp = interpret(text, job)
    assert errors(tp) == []
    cuts = tp.moves[(tp.moves["line"] == 3) & (tp.moves["kind"] == FEED)]
    levels = sorted({round(float(m["start"][0]), 9) for m in cuts if m["start"][0] == m["end"][0]
                     and m["end"][2] < m["start"][2]})
    assert levels[-3:] == [15.0, 17.0, 19.0]
    assert ends(tp)[-1] == job.lathe.home


def test_g71_levels_end_on_arcs_and_run_along_a_diameter_at_the_level():
    # a convex R5 corner: the level at radius 9 ends on the arc shifted by the allowance; a level
    # that falls exactly on the Ø30 diameter runs along it up to the shoulder
    text = ("T0101\nG0 X42. Z2.\nG71 U3. R0.5\nG71 P10 Q20 U0.4 W0.1 F0.25\n"
            "N10 G0 X10.\nG1 Z0.\nG3 X20. Z-5. R5.\nG1 X29.6 Z-10.\nZ-20.\nX36.\nN20 X42.\nM30\n")
    tp = run(text)
    assert errors(tp) == []
    cuts = tp.moves[(tp.moves["line"] == 4) & (tp.moves["kind"] == FEED)]
    along = {round(float(m["start"][0]), 9): float(m["end"][2]) for m in cuts
             if m["start"][0] == m["end"][0] and m["end"][2] < m["start"][2]}
    assert abs(along[9.0] - (-4.9 + math.sqrt(25 - (9.0 - 5.2) ** 2))) < 1e-9
    assert abs(along[15.0] - (-19.9)) < 1e-9          # Ø29.6 + 0.4 allowance = level 15: to the shoulder
