"""The toolpath picture: dashes by construction, then red rapids, tool colours and smooth arcs."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from machinesim.render import render_toolpath
from machinesim.render.look import RAPID_COLOUR, tool_colour
from machinesim.render.path import dashes, segments_by_tool
from machinesim.toolpath import ARC, FEED, RAPID, Toolpath, empty_moves

from render_helpers import STOCK, matches_baseline, near_colour, pocketed_block, read

SIZE = (800, 600)
coord = st.floats(-200, 200, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.tuples(coord, coord, coord), st.tuples(coord, coord, coord), st.floats(0.5, 20), st.floats(0.1, 2))
def test_dashes_cover_the_segment_with_the_right_share(a, b, dash, ratio):
    a, b = np.array([a]), np.array([b])
    length = float(np.linalg.norm(b - a))
    gap = dash * ratio
    segs = dashes(a, b, dash, gap)
    if length == 0:
        assert len(segs) == 0
        return
    direction = (b - a)[0] / length
    t = (segs - a[0]) @ direction                                     # position along the segment
    off_line = np.linalg.norm(segs - a[0] - t[..., None] * direction, axis=-1)
    assert off_line.max() <= 1e-9 * max(1.0, length)
    assert t[0, 0] == pytest.approx(0, abs=1e-9)                      # starts with a dash
    assert (t[:, 0] < t[:, 1] + 1e-12).all() and (t[:, 1] <= length * (1 + 1e-12)).all()
    pitch = dash + gap
    expected = (length // pitch) * dash + min(length % pitch, dash)   # full periods + last piece
    assert float((t[:, 1] - t[:, 0]).sum()) == pytest.approx(expected, rel=1e-9, abs=1e-9)


def move(kind, start, end, tool=1, center=(0, 0, 0), line=1):
    m = empty_moves(1)
    m["kind"], m["start"], m["end"], m["tool"] = kind, start, end, tool
    m["center"], m["axis"], m["line"], m["feed"] = center, (0, 0, 1), line, 500.0
    return m


def sample_path() -> Toolpath:
    """A rapid across the plate, a full circle of R30 with T1, a straight 100 mm feed with T2."""
    return Toolpath(np.concatenate([
        move(RAPID, (0, 80, 5), (100, 80, 5)),
        move(RAPID, (100, 80, 5), (20, 40, 5)),
        move(FEED, (20, 40, 5), (20, 40, -5)),
        move(ARC, (20, 40, -5), (20, 40, -5), center=(50, 40, -5)),
        move(FEED, (0, 0, -5), (100, 0, -5), tool=2),
    ]))


def test_arcs_are_split_finely_and_kept_per_tool():
    path = sample_path()
    groups = segments_by_tool(path.moves[path.moves["kind"] != RAPID], 0.01)
    assert set(groups) == {1, 2}
    circle = groups[1][1:]                                          # after the plunge
    radius = np.linalg.norm(circle[:, :, :2] - [50, 40], axis=-1)
    assert np.allclose(radius, 30, atol=1e-9)
    # chord sagitta r(1 - cos(θ/2)) within the asked 0.01 mm
    chord = np.linalg.norm(circle[:, 1] - circle[:, 0], axis=-1)
    half = np.arcsin(chord / 60)
    assert (30 * (1 - np.cos(half))).max() <= 0.01 + 1e-12


@pytest.mark.render
@pytest.mark.usefixtures("can_render")
def test_rapids_are_dashed_red_and_cuts_take_their_tool_colour(tmp_path):
    image = read(render_toolpath(sample_path(), tmp_path / "top.png", stock_bounds=STOCK,
                                 ghost_stock=False, view="top", window_size=SIZE))
    width = image.shape[1]
    plot = image[:, : int(width * 0.78)]                             # leave the legend out
    red = near_colour(plot, RAPID_COLOUR, tol=30)
    t1 = near_colour(plot, tool_colour(1), tol=30)
    t2 = near_colour(plot, tool_colour(2), tol=30)
    # The straight T2 feed gives the scale: 100 mm in pixels.
    rows2, cols2 = np.nonzero(t2)
    mm = (cols2.max() - cols2.min()) / 100.0
    # The T1 circle is a thin ring of radius 30 mm about its centroid.
    rows1, cols1 = np.nonzero(t1)
    centre = np.array([rows1.mean(), cols1.mean()])
    r = np.hypot(rows1 - centre[0], cols1 - centre[1])
    assert np.median(r) / mm == pytest.approx(30, rel=0.02)
    assert np.percentile(r, 98) - np.percentile(r, 2) < 4          # smooth, no facets
    # The rapid along Y = 80 is one horizontal row of dashes: several red runs with gaps.
    row = int(np.bincount(np.nonzero(red)[0]).argmax())
    runs = np.diff(red[row].astype(int))
    assert (runs == 1).sum() >= 10
    assert red[row].sum() / (np.ptp(np.nonzero(red[row])[0]) + 1) == pytest.approx(1 / 1.6, abs=0.12)


@pytest.mark.render
@pytest.mark.usefixtures("can_render")
def test_toolpath_pictures_match_their_references(tmp_path):
    # The pocket's path: a plunge and a circle on its floor with T1, then facing the top with T2.
    path = Toolpath(np.concatenate([
        move(RAPID, (50, 40, 30), (35, 40, 5)),
        move(FEED, (35, 40, 5), (35, 40, -10)),
        move(ARC, (35, 40, -10), (35, 40, -10), center=(50, 40, -10)),
        move(RAPID, (35, 40, -10), (35, 40, 5)),
        move(RAPID, (35, 40, 5), (-10, 10, 5), tool=2),
        move(FEED, (-10, 10, 0), (110, 10, 0), tool=2),
    ]))
    over = read(render_toolpath(path, tmp_path / "iso.png", mesh=pocketed_block(), stock_bounds=STOCK,
                                window_size=SIZE))
    matches_baseline(over, "toolpath_over_part_iso.png")
    # Drawn over the part, never hidden by it: the circle, half behind the pocket's wall, shows whole.
    alone = read(render_toolpath(path, tmp_path / "alone.png", stock_bounds=STOCK, ghost_stock=False,
                                 window_size=SIZE))
    t1_over, t1_alone = (near_colour(im, tool_colour(1), tol=30).sum() for im in (over, alone))
    assert t1_over == pytest.approx(t1_alone, rel=0.1)


@settings(max_examples=40, deadline=None)
@given(st.floats(0.5, 50), st.floats(-np.pi, np.pi), st.floats(0.05, 2 * np.pi),
       st.tuples(st.floats(-1, 1), st.floats(-1, 1), st.floats(0.1, 1)), st.floats(-5, 5))
def test_the_framed_box_holds_every_arc_whole(radius, start_angle, sweep, axis, rise):
    from machinesim.render.path import path_box
    from machinesim.toolpath import arc_points

    a = np.array(axis) / np.linalg.norm(axis)
    e1 = np.cross(a, [1.0, 0.0, 0.0] if abs(a[0]) < 0.9 else [0.0, 1.0, 0.0])
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(a, e1)
    centre = np.array([10.0, -5.0, 3.0])
    start = centre + radius * (np.cos(start_angle) * e1 + np.sin(start_angle) * e2)
    end_angle = start_angle + sweep
    end = centre + radius * (np.cos(end_angle) * e1 + np.sin(end_angle) * e2) + rise * a
    m = empty_moves(1)
    m["kind"], m["start"], m["end"], m["center"], m["axis"] = ARC, start, end, centre, a
    lo, hi = path_box(m)
    pts = arc_points(m[0], 1e-3)
    assert (pts >= lo - 1e-9).all() and (pts <= hi + 1e-9).all()


def test_a_rapid_to_the_tool_change_does_not_shrink_the_part():
    from machinesim.render.path import framed_box

    moves = np.concatenate([move(RAPID, (50, 40, 250), (50, 40, 5)),
                            move(FEED, (50, 40, 5), (50, 40, -5)),
                            move(RAPID, (50, 40, -5), (50, 40, 250))])
    box = framed_box(moves, stock=STOCK)
    # focus: the stock and the feed from Z5 down, 100 × 80 × 25; rapids reach a quarter of its diagonal
    diagonal = float(np.linalg.norm([100, 80, 25]))
    assert box[:5] == pytest.approx((0, 100, 0, 80, -20))
    assert box[5] == pytest.approx(5 + 0.25 * diagonal)
    alone = framed_box(moves[1:2])                                # no stock: the cutting move
    assert alone == pytest.approx((50, 50, 40, 40, -5, 5))
