"""Instruments against parts whose dimensions are known analytically (stand-in probe).

Walls are placed off any lattice (odd decimals) so that nothing lines up by luck. Truth comes from
the dimensions used to build the part; the bar is 0.002 mm (ISSUE 4), the exact probe does far better.
"""
import math

import numpy as np
import pytest

from machinesim.job import load_job
from machinesim.metrology import IN, NOT_GRADED, NOT_MEASURED, OUT, grade, measure, parse_spec
from metrology_shapes import Box, Cylinder, Part

JOB = load_job()
G54 = JOB.offset("G54")
BAR = 0.002

# a 100 x 80 x 20 block (top at Z0) with a pocket, a through bore and a boss in an annular pocket
PX0, PX1, PY0, PY1, PZ = 30.0123, 70.0456, 20.0117, 59.9713, -5.0131
BX, BY, BR = 80.3731, 30.2087, 4.00613
SX, SY, SR, SZ, AR, AZ = 85.0213, 64.9787, 5.00371, -3.0071, 9.0, -6.0043


def block():
    return Part([
        ("add", Box((0, 0, -20), (100, 80, 0))),
        ("cut", Box((PX0, PY0, PZ), (PX1, PY1, 1))),
        ("cut", Cylinder(2, (BX, BY), BR, -21, 1)),
        ("cut", Cylinder(2, (SX, SY), AR, AZ, 1)),
        ("add", Cylinder(2, (SX, SY), SR, -20, SZ)),
    ], offset=G54)


def spec(*checks, general="ISO 2768-mK"):
    return parse_spec({"part": {"name": "bloc", "general": general}, "check": list(checks)}, "t.toml")


def one(check, part=None):
    return measure(spec(check), part or block(), JOB)[0]


@pytest.mark.parametrize("check, truth", [
    ({"instrument": "inside", "at": [50, 40, -2.5], "axis": "x", "nominal": 40}, PX1 - PX0),
    ({"instrument": "inside", "at": [50, 40, -2.5], "axis": "y", "nominal": 40}, PY1 - PY0),
    ({"instrument": "inside", "at": [50, 40, -2.5], "axis": [1, 1, 0], "nominal": 56},
     min(PX1 - 50, PY1 - 40) * math.sqrt(2) + min(50 - PX0, 40 - PY0) * math.sqrt(2)),
    ({"instrument": "outside", "at": [10, 40, -10], "axis": "x", "nominal": 100}, 100.0),
    ({"instrument": "outside", "at": [15, 40, -2], "axis": "x", "nominal": 30}, PX0),
    ({"instrument": "outside", "at": [50, 40, -12], "axis": "z", "nominal": 15}, 20 + PZ),
    ({"instrument": "depth", "at": [50, 40, -1], "nominal": 5}, -PZ),
    ({"instrument": "depth", "at": [50, 40, -1], "ref": [10, 10, 0], "nominal": 5}, -PZ),
    ({"instrument": "height", "at": [50, 40, -1], "nominal": 15}, 20 + PZ),
    ({"instrument": "height", "at": [SX, SY, 0.5], "nominal": 17}, 20 + SZ),
    ({"instrument": "height", "at": [SX + 7, SY, 0.5], "datum": [SX, SY, SZ], "nominal": 3}, AZ - SZ),
    ({"instrument": "bore", "at": [80, 30, -10], "nominal": 8}, 2 * BR),
    ({"instrument": "boss", "at": [85, 65, -4.5], "nominal": 10}, 2 * SR),
    ({"instrument": "flatness", "region": [35, 25, 65, 55], "tol": 0.05}, 0.0),
])
def test_instrument_reads_the_truth(check, truth):
    r = one({"id": 1, **check})
    assert r.finding is None
    assert r.measured == pytest.approx(truth, abs=BAR)
    assert r.measured == pytest.approx(truth, abs=1e-9)      # exact rays: float precision
    assert r.status in (IN, OUT)


def test_bore_details_and_position():
    results = measure(spec({"id": 1, "instrument": "bore", "at": [80, 30, -10], "nominal": 8, "fit": "H6"},
                           {"id": 2, "instrument": "position", "of": 1, "nominal_center": [80.3, 30.2],
                            "tol": 0.2}), block(), JOB)
    b, p = results
    assert b.details["centre"][:2] == pytest.approx([BX, BY], abs=1e-9)
    assert b.details["two_point_min"] == pytest.approx(2 * BR, abs=1e-9)
    assert b.details["two_point_max"] == pytest.approx(2 * BR, abs=1e-9)
    assert (b.check.lower_limit, b.check.upper_limit) == pytest.approx((8.0, 8.009))   # 8 H6: +9/0 µm
    assert b.status == OUT                                   # 8.01226 is above 8.009
    assert p.measured == pytest.approx(2 * math.hypot(BX - 80.3, BY - 30.2), abs=1e-9)
    assert p.status == IN


