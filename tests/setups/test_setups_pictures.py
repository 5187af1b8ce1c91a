"""Pictures of a part made in two setups: the film's part at its first and last frames against the
raw block and the finished part's analytic volume; each setup's picture written."""
from pathlib import Path

import numpy as np
import pytest

from machinesim.job import load_job
from machinesim.setups import simulate_setups

SAMPLE = Path(__file__).resolve().parents[2] / "gcode_samples" / "11_bride_deux_phases"
HOLES = np.pi * (2 * 4.25 ** 2 + 3.4 ** 2)
REMOVED = HOLES * 22 + np.pi * (5.5 ** 2 - 3.4 ** 2) * 6.5 + (80 * 50 - HOLES) * 2 + 10 * 3 * 50


@pytest.fixture(scope="module")
def sim():
    return simulate_setups([], load_job(SAMPLE / "job.toml"))


def test_film_runs_from_the_block_to_the_part_turned_over(sim):
    from machinesim.render.setups import film_meshes

    mesh_at = film_meshes(sim)
    first, last = mesh_at(0), mesh_at(len(sim.toolpath.moves))
    assert first.volume == pytest.approx(80 * 50 * 22, rel=1e-9)
    assert last.volume == pytest.approx(80 * 50 * 22 - REMOVED, rel=2e-3)
    # the last frame shows the part as Phase 20 holds it: turned about X around the raw block's
    # centre, so the faced bottom (2 mm off) is now on top
    lo, hi = np.array(sim.job.stock_box_machine)
    b = np.array(last.bounds).reshape(3, 2)
    centre = 0.5 * (lo[2] + hi[2])
    assert b[2, 1] == pytest.approx(2 * centre - (lo[2] + 2.0), abs=1e-6)
    assert b[2, 0] == pytest.approx(2 * centre - hi[2], abs=1e-6)


def test_each_setup_has_its_picture(sim, tmp_path):
    from machinesim.render import rendering_available
    from machinesim.render.setups import setup_pictures

    if not rendering_available()[0]:
        pytest.skip("no offscreen rendering here")
    written = setup_pictures(sim, tmp_path / "part.png")
    assert [Path(p).name for p in written] == ["part-1.png", "part-2.png"]
    assert all(Path(p).stat().st_size > 10_000 for p in written)
