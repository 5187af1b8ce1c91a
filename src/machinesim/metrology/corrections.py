"""Which wear offset made a dimension, and which change brings it back into tolerance.

A wall cut under cutter compensation moves with the D register (its radius: a width changes by
twice the change when both its walls were cut so), a floor cut under G43 with the H register. The
wear in effect comes from the job's tool table and the program's G10 (its `OFFSET.set_wear` info
findings). The advice aims at the middle of the tolerance, to the micrometre.
"""
from __future__ import annotations

import numpy as np

from ..toolpath import F_COMP, F_TOOL_LENGTH

# wear change per mm of error: a larger D leaves more on an outside size, takes more from an
# inside one (per wall); a larger H leaves the floor higher (a height grows, a depth shrinks)
SIZES_ACROSS = {"outside": -1.0, "boss": -1.0, "inside": 1.0, "bore": 1.0}
FLOORS = {"height": -1.0, "depth": 1.0}


def wear_in_effect(toolpath, job) -> dict[str, float]:
    """Wear of every D and H register at the end of the program ("D2" -> mm)."""
    out: dict[str, float] = {}
    for n, tool in job.tools.items():
        out[f"D{n}"], out[f"H{n}"] = tool.radius_wear, tool.length_wear
    for f in toolpath.findings if toolpath is not None else ():
        if f.key == "OFFSET.set_wear":
            out[f.params["register"]] = float(f.params["value"])
    return out


def _cutting(bench, surface: np.ndarray) -> np.ndarray:
    if bench.toolpath is None or not len(surface):
        return np.zeros(0, int)
    moves = bench.moves_at(surface)
    return moves[moves >= 0]


def offsets_used(check, reading, bench) -> dict:
    """The registers (with their wear) that placed the measured surfaces: D for walls cut under
    cutter compensation, H for faces cut under G43 (by the tool's number, the school's habit)."""
    moves = _cutting(bench, reading.surface)
    if not len(moves):
        return {}
    m = bench.toolpath.moves[moves]
    wear = wear_in_effect(bench.toolpath, bench.job)
    used = set()
    for tool, flags in zip(m["tool"], m["flags"]):
        if flags & F_COMP:
            used.add(f"D{int(tool)}")
        if flags & F_TOOL_LENGTH and abs(np.asarray(check.axis)[2]) > 0.9:
            used.add(f"H{int(tool)}")
    return {"offsets": {r: wear.get(r, 0.0) for r in sorted(used)}} if used else {}


def advice(check, value: float, reading, bench) -> dict | None:
    """The wear change that brings an out-of-tolerance size to the middle of its tolerance, when
    one register made it: {register, tool, change, new, target}; None otherwise."""
    moves = _cutting(bench, reading.surface)
    if not len(moves):
        return None
    m = bench.toolpath.moves[moves]
    tools = set(int(t) for t in m["tool"])
    if len(tools) != 1:
        return None
    tool = tools.pop()
    target = check.nominal + (check.upper + check.lower) / 2
    error = value - target
    vertical = abs(np.asarray(check.axis)[2]) > 0.9
    if check.instrument in SIZES_ACROSS and not vertical and np.all(m["flags"] & F_COMP):
        walls = 2 if check.instrument in ("bore", "boss") else len(moves)   # faces the tool cut
        register, change = f"D{tool}", SIZES_ACROSS[check.instrument] * error / walls
    elif check.instrument in FLOORS and vertical and np.all(m["flags"] & F_TOOL_LENGTH):
        register, change = f"H{tool}", FLOORS[check.instrument] * error
    else:
        return None
    change = round(change, 3)
    if change == 0.0:
        return None
    now = wear_in_effect(bench.toolpath, bench.job).get(register, 0.0)
    return {"register": register, "tool": tool, "change": f"{change:+.3f}", "new": f"{now + change:+.3f}",
            "target": f"{target:.3f}", "measured": f"{value:.3f}"}


def workshop_spread(reading, bench, workshop) -> dict:
    """Workshop mode: how far the tool was pushed off the faces measured (mm) and the model's
    spread of that (the measurement itself stays exact: its uncertainty is the probe's)."""
    moves = _cutting(bench, reading.surface) if workshop is not None else np.zeros(0, int)
    if not len(moves):
        return {}
    return {"workshop_shift": float(workshop.shift[moves].max()),
            "workshop_spread": float(workshop.spread[moves].max())}
