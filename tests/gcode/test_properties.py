"""Properties over random programs: G90 = G91, G20 = G21, arcs end where they say, fast lane = Python."""
from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings, strategies as st

from gcode_helpers import G54, errors, run
from machinesim import toolpath as tp

SETTINGS = settings(max_examples=40, deadline=None)


def _fmt(units: int, scale: int = 1000) -> str:
    """An integer count of 1/scale units as an exact decimal with a point."""
    sign = "-" if units < 0 else ""
    units = abs(units)
    digits = len(str(scale)) - 1
    return f"{sign}{units // scale}.{units % scale:0{digits}d}"


@st.composite
def paths(draw, n_max=12):
    """Moves in integer micrometres: ("line", kind, end) or ("arc", g, end, (i, j))."""
    pos = (0, 0, 0)
    out = []
    for _ in range(draw(st.integers(1, n_max))):
        if draw(st.booleans()):
            end = tuple(draw(st.integers(-50_000, 50_000)) for _ in range(3))
            out.append(("line", draw(st.sampled_from([0, 1])), end))
        else:
            i, j = draw(st.integers(-20_000, 20_000)), draw(st.integers(-20_000, 20_000))
            if math.hypot(i, j) < 1000:
                continue
            a = draw(st.floats(0.1, 2 * math.pi - 0.1))
            cx, cy = pos[0] + i, pos[1] + j
            ux, uy = pos[0] - cx, pos[1] - cy
            ex = round(cx + ux * math.cos(a) - uy * math.sin(a))
            ey = round(cy + ux * math.sin(a) + uy * math.cos(a))
            end = (ex, ey, draw(st.integers(-50_000, 50_000)))
            out.append(("arc", draw(st.sampled_from([2, 3])), end, (i, j)))
        pos = out[-1][2]
    return out


def program(path, incremental=False, scale=1000, unit_code="G21", per_unit=1):
    lines = [f"{unit_code} G17 {'G91' if incremental else 'G90'} F{_fmt(100 * 10_000 * per_unit, scale)}"]
    pos = (0, 0, 0)
    for step in path:
        end = step[2]
        val = [e - p for e, p in zip(end, pos)] if incremental else list(end)
        xyz = " ".join(f"{a}{_fmt(v * per_unit, scale)}" for a, v in zip("XYZ", val))
        if step[0] == "line":
            lines.append(f"G{step[1]} {xyz}")
        else:
            i, j = step[3]
            lines.append(f"G{step[1]} {xyz} I{_fmt(i * per_unit, scale)} J{_fmt(j * per_unit, scale)}")
        pos = end
    start = f"{unit_code} G90 G0 X0. Y0. Z0."
    return start + "\n" + "\n".join(lines) + "\nM30\n"


def same_moves(a, b, atol=1e-9):
    assert len(a.moves) == len(b.moves)
    for f in ("kind", "line", "turns", "tool", "flags"):
        assert (a.moves[f] == b.moves[f]).all(), f
    for f in ("start", "end", "center", "axis", "feed"):
        np.testing.assert_allclose(a.moves[f], b.moves[f], atol=atol, rtol=0)


@SETTINGS
@given(paths(), st.sampled_from(["fanuc", "linuxcnc"]))
def test_g91_translation_gives_the_same_moves(path, dialect):
    a = run(program(path), dialect)
    b = run(program(path, incremental=True), dialect)
    assert not errors(a) and not errors(b)
    same_moves(a, b)


@SETTINGS
@given(paths(), st.sampled_from(["fanuc", "linuxcnc"]))
def test_g20_and_g21_give_the_same_toolpath(path, dialect):
    # the path in units of 1e-4 inch; the mm version is exact in decimal (x 25.4 = x 254 / 10)
    inch = run(program(path, scale=10_000, unit_code="G20"), dialect)
    mm = run(program(path, scale=100_000, unit_code="G21", per_unit=254), dialect)
    assert not errors(inch) and not errors(mm)
    same_moves(inch, mm, atol=1e-8)


@SETTINGS
@given(st.sampled_from([17, 18, 19]), st.sampled_from([2, 3]), st.floats(1.0, 50.0),
       st.floats(0.0, 2 * math.pi), st.floats(0.05, 2 * math.pi - 0.05), st.floats(-10, 10),
       st.booleans(), st.sampled_from(["fanuc", "linuxcnc"]))
