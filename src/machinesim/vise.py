"""The machine vise of a setup: its solids for collisions and the clamping check.

The fixed jaw, the moving jaw, the parallels and the vise bed become fixture boxes, so that
FIXTURE_COLLISION names the jaw the tool hits. The clamping check warns (CLAMPING) when the part
stands in the jaws on less than `SAFE_SHARE` of its height, when it does not rest where the vise
holds it (against the jaws, on the parallels), and when a cut goes below the jaws' top within
`CLEARANCE` of a jaw's face.
"""
from __future__ import annotations

import numpy as np

from . import messages
from .findings import WARNING, Finding
from .job import Fixture
from .setup_job import Vise
from .toolpath import RAPID, Toolpath

SAFE_SHARE = 1.0 / 3.0   # of its height the part must stand in the jaws
CLEARANCE = 1.0          # mm: a cut below the jaws' top this close to a jaw's face is too close
SEAT_TOL = 0.05          # mm: the part rests on the parallels and against the jaws within this
BED = 15.0               # mm: thickness of the vise bed under the jaws


def _name(key: str) -> str:
    """A solid's name in both languages (a fixture's name is data, shown as it is)."""
    return f"{messages.text(key, 'fr')} / {messages.text(key, 'en')}"


def jaw_faces(vise: Vise) -> tuple[float, float]:
    """Y of the (fixed, moving) jaws' clamping faces, in the vise's frame."""
    y = vise.position[1]
    return y, (y - vise.opening if vise.fixed == "back" else y + vise.opening)


def vise_fixtures(vise: Vise) -> tuple[Fixture, ...]:
    """The fixed jaw, the moving jaw, the parallels and the bed as fixture boxes (work frame)."""
    x, _, top = vise.position
    x0, x1 = x - vise.width / 2, x + vise.width / 2
    bed = top - vise.height
    fixed, moving = jaw_faces(vise)
    side = 1.0 if vise.fixed == "back" else -1.0          # from the moving jaw towards the fixed one
    out = []

    def box(y0, y1, z0, z1, key):
        out.append(Fixture((x0, min(y0, y1), z0), (x1, max(y0, y1), z1), _name(key), vise.frame))

    box(fixed, fixed + side * vise.thickness, bed, top, "VISE.fixed_jaw")
    box(moving, moving - side * vise.thickness, bed, top, "VISE.moving_jaw")
    box(moving - side * vise.thickness, fixed + side * vise.thickness, bed - BED, bed, "VISE.bed")
    if vise.parallel_height > 0:
        z1 = bed + vise.parallel_height
        box(fixed, fixed - side * vise.parallel_width, bed, z1, "VISE.parallel_fixed")
        box(moving, moving + side * vise.parallel_width, bed, z1, "VISE.parallel_moving")
    return tuple(out)


def seat(vise: Vise, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The translation that puts a part of box (lo, hi) where the vise holds it: centred on the
    jaws' width, against the fixed jaw, on the parallels (or the bed)."""
    x, y, top = vise.position
    floor = top - vise.height + vise.parallel_height
    dy = y - hi[1] if vise.fixed == "back" else y - lo[1]
    return np.array([x - 0.5 * (lo[0] + hi[0]), dy, floor - lo[2]])


def clamping(vise: Vise, lo: np.ndarray, hi: np.ndarray, toolpath: Toolpath, offset, removed: np.ndarray,
             radius: np.ndarray, setup: str, file: str) -> list[Finding]:
    """CLAMPING warnings for a part of box (lo, hi) held in `vise` (both in the vise's frame) and
    cut by `toolpath` (machine coordinates: the vise frame's `offset` is taken off); `removed` and
    `radius` per move: the volume it cut and its tool's radius."""
    out = []
    top = vise.position[2]
    floor = top - vise.height + vise.parallel_height
    height = hi[2] - lo[2]
    held = min(top, hi[2]) - max(floor, lo[2])
    if held < SAFE_SHARE * height:
        out.append(Finding("CLAMPING", WARNING, file=file, key="CLAMPING.share",
                           params=dict(setup=setup, held=f"{max(held, 0.0):.1f}", height=f"{height:.1f}",
                                       share=f"{100 * SAFE_SHARE:.0f}")))
    fixed, moving = jaw_faces(vise)
    near, far = (hi[1], lo[1]) if vise.fixed == "back" else (lo[1], hi[1])
    gap = max(abs(lo[2] - floor), abs(near - fixed), abs(far - moving) if vise.opening > 0 else 0.0)
    if gap > SEAT_TOL:
        out.append(Finding("CLAMPING", WARNING, file=file, key="CLAMPING.seat",
                           params=dict(setup=setup, gap=f"{gap:.2f}")))
    moves = toolpath.moves
    if len(moves):
        start = moves["start"] - np.asarray(offset, float)
        end = moves["end"] - np.asarray(offset, float)
        zmin = np.minimum(start[:, 2], end[:, 2])
        ylo = np.minimum(start[:, 1], end[:, 1]) - radius
        yhi = np.maximum(start[:, 1], end[:, 1]) + radius
        faces = sorted((fixed, moving))
        close = (ylo < faces[0] + CLEARANCE) | (yhi > faces[1] - CLEARANCE)
        bad = np.flatnonzero((removed > 0) & (moves["kind"] != RAPID) & (zmin < top - 1e-6) & close)
        if len(bad):
            m = moves[bad[0]]
            out.append(Finding("CLAMPING", WARNING, line=int(m["line"]), file=file, key="CLAMPING.below_jaws",
                               params=dict(setup=setup, z=f"{zmin[bad[0]]:.2f}", top=f"{top:.2f}"),
                               tool=int(m["tool"])))
    return out
