"""The film of material removal: frames spaced by machining time, captions, GIF and MP4 files."""
from __future__ import annotations

import imageio.v2 as iio2
import imageio.v3 as iio
import numpy as np
import pytest
import pyvista as pv
from hypothesis import given, settings
from hypothesis import strategies as st

from machinesim.findings import InputError
from machinesim.render import animate, frame_move_counts
from machinesim.render.animation import caption, clock
from machinesim.toolpath import FEED, Toolpath, empty_moves

from render_helpers import STOCK, silhouette


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(0.0, 100.0), min_size=1, max_size=300), st.integers(2, 120))
def test_frames_are_spaced_evenly_in_machining_time(times, n_frames):
    times = np.array(times)
    counts = frame_move_counts(times, n_frames)
    n = len(times)
    assert counts[0] == 0 and counts[-1] == n
    assert (np.diff(counts) >= 0).all()
    if n + 1 <= n_frames:
        assert list(counts) == list(range(n + 1))
        return
    assert len(counts) == n_frames
    done = np.concatenate([[0.0], np.cumsum(times)])
    for i, k in enumerate(counts[1:-1], start=1):
        target = done[-1] * i / (n_frames - 1)
        # the frame shows every move finished by its time, and none that is not
        assert done[k] <= target + 1e-9 * max(1.0, done[-1])
        assert k == n or done[k + 1] > target - 1e-9 * max(1.0, done[-1])


def test_one_long_move_takes_the_frames_its_time_deserves():
    # 100 moves of 1 s, then one of 900 s; a frame every 100 s: the short moves pass in one frame,
    # the long move fills eight more before the last frame shows it done.
    counts = frame_move_counts(np.array([1.0] * 100 + [900.0]), 11)
    assert list(counts) == [0] + [100] * 9 + [101]


def facing_path(n: int = 20) -> Toolpath:
    """n straight passes of the same length, lines 10, 11, ..."""
    moves = empty_moves(n)
    moves["kind"], moves["feed"], moves["tool"], moves["line"] = FEED, 600.0, 1, np.arange(n) + 10
    moves["start"] = np.column_stack([np.zeros(n), np.arange(n) * 4.0, np.zeros(n)])
    moves["end"] = moves["start"] + [100.0, 0.0, 0.0]
    return Toolpath(moves, files=("plate.nc",))


def test_captions_name_the_line_of_the_last_move_done():
    path = facing_path()
    assert caption(path, 0, 0.0) == "raw stock   0:00"
    assert caption(path, 3, 75.4, lang="fr") == "ligne 12   1:15"
    assert clock(3599.6) == "60:00"


def test_an_unknown_film_format_is_refused_before_any_work(tmp_path):
    with pytest.raises(InputError) as caught:
        animate(lambda k: pv.Box(), tmp_path / "film.avi", facing_path())
    assert caught.value.finding.key == "RENDER.format"


@pytest.mark.render
@pytest.mark.usefixtures("can_render")
@pytest.mark.parametrize("suffix", [".gif", ".mp4"])
def test_film_shows_the_material_going(tmp_path, suffix):
    # Facing 5 mm off the top: the block seen from the front loses a quarter of its height.
    path = facing_path()
    asked = []

    def mesh_at(k):
        asked.append(k)
        return pv.Box(bounds=(0, 100, 0, 80, -20, -5.0 * k / len(path)))

    out = animate(mesh_at, tmp_path / f"film{suffix}", path, n_frames=6, stock_bounds=STOCK,
                  ghost_stock=False, view="front", window_size=(320, 240))
    if suffix == ".gif":
        frames = iio.imread(out, index=None)
    else:
        with iio2.get_reader(out, format="FFMPEG") as reader:
            frames = np.stack([reader.get_data(i) for i in range(reader.count_frames())])
    assert frames.shape[:3] == (6, 240, 320)
    assert asked[0] == 0 and asked[-1] == len(path) and asked == sorted(asked)
    body = [silhouette(f[..., :3])[40:].sum() for f in frames]    # below the caption
    assert body[-1] / body[0] == pytest.approx(15 / 20, rel=0.06)
    assert all(a >= b * 0.99 for a, b in zip(body, body[1:]))
    caption_area = [f[:30, :160, :3].astype(int) for f in frames]
    assert np.abs(caption_area[0] - caption_area[-1]).max() > 100   # the caption changed


def test_each_frame_is_drawn_once(tmp_path, monkeypatch):
    """Changing the caption and the part must not draw the scene: only the frame's picture does
    (on a software renderer each draw of a 3D finish costs about a third of a second)."""
    from pyvista.plotting.renderers import Renderers

    drawn = []
    original = Renderers.on_plotter_render          # called by each real draw of the window

    def counting(self, *args, **kwargs):
        drawn.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Renderers, "on_plotter_render", counting)
    path = facing_path()
    animate(lambda k: pv.Box(bounds=(0, 100, 0, 80, -20, -5.0 * k / len(path))), tmp_path / "film.gif", path,
            n_frames=8, stock_bounds=STOCK, window_size=(160, 120))
    assert 8 <= len(drawn) <= 8 + 2
