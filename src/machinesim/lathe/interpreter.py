"""The Fanuc lathe control (G-code system A): program text to a `Toolpath` in the XZ plane.

Moves are those of the imaginary tool tip in machine coordinates, X as a RADIUS (distance from the
spindle axis), Y = 0. Program flow (macro B, M98/M99, GOTO, WHILE) is the mill's, inherited from
`gcode.interpreter.Interpreter`; each block's words are read here with lathe meanings: X in
diameter (or radius, `[machine] x_mode`), U/W incremental, G18 arcs, T0101, G96/G97/G50 S,
G98/G99, nose radius compensation, and the cycles of `lathe.cycles`.
"""
from __future__ import annotations

import math

from .. import toolpath as tp
from ..gcode import subprogram_files
from ..gcode.arcs import OK, R_FULL_CIRCLE, R_TOO_SMALL, center_from_offsets, center_from_radius
from ..gcode.interpreter import INCH, Interpreter
from ..gcode.lexer import W_POINT, tokenize
from ..gcode.statements import Line
from . import cycles
from .nose import ARC, FEED, RAPID, CompensationError, Segment, nose_path
from .setup import TIP_DIRECTIONS

F_THREAD = 0x4000          # a synchronised threading feed (G32, G92, G76)

MOTION = {0.0, 1.0, 2.0, 3.0, 32.0, 90.0, 92.0, 94.0}
ONE_SHOT = {4.0, 10.0, 28.0, 50.0, 65.0, 70.0, 71.0, 72.0, 73.0, 74.0, 75.0, 76.0}
GROUPS = {**{g: "motion" for g in MOTION}, **{g: "once" for g in ONE_SHOT}, 96.0: "css", 97.0: "css",
          98.0: "feed", 99.0: "feed", 20.0: "units", 21.0: "units", 40.0: "comp", 41.0: "comp", 42.0: "comp",
          17.0: "plane", 18.0: "plane", 19.0: "plane", 80.0: "motion",
          **{float(g): "coord" for g in range(54, 60)}}
# LinuxCNC in lathe mode (dialect "linuxcnc"): G7/G8 diameter/radius, G90/G91 distance, G94/G95
# feed per minute/revolution, G33 K threading; G43/G49 apply the tool table's offsets (no-ops here)
LCNC_GROUPS = {**{g: "motion" for g in (0.0, 1.0, 2.0, 3.0, 33.0, 80.0)}, 4.0: "once", 28.0: "once",
               7.0: "diam", 8.0: "diam", 90.0: "distance", 91.0: "distance", 90.1: "arcdist", 91.1: "arcdist",
               94.0: "feed", 95.0: "feed", 96.0: "css", 97.0: "css", 20.0: "units", 21.0: "units",
               40.0: "comp", 41.0: "comp", 42.0: "comp", 17.0: "plane", 18.0: "plane", 19.0: "plane",
               43.0: "length", 49.0: "length", **{float(g): "coord" for g in range(54, 60)}}
LCNC_FEED = {94.0: 98.0, 95.0: 99.0}       # to the Fanuc lathe's codes for the same feed modes
M_GROUPS = {0.0: "stop", 1.0: "stop", 2.0: "stop", 30.0: "stop", 3.0: "spindle", 4.0: "spindle",
            5.0: "spindle", 7.0: "coolant", 8.0: "coolant", 9.0: "coolant", 98.0: "sub", 99.0: "sub",
            6.0: "turret"}                 # M6 (LinuxCNC's T1 M6): the T word already indexed the turret


def interpret(text: str | bytes, job, file: str = "<program>", *, loop_limit: int | None = None) -> tp.Toolpath:
    """A whole lathe program for `job` (whose `lathe` is set)."""
    data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else bytes(text)
    data, parts = subprogram_files.gather(data, str(file), job.machine.dialect == "fanuc")
    return LatheInterpreter(tokenize(data), data, job, str(file), loop_limit=loop_limit, parts=parts).run()


