"""Circle and plane fits, roughness statistics and the cut-attribution distance, against plain truths."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from machinesim.job import load_job
from machinesim.metrology.cutting_lines import CuttingMoves, tool_distance
from machinesim.metrology.fitting import fit_circle, fit_plane, flatness, profile_roughness
from machinesim.toolpath import ARC, FEED, Toolpath, empty_moves
from machinesim.tools import Tool

coord = st.floats(-200, 200, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(coord, coord, st.floats(0.5, 100), st.floats(0, 2 * math.pi), st.integers(6, 40))
def test_circle_through_exact_points(cx, cy, r, phase, n):
    a = phase + np.arange(n) * 2 * math.pi / n
    centre, radius, res = fit_circle(np.column_stack([cx + r * np.cos(a), cy + r * np.sin(a)]))
    assert centre == pytest.approx([cx, cy], abs=1e-9 * max(1, r))
    assert radius == pytest.approx(r, abs=1e-9 * max(1, r))
    assert np.abs(res).max() < 1e-9 * max(1, r)


@settings(max_examples=30, deadline=None)
@given(st.floats(1, 50), st.floats(1e-4, 0.1), st.integers(2, 12))
def test_circle_with_alternating_radii_keeps_the_mean(r, delta, half):
    # r ± delta on alternating rays: symmetric, so the least-squares circle has radius r
    n = 2 * (2 * half)
    a = np.arange(n) * 2 * math.pi / n
    rho = r + delta * np.where(np.arange(n) % 2 == 0, 1, -1)
    centre, radius, res = fit_circle(np.column_stack([rho * np.cos(a), rho * np.sin(a)]))
    assert radius == pytest.approx(r, abs=1e-9) and np.abs(centre).max() < 1e-9
    assert res.max() - res.min() == pytest.approx(2 * delta, abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(st.floats(-0.5, 0.5), st.floats(-0.5, 0.5), coord, st.floats(0, 0.05))
def test_plane_peak_to_valley(sx, sy, z0, delta):
    # each grid point appears at +delta and -delta from a tilted plane, measured along its normal
    g = np.array([(x, y) for x in range(-3, 4) for y in range(-3, 4)], float)
    n = np.array([-sx, -sy, 1.0]) / math.sqrt(1 + sx * sx + sy * sy)
    base = np.column_stack([g, z0 + sx * g[:, 0] + sy * g[:, 1]])
    pts = np.vstack([base + delta * n, base - delta * n])
    _, normal, _ = fit_plane(pts)
    assert abs(abs(normal @ n) - 1) < 1e-9
    assert flatness(pts) == pytest.approx(2 * delta, abs=1e-9)


def test_roughness_of_a_sine_and_a_triangle():
    x = np.linspace(0, 4, 40001)
    ra, rz = profile_roughness(x, 0.01 * np.cos(2 * math.pi * x / 0.8))       # even about the middle
    assert ra == pytest.approx(0.01 * 2 / math.pi, rel=1e-4) and rz == pytest.approx(0.02, rel=1e-6)
    # odd about the middle: the least-squares mean line tilts a little (documented bias, < 3 %)
    ra, _ = profile_roughness(x, 0.01 * np.sin(2 * math.pi * x / 0.8))
    assert ra == pytest.approx(0.01 * 2 / math.pi, rel=0.03)
    tri = 0.004 * np.abs(((x / 0.5) % 1) - 0.5) * 2           # triangle wave 0..0.004: Ra = h/4
    ra, rz = profile_roughness(x, tri)
    assert ra == pytest.approx(0.001, rel=1e-3) and rz == pytest.approx(0.004, rel=1e-6)


# --- distance from a point to a tool: a plain reference built on Tool.lower_profile -------------

def reference_distance(tool, d, h):
    """Brute force in the (radial, height) half-plane: 0 inside, else the nearest sampled boundary."""
    r = tool.radius
    if d <= r and h >= tool.lower_profile(d):
        return 0.0
    s = np.linspace(0, r, 20001)
    bottom = np.column_stack([s, [tool.lower_profile(v) for v in s]])
    side = np.column_stack([np.full(2001, r), np.linspace(tool.lower_profile(r), tool.lower_profile(r) + 60, 2001)])
    pts = np.vstack([bottom, side])
    return float(np.min(np.hypot(pts[:, 0] - d, pts[:, 1] - h)))


TOOLS = [Tool(1, "flat", diameter=10), Tool(2, "ball", diameter=6, corner_radius=3),
         Tool(3, "bull", diameter=12, corner_radius=2), Tool(4, "drill", diameter=8.5, point_angle=118),
         Tool(5, "chamfer", diameter=10, point_angle=90, tip_diameter=1)]


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(TOOLS), st.floats(0, 15), st.floats(-8, 20))
def test_tool_distance_matches_the_reference(tool, d, h):
    got = float(tool_distance(tool, np.array([d]), np.array([h]))[0])
    assert got == pytest.approx(reference_distance(tool, d, h), abs=2e-3)


def moves(rows):
    m = empty_moves(len(rows))
    for i, (kind, line, start, end, tool) in enumerate(rows):
        m[i]["kind"], m[i]["line"], m[i]["start"], m[i]["end"], m[i]["tool"] = kind, line, start, end, tool
    return m


def test_last_cutting_move_names_the_finishing_pass():
    job = load_job()
    tp = Toolpath(moves([
        (FEED, 10, (0, 0, -5), (50, 0, -5), 1),        # Ø10 roughing: walls at y = ±5
        (FEED, 11, (0, 0.3, -5), (50, 0.3, -5), 1),    # finishing pass: wall y = 5.3
        (FEED, 12, (0, 0, 5), (50, 0, 5), 1),          # above the part: touches nothing below z=5
    ]))
    cut = CuttingMoves(tp, job)
    assert cut.last_move((25, 5.3, -3)) == 1
    assert cut.last_move((25, -5, -3)) == 0            # the finishing pass did not reach y = -5
    assert cut.last_move((25, 0, -5)) == 1             # the floor: both reach it, the last one wins
    assert cut.last_move((25, 9, -3)) == -1            # the untouched side of the stock
    assert cut.lines([(25, 5.3, -3), (25, -5, -3)]) == [10, 11]


def test_arc_moves_are_followed():
    job = load_job()
    m = moves([(ARC, 20, (10, 0, -2), (-10, 0, -2), 2)])     # Ø6 flat, half turn of radius 10 about Z
    m[0]["center"], m[0]["axis"] = (0, 0, -2), (0, 0, 1)
    cut = CuttingMoves(Toolpath(m), job)
    assert cut.last_move((0, 13, -1)) == 0                 # outer wall of the groove at radius 13
    assert cut.last_move((0, -13, -1)) == -1               # the other half was not cut