def test_arcs_end_where_they_say(plane, g, r, a0, sweep, rise, use_r, dialect):
    def n(v: float) -> str:
        return f"{v:.12f}"

    first, second, axis = {17: ("X", "Y", "Z"), 18: ("Z", "X", "Y"), 19: ("Y", "Z", "X")}[plane]
    off = {"X": "I", "Y": "J", "Z": "K"}
    ccw = g == 3
    a1 = a0 + (sweep if ccw else -sweep)
    s = (r * math.cos(a0), r * math.sin(a0))
    e = (r * math.cos(a1), r * math.sin(a1))
    start = f"G{plane} G90 G0 {first}{n(s[0])} {second}{n(s[1])} {axis}0.\n"
    if use_r:
        words = f"R{n(r if sweep <= math.pi else -r)}"
    else:
        words = f"{off[first]}{n(-s[0])} {off[second]}{n(-s[1])}"
    t = run(start + f"G{g} {first}{n(e[0])} {second}{n(e[1])} {axis}{n(rise)} {words} F100.\nM30\n", dialect)
    assert not errors(t)
    arc = t.moves[-1]
    assert arc["kind"] == tp.ARC
    idx = {"X": 0, "Y": 1, "Z": 2}
    want = np.zeros(3)
    want[idx[first]], want[idx[second]], want[idx[axis]] = e[0], e[1], rise
    pts = tp.arc_points(arc, max_sagitta=1e-3)
    np.testing.assert_allclose(pts[-1], want + G54, atol=1e-9)     # rounding of the 12 decimals
    centre = np.array(arc["center"])
    normal = np.array(arc["axis"])
    rel = pts - centre
    rel -= np.outer(rel @ normal, normal)
    np.testing.assert_allclose(np.linalg.norm(rel, axis=1), r, atol=1e-6)
    np.testing.assert_allclose(tp.arc_angle(arc.reshape(1))[0], sweep, atol=1e-6)


_plain_word = st.one_of(
    st.sampled_from(["G0", "G1", "G2", "G3", "G0", "G1"]),
    st.tuples(st.sampled_from("XYZIJKR"), st.integers(-40000, 40000), st.booleans()).map(
        lambda w: f"{w[0]}{w[1] / 1000:.3f}" if w[2] else f"{w[0]}{w[1] // 1000}"),
    st.integers(0, 2000).map(lambda f: f"F{f}."),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(_plain_word, max_size=5).map(" ".join), max_size=25),
       st.sampled_from(["fanuc", "linuxcnc"]), st.sampled_from([17, 18, 19]))
def test_fast_lane_matches_the_python_interpreter(lines, dialect, plane):
    src = f"G{plane}\nF100.\n" + "\n".join(lines) + "\nM30\n"
    a = run(src, dialect, fast=True)
    b = run(src, dialect, fast=False)
    same_moves(a, b, atol=0.0)
    assert a.findings == b.findings
    assert (a.events == b.events).all()


_VOCABULARY = [
    "G0", "G1", "G2", "G3", "G4", "G10 L2 P1", "G10 L20 P2", "G17", "G18", "G19", "G20", "G21", "G28", "G30",
    "G28.1", "G40", "G41", "G42", "G41.1 D4", "G43", "G43.1", "G43.2 H2", "G44", "G49", "G52", "G53", "G54",
    "G59.1", "G65 P100", "G73", "G74", "G76", "G80", "G81", "G82", "G83", "G84", "G85", "G86", "G87", "G88",
    "G89", "G90", "G91", "G90.1", "G92", "G92.1", "G92.2", "G92.3", "G93", "G94", "G95", "G98", "G99", "M0",
    "M3", "M4", "M5", "M6", "M8", "M9", "M98 P100", "M99", "M30", "M19", "X1.", "Y-2.5", "Z3", "I1.", "J-1",
    "K0.5", "R2.", "R-3", "Q1.", "P1", "P2.", "L2", "K2", "F100.", "F0", "S1000", "T1", "T9", "H1", "D1", "N10",
    "A5", "#1=2", "#2=[#1*3]", "X#1", "Y[#2/2]", "GOTO 10", "IF [#1 GT 1] GOTO 10", "WHILE [#1 LT 3] DO 1",
    "END 1", "#1=[#1+1]", "o100 sub", "o100 endsub", "o100 call [1]", "o101 if [#1]", "o101 else",
    "o101 endif", "o102 while [#1 LT 5]", "o102 endwhile", "o103 repeat [2]", "o103 endrepeat", "o102 break",
    "O100", "(c)", ";x", "/", "%", "GOTO #100", "X#100", "#3=#0", "IF [#100 EQ #0] GOTO 10", "G2 X#1 I#100",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_VOCABULARY), max_size=4).map(" ".join), min_size=1, max_size=15),
       st.sampled_from(["fanuc", "linuxcnc"]))
def test_the_interpreter_never_raises(lines, dialect):
    """Any mix of real words gives a toolpath: moves with finite numbers, findings within the file."""
    t = run("\n".join(lines), dialect, loop_limit=200)
    assert np.isfinite(t.moves["end"]).all() and np.isfinite(t.moves["feed"]).all()
    assert all(0 <= f.line <= max(len(lines), 1) for f in t.findings)
    assert len([f for f in t.findings if f.severity == "error"]) <= 1      # an alarm stops the program
