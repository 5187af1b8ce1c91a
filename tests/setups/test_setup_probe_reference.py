"""`intersect_csr` (Numba) against its plain-Python reference, and the exact probe through setups
against point membership."""
import numpy as np
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
