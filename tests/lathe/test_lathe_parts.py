"""Turned parts end to end: the sample and its student version, each finding on its line, and the
instruments against analytic geometry."""
import math
from pathlib import Path

import numpy as np
import pytest

from machinesim.job import load_job
from machinesim.lathe import simulate
from machinesim.lathe.inspect import nose_ra
from machinesim.lathe.setup import LatheTool
from machinesim.metrology import grade, load_spec, measure, parse_spec

from lathe_helpers import lathe_job

SAMPLES = Path(__file__).resolve().parents[2] / "gcode_samples" / "tournage"
JOB = SAMPLES / "11_axe.toml"
SPEC = SAMPLES / "11_axe_spec.toml"


def _run(tmp_path, text, job, name="p.nc"):
    path = tmp_path / name
    path.write_text(text, encoding="ascii")
    return simulate(path, job)


def _codes(sim, code):
    return [f.line for f in sim.findings if f.code == code]


def _check(job, sim, checks: str):
    spec = parse_spec(__import__("tomllib").loads('[part]\nname = "t"\n' + checks), "<spec>")
    return measure(spec, sim.probe, job)


# --- the sample part and the student's version ---------------------------------------------------

def test_sample_is_measured_within_two_microns_of_the_drawing():
    job = load_job(JOB)
    sim = simulate(SAMPLES / "11_axe.nc", job)
    assert [f for f in sim.findings if f.severity == "error"] == []
    results = measure(load_spec(SPEC), sim.probe, job)
    for r in results:
        assert r.ok, (r.check.id, r.measured)
        if r.check.instrument in ("diameter", "length"):
            assert abs(r.measured - r.check.nominal) <= 0.002, (r.check.id, r.measured)
    mark = grade(load_spec(SPEC), results)
    assert mark.mark == 20


def test_bushing_sample_drilled_bored_grooved_and_threaded_is_exact():
    job = load_job(SAMPLES / "12_bague.toml")
    sim = simulate(SAMPLES / "12_bague.nc", job)
    assert [f for f in sim.findings if f.severity == "error"] == []
    spec = load_spec(SAMPLES / "12_bague_spec.toml")
    results = measure(spec, sim.probe, job)
    for r in results:
        assert r.ok and abs(r.measured - r.check.nominal) <= 1e-6, (r.check.id, r.measured)
    assert grade(spec, results).mark == 20


def _marked(path: Path, words: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if "ERREUR" in line and words in line)


def test_student_radius_step_fails_exactly_its_checks_and_the_mistakes_are_found_on_their_lines():
    job = load_job(JOB)
    path = SAMPLES / "11_axe_eleve.nc"
    sim = simulate(path, job)
    spec = load_spec(SPEC)
    results = measure(spec, sim.probe, job)
    assert sorted(r.check.id for r in results if not r.ok) == [2, 5, 7]
    mark = grade(spec, results)
    assert mark.capped and mark.mark == 8
    assert _marked(path, "G96") in _codes(sim, "NO_SPINDLE_LIMIT")
    assert _codes(sim, "CHUCK_COLLISION") == [_marked(path, "mors")]


def test_nose_radius_compensation_is_the_lesson_of_the_chamfer(tmp_path):
    job = load_job(JOB)
    text = (SAMPLES / "11_axe.nc").read_text()
    plain = text.replace("N260 G42 G0 X42. Z2.", "N260 G0 X42. Z2.")
    checks = '[[check]]\nid = 1\ninstrument = "diameter"\nat_z = -1\nnominal = 12\ntol = 0.05\n'
    good = _check(job, _run(tmp_path, text, job, "a.nc"), checks)[0].measured
    bad = _check(job, _run(tmp_path, plain, job, "b.nc"), checks)[0].measured
    r = 0.4
    assert abs(good - 12.0) < 1e-6
    # programmed with the imaginary tip, a 45° chamfer stands (2 - √2)·r off, twice on a diameter
    assert abs(bad - (12.0 + 2 * (2 - math.sqrt(2)) * r)) < 1e-6


# --- findings on their lines ---------------------------------------------------------------------

BASE = "G21 T0101\nG97 S1000 M3\n"


