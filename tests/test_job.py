"""The job file: validation names the key and the file; the embedded default is what the contract says."""
import math

import pytest

from machinesim.findings import InputError
from machinesim.job import load_job
from machinesim.messages import render
from machinesim.tools import SHAPE_BALL, SHAPE_BULL, SHAPE_CONE, SHAPE_FLAT


def write(tmp_path, text):
    p = tmp_path / "job.toml"
    p.write_text(text, encoding="utf-8")
    return p


def error_of(path):
    with pytest.raises(InputError) as exc:
        load_job(path)
    return exc.value.finding


def test_default_job_matches_contract():
    job = load_job()
    assert job.stock.kind == "box"
    assert job.stock.min == (0, 0, -20) and job.stock.max == (100, 80, 0)
    assert job.stock.material == "aluminium"
    flats = sorted(t.diameter for t in job.tools.values() if t.type == "flat")
    drills = sorted(t.diameter for t in job.tools.values() if t.type == "drill")
    assert flats == [3, 6, 10, 16]
    assert drills == [5, 6.8, 8.5, 10]
    assert any(t.type == "ball" and t.diameter == 6 for t in job.tools.values())
    assert any(t.type == "chamfer" and t.point_angle == 90 for t in job.tools.values())


def test_full_contract_example_parses(tmp_path):
    job = load_job(write(tmp_path, """
[machine]
dialect = "linuxcnc"
tool_length = "touch_off"
decimal_point = "least_increment"
travel  = { x = [-400, 400], y = [-200, 200], z = [-400, 0] }
rapid   = 15000
max_feed = 10000
accel   = 1000
spindle_max = 10000
resolution = 0.05
[offsets]
G54 = [0, 0, 0]
G55 = [100, 0, 0]
[stock]
cylinder = { base = [0, 0, -30], axis = [0, 0, 1], diameter = 60, height = 30 }
material = "steel"
[[fixture]]
box = { min = [-10, -5, -20], max = [0, 85, -8] }
[[tool]]
number = 1
type = "bull"
diameter = 10
corner_radius = 1
point_angle = 118
flute_length = 25
length = 60
flutes = 3
tool_material = "carbide"
center_cutting = true
shank_diameter = 10
holder = { diameter = 40, length = 50 }
[tool_default]
type = "flat"
diameter = 6
"""))
    assert job.machine.dialect == "linuxcnc" and job.machine.resolution == 0.05
    assert job.stock.kind == "cylinder" and job.stock.min == (-30, -30, -30) and job.stock.max == (30, 30, 0)
    assert job.to_machine((1, 2, 3), "G55") == (101, 2, 3)
    assert job.tools[1].holder_diameter == 40 and job.tools[1].shape == SHAPE_BULL
    t7 = job.tool(7)
    assert t7.number == 7 and t7.diameter == 6
    assert len(job.fixtures) == 1


@pytest.mark.parametrize("text, key, code", [
    ("[machine]\nresolutoin = 0.1\n", "resolutoin", "JOB.unknown_key"),
    ("[machine]\nresolution = \"fine\"\n", "resolution", "JOB.type"),
    ("[machine]\nresolution = -1\n", "resolution", "JOB.range"),
    ("[machine]\ndialect = \"heidenhain\"\n", "dialect", "JOB.value"),
    ("[[tool]]\nnumber = 1\ndiameter = \"10mm\"\n", "diameter", "JOB.type"),
    ("[[tool]]\ntype = \"flat\"\n", "number", "JOB.missing_key"),
    ("[stock]\nbox = { min = [0, 0], max = [1, 1, 1] }\n", "min", "JOB.type"),
])
def test_wrong_key_type_or_value_names_the_key_and_file(tmp_path, text, key, code):
    path = write(tmp_path, text)
    f = error_of(path)
    assert f.key == code
    assert f.params["key"] == key
    line = render(f, "en")
    assert str(path) in line and key in line
    assert render(f, "fr") != line


def test_toml_syntax_error_has_line_and_column(tmp_path):
    f = error_of(write(tmp_path, "[machine]\nrapid = = 3\n"))
    assert f.key == "JOB.toml" and f.line == 2 and f.column > 0


def test_missing_job_file(tmp_path):
    f = error_of(tmp_path / "nope.toml")
    assert f.key == "FILE.missing"


def test_impossible_geometry(tmp_path):
    assert error_of(write(tmp_path, "[stock]\nbox = { min = [0, 0, 0], max = [1, 1, -1] }\n")).key == "JOB.geometry"
    assert error_of(write(tmp_path, "[[tool]]\nnumber = 1\ndiameter = 6\ncorner_radius = 4\n")).key == "JOB.geometry"
    assert error_of(write(tmp_path, "[[tool]]\nnumber = 1\n[[tool]]\nnumber = 1\n")).key == "JOB.duplicate_tool"


def test_tool_profiles_against_geometry():
    job = load_job()
    flat, ball, drill, chamfer = job.tools[1], job.tools[5], job.tools[6], job.tools[10]
    assert flat.shape == SHAPE_FLAT and flat.lower_profile(4.99) == 0
    assert ball.shape == SHAPE_BALL
    # a sphere of radius 3: at d = 3 sin(30°) the surface is 3 (1 - cos 30°) above the tip
    assert math.isclose(ball.lower_profile(1.5), 3 * (1 - math.cos(math.radians(30))), rel_tol=1e-12)
    assert drill.shape == SHAPE_CONE
    # a 118° drill of Ø5: the cone is 2.5 / tan(59°) high
    assert math.isclose(drill.tip_height, 2.5 / math.tan(math.radians(59)), rel_tol=1e-12)
    # a 90° chamfer mill with a Ø1 flat tip rises 1 mm for each mm of radius beyond 0.5
    assert math.isclose(chamfer.lower_profile(3.5), 3.0, rel_tol=1e-12)
    assert flat.lower_profile(5.01) == math.inf


def test_d_register_defaults_to_the_tool_radius(tmp_path):
    job = load_job(write(tmp_path, "[[tool]]\nnumber = 1\ndiameter = 10\n[[tool]]\nnumber = 2\ndiameter = 6\n"
                                   "comp_radius = 0\n"))
    assert job.tools[1].cutter_comp_radius == 5.0
    assert job.tools[2].cutter_comp_radius == 0.0   # CAM path posted for wear compensation
