"""Surface finish from the cut: the teeth's marks against the textbook, the nose-radius formula exact.

Truth: quadrature of the arc profile (independent of the closed form), the sawtooth a sharp corner
leaves behind its dish (Rt = f·tan κ', Ra = Rt/4 for a straight ramp), runout making one tooth
of z cut (the marks repeat once a revolution, f = z·fz).
"""
import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from machinesim.job import load_job, parse_job
from machinesim.kernel.probe import Probe
from machinesim.metrology import measure, parse_spec
from machinesim.metrology.roughness import DISH_ANGLE, periodic_arc, profile_stats, tooth_marks
from machinesim.toolpath import FEED, Toolpath, empty_moves

JOB = load_job()
G54 = np.array(JOB.offset("G54"))


@settings(max_examples=40, deadline=None)
@given(st.floats(0.01, 2.0), st.floats(0.05, 1.0))
def test_periodic_arc_is_the_quadrature_of_the_arc(radius, share):
    f = share * 2 * radius * 0.99
    ra, rt = periodic_arc(f, radius)
    x = np.linspace(-f / 2, f / 2, 400_001)
    z = radius - np.sqrt(radius ** 2 - x ** 2)
    assert ra == pytest.approx(np.mean(np.abs(z - z.mean())), rel=1e-5, abs=1e-15)
    assert rt == pytest.approx(z.max() - z.min(), rel=1e-9, abs=1e-15)
    if f < 0.2 * radius:
        assert ra == pytest.approx(f * f / (32 * radius), rel=0.03)       # the textbook f²/32r
        assert rt == pytest.approx(f * f / (8 * radius), rel=0.01)


def test_turning_nose_radius_textbook_values():
    """r 0.8 mm at f 0.1 mm/rev: Rt 1.56 µm, Ra ≈ 0.39 µm (f²/32r), as the insert catalogues print."""
    ra, rt = periodic_arc(0.1, 0.8)
    assert rt * 1000 == pytest.approx(1.5625, abs=0.002)
    assert ra * 1000 == pytest.approx(0.4, abs=0.01)


def test_runout_makes_one_tooth_cut():
    x = np.linspace(0, 1.2, 120_001)
    fz, r = 0.05, 1.0
    even = profile_stats(x, tooth_marks(x, fz, 4, r, runout=0.0, dish=None))
    one = profile_stats(x, tooth_marks(x, fz, 4, r, runout=0.01, dish=None))
    assert even["Rt"] == pytest.approx(periodic_arc(fz, r)[1], rel=1e-3)
    assert one["Rt"] == pytest.approx(periodic_arc(4 * fz, r)[1], rel=1e-3)


def floor_pass(tool, job, feed=600.0, rpm=8000.0):
    """One level pass along x at Z-2 in the default block."""
    rows = [((20, 40, 2), (20, 40, -2)), ((20, 40, -2), (80, 40, -2)), ((80, 40, -2), (80, 40, 2))]
    m = empty_moves(len(rows))
    for i, (a, b) in enumerate(rows):
        m[i]["kind"], m[i]["tool"], m[i]["feed"], m[i]["spindle"] = FEED, tool, feed, rpm
        m[i]["start"], m[i]["end"], m[i]["line"] = np.add(a, G54), np.add(b, G54), i + 1
    tp = Toolpath(m)
    return tp, Probe(tp, job)


def spec(**check):
    return parse_spec({"part": {"general": "ISO 2768-m"}, "check": [{"id": 1, "instrument": "roughness", "tol": 3.2,
                                                                     **check}]}, "s.toml")


@pytest.mark.parametrize("runout, period_teeth", [(0.003, 3), (0.0, 1)])
def test_a_flat_end_mill_floor_reads_its_feed_marks(runout, period_teeth):
    """Ø6 flat, 3 teeth, F600 S8000: fz = 0.025 mm. A sharp corner leaves behind it the end edge's
    dish: a sawtooth Rt = f·tan κ' with f = fz, or z·fz when runout (3 µm) makes one tooth cut."""
    job = replace(JOB, tools={n: replace(t, runout=runout) for n, t in JOB.tools.items()})
    tp, probe = floor_pass(2, job)
    r = measure(spec(at=[50.0123, 40.0071, -2]), probe, job, toolpath=tp)[0]
    f = period_teeth * 600.0 / (8000.0 * 3)
    rt = f * math.tan(DISH_ANGLE)
    assert r.measured > 0.1                                          # not the 0.00 of an ideal floor
    assert r.details["Rt_um"] == pytest.approx(rt * 1000, rel=1e-3)
    assert r.measured == pytest.approx(rt / 4 * 1000, rel=5e-3)     # a ramp's Ra is a quarter of its height
    assert r.details["direction"] == pytest.approx([1, 0, 0])        # along the feed: the rougher
    across = measure(spec(at=[50.0123, 40.0071, -2], direction="across"), probe, job, toolpath=tp)[0]
    assert across.measured == pytest.approx(0.0, abs=1e-6)          # square to the feed: the flat bottom


def test_runout_is_read_from_the_tool_table():
    job = parse_job({"tool": [{"number": 1, "diameter": 6, "runout": 0.005}]}, "j.toml")
    assert job.tool(1).runout == 0.005
    assert load_job().tool(2).runout == 0.003


def test_profile_picture_draws_the_profile_and_its_scale():
    import re
    from machinesim.metrology.roughness import profile_svg
    s = np.linspace(0, 4, 401)
    z = 20 * np.cos(2 * np.pi * s)
    svg = profile_svg(s, z, "1 <fond>")
    pts = [tuple(map(float, p.split(","))) for p in re.search(r'points="([^"]+)"', svg).group(1).split()]
    assert len(pts) == 401 and pts[0][0] == 30 and pts[-1][0] == 610       # the trace spans the frame
    assert min(p[1] for p in pts) == pytest.approx(30) and max(p[1] for p in pts) == pytest.approx(170)
    assert "+20 µm" in svg and "4 mm" in svg and "&lt;fond&gt;" in svg
