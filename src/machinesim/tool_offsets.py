"""The control's tool offset page: geometry and wear of each tool's radius (D) and length (H).

The job's tool table gives them (`radius_wear`, `length_wear`, and the geometry: `comp_radius` or
the radius, and `length`); the program changes them as a Fanuc control does with G10 L10–L13
(Memory C: L10 H geometry, L11 H wear, L12 D geometry, L13 D wear, value in R, added in G91) or as
LinuxCNC does with G10 L1 (R radius, Z length: its table has no separate wear). G41/G42 offset by
D geometry + D wear; G43 by H geometry + H wear, so a positive H wear leaves the tip higher and a
negative D wear brings a wall nearer the path: the student's correction loop.
"""
from __future__ import annotations

from dataclasses import dataclass

from .findings import INFO, Finding

FANUC_G10 = {10: ("H", "geometry"), 11: ("H", "wear"), 12: ("D", "geometry"), 13: ("D", "wear")}
LINUXCNC_G10 = (1,)


@dataclass
class Register:
    geometry: float
    wear: float = 0.0

    @property
    def value(self) -> float:
        return self.geometry + self.wear


class OffsetTable:
    """The D and H registers of one program run, from the job's tool table, changed by G10."""

    def __init__(self, job):
        self.job = job
        self.d: dict[int, Register] = {}
        self.h: dict[int, Register] = {}

    def _reg(self, letter: str, number: int) -> Register | None:
        table = self.d if letter == "D" else self.h
        if number not in table:
            tool = self.job.tool(number)
            if tool is None:
                return None
            table[number] = (Register(tool.cutter_comp_radius, tool.radius_wear) if letter == "D"
                             else Register(tool.length, tool.length_wear))
        return table[number]

    def radius(self, number: int) -> float:
        """What G41/G42 D`number` offsets by: geometry + wear (0 for an unknown tool)."""
        reg = self._reg("D", number)
        return reg.value if reg is not None else 0.0

    def length(self, number: int) -> float:
        """What G43 H`number` adds: geometry + wear (0 for an unknown tool)."""
        reg = self._reg("H", number)
        return reg.value if reg is not None else 0.0

    def set(self, letter: str, kind: str, number: int, value: float, add: bool = False) -> Register | None:
        reg = self._reg(letter, number)
        if reg is None:
            return None
        setattr(reg, kind, (getattr(reg, kind) if add else 0.0) + value)
        return reg


def g10(interp, w, l_word: int, ln: int, col: int) -> bool:
    """Apply a G10 that sets tool offsets; False when `l_word` is not one (work offsets...).

    Each change is an info finding at its line ("D1 wear = -0.020"), so the result shows which
    offset was set where."""
    table: OffsetTable = interp.tool_offsets
    if interp.fanuc and l_word in FANUC_G10:
        letter, kind = FANUC_G10[l_word]
        number = interp._integer(w, "P", ln)
        value = interp._length(w, "R", ln)
        if number is None or value is None:
            raise interp.error("SYNTAX.missing", ln, col, word="P" if number is None else "R", code=f"G10 L{l_word}")
        changes = [(letter, kind, value)]
        add = interp.incremental
    elif not interp.fanuc and l_word in LINUXCNC_G10:
        number = interp._integer(w, "P", ln)
        if number is None:
            raise interp.error("SYNTAX.missing", ln, col, word="P", code=f"G10 L{l_word}")
        changes = [(letter, "geometry", v) for letter, v in
                   (("D", interp._length(w, "R", ln)), ("H", interp._length(w, "Z", ln))) if v is not None]
        add = False
    else:
        return False
    for letter, kind, value in changes:
        reg = table.set(letter, kind, number, value, add)
        if reg is None:
            raise interp.error("UNKNOWN_TOOL", ln, col, tool=number)
        interp.findings.append(Finding("OFFSET", INFO, ln, col, interp.file, f"OFFSET.set_{kind}",
                                       {"register": f"{letter}{number}", "value": f"{getattr(reg, kind):+.3f}"},
                                       tool=interp.tool))
    return True