class LatheInterpreter(Interpreter):
    """One run of one lathe program."""

    def __init__(self, tokens, data: bytes, job, file: str, loop_limit: int | None = None, parts=None):
        super().__init__(tokens, data, job, file, loop_limit=loop_limit, fast=False, parts=parts)
        self.lathe = job.lathe
        self.dia = self.lathe.x_mode == "diameter"
        o = job.offset("G54")
        self.origin = [o[0], o[2]]
        self.shift = [0.0, 0.0]            # G50 X Z
        self.wear = [0.0, 0.0]
        self.tipm = list(self.lathe.home)  # machine tip (x radius, z)
        self.pos = self._prog(self.tipm)
        self.motion = 0.0
        self.feed_mode = 99
        self.feed = 0.0                    # the F word in mm (per rev in G99, per min in G98)
        self.css = False
        self.vc = 0.0
        self.limit: float | None = None
        self.css_at: tuple[int, int] | None = None
        self.tool_data = None
        self.comp_side = 0                 # +1 G41, -1 G42, 0 off
        self.buffer: list[Segment] = []
        self.capture: list[Segment] | None = None
        self.cyc: dict[float, dict] = {}
        self.cycle_end: list[float] | None = None    # end point of the last G90/G92/G94
        self.corner: tuple | None = None             # a chamfer or corner R waiting for its next block

    # --- frames ------------------------------------------------------------------------------------
    def _offset(self) -> tuple[float, float]:
        return (self.origin[0] + self.shift[0] + self.wear[0], self.origin[1] + self.shift[1] + self.wear[1])

    def _mach(self, p) -> tuple[float, float]:
        o = self._offset()
        return (p[0] + o[0], p[1] + o[1])

    def _prog(self, m) -> list[float]:
        o = self._offset()
        return [m[0] - o[0], m[1] - o[1]]

    def _nose(self) -> tuple[float, tuple[int, int]]:
        t = self.tool_data
        if t is None:
            return 0.0, (0, 0)
        return t.nose_radius, TIP_DIRECTIONS[t.tip]

    # --- words -------------------------------------------------------------------------------------
    def _block(self, pc: int, words) -> int:
        ln = pc + 1
        gs, ms, w = self._split_words(words, ln)
        g: dict[str, tuple[float, int]] = {}
        table = GROUPS if self.fanuc else LCNC_GROUPS
        for value, col in gs:
            grp = table.get(value)
            if grp is None:
                raise self.error("UNKNOWN_CODE", ln, col, word=f"G{value:g}",
                                 dialect="Fanuc lathe" if self.fanuc else "LinuxCNC lathe")
            if grp in g:
                raise self.error("MODAL_CONFLICT", ln, col, first=f"G{g[grp][0]:g}", second=f"G{value:g}")
            g[grp] = (value, col)
        m: dict[str, tuple[float, int]] = {}
        for value, col in ms:
            grp = M_GROUPS.get(value)
            if grp is None:
                self.warn("UNKNOWN_CODE", ln, col, word=f"M{value:g}", dialect="Fanuc lathe")
                continue
            if grp in m and grp != "coolant":
                raise self.error("MODAL_CONFLICT", ln, col, first=f"M{m[grp][0]:g}", second=f"M{value:g}")
            m[grp] = (value, col)
        if not self.fanuc:
            for letter in "UW":                 # axes of their own on a LinuxCNC machine
                if letter in w:
                    self.warn("UNSUPPORTED.code", ln, w[letter][1], word=letter)
                    del w[letter]
        for a, b in (("X", "U"), ("Z", "W")):
            if a in w and b in w and "once" not in g and g.get("motion", (0.0,))[0] not in (90.0, 92.0, 94.0):
                raise self.error("SYNTAX.repeated", ln, w[b][1], letter=f"{a}/{b}")
        return self._execute(pc, g, m, w)

    def _mm(self, w, letter: str, ln: int) -> float | None:
        """A length word in mm (radius for X/U in diameter mode)."""
        v = self._length(w, letter, ln)
        if v is not None and letter in "XU" and self.dia:
            v /= 2.0
        return v

    def _micron(self, w, letter: str, default: float = 0.0) -> float:
        """A G74/G75/G76 amount: micrometres without a decimal point, millimetres with one."""
        if letter not in w:
            return default
        value, _, flags = w[letter]
        return abs(value) * (self.units if flags & W_POINT else 0.001 * self.units)

    def _target(self, w, ln: int) -> list[float]:
        x, z = self.pos
        if self.incremental:                    # LinuxCNC G91
            return [x + (self._mm(w, "X", ln) or 0.0), z + (self._mm(w, "Z", ln) or 0.0)]
        if "X" in w:
            x = self._mm(w, "X", ln)
        if "U" in w:
            x += self._mm(w, "U", ln)
        if "Z" in w:
            z = self._mm(w, "Z", ln)
        if "W" in w:
            z += self._mm(w, "W", ln)
        return [x, z]

    # --- one block ---------------------------------------------------------------------------------
    def _execute(self, pc: int, g: dict, m: dict, w: dict) -> int:
        ln = pc + 1
        capture = self.capture is not None
        once = g.get("once")
        code = once[0] if once else None
        if "feed" in g:
            self.feed_mode = int(LCNC_FEED.get(g["feed"][0], g["feed"][0]))
        if "diam" in g:
            self.dia = g["diam"][0] == 7.0
        if "distance" in g:
            self.incremental = g["distance"][0] == 91.0
        if "arcdist" in g and g["arcdist"][0] == 90.1:
            self.warn("UNSUPPORTED", ln, g["arcdist"][1], word="G90.1")
        if "F" in w and not capture:
            f, col, _ = w["F"]
            if f < 0:
                raise self.error("SYNTAX.integer", ln, col, letter="F", value=f"{f:g}")
            self.feed = f * self.units
        if "css" in g:
            self.css = g["css"][0] == 96.0
            if self.css:
                self.css_at = (ln, g["css"][1])
                if not self.fanuc and "D" in w:     # LinuxCNC: G96 D is the rpm limit
                    self.limit = abs(w["D"][0])
        if "S" in w and not capture:
            s = abs(w["S"][0])
            if code == 50.0 and self.fanuc:
                self.limit = s
            elif self.css:
                self.vc = s
            else:
                self.speed = s
        if "T" in w and not capture:
            self._turret(w, ln)
        if "spindle" in m and not capture:
            self.direction = {3.0: 1, 4.0: -1, 5.0: 0}[m["spindle"][0]]
        if "coolant" in m and not capture:
            v = m["coolant"][0]
            self.coolant = 0 if v == 9.0 else 2
        if code == 4.0:
            self._dwell_lathe(w, ln)
        if "units" in g:
            self.units = INCH if g["units"][0] == 20.0 else 1.0
            self.units_seen = True
        if "plane" in g and g["plane"][0] != 18.0:
            self.warn("UNSUPPORTED", ln, g["plane"][1], word=f"G{g['plane'][0]:g}")
        if "coord" in g:
            o = self.job.offset(f"G{g['coord'][0]:g}")
            self._flush_comp()
            self.origin = [o[0], o[2]]
            self.pos = self._prog(self.tipm)
        if "comp" in g and not capture:
            self._comp_mode(g["comp"][0], ln, g["comp"][1])
        if "motion" in g:
            self.motion = g["motion"][0]
        axes = any(a in w for a in "XZUW")
        if code is not None and code not in (4.0, 50.0):
            return self._once(pc, code, once[1], w)
        if code == 50.0:
            if axes:
                self._flush_comp()
                t = self._target(w, ln)
                self.shift = [0.0, 0.0]
                o = self._offset()
                self.shift = [self.tipm[0] - o[0] - t[0], self.tipm[1] - o[1] - t[1]]
                self.pos = t
        elif axes:
            corner = self.fanuc and self.motion == 1.0 and ("C" in w or "R" in w)
            if self.motion in (0.0, 1.0, 32.0, 33.0):
                for letter in "CRIA":           # angle words, and chamfers off a G1: not simulated
                    if letter in w and not (letter == "I" and self.motion == 33.0) and \
                            not (corner and letter in "CR"):
                        self.warn("UNSUPPORTED.code", ln, w[letter][1], word=letter)
            self._motion(w, ln, g, corner)
        if "comp" in g and g["comp"][0] == 40.0 and not capture and self.comp_side:
            self._flush_comp(cancelling=axes)
            self.comp_side = 0
        if capture:
            return pc + 1
        return self._stops_lathe(pc, m, w)

    def _stops_lathe(self, pc: int, m: dict, w: dict) -> int:
        ln = pc + 1
        stop = m.get("stop")
        if stop is not None:
            if stop[0] in (2.0, 30.0):
                self._corner_flush()
                self._flush_comp()
                self._event(tp.END, ln)
                self.ended = True
                return pc + 1
            self._event(tp.STOP if stop[0] == 0.0 else tp.OPTIONAL_STOP, ln)
        sub = m.get("sub")
        if sub is not None:
            return self._m98(pc, sub, w) if sub[0] == 98.0 else self._m99(pc, sub, w)
        return pc + 1

    def _turret(self, w, ln: int) -> None:
        value, col, _ = w["T"]
        if value != int(value) or value < 0:
            raise self.error("SYNTAX.integer", ln, col, letter="T", value=f"{value:g}")
        v = int(value)
        number, offset = (v // 100, v % 100) if v >= 100 else (v, v)
        if number == 0:
            self.wear = [0.0, 0.0]
            self.pos = self._prog(self.tipm)
            return
        tool = self.lathe.tool(number)
        if tool is None:
            raise self.error("UNKNOWN_TOOL", ln, col, tool=number)
        self._flush_comp()
        if number != self.tool:
            self._event(tp.TOOL_CHANGE, ln, float(number))
        self.tool = number
        self.tool_data = tool
        wear_tool = self.lathe.tool(offset) if offset else None
        self.wear = list(wear_tool.wear) if wear_tool is not None else [0.0, 0.0]
        self.pos = self._prog(self.tipm)

    def _dwell_lathe(self, w, ln: int) -> None:
        if "P" in w:
            p = w["P"]
            seconds = p[0] / 1000.0 if self.fanuc and not p[2] & W_POINT else p[0]
        else:
            key = "X" if "X" in w else ("U" if "U" in w else None)
            seconds = w[key][0] if key else 0.0
        self._event(tp.DWELL, ln, max(seconds, 0.0))

    # --- speeds and feeds --------------------------------------------------------------------------
    def _rpm(self, x: float) -> float:
        """Spindle speed with the tool at radius x: constant surface speed follows the diameter."""
        if not self.css:
            return self.speed
        top = min(self.limit, self.m.spindle_max) if self.limit is not None else self.m.spindle_max
        d = 2.0 * abs(x)
        rpm = 1000.0 * self.vc / (math.pi * d) if d > 1e-9 else math.inf
        if self.limit is None and rpm > self.m.spindle_max and self.css_at is not None and self.vc > 0:
            self.warn("NO_SPINDLE_LIMIT", self.css_at[0], self.css_at[1], vc=f"{self.vc:g}",
                      rpm=f"{self.m.spindle_max:g}")
        return min(rpm, top)

    def _rates(self, kind: int, end_m, thread: bool, ln: int, lead: float | None = None) -> tuple[float, float]:
        """(feed mm/min, signed rpm) of a move ending at machine point `end_m`; a thread's lead is
        the F word (Fanuc) or `lead` (LinuxCNC's K)."""
        rpm = self._rpm(end_m[0])
        if kind == RAPID:
            return self.m.rapid, rpm * self.direction
        lead = self.feed if lead is None else lead
        if (lead if thread else self.feed) <= 0:
            raise self.error("NO_FEED", ln, 0)
        turning = rpm if self.direction else 0.0
        if thread:
            feed = lead * turning
            if feed > self.m.max_feed:
                self.warn("THREAD_FEED", ln, 0, rpm=f"{rpm:.0f}", lead=f"{lead:g}",
                          feed=f"{feed:.0f}", limit=f"{self.m.max_feed:g}")
        elif self.feed_mode == 98:
            feed = self.feed
        else:
            feed = self.feed * turning
        # spindle stopped in G99: the machine would wait; a nominal rate keeps the cycle time finite
        # (SPINDLE_OFF_CUT says what is wrong)
        return (feed if feed > 0 else self.feed * 1000.0), rpm * self.direction

    # --- motion ------------------------------------------------------------------------------------
    def _motion(self, w, ln: int, g, corner: bool = False) -> None:
        code = self.motion
        col = g["motion"][1] if "motion" in g else 0
        t = self._target(w, ln)
        if self.corner is not None:
            self._corner_end(t, ln)
        if code == 0.0:
            self._go(RAPID, t, ln)
        elif corner:
            self._corner_start(w, t, ln, col)
        elif code in (1.0, 32.0):
            self._go(FEED, t, ln, thread=code == 32.0)
        elif code == 33.0:                       # LinuxCNC: K is the lead
            if "K" not in w:
                raise self.error("SYNTAX.missing", ln, col, word="K", code="G33")
            self._go(FEED, t, ln, thread=True, lead=abs(self._length(w, "K", ln)))
        elif code in (2.0, 3.0):
            self._arc_lathe(code == 3.0, t, w, ln, col)
        elif code in (90.0, 92.0, 94.0):
            taper = self._length(w, "R", ln) or 0.0
            a = list(self.pos)
            if "motion" not in g and self.cycle_end is not None:     # a modal repeat keeps the
                if "X" not in w and "U" not in w:                   # other axis of the last one
                    t[0] = self.cycle_end[0]
                if "Z" not in w and "W" not in w:
                    t[1] = self.cycle_end[1]
            self.cycle_end = list(t)
            fn = {90.0: cycles.turning_cycle, 92.0: cycles.thread_cycle, 94.0: cycles.facing_cycle}[code]
            self._play(fn(a, t[0], t[1], taper), ln)
        elif code == 80.0:
            pass

    # --- chamfer and corner R between two single-axis G1 blocks (Fanuc "C" and "R") -------------
    def _corner_start(self, w, t, ln: int, col: int) -> None:
        """A G1 along one axis with C (45° chamfer) or R (corner radius) toward the next block:
        the move stops that far short; the next block, along the other axis, makes the corner."""
        letter = "C" if "C" in w else "R"
        amount = abs(self._length(w, letter, ln))
        a = self.pos
        moves = [abs(t[k] - a[k]) > 1e-12 for k in (0, 1)]
        if moves[0] == moves[1] or amount <= 0:
            raise self.error("LATHE.corner_axis", ln, w[letter][1], word=letter)
        axis = 1 if moves[1] else 0
        sgn = math.copysign(1.0, t[axis] - a[axis])
        if abs(t[axis] - a[axis]) < amount - 1e-9:
            raise self.error("LATHE.corner_short", ln, w[letter][1], word=letter, amount=f"{amount:g}")
        d = list(t)
        d[axis] -= sgn * amount
        self._go(FEED, d, ln)
        self.corner = (letter, amount, axis, sgn, tuple(t), ln, w[letter][1], tuple(d))
        self.pos = list(t)                      # the next block reads its axes from the programmed end

    def _corner_end(self, nxt, ln: int) -> None:
        """The corner of the pending chamfer or radius, toward the next block's end `nxt`."""
        letter, amount, axis, sgn, b, ln0, col0, d = self.corner
        self.corner = None
        self.pos = list(d)                      # where the tool is
        other = 1 - axis
        if abs(nxt[axis] - b[axis]) > 1e-9 or abs(nxt[other] - b[other]) < amount - 1e-9:
            raise self.error("LATHE.corner_next", ln0, col0, word=letter, next=ln)
        s = math.copysign(1.0, nxt[other] - b[other])
        c = list(b)
        c[other] += s * amount
        if letter == "C":
            self._go(FEED, c, ln0)
            return
        centre = list(b)
        centre[axis] -= sgn * amount
        centre[other] += s * amount
        u, v = [0.0, 0.0], [0.0, 0.0]
        u[axis], v[other] = sgn, s
        self._go(ARC, c, ln0, centre=tuple(centre), ccw=(u[1] * v[0] - u[0] * v[1]) > 0)

    def _corner_flush(self) -> None:
        """A pending chamfer that no next block takes: the move goes to its programmed end."""
        if self.corner is not None:
            b, ln0, d = self.corner[4], self.corner[5], self.corner[7]
            self.corner = None
            self.pos = list(d)
            self._go(FEED, b, ln0)

    def _arc_lathe(self, ccw: bool, e, w, ln: int, col: int) -> None:
        s = self.pos
        tol = self.m.arc_tolerance
        if "R" in w:
            r = self._length(w, "R", ln)
            st, cz, cx = center_from_radius(s[1], s[0], e[1], e[0], r, ccw, tol)
            if st == R_FULL_CIRCLE:
                raise self.error("ARC_GEOMETRY.full_circle_r", ln, w["R"][1])
            if st == R_TOO_SMALL:
                d = math.hypot(e[0] - s[0], e[1] - s[1])
                raise self.error("ARC_GEOMETRY.reach", ln, w["R"][1], r=f"{abs(r):.4f}", half=f"{d / 2:.4f}")
        else:
            if "I" not in w and "K" not in w:
                raise self.error("ARC_GEOMETRY.no_center", ln, col, plane="G18")
            cx = s[0] + (self._length(w, "I", ln) or 0.0)
            cz = s[1] + (self._length(w, "K", ln) or 0.0)
            st, r0, r1 = center_from_offsets(s[1], s[0], e[1], e[0], cz, cx, tol)
            if st != OK:
                if r0 > 1e-9 and r1 > 1e-9:
                    raise self.error("ARC_GEOMETRY.radii", ln, col, r0=f"{r0:.4f}", r1=f"{r1:.4f}", tol=f"{tol:g}")
                raise self.error("ARC_GEOMETRY.zero", ln, col)
        self._go(ARC, e, ln, centre=(cx, cz), ccw=ccw)

    def _play(self, moves, ln: int, flags: int = tp.F_CYCLE) -> None:
        for kind, x, z, centre, ccw, thread in moves:
            self._go(kind, [x, z], ln, centre=centre, ccw=ccw, thread=thread, flags=flags)

    def _go(self, kind: int, end, ln: int, centre=None, ccw: bool = True, thread: bool = False,
            flags: int = 0, lead: float | None = None) -> None:
        """One move to program point `end`: captured (G71 profile), buffered (G41/G42) or made."""
        end = (float(end[0]), float(end[1]))
        if self.capture is not None:
            self.capture.append(Segment(kind, tuple(self.pos), end, centre, ccw, ln))
            self.pos = list(end)
            return
        p0, p1 = self._mach(self.pos), self._mach(end)
        c = self._mach(centre) if centre is not None else None
        feed, rpm = self._rates(kind, p1, thread, ln, lead)
        data = (ln, feed, rpm, flags | (F_THREAD if thread else 0))
        self.pos = list(end)
        if self.comp_side:
            self.buffer.append(Segment(kind, p0, p1, c, ccw, data))
            return
        self._emit(kind, self.tipm, p1, c, ccw, data)
        self.tipm = list(p1)

    def _emit(self, kind, p0, p1, c, ccw, data) -> None:
        ln, feed, rpm, flags = data
        if kind == RAPID and math.dist(p0, p1) < 1e-12:
            return
        centre = (c[0], 0.0, c[1]) if c is not None else (0.0, 0.0, 0.0)
        axis = (0.0, 1.0 if ccw else -1.0, 0.0) if kind == ARC else (0.0, 0.0, 0.0)
        self.pending.append((kind, ln, 0, (p0[0], 0.0, p0[1]), (p1[0], 0.0, p1[1]), centre, axis, 0, feed,
                             self.tool, rpm, self.coolant, flags))
        self.nmoves += 1

    # --- nose radius compensation ----------------------------------------------------------------
    def _comp_mode(self, code: float, ln: int, col: int) -> None:
        if code == 40.0:
            return
        side = 1 if code == 41.0 else -1
        if self.comp_side and side != self.comp_side:
            self._flush_comp()
        self.comp_side = side

    def _comp_cancel(self, seg, ln: int) -> None:   # the inherited end of program calls this
        self._corner_flush()
        self._flush_comp()

    def _flush_comp(self, cancelling: bool = False) -> None:
        """Offset the buffered contour and make its moves; the tool stays compensated at its end
        unless the last buffered block cancelled (G40 with a move)."""
        if not self.buffer:
            return
        r, d = self._nose()
        segs = self.buffer
        self.buffer = []
        if r <= 0:
            for s in segs:
                self._emit(s.kind, self.tipm, s.p1, s.c, s.ccw, s.data)
                self.tipm = list(s.p1)
            return
        to_c = (r * d[0], r * d[1])
        start = (self.tipm[0] - to_c[0], self.tipm[1] - to_c[1])
        last = segs[-1]
        tail = None
        if cancelling and len(segs) > 1:
            tail = Segment(last.kind, last.p0, (last.p1[0] - to_c[0], last.p1[1] - to_c[1]), None, True, last.data)
            segs = segs[:-1]
        try:
            path = nose_path(start, segs[0], segs[1:], self.comp_side, r, tail)
        except CompensationError as exc:
            ln = exc.data[0]
            raise self.error("COMPENSATION.arc_too_small", ln, 0, arc_radius=f"{exc.radius:.3f}",
                             tool_radius=f"{r:g}")
        for s in path:
            p0 = (s.p0[0] + to_c[0], s.p0[1] + to_c[1])
            p1 = (s.p1[0] + to_c[0], s.p1[1] + to_c[1])
            c = (s.c[0] + to_c[0], s.c[1] + to_c[1]) if s.c is not None else None
            ln, feed, rpm, flags = s.data
            self._emit(s.kind, p0, p1, c, s.ccw, (ln, feed, rpm, flags | tp.F_COMP))
            self.tipm = list(p1)

    # --- one-shot codes and multi-block cycles ------------------------------------------------------
    def _once(self, pc: int, code: float, col: int, w) -> int:
        ln = pc + 1
        self._corner_flush()
        if code == 65.0:
            return self._g65(pc, col, w)
        if code == 10.0:
            self.warn("UNSUPPORTED", ln, col, word="G10")
            return pc + 1
        if code == 28.0:
            self._flush_comp()
            mid = self._target(w, ln)
            self._go(RAPID, mid, ln)
            home = list(self.tipm)
            every = not any(a in w for a in "XZUW")      # G28 alone (Haas): every axis home
            if every or "U" in w or "X" in w:
                home[0] = self.lathe.home[0]
            if every or "W" in w or "Z" in w:
                home[1] = self.lathe.home[1]
            self._go(RAPID, self._prog(home), ln, flags=tp.F_MACHINE)
            return self._stops_lathe(pc, {}, w)
        if self.capture is not None:
            return pc + 1
        try:
            if code == 70.0:
                return self._g70(pc, w, col)
            if code in (71.0, 72.0, 73.0):
                return self._roughing(pc, code, w, col)
            if code in (74.0, 75.0):
                return self._peck(pc, code, w)
            return self._g76(pc, w)
        except cycles.CycleError as exc:
            line = exc.params.get("profile_line", ln)
            line = line if isinstance(line, int) else ln
            raise self.error(exc.key, line, 0, **{**exc.params, "profile_line": line})

    def _lines(self, pc: int, w, code: float) -> tuple[int, int]:
        ln = pc + 1
        lines = []
        for letter in "PQ":
            n = self._integer(w, letter, ln)
            if n is None:
                raise self.error("SYNTAX.missing", ln, 0, word=letter, code=f"G{code:g}")
            i = self.structure.sequence_line(n, pc, self.t.lines)
            if i is None:
                raise self.error("SUBPROGRAM.sequence", ln, w[letter][1], number=n)
            lines.append(i)
        if lines[1] < lines[0]:
            raise self.error("LATHE.pq_order", ln, w["Q"][1], p=int(w["P"][0]), q=int(w["Q"][0]))
        return lines[0], lines[1]

    def _capture(self, first: int, last: int) -> list[Segment]:
        """The profile blocks first..last read without moving: their programmed segments."""
        saved = (list(self.pos), self.motion, self.units, self.corner)
        self.capture, self.corner = [], None
        try:
            for i in range(first, last + 1):
                self._line(i)
            self._corner_flush()
            return self.capture
        finally:
            self.capture = None
            self.pos, self.motion, self.units, self.corner = saved

    def _letters(self, i: int) -> set[str]:
        line = self._parse(i)
        return {word[0] for word in line.words} if isinstance(line, Line) else set()

    def _roughing(self, pc: int, code: float, w, col: int) -> int:
        ln = pc + 1
        if "P" not in w or "Q" not in w:          # first block: depth of cut and retract (or G73 relief)
            first = self.cyc.setdefault(code, {})
            if code == 73.0:
                first["relief"] = ((self._length(w, "U", ln) or 0.0), self._length(w, "W", ln) or 0.0)
                first["passes"] = w["R"][0] if "R" in w else 1
            else:
                first["depth"] = self._length(w, "U" if code == 71.0 else "W", ln) or 1.0
                first["retract"] = self._length(w, "R", ln) or 0.5
            return pc + 1
        self._flush_comp()
        ns, nf = self._lines(pc, w, code)
        du = (self._mm(w, "U", ln) or 0.0)
        dw = self._length(w, "W", ln) or 0.0
        segs = self._capture(ns, nf)
        if not segs:
            raise self.error("LATHE.profile_empty", ln, col, p=int(w["P"][0]))
        a = list(self.pos)
        approach, profile = segs[0], segs[1:]
        profile = cycles.shifted([Segment(approach.kind, approach.p0, approach.p1, None, True, approach.data)]
                                 + profile, du, dw)
        first = self.cyc.get(code, {})
        if code == 73.0:
            relief = first.get("relief", (0.0, 0.0))        # U of the first block: a radius
            moves = cycles.pattern(a, profile[1:], relief, int(first.get("passes", 1)))
        else:
            letters = self._letters(ns)
            type2 = code == 71.0 and bool(letters & {"X", "U"}) and bool(letters & {"Z", "W"})
            depth = self._length(w, "D", ln) or first.get("depth", 1.0)   # Haas: one block, D the depth
            retract = first.get("retract", 0.5)
            infeed = RAPID if approach.kind == RAPID else FEED
            moves = cycles.rough(a, profile[1:], depth, retract, code == 72.0, infeed, type2)
        self._play(moves, ln)
        return nf + 1 if nf > pc else pc + 1

    def _g70(self, pc: int, w, col: int) -> int:
        ns, nf = self._lines(pc, w, 70.0)
        a = list(self.pos)
        for i in range(ns, nf + 1):
            self._line(i)
        self._go(RAPID, a, pc + 1, flags=tp.F_CYCLE)
        return pc + 1

    def _peck(self, pc: int, code: float, w) -> int:
        ln = pc + 1
        if not any(k in w for k in "XZUW"):
            self.cyc.setdefault(code, {})["retract"] = self._length(w, "R", ln) or 0.5
            return pc + 1
        t = self._target(w, ln)
        retract = self.cyc.get(code, {}).get("retract", 0.5)
        step_x = self._micron(w, "P")
        step_z = self._micron(w, "Q")
        moves = cycles.peck_cycle(list(self.pos), t[0], t[1], step_x, step_z, retract, along_z=code == 74.0)
        self._play(moves, ln)
        return self._stops_lathe(pc, {}, w)

    def _g76(self, pc: int, w) -> int:
        ln = pc + 1
        if not any(k in w for k in "XZUW"):
            first = self.cyc.setdefault(76.0, {})
            if "P" in w:
                p = int(w["P"][0])
                first["finishing"], first["angle"] = max(p // 10000, 1), float(p % 100)
            first["minimum"] = self._micron(w, "Q")
            first["allowance"] = self._length(w, "R", ln) or 0.0
            return pc + 1
        first = self.cyc.get(76.0, {})
        t = self._target(w, ln)
        height = self._micron(w, "P")
        depth = self._micron(w, "Q") or height
        taper = self._length(w, "R", ln) or 0.0
        moves = cycles.multi_thread(list(self.pos), t[0], t[1], height, depth, first.get("minimum", 0.0),
                                    first.get("allowance", 0.0), int(first.get("finishing", 1)),
                                    first.get("angle", 60.0), taper)
        self._play(moves, ln)
        return pc + 1
