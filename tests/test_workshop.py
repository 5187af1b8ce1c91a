"""Workshop mode: the tool bends and wears, the student corrects with the wear offset.

Truth: the beam's deflection by numerical integration of M²/EI along the stick-out (independent of
the closed form), Kienzle's force computed by hand for one cut, and each step of the exercise in
gcode_samples/11_usure: ideal part exact, workshop part a few hundredths over, the advised D wear,
the corrected part in tolerance.
"""
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from machinesim.findings import InputError
from machinesim.job import Process, load_job, parse_job
from machinesim.metrology import IN, OUT, load_spec, measure
from machinesim.pipeline import simulate_program
from machinesim.tools import Tool
from machinesim.workshop import KR, YOUNG, cutting_force, deflection

EXERCISE = Path(__file__).resolve().parents[1] / "gcode_samples" / "11_usure"


@settings(max_examples=30, deadline=None)
@given(st.floats(3, 12), st.floats(20, 80), st.floats(0.2, 0.9), st.floats(0.0, 0.8), st.floats(1, 100))
def test_deflection_is_the_beams(d, length, flute_share, height_share, force):
    tool = Tool(1, diameter=d, length=length, flute_length=flute_share * length, shank_diameter=d * 1.2)
    h = height_share * tool.flute_length
    # unit-load method: δ = ∫ M m / EI dx over the clamped length, x from the holder
    x = np.linspace(0, length - h, 200_001)
    arm = (length - h) - x
    inertia = np.where(x >= length - tool.flute_length, math.pi * (0.8 * d) ** 4 / 64, math.pi * (1.2 * d) ** 4 / 64)
    integrand = force * arm * arm / (YOUNG["carbide"] * inertia)
    assert deflection(tool, force, h) == pytest.approx(np.trapezoid(integrand, x), rel=1e-4)


def test_kienzle_force_of_a_finishing_pass_by_hand():
    """Ø6, 3 teeth, fz 0.04, ae 0.3, 1 mm of height, aluminium kc1.1 700 N/mm², mc 0.25."""
    tool = Tool(1, diameter=6, flutes=3)
    phi = math.acos(1 - 2 * 0.3 / 6)                  # 0.4510 rad of engagement
    hm = 0.04 * (1 - math.cos(phi)) / phi             # mean chip thickness 0.00887 mm
    by_hand = KR * 3 * phi / (2 * math.pi) * 700 * hm ** 0.75
    assert cutting_force(tool, 0.04, np.array([0.3]), 1.0, 700.0, 0.25)[0] == pytest.approx(by_hand, rel=1e-12)
    assert by_hand == pytest.approx(2.614, abs=0.001)  # N per mm of height square to the wall (KR 0.6)


def test_process_model_is_read_and_checked():
    assert parse_job({"process": {"model": "workshop"}}, "j").process == Process("workshop")
    assert load_job().process.model == "ideal"
    with pytest.raises(InputError) as e:
        parse_job({"process": {"model": "real"}}, "j")
    assert e.value.finding.key == "JOB.value"


def run(program, job):
    sim = simulate_program(EXERCISE / program, job)
    return sim, measure(load_spec(EXERCISE / "tenon_spec.toml"), sim.probe, job, model=sim.model,
                        toolpath=sim.toolpath, workshop=sim.workshop)


@pytest.fixture(scope="module")
def shop():
    return load_job(EXERCISE / "tenon.toml")


def test_exercise_ideal_part_is_exact(shop):
    _, results = run("tenon.nc", replace(shop, process=Process("ideal")))
    assert [r.measured for r in results] == pytest.approx([40.0, 30.0, 12.0], abs=1e-6)
    assert all(r.status == IN and r.finding is None for r in results)


def test_exercise_first_run_is_over_and_says_which_wear_to_change(shop):
    sim, (width, depth, height) = run("tenon.nc", shop)
    assert 0.02 < width.deviation < 0.045 and 0.02 < depth.deviation < 0.045      # a few hundredths over
    assert width.status == OUT and depth.status == OUT and height.status == IN     # floors stay exact
    assert width.details["workshop_shift"] == pytest.approx(width.deviation / 2, abs=1e-4)
    assert width.details["workshop_spread"] > 0 and width.uncertainty < 1e-5       # the model's spread, stated apart
    advice = width.finding
    assert advice.key == "MEASURE.wear_advice" and advice.params["register"] == "D1"
    assert float(advice.params["change"]) == pytest.approx(-width.deviation / 2, abs=6e-4)
    assert width.details["offsets"] == {"D1": 0.0}
    from machinesim import messages                  # what `machinesim check` prints under the table
    assert "Corrigez l'usure D1 de -0.015 mm" in messages.render(advice, "fr", where=False)


def test_exercise_corrected_wear_brings_the_part_into_tolerance(shop):
    sim, results = run("tenon_corrige.nc", shop)
    assert all(r.status == IN for r in results)
    assert results[0].details["offsets"] == {"D1": -0.015}
    assert any(f.key == "OFFSET.set_wear" and f.params["register"] == "D1" for f in sim.findings)
    # the same correction typed into the tool table instead of the program
    table = replace(shop, tools={1: replace(shop.tools[1], radius_wear=-0.015)})
    _, results = run("tenon.nc", table)
    assert all(r.status == IN for r in results)



