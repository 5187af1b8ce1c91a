"""Material removal as a film (GIF or MP4), each frame captioned with the program line it shows.

The material comes from a callable `mesh_at(move_count) -> PolyData` (the part after the first
`move_count` moves), so this module knows nothing of the kernel's internals. Frames are spaced
evenly in machining time, so a long roughing pass takes as many frames as it takes minutes;
a program with fewer moves than frames gets one frame per move.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import imageio.v2 as iio2
import imageio.v3 as iio
import numpy as np
import pyvista as pv

from .. import messages
from ..findings import input_error
from ..job import Machine
from ..report.io import write_atomic
from ..toolpath import Toolpath, move_times
from .headless import require_rendering
from .look import frame_camera, new_plotter, picture, stock_actor, union_bounds
from .part import add_part

FORMATS = (".gif", ".mp4")
FILM_SIZE = (640, 480)        # pixels of a film's frame


def frame_move_counts(times: np.ndarray, n_frames: int) -> np.ndarray:
    """Moves done at each frame: frames evenly spaced in time, the first on the raw stock, the
    last on the finished part. With fewer moves than frames, every move gets its frame (0, 1, ..., n).
    """
    n = len(times)
    if n + 1 <= n_frames:
        return np.arange(n + 1)
    done = np.concatenate([[0.0], np.cumsum(times)])
    at = np.linspace(0.0, done[-1], max(n_frames, 2))
    counts = np.searchsorted(done, at, side="right") - 1
    counts[0], counts[-1] = 0, n
    return counts


def clock(seconds: float) -> str:
    """mm:ss, as on the machine's cycle timer."""
    s = int(round(seconds))
    return f"{s // 60:d}:{s % 60:02d}"


def caption(toolpath: Toolpath, count: int, elapsed: float, lang: str = "en") -> str:
    """The program line of the last move done, and the machining time so far."""
    if count <= 0:
        return messages.text("render.frame_start", lang, time=clock(elapsed))
    move = toolpath.moves[count - 1]
    line = str(int(move["line"]))
    if int(move["file"]) > 0 and int(move["file"]) < len(toolpath.files):
        line = f"{Path(toolpath.files[int(move['file'])]).name}:{line}"
    return messages.text("render.frame", lang, line=line, time=clock(elapsed))


def animate(mesh_at: Callable[[int], pv.PolyData], path: str | os.PathLike, toolpath: Toolpath,
            n_frames: int = 60, *, machine: Machine | None = None, fps: int = 10, stock_bounds=None,
            ghost_stock: bool = True, view: str = "iso", window_size: tuple[int, int] = FILM_SIZE,
            lang: str = "en", progress: Callable[[int, int], None] | None = None) -> Path:
    """Write the film of `mesh_at` over the program to `path` (.gif or .mp4); returns the path.

    `machine` gives the rapid, feed and acceleration limits that space the frames in time.
    `progress(done, total)` is called after each frame.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise input_error("RENDER.format", file=str(target), path=str(target), allowed=" / ".join(FORMATS))
    require_rendering()
    machine = machine or Machine()
    times = move_times(toolpath.moves, machine.rapid, machine.max_feed, machine.accel)
    counts = frame_move_counts(times, n_frames)
    elapsed = np.concatenate([[0.0], np.cumsum(times)])[counts]
    width, height = (int(v) // 2 * 2 for v in window_size)   # even sizes for H.264
    plotter = new_plotter((width, height))
    try:
        first = mesh_at(int(counts[0]))
        if ghost_stock and stock_bounds is not None:
            stock_actor(plotter, stock_bounds)
        pixel_mm = frame_camera(plotter, union_bounds(first, stock_bounds), view)
        frames = _frames(plotter, mesh_at, toolpath, counts, elapsed, lang, progress, pixel_mm)
        if suffix == ".gif":
            data = iio.imwrite("<bytes>", list(frames), extension=".gif", duration=1000.0 / fps, loop=0)
            return write_atomic(target, data)
        return _write_mp4(frames, target, fps)
    finally:
        plotter.close()


def _frames(plotter, mesh_at, toolpath, counts, elapsed, lang, progress, pixel_mm):
    """Render one frame per count: the part at that count and its caption."""
    for i, (count, t) in enumerate(zip(counts, elapsed)):
        plotter.add_text(caption(toolpath, int(count), float(t), lang), position="upper_left",
                         font_size=12, color="black", name="caption", render=False)
        add_part(plotter, mesh_at(int(count)), name="part", pixel_mm=pixel_mm)
        image = picture(plotter)
        if progress is not None:
            progress(i + 1, len(counts))
        yield image


def _write_mp4(frames, target: Path, fps: int) -> Path:
    """H.264 through the imageio-ffmpeg wheel, into a temporary file renamed at the end."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".mp4", dir=target.parent)
    os.close(fd)
    try:
        with iio2.get_writer(tmp, format="FFMPEG", fps=fps, codec="libx264", quality=7,
                             macro_block_size=2, ffmpeg_log_level="error") as writer:
            for image in frames:
                writer.append_data(image)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target
