"""The exact per-move volume kernel (`analysis/exact.py`) against the plain-Python reference probe.

On a vertical ray, what move i takes is the material the moves before it left minus what is left
after it: both measured by `kernel.probe_reference.ReferenceProbe` (dense sampling and
bisection, no convexity, no closed forms) on the move log's own chords.
"""
import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from machinesim.analysis.exact import _taken_on_rays
from machinesim.job import Job, Stock
from machinesim.kernel.movelog import build_move_log
from machinesim.kernel.probe_reference import ReferenceProbe
from machinesim.tools import Tool
from machinesim.toolpath import ARC, FEED, RAPID, Toolpath, empty_moves

coord = st.floats(-4.0, 4.0, allow_nan=False)


@st.composite
def a_move(draw):
    m = empty_moves(1)
    m["tool"] = 1
    start = np.array([draw(coord), draw(coord), draw(st.floats(-5.0, 1.0))])
    if draw(st.booleans()):
        m["kind"] = draw(st.sampled_from([FEED, RAPID]))
        m["start"] = start
        m["end"] = [draw(coord), draw(coord), draw(st.floats(-5.0, 1.0))]
        return m
    r = draw(st.floats(0.5, 2.5))
    a0 = draw(st.floats(0.0, 2 * math.pi))
    sweep = draw(st.floats(0.2, 1.5 * math.pi))
    axis = np.array([0.0, 0.0, draw(st.sampled_from([1.0, -1.0]))])
    e1 = np.array([1.0, 0.0, 0.0])
    e2 = np.cross(axis, e1)
    m["kind"] = ARC
    m["center"] = start
    m["axis"] = axis
    m["start"] = start + r * (math.cos(a0) * e1 + math.sin(a0) * e2)
    m["end"] = start + r * (math.cos(a0 + sweep) * e1 + math.sin(a0 + sweep) * e2)
    return m


def chords(log, upto):
    keep = log.move < upto
    m = empty_moves(int(keep.sum()))
    m["kind"], m["tool"], m["start"], m["end"] = FEED, 1, log.a[keep], log.b[keep]
    return Toolpath(m)


def length(iv):
    return float((iv[:, 1] - iv[:, 0]).sum()) if len(iv) else 0.0


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(["flat", "ball"]), d=st.floats(1.0, 6.0),
       ms=st.lists(a_move(), min_size=2, max_size=3), u=st.floats(-0.7, 0.7), v=st.floats(-0.7, 0.7))
def test_what_a_move_takes_on_a_ray_matches_the_reference(kind, d, ms, u, v):
    """The ray stands within the last move's footprint (near its start), where it may take something."""
    tool = Tool(1, kind, diameter=d, corner_radius=d / 2 if kind == "ball" else 0.0)
    job = Job(stock=Stock(min=(-8.0, -8.0, -8.0), max=(8.0, 8.0, 0.5)), tools={1: tool})
    tp = Toolpath(np.concatenate(ms))
    log = build_move_log(tp, job)
    i = len(ms) - 1
    segs = np.flatnonzero(log.move == i)
    x, y = ms[-1]["start"][0, :2] + np.array([u, v]) * d / 2 + (0.01234567, 0.00765432)
    taken = _taken_on_rays(np.array([x]), np.array([y]), i, int(segs[0]), int(segs[-1]) + 1, log.a, log.b,
                           log.move, log.shape, log.radius, log.corner, log.cot, log.tip, log.stock_kind,
                           log.stock, float(log.origin[0]), float(log.origin[1]), log.bin_size,
                           int(log.nbins[0]), int(log.nbins[1]), log.starts, log.items)[0]
    o, up = np.array([x, y, 0.0]), np.array([0.0, 0.0, 1.0])
    before = length(ReferenceProbe(chords(log, i), job).intervals(o, up, step=0.1, reach=9.0))
    after = length(ReferenceProbe(chords(log, i + 1), job).intervals(o, up, step=0.1, reach=9.0))
    assert taken == np.float64(taken) and abs(taken - (before - after)) < 1e-5
