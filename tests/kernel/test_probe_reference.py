"""The Numba probe against the plain-Python reference, on random tools, moves and rays.

The reference samples the tip's path densely, so its sweeps are a subset of the true ones, short
by well under 1e-6 mm. A point the reference finds cut away must be cut away for the probe; a
point the reference finds in the material by more than that margin must be material for the probe.
Points are taken on both sides of every end the probe reports and of every end the reference's
own march finds, so a wall that is misplaced or missing shows on one side or the other.
"""
import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from machinesim.job import Job, Stock
from machinesim.kernel.movelog import MAX_SAGITTA, build_move_log
from machinesim.kernel.probe import Probe, lowest
from machinesim.kernel.probe_reference import ReferenceProbe, profile
from machinesim.tools import Tool
from machinesim.toolpath import ARC, FEED, Toolpath, empty_moves

SETTINGS = settings(max_examples=20, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
MARGIN = 1e-6          # mm, the reference's sampling error is below this
OFFSETS = (1e-6, 1e-4, 1e-2)
SKEW = np.array([0.1234567, 0.0765432, 0.0345678])   # keeps rays off the integer-valued corners

coord = st.floats(-5.0, 5.0, allow_nan=False)


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
def moves(draw):
    m = empty_moves(1)
    m["tool"] = 1
    start = np.array([draw(coord), draw(coord), draw(st.floats(-6.0, 1.0))])
    if draw(st.booleans()):
        m["kind"] = FEED
        m["start"] = start
        m["end"] = [draw(coord), draw(coord), draw(st.floats(-6.0, 1.0))]
        return m
    axis = np.array(draw(st.sampled_from([(0, 0, 1), (0, 0, -1), (0, 1, 0), (0, -1, 0), (1, 0, 0), (-1, 0, 0)])),
                    float)
    r = draw(st.floats(0.5, 2.5))
    e1 = np.roll(axis, 1) if axis[2] == 0 else np.array([1.0, 0.0, 0.0])
    a0 = draw(st.floats(0.0, 2 * math.pi))
    sweep = draw(st.floats(0.2, 1.5 * math.pi))
    e2 = np.cross(axis, e1)
    center = start
    m["kind"] = ARC
    m["center"] = center
    m["axis"] = axis
    m["start"] = center + r * (math.cos(a0) * e1 + math.sin(a0) * e2)
    rise = draw(st.floats(-2.0, 2.0))
    m["end"] = center + r * (math.cos(a0 + sweep) * e1 + math.sin(a0 + sweep) * e2) + rise * axis
    return m


@st.composite
def rays(draw):
    o = np.array([draw(coord), draw(coord), draw(st.floats(-7.0, 2.0))]) + SKEW
    d = np.array([draw(st.floats(-1, 1)), draw(st.floats(-1, 1)), draw(st.floats(-1, 1))])
    d = draw(st.sampled_from([d, np.array([0.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0]), np.array([0.0, -1.0, 0.3])]))
    if np.linalg.norm(d) < 0.1:
        d = np.array([0.3, -0.2, 0.9])
    return o, d / np.linalg.norm(d)


def _job(tool):
    return Job(stock=Stock(min=(-8.0, -8.0, -8.0), max=(8.0, 8.0, 0.5)), tools={1: tool})


def _as_chords(log):
    """The move log's segments as line moves: arcs are checked against their chords here and the
    chords against the arcs in `test_arc_chords_stay_within_the_sagitta`."""
    m = empty_moves(len(log))
    m["kind"] = FEED
    m["tool"] = 1
    m["start"] = log.a
    m["end"] = log.b
    return Toolpath(m)


def _verdict(ref, p):
    """True: certainly material, False: certainly cut away or outside, None: too close to call."""
    if not ref.in_stock(p):
        return False
    depth = ref.depth(p)
    if depth >= 0.0:
        return False
    return True if depth < -MARGIN else None


def _inside(iv, t):
    return bool(np.any((iv[:, 0] <= t) & (t <= iv[:, 1])))


@SETTINGS
@given(tool=tools(), ms=st.lists(moves(), min_size=1, max_size=3), ray=rays())
def test_probe_matches_the_reference(tool, ms, ray):
    toolpath = Toolpath(np.concatenate(ms))
    job = _job(tool)
    probe = Probe(toolpath, job)
    ref = ReferenceProbe(_as_chords(probe.log), job)
    o, d = ray
    iv = probe.intervals(o, d)
    assert np.all(iv[:, 0] < iv[:, 1]) and np.all(iv[1:, 0] > iv[:-1, 1])
    ends = set(iv.ravel())
    ends.update(ref.intervals(o, d, step=0.2).ravel())
    ts = [t + s * e for t in ends for e in OFFSETS for s in (-1, 1)]
    ts += list(0.5 * (iv[1:, 0] + iv[:-1, 1])) + list(iv.mean(1))
    checked = 0
    for t in ts:
        truth = _verdict(ref, o + t * d)
        if truth is None:
            continue
        assert _inside(iv, t) == truth, (t, iv)
        checked += 1
    pts = np.array([o + t * d for t in ts]).reshape(-1, 3)
    inside = probe.contains(pts)
    for t, c in zip(ts, inside):
        if np.min(np.abs(iv - t), initial=np.inf) > 1e-9:
            assert c == _inside(iv, t)
    assert checked > 0 or len(iv) == 0


@settings(max_examples=60, deadline=None, derandomize=True)
@given(tool=tools(), m=moves(), q=st.tuples(coord, coord))
def test_lowest_point_of_a_line_sweep(tool, m, q):
    """The closed forms (golden search for the bull nose) against the sampled minimum."""
    m["kind"] = FEED
    a, b = m["start"][0], m["end"][0]
    path = a + np.linspace(0, 1, 200001)[:, None] * (b - a)
    d = np.hypot(path[:, 0] - q[0], path[:, 1] - q[1])
    near = d <= tool.radius
    got = lowest(q[0], q[1], *a, *(b - a), tool.shape, tool.radius, tool.effective_corner_radius,
                 1.0 / math.tan(tool.cone_half_angle), tool.tip_radius)
    if not near.any():
        assert got == math.inf or got >= np.min(path[:, 2]) - 1e-9
        return
    sampled = np.min(path[near, 2] + profile(tool, d[near]))
    assert got <= sampled + 1e-12
    assert got >= sampled - 1e-4 * (1 + np.linalg.norm(b - a))


@settings(max_examples=40, deadline=None, derandomize=True)
@given(tool=tools(), d=st.lists(st.floats(0.0, 1.2), min_size=1, max_size=20))
def test_reference_profile_is_the_tools_profile(tool, d):
    d = np.array(d) * tool.radius
    want = [tool.lower_profile(float(x)) for x in d]
    assert np.allclose(profile(tool, d), want, atol=1e-12, rtol=0, equal_nan=False)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(m=moves().filter(lambda m: m["kind"][0] == ARC))
def test_arc_chords_stay_within_the_sagitta(m):
    """Every chord of the move log has its ends on the arc and bulges from it by at most 0.1 µm."""
    log = build_move_log(Toolpath(m), _job(Tool(1, "flat", diameter=2.0)))
    arc = m[0]
    axis, c = arc["axis"], arc["center"]
    r = np.linalg.norm((arc["start"] - c) - np.dot(arc["start"] - c, axis) * axis)
    assert np.allclose(log.a[0], arc["start"]) and np.allclose(log.b[-1], arc["end"])
    assert np.allclose(log.a[1:], log.b[:-1])
    for s in (0.0, 0.25, 0.5, 0.75, 1.0):
        p = log.a + s * (log.b - log.a) - c
        radial = np.linalg.norm(p - (p @ axis)[:, None] * axis, axis=1)
        assert np.all(radial <= r + 1e-12)
        assert np.all(radial >= r - MAX_SAGITTA - 1e-12)
    mid = (log.a + log.b) / 2 - c
    bulge = r - np.linalg.norm(mid - (mid @ axis)[:, None] * axis, axis=1)
    assert bulge.max() > 0.25 * MAX_SAGITTA or len(log) < 4      # not needlessly fine
