"""The lathe's job tables and turned-part spec checks: read key by key, wrong input named."""
import re
import tomllib
from pathlib import Path

import pytest

import machinesim
from machinesim.findings import InputError
from machinesim.job import parse_job
from machinesim.lathe.setup import parse_holder, parse_insert
from machinesim.messages import CATALOGUE
from machinesim.metrology import parse_spec

JOB = """
[machine]
kind = "lathe"
spindle_max = 3500
[stock]
bar = { diameter = 40, front = 1, back = -69, bore = 12 }
[chuck]
jaw_face = -58
outer_diameter = 140
[tailstock]
z = 1
diameter = 30
[[tool]]
number = 1
insert = "DCMT 11T304"
wear = [-0.02, 0.01]
[[tool]]
number = 2
type = "grooving"
width = 3
"""


def job(text=JOB):
    return parse_job(tomllib.loads(text), "job.toml")


def test_a_lathe_job_reads_the_bar_chuck_tailstock_and_turret():
    j = job()
    lt = j.lathe
    assert (lt.bar_radius, lt.bore_radius, lt.front, lt.back) == (20.0, 6.0, 1.0, -69.0)
    assert (lt.jaw_face, lt.jaw_radius, lt.tailstock_z, lt.tailstock_radius) == (-58.0, 70.0, 1.0, 15.0)
    t1, t2 = lt.tools
    assert (t1.angle, t1.nose_radius, t1.edge_length, t1.tip, t1.wear) == (55.0, 0.4, 11.0, 3, (-0.01, 0.01))
    assert (t2.type, t2.width, t2.tip) == ("grooving", 3.0, 3)
    assert j.machine.spindle_max == 3500 and j.stock.max[2] == 1.0
    assert job(JOB.replace('kind = "lathe"', 'kind = "mill"').split("[stock]")[0]).lathe is None


@pytest.mark.parametrize("code, want", [("DCMT 11T304", (55.0, 7.0, 0.4, 11.0)),
                                        ("CNMG120408", (80.0, 0.0, 0.8, 12.0)),
                                        ("VBMT 160404", (35.0, 5.0, 0.4, 16.0)),
                                        ("TNMG 160412", (60.0, 0.0, 1.2, 16.0))])
def test_iso_insert_codes(code, want):
    assert parse_insert(code) == want


@pytest.mark.parametrize("old, new, key", [
    ('insert = "DCMT 11T304"', 'insert = "XX"', "insert"),
    ("number = 1", "number = 1\ntip = 12", "tip"),
    ("bar = { diameter = 40, front = 1, back = -69, bore = 12 }", "bar = { diameter = 40, front = 1 }", "back"),
    ('kind = "lathe"', 'kind = "lathe"\nx_mode = "radial"', "x_mode"),
    ("width = 3", "width = 3\nflutes = 2", "flutes"),
    ("[chuck]", "[chuk]", "chuk"),
])
def test_wrong_lathe_keys_are_named(old, new, key):
    with pytest.raises(InputError) as exc:
        job(JOB.replace(old, new))
    f = exc.value.finding
    assert f.file == "job.toml" and key in str(f.params.values())


def test_turned_part_checks_are_read_and_wrong_keys_named():
    spec = parse_spec(tomllib.loads('[[check]]\nid = 1\ninstrument = "diameter"\nat_z = -5\nnominal = 20\ntol = 0.02\n'
                                    '[[check]]\nid = 2\ninstrument = "roughness"\nat_z = -5\ntol = 1.6\n'), "s.toml")
    assert spec.checks[0].at_z == -5 and spec.checks[1].upper == 1.6
    with pytest.raises(InputError) as exc:
        parse_spec(tomllib.loads('[[check]]\nid = 1\ninstrument = "length"\nnominal = 20\ntol = 0.1\n'), "s.toml")
    assert exc.value.finding.params["key"] == "faces"
    with pytest.raises(InputError):
        parse_spec(tomllib.loads('[[check]]\nid = 1\ninstrument = "groove"\nat_z = -5\nmeasure = "depth"\n'
                                 'nominal = 3\ntol = 0.1\n'), "s.toml")


def test_every_lathe_sentence_is_in_both_languages_with_advice():
    src = Path(machinesim.__file__).parent / "lathe"
    used = set()
    for f in src.glob("*.py"):
        text = f.read_text(encoding="utf-8")
        used |= set(re.findall(r'"((?:LATHE|MEASURE)\.[a-z_.]+)"', text))
        used |= set(re.findall(r'_finding\(toolpath, i, "([A-Z_]+)"', text))
        used |= set(re.findall(r'self\.(?:warn|error)\("([A-Z_]+)"', text))
    assert {"CHUCK_COLLISION", "INSERT_ANGLE", "NO_SPINDLE_LIMIT", "LATHE.profile_monotonic"} <= used
    for key in used:
        entry = CATALOGUE[key]
        assert entry["fr"] and entry["en"] and entry["hint_fr"] and entry["hint_en"], key


def test_a_work_offset_moves_the_bar_and_the_jaws_with_the_program(tmp_path):
    from machinesim.lathe import simulate

    text = JOB.split("[tailstock]")[0] + '[offsets]\nG54 = [0, 0, 150]\n[[tool]]\nnumber = 1\ninsert = "DCMT 11T304"\n'
    j = job(text)
    assert (j.lathe.front, j.lathe.back, j.lathe.jaw_face) == (151.0, 81.0, 92.0)
    prog = tmp_path / "p.nc"
    prog.write_text("T0101\nG97 S1000 M3\nG0 X42. Z2.\nG1 X30. F0.2\nZ-20.\nX42.\nG0 Z-60.\nM30\n")
    sim = simulate(prog, j)
    o, _, _, _ = sim.model.bounds([150.0 - 10.0])
    assert abs(o[0] - 15.0) < 1e-12
    assert [f.line for f in sim.findings if f.code == "CHUCK_COLLISION"] == [7]


def test_iso_holder_codes_give_the_lead_angle_and_the_hand():
    assert parse_holder("DCLNR 2020K11") == (95.0, "right")
    assert parse_holder("SDJCL2525M11") == (93.0, "left")
    assert parse_holder("XX") is None
    j = job(JOB.replace('insert = "DCMT 11T304"', 'insert = "DCMT 11T304"\nholder = "SDJCR 2020K11"'))
    assert (j.lathe.tools[0].approach, j.lathe.tools[0].hand) == (93.0, "right")
