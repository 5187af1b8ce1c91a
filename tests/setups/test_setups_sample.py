"""The two-phase sample part through the command line, against its drawing; the student version's
jaw hit; the job's [[setup]] tables and their mistakes; grading one folder per student."""
import json
import shutil
import tomllib
from pathlib import Path

import numpy as np
import pytest

from machinesim.cli import main
from machinesim.findings import InputError
from machinesim.job import parse_job
from machinesim.setup_job import Vise
from machinesim.vise import seat, vise_fixtures

SAMPLE = Path(__file__).resolve().parents[2] / "gcode_samples" / "11_bride_deux_phases"
JOB = str(SAMPLE / "job.toml")
SPEC = str(SAMPLE / "spec.toml")


def _result(out: Path) -> dict:
    return json.loads((out / "result.json").read_text(encoding="utf-8"))


def test_sample_part_within_two_microns_of_the_drawing(tmp_path, capsys):
    """Programs from the job's setups; every check in tolerance and within 2 µm of its nominal."""
    code = main(["--lang", "en", "--quiet", "check", "--job", JOB, "--spec", SPEC, "--out", str(tmp_path / "o")])
    result = _result(tmp_path / "o")
    assert code == 0, capsys.readouterr().out
    assert result["checks"] and all(c["ok"] for c in result["checks"])
    for c in result["checks"]:
        assert abs(c["deviation"]) <= 0.002, c
    # analytic volume: drilled and counterbored through the 22 raw, 2 faced off the bottom, the slot
    holes = np.pi * (2 * 4.25 ** 2 + 3.4 ** 2)
    removed = holes * 22 + np.pi * (5.5 ** 2 - 3.4 ** 2) * 6.5 + (80 * 50 - holes) * 2 + 10 * 3 * 50
    assert result["removed_volume_mm3"] == pytest.approx(removed, rel=2e-4)
    assert not [f for f in result["findings"] if f["severity"] == "error"]


def test_student_hits_the_jaws_in_phase_20(tmp_path, capsys):
    code = main(["--lang", "en", "--quiet", "check", str(SAMPLE / "OP10.nc"), str(SAMPLE / "OP20_eleve.nc"),
                 "--job", JOB, "--spec", SPEC, "--out", str(tmp_path / "o")])
    out = capsys.readouterr().out
    assert code == 1
    result = _result(tmp_path / "o")
    hits = [f for f in result["findings"] if f["code"] == "FIXTURE_COLLISION"]
    assert hits and all(f["line"] in (22, 23, 24) for f in hits)
    assert "fixed jaw" in out and "Phase 20" in out and "OP20_eleve.nc" in out
    failed = {c["id"] for c in result["checks"] if not c["ok"]}
    assert failed == {9, 10}                      # 3 mm too deep: 14 left under the slot, not 17
    assert any(f["code"] == "CLAMPING" for f in result["findings"])


def test_program_count_must_match_the_setups(tmp_path, capsys):
    code = main(["--lang", "en", "run", str(SAMPLE / "OP10.nc"), "--job", JOB, "--out", str(tmp_path / "o")])
    assert code == 2
    assert "1 program(s) for 2 setup(s)" in capsys.readouterr().err


def test_grade_one_subfolder_per_student(tmp_path, capsys):
    """alice hands in a folder, bob two loose files (bob_op10.nc, bob_op20.nc): one student each."""
    (tmp_path / "class" / "alice").mkdir(parents=True)
    shutil.copy(SAMPLE / "OP10.nc", tmp_path / "class" / "alice" / "op10.nc")
    shutil.copy(SAMPLE / "OP20.nc", tmp_path / "class" / "alice" / "op20.nc")
    shutil.copy(SAMPLE / "OP10.nc", tmp_path / "class" / "bob_op10.nc")
    shutil.copy(SAMPLE / "OP20_eleve.nc", tmp_path / "class" / "bob_op20.nc")
    code = main(["--lang", "en", "--quiet", "grade", str(tmp_path / "class"), "--job", JOB, "--spec", SPEC,
                 "--out", str(tmp_path / "o")])
    assert code == 0
    summary = (tmp_path / "o" / "summary.csv").read_text(encoding="utf-8")
    rows = {line.split(",")[0]: line for line in summary.splitlines()[1:]}
    assert set(rows) == {"alice", "bob"}
    marks = {k: _result(tmp_path / "o" / k)["grade"] for k in rows}
    assert marks == {"alice": 20, "bob": 8}


def _job(setup_toml: str, tmp_path):
    text = (SAMPLE / "job.toml").read_text(encoding="utf-8")
    text = text[:text.index("[[setup]]")] + setup_toml
    return parse_job(tomllib.loads(text), str(tmp_path / "job.toml"))


