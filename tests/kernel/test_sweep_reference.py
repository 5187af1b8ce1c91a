"""The Numba removal kernel against the plain-Python reference, on random tools, moves and lattices.

One move cuts a tall box (its top above every move), so each column's new top is exactly the
lowest point of the sweep there (or the untouched top where the tool never reaches).
"""
import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from machinesim.job import Job, Machine, Stock
from machinesim.kernel import reference, simulate
from machinesim.tools import Tool
from machinesim.toolpath import ARC, FEED, RAPID, Toolpath, empty_moves

TOP, BOTTOM = 40.0, -40.0
AXES = [(0, 0, 1), (0, 0, -1), (0, 1, 0), (0, -1, 0), (1, 0, 0), (-1, 0, 0)]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

coord = st.floats(-6.0, 6.0, allow_nan=False)


@st.composite
def tools(draw):
    kind = draw(st.sampled_from(["flat", "ball", "bull", "drill", "chamfer"]))
    d = draw(st.floats(1.0, 8.0))
    if kind == "bull":
        return Tool(1, "bull", diameter=d, corner_radius=draw(st.floats(0.1, 0.45)) * d)
    if kind == "drill":
        return Tool(1, "drill", diameter=d, point_angle=draw(st.floats(60.0, 150.0)))
    if kind == "chamfer":
        return Tool(1, "chamfer", diameter=d, point_angle=draw(st.floats(45.0, 120.0)),
                    tip_diameter=draw(st.floats(0.0, 0.6)) * d)
    return Tool(1, kind, diameter=d, corner_radius=d / 2 if kind == "ball" else 0.0)


@st.composite
def lines(draw):
    m = empty_moves(1)
    m["kind"] = draw(st.sampled_from([FEED, RAPID]))
    s = np.array([draw(coord), draw(coord), draw(st.floats(-5, 5))])
    style = draw(st.sampled_from(["any", "plunge", "level", "ramp"]))
    e = np.array([draw(coord), draw(coord), draw(st.floats(-5, 5))])
    if style == "plunge":
        e[:2] = s[:2]
    elif style == "level":
        e[2] = s[2]
    elif style == "ramp":
        e[2] = s[2] + draw(st.floats(-0.3, 0.3)) * np.linalg.norm(e[:2] - s[:2])
    m["start"], m["end"] = s, e
    return m


@st.composite
def arcs(draw):
    m = empty_moves(1)
    m["kind"] = ARC
    a = np.array(draw(st.sampled_from(AXES)), float)
    e1 = np.roll(np.abs(a), 1)               # a unit vector normal to the axis
    e2 = np.cross(a, e1)
    c = np.array([draw(coord), draw(coord), draw(st.floats(-4, 4))]) * 0.5
    r = draw(st.floats(0.3, 5.0))
    th0 = draw(st.floats(0.0, 2 * math.pi))
    ang = draw(st.floats(0.2, 2 * math.pi))
    turns = draw(st.integers(0, 1))
    rise = draw(st.sampled_from([0.0, 0.0, 1.0])) * draw(st.floats(-3.0, 3.0))
    s = c + r * (math.cos(th0) * e1 + math.sin(th0) * e2)
    e = c + r * (math.cos(th0 + ang) * e1 + math.sin(th0 + ang) * e2) + rise * a
    m["start"], m["end"], m["center"], m["axis"], m["turns"] = s, e, c, a, turns
    return m


def _cut_one(tool, move, h, ox, oy):
    job = Job(machine=Machine(resolution=h), stock=Stock("box", (-12 + ox, -12 + oy, BOTTOM), (12, 12, TOP)),
              tools={1: tool})
    move = move.copy()
    move["tool"] = 1
    return simulate(Toolpath(move), job)


def _closed_form(tool, move):
    m = move[0]
    if m["kind"] != ARC:
        return True
    return abs(m["axis"][2]) == 1.0 and (m["end"][2] == m["start"][2] or tool.shape == 0)


