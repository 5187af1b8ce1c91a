"""Cutters as solids of revolution: the tool table's entries and their geometry.

A tool stands along its axis from its tip (height 0): flutes up to `flute_length`, the shank up to
`length` (the gauge line, where the holder begins), then the holder for `holder_length`.
The cutting end is described by four numbers every kernel understands (`shape`):

- `radius` R and `corner_radius` rc: flat (rc = 0), ball (rc = R), bull nose (0 < rc < R);
- `cone_half_angle` (radians from the axis) and `tip_radius` for pointed tools: drill, spot drill,
  chamfer/V. A cone tip rises by (d - tip_radius) / tan(half angle) at distance d from the axis.

`lower_profile(d)` is the height of the cutter's lower surface above its tip at distance d from
the axis: the one function that the removal kernel, the probes and the plain-Python reference share
in meaning.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

TOOL_TYPES = ("flat", "ball", "bull", "drill", "chamfer", "spot", "tap", "reamer", "face")
TOOL_MATERIALS = ("hss", "carbide")

# shape codes of the cutting end, shared with the Numba kernels
SHAPE_FLAT, SHAPE_BALL, SHAPE_BULL, SHAPE_CONE = 0, 1, 2, 3


@dataclass(frozen=True)
class Tool:
    """One entry of the job's tool table (millimetres, degrees)."""

    number: int
    type: str = "flat"
    name: str = ""
    diameter: float = 10.0
    corner_radius: float = 0.0
    point_angle: float = 118.0
    tip_diameter: float = 0.0
    flute_length: float = 25.0
    length: float = 60.0
    flutes: int = 2
    tool_material: str = "carbide"
    center_cutting: bool = True
    shank_diameter: float = 0.0          # 0: same as the cutting diameter
    holder_diameter: float = 40.0
    holder_length: float = 50.0
    comp_radius: float | None = None     # the D register for G41/G42; None: the tool's radius
    runout: float = 0.003                # mm, how far one tooth stands out of the others (collet chuck)
    radius_wear: float = 0.0             # mm, D wear: added to the D register for G41/G42
    length_wear: float = 0.0             # mm, H wear: added to the H register for G43

    @property
    def cutter_comp_radius(self) -> float:
        """Radius G41/G42 offset by: the tool's, unless the job sets the D register (a CAM program
        posted for wear compensation has its path already offset and D near zero)."""
        return self.radius if self.comp_radius is None else self.comp_radius

    @property
    def radius(self) -> float:
        return self.diameter / 2.0

    @property
    def shape(self) -> int:
        """Shape code of the cutting end (SHAPE_*)."""
        if self.type in ("drill", "spot", "chamfer"):
            return SHAPE_CONE
        if self.type == "ball":
            return SHAPE_BALL
        if self.type == "bull" and self.corner_radius > 0:
            return SHAPE_BALL if self.corner_radius >= self.radius else SHAPE_BULL
        return SHAPE_FLAT

    @property
    def effective_corner_radius(self) -> float:
        shape = self.shape
        if shape == SHAPE_BALL:
            return self.radius
        if shape == SHAPE_BULL:
            return self.corner_radius
        return 0.0

    @property
    def cone_half_angle(self) -> float:
        """Half the point angle in radians for pointed tools, else π/2 (a flat end)."""
        if self.shape == SHAPE_CONE:
            return math.radians(self.point_angle) / 2.0
        return math.pi / 2.0

    @property
    def tip_radius(self) -> float:
        return self.tip_diameter / 2.0 if self.shape == SHAPE_CONE else 0.0

    @property
    def shank_radius(self) -> float:
        return (self.shank_diameter or self.diameter) / 2.0

    def lower_profile(self, d: float) -> float:
        """Height above the tip of the cutter's lower surface at distance `d` from the axis.

        Defined for 0 <= d <= radius; beyond the radius the cutter is not there (inf).
        """
        r = self.radius
        if d > r:
            return math.inf
        shape = self.shape
        if shape == SHAPE_FLAT:
            return 0.0
        if shape == SHAPE_BALL:
            return r - math.sqrt(max(r * r - d * d, 0.0))
        if shape == SHAPE_BULL:
            rc = self.corner_radius
            u = d - (r - rc)
            if u <= 0.0:
                return 0.0
            return rc - math.sqrt(max(rc * rc - u * u, 0.0))
        # cone
        u = d - self.tip_radius
        if u <= 0.0:
            return 0.0
        return u / math.tan(self.cone_half_angle)

    @property
    def tip_height(self) -> float:
        """Height above the tip where the cutting end reaches full diameter."""
        return self.lower_profile(self.radius)

    def profile(self) -> list[tuple[float, float]]:
        """The whole tool as (height, radius) corners from the tip up, for pictures and collisions.

        Cutting end, flutes, shank, holder; curved ends are sampled every 5°.
        """
        pts: list[tuple[float, float]] = [(0.0, self.tip_radius if self.shape == SHAPE_CONE else 0.0)]
        r = self.radius
        shape = self.shape
        if shape in (SHAPE_BALL, SHAPE_BULL):
            rc = self.effective_corner_radius
            for k in range(0, 19):
                a = math.radians(5 * k)
                pts.append((rc - rc * math.cos(a), (r - rc) + rc * math.sin(a)))
        elif shape == SHAPE_CONE:
            pts.append((self.tip_height, r))
        else:
            pts.append((0.0, r))
        flute_top = max(self.flute_length, pts[-1][0])
        pts.append((flute_top, r))
        pts.append((flute_top, self.shank_radius))
        pts.append((self.length, self.shank_radius))
        pts.append((self.length, self.holder_diameter / 2.0))
        pts.append((self.length + self.holder_length, self.holder_diameter / 2.0))
        return pts
