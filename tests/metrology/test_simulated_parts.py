"""Instruments on parts cut by the kernel (kernel.probe.Probe), with dimensions known analytically.

The toolpath is written as move records (tool tip, machine coordinates) with one program line per
move; walls lie off the 0.1 mm lattice. The truth is the geometry the moves were designed for:
walls at the tool's radius from its path, floors at its tip, drilled holes of the drill's diameter.
"""
import math

import numpy as np
import pytest

from machinesim.job import load_job
from machinesim.kernel.probe import Probe
from machinesim.metrology import IN, OUT, grade, measure, parse_spec
from machinesim.metrology.cutting_lines import CuttingMoves
from machinesim.toolpath import ARC, FEED, Toolpath, empty_moves

JOB = load_job()                     # Ø6 flat = T2, Ø6 ball = T5, Ø8.5 drill = T8
G54 = np.array(JOB.offset("G54"))
BAR = 0.002
R = 3.0
PX0, PX1, PY0, PY1, PZ = 30.0123, 70.0456, 20.0117, 59.9713, -5.0131     # pocket
BX, BY, BR, BZ = 80.3731, 30.2087, 6.00613, -10.0173                   # bore by circular interpolation
DX, DY, DZ = 25.0371, 15.0219, -15.0307                                # drilled hole (tip depth)
SX0, STEP, SZ = 5.0, 0.8, -2.0                                         # ball-nose raster


def pocket(shift=0.0):
    """Roughing zigzag then a finishing contour; `shift` moves the contour inward (material left)."""
    x0, x1, y0, y1 = PX0 + R + shift, PX1 - R - shift, PY0 + R + shift, PY1 - R - shift
    pts = [(x0 + 1, y0 + 1, 2), (x0 + 1, y0 + 1, PZ)]
    xs = np.arange(x0 + 1, x1 - 1, 5.0).tolist() + [x1 - 1]
    for i, x in enumerate(xs):
        pts += [(x, y0 + 1, PZ), (x, y1 - 1, PZ)] if i % 2 == 0 else [(x, y1 - 1, PZ), (x, y0 + 1, PZ)]
    rough = pts
    finish = [(x0, y0, PZ), (x1, y0, PZ), (x1, y1, PZ), (x0, y1, PZ), (x0, y0, PZ), (x0, y0, 2)]
    return rough, finish


def records(chains):
    """(kind, tool, [points]) chains into move records, one program line per move."""
    rows = []
    for kind, tool, pts in chains:
        for a, b in zip(pts[:-1], pts[1:]):
            rows.append((kind, tool, a, b))
    m = empty_moves(len(rows))
    for i, (kind, tool, a, b) in enumerate(rows):
        m[i]["kind"], m[i]["tool"], m[i]["feed"], m[i]["spindle"] = kind, tool, 500.0, 8000.0
        m[i]["start"], m[i]["end"], m[i]["line"] = np.add(a, G54), np.add(b, G54), i + 1
    return m


def circle(x, y, r, z, tool):
    m = empty_moves(1)
    m["kind"], m["tool"], m["feed"] = ARC, tool, 300.0
    m["start"] = m["end"] = np.add((x + r, y, z), G54)
    m["center"], m["axis"] = np.add((x, y, z), G54), (0, 0, 1)
    return m


def part(shift=0.0):
    rough, finish = pocket(shift)
    before = records([(FEED, 2, rough), (FEED, 2, finish),
                      (FEED, 2, [(BX, BY, 2), (BX, BY, BZ), (BX + BR - R, BY, BZ)])])
    ring = circle(BX, BY, BR - R, BZ, 2)
    raster = []
    for i in range(16):
        x = SX0 + i * STEP
        raster += [(x, 30, 2), (x, 30, SZ), (x, 75, SZ), (x, 75, 2)]
    after = records([(FEED, 2, [(BX + BR - R, BY, BZ), (BX + BR - R, BY, 2)]),
                     (FEED, 8, [(DX, DY, 2), (DX, DY, DZ), (DX, DY, 2)]),
                     (FEED, 5, raster)])
    m = np.concatenate([before, ring, after])
    m["line"] = np.arange(1, len(m) + 1)
    return Toolpath(m)


@pytest.fixture(scope="module")
def simulated():
    tp = part()
    return tp, Probe(tp, JOB)


def spec(checks):
    return parse_spec({"part": {"general": "ISO 2768-mK"},
                       "check": [{"id": i + 1, **c} for i, c in enumerate(checks)]}, "s")


