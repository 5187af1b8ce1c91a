"""Shank, holder and depth-of-cut checks on hand-made columns, against analytic truths and the
plain-Python reference (analysis/reference.py)."""
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st

from machinesim.analysis.collisions import TOUCH_EPS, body_hits, check_body, check_depth
from machinesim.analysis.reference import segment_hit_reference
from machinesim.job import load_job
from machinesim.toolpath import F_TOOL_LENGTH, FEED, RAPID, Toolpath, empty_moves

JOB = load_job()


def columns(top, bottom=-20.0, x0=0.0, y0=0.0, h=0.5):
    """A one-layer model of the given tops (ny, nx); NaN tops are empty columns."""
    top = np.asarray(top, float)
    present = ~np.isnan(top)
    return SimpleNamespace(x0=x0, y0=y0, h=h, top=np.where(present, top, bottom)[None].copy(),
                           bottom=np.full((1,) + top.shape, bottom), count=present.astype(np.int8))


def path(*moves):
    """moves: (kind, start, end, tool)."""
    rec = empty_moves(len(moves))
    for i, (kind, start, end, tool) in enumerate(moves):
        rec[i]["kind"], rec[i]["line"], rec[i]["start"], rec[i]["end"] = kind, 10 * (i + 1), start, end
        rec[i]["tool"], rec[i]["spindle"], rec[i]["feed"], rec[i]["flags"] = tool, 8000, 500, F_TOOL_LENGTH
    return Toolpath(rec, files=("t.nc",), lines=10 * len(moves))


def slot_model(half_width, depth=12.0, h=0.1):
    """A block 0..40 × 0..20 with its top at Z0 and a slot along X centred on Y10, `depth` deep.
    Walls are placed off the lattice (half-widths like 1.55) so the lattice cannot hide errors."""
    x = np.arange(0, 40 + 1e-9, h)
    y = np.arange(0, 20 + 1e-9, h)
    top = np.where(np.abs(y[:, None] - 10.0) < half_width, -depth, 0.0) + 0 * x[None, :]
    return columns(top, h=h)


@pytest.mark.parametrize("tip_z, hit", [(-8.0 + 1e-4, False), (-8.0 - 1e-3, True)])
def test_shank_in_a_narrow_slot_is_found_exactly_at_the_flute_length(tip_z, hit):
    """T3: Ø3 cutter, Ø6 shank from 8 mm above the tip. In a 3.1 mm slot the shank meets the walls
    as soon as the tip is more than 8 mm below the top."""
    tool = JOB.tools[3]
    assert (tool.shank_radius, tool.flute_length) == (3.0, 8.0)
    model = slot_model(1.55)
    tp = path((FEED, (5.0, 10.0, tip_z), (35.0, 10.0, tip_z), 3))
    found = check_body(tp, JOB, model)
    assert [f.code for f in found] == (["SHANK_COLLISION"] if hit else [])


def test_shank_in_a_wide_slot_is_clear():
    """A 6.2 mm slot: the Ø6 shank fits, however deep."""
    tp = path((FEED, (5.0, 10.0, -11.0), (35.0, 10.0, -11.0), 3))
    assert check_body(tp, JOB, slot_model(3.1)) == []


def test_holder_position_is_where_it_first_touches():
    """A Ø6 tool going straight down at X20 Y10 in a 6.2 mm slot 12 deep: the Ø40 holder, 57 mm
    above the tip, first touches the top (Z0) when the tip reaches Z-57."""
    tool = replace(JOB.tools[2], length=57.0)
    job = replace(JOB, tools={**JOB.tools, 2: tool})
    tp = path((FEED, (20.0, 10.0, -50.0), (20.0, 10.0, -60.0), 2))
    found = check_body(tp, job, slot_model(3.1, depth=80.0))
    assert [f.code for f in found] == ["HOLDER_COLLISION"]
    assert found[0].position == pytest.approx((20.0, 10.0, -57.0), abs=1e-4)
    assert check_body(path((FEED, (20.0, 10.0, -50.0), (20.0, 10.0, -56.9), 2)), job,
                      slot_model(3.1, depth=80.0)) == []