def test_bore_in_a_tilted_frame_uses_the_axis():
    part = Part([("add", Box((-20, -20, -20), (20, 20, 20))), ("cut", Cylinder(0, (1.5, -2.25), 3.5, -30, 30))],
                offset=G54)
    r = one({"id": 1, "instrument": "bore", "at": [0, 1, -2], "axis": "x", "nominal": 7}, part)
    assert r.measured == pytest.approx(7.0, abs=1e-9)
    assert r.details["centre"][1:] == pytest.approx([1.5, -2.25], abs=1e-9)


def test_oval_bore_reports_two_point_extremes():
    # two overlapping circles make a slot-like bore: min two-point = diameter, max = length
    part = Part([("add", Box((0, 0, -20), (100, 80, 0))),
                 ("cut", Cylinder(2, (50, 40), 5, -30, 1)), ("cut", Cylinder(2, (50.3, 40), 5, -30, 1)),
                 ("cut", Box((50, 35, -30), (50.3, 45, 1)))], offset=G54)
    r = one({"id": 1, "instrument": "bore", "at": [50.1, 40, -5], "nominal": 10}, part)
    assert r.details["two_point_min"] == pytest.approx(10.0, abs=BAR)
    assert r.details["two_point_max"] == pytest.approx(10.3, abs=BAR)
    assert 10.0 < r.measured < 10.3


def exact_scallop_ra_rz(radius, step):
    """Ra and Rz of the ideal cusp profile by fine quadrature of the circle (independent truth)."""
    x = np.linspace(-step / 2, step / 2, 2_000_001)
    z = radius - np.sqrt(radius ** 2 - x ** 2)
    return np.mean(np.abs(z - z.mean())), z.max() - z.min()


def scallop_part(radius, step, floor, passes=15, x0=20.0):
    ops = [("add", Box((0, 0, -20), (100, 80, 0)))]
    zc = floor + radius
    for i in range(passes):
        xi = x0 + i * step
        ops.append(("cut", Cylinder(1, (xi, zc), radius, 10, 70)))
        ops.append(("cut", Box((xi - radius, 10, zc), (xi + radius, 70, 1))))
    return Part(ops, offset=G54)


def test_roughness_of_a_ball_nose_raster():
    radius, step, floor = 3.0, 0.8, -4.0
    part = scallop_part(radius, step, floor)
    centre = 20.0 + 7 * step
    r = one({"id": 1, "instrument": "roughness", "at": [centre, 40, floor], "tol": 10.0}, part)
    ra, rz = exact_scallop_ra_rz(radius, step)
    assert r.measured == pytest.approx(ra * 1000, rel=2e-3)          # µm
    assert r.details["Rz_um"] == pytest.approx(rz * 1000, rel=1e-6)
    h = radius - math.sqrt(radius ** 2 - step ** 2 / 4)
    assert r.measured == pytest.approx(0.257 * h * 1000, rel=0.01)    # metrology.md rule of thumb
    assert r.uncertainty < 0.05
    assert r.status == IN


def test_flatness_of_a_tilted_face_removes_the_tilt():
    part = Part([("add", Box((0, 0, -20), (100, 80, 0))),
                 ("cut", Cylinder(1, (50, 5000 - 5), 5000, -10, 90))], offset=G54)   # huge roller: slope
    r = one({"id": 1, "instrument": "flatness", "region": [40, 20, 60, 60], "tol": 0.01}, part)
    # the floor is a 5000 mm radius arc over x in [40, 60], lowest at x = 50: the least-squares plane
    # of a symmetric arc is level, so peak to valley is the sagitta at the region's edges, 10 mm out
    assert r.measured == pytest.approx(5000 - math.sqrt(5000 ** 2 - 10 ** 2), abs=1e-9)


@pytest.mark.parametrize("check, key", [
    ({"instrument": "bore", "at": [10, 10, -10], "nominal": 8}, "MEASURE.in_material"),
    ({"instrument": "inside", "at": [10, 10, -10], "axis": "x", "nominal": 8}, "MEASURE.in_material"),
    ({"instrument": "outside", "at": [50, 40, -2], "axis": "x", "nominal": 8}, "MEASURE.in_air"),
    ({"instrument": "inside", "at": [50, 40, 5], "axis": "x", "nominal": 8}, "MEASURE.no_wall"),
    ({"instrument": "depth", "at": [150, 40, -1], "nominal": 5}, "MEASURE.no_face"),
    ({"instrument": "depth", "at": [50, 40, -1], "ref": [10, 10, 7], "nominal": 5}, "MEASURE.no_reference"),
    ({"instrument": "bore", "at": [50, 40, 3], "nominal": 8}, "MEASURE.open_circle"),
])
def test_a_probe_that_finds_nothing_names_the_check(check, key):
    r = one({"id": 7, "name": "Alésage", **check})
    assert r.measured is None and r.status == NOT_MEASURED and r.ok is False
    assert r.finding.key == key and r.finding.params["id"] == 7 and r.finding.params["name"] == "Alésage"