CHECKS = [
    ({"instrument": "inside", "at": [50, 40, -2.5], "axis": "x", "nominal": 40}, PX1 - PX0),
    ({"instrument": "inside", "at": [50, 40, -2.5], "axis": "y", "nominal": 40}, PY1 - PY0),
    ({"instrument": "outside", "at": [50, 70, -10], "axis": "x", "nominal": 100}, 100.0),
    ({"instrument": "outside", "at": [15, 40, -3], "axis": "x", "nominal": 30}, PX0),
    ({"instrument": "depth", "at": [50, 40, -1], "nominal": 5}, -PZ),
    ({"instrument": "height", "at": [50, 40, -1], "nominal": 15}, 20 + PZ),
    ({"instrument": "bore", "at": [80, 30, -5], "nominal": 12}, 2 * BR),      # arc: chords, see below
    ({"instrument": "depth", "at": [BX, BY, -5], "nominal": 10}, -BZ),
    ({"instrument": "bore", "at": [25, 15, -5], "nominal": 8.5}, 8.5),
    ({"instrument": "depth", "at": [DX, DY, -5], "nominal": 15}, -DZ),
    ({"instrument": "flatness", "region": [35, 25, 65, 55], "tol": 0.02}, 0.0),
]


def test_every_instrument_reads_the_truth(simulated):
    tp, probe = simulated
    results = measure(spec([c for c, _ in CHECKS]), probe, JOB, toolpath=tp)
    for r, (_, truth) in zip(results, CHECKS):
        assert r.finding is None, r.check
        assert r.measured == pytest.approx(truth, abs=BAR), r.check
        # the kernel follows arcs by chords of at most 0.1 µm sagitta: a bore cut by circular
        # interpolation is up to 2 × 0.1 µm small; everything else is exact to float rounding
        exact = 2.5e-4 if r.check.id == 7 else 1e-6
        assert r.measured == pytest.approx(truth, abs=exact), r.check
    bore = results[6]
    assert bore.details["centre"][:2] == pytest.approx([BX, BY], abs=1e-6)
    assert 2 * BR - 2.5e-4 < bore.details["two_point_min"] <= bore.details["two_point_max"] <= 2 * BR + 1e-9


def test_position_of_the_interpolated_bore(simulated):
    tp, probe = simulated
    s = spec([{"instrument": "bore", "at": [80, 30, -5], "nominal": 12, "tol": 0.05},
              {"instrument": "position", "of": 1, "nominal_center": [80.4, 30.2], "tol": 0.1}])
    _, pos = measure(s, probe, JOB, toolpath=tp)
    assert pos.measured == pytest.approx(2 * math.hypot(BX - 80.4, BY - 30.2), abs=1e-6)


def test_roughness_of_the_ball_nose_raster(simulated):
    tp, probe = simulated
    r = measure(spec([{"instrument": "roughness", "at": [SX0 + 7 * STEP, 50, SZ], "tol": 10}]), probe, JOB,
                toolpath=tp)[0]
    x = np.linspace(-STEP / 2, STEP / 2, 2_000_001)
    z = R - np.sqrt(R * R - x * x)
    assert r.measured == pytest.approx(np.mean(np.abs(z - z.mean())) * 1000, rel=2e-3)
    assert r.details["Rz_um"] == pytest.approx((z.max() - z.min()) * 1000, rel=1e-4)
    assert r.lines and all(tp.moves["tool"][n - 1] == 5 for n in r.lines)


def finishing_lines(shift=0.0):
    rough, finish = pocket(shift)
    first = len(rough)                       # line of the first finishing move (lines start at 1)
    return {"y0": first, "x1": first + 1, "y1": first + 2, "x0": first + 3}


def test_lines_name_the_finishing_pass_and_agree_with_the_move_log(simulated):
    tp, probe = simulated
    s = spec([{"instrument": "inside", "at": [50, 40, -2.5], "axis": "x", "nominal": 40},
              {"instrument": "inside", "at": [50, 40, -2.5], "axis": "y", "nominal": 40}])
    wx, wy = measure(s, probe, JOB, toolpath=tp)
    lines = finishing_lines()
    assert list(wx.lines) == sorted([lines["x0"], lines["x1"]])
    assert list(wy.lines) == sorted([lines["y0"], lines["y1"]])
    # the plain move-log search gives the same answer for the same points
    cut = CuttingMoves(tp, JOB)
    pts = np.array([(PX0, 40, -2.5), (PX1, 40, -2.5)]) + G54
    assert cut.lines(pts) == list(wx.lines)


def test_student_without_finishing_offset_fails_the_right_checks_capped():
    """Classic mistake: the contour is programmed on the drawing's line, no radius offset
    (no cutter compensation): the pocket comes out 6 mm small, the bore and depth stay right."""
    tp = part(shift=R)
    probe = Probe(tp, JOB)
    s = parse_spec({"part": {"general": "ISO 2768-m"}, "grading": {"scale": 20, "critical_cap": 8}, "check": [
        {"id": 1, "instrument": "inside", "at": [50, 40, -2.5], "axis": "x", "nominal": 40.0339, "tol": 0.05,
         "class": "critical", "points": 3},
        {"id": 2, "instrument": "depth", "at": [50, 40, -1], "nominal": 5.0131, "tol": 0.05, "points": 2},
        {"id": 3, "instrument": "bore", "at": [80, 30, -5], "nominal": 12.0123, "tol": 0.02, "points": 2}]}, "s")
    results = measure(s, probe, JOB, toolpath=tp)
    assert [r.status for r in results] == [OUT, IN, IN]
    assert results[0].measured == pytest.approx(PX1 - PX0 - 2 * R, abs=1e-6)
    lines = finishing_lines(shift=R)
    assert list(results[0].lines) == sorted([lines["x0"], lines["x1"]])
    g = grade(s, results)
    assert g.capped and g.mark == 8 and g.failed == (1,)


