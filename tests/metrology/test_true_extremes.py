"""Instruments find the true extremes of what they measure, and their uncertainty bounds the error.

Truth comes from analytic geometry: scallops of ball and bull noses, h = rc − √(rc² − (g/2)²) with
g the stepover less the flat of the nose; stepped walls; arcs (the gap between an arc and its chord
at the tangent parallel to it); bores whose centre is placed by construction. Rasters are cut by
the kernel at any angle and off the lattice.
"""
import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from machinesim.job import load_job
from machinesim.kernel.probe import Probe
from machinesim.metrology import measure, parse_spec
from machinesim.metrology.roughness import periodic_arc
from machinesim.toolpath import FEED, Toolpath, empty_moves
from machinesim.tools import Tool
from metrology_shapes import Box, Cylinder, Part

BULL = Tool(20, "bull", "torique Ø6 r1", diameter=6.0, corner_radius=1.0, flute_length=13, length=57, flutes=2)
JOB = replace(load_job(), tools={**load_job().tools, 20: BULL})     # Ø6 ball = T5, Ø6 r1 bull = T20
G54 = np.array(JOB.offset("G54"))
CX, CY, FLOOR = 50.0123, 40.0071, -2.0
NO_SHRINK = (Phase.explicit, Phase.reuse, Phase.generate)      # each example cuts a part: report, do not shrink


def raster(tool, step, angle, phase=0.0, half=4.0, length=15.0):
    """Level passes at `angle` (degrees) `step` apart, one through (CX, CY) moved `phase` steps
    across (the raster anywhere on the lattice); tip at FLOOR."""
    d = np.array([math.cos(math.radians(angle)), math.sin(math.radians(angle)), 0.0])
    n = np.array([-d[1], d[0], 0.0])
    k = int(math.ceil((max(half * math.sqrt(2), 2 * step) + 4) / step))
    rows = []
    for i in range(-k, k + 1):
        c = np.array([CX, CY, FLOOR]) + (i + phase) * step * n
        a, b = c - length * d, c + length * d
        rows += [(a + (0, 0, 4), a), (a, b), (b, b + (0, 0, 4))]
    m = empty_moves(len(rows))
    for i, (a, b) in enumerate(rows):
        m[i]["kind"], m[i]["tool"], m[i]["feed"], m[i]["spindle"] = FEED, tool, 600.0, 8000.0
        m[i]["start"], m[i]["end"], m[i]["line"] = a + G54, b + G54, i + 1
    tp = Toolpath(m)
    return tp, Probe(tp, JOB)


def scallop(tool, step):
    """Cusp height between two passes `step` apart: the arcs of the nose meet halfway."""
    t = JOB.tool(tool)
    g = step - 2 * (t.radius - t.effective_corner_radius)
    rc = t.effective_corner_radius
    return 0.0 if g <= 0 else rc - math.sqrt(rc * rc - g * g / 4)


def spec(*checks):
    return parse_spec({"part": {"general": "ISO 2768-mK"}, "check": [{"id": i + 1, **c} for i, c in enumerate(checks)]},
                      "s.toml")


def honest(result, truth, bar, claim=5e-6):
    """Right within the bar, the claimed uncertainty covers the error, and it is small."""
    assert result.measured == pytest.approx(truth, abs=bar)
    assert abs(result.measured - truth) <= result.uncertainty + 1e-12
    assert result.uncertainty <= claim


def test_the_ball_nose_floor_of_the_issue():
    """Ø6 ball, 1 mm stepover: cusps 3 − √(9 − 0.25) = 0.04196 mm; flatness and Rt across the passes."""
    tp, probe = raster(5, 1.0, 90.0)
    h = 3 - math.sqrt(9 - 0.25)
    flat, rough = measure(spec({"instrument": "flatness", "region": [CX - 4, CY - 4, CX + 4, CY + 4], "tol": 0.1},
                               {"instrument": "roughness", "at": [CX, CY, FLOOR], "direction": "across",
                                "tol": 50}), probe, JOB, toolpath=tp)
    honest(flat, h, 1e-6)
    assert flat.details["least_squares_pv"] == pytest.approx(h, abs=1e-6)
    assert rough.details["Rt_um"] == pytest.approx(h * 1000, abs=1e-3)
    assert rough.details["Rz_um"] == pytest.approx(h * 1000, abs=1e-3)        # λc 2.5 mm holds whole cusps
    assert rough.measured == pytest.approx(periodic_arc(1.0, 3.0)[0] * 1000, rel=2e-3)
    assert flat.lines and all(tp.moves["tool"][n - 1] == 5 for n in flat.lines)


