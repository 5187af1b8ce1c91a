"""Exact probes against analytic geometry: slots, pockets, bores, drilled holes, scallops.

Walls are placed off any 0.1 mm lattice on purpose, and the work zero sits away from the machine
zero, so the tests also check the move log's use of machine coordinates. The toolpaths are
written as move records directly (tool tip, machine coordinates).
"""
import math

import numpy as np
import pytest

from machinesim.job import Job, Stock
from machinesim.kernel.probe import Probe
from machinesim.tools import Tool
from machinesim.toolpath import ARC, FEED, RAPID, Toolpath, empty_moves

G54 = np.array([-300.0, -150.0, -250.0])
TOOLS = {
    1: Tool(1, "flat", diameter=6.0),
    2: Tool(2, "ball", diameter=6.0, corner_radius=3.0),
    3: Tool(3, "drill", diameter=8.5, point_angle=118.0),
    4: Tool(4, "flat", diameter=0.06),
    5: Tool(5, "bull", diameter=10.0, corner_radius=1.5),
}


def make_job(lo=(0.0, 0.0, -20.0), hi=(100.0, 80.0, 0.0), cylinder=None) -> Job:
    if cylinder is not None:
        base, diameter, height = cylinder
        stock = Stock(kind="cylinder", base=base, diameter=diameter, height=height,
                      min=(base[0] - diameter / 2, base[1] - diameter / 2, base[2]),
                      max=(base[0] + diameter / 2, base[1] + diameter / 2, base[2] + height))
    else:
        stock = Stock(min=lo, max=hi)
    return Job(offsets={"G54": tuple(G54)}, stock=stock, tools=TOOLS)


def path(points, tool, kind=FEED) -> np.ndarray:
    """Straight moves through work-coordinate points (machine coordinates in the records)."""
    pts = np.asarray(points, float) + G54
    m = empty_moves(len(pts) - 1)
    m["kind"] = kind
    m["start"] = pts[:-1]
    m["end"] = pts[1:]
    m["tool"] = tool
    m["feed"] = 500.0
    return m


def arc(start, end, center, axis, tool, turns=0) -> np.ndarray:
    m = empty_moves(1)
    m["kind"] = ARC
    m["start"] = np.asarray(start, float) + G54
    m["end"] = np.asarray(end, float) + G54
    m["center"] = np.asarray(center, float) + G54
    m["axis"] = axis
    m["turns"] = turns
    m["tool"] = tool
    m["feed"] = 300.0
    return m


def probe_for(*moves, job=None) -> Probe:
    return Probe(Toolpath(np.concatenate(moves)), job or make_job())


def hits(probe, origin, direction) -> np.ndarray:
    """Interval ends along a ray from a work-coordinate origin, as work-coordinate points."""
    o = np.asarray(origin, float) + G54
    d = np.asarray(direction, float) / np.linalg.norm(direction)
    iv = probe.intervals(o, d)
    return o - G54 + iv.reshape(-1, 1) * d


def fit_circle(xy: np.ndarray) -> tuple[float, float, float]:
    """Least-squares circle (Kåsa): centre x, y and diameter."""
    A = np.column_stack([2 * xy[:, 0], 2 * xy[:, 1], np.ones(len(xy))])
    b = (xy ** 2).sum(1)
    cx, cy, c = np.linalg.lstsq(A, b, rcond=None)[0]
    return cx, cy, 2 * math.sqrt(c + cx * cx + cy * cy)


# --- a slot -------------------------------------------------------------------------------------

Y0, ZS = 40.0123, -2.5371


def slot_probe(tool=1):
    return probe_for(path([(-10, 20, 5), (-10, Y0, 5)], tool, RAPID),
                     path([(-10, Y0, 5), (-10, Y0, ZS), (110, Y0, ZS)], tool))