def arc_profile_ra_rt(feed, radius):
    """Ra and Rt of arcs of `radius` repeated every `feed`, by fine quadrature (independent truth)."""
    x = np.linspace(-feed / 2, feed / 2, 2_000_001)
    z = radius - np.sqrt(radius ** 2 - x ** 2)
    return np.mean(np.abs(z - z.mean())), z.max() - z.min()


def test_roughness_of_a_wall_comes_from_the_feed_marks(simulated):
    tp, probe = simulated
    r = measure(spec([{"instrument": "roughness", "at": [PX0, 40, -2.5], "axis": "x", "tol": 1.6, "length": 4.0}]),
                probe, JOB, toolpath=tp)[0]
    fz = 500.0 / (8000.0 * 3)                          # F500, S8000, 3 flutes (T2, the finishing pass)
    # the default runout (3 µm) lifts two teeth 4.5 µm above the third, far more than a tooth's mark
    # (fz²/8R = 0.02 µm): the wall shows one arc of the tool's radius per revolution, 3·fz apart
    ra, rt = arc_profile_ra_rt(3 * fz, R)
    assert r.details["runout"] == 0.003 and r.details["fz"] == pytest.approx(fz)
    assert r.measured == pytest.approx(ra * 1000, rel=2e-3)
    assert r.details["Rt_um"] == pytest.approx(rt * 1000, rel=1e-3)
    assert list(r.lines) == [finishing_lines()["x0"]]


def test_roughness_of_a_wall_without_runout_shows_every_tooth(simulated):
    from dataclasses import replace
    tp, _ = simulated
    job = replace(JOB, tools={n: replace(t, runout=0.0) for n, t in JOB.tools.items()})
    r = measure(spec([{"instrument": "roughness", "at": [PX0, 40, -2.5], "axis": "x", "tol": 1.6, "length": 4.0}]),
                Probe(tp, job), job, toolpath=tp)[0]
    fz = 500.0 / (8000.0 * 3)
    ra, rt = arc_profile_ra_rt(fz, R)
    assert r.measured == pytest.approx(ra * 1000, rel=2e-3)
    assert r.details["Rt_um"] == pytest.approx(rt * 1000, rel=1e-3)
    assert r.measured == pytest.approx(fz * fz / (32 * R) * 1000, rel=0.03)     # textbook f²/32r (2.6 % low)


def test_uncertainty_states_the_chord_error_of_arcs(simulated):
    tp, probe = simulated
    bore, width = measure(spec([{"instrument": "bore", "at": [80, 30, -5], "nominal": 12},
                                {"instrument": "inside", "at": [50, 40, -2.5], "axis": "x", "nominal": 40}]),
                          probe, JOB, toolpath=tp)
    assert bore.uncertainty >= 2e-4 > abs(bore.measured - 2 * BR)      # the bore was cut by an arc
    assert width.uncertainty < 1e-5                                     # straight moves only


def test_face_heights_in_one_batch_match_the_ray_by_ray_reading(simulated):
    """FaceView.height reduces a batch of rays with numpy; a probe that casts one ray at a time
    (only `intervals`) takes the plain loop: both read the same heights, nan where nothing is hit."""
    from machinesim.metrology.surface import FaceView

    _, probe = simulated

    class OneRayAtATime:
        def intervals(self, origin, direction):
            return probe.intervals(origin, direction)

    lo, hi = (np.asarray(c, float) for c in JOB.stock_box_machine)      # the probe works in machine coordinates
    rng = np.random.default_rng(7)
    u, v = rng.uniform(lo[0] - 10, hi[0] + 10, 400), rng.uniform(lo[1] - 10, hi[1] + 10, 400)   # some beside: nan
    args = ((0.0, 0.0, hi[2]), (0.0, 0.0, 1.0), (1.0, 0.0, 0.0), (0.0, 1.0, 0.0), 5.0)
    batch, single = FaceView(probe, *args).height(u, v), FaceView(OneRayAtATime(), *args).height(u, v)
    assert 0 < np.isnan(batch).sum() < 200 and np.array_equal(np.isnan(batch), np.isnan(single))
    assert np.allclose(batch[~np.isnan(batch)], single[~np.isnan(single)], rtol=0, atol=1e-12)
    inside = ((0.0, 0.0, lo[2] + 2.0), (0.0, 0.0, 1.0), (1.0, 0.0, 0.0), (0.0, 1.0, 0.0), 3.0)
    with pytest.raises(ValueError):                     # a ray that starts inside the part
        FaceView(probe, *inside).height([lo[0] + 2.0], [lo[1] + 2.0])