@pytest.mark.parametrize("body, code, line", [
    ("G0 X30. Z-10.\n", "RAPID_IN_MATERIAL", 3),
    ("M5\nG0 X42. Z2.\nG1 X36. F0.2\nZ-10.\n", "SPINDLE_OFF_CUT", 6),
    ("G0 X100. Z5.\nZ-60.\n", "CHUCK_COLLISION", 4),
    ("G0 X42. Z-2.\nG1 X10. W-14. F0.2\n", "INSERT_ANGLE", 4),
    ("G0 X42. Z2.\nG1 X36. F0.9\nZ-10.\n", "FEED_PER_REV", 5),
    ("M4\nG0 X42. Z2.\nG1 X36. F0.2\nZ-10.\n", "SPINDLE_DIRECTION", 6),
    ("G0 X42. Z5.\nG92 X38. Z-20. F3.\n", "THREAD_FEED", 4),
])
def test_each_mistake_is_found_on_its_line(tmp_path, body, code, line):
    job = lathe_job(tools=[LatheTool(1, nose_radius=0.4, hand="right")])
    text = BASE.replace("S1000", "S4000") + body + "M30\n" if code == "THREAD_FEED" else BASE + body + "M30\n"
    sim = _run(tmp_path, text, job)
    assert line in _codes(sim, code), [(f.code, f.line) for f in sim.findings]


def test_a_clean_cut_has_none_of_those_findings(tmp_path):
    job = lathe_job(tools=[LatheTool(1, nose_radius=0.4)])
    sim = _run(tmp_path, BASE + "G0 X42. Z2.\nG1 X36. F0.2\nZ-20.\nX42.\nG0 Z2.\nM30\n", job)
    assert [f.code for f in sim.findings if f.code != "PROGRAM_END_MISSING"] == []


def test_tailstock_and_bore_bottom(tmp_path):
    job = lathe_job(tools=[LatheTool(1, nose_radius=0.4)], tailstock_z=1.0, tailstock_radius=15.0)
    sim = _run(tmp_path, BASE + "G0 X42. Z8.\nX20.\nM30\n", job)
    assert 4 in _codes(sim, "TAILSTOCK_COLLISION")
    tools = [LatheTool(5, type="drill", diameter=10.0, tip=7, nose_radius=0.0),
             LatheTool(6, type="boring", nose_radius=0.4, tip=2, edge_length=6.0)]
    text = ("T0505\nG97 S800 M3\nG0 X0. Z5.\nG1 Z-20. F0.1\nG0 Z5.\n"
            "T0606\nG0 X12. Z2.\nG1 Z-26. F0.1\nG0 X10. Z5.\nM30\n")
    sim = _run(tmp_path, text, lathe_job(tools=tools))
    assert _codes(sim, "BORE_BOTTOM") == [8]
    assert _codes(sim, "RAPID_IN_MATERIAL") == []


# --- the instruments -----------------------------------------------------------------------------

def test_nose_roughness_is_the_periodic_arc_profile():
    for f, r in ((0.1, 0.4), (0.25, 0.8), (0.05, 0.2), (0.3, 0.4)):
        ra, rz = nose_ra(f, r)
        t = np.linspace(-f / 2, f / 2, 400001)
        y = r - np.sqrt(r * r - t * t)
        assert abs(ra - np.mean(np.abs(y - y.mean()))) < 1e-5 * ra     # the sampled integral's own error
        assert abs(rz - (y.max() - y.min())) < 1e-12
        if f <= r / 2:                          # the workshop's formula, for fine feeds
            assert abs(ra - f * f / (32 * r)) / ra < 0.04


def test_inside_diameter_groove_fillet_and_thread(tmp_path):
    tools = [LatheTool(1, nose_radius=0.4), LatheTool(3, type="grooving", width=3.0, nose_radius=0.2, tip=3),
             LatheTool(4, type="threading", nose_radius=0.1, tip=8, angle=60.0),
             LatheTool(5, type="drill", diameter=10.0, tip=7, nose_radius=0.0),
             LatheTool(6, type="boring", nose_radius=0.4, tip=2, edge_length=6.0)]
    job = lathe_job(tools=tools)
    text = ("T0101\nG50 S3000\nG96 S150 M3\nG0 X42. Z2.\nG42 G0 X10. Z2.\nG1 Z0. F0.15\n"
            "G3 X20. Z-5. R5.\nG1 Z-40.\nX42.\nG40 G0 X50. Z5.\n"
            "T0303\nG97 S600 M3\nG0 X24. Z-20.\nG1 X16. F0.05\nG0 X24.\n"
            "T0404\nG0 X24. Z5.\nG76 P010060 Q50 R0.\nG76 X17.546 Z-15. P1227 Q300 F2.\n"
            "T0505\nG0 X0. Z5.\nG1 Z-30. F0.1\nG0 Z5.\n"
            "T0606\nG0 X14. Z2.\nG1 Z-12. F0.1\nX10.\nG0 Z5.\nM30\n")
    sim = _run(tmp_path, text, job)
    assert [f for f in sim.findings if f.severity == "error"] == []
    checks = """
[[check]]
id = 1
instrument = "radius"
between = [-4.5, -0.5]
nominal = 5
tol = 0.01
[[check]]
id = 2
instrument = "groove"
measure = "width"
at_z = -18.5
nominal = 3
tol = 0.01
[[check]]
id = 3
instrument = "groove"
measure = "diameter"
at_z = -18.5
nominal = 16
tol = 0.01
[[check]]
id = 4
instrument = "thread"
measure = "pitch"
at_z = -8
nominal = 2
tol = 0.01
[[check]]
id = 5
instrument = "thread"
measure = "minor"
at_z = -8
nominal = 17.546
tol = 0.01
[[check]]
id = 6
instrument = "thread"
measure = "major"
at_z = -8
nominal = 20
tol = 0.01
[[check]]
id = 7
instrument = "diameter"
side = "inside"
at_z = -6
nominal = 14
tol = 0.01
"""
    results = _check(job, sim, checks)
    for r in results:
        assert r.measured is not None, (r.check.id, r.finding)
        assert abs(r.measured - r.check.nominal) < 1e-6, (r.check.id, r.measured)