@pytest.mark.parametrize("x", [3.217, 50.0, 96.661])
@pytest.mark.parametrize("z", [-0.3, -1.77, -2.53])
def test_slot_walls_are_exact(x, z):
    p = slot_probe()
    iv = p.intervals(np.array([x, 0.0, z]) + G54, (0, 1, 0))
    assert iv.shape == (2, 2)
    walls = iv[0, 1], iv[1, 0]
    assert walls[0] == pytest.approx(Y0 - 3.0, abs=1e-9)
    assert walls[1] == pytest.approx(Y0 + 3.0, abs=1e-9)
    assert walls[1] - walls[0] == pytest.approx(6.0, abs=1e-3)
    assert iv[0, 0] == pytest.approx(0.0, abs=1e-12) and iv[1, 1] == pytest.approx(80.0, abs=1e-12)


def test_slot_floor_and_the_move_that_cut_it():
    p = slot_probe()
    for y in (Y0 - 2.99, Y0, Y0 + 1.3):
        top = hits(p, (41.3, y, 10.0), (0, 0, -1))
        assert top[0, 2] == pytest.approx(ZS, abs=1e-12)          # floor, from above
        assert top[1, 2] == pytest.approx(-20.0, abs=1e-12)       # stock bottom
    iv, moves = p.cuts(np.array([50.0, 0.0, -1.0]) + G54, (0, 1, 0))
    assert moves.tolist() == [[-1, 2], [2, -1]]                   # the long feed cut both walls


def test_slot_narrower_than_the_lattice():
    p = probe_for(path([(-10, Y0, 5), (-10, Y0, ZS), (110, Y0, ZS)], 4))
    iv = p.intervals(np.array([33.333, 0.0, -1.0]) + G54, (0, 1, 0))
    assert iv.shape == (2, 2)
    assert iv[1, 0] - iv[0, 1] == pytest.approx(0.06, abs=1e-9)
    assert p.contains(np.array([[33.333, Y0, -1.0], [33.333, Y0 + 0.031, -1.0]]) + G54).tolist() == [False, True]


def test_oblique_ray_through_the_slot():
    p = slot_probe()
    d = np.array([0.31, 1.0, -0.02])
    d /= np.linalg.norm(d)
    o = np.array([20.0, 0.0, -1.0])
    iv = p.intervals(o + G54, d)
    # the ray is in the air between the wall planes y = Y0 -/+ 3 (its z stays above the floor)
    inner = o + np.array([iv[0, 1], iv[1, 0]])[:, None] * d
    assert inner[:, 1] == pytest.approx([Y0 - 3.0, Y0 + 3.0], abs=1e-9)


# --- a pocket -----------------------------------------------------------------------------------

PX0, PX1, PY0, PY1, PZ = 20.0437, 61.1189, 15.0571, 47.9313, -4.3217


def pocket_moves(tool=1, r=3.0, step=4.0):
    """Zigzag clearing then a finishing contour at the walls (tool radius r inside)."""
    xa, xb, ya, yb = PX0 + r, PX1 - r, PY0 + r, PY1 - r
    pts = [((xa + xb) / 2, (ya + yb) / 2, 5.0)]
    ys = np.append(np.arange(ya, yb, step), yb)
    for k, y in enumerate(ys):
        row = [(xa, y, PZ), (xb, y, PZ)]
        pts += row if k % 2 == 0 else row[::-1]
    pts += [(xa, ya, PZ), (xb, ya, PZ), (xb, yb, PZ), (xa, yb, PZ), (xa, ya, PZ), (xa, ya, 5.0)]
    return path(pts, tool)


