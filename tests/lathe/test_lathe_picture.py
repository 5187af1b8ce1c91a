"""Pictures and the command line on a turned part: the revolved half-section and `machinesim check`."""
import json
import math
from pathlib import Path

import numpy as np
import pytest

from machinesim.cli import main
from machinesim.lathe.part import turn
from machinesim.lathe.picture import SECTION_ANGLE, revolved_mesh
from machinesim.render import rendering_available
from machinesim.toolpath import FEED, Toolpath, empty_moves

from lathe_helpers import lathe_job

SAMPLES = Path(__file__).resolve().parents[2] / "gcode_samples" / "tournage"


def _turned_step():
    """Ø40 bar turned to Ø30 over its front 20 mm (tip 0 tool: the nose centre is programmed)."""
    m = empty_moves(2)
    for i, (a, b) in enumerate((((15.4, 5.0), (15.4, -20.0)), ((15.4, -20.0), (25.0, -20.0)))):
        m[i]["kind"], m[i]["tool"], m[i]["spindle"], m[i]["feed"] = FEED, 1, 1000.0, 200.0
        m[i]["start"], m[i]["end"] = (a[0], 0, a[1]), (b[0], 0, b[1])
    from machinesim.lathe.setup import LatheTool

    return turn(Toolpath(m), lathe_job(tools=[LatheTool(1, nose_radius=0.4, tip=0)], resolution=0.05))


def test_revolved_section_is_a_closed_solid_of_the_parts_volume():
    part = _turned_step()
    mesh = revolved_mesh(part)
    assert mesh.n_points > 0 and mesh.n_open_edges == 0
    # 3/4 of the solid of revolution: Ø30 over 21 mm (front z = 1 to z = -20), Ø40 over 49 mm
    n = 96 * SECTION_ANGLE / 360
    facets = math.sin(2 * math.pi / 96) / (2 * math.pi / 96)       # a polygon inscribed in each circle
    want = SECTION_ANGLE / 360 * math.pi * (15 ** 2 * 21 + 20 ** 2 * 49) * facets
    assert n == int(n) and abs(abs(mesh.volume) - want) / want < 0.01


def test_the_turned_sample_renders_to_a_picture(tmp_path):
    ok, reason = rendering_available()
    if not ok:
        pytest.skip(f"no offscreen rendering here: {reason}")
    from machinesim.render import render_part

    from machinesim.job import load_job
    from machinesim.lathe import simulate

    job = load_job(SAMPLES / "11_axe.toml")
    sim = simulate(SAMPLES / "11_axe.nc", job)
    path = render_part(revolved_mesh(sim.model), tmp_path / "part.png", stock_bounds=job.stock_box_machine)
    import imageio.v3 as iio

    img = iio.imread(path)
    background = img[0, 0]
    assert (np.abs(img.astype(int) - background).sum(axis=2) > 30).mean() > 0.05    # the part fills the frame


def test_check_command_on_the_sample_and_the_student_version(tmp_path):
    job, spec = str(SAMPLES / "11_axe.toml"), str(SAMPLES / "11_axe_spec.toml")
    assert main(["--quiet", "--lang", "fr", "check", str(SAMPLES / "11_axe.nc"), "--job", job, "--spec", spec,
                 "--out", str(tmp_path / "a")]) == 0
    result = json.loads((tmp_path / "a" / "result.json").read_text())
    assert result["grade"] == 20 and all(c["ok"] for c in result["checks"])
    assert main(["--quiet", "check", str(SAMPLES / "11_axe_eleve.nc"), "--job", job, "--spec", spec,
                 "--out", str(tmp_path / "b")]) == 1
    result = json.loads((tmp_path / "b" / "result.json").read_text())
    assert result["grade"] == 8 and sorted(c["id"] for c in result["checks"] if not c["ok"]) == [2, 5, 7]
    assert {"CHUCK_COLLISION", "NO_SPINDLE_LIMIT"} <= {f["code"] for f in result["findings"]}
