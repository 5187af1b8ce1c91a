"""G42 where G41 was meant: the contour is one tool diameter off on every wall, and says so.

The default block is 100 × 80; T1 is a Ø10 flat end mill. The part's outline is the rectangle
X2..98 Y2..78 (a 2 mm margin), walked clockwise: G41 keeps the tool outside (the right code, climb
milling), G42 puts it inside, and the part comes out 20 mm (two diameters) too small each way.
"""
from pathlib import Path

import pytest

import machinesim
from machinesim.job import load_job
from machinesim.pipeline import simulate_program

JOB = load_job()


def outline(code):
    return f"""%
O1000
G21 G90 G17 G40 G49 G80
T1 M6
G54 G0 X-10. Y-10. S8000 M3
G43 H1 Z5.
G1 Z-5. F300.
{code} D1 G1 X2. Y-5. F800.
G1 Y78.
G1 X98.
G1 Y2.
G1 X-5.
G40 G1 X-15. Y-10.
G0 Z25.
M30
%
"""


POCKET = """%
O1001
G21 G90 G17 G40 G49 G80
T1 M6
G54 G0 X50. Y40. S8000 M3
G43 H1 Z5.
G1 Z-5. F300.
G41 D1 G1 X50. Y20. F800.
G1 X70.
G1 Y60.
G1 X30.
G1 Y20.
G1 X50.
G40 G1 X50. Y40.
G0 Z25.
M30
%
"""


def side_findings(tmp_path, text):
    p = tmp_path / "c.nc"
    p.write_text(text, encoding="ascii")
    return [f for f in simulate_program(p, JOB).findings if f.message_key == "COMPENSATION.side"]


def test_g42_on_an_outline_walked_clockwise_is_pointed_out(tmp_path):
    found = side_findings(tmp_path, outline("G42"))
    assert len(found) == 1
    f = found[0]
    assert f.severity == "info" and (f.params["code"], f.params["other"]) == ("G42", "G41")
    assert f.params["size"] == "20" and f.line <= 9 and f.line_end >= 11


@pytest.mark.parametrize("text", [outline("G41"), POCKET], ids=["outline G41", "pocket G41"])
def test_the_right_side_says_nothing(tmp_path, text):
    assert side_findings(tmp_path, text) == []


BOSS = """%
O1002 (tenon 40 x 30 au milieu du bloc, contour en {code})
G21 G90 G17 G40 G49 G80
T1 M6
G54 G0 X10. Y0. S8000 M3
G43 H1 Z5.
G1 Z-5. F300.
{code} D1 G1 X30. Y10. F800.
G1 Y55.
G1 X70.
G1 Y25.
G1 X25.
G40 G1 X10. Y0.
G0 Z25.
M30
%
"""

BOSS_SPEC = {"check": [{"id": 1, "instrument": "outside", "at": [50, 40, -2.5], "axis": "x", "nominal": 40,
                        "tol": 0.05}]}


@pytest.mark.parametrize("code, hinted", [("G42", True), ("G41", False)])
def test_a_boss_two_diameters_too_small_points_at_the_swapped_code(tmp_path, code, hinted):
    """A 40 × 30 boss (X30..70, Y25..55) contoured clockwise in the full block: both codes cut a
    slot with material on both sides, so only the measure tells: G42 leaves it 40 - 2·10 = 20 wide."""
    from machinesim.analysis.compensation import check_swapped_sizes
    from machinesim.metrology import measure, parse_spec

    p = tmp_path / "boss.nc"
    p.write_text(BOSS.replace("{code}", code), encoding="ascii")
    sim = simulate_program(p, JOB)
    results = measure(parse_spec(BOSS_SPEC, "s.toml"), sim.probe, JOB, sim.model, sim.toolpath)
    assert results[0].measured == pytest.approx(20.0 if code == "G42" else 40.0, abs=1e-6)
    found = check_swapped_sizes(results, sim.toolpath, JOB)
    assert bool(found) is hinted
    if hinted:
        assert found[0].message_key == "COMPENSATION.side" and found[0].params["other"] == "G41"
        assert (found[0].line, found[0].line_end) == (8, 13)      # from the G42 block to the G40 one


def _boss_files(tmp_path, code="G42"):
    program = tmp_path / "tenon.nc"
    program.write_text(BOSS.replace("{code}", code), encoding="ascii")
    spec = tmp_path / "spec.toml"
    spec.write_text('[[check]]\nid = 1\ninstrument = "outside"\nat = [50, 40, -2.5]\naxis = "x"\n'
                    'nominal = 40\ntol = 0.05\n', encoding="utf-8")
    job = tmp_path / "job.toml"
    job.write_text((Path(machinesim.__file__).parent / "data" / "default_job.toml").read_text(encoding="utf-8"),
                   encoding="utf-8")
    return program, spec, job


@pytest.mark.parametrize("code, hinted", [("G42", True), ("G41", False)])
def test_check_and_grade_say_the_code_is_swapped_when_the_size_is_two_diameters_off(tmp_path, code, hinted):
    """The measure is what tells G42 from G41 here (BOSS above): `check` (API and command line) and
    the classroom server measure through pipeline.measure_part, so each says it."""
    import json
    import subprocess
    import sys

    from machinesim.server import runs

    program, spec, job = _boss_files(tmp_path, code)
    part = machinesim.check(program, spec, job)
    keys = [f.message_key for f in part.simulation.findings]
    assert ("COMPENSATION.side" in keys) is hinted
    assert part.results[0].status == ("out" if hinted else "in")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "machinesim", "--lang", "en", "check", str(program), "--spec", str(spec),
                           "--job", str(job), "--out", str(out)], capture_output=True, text=True)
    side = "leaves no part on its programmed side"
    said = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert any(side in f["message"] for f in said["findings"]) is hinted
    assert (side in done.stdout) is hinted
    assert ("lines 8–13:" in done.stdout) is hinted and "(1×)" not in done.stdout   # a span, not a repeat
    report = (out / "report.html").read_text(encoding="utf-8")
    assert ("(lines 8–13)" in report) is hinted and "(1×)" not in report
    served = runs.run(runs.Task(program=program.read_bytes(), job=job.read_bytes(), spec=spec.read_bytes(),
                                lang="en", scene=False))
    assert any(side in f["message"] for f in served["result"]["findings"]) is hinted
