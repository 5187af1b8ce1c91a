"""The turned part's exact geometry: the Numba kernel against the plain-Python reference (random
capsules and sectors, with hypothesis) and whole parts against analytic geometry."""
import math

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from machinesim.lathe import material as M
from machinesim.lathe.part import turn
from machinesim.lathe.setup import LatheTool
from machinesim.toolpath import ARC, FEED, Toolpath, empty_moves

from lathe_helpers import lathe_job

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
coord = st.floats(-5.0, 5.0, allow_nan=False)


@given(coord, coord, coord, coord, st.floats(0.0, 2.0), st.floats(-8.0, 8.0))
@SETTINGS
def test_capsule_lowest_point_matches_reference(z0, x0, z1, x1, r, z):
    # (the edges of the capsule's z span, where "reaches z" is decided by a rounding, are left out)
    assume(all(abs(z - e) > 1e-9 for e in (z0 - r, z0 + r, z1 - r, z1 + r)))
    row = np.zeros(M.NCOL)
    row[:7] = (M.CAPSULE, 1.0, z0, x0, z1, x1, r)
    got, want = M._low(row, z), M.lowest_reference(row, z)
    assert (got == math.inf and want == math.inf) or abs(got - want) < 1e-9


@given(coord, coord, st.floats(0.05, 4.0), st.floats(-math.pi, math.pi), st.floats(0.01, 2 * math.pi),
       st.floats(0.05, 2.0), st.floats(-8.0, 8.0))
@SETTINGS
def test_sector_lowest_point_matches_reference(zc, xc, rho, a0, span, r, z):
    assume(all(abs(z - zc - e) > 1e-9 for e in (rho + r, -rho - r, rho - r, r - rho)))
    row = np.zeros(M.NCOL)
    row[:8] = (M.SECTOR, 1.0, zc, xc, rho, a0, r, span)
    got, want = M._low(row, z), M.lowest_reference(row, z)
    assert (got == math.inf and want == math.inf) or abs(got - want) < 1e-7


def _moves(points, tool=1, arcs=None):
    """Feed moves through (x radius, z) tip points; arcs: {index: (cx, cz, ccw)}."""
    m = empty_moves(len(points) - 1)
    for i, (a, b) in enumerate(zip(points[:-1], points[1:])):
        m[i]["kind"] = FEED
        m[i]["start"] = (a[0], 0, a[1])
        m[i]["end"] = (b[0], 0, b[1])
        m[i]["feed"] = 200.0
        m[i]["spindle"] = 1000.0
        m[i]["tool"] = tool
        if arcs and i in arcs:
            cx, cz, ccw = arcs[i]
            m[i]["kind"] = ARC
            m[i]["center"] = (cx, 0, cz)
            m[i]["axis"] = (0, 1 if ccw else -1, 0)
    return Toolpath(m)


def test_straight_pass_leaves_the_tip_diameter_and_a_nose_radius_shoulder():
    # tip 3, r 0.8: the nose centre runs 0.8 above and 0.8 to the right of the programmed tip
    job = lathe_job(tools=[LatheTool(1, nose_radius=0.8)])
    part = turn(_moves([(21.0, 2.0), (15.0, 2.0), (15.0, -20.0), (21.0, -20.0)]), job)
    o, _, _, _ = part.bounds([-5.0, -19.0, -19.5, -20.5, -21.0])
    assert abs(o[0] - 15.0) < 1e-12 and abs(o[1] - 15.0) < 1e-12
    # the shoulder at z = -20 is rounded by the nose: centre (15.8, -19.2)
    assert abs(o[2] - (15.8 - math.sqrt(0.64 - 0.09))) < 1e-12
    assert o[3] == 20.0 and o[4] == 20.0           # beyond the shoulder the bar is untouched
    want = math.pi * (20 ** 2 - 15 ** 2) * 21.0            # from the front face (z = 1) to the shoulder
    assert abs(part.removed_volume - want) / want < 0.01