@settings(max_examples=6, deadline=None)
@given(st.floats(0.1, 1.0), st.integers(16, 48), st.floats(30.0, 45.0))
def test_a_side_pass_leaves_the_wall_out_by_the_beams_deflection(ae, slices, stick_out):
    """One pass down the right face of the block taking `ae` over `ap`: the wall stands out by the
    deflection of the beam under Kienzle's force, both computed here by hand. (The model sums the
    force over slices of 0.25 mm: `ap` is a whole number of them here.)"""
    ap = 0.25 * slices
    from machinesim.toolpath import FEED, Toolpath, empty_moves
    from machinesim.workshop import apply
    tool = Tool(1, diameter=6, length=stick_out, flute_length=20, flutes=3, shank_diameter=6)
    job = replace(load_job(), tools={1: tool}, process=Process("workshop"))
    g54 = np.array(job.offset("G54"))
    x = 100 + 3 - ae
    rows = [((x, -10, 5), (x, -10, -ap)), ((x, -10, -ap), (x, 90, -ap)), ((x, 90, -ap), (x, 90, 5))]
    m = empty_moves(3)
    for i, (a, b) in enumerate(rows):
        m[i]["kind"], m[i]["tool"], m[i]["feed"], m[i]["spindle"] = FEED, 1, 960.0, 8000.0
        m[i]["start"], m[i]["end"], m[i]["line"] = np.add(a, g54), np.add(b, g54), i + 1
    moved, shop = apply(Toolpath(m), job)
    phi = math.acos(1 - 2 * ae / 6)
    hm = 0.04 * (1 - math.cos(phi)) / phi
    force = KR * 3 * phi / (2 * math.pi) * 700 * hm ** 0.75 * ap       # N, aluminium kc1.1 700, mc 0.25
    arm = stick_out - ap / 2                                          # from the holder to the load
    s = np.linspace(0, arm, 100_001)
    inertia = np.where(s >= stick_out - 20, math.pi * 4.8 ** 4 / 64, math.pi * 6 ** 4 / 64)
    bend = np.trapezoid(force * (arm - s) ** 2 / (600_000 * inertia), s)
    assert shop.force[1] == pytest.approx(force, rel=1e-3)
    assert shop.shift[1] == pytest.approx(bend, rel=1e-3)
    assert moved.moves["start"][1][0] - m["start"][1][0] == pytest.approx(bend, rel=1e-3)   # pushed off the wall
    assert shop.shift[0] == shop.shift[2] == 0.0                      # plunge and retract: no side cut


def test_floor_advice_is_the_h_wear_with_the_right_sign(shop):
    """A floor cut under G43 moves with H: a depth 0.03 too deep wants H wear +0.03 (the tip
    higher), a height 0.03 too high wants H wear -0.03."""
    from machinesim.metrology import instruments as ins
    from machinesim.metrology import parse_spec
    from machinesim.metrology.corrections import advice
    job = replace(shop, process=Process("ideal"))
    sim = simulate_program(EXERCISE / "tenon.nc", job)
    spec = parse_spec({"check": [{"id": 1, "instrument": "depth", "at": [-21.5, 0, 1], "nominal": 12, "tol": 0.01},
                                 {"id": 2, "instrument": "height", "at": [-21.5, 0, 1], "nominal": 8, "tol": 0.01}]},
                      "s.toml")
    bench = ins.Bench(sim.probe, job, sim.toolpath, sim.model)
    for check, value, change in ((spec.checks[0], 12.03, "+0.030"), (spec.checks[1], 8.03, "-0.030")):
        bench.forget()
        reading = ins.INSTRUMENTS[check.instrument](check, bench)
        fix = advice(check, value, reading, bench)
        assert (fix["register"], fix["change"], fix["tool"]) == ("H1", change, 1)


def test_the_classroom_server_gives_the_same_wear_advice_as_the_command_line():
    """The server measures through pipeline.measure_part as `check` does: in workshop mode a size
    out because the tool bent carries the wear offset to change (it measured without the model
    before 0.3.2, and said nothing)."""
    from machinesim.server import runs

    task = runs.Task(program=(EXERCISE / "tenon.nc").read_bytes(), job=(EXERCISE / "tenon.toml").read_bytes(),
                     spec=(EXERCISE / "tenon_spec.toml").read_bytes(), lang="fr", scene=False)
    checks = runs.run(task)["result"]["checks"]
    _, ours = run("tenon.nc", load_job(EXERCISE / "tenon.toml"))
    assert [c["measured"] for c in checks] == pytest.approx([r.measured for r in ours], abs=1e-6)
    width = checks[0]
    assert width["status"] == "out" and width["details"]["workshop_shift"] > 0
    assert "mode atelier" in width["message"]           # MEASURE.wear_advice (its hint: the D1 wear to change)
