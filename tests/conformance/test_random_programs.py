"""Random programs through rs274 and machinesim: both must make the same moves.

Hypothesis writes small programs of rapids, feeds (also in inverse time), arcs and helices in any
plane, absolute or incremental, in millimetres or inches, under any work offset, with arcs given
by centre or by radius, between G92, G92.1, G52, G10 L2 and L20, changes of units, tool changes
with or without G43, drilling cycles (absolute, or incremental with L repeats) and convex outlines,
sharp or rounded, under cutter compensation outside and inside.
The generator keeps track of the programmed position so every arc ends on its circle (to the 4
decimals written); the truth is rs274's output, never machinesim's.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

import rs274_harness as h

pytestmark = [
    pytest.mark.rs274,
    pytest.mark.skipif(h.RS274 is None, reason="LinuxCNC's rs274 is not installed "
                       "(Debian package linuxcnc-uspace): conformance not checked"),
]

PLANES = {"G17": (0, 1, "IJ"), "G18": (2, 0, "KI"), "G19": (1, 2, "JK")}   # (first, second) axes
AXES = "XYZ"


@dataclass
class State:
    """What the generator knows: program units per mm, the programmed point, the feed, the active
    work offset (machine mm) and the G92/G52 offset (program units)."""

    scale: float
    pos: list[float]
    feed: float
    frame: list[float]
    shift: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])

    def coord(self):
        return st.floats(-60, 60, allow_nan=False).map(lambda v: round(v * self.scale, 4))


def _xyz(p) -> str:
    return " ".join(f"{AXES[i]}{v:.4f}" for i, v in enumerate(p))


def _block(word: str, extra: str, end: list[float], pos: list[float], absolute: bool) -> str:
    """A motion block to `end`, written absolute (G90) or as increments from `pos` (G91)."""
    values = end if absolute else [e - p for e, p in zip(end, pos)]
    return f"{'G90' if absolute else 'G91'} {word} {_xyz(values)} {extra}".rstrip()


@st.composite
def straight(draw, s: State) -> str:
    end = [draw(s.coord()) for _ in range(3)]
    absolute = draw(st.booleans())
    kind = draw(st.sampled_from(["G0", "G1", "G93"]))
    inverse = round(draw(st.floats(0.5, 20)), 3)
    if kind == "G93" and math.dist(end, s.pos) * inverse > 0.2:
        # inverse time: the move takes 1/F minutes (rs274 never feeds slower than 0.1 unit/min)
        text = _block("G93 G1", f"F{inverse:.3f}", end, s.pos, absolute) + f"\nG94 F{s.feed:.4f}"
    else:
        text = _block("G1" if kind == "G93" else kind, "", end, s.pos, absolute)
    s.pos = end
    return text


@st.composite
def arc(draw, s: State) -> str:
    """An arc or helix in any plane from the current point, by centre (maybe P turns) or by R."""
    plane = draw(st.sampled_from(sorted(PLANES)))
    a, b, letters = PLANES[plane]
    radius = draw(st.floats(0.5, 40)) * s.scale
    start = draw(st.floats(0, 2 * math.pi))
    sweep = draw(st.floats(0.05, 2 * math.pi - 0.05))
    centre = (s.pos[a] - radius * math.cos(start), s.pos[b] - radius * math.sin(start))
    end = list(s.pos)
    end[a] = round(centre[0] + radius * math.cos(start + sweep), 4)
    end[b] = round(centre[1] + radius * math.sin(start + sweep), 4)
    if draw(st.booleans()):                           # a helix
        end[3 - a - b] = draw(s.coord())
    chord = math.dist((s.pos[a], s.pos[b]), (end[a], end[b]))
    if draw(st.booleans()) or not 0.01 * s.scale < chord < 2 * radius - 1e-3:
        extra = f"{letters[0]}{centre[0] - s.pos[a]:.4f} {letters[1]}{centre[1] - s.pos[b]:.4f}"
        turns = draw(st.integers(1, 3))
        extra += f" P{turns}" if turns > 1 else ""
    else:                                             # by radius: its sign picks the long way round
        extra = f"R{draw(st.sampled_from(['', '-']))}{radius:.4f}"
    text = f"{plane} " + _block(draw(st.sampled_from(["G2", "G3"])), extra, end, s.pos, draw(st.booleans()))
    s.pos = end
    return text


@st.composite
def setting(draw, s: State) -> str:
    """G92, G92.1, G52, G10 L20 P0, G10 L2 P0, a change of units or a tool change (then an
    absolute move); the programmed point follows."""
    what = draw(st.sampled_from(["G92", "G92.1", "G52", "G10 L20 P0", "G10 L2 P0", "units", "tool"]))
    if what == "units":
        factor = (1.0 if s.scale != 1.0 else 1 / 25.4) / s.scale
        s.scale *= factor
        s.pos = [p * factor for p in s.pos]
        s.shift = [d * factor for d in s.shift]
        s.feed = round(s.feed * factor, 4)
        # F on its own line: in the G20/G21 block it would count in the old units (see KNOWN)
        return f"{'G21' if s.scale == 1.0 else 'G20'}\nF{s.feed:.4f}"
    if what == "G10 L2 P0":                           # the active work zero moves (machine coordinates)
        new = [round(draw(st.floats(-300, 0)) * s.scale, 4) for _ in range(3)]
        s.pos = [p + (f - n / s.scale) * s.scale for p, f, n in zip(s.pos, s.frame, new)]
        s.frame = [n / s.scale for n in new]
        return f"G10 L2 P0 {_xyz(new)}"
    if what == "G52":                                 # a local offset replaces the G92 one
        new = [draw(s.coord()) for _ in range(3)]
        s.pos = [p + d - n for p, d, n in zip(s.pos, s.shift, new)]
        s.shift = new
        return f"G52 {_xyz(new)}"
    if what == "tool":
        tool = draw(st.sampled_from(sorted(h.TOOLS)))
        s.pos = [draw(s.coord()) for _ in range(3)]
        # a move at once: rs274 loses a new offset at the next M6 otherwise (see the harness)
        return (f"T{tool} M6" + draw(st.sampled_from(["", f"\nG43 H{tool}", "\nG49"]))
                + f"\nG90 G0 {_xyz(s.pos)}")
    if what == "G92.1":
        s.pos = [p + d for p, d in zip(s.pos, s.shift)]
        s.shift = [0.0, 0.0, 0.0]
        return "G92.1"
    new = [draw(s.coord()) for _ in range(3)]         # the current point gets new coordinates
    if what == "G92":
        s.shift = [d + p - n for d, p, n in zip(s.shift, s.pos, new)]
    s.pos = new
    return f"{what} {_xyz(new)}"


@st.composite
def cycle(draw, s: State) -> str:
    """One drilling cycle block (G81 G82 G83 G73 G85 G89, G98 or G99, maybe L repeats), G80, and
    an absolute move to a known point."""
    code = draw(st.sampled_from(["G81", "G82", "G83", "G73", "G85", "G89"]))
    absolute = draw(st.booleans())
    size = st.floats(0.5, 20).map(lambda v: v * s.scale)
    x, y, r = (draw(st.floats(-60, 60)) * s.scale for _ in range(3))
    depth = draw(size)
    words = f"X{x:.4f} Y{y:.4f} R{r:.4f} Z{(r - depth if absolute else -depth):.4f}"
    if code in ("G83", "G73"):
        q = draw(size)
        if abs(depth / q - round(depth / q)) < 1e-3:  # rs274 adds an empty peck when rounding leaves 1e-17
            q *= 1.01
        words += f" Q{q:.4f}"
    if code in ("G82", "G89"):
        words += f" P{draw(st.floats(0, 2)):.2f}"
    if draw(st.booleans()):
        words += f" L{draw(st.integers(2, 3))}"
    s.pos = [draw(s.coord()) for _ in range(3)]
    return (f"G17 {'G90' if absolute else 'G91'} {draw(st.sampled_from(['G98', 'G99']))} {code} {words} "
            f"F{draw(st.integers(50, 500)) * s.scale:.4f}\nG80\nG90 G0 {_xyz(s.pos)} F{s.feed:.4f}")


def _polygon(draw, s: State) -> tuple[float, float, float, list[float]]:
    """A random convex polygon, counter-clockwise: centre, circumradius, vertex angles."""
    cx, cy = (draw(st.floats(-40, 40)) * s.scale for _ in range(2))
    gaps = [draw(st.floats(0.6, 2.0)) for _ in range(draw(st.integers(3, 6)))]
    angles, a = [], draw(st.floats(0, 2 * math.pi))
    for g in gaps:
        angles.append(a)
        a += g / sum(gaps) * 2 * math.pi
    return cx, cy, draw(st.floats(20, 40)) * s.scale, angles


@st.composite
def contour(draw, s: State) -> str:
    """A convex polygon cut around its outside under cutter compensation (G42 counter-clockwise,
    G41 clockwise), entered and left along straight lines from a point well outside."""
    cx, cy, radius, angles = _polygon(draw, s)
    pts = [(cx + radius * math.cos(t), cy + radius * math.sin(t)) for t in angles]
    side = draw(st.sampled_from(["G42", "G41"]))
    if side == "G41":
        pts.reverse()
    far = [round(c + 2.5 * radius * f(angles[0]), 4) for c, f in ((cx, math.cos), (cy, math.sin))]
    lines = [f"G17 G90 G0 X{far[0]:.4f} Y{far[1]:.4f}",
             f"{side} D{draw(st.sampled_from(sorted(h.TOOLS)))} G1 X{pts[0][0]:.4f} Y{pts[0][1]:.4f}"]
    lines += [f"G1 X{x:.4f} Y{y:.4f}" for x, y in pts[1:] + pts[:1]]
    lines.append(f"G40 G1 X{far[0]:.4f} Y{far[1]:.4f}")
    s.pos = far + [s.pos[2]]
    return "\n".join(lines)


@st.composite
def rounded(draw, s: State) -> str:
    """A convex polygon with every corner rounded (lines and tangent arcs, counter-clockwise), cut
    under cutter compensation outside (G42, entered from far) or inside (G41, entered from its
    centre; the corner radius then exceeds the largest tool's), from the middle of a side."""
    cx, cy, radius, angles = _polygon(draw, s)
    inner = [(cx + radius * math.cos(t), cy + radius * math.sin(t)) for t in angles]
    n = len(inner)
    normals = []                                      # outward unit normal of edge i -> i+1
    for i in range(n):
        (x0, y0), (x1, y1) = inner[i], inner[(i + 1) % n]
        length = math.hypot(x1 - x0, y1 - y0)
        normals.append(((y1 - y0) / length, -(x1 - x0) / length))
    inside = draw(st.booleans())
    corner = draw(st.floats(7.0, 12.0) if inside else st.floats(0.5, 12.0)) * s.scale
    lines = []
    for i in range(n):
        j = (i + 1) % n
        (px, py), (nx, ny), (mx, my) = inner[j], normals[i], normals[j]
        # 6 decimals: an arc end rounded off its circle is compensated differently (see KNOWN)
        lines.append(f"G1 X{px + corner * nx:.6f} Y{py + corner * ny:.6f}")
        lines.append(f"G3 X{px + corner * mx:.6f} Y{py + corner * my:.6f} "
                     f"I{-corner * nx:.6f} J{-corner * ny:.6f}")
    # start and end in the middle of the first side, entered square to it (an entry at a sharp
    # angle into a corner is a known difference, see comp_entry_gouge.ngc)
    nx, ny = normals[0]
    sx = (inner[0][0] + inner[1][0]) / 2 + corner * nx
    sy = (inner[0][1] + inner[1][1]) / 2 + corner * ny
    first = f"X{sx:.6f} Y{sy:.6f}"
    lines.append(f"G1 {first}")
    if inside:
        away = [round(cx, 4), round(cy, 4)]
        side = "G41"
    else:
        away = [round(sx + 2 * radius * nx, 4), round(sy + 2 * radius * ny, 4)]
        side = "G42"
    tool = draw(st.sampled_from(sorted(h.TOOLS)))
    head = [f"G17 G90 G0 X{away[0]:.4f} Y{away[1]:.4f}", f"{side} D{tool} G1 {first}"]
    s.pos = away + [s.pos[2]]
    return "\n".join(head + lines + [f"G40 G1 X{away[0]:.4f} Y{away[1]:.4f}"])


@st.composite
def programs(draw) -> str:
    inch = draw(st.booleans())
    scale = 1 / 25.4 if inch else 1.0
    frame = draw(st.sampled_from(h.WORK_OFFSETS))
    s = State(scale, [0.0, 0.0, round(10.0 * scale, 4)], round(draw(st.integers(50, 2000)) * scale, 4),
              list(h.OFFSETS[frame]))
    tool = draw(st.sampled_from(sorted(h.TOOLS)))
    out = [f"{'G20' if inch else 'G21'} G17 G90 G94 {frame}",
           f"T{tool} M6 G43 H{tool}", f"G0 {_xyz(s.pos)}", f"F{s.feed:.4f}"]
    steps = [straight, straight, arc, arc, arc, setting, cycle, contour, rounded]
    for _ in range(draw(st.integers(1, 8))):
        out.append(draw(draw(st.sampled_from(steps))(s)))
    out.append("G90 G17 M2")
    return "\n".join(out) + "\n"


ENTRY_LONGER_THAN_FIRST_SIDE = """G21 G17 G90 G94 G54
T1 M6 G43 H1
G0 X0.0000 Y0.0000 Z10.0000
F500
G17 G90 G0 X57.3273 Y17.9866
G42 D2 G1 X19.161774 Y6.012045
G1 X17.369408 Y11.724727
G3 X16.944233 Y12.274009 I-0.954139 J-0.299363
G1 X3.557520 Y20.618011
G3 X2.777903 Y20.737444 I-0.528964 J-0.848644
G1 X-12.492772 Y16.783592
G3 X-13.116466 Y16.300817 I0.250653 J-0.968077
G1 X-20.771733 Y2.508668
G3 X-20.656145 Y1.371994 I0.874347 J-0.485302
G1 X-1.771741 Y-20.625703
G3 X-0.324016 Y-20.699123 I0.758758 J0.651372
G1 X20.688967 Y-0.724793
G3 X20.954139 Y0.299363 I-0.688967 J0.724793
G1 X19.161774 Y6.012045
G40 G1 X57.3273 Y17.9866
G90 G17 M2
"""


@pytest.fixture(scope="module")
def interpret():
    try:
        from machinesim.gcode import interpret
    except ImportError:
        pytest.skip("machinesim.gcode.interpret is not available yet")
    return interpret


@settings(max_examples=30, deadline=None, database=None,
          phases=[Phase.explicit, Phase.generate, Phase.shrink],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(program=programs())
# found by the generator: the line after the entry is shorter than the entry's trim (a 12.7 mm
# tool along a 6 mm side); rs274 runs it backwards, clear of the contour, and stops for nothing
@example(program=ENTRY_LONGER_THAN_FIRST_SIDE)
def test_random_program_matches_rs274(interpret, program):
    toolpath = interpret(program, h.conformance_job(), "<random>")
    errors = h.alarms(toolpath)
    try:
        reference = h.normalise(h.rs274_run(program))
    except h.Rs274Error as refused:      # an arc rs274 finds too tight: machinesim must refuse it too
        assert any(f.line == refused.line for f in errors), (
            f"rs274 refuses line {refused.line}: {refused.message}\n{program}")
        return
    assert not errors, f"{errors}\n{program}"
    differences = h.compare(reference, h.normalise(h.toolpath_to_run(toolpath)))
    assert not differences, "\n".join(str(d) for d in differences) + "\n" + program