def test_position_of_a_missing_bore_is_not_measured():
    results = measure(spec({"id": 1, "instrument": "bore", "at": [10, 10, -10], "nominal": 8},
                           {"id": 2, "instrument": "position", "of": 1, "nominal_center": [10, 10], "tol": 0.1}),
                      block(), JOB)
    assert results[1].finding.key == "MEASURE.position_of"


class CoarseProbe:
    """The block seen by a probe that states a 0.01 mm error (as a lattice would)."""
    error = 0.01

    def __init__(self):
        self.part = block()

    def intervals(self, origin, direction):
        return self.part.intervals(origin, direction)


def test_tolerance_finer_than_ten_uncertainties_is_flagged_not_graded():
    s = spec({"id": 1, "instrument": "inside", "at": [50, 40, -2.5], "axis": "x", "nominal": 40, "tol": 0.05},
             {"id": 2, "instrument": "inside", "at": [50, 40, -2.5], "axis": "x", "nominal": 40, "tol": 0.2})
    fine, wide = measure(s, CoarseProbe(), JOB)
    assert fine.status == NOT_GRADED and fine.ok is None
    assert fine.finding.key == "MEASURE.not_graded" and fine.needed_resolution == pytest.approx(0.01)
    assert wide.status == IN
    g = grade(s, [fine, wide])
    assert g.not_graded == (1,) and g.possible == 1


def test_work_frames_are_converted_to_machine_coordinates():
    job = load_job()
    shifted = Part(block().ops, offset=job.offset("G54"))
    s = parse_spec({"part": {"general": "ISO 2768-m", "frame": "G54"},
                    "check": [{"id": 1, "instrument": "bore", "at": [80, 30, -10], "nominal": 8}]}, "t")
    assert measure(s, shifted, job)[0].measured == pytest.approx(2 * BR, abs=1e-9)
    # the same part seen from a G55 whose zero is 10 mm further in X
    from dataclasses import replace
    g55 = tuple(np.add(job.offset("G54"), (10, 0, 0)))
    job55 = replace(job, offsets={**job.offsets, "G55": g55})
    s55 = parse_spec({"check": [{"id": 1, "instrument": "bore", "at": [70, 30, -10], "nominal": 8,
                                 "frame": "G55", "tol": 0.1}]}, "t")
    r = measure(s55, shifted, job55)[0]
    assert r.measured == pytest.approx(2 * BR, abs=1e-9)
    assert r.details["centre"][0] == pytest.approx(BX - 10, abs=1e-9)


def test_bore_opening_into_a_slot_drops_the_escaping_rays():
    # a Ø10 bore with a 2 mm slot leaving it towards +X: rays within asin(1/5) = 11.5° of +X escape
    part = Part([("add", Box((0, 0, -20), (100, 80, 0))), ("cut", Cylinder(2, (50.0123, 40.0071), 5, -30, 1)),
                 ("cut", Box((50, 39.0071, -30), (70, 41.0071, 1)))], offset=G54)
    r = one({"id": 1, "instrument": "bore", "at": [50, 40, -5], "nominal": 10}, part)
    assert r.measured == pytest.approx(10.0, abs=1e-9)
    assert r.details["rays"] == 72 - 5
    assert r.details["centre"][:2] == pytest.approx([50.0123, 40.0071], abs=1e-9)


from hypothesis import given, settings
from hypothesis import strategies as st


@settings(max_examples=25, deadline=None)
@given(st.floats(5, 45), st.floats(5, 35), st.floats(2, 40), st.floats(2, 30), st.floats(0.5, 15),
       st.floats(0.05, 0.95), st.floats(0.05, 0.95))
def test_pocket_sizes_anywhere(x0, y0, w, h, d, fx, fy):
    part = Part([("add", Box((0, 0, -20), (100, 80, 0))), ("cut", Box((x0, y0, -d), (x0 + w, y0 + h, 1)))],
                offset=G54)
    at = [x0 + fx * w, y0 + fy * h, -d * 0.5]
    s = spec({"id": 1, "instrument": "inside", "at": at, "axis": "x", "nominal": w, "tol": 0.1},
             {"id": 2, "instrument": "inside", "at": at, "axis": "y", "nominal": h, "tol": 0.1},
             {"id": 3, "instrument": "depth", "at": at, "nominal": d, "tol": 0.1},
             {"id": 4, "instrument": "outside", "at": [x0 / 2, at[1], -d / 2], "axis": "x", "nominal": x0,
              "tol": 0.1})
    r = measure(s, part, JOB)
    assert [x.measured for x in r] == pytest.approx([w, h, d, x0], abs=1e-9)
    assert all(x.status == IN for x in r)
