"""A block with a slot and a through hole (Phase 10), then held in each of the 24 orientations and
faced by 1 mm (Phase 20): sizes and removed volumes against analytic geometry, in the drawing's frame.

Walls off the lattice (X8.037, Y15.061 ...). The part frame is the first setup's work frame; the
second setup places the part by `part_to_work` (a quarter-turn rotation, then a translation that
puts its box at X0 Y0 with its top at Z0) and faces whatever side is now on top.
"""
import itertools
import math

import numpy as np
import pytest

from machinesim.job import parse_job
from machinesim.kernel.setups import rotation
from machinesim.setups import simulate_setups

SIZE = np.array([40.0, 30.0, 20.0])            # block: X0..40, Y0..30, Z-20..0
G54 = np.array([-300.0, -150.0, -250.0])
SLOT = ((8.037, 15.061), (20.037, 15.061))     # Ø6 flat, 5 deep
HOLE = (30.013, 20.021)                        # Ø6 flat plunged through
R = 3.0
SLOT_AREA = 12.0 * 6.0 + math.pi * R * R
HOLE_AREA = math.pi * R * R

PHASE_10 = f"""G21 G90 G17 G54
T1 M6
G43 H1 S8000 M3
G0 X{SLOT[0][0]} Y{SLOT[0][1]} Z5.
G1 Z-5. F300.
G1 X{SLOT[1][0]}
G0 Z5.
G0 X{HOLE[0]} Y{HOLE[1]}
G1 Z-21. F200.
G0 Z5.
M30
"""


def orientations():
    """The 24 rotations of a cube, each with one (rx, ry, rz) in degrees that makes it."""
    seen = {}
    for angles in itertools.product((0, 90, 180, 270), repeat=3):
        key = rotation(angles).tobytes()
        seen.setdefault(key, angles)
    return list(seen.values())


def job_text(angles, translate) -> str:
    return f"""
[machine]
travel = {{ x = [-400, 400], y = [-200, 200], z = [-400, 200] }}
[offsets]
G54 = {G54.tolist()}
[stock]
box = {{ min = [0, 0, -20], max = [40, 30, 0] }}
[[tool]]
number = 1
type = "flat"
diameter = 6
flute_length = 30
length = 80
flutes = 2
[[tool]]
number = 2
type = "flat"
diameter = 20
flute_length = 10
length = 70
flutes = 4
[[setup]]
name = "Phase 10"
[[setup]]
name = "Phase 20"
part_to_work = {{ rotate = {list(angles)}, translate = {[float(v) for v in translate]} }}
"""


def facing(width: float, depth: float) -> str:
    """Ø20 passes at Z-1 over a top of width × depth at X0 Y0, overhanging every edge."""
    lines = ["G21 G90 G17 G54", "T2 M6", "G43 H2 S6000 M3", "G0 X-12. Y0. Z5.", "G1 Z-1. F600."]
    y, right = 0.0, True
    while True:
        lines.append(f"G1 X{width + 12 if right else -12}")
        if y >= depth:
            break
        y = min(y + 12.0, depth)
        lines.append(f"G1 Y{y}")
        right = not right
    return "\n".join(lines + ["G0 Z5.", "M30", ""])


def test_the_24_orientations_are_distinct_rotations():
    mats = [rotation(a) for a in orientations()]
    assert len(mats) == 24
    for m in mats:
        assert np.array_equal(m @ m.T, np.eye(3, dtype=int)) and round(np.linalg.det(m)) == 1
    # turned over about X: Y and Z change sign
    assert np.array_equal(rotation((180, 0, 0)) @ [1, 2, 3], [1, -2, -3])
    # about X, then Y, then Z (fixed axes): X90 takes Y to Z, then Z90 leaves it there
    assert np.array_equal(rotation((90, 0, 90)) @ [0, 1, 0], [0, 0, 1])


