"""Read-only system parameters: the control's state as a program reads it through # numbers.

LinuxCNC (its "Parameters" documentation): #5161-5163 G28 home and #5181-5183 G30 home (machine
coordinates), #5210 G92 on, #5211-5213 G92/G52 offsets, #5220 active frame (1 for G54 ... 9 for
G59.3), #5221+20k..#5223+20k work offset k+1, #5400 tool in the spindle, #5420-5422 current
position in the active frame (all offsets applied), and the named #<_x> #<_y> #<_z>, #<_metric>,
#<_imperial>, #<_absolute>, #<_incremental>, #<_current_tool>, #<_selected_tool>,
#<_coord_system> (540 ... 593), #<_plane> (170, 180, 190), #<_feed>, #<_rpm>.
Fanuc (Series 0i custom macro chapter): #4001-#4014 the modal G codes of groups 1 to 14 (those simulated),
#4109 F, #4111 H, #4119 S, #4120 T; #5001-5003 block end position (work coordinates), #5021-5023
machine position, #5041-5043 current position, #5221+20k work offsets G54 to G59 (k = 0..5).
Lengths are in the program's units. Other numbers are not system parameters here (None).
"""
from __future__ import annotations

COORD_NAMES = ("G54", "G55", "G56", "G57", "G58", "G59", "G59.1", "G59.2", "G59.3")


def _motion_groups(it) -> tuple[float, float]:
    """Fanuc's group 1 (G0-G3) and group 9 (canned cycle or G80) codes."""
    motion = it.motion if it.motion is not None else it.last_linear
    if motion > 3.0:
        return it.last_linear, motion
    return motion, 80.0


def numbered(it, n: int) -> float | None:
    """Value of system parameter #n in the interpreter `it`'s state, None when n is not one."""
    u = it.units
    if 5221 <= n <= 5223 + 20 * 8 and (n - 5221) % 20 < 3:
        k = (n - 5221) // 20
        if k >= (9 if not it.fanuc else 6):
            return None
        return it.offsets[COORD_NAMES[k]][(n - 5221) % 20] / u
    if it.fanuc:
        if 5001 <= n <= 5003 or 5041 <= n <= 5043:
            return it.prog[n % 10 - 1] / u
        if 5021 <= n <= 5023:
            _, length = it._lengths()
            return (it.tip[n - 5021] + (length if n == 5023 else 0.0)) / u
        group1, group9 = _motion_groups(it)
        modal = {4001: group1, 4002: float(it.plane), 4003: 91.0 if it.incremental else 90.0,
                 4005: float(it.feed_mode), 4006: 20.0 if u != 1.0 else 21.0,
                 4007: 40.0 if it.comp is None else (41.0 if it.comp.side > 0 else 42.0),
                 4008: float(it.tlo), 4009: group9, 4010: float(it.retract),
                 4014: float(COORD_NAMES.index(it.coord) + 54),
                 4109: it.feed / u if it.feed_mode == 94 else it.feed,
                 4111: float(it.h_number), 4119: it.speed, 4120: float(it.next_tool)}
        return modal.get(n)
    if 5161 <= n <= 5163:
        return it.home[28][n - 5161] / u
    if 5181 <= n <= 5183:
        return it.home[30][n - 5181] / u
    if n == 5210:
        return 1.0 if any(it.g92) else 0.0
    if 5211 <= n <= 5213:
        return it.g92[n - 5211] / u
    if n == 5220:
        return float(COORD_NAMES.index(it.coord) + 1)
    if n == 5400:
        return float(it.tool)
    if 5420 <= n <= 5422:
        return it.prog[n - 5420] / u
    return None


def named(it, name: str) -> float | None:
    """Value of LinuxCNC's predefined #<_name> (lower case), None when it is not one."""
    if it.fanuc:
        return None
    u = it.units
    if name in ("_x", "_y", "_z"):
        return it.prog["xyz".index(name[1])] / u
    coord = it.coord.replace("G", "").replace(".", "")
    values = {"_metric": float(u == 1.0), "_imperial": float(u != 1.0),
              "_absolute": float(not it.incremental), "_incremental": float(it.incremental),
              "_current_tool": float(it.tool), "_selected_tool": float(it.next_tool),
              "_coord_system": float(coord + "0" if len(coord) == 2 else coord),
              "_plane": float(it.plane * 10), "_feed": it.feed / u if it.feed_mode == 94 else it.feed,
              "_rpm": it.speed}
    return values.get(name)
