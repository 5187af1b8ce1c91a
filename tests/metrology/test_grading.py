"""The grading rule: points per check, full in tolerance, critical failures cap the mark."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from machinesim.metrology import IN, NOT_GRADED, NOT_MEASURED, OUT, CheckResult, grade, parse_spec


def make(classes_points, scale=20, cap=8):
    checks = [{"id": i + 1, "instrument": "depth", "at": [0, 0, 0], "nominal": 5, "tol": 0.1,
               "class": c, "points": p} for i, (c, p) in enumerate(classes_points)]
    return parse_spec({"grading": {"scale": scale, "critical_cap": cap}, "check": checks}, "s")


def results(spec, statuses):
    return [CheckResult(c, 5.0 if s != NOT_MEASURED else None, 0.0, s) for c, s in zip(spec.checks, statuses)]


def test_full_marks_and_proportional_points():
    spec = make([("critical", 3), ("major", 2), ("minor", 1)])
    assert grade(spec, results(spec, [IN, IN, IN])).mark == 20
    g = grade(spec, results(spec, [IN, OUT, IN]))
    assert (g.mark, g.earned, g.possible, g.capped, g.failed) == (pytest.approx(20 * 4 / 6, abs=0.005), 4, 6,
                                                                   False, (2,))


def test_a_critical_check_out_caps_the_mark():
    spec = make([("critical", 1), ("major", 10), ("minor", 10)])
    g = grade(spec, results(spec, [OUT, IN, IN]))
    assert g.mark == 8 and g.capped                      # 20 · 20/21 = 19.05 capped at 8
    g = grade(spec, results(spec, [NOT_MEASURED, IN, IN]))
    assert g.mark == 8 and g.capped and g.failed == (1,)
    spec = make([("critical", 1), ("major", 10), ("minor", 2)])
    low = grade(spec, results(spec, [OUT, OUT, IN]))
    assert low.mark == pytest.approx(20 * 2 / 13, abs=0.005) and not low.capped     # already below the cap


def test_not_graded_checks_count_neither_way():
    spec = make([("critical", 3), ("major", 2)])
    g = grade(spec, results(spec, [NOT_GRADED, OUT]))
    assert (g.possible, g.mark, g.not_graded, g.capped) == (2, 0, (1,), False)
    assert grade(spec, results(spec, [NOT_GRADED, NOT_GRADED])).mark == 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["critical", "major", "minor"]), st.integers(0, 5),
                          st.sampled_from([IN, OUT, NOT_GRADED, NOT_MEASURED])), min_size=1, max_size=8),
       st.integers(1, 40), st.floats(0, 1))
def test_mark_bounds(rows, scale, cap_share):
    spec = make([(c, p) for c, p, _ in rows], scale=scale, cap=cap_share * scale)
    g = grade(spec, results(spec, [s for _, _, s in rows]))
    assert 0 <= g.mark <= scale
    if any(c == "critical" and s in (OUT, NOT_MEASURED) for c, _, s in rows):
        assert g.mark <= round(cap_share * scale, 2) + 1e-9
    if all(s == IN for _, _, s in rows) and sum(p for _, p, _ in rows) > 0:
        assert g.mark == scale