@settings(max_examples=5, deadline=None, phases=NO_SHRINK)
@given(st.sampled_from([5, 20]), st.floats(0.0, 1.0), st.floats(0.0, 180.0), st.floats(0.0, 1.0))
def test_scallops_at_any_stepover_angle_and_place(tool, f, angle, phase):
    step = 0.3 + 1.2 * f if tool == 5 else 4.2 + 1.6 * f
    phase = phase if tool == 5 else 0.0       # a bull's few cusps in the region: kept symmetric about it
    tp, probe = raster(tool, step, angle, phase)
    h = scallop(tool, step)
    a = math.radians(angle)
    valley = [CX - phase * step * math.sin(a), CY + phase * step * math.cos(a), FLOOR]
    flat, rough = measure(spec({"instrument": "flatness", "region": [CX - 4, CY - 4, CX + 4, CY + 4], "tol": 0.5},
                               {"instrument": "roughness", "at": valley, "direction": "across",
                                "length": 4 * step, "tol": 500}), probe, JOB, toolpath=tp)
    honest(flat, h, 1e-6)
    assert rough.details["Rt_um"] == pytest.approx(h * 1000, abs=1e-3)
    if tool == 5:
        truth = periodic_arc(step, 3.0)[0] * 1000
        assert rough.measured == pytest.approx(truth, rel=3e-3)
        assert abs(rough.measured - truth) <= rough.uncertainty + 1e-3 * truth


@settings(max_examples=4, deadline=None, phases=NO_SHRINK)
@given(st.floats(0.002, 0.2), st.floats(-15.0, -3.0), st.sampled_from(["x", "y"]))
def test_flatness_of_a_stepped_wall(step, z_step, axis):
    """A wall facing +x (or +y) at 70.0123 (60.0123) down to z_step, `step` further out below."""
    k = 0 if axis == "x" else 1
    lo_box = Box((0, 0, -20), [70.0123 + step if k == 0 else 100, 60.0123 + step if k == 1 else 80, z_step])
    top = [70.0123 if k == 0 else 100, 60.0123 if k == 1 else 80, 0]
    part = Part([("add", Box((0, 0, -20), top)), ("add", lo_box)], offset=G54)
    region = [10, -18, 60, -1] if k == 0 else [10, -18, 60, -1]
    r = measure(spec({"instrument": "flatness", "axis": axis, "at": [80 if k == 0 else 50, 70 if k == 1 else 40, -5],
                      "region": region, "tol": 0.5}), part, JOB)[0]
    # the zone may tilt until the far end of the longer level meets the other plane: its width,
    # square to the planes, is the step times the cosine of that tilt
    longest = max(-1 - z_step, z_step + 18)
    honest(r, step / math.sqrt(1 + (step / longest) ** 2), 1e-6)


@settings(max_examples=4, deadline=None, phases=NO_SHRINK)
@given(st.floats(20.0, 500.0), st.floats(-8.0, 8.0), st.floats(4.0, 16.0))
def test_flatness_of_an_arc_floor(radius, centre, width):
    """A floor that is an arc (a cylinder along y of `radius`): the minimum zone is the largest gap
    between the arc and its chord, at the tangent parallel to the chord, measured square to it."""
    u0, u1 = 50.0 - width / 2, 50.0 + width / 2
    uc = 50.0 + centre
    part = Part([("add", Box((0, 0, -20), (100, 80, 0))),
                 ("cut", Cylinder(1, (uc, -5 + radius), radius, -10, 90))], offset=G54)
    r = measure(spec({"instrument": "flatness", "region": [u0, 20, u1, 60], "tol": 0.5}), part, JOB)[0]

    def z(u):
        return -5 + radius - math.sqrt(radius ** 2 - (u - uc) ** 2)

    m = (z(u1) - z(u0)) / (u1 - u0)
    us = uc + m * radius / math.sqrt(1 + m * m)                       # where the arc's slope is m
    gap = z(u0) + m * (us - u0) - z(us)
    honest(r, gap / math.sqrt(1 + m * m), 1e-6)