@pytest.mark.parametrize("setup, key", [
    ('[[setup]]\npart_to_work = { rotate = [45, 0, 0] }\n', "SETUP.rotate"),
    ('[[setup]]\npart_to_work = { turn = [180, 0, 0] }\n', "JOB.unknown_key"),
    ('[[setup]]\nvise = { width = 100, parallels = { height = 50 } }\n', "JOB.geometry"),
    ('[[setup]]\nprogram = 3\n', "JOB.type"),
])
def test_setup_mistakes_are_named(setup, key, tmp_path):
    with pytest.raises(InputError) as err:
        _job(setup, tmp_path)
    assert err.value.finding.message_key == key


def test_vise_holds_the_part_where_it_says(tmp_path):
    """Without `translate`, the vise places the part: centred on the jaws, against the fixed jaw,
    on the parallels; the jaws and parallels are boxes beside and under it."""
    vise = Vise(width=125, height=40, opening=50, position=(40.0, 50.0, -5.0), parallel_height=25)
    shift = seat(vise, np.array([0.0, -50.0, 0.0]), np.array([80.0, 0.0, 22.0]))
    assert np.allclose(shift, [0.0, 50.0, -20.0])
    boxes = {f.name.split(" / ")[1]: f for f in vise_fixtures(vise)}
    assert boxes["fixed jaw"].min[1] == 50.0 and boxes["fixed jaw"].max[2] == -5.0
    assert boxes["moving jaw"].max[1] == 0.0
    assert boxes["parallel at the fixed jaw"].max[2] == -20.0
    job = _job('[[setup]]\n[[setup]]\npart_to_work = { rotate = [180, 0, 0] }\n'
               'vise = { opening = 50, position = [40, 50, -5], parallels = { height = 25 } }\n', tmp_path)
    from machinesim.setups import setup_jobs
    _, own, _ = setup_jobs(job)[1]
    assert own.stock.min == (0.0, 0.0, -20.0) and own.stock.max == (80.0, 50.0, 2.0)


def test_moves_of_each_setup_in_its_own_frame(capsys):
    assert main(["--lang", "en", "moves", "--job", JOB]) == 0
    moves = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    phases = [m["setup"] for m in moves]
    assert phases[0] == "Phase 10" and phases[-1] == "Phase 20" and phases == sorted(phases)
    # Phase 20's facing pass (line 11, N60 X110. at Y12 Z0 of its work frame) in its machine frame
    face = next(m for m in moves if m["setup"] == "Phase 20" and m["line"] == 11)
    assert face["end"] == pytest.approx([110 - 300, 12 - 150, 0 - 250])


def _box_toolpath(z, y):
    from machinesim.toolpath import FEED, Toolpath, empty_moves

    m = empty_moves(1)
    m["kind"], m["line"], m["tool"] = FEED, 7, 1
    m["start"], m["end"] = (0.0, y, z), (50.0, y, z)
    return Toolpath(m)


@pytest.mark.parametrize("top, parallels, z, y, keys", [
    (-8.0, 26.0, 1.0, 25.0, set()),                              # held 14 of 22, cut above the jaws
    (-18.0, 36.0, 1.0, 25.0, {"CLAMPING.share"}),                # held 4 of 22 < 1/3
    (-8.0, 20.0, 1.0, 25.0, {"CLAMPING.seat"}),                  # parallels 6 mm too low
    (-8.0, 26.0, -10.0, 46.5, {"CLAMPING.below_jaws"}),          # Ø6 at Y46.5: 0.5 mm from the fixed jaw
    (-8.0, 26.0, -10.0, 25.0, set()),                            # the same depth mid-part: no warning
])
def test_clamping_against_the_vise_geometry(top, parallels, z, y, keys):
    from machinesim.vise import clamping

    vise = Vise(width=125, height=40, opening=50, position=(40.0, 50.0, top), parallel_height=parallels)
    lo, hi = np.array([0.0, 0.0, -22.0]), np.array([80.0, 50.0, 0.0])       # the part, 22 tall
    found = clamping(vise, lo, hi, _box_toolpath(z, y), (0, 0, 0), np.array([1.0]), np.array([3.0]), "OP", "x.nc")
    assert {f.key for f in found} == keys


