"""`intersect_csr` (Numba) against its plain-Python reference, the exact probe through setups
against point membership, and a round bar turned over."""
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from machinesim.kernel.setups import intersect_csr, intersect_reference


def interval_sets():
    """Sorted disjoint intervals from a sorted list of distinct cut points."""
    return st.lists(st.floats(-50, 50, allow_nan=False), max_size=10, unique=True).map(
        lambda p: [(a, b) for a, b in zip(sorted(p)[::2], sorted(p)[1::2])])


def csr(rays):
    off = np.r_[0, np.cumsum([len(r) for r in rays])].astype(np.int64)
    iv = np.array([x for r in rays for x in r], float).reshape(-1, 2)
    src = np.arange(2 * len(iv), dtype=np.int64).reshape(-1, 2)
    return off, iv, src


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(interval_sets(), interval_sets()), min_size=1, max_size=5))
def test_intersection_matches_reference(pairs):
    a = csr([p[0] for p in pairs])
    b = csr([p[1] for p in pairs])
    b = (b[0], b[1], b[2] + 1000)
    off, iv, src = intersect_csr(*a, *b)
    for r, (x, y) in enumerate(pairs):
        got = [tuple(v) for v in iv[off[r]:off[r + 1]]]
        assert got == intersect_reference(x, y)
        # each end names the set whose interval made it
        for (lo, hi), (s0, s1) in zip(iv[off[r]:off[r + 1]], src[off[r]:off[r + 1]]):
            for end, s in ((lo, s0), (hi, s1)):
                pool = a if s < 1000 else b
                k = s if s < 1000 else s - 1000
                assert pool[1].reshape(-1)[k] == end


# --- the probe through setups: intervals along a ray against point membership ------------------

SAMPLE = Path(__file__).resolve().parents[2] / "gcode_samples" / "11_bride_deux_phases"


@pytest.fixture(scope="module")
def turned_part():
    from machinesim.job import load_job
    from machinesim.setups import simulate_setups

    return simulate_setups([], load_job(SAMPLE / "job.toml"))


@settings(max_examples=60, deadline=None)
@given(st.tuples(*[st.floats(-1, 1) for _ in range(3)]).filter(lambda d: sum(v * v for v in d) > 0.1),
       st.tuples(st.floats(0, 80), st.floats(0, 50), st.floats(-22, 0)))
def test_intervals_agree_with_membership(turned_part, direction, point):
    """Points inside an interval are in the material, points outside are not (but at its ends), in the
    drawing's frame, for rays in any direction (each setup's frame sees them turned)."""
    probe = turned_part.probe
    # in general position: a ray lying in a face (the block's, a floor's) has no inside to agree on
    origin = np.asarray(turned_part.job.to_machine(point)) + np.array([np.pi, np.e, np.sqrt(2)]) * 1e-3
    d = np.asarray(direction) + np.array([np.sqrt(3), -np.pi, np.e]) * 1e-4
    d /= np.linalg.norm(d)
    iv = probe.intervals(origin, d)
    ts = np.linspace(-120.0, 120.0, 241) + 0.0137
    inside = np.zeros(len(ts), bool)
    near = np.zeros(len(ts), bool)
    for lo, hi in iv:
        inside |= (ts > lo) & (ts < hi)
        near |= (np.abs(ts - lo) < 1e-6) | (np.abs(ts - hi) < 1e-6)
    got = probe.contains(origin + ts[:, None] * d)
    assert np.array_equal(got[~near], inside[~near])


def test_round_bar_turned_over_keeps_its_axis(tmp_path):
    import tomllib

    from machinesim.job import parse_job
    from machinesim.setups import setup_jobs

    text = """
[stock]
cylinder = { base = [0, 0, -30], diameter = 40, height = 30 }
[[setup]]
[[setup]]
part_to_work = { rotate = [180, 0, 0], translate = [0, 0, -10] }
[[setup]]
part_to_work = { rotate = [90, 0, 0] }
"""
    job = parse_job(tomllib.loads(text), str(tmp_path / "job.toml"))
    from machinesim.findings import InputError

    with pytest.raises(InputError) as err:
        setup_jobs(job)
    assert err.value.finding.message_key == "SETUP.cylinder"
    job = parse_job(tomllib.loads(text[:text.rindex("[[setup]]")]), str(tmp_path / "job.toml"))
    stock = setup_jobs(job)[1][1].stock
    # turned over: the old top (z = 0) is the bottom now, at z = 0 - 10, and the centre of the bar's base
    assert stock.kind == "cylinder" and stock.base == (0.0, 0.0, -10.0) and stock.height == 30
    assert stock.min == (-20.0, -20.0, -10.0) and stock.max == (20.0, 20.0, 20.0)