def _check(tool, move, h, ox, oy, picks):
    model = _cut_one(tool, move, h, ox, oy)
    m = move[0]
    exact = _closed_form(tool, move)
    pts = reference.path(m)(np.linspace(0.0, 1.0, 400))
    lo = pts.min(0)[:2] - tool.radius
    hi = pts.max(0)[:2] + tool.radius
    x, y = model.x, model.y
    ii = np.flatnonzero((x >= lo[0]) & (x <= hi[0]))
    jj = np.flatnonzero((y >= lo[1]) & (y <= hi[1]))
    rng = np.random.default_rng(picks)
    for _ in range(12 if exact else 8):
        i, j = int(rng.choice(ii)), int(rng.choice(jj))
        if np.isnan(model.initial[j, i]):
            continue                          # beyond the stock's edge: no material to lower
        zref, dmin = reference.lowest(tool, m, x[i], y[j])
        got = model.top[0, j, i]
        band = 1e-7 if exact else 2e-4
        if abs(dmin - tool.radius) < band:
            continue                          # the tool's edge grazes the column: either answer is right
        want = TOP if zref == math.inf else max(zref, BOTTOM)
        if exact or abs(got - want) <= 2e-4:
            tol = 2e-6 if exact else 2e-4
        else:                                 # chords within 0.1 µm: error grows with the surface's slope
            step = 1e-3
            zs = [reference.lowest(tool, m, x[i] + dx, y[j] + dy)[0]
                  for dx, dy in ((step, 0), (-step, 0), (0, step), (0, -step))]
            if not all(math.isfinite(v) for v in zs):
                continue
            slope = max(abs(v - zref) for v in zs) / step
            tol = 2e-4 * (1.0 + slope)
        assert abs(got - want) <= tol, (i, j, x[i], y[j], got, want, dmin)


@SETTINGS
@given(tools(), lines(), st.floats(0.07, 0.4), st.floats(0, 1), st.floats(0, 1), st.integers(0, 2**31))
def test_line_sweeps_match_the_reference(tool, move, h, ox, oy, picks):
    _check(tool, move, h, ox, oy, picks)


@SETTINGS
@given(tools(), arcs(), st.floats(0.07, 0.4), st.floats(0, 1), st.floats(0, 1), st.integers(0, 2**31))
def test_arc_sweeps_match_the_reference(tool, move, h, ox, oy, picks):
    _check(tool, move, h, ox, oy, picks)


@settings(max_examples=30, deadline=None)
@given(tools(), st.lists(lines(), min_size=2, max_size=3), st.floats(0.3, 0.6), st.integers(0, 2**31))
def test_program_order_and_last_move_match_the_reference(tool, parts, h, seed):
    """Several moves on a low box: tops, and which move last lowered each column."""
    moves = np.concatenate(parts)
    moves["tool"] = 1
    top0, bottom = 1.0, -3.0
    job = Job(machine=Machine(resolution=h), stock=Stock("box", (-4, -4, bottom), (4, 4, top0)), tools={1: tool})
    model = simulate(Toolpath(moves), job)
    rng = np.random.default_rng(seed)
    j = rng.choice(model.shape[0], 4, replace=False)
    i = rng.choice(model.shape[1], 4, replace=False)
    x, y = model.x[i], model.y[j]
    start = np.where(np.isnan(model.initial), bottom, model.initial)[np.ix_(j, i)]
    ref_top, ref_last = reference.lower_columns([tool] * len(moves), moves, x, y, start, np.full((4, 4), bottom))
    got_top = model.top[0][np.ix_(j, i)]
    got_last = model.last_move[np.ix_(j, i)]
    assert (np.abs(got_top - ref_top) <= 2e-6).all(), (got_top, ref_top)
    # the move that last lowered a column is the reference's unless two moves reach it equally deep
    for (b, a), want in np.ndenumerate(ref_last):
        got = got_last[b, a]
        if got != want:
            assert got >= 0 and want >= 0
            depth = [reference.lowest(tool, moves[k], x[a], y[b])[0] for k in (got, want)]
            assert abs(depth[0] - depth[1]) < 1e-6


def test_reference_membership_of_a_plunge_is_the_cutter_solid():
    """A 10 mm drill plunged to Z-5: its sweep is the drill, point and all, and everything above."""
    drill = Tool(1, "drill", diameter=10, point_angle=90)
    m = empty_moves(1)[0]
    m["kind"], m["start"], m["end"] = FEED, (0, 0, 5), (0, 0, -5)
    assert reference.contains(drill, m, (0, 0, -4.999))
    assert not reference.contains(drill, m, (0, 0, -5.001))
    assert reference.contains(drill, m, (3, 0, -5 + 3 + 1e-6))      # 90°: the cone rises 1 per 1
    assert not reference.contains(drill, m, (3, 0, -5 + 3 - 1e-6))
    assert not reference.contains(drill, m, (5.001, 0, 0))