def test_pocket_floor_and_walls():
    p = probe_for(pocket_moves())
    for x in (PX0 + 3.0, 33.3, PX1 - 3.01):   # off the corners' rounding
        iv = p.intervals(np.array([x, 0.0, -2.0]) + G54, (0, 1, 0))
        assert iv[:, 1][0] == pytest.approx(PY0, abs=1e-9) and iv[:, 0][1] == pytest.approx(PY1, abs=1e-9)
    for y in (PY0 + 3.0, 31.7, PY1 - 3.2):
        iv = p.intervals(np.array([0.0, y, PZ + 1e-3]) + G54, (1, 0, 0))
        assert iv[0, 1] == pytest.approx(PX0, abs=1e-9) and iv[1, 0] == pytest.approx(PX1, abs=1e-9)
    for x, y in ((PX0 + 0.01, 30.0), (40.0, 40.0), (50.5, PY0 + 1.0)):
        top = hits(p, (x, y, 9.0), (0, 0, -1))[0, 2]
        assert top == pytest.approx(PZ, abs=1e-12)
    below = p.intervals(np.array([0.0, 30.0, PZ - 1e-6]) + G54, (1, 0, 0))
    assert below.tolist() == [[0.0, 100.0]]                         # 1 µm under the floor: intact
    # a corner is rounded with the tool radius: on the diagonal the wall is r(√2 - 1) further in
    d = -np.array([1.0, 1.0, 0.0]) / math.sqrt(2)
    o = np.array([PX0 + 10, PY0 + 10, -1.0])
    iv = p.intervals(o + G54, d)
    t = iv[iv[:, 0] > 0, 0].min()
    corner = PX0 + 3 - 3 / math.sqrt(2), PY0 + 3 - 3 / math.sqrt(2)
    assert (o + t * d)[:2] == pytest.approx(corner, abs=1e-9)


# --- bores --------------------------------------------------------------------------------------

BC = np.array([47.3172, 35.0457])
P_BORE = 7.3


def bore_hits(p, z, n=48):
    pts = []
    for a in np.linspace(0, 2 * math.pi, n, endpoint=False):
        d = np.array([math.cos(a), math.sin(a), 0.0])
        h = hits(p, (BC[0], BC[1], z), d)
        outer = h[(h - (*BC, z)) @ d > P_BORE]      # past the core left inside the path
        pts.append(outer[0, :2])
    return np.array(pts)


def test_bore_by_circular_interpolation():
    start = (BC[0] + P_BORE, BC[1], -6.1)
    p = probe_for(path([(BC[0], BC[1], 5.0), start], 1), arc(start, start, (*BC, -6.1), (0, 0, 1), 1))
    cx, cy, dia = fit_circle(bore_hits(p, -3.3))
    assert dia == pytest.approx(2 * (P_BORE + 3.0), abs=2e-3)
    assert math.hypot(cx - BC[0], cy - BC[1]) < 2e-3
    assert dia == pytest.approx(2 * (P_BORE + 3.0), abs=2e-4)   # chords: at most 0.2 µm small


def test_bore_by_helical_interpolation_clockwise():
    start = (BC[0] + P_BORE, BC[1], -1.0)
    bottom = (BC[0] + P_BORE, BC[1], -6.0)
    moves = [path([(BC[0] + P_BORE, BC[1], 5.0), start], 1),
             arc(start, bottom, (*BC, -1.0), (0, 0, -1), 1, turns=1),   # G2: two turns down
             arc(bottom, bottom, (*BC, -6.0), (0, 0, -1), 1)]
    p = probe_for(*moves)
    for z in (-3.0, -5.9):
        cx, cy, dia = fit_circle(bore_hits(p, z))
        assert dia == pytest.approx(2 * (P_BORE + 3.0), abs=2e-3)
        assert math.hypot(cx - BC[0], cy - BC[1]) < 2e-3
    # the floor is flat at the last circle's depth; the centre column stays (path radius > r)
    assert hits(p, (BC[0] + P_BORE, BC[1], 9.0), (0, 0, -1))[0, 2] == pytest.approx(-6.0, abs=1e-12)
    assert hits(p, (*BC, 9.0), (0, 0, -1))[0, 2] == pytest.approx(0.0, abs=1e-12)


