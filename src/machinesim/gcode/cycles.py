"""Canned drilling, tapping and boring cycles (G73, G74, G76, G81-G89) turned into plain moves.

The interpreter resolves the modal state of a cycle block (sticky words, G90/G91 meaning of R and
Z, K/L repeats) into one `CycleCall` per hole; `expand_cycle` turns that call into `CycleStep`s:
rapids, feeds and events (dwell, spindle stop, reverse, orientation, program stop).

Sources followed, by dialect:

- ``linuxcnc``: LinuxCNC's G-code documentation (sections "G73", "G74", "G80-G89 Canned Cycles",
  "Preliminary and In-Between Motion", "G81" to "G89") and, where the documentation is silent, the
  canonical calls of LinuxCNC 2.9's ``rs274 -g`` run on this machine: G73 and G83 pecks use the fixed
  0.010 in (0.254 mm) retract and clearance; G83 pecks retract to R and only the last retract goes to
  the clear level; G74, G84 and G89 feed out all the way to the clear level, G85 feeds out to R and
  rapids on; G88 leaves the tool at the bottom (program stop, the operator retracts by hand). The
  clear level is R in G99, else the higher of R and the initial level: where the tool was before
  this series of contiguous cycles began (G80 or any other motion ends a series; LinuxCNC's "G98"
  section). When the initial level is below R the tool first rapids straight up to R where it
  stands; it then reaches the hole at its current level if that is above R, else at the clear level
  (a diagonal rapid from R after a G99 hole with G98 now in force), as rs274 does. G76 is a lathe
  threading cycle and G87
  needs a K word there, so both are refused for this dialect. Checked against rs274 on random
  cycles in the three planes; one known rs274 fault is not copied: in G18/G19 it sends the G74/G84
  feeds to permuted axes.
- ``fanuc``: the canned-cycle chapter of Fanuc's Series 0i/15i operator's manuals (Haas follows it):
  positioning at the current level, rapid to point R, the cycle, then return to the initial level
  (G98) or to point R (G99). G73 retracts by the parameter d (No. 5114, taken as 0.1 mm); G83 returns
  to R after each peck and rapids back down to d (No. 5115, taken as 0.1 mm) above the previous
  depth; G74/G84 dwell P at the bottom, reverse the spindle, feed out to R, dwell P again and restore
  the spindle; G85/G89 feed out to R; G76 stops the spindle oriented and shifts away by I/J (at the
  feed rate, as the manual says) before the rapid out; G87 back-bores upward from R (below the part)
  to Z and always returns to the initial level; G88 stops the program at the bottom and the operator's
  manual retract is simulated as a rapid straight out to the return level.

Plane convention (both dialects, as in LinuxCNC's cycle code and Fanuc's I/J/K shift words): the
first two coordinates of `CycleCall.hole` and of `CycleCall.shift` are the plane's own axes and the
third is the level along the cycle axis: G17 (X, Y | Z), G18 (Z, X | Y), G19 (Y, Z | X). Levels grow
away from the part (R above the bottom). Steps come back in x, y, z order.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..findings import ERROR, Finding
from ..toolpath import FEED, RAPID

DWELL_STEP = -1          # CycleStep.kind of an event (dwell or spindle/program event)

# in-plane axes and cycle axis, as indices into (x, y, z), for each plane
PLANE_AXES = {17: (0, 1, 2), 18: (2, 0, 1), 19: (1, 2, 0)}

LINUXCNC_PECK_CLEARANCE = 0.254   # mm: LinuxCNC's G83_RAPID_DELTA (0.010 in) for G73 and G83
FANUC_G73_RETRACT = 0.1           # mm: Fanuc parameter 5114 (d of G73), a usual setting
FANUC_G83_CLEARANCE = 0.1         # mm: Fanuc parameter 5115 (d of G83), a usual setting
MAX_PECKS = 100_000               # beyond this the Q word is surely a mistake

CYCLE_CODES = ("G73", "G74", "G76", "G81", "G82", "G83", "G84", "G85", "G86", "G87", "G88", "G89")

# notes of the event steps (kind DWELL_STEP); the interpreter applies them to the spindle state
NOTE_DWELL = "dwell"
NOTE_SPINDLE_STOP = "spindle_stop"          # spindle stopped
NOTE_SPINDLE_ORIENT = "spindle_orient"      # spindle stopped in its oriented position
NOTE_SPINDLE_REVERSE = "spindle_reverse"    # turning opposite to its direction at the cycle start
NOTE_SPINDLE_RESTORE = "spindle_restore"    # turning again as at the cycle start
NOTE_PROGRAM_STOP = "program_stop"          # the control stops (G88: the operator retracts by hand)


@dataclass(frozen=True)
class CycleCall:
    """One hole of a canned cycle, every word resolved to absolute work coordinates (mm, s, mm/min).

    `initial_level` is the level before the series of contiguous cycles began (the G98 return).
    `start_xy` is the tool's current in-plane position; only ``linuxcnc`` uses it, when the initial
    level is below R (the tool then rises there first). Without it that rise is made together with
    the positioning rapid.
    """

    code: str
    dialect: str
    plane: int
    hole: tuple[float, float, float]
    initial_level: float
    r_level: float
    bottom: float
    retract: int
    peck: float
    dwell: float
    shift: tuple[float, float]
    feed: float
    start_xy: tuple[float, float] | None = None


@dataclass(frozen=True)
class CycleStep:
    """A move (`kind` RAPID or FEED, to `end`) or an event (`kind` DWELL_STEP, at `end`)."""

    kind: int
    end: tuple[float, float, float]
    dwell: float = 0.0
    note: str = ""


class CycleError(ValueError):
    """A cycle the control would refuse (an alarm at the block's line).

    `finding(line, column, file)` gives the `Finding` to report; its key is in the catalogue.
    """

    def __init__(self, key: str, **params: Any):
        super().__init__(key)
        self.key = key
        self.params = params

    def finding(self, line: int = 0, column: int = 0, file: str = "") -> Finding:
        return Finding(code=self.key.split(".")[0], severity=ERROR, line=line, column=column,
                       file=file, key=self.key, params=dict(self.params))


class _Steps:
    """Collects steps in plane coordinates (a, b, level) and maps them to x, y, z."""

    def __init__(self, plane: int, a: float, b: float, level: float):
        self.axes = PLANE_AXES[plane]
        self.a, self.b, self.level = a, b, level
        self.out: list[CycleStep] = []

    def _xyz(self, a: float, b: float, level: float) -> tuple[float, float, float]:
        p = [0.0, 0.0, 0.0]
        p[self.axes[0]], p[self.axes[1]], p[self.axes[2]] = a, b, level
        return (p[0], p[1], p[2])

    def move(self, kind: int, note: str, a: float | None = None, b: float | None = None,
             level: float | None = None) -> None:
        a = self.a if a is None else a
        b = self.b if b is None else b
        level = self.level if level is None else level
        if (a, b, level) == (self.a, self.b, self.level):
            return  # a move of length zero moves nothing
        self.a, self.b, self.level = a, b, level
        self.out.append(CycleStep(kind, self._xyz(a, b, level), 0.0, note))

    def event(self, note: str, seconds: float = 0.0) -> None:
        if note == NOTE_DWELL and seconds <= 0.0:
            return
        self.out.append(CycleStep(DWELL_STEP, self._xyz(self.a, self.b, self.level), seconds, note))


def _check(call: CycleCall) -> None:
    if call.code not in CYCLE_CODES:
        raise CycleError("CANNED_CYCLE.unknown", word=call.code)
    if call.dialect not in ("fanuc", "linuxcnc"):
        raise ValueError(f"unknown dialect {call.dialect!r}")
    if call.plane not in PLANE_AXES:
        raise ValueError(f"unknown plane G{call.plane}")
    if call.dialect == "linuxcnc" and call.code in ("G76", "G87"):
        raise CycleError("CANNED_CYCLE.dialect", word=call.code, dialect=call.dialect)
    if call.code == "G87":
        if not call.r_level < call.bottom:
            raise CycleError("CANNED_CYCLE.back_boring", r=round(call.r_level, 4),
                             z=round(call.bottom, 4))
    elif call.r_level < call.bottom:
        raise CycleError("CANNED_CYCLE.r_below_bottom", r=round(call.r_level, 4),
                         z=round(call.bottom, 4))
    if call.code in ("G73", "G83"):
        if not call.peck > 0.0:
            raise CycleError("CANNED_CYCLE.peck", word=call.code, q=call.peck)
        if (call.r_level - call.bottom) / call.peck > MAX_PECKS:
            raise CycleError("CANNED_CYCLE.peck_count", word=call.code, q=call.peck,
                             count=MAX_PECKS)


def _pecks(s: _Steps, call: CycleCall, clear: float) -> None:
    """G73 (chip breaking) and G83 (full retract to R) pecks, then the last feed and retract."""
    lcnc = call.dialect == "linuxcnc"
    if call.code == "G73":
        back = LINUXCNC_PECK_CLEARANCE if lcnc else FANUC_G73_RETRACT
    else:
        back = LINUXCNC_PECK_CLEARANCE if lcnc else FANUC_G83_CLEARANCE
    k = 1
    depth = call.r_level - call.peck
    while depth > call.bottom + 1e-9:
        s.move(FEED, "peck", level=depth)
        if call.code == "G73":
            s.move(RAPID, "chip_break", level=depth + back)
        else:
            s.move(RAPID, "retract", level=call.r_level)
            s.move(RAPID, "clearance", level=depth + back)
        k += 1
        depth = call.r_level - k * call.peck
    s.move(FEED, "peck", level=call.bottom)
    s.move(RAPID, "retract", level=clear)


def expand_cycle(call: CycleCall) -> list[CycleStep]:
    """The moves and events of one hole, starting with the rapid to the hole position.

    Raises `CycleError` for a cycle the control refuses (Q not positive in G73/G83, R below the
    bottom, G87 with R not below Z, a code the dialect does not have as a milling cycle).
    """
    _check(call)
    lcnc = call.dialect == "linuxcnc"
    a, b, level = call.hole
    r, z = call.r_level, call.bottom
    s = _Steps(call.plane, a, b, level)
    if call.start_xy is not None:
        s.a, s.b = call.start_xy
    if lcnc:   # LinuxCNC 2.9's convert_cycle_xy and CYCLE_MACRO
        old = call.initial_level
        if old < r:   # preliminary motion: straight up to R first
            s.move(RAPID, "rapid_to_r", level=r)
            old = level = r
        clear = r if call.retract == 99 else old
        s.move(RAPID, "position", a, b, level if level > r else clear)
    else:
        clear = r if call.retract == 99 else call.initial_level
        s.move(RAPID, "position", a, b)
    code = call.code

    if code == "G87":   # Fanuc back boring: R is below the part, the cut goes up to Z
        ia, ib = a + call.shift[0], b + call.shift[1]
        clear = call.initial_level
        s.event(NOTE_SPINDLE_ORIENT)
        s.move(FEED, "shift", ia, ib)
        s.move(RAPID, "rapid_to_r", level=r)
        s.move(FEED, "shift_back", a, b)
        s.event(NOTE_SPINDLE_RESTORE)
        s.move(FEED, "feed", level=z)
        s.event(NOTE_DWELL, call.dwell)
        s.event(NOTE_SPINDLE_ORIENT)
        s.move(FEED, "shift", ia, ib)
        s.move(RAPID, "retract", level=clear)
        s.move(FEED, "shift_back", a, b)
        s.event(NOTE_SPINDLE_RESTORE)
        return s.out

    s.move(RAPID, "rapid_to_r", level=r)
    if code in ("G73", "G83"):
        _pecks(s, call, clear)
        return s.out
    s.move(FEED, "feed", level=z)
    if code in ("G81", "G82"):
        s.event(NOTE_DWELL, call.dwell if code == "G82" else 0.0)
        s.move(RAPID, "retract", level=clear)
    elif code in ("G74", "G84"):
        if lcnc:
            s.event(NOTE_SPINDLE_STOP)
            s.event(NOTE_SPINDLE_REVERSE)
            s.event(NOTE_DWELL, call.dwell)
            s.move(FEED, "retract", level=clear)
            s.event(NOTE_SPINDLE_STOP)
            s.event(NOTE_SPINDLE_RESTORE)
        else:
            s.event(NOTE_DWELL, call.dwell)
            s.event(NOTE_SPINDLE_REVERSE)
            s.move(FEED, "retract", level=r)
            s.event(NOTE_DWELL, call.dwell)
            s.event(NOTE_SPINDLE_RESTORE)
            s.move(RAPID, "retract", level=clear)
    elif code == "G85":
        s.move(FEED, "retract", level=r)
        s.move(RAPID, "retract", level=clear)
    elif code == "G86":
        s.event(NOTE_DWELL, call.dwell)
        s.event(NOTE_SPINDLE_STOP)
        s.move(RAPID, "retract", level=clear)
        s.event(NOTE_SPINDLE_RESTORE)
    elif code == "G89":
        s.event(NOTE_DWELL, call.dwell)
        s.move(FEED, "retract", level=clear if lcnc else r)
        s.move(RAPID, "retract", level=clear)
    elif code == "G76":   # fanuc only (checked above)
        s.event(NOTE_DWELL, call.dwell)
        s.event(NOTE_SPINDLE_ORIENT)
        s.move(FEED, "shift", a + call.shift[0], b + call.shift[1])
        s.move(RAPID, "retract", level=clear)
        s.move(FEED, "shift_back", a, b)
        s.event(NOTE_SPINDLE_RESTORE)
    elif code == "G88":
        s.event(NOTE_DWELL, call.dwell)
        s.event(NOTE_SPINDLE_STOP)
        s.event(NOTE_PROGRAM_STOP)
        if not lcnc:
            s.move(RAPID, "manual_retract", level=clear)
        s.event(NOTE_SPINDLE_RESTORE)
    return s.out