@settings(max_examples=15, deadline=None, phases=NO_SHRINK)
@given(st.floats(10.0, 70.0), st.floats(-15.0, -5.0), st.floats(1.5, 4.0), st.sampled_from(["x", "y"]),
       st.floats(-0.3, 0.3), st.floats(-0.3, 0.3))
def test_position_of_a_hole_on_a_side_face(along, height, radius, axis, du, dv):
    """A hole drilled into the side face of the block (second setup): its position is read across
    its axis, in (y, z) for a face facing x and (x, z) facing y."""
    k = 0 if axis == "x" else 1
    cu, cv = along + du, height + dv
    part = Part([("add", Box((0, 0, -20), (100, 80, 0))),
                 ("cut", Cylinder(k, (cu, cv) if k == 0 else (cu, cv), radius, 90 if k == 0 else 70, 110))],
                offset=G54)
    at = [95, along, height] if k == 0 else [along, 75, height]
    bore, pos = measure(spec({"instrument": "bore", "at": at, "axis": axis, "nominal": 2 * radius, "tol": 0.1},
                             {"instrument": "position", "of": 1, "nominal_center": [along, height], "tol": 1.0}),
                        part, JOB)
    honest(bore, 2 * radius, 1e-6)
    honest(pos, 2 * math.hypot(du, dv), 1e-6)


@settings(max_examples=10, deadline=None, phases=NO_SHRINK)
@given(st.floats(0.0, math.pi), st.floats(0.05, 0.6), st.floats(3.0, 6.0))
def test_two_point_extremes_of_an_oval_bore_at_any_angle(angle, stretch, radius):
    """Two circles `stretch` apart along `angle` and the band between them: the smallest two-point
    size is the diameter, the largest the diameter plus the stretch, wherever the rays fall."""
    c, d = np.array([50.0123, 40.0071]), np.array([math.cos(angle), math.sin(angle)])
    ops = [("add", Box((0, 0, -20), (100, 80, 0)))]
    for k in np.linspace(0.0, 1.0, 400):                  # the oval as a sweep of circles
        x, y = c + k * stretch * d
        ops.append(("cut", Cylinder(2, (x, y), radius, -30, 1)))
    part = Part(ops, offset=G54)
    mid = c + 0.5 * stretch * d
    r = measure(spec({"instrument": "bore", "at": [mid[0], mid[1], -5], "nominal": 2 * radius, "tol": 1.0}), part, JOB)[0]
    # the sweep of 400 circles is the oval to within the sagitta of its steps along the long axis
    assert r.details["two_point_max"] == pytest.approx(2 * radius + stretch, abs=1e-9)
    assert r.details["two_point_min"] == pytest.approx(2 * radius, abs=(stretch / 399) ** 2 / radius)


@settings(max_examples=4, deadline=None, phases=NO_SHRINK)
@given(st.floats(0.005, 0.1), st.floats(30.0, 60.0))
def test_flatness_of_a_milled_stepped_wall(step, x1):
    """Two passes of the Ø6 flat end mill along Y: down to Z-5 with its centre at x1, then to Z-2
    `step` further in. The wall facing +X is stepped at Z-2; the region spans Z-4.5 to Z-0.5."""
    rows = [((x1, 10, 2), (x1, 10, -5)), ((x1, 10, -5), (x1, 70, -5)), ((x1, 70, -5), (x1, 70, 2)),
            ((x1 - step, 10, 2), (x1 - step, 10, -2)), ((x1 - step, 10, -2), (x1 - step, 70, -2)),
            ((x1 - step, 70, -2), (x1 - step, 70, 2))]
    m = empty_moves(len(rows))
    for i, (a, b) in enumerate(rows):
        m[i]["kind"], m[i]["tool"], m[i]["feed"], m[i]["spindle"] = FEED, 2, 600.0, 8000.0
        m[i]["start"], m[i]["end"], m[i]["line"] = np.add(a, G54), np.add(b, G54), i + 1
    tp = Toolpath(m)
    r = measure(spec({"instrument": "flatness", "axis": "x", "at": [x1, 40, -1], "region": [30, -4.5, 50, -0.5],
                      "tol": 0.5}), Probe(tp, JOB), JOB, toolpath=tp)[0]
    honest(r, step / math.sqrt(1 + (step / 2.5) ** 2), 1e-6)
    assert r.lines and set(r.lines) <= {2, 5}            # the passes that made the extremes
