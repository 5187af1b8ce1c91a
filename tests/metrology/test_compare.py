"""Comparisons with a design model and with the master's program, against analytic volumes."""
import math

import numpy as np
import pytest
import pyvista as pv

from machinesim.findings import InputError
from machinesim.job import Job, Stock, load_job
from machinesim.kernel.probe import Probe
from machinesim.metrology.compare import compare_design, compare_reference, load_design
from machinesim.toolpath import FEED, Toolpath, empty_moves

G54 = np.array([-300.0, -150.0, -250.0])


def test_design_box_gouge_and_excess():
    design = pv.Box((0, 100, 0, 80, -20, 0), level=8).triangulate()
    # simulated part: 0.1 mm too much removed on the left face, 0.2 mm left on top
    surface = pv.Box((0.1, 100, 0, 80, -20, 0.2), level=8)
    surface.points = np.asarray(surface.points, np.float64) + G54          # machine coordinates, float64
    c = compare_design(surface, design, tolerance=0.05, offset=G54)
    assert c.stats["min"] == pytest.approx(-0.1, abs=1e-6)           # pv.Box bounds are float32
    assert c.stats["max"] == pytest.approx(0.2, abs=1e-6)
    kinds = {g["kind"]: g for g in c.regions}
    assert set(kinds) == {"gouge", "excess"}
    # regions cover the faces, give or take the cells along their edges (the mesh has 9 cells a side:
    # side cells touching the raised top interpolate to more than the tolerance)
    assert 100 * 80 * 0.75 < kinds["excess"]["area"] <= 100 * 80 + 2 * (100 + 80) * 20.2 / 9
    assert 80 * 20 * 0.5 < kinds["gouge"]["area"] <= 80 * 20
    assert kinds["gouge"]["extreme"] == pytest.approx(-0.1, abs=1e-6)
    assert kinds["gouge"]["centre"] == pytest.approx([0.1, 40, -10], abs=1.0)     # work coordinates
    assert kinds["excess"]["centre"][:2] == pytest.approx([50, 40], abs=1.0)
    assert -20.2 / 9 < kinds["excess"]["centre"][2] <= 0.2


def test_design_sphere_uniform_offset(tmp_path):
    design = pv.Sphere(radius=10, theta_resolution=240, phi_resolution=240)
    path = tmp_path / "design.stl"
    design.save(path)
    surface = pv.Sphere(radius=9.95, theta_resolution=60, phi_resolution=60)
    c = compare_design(surface, path, tolerance=0.02)
    # faceting of the design: sagitta 10·(1 − cos(π/240)) ≈ 0.9 µm
    assert c.stats["min"] == pytest.approx(-0.05, abs=2e-3) and c.stats["max"] == pytest.approx(-0.05, abs=2e-3)
    assert c.stats["beyond"] == pytest.approx(100.0)
    assert len(c.regions) == 1 and c.regions[0]["kind"] == "gouge"


def test_unreadable_design_is_an_input_error(tmp_path):
    bad = tmp_path / "part.stl"
    bad.write_bytes(b"")
    with pytest.raises(InputError):
        load_design(bad)
    with pytest.raises(InputError) as exc:
        load_design(tmp_path / "absent.stl")
    assert exc.value.finding.key == "FILE.missing"


# --- master against student ----------------------------------------------------------------------

R = 3.0
X0, X1, Y0, Y1 = 5.0123, 35.0456, 5.0217, 34.9871
JOB = Job(offsets={"G54": tuple(G54)}, stock=Stock(min=(0, 0, -10), max=(40, 40, 0)), tools=load_job().tools)


def pocket(depth, shift=0.0):
    """Zigzag then a finishing contour of a Ø6 flat (T2), one program line per move."""
    x0, x1, y0, y1 = X0 + R + shift, X1 - R - shift, Y0 + R + shift, Y1 - R - shift
    pts = [(x0, y0, 2), (x0, y0, -depth)]
    xs = np.linspace(x0, x1, int(math.ceil((x1 - x0) / 5)) + 1)
    for i, x in enumerate(xs):
        pts += [(x, y0, -depth), (x, y1, -depth)] if i % 2 == 0 else [(x, y1, -depth), (x, y0, -depth)]
    pts += [(x0, y0, -depth), (x1, y0, -depth), (x1, y1, -depth), (x0, y1, -depth), (x0, y0, -depth),
            (x0, y0, 2)]
    m = empty_moves(len(pts) - 1)
    m["kind"], m["tool"], m["feed"] = FEED, 2, 400.0
    m["start"], m["end"] = np.add(pts[:-1], G54), np.add(pts[1:], G54)
    m["line"] = np.arange(1, len(m) + 1) + 100
    return Toolpath(m)


def rounded_area(w, h, r):
    return w * h - (4 - math.pi) * r * r


def test_student_too_deep_is_material_missing_with_its_lines():
    master = pocket(3.0131)
    student = pocket(3.5131)
    c = compare_reference(Probe(student, JOB), Probe(master, JOB), JOB, student, spacing=0.25)
    truth = rounded_area(X1 - X0, Y1 - Y0, R) * 0.5
    perimeter = 2 * (X1 - X0 + Y1 - Y0)
    assert c.left_mm3 == pytest.approx(0.0, abs=1e-9)
    assert c.missing_mm3 == pytest.approx(truth, abs=perimeter * 0.5 * 0.25 / 2)   # midpoint rule bound
    assert len(c.regions) == 1 and c.regions[0]["kind"] == "missing"
    assert c.regions[0]["centre"] == pytest.approx([(X0 + X1) / 2, (Y0 + Y1) / 2], abs=0.2)
    floor_lines = set(student.moves["line"][np.isclose(student.moves["end"][:, 2], G54[2] - 3.5131)])
    assert c.regions[0]["lines"] and set(c.regions[0]["lines"]) <= floor_lines


def test_student_without_radius_offset_leaves_a_frame_of_material():
    master = pocket(3.0131)
    student = pocket(3.0131, shift=R)
    c = compare_reference(Probe(student, JOB), Probe(master, JOB), JOB, student, spacing=0.25)
    truth = (rounded_area(X1 - X0, Y1 - Y0, R) - rounded_area(X1 - X0 - 2 * R, Y1 - Y0 - 2 * R, R)) * 3.0131
    perimeter = 2 * (X1 - X0 + Y1 - Y0) * 2
    assert c.missing_mm3 == pytest.approx(0.0, abs=1e-9)
    assert c.left_mm3 == pytest.approx(truth, abs=perimeter * 3.0131 * 0.25 / 2)
    assert [g["kind"] for g in c.regions] == ["left"]