@pytest.mark.parametrize("angle, approach, steep", [(31.0, 93.0, False), (33.0, 93.0, True), (34.0, 90.0, False),
                                                    (36.0, 90.0, True), (33.5, 91.0, False), (34.5, 91.0, True)])
def test_the_steepest_plunge_is_180_minus_the_holder_and_insert_angles(angle, approach, steep):
    from machinesim.lathe.checks import plunge_too_steep

    tool = LatheTool(1, angle=55.0, approach=approach)       # a D insert: 180 - approach - 55 degrees
    a = math.radians(angle)
    assert plunge_too_steep(tool, (-math.sin(a), -math.cos(a))) is steep
    assert plunge_too_steep(tool, (0.0, -1.0)) is False      # straight along Z
    assert plunge_too_steep(tool, (-1.0, 0.0)) is False      # facing down the front


def test_the_benchmark_program_is_what_it_claims():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import bench_lathe

    text, vertices = bench_lathe.turning_program(4000)
    assert abs(text.count("\n") - 4000) < 40
    u = -vertices[:, 0]
    assert np.all(np.diff(vertices[:, 1]) > 0) and np.allclose(vertices[:, 1], bench_lathe.profile_radius(u))
    assert "G71 P100 Q200" in text and "G70 P100 Q200" in text and "G76 X" in text and "G92 X" in text


def test_a_chamfer_written_with_c_in_the_profile_makes_the_same_part(tmp_path):
    job = load_job(JOB)
    text = (SAMPLES / "11_axe.nc").read_text()
    with_c = text.replace("N110 G0 X10.\nN120 G1 Z0.\nN130 X14. Z-2.", "N110 G0 X0.\nN120 G1 Z0.\nN130 X14. C2.")
    assert with_c != text
    sim = _run(tmp_path, with_c, job)
    assert [f for f in sim.findings if f.severity == "error"] == []
    o, _, _, _ = sim.model.bounds([-1.0, -7.0, -18.0])
    assert np.allclose(2 * o, [12.0, 14.0, 30.0], atol=1e-9)


def test_the_students_part_against_the_masters():
    from machinesim.lathe.inspect import compare_turned

    job = load_job(JOB)
    master = simulate(SAMPLES / "11_axe.nc", job).model
    student = simulate(SAMPLES / "11_axe_eleve.nc", job).model
    same = compare_turned(master, master, job)
    assert same.missing_mm3 == 0 and same.left_mm3 == 0 and same.regions == []
    cmp = compare_turned(student, master, job)
    # the Ø15 written for Ø30 from Z-12 to Z-25 (and the taper it starts): about π(15² - 7.5²)·13 missing
    assert 0.9 * math.pi * (15 ** 2 - 7.5 ** 2) * 13 < cmp.missing_mm3 < 1.6 * math.pi * (15 ** 2 - 7.5 ** 2) * 13
    main = max(cmp.regions, key=lambda g: g["volume"])
    assert main["kind"] == "missing" and -35 < main["centre"][1] < -12 and 21 in main["lines"]


def test_a_mistake_repeated_on_consecutive_lines_is_one_finding(tmp_path):
    job = lathe_job(tools=[LatheTool(1, nose_radius=0.4)])
    body = "G0 X42. Z2.\nG1 X36. F0.9\n" + "".join(f"Z-{k}.\n" for k in range(1, 6)) + "X42.\nG0 Z2.\nM30\n"
    sim = _run(tmp_path, BASE + body, job)
    feeds = [f for f in sim.findings if f.code == "FEED_PER_REV"]
    assert [(f.line, f.line_end, f.count) for f in feeds] == [(5, 9, 5)]      # the five Z cuts