@pytest.mark.parametrize("angles", orientations())
def test_turned_block_against_analytic_geometry(angles, tmp_path):
    rot = rotation(angles)
    corners = np.array(list(itertools.product(*[(0.0, s) for s in SIZE]))) - [0, 0, 20.0]
    placed = corners @ rot.T
    lo, hi = placed.min(0), placed.max(0)
    translate = [-lo[0], -lo[1], -hi[2]]
    top = hi - lo                                       # the block's extent in the second setup
    (tmp_path / "job.toml").write_text(job_text(angles, translate))
    (tmp_path / "op10.nc").write_text(PHASE_10)
    (tmp_path / "op20.nc").write_text(facing(top[0], top[1]))
    import tomllib
    job = parse_job(tomllib.loads((tmp_path / "job.toml").read_text()), str(tmp_path / "job.toml"))
    sim = simulate_setups([tmp_path / "op10.nc", tmp_path / "op20.nc"], job)
    assert not [f for f in sim.findings if f.severity == "error"]

    # which face of the drawing is up in Phase 20: the part's axis that the rotation sends to +Z
    up = rot.T @ np.array([0, 0, 1])
    axis = int(np.flatnonzero(up)[0])
    sign = int(up[axis])
    face = SIZE[0] * SIZE[1] * SIZE[2] / SIZE[axis]
    overlap = {(2, 1): SLOT_AREA + HOLE_AREA, (2, -1): HOLE_AREA}.get((axis, sign), 0.0)
    phase_10 = SLOT_AREA * 5.0 + HOLE_AREA * 20.0
    phase_20 = face * 1.0 - overlap * 1.0
    removed = [s.model.removed_volume for s in sim.stages]
    assert removed[0] == pytest.approx(phase_10, rel=2e-4)
    assert removed[1] == pytest.approx(phase_20, rel=2e-4)
    assert sim.model.removed_volume == pytest.approx(phase_10 + phase_20, rel=2e-4)
    assert sim.model.volume == pytest.approx(np.prod(SIZE) - phase_10 - phase_20, rel=1e-5)

    # sizes, in the drawing's frame (the first setup's), exact to the micron
    def ray(point, direction):
        return sim.probe.intervals(G54 + np.array(point, float), direction)

    solid = np.array([36.0, 4.0, -10.0])
    d = np.zeros(3)
    d[axis] = 1.0
    (t0, t1), = ray(solid, d)
    low, high = solid[axis] + t0, solid[axis] + t1
    lo_ref, hi_ref = (0.0, 0.0, -20.0)[axis], (40.0, 30.0, 0.0)[axis]
    assert low == pytest.approx(lo_ref + (1.0 if sign < 0 else 0.0), abs=1e-6)
    assert high == pytest.approx(hi_ref - (1.0 if sign > 0 else 0.0), abs=1e-6)
    slot = ray((14.0, SLOT[0][1], -2.5), (0, 1, 0))
    assert slot[1, 0] - slot[0, 1] == pytest.approx(6.0, abs=1e-6)
    hole = ray((HOLE[0], HOLE[1], -10.0), (1, 0, 0))
    assert hole[1, 0] - hole[0, 1] == pytest.approx(6.0, abs=1e-6)
    floor = ray((14.0, SLOT[0][1], 0.0), (0, 0, 1))
    assert floor[-1, 1] == pytest.approx(-5.0, abs=1e-6)


def test_on_its_side_the_columns_cross_the_hole_twice(tmp_path):
    """Phase 20 with the block on its side (rotate [90, 0, 0]: the part's +Y face up): the through
    hole now lies horizontal, its columns hold two intervals, and facing 8 mm down opens its top.
    Removed volume: the slab minus the circular segment of the hole above the cut, along 20 mm."""
    angles = (90, 0, 0)
    rot = rotation(angles)
    corners = np.array(list(itertools.product(*[(0.0, s) for s in SIZE]))) - [0, 0, 20.0]
    placed = corners @ rot.T
    lo, hi = placed.min(0), placed.max(0)
    (tmp_path / "job.toml").write_text(job_text(angles, [-lo[0], -lo[1], -hi[2]]))
    (tmp_path / "op10.nc").write_text(PHASE_10)
    top = hi - lo
    (tmp_path / "op20.nc").write_text(facing(top[0], top[1]).replace("Z-1.", "Z-8."))
    import tomllib
    job = parse_job(tomllib.loads((tmp_path / "job.toml").read_text()), str(tmp_path / "job.toml"))
    sim = simulate_setups([tmp_path / "op10.nc", tmp_path / "op20.nc"], job)
    second = sim.stages[1]
    assert second.model.bottom.shape[0] == 2            # two intervals where the columns cross the hole
    c = (30.0 - HOLE[1]) - 8.0                           # hole axis below the cut
    segment = R * R * math.acos(c / R) - c * math.sqrt(R * R - c * c)
    assert second.model.removed_volume == pytest.approx(40.0 * 20.0 * 8.0 - segment * 20.0, rel=2e-4)
    assert sim.model.volume == pytest.approx(np.prod(SIZE) - SLOT_AREA * 5 - HOLE_AREA * 20
                                             - 40.0 * 20.0 * 8.0 + segment * 20.0, rel=1e-5)
    (t0, t1), = sim.probe.intervals(G54 + [36.0, 4.0, -10.0], (0, 1, 0))
    assert (4.0 + t0, 4.0 + t1) == pytest.approx((0.0, 22.0), abs=1e-6)
    (t0, t1), = sim.probe.intervals(G54 + [HOLE[0], 4.0, -10.0], (0, 1, 0))
    assert 4.0 + t1 == pytest.approx(HOLE[1] - R, abs=1e-6)     # the hole's lower half is left