def test_findings_are_placed_on_the_part_as_drawn():
    """A jaw hit in Phase 20 (tool tip at its work Z-6) is marked on the pictures' part, drawn in
    the drawing's frame: turned over about X, that is Z-14 of the drawing (20 - 6 from the top)."""
    from machinesim.job import load_job
    from machinesim.setups import simulate_setups

    job = load_job(SAMPLE / "job.toml")
    sim = simulate_setups([SAMPLE / "OP10.nc", SAMPLE / "OP20_eleve.nc"], job)
    hits = [f for f in sim.findings if f.code == "FIXTURE_COLLISION"]
    assert hits and all(f.file.endswith("OP20_eleve.nc [Phase 20]") for f in hits)
    g54 = np.array(job.offset("G54"))
    ends = {f.line: tuple(np.array(f.position) - g54) for f in hits}
    # the plunge ends at Y-8 (drawing Y58), the slot at Y58 (drawing Y-8), both at Z-6 (drawing Z-14)
    assert ends[22] == pytest.approx((27.5, 58.0, -14.0)) and ends[23] == pytest.approx((27.5, -8.0, -14.0))


def test_student_drills_into_the_parallels(tmp_path, capsys):
    """The student's setup sheet puts 22 mm parallels under the part: the Ø8.5 and Ø6.8 drills,
    4 mm through the bottom at Y25 (reaching Y20.75 to Y29.25), run into them."""
    code = main(["--lang", "en", "--quiet", "run", "--job", str(SAMPLE / "job_cales_eleve.toml"),
                 "--out", str(tmp_path / "o")])
    assert code == 1
    hits = [f for f in _result(tmp_path / "o")["findings"] if f["code"] == "FIXTURE_COLLISION"]
    assert sorted({f["line"] for f in hits}) == [10, 11, 20]
    assert "parallel at the fixed jaw" in capsys.readouterr().out


def test_own_work_offset_moves_the_part_with_it(tmp_path):
    """Phase 20 with its own G54, 100 mm further in X and 10 higher: the part is held there (its
    placement is in that setup's work frame), so the same programs make the same part."""
    from machinesim.job import load_job
    from machinesim.metrology import load_spec, measure
    from machinesim.setups import simulate_setups

    text = (SAMPLE / "job.toml").read_text(encoding="utf-8")
    text = text.replace('program = "OP20.nc"', 'program = "OP20.nc"\noffsets = { G54 = [-200, -150, -240] }')
    for name in ("OP10.nc", "OP20.nc"):
        shutil.copy(SAMPLE / name, tmp_path / name)
    (tmp_path / "job.toml").write_text(text, encoding="utf-8")
    moved = simulate_setups([], load_job(tmp_path / "job.toml"))
    assert moved.stages[1].toolpath.moves["end"][:, 0].max() > 0 - 200 + 100   # X110 of the new G54
    spec = load_spec(SPEC)
    for r in measure(spec, moved.probe, moved.job, model=moved.model, toolpath=moved.toolpath):
        assert r.ok and abs(r.measured - r.check.nominal) <= 0.002


def test_student_compared_with_the_master_through_both_setups(tmp_path, capsys):
    """--reference names the master's programs (a folder): the student's slot, 3 mm too deep
    across the 50 mm part, is 10 × 3 × 50 = 1500 mm³ missing, under the slot's centre line."""
    (tmp_path / "master").mkdir()
    for name in ("OP10.nc", "OP20.nc"):
        shutil.copy(SAMPLE / name, tmp_path / "master" / name)
    code = main(["--lang", "en", "--quiet", "check", str(SAMPLE / "OP10.nc"), str(SAMPLE / "OP20_eleve.nc"),
                 "--job", JOB, "--spec", SPEC, "--reference", str(tmp_path / "master"), "--out", str(tmp_path / "o")])
    assert code == 1
    ref = _result(tmp_path / "o")["reference"]
    assert ref["missing_mm3"] == pytest.approx(1500.0, rel=0.02) and ref["left_mm3"] == pytest.approx(0.0, abs=1.0)
    (region,) = ref["regions"]
    assert region["kind"] == "missing" and region["centre"] == pytest.approx([27.5, 25.0], abs=0.3)


def test_parallels_given_by_their_height(tmp_path):
    job = _job('[[setup]]\nvise = { opening = 50, position = [40, 50, -8], parallels = 26 }\n', tmp_path)
    assert job.setups[0].vise.parallel_height == 26.0 and job.setups[0].vise.parallel_width == 6.0


def test_jaws_close_on_the_part_when_no_opening_is_given(tmp_path):
    """Without `opening`, the moving jaw stands against the part's far side (its 50 mm width)."""
    from machinesim.setups import setup_jobs

    job = _job('[[setup]]\nvise = { position = [40, 50, -8], parallels = 26 }\n', tmp_path)
    setup, own, _ = setup_jobs(job)[0]
    assert setup.vise.opening == 50.0
    moving = next(f for f in own.fixtures if f.name.endswith("moving jaw"))
    assert moving.max[1] == 0.0 and moving.min[1] == -20.0