def test_material_removed_does_not_count():
    """The same deep pass over empty columns finds nothing."""
    model = columns(np.full((41, 81), np.nan))
    tp = path((RAPID, (5.0, 10.0, -15.0), (35.0, 10.0, -15.0), 3))
    assert check_body(tp, JOB, model) == []


def test_arc_shank_collision_around_a_boss():
    """A boss of radius 5 at (20, 10), 12 high above a floor at Z-12: T3's tip at Z-10 circling at
    radius 6.6 keeps the Ø3 cutter off the boss (5.1 from the axis > 5) but not the Ø6 shank
    (3.6 > 6.6 - 5); at radius 8.1 the shank clears it too."""
    h = 0.1
    x = np.arange(0, 40 + 1e-9, h)
    y = np.arange(0, 20 + 1e-9, h)
    r = np.hypot(x[None, :] - 20.0, y[:, None] - 10.0)
    model = columns(np.where(r <= 5.0, 0.0, -12.0), h=h)

    def circle(radius):
        rec = empty_moves(1)
        rec[0]["kind"], rec[0]["line"], rec[0]["tool"] = 2, 10, 3
        rec[0]["start"] = rec[0]["end"] = (20.0 + radius, 10.0, -10.0)
        rec[0]["center"], rec[0]["axis"] = (20.0, 10.0, -10.0), (0.0, 0.0, 1.0)
        return Toolpath(rec, files=("t.nc",), lines=10)

    assert [f.code for f in check_body(circle(6.6), JOB, model)] == ["SHANK_COLLISION"]
    assert check_body(circle(8.1), JOB, model) == []


def test_depth_over_flute_both_ways_with_a_hand_made_depth():
    tp = path((FEED, (0, 0, -5.0), (50, 0, -5.0), 2), (FEED, (50, 0, -5.0), (50, 0, -15.0), 2))
    flute = JOB.tools[2].flute_length
    assert check_depth(tp, JOB, np.array([flute, flute])) == []
    found = check_depth(tp, JOB, np.array([flute, flute + 0.01]))
    assert [(f.code, f.line) for f in found] == [("DEPTH_OVER_FLUTE", 20)]
    assert found[0].params == {"depth": round(flute + 0.01, 2), "flute": flute}
    assert check_depth(tp, JOB, None) == []


coords = st.floats(-2.0, 12.0, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(a=st.tuples(coords, coords, st.floats(-6.0, 2.0)), b=st.tuples(coords, coords, st.floats(-6.0, 2.0)),
       r=st.floats(0.3, 4.0), lo=st.floats(0.0, 3.0), height=st.floats(0.5, 30.0),
       seed=st.integers(0, 2 ** 31 - 1))
def test_body_hits_matches_the_reference(a, b, r, lo, height, seed):
    rng = np.random.default_rng(seed)
    ny, nx, h = 9, 11, 1.0
    top = rng.uniform(-4.0, 1.0, (1, ny, nx))
    bottom = top - rng.uniform(0.5, 10.0, (1, ny, nx))
    count = (rng.uniform(size=(ny, nx)) > 0.2).astype(np.int8)
    a, b = np.array(a), np.array(b)
    expect = segment_hit_reference(a, b, r, lo, lo + height, 0.0, 0.0, h, bottom, top, count, TOUCH_EPS)
    got = body_hits(a[None], b[None], np.array([r]), np.array([lo]), np.array([lo + height]), 0.0, 0.0, h,
                    bottom, top, count, TOUCH_EPS)[0]
    # tangency (a column exactly at distance r) is the only place the two methods may round apart
    d = [abs(np.hypot(*(np.array([i * h, j * h]) - _closest(a, b, i * h, j * h))) - r)
         for j in range(ny) for i in range(nx)]
    assume(min(d) > 1e-7)
    assert (got >= 0) == (expect >= 0)
    if got >= 0:
        assert got == pytest.approx(expect, abs=1e-7)


def _closest(a, b, x, y):
    d = b[:2] - a[:2]
    dd = float(d @ d)
    t = 0.0 if dd == 0 else min(1.0, max(0.0, float((np.array([x, y]) - a[:2]) @ d) / dd))
    return a[:2] + t * d