def test_uncompensated_chamfer_is_off_by_the_imaginary_tip_error():
    # a 45° chamfer programmed with the imaginary tip: the real surface lies r(√2 - 1)·... inside
    r = 0.8
    job = lathe_job(tools=[LatheTool(1, nose_radius=r)])
    part = turn(_moves([(10.0, 2.0), (10.0, 0.0), (15.0, -5.0), (15.0, -15.0)]), job)
    z = -2.5
    o, _, _, _ = part.bounds([z])
    # centre path: (x + r, z + r) along the line x = 10 - z (tip), i.e. xc = 10 - (zc - r) + r
    # lowest point of the swept disc at z: on the offset line, r below along the normal
    want = (10.0 - z) + 2 * r - r * math.sqrt(2.0)
    assert abs(o[0] - want) < 1e-12
    assert want - (10.0 - z) > 0.3       # the lesson: 0.47 mm of material left on the chamfer


def test_arc_is_exact_whatever_the_lattice():
    # a convex fillet (a rounded front corner): the nose centre (tip 0) turns counter-clockwise,
    # seen Z right and X up, from (10, 0) to (15, -5) about (10, -5); the part under it is the
    # circle of radius 5 - r, exact on a 1 mm lattice
    r = 0.4
    job = lathe_job(tools=[LatheTool(1, nose_radius=r, tip=0)], resolution=1.0)
    part = turn(_moves([(10.0, 2.0), (10.0, 0.0), (15.0, -5.0), (15.0, -8.0)],
                       arcs={1: (10.0, -5.0, True)}), job)
    zs = np.linspace(-4.5, -0.5, 17)
    o, _, _, _ = part.bounds(zs)
    want = 10.0 + np.sqrt((5.0 - r) ** 2 - (zs + 5.0) ** 2)
    assert np.all(np.abs(o - want) < 1e-12)


@given(st.floats(0.5, 6.0), st.floats(-math.pi, math.pi), st.floats(0.05, 2 * math.pi - 0.05), st.booleans(),
       st.sampled_from([3, 2, 8]), st.floats(-12.0, 12.0))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_insert_swept_along_an_arc_is_its_many_positions(rho, a, span, ccw, tip, z):
    """The arc's primitives give the lowest point of the insert (polygon grown by r) over every
    position along the arc: never lower than the dense set of positions, and not higher by more
    than their spacing allows."""
    tool = LatheTool(1, nose_radius=0.4, tip=tip, edge_length=5.0,
                     type="threading" if tip == 8 else ("boring" if tip == 2 else "turning"))
    side = -1.0 if tool.internal else 1.0
    cz, cx = 0.0, 20.0
    start = (cx + rho * math.sin(a), cz + rho * math.cos(a))
    end_a = a + (span if ccw else -span)
    end = (cx + rho * math.sin(end_a), cz + rho * math.cos(end_a))
    m = empty_moves(1)
    m[0]["kind"], m[0]["start"], m[0]["end"] = ARC, (start[0], 0, start[1]), (end[0], 0, end[1])
    m[0]["center"], m[0]["axis"] = (cx, 0, cz), (0, 1 if ccw else -1, 0)
    poly = M.insert_polygon(tool)
    rows = M._rows_for_arc(m[0], poly, 0.4, side)
    exact = min(M._low(row, z) for row in rows)
    dense = math.inf
    for t in np.linspace(0.0, 1.0, 1501):
        th = a + (1 if ccw else -1) * span * t
        c = np.array([[cx + rho * math.sin(th), cz + rho * math.cos(th)]])
        for row in M._rows_for_line(c, c, poly, 0.4, side):
            dense = min(dense, M.lowest_reference(row, z))
    assume(dense < math.inf)                 # z beyond the sweep: nothing to compare
    step = rho * span / 1500
    assert exact <= dense + 1e-9 and dense - exact <= step + 1e-9