def test_arc_in_the_xz_plane_with_a_ball_mill():
    """G18 arc below its centre: the groove's floor is the circle of radius p + R about the
    centre of the ball's path (the tip's arc raised by R)."""
    c = np.array([50.0371, 40.0, -1.0])
    p = probe_for(arc(c + (-10, 0, 0), c + (10, 0, 0), c, (0, -1, 0), 2))
    for dx in (0.0, 2.345, -6.9, 9.5):
        floor = hits(p, (c[0] + dx, c[1], 9.0), (0, 0, -1))[0, 2]
        assert floor == pytest.approx(c[2] + 3.0 - math.sqrt(13.0 ** 2 - dx * dx), abs=2e-4)


# --- a drilled hole ----------------------------------------------------------------------------

def test_drilled_hole_diameter_and_cone():
    h = np.array([23.4567, 61.0101])
    tip = -10.123
    p = probe_for(path([(*h, 5.0), (*h, 2.0)], 3, RAPID), path([(*h, 2.0), (*h, tip)], 3),
                  path([(*h, tip), (*h, 5.0)], 3, RAPID))
    cot = 1.0 / math.tan(math.radians(59.0))
    full = tip + 4.25 * cot
    for z in (-1.0, full + 1e-3):
        for a in (0.0, 0.7, 2.0):
            d = np.array([math.cos(a), math.sin(a), 0.0])
            ends = (hits(p, (*h, z), d) - (*h, z)) @ d
            inner = ends[(ends > -5) & (ends < 5)]
            assert inner.max() - inner.min() == pytest.approx(8.5, abs=1e-3)
            assert abs(inner.max() + inner.min()) < 1e-9
    for r in (0.0, 1.1, 3.0, 4.2):
        assert hits(p, (h[0] + r, h[1], 9.0), (0, 0, -1))[0, 2] == pytest.approx(tip + r * cot, abs=1e-9)


# --- ball-nose scallops ------------------------------------------------------------------------

@pytest.mark.parametrize("step", [0.5, 1.7])
def test_ball_raster_scallop_height(step):
    z, R = -2.2222, 3.0
    ys = 20.0123 + step * np.arange(8)
    pts = [(10.0, ys[0], 5.0)]
    for k, y in enumerate(ys):
        row = [(10.0, y, z), (60.0, y, z)]
        pts += row if k % 2 == 0 else row[::-1]
    p = probe_for(path(pts, 2))
    expected = R - math.sqrt(R * R - (step / 2) ** 2)
    for k in range(len(ys) - 1):
        cusp = hits(p, (33.3, (ys[k] + ys[k + 1]) / 2, 9.0), (0, 0, -1))[0, 2]
        assert cusp - z == pytest.approx(expected, abs=1e-3)
        assert cusp - z == pytest.approx(expected, abs=1e-9)
        assert hits(p, (33.3, ys[k], 9.0), (0, 0, -1))[0, 2] == pytest.approx(z, abs=1e-12)


# --- stocks ------------------------------------------------------------------------------------

def test_cylinder_stock_chord_and_a_bull_nose_face():
    base = (40.0, 40.0, -30.0)
    job = make_job(cylinder=(base, 60.0, 30.0))
    p = probe_for(path([(0.0, 40.0, -1.25), (80.0, 40.0, -1.25)], 5), job=job)
    for y in (40.0, 52.5, 69.9):
        iv = hits(p, (40.0, y, -10.0), (1, 0, 0))
        half = math.sqrt(30.0 ** 2 - (y - 40.0) ** 2)
        assert iv[:, 0].tolist() == pytest.approx([40.0 - half, 40.0 + half], abs=1e-9)
    # a bull nose (R 5, corner 1.5) along X: flat floor over |dy| <= 3.5, then the torus
    for dy, expect in ((0.0, -1.25), (3.5, -1.25), (4.2, -1.25 + 1.5 - math.sqrt(1.5 ** 2 - 0.7 ** 2))):
        assert hits(p, (40.0, 40.0 + dy, 9.0), (0, 0, -1))[0, 2] == pytest.approx(expect, abs=1e-9)
