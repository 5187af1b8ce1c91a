"""The bin index's shortcuts change no answer: leaving out a flat end mill's passes repeated higher
over the same XY path, and passing over segments whose footprint's box misses the ray.

Each probe is compared with one whose index lists every segment of every bin with unbounded
boxes (the plain binned walk), bit for bit: intervals, and the move that made each end. The plain
walk itself is held to the brute-force reference in `test_probe_reference.py`.
"""
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from machinesim.job import Job, Stock
from machinesim.kernel import probe as probe_module
from machinesim.kernel.probe import Probe
from machinesim.toolpath import FEED, RAPID, Toolpath, empty_moves
from machinesim.tools import Tool

SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])
STOCK = Stock(min=(-10.0, -10.0, -8.0), max=(10.0, 10.0, 0.0))
SAFE = 2.0


def plain_probe(toolpath, job) -> Probe:
    """The same probe without the shortcuts: every segment in its bins, boxes without bounds."""
    def reach(log, items):
        zlow = np.minimum(log.a[items, 2], log.b[items, 2])
        inf = np.full(len(items), math.inf)
        return np.ascontiguousarray(np.column_stack([zlow, -inf, inf, -inf, inf]))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(probe_module, "repeated_passes", lambda log: np.zeros(len(log), bool))
        mp.setattr(probe_module, "_reach", reach)
        probe = Probe(toolpath, job)
        probe._reach                      # the index is built on first use: build it while patched
        return probe


def lines(points, tool, kind=FEED):
    pts = np.asarray(points, float)
    m = empty_moves(len(pts) - 1)
    m["kind"] = kind
    m["start"] = pts[:-1]
    m["end"] = pts[1:]
    m["tool"] = tool
    return m


xy = st.tuples(st.floats(-9.0, 9.0), st.floats(-9.0, 9.0))


@st.composite
def step_downs(draw):
    """A pocket's clearing: one XY path walked at several depths, each entered by a plunge and left
    by a retract and a rapid back to the start; a second tool's random lines on top."""
    tools = {1: Tool(1, "flat", diameter=draw(st.floats(1.0, 8.0))),
             2: draw(st.sampled_from([Tool(2, "ball", diameter=4.0, corner_radius=2.0),
                                      Tool(2, "flat", diameter=3.0), Tool(2, "bull", diameter=5.0,
                                                                             corner_radius=1.0)]))}
    route = draw(st.lists(xy, min_size=2, max_size=6))
    depths = sorted(draw(st.lists(st.floats(-6.0, -0.1), min_size=2, max_size=5, unique=True)), reverse=True)
    if draw(st.booleans()):
        depths = depths[::-1]                   # finishing passes climbing back up
    parts = []
    for z in depths:
        parts.append(lines([(*route[0], SAFE), (*route[0], z)] + [(*p, z) for p in route[1:]]
                           + [(*route[-1], SAFE)], 1))
        parts.append(lines([(*route[-1], SAFE), (*route[0], SAFE)], 1, RAPID))
    for _ in range(draw(st.integers(0, 3))):
        a, b = draw(xy), draw(xy)
        parts.append(lines([(*a, draw(st.floats(-5.0, -0.5))), (*b, draw(st.floats(-5.0, -0.5)))], 2))
    order = draw(st.permutations(range(len(parts))))
    return Toolpath(np.concatenate([parts[i] for i in order])), tools, len(route) - 1, len(depths)


@st.composite
def rays(draw, n=40):
    """Rays of every kind: through the part, and short ones along X and Y as the mesh casts."""
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    o = rng.uniform((-10, -10, -7), (10, 10, 0.5), (n, 3))
    d = rng.normal(size=(n, 3))
    d[: n // 4] = (0, 0, 1)
    d[n // 4: n // 2, 2] = 0.0
    d[n // 2: 3 * n // 4] = (1, 0, 0)
    d[3 * n // 4:] = (0, 1, 0)
    limits = np.tile([-np.inf, np.inf], (n, 1))
    limits[n // 2:] = (-1e-6, 0.1 + 1e-6)
    return o, d, limits


@SETTINGS
@given(program=step_downs(), ray=rays())
def test_shortcuts_change_no_answer(program, ray):
    toolpath, tools, legs, levels = program
    job = Job(stock=STOCK, tools=tools)
    fast = Probe(toolpath, job)
    plain = plain_probe(toolpath, job)
    dropped = probe_module.repeated_passes(fast.log)
    # every level but the deepest repeats its plunge and legs; the retracts repeat the plunges
    assert dropped.sum() >= (levels - 1) * (legs + 1)
    deepest = np.argmin(np.minimum(fast.log.a[:, 2], fast.log.b[:, 2]))
    assert not dropped[deepest]
    assert len(fast._items) < len(plain._items)
    for got, want in zip(fast._cast(*ray), plain._cast(*ray)):
        assert np.array_equal(got, want)
    o = ray[0]
    assert np.array_equal(fast.contains(o), plain.contains(o))


def test_repeated_passes_only_for_flat_end_mills_on_the_same_path():
    """A ball nose's repeats are kept, and so are flat passes whose XY ends differ by a hair."""
    tools = {1: Tool(1, "flat", diameter=6.0), 2: Tool(2, "ball", diameter=6.0, corner_radius=3.0)}
    job = Job(stock=STOCK, tools=tools)
    flat = [lines([(-5, 0, z), (5, 0, z)], 1) for z in (-1.0, -2.0, -3.0)]
    ball = [lines([(-5, 3, z), (5, 3, z)], 2) for z in (-1.0, -2.0)]
    near = lines([(-5, 1e-12, -4.0), (5, 0, -4.0)], 1)
    probe = Probe(Toolpath(np.concatenate(flat + ball + [near])), job)
    assert probe_module.repeated_passes(probe.log).tolist() == [True, True, False, False, False, False]


@pytest.mark.parametrize("z", [-1.3, -0.7, -3.3])
def test_a_plunge_and_its_retract(z):
    """Down and up at one spot: a vertical ray's floor is `start + min(rise, 0)`, which for the
    plunge may round off the depth (2.0 + (-1.3 - 2.0) is above -1.3, 2.0 + (-0.7 - 2.0) below
    -0.7) and for the retract does not: where the retract is the deeper by a rounding it must stay;
    the answers stay bit for bit."""
    tools = {1: Tool(1, "flat", diameter=4.0)}
    job = Job(stock=STOCK, tools=tools)
    toolpath = Toolpath(lines([(1.0, 2.0, SAFE), (1.0, 2.0, z), (1.0, 2.0, SAFE)], 1))
    fast, plain = Probe(toolpath, job), plain_probe(toolpath, job)
    o = np.array([[1.0, 2.0, -7.0], [1.5, 2.5, -7.0], [-3.0, 2.0, z + 1e-3], [-3.0, 2.0, z - 1e-3]])
    d = np.array([[0.0, 0.0, 1.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
    for got, want in zip(fast._cast(o, d), plain._cast(o, d)):
        assert np.array_equal(got, want)
    retract_deeper = SAFE + (z - SAFE) > z
    assert probe_module.repeated_passes(fast.log).tolist() == [False, not retract_deeper]
