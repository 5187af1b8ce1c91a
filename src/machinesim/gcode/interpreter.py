"""The modal interpreter: words of each block to moves and events, as the control would run them.

Positions are kept in program (work) coordinates `prog`, millimetres; the tool tip in machine
coordinates is ``prog + origin + (0, 0, h - length)``: `origin` the work offset (G54..., G92, G52),
`h` the G43/G44 length (machine.tool_length = "offsets"), `length` that of the tool in the spindle
(the machine holds the gauge line, so a tool change moves the tip without a move). In "touch_off"
both lengths are zero. Within a block, words act in the order of RS274/NGC: feed mode, F, S, T,
M6, spindle, coolant, dwell, plane, units, compensation, tool length, work offset, distance modes,
retract mode, G10/G28/G30/G52/G53/G92, motion, stops. An error a control would alarm on stops the
program at its line; the moves before it are kept.
"""
from __future__ import annotations

import math
import re
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from .. import tool_offsets
from .. import toolpath as tp
from ..findings import ERROR, INFO, WARNING, Finding
from . import codes, cutter_comp, cycles, dialects, fastlane, system_params
from .arcs import (FULL_CIRCLE_SNAP, OK, PLANE_AXES, R_FULL_CIRCLE, R_TOO_SMALL, RADII_DIFFER,
                   center_from_offsets, center_from_radius)
from .control import ProgramFlow
from .flow import Structure
from .lexer import L_BLOCK_DELETE, L_COMPLEX, L_ERROR, L_PERCENT, L_PLAIN, W_POINT, ERROR_KEYS, Tokens
from .params import Params
from .statements import Line, ParseError, parse_line
from .subprogram_files import Part

INCH = 25.4
_WORD = re.compile(r"[A-Za-z]\s*[-+]?[\d. ]*[\d.]")
COORD_NAMES = ("G54", "G55", "G56", "G57", "G58", "G59", "G59.1", "G59.2", "G59.3")
_FAST_CHUNK = 1 << 18



class Stop(Exception):
    """The control alarms: interpretation ends at this block."""


class Interpreter(ProgramFlow):
    """One run of one program: `run()` gives its `Toolpath`."""

    def __init__(self, tokens: Tokens, data: bytes, job, file: str, block_delete: bool = False,
                 loop_limit: int | None = None, fast: bool = True, parts=None,
                 choice: dialects.Choice | None = None):
        self.t = tokens
        # the main program, then the subprogram files appended to it (subprogram_files.Part)
        self.parts = list(parts) if parts else [Part(file, 0)]
        self.main_lines = self.parts[1].first_line if len(self.parts) > 1 else tokens.lines
        self.data = data
        self.job = job
        self.m = job.machine
        self.file = file
        if self.m.dialect == "auto" and choice is None:
            choice = dialects.choose(data, file)
        self.control = choice.control if choice else self.m.dialect    # the codes it knows
        self.dialect = dialects.family(self.control)                    # how it runs them
        self.fanuc = self.dialect == "fanuc"
        self.block_delete = block_delete
        self.limits = job.limits if loop_limit is None else replace(job.limits, loop_passes=loop_limit)
        self.fast = fast
        self.findings: list[Finding] = []
        if choice is not None:
            self.findings.append(Finding("DIALECT", INFO, max(choice.line, 1), 0, file,
                                         "DIALECT.auto" if choice.evidence else "DIALECT.auto_default",
                                         {"dialect": choice.control, "evidence": choice.evidence}))
        self.warned: set[tuple[str, int, int]] = set()
        self.chunks: list[np.ndarray] = []
        self.pending: list[tuple] = []
        self.nmoves = 0
        self.events: list[tuple] = []
        self.parsed: dict[int, Line | ParseError] = {}
        self.params = Params(self.dialect, dialects.MAX_VARIABLE.get(self.control, 5399))
        self.params.system = lambda n: system_params.numbered(self, n)
        self.params.system_named = lambda name: system_params.named(self, name)
        # modal state
        self.units = 1.0
        self.incremental = False
        self.arc_incremental = True
        self.plane = 17
        self.feed_mode = 94
        self.feed = 0.0            # mm/min (G94), raw F for G93/G95
        self.motion: float | None = dialects.POWER_ON_MOTION.get(self.control, 0.0 if self.fanuc else None)
        self.last_linear = 0.0
        self.speed = 0.0
        self.direction = 0
        self.coolant = 0
        self.tool = 0
        self.next_tool = 0
        self.tool_assumed = False  # the job's tool_default stands in for a tool never loaded
        self.no_tool_said = False
        self.tlo = 49
        self.h_length = 0.0
        self.h_number = 0
        self.tool_offsets = tool_offsets.OffsetTable(job)      # D and H: geometry + wear, G10 L1/L10-L13
        self.coord = "G54"
        self.offsets = {name: list(job.offset(name)) for name in COORD_NAMES}
        self.g92 = [0.0, 0.0, 0.0]
        self.g92_saved = [0.0, 0.0, 0.0]      # what G92.3 restores after G92.2
        self.g52 = [0.0, 0.0, 0.0]
        self.home = {28: [0.0, 0.0, 0.0], 30: [0.0, 0.0, 0.0]}
        self.retract = 98 if self.fanuc else 99
        self.comp = None
        self.polar = None          # the step of this block's polar words (LinuxCNC @ ^)
        self.comp_seen = 0
        self._cancel_pending = False
        self.cycle_initial: float | None = None
        self.cycle_words: dict[str, float] = {}
        self.tip = [0.0, 0.0, 0.0]             # homed, spindle empty: the gauge line at machine zero
        self.prog = self._from_tip(self.tip)
        self.ended = False
        self.end_line = 0            # the M2/M30 that ended the program
        self.units_seen = False      # a G20 or G21 was read
        self.percent = 0
        self.passes = 0
        self.loop_passes: dict[int, int] = {}     # line closing a loop (jump, call) -> its passes
        self.idle, self.idle_mark = 0, 0          # passes in a row without a move, moves then
        self.loop_states: dict[int, tuple] = {}   # loop line -> the state at its last sampled pass
        self.started = time.monotonic()
        self.stack: list[dict] = []
        self.repeat_counts: dict[tuple[int, str], int] = {}
        self.structure = self._scan()
        breaks = np.flatnonzero(tokens.line_flags != L_PLAIN)         # where plain runs end
        self.breaks = np.union1d(breaks, [p.first_line for p in self.parts[1:]]).astype(np.int64)

    # --- findings ---------------------------------------------------------------------------------
    def error(self, key: str, line: int, column: int = 0, **params) -> Stop:
        self.findings.append(Finding(key.split(".")[0], ERROR, line, column, self.file, key, params,
                                     tool=self.tool))
        return Stop()

    def warn(self, key: str, line: int, column: int = 0, **params) -> None:
        """A warning, once per place: a loop does not repeat it."""
        if (key, line, column) in self.warned:
            return
        self.warned.add((key, line, column))
        self.findings.append(Finding(key.split(".")[0], WARNING, line, column, self.file, key, params,
                                     tool=self.tool))

    # --- frames -----------------------------------------------------------------------------------
    def _lengths(self) -> tuple[float, float]:
        """(h, length): the G43/G44 term and the length of the tool in the spindle."""
        if self.m.tool_length != "offsets":
            return 0.0, 0.0
        h = self.h_length if self.tlo == 43 else (-self.h_length if self.tlo == 44 else 0.0)
        tool = self.job.tool(self.tool) if self.tool and not self.tool_assumed else None
        return h, (tool.length if tool is not None else 0.0)

    def _offs(self) -> list[float]:
        """tip = prog + _offs()."""
        o = self.offsets[self.coord]
        h, length = self._lengths()
        return [o[0] + self.g92[0] + self.g52[0], o[1] + self.g92[1] + self.g52[1],
                o[2] + self.g92[2] + self.g52[2] + (h - length)]

    def _to_tip(self, p) -> list[float]:
        o = self._offs()
        return [p[0] + o[0], p[1] + o[1], p[2] + o[2]]

    def _from_tip(self, tip) -> list[float]:
        o = self._offs()
        return [tip[0] - o[0], tip[1] - o[1], tip[2] - o[2]]

    def _reframe(self) -> None:
        """Offsets changed, the tool did not move: program coordinates follow."""
        self.prog = self._from_tip(self.tip)

    # --- records ----------------------------------------------------------------------------------
    def _flags(self, extra: int = 0) -> int:
        f = extra
        if self.tlo in (43, 44):
            f |= tp.F_TOOL_LENGTH
        if self.feed_mode == 93:
            f |= tp.F_INVERSE_TIME
        return f

    def _spindle(self) -> float:
        return self.speed * self.direction

    def _add(self, kind, line, start, end, feed, flags, center=(0.0, 0.0, 0.0), axis=(0.0, 0.0, 0.0),
             turns=0) -> None:
        if kind != tp.RAPID and self.tool == 0:
            self._no_tool(line)
        self.pending.append((kind, line, 0, tuple(start), tuple(end), tuple(center), tuple(axis), turns,
                             feed, self.tool, self._spindle(), self.coolant, flags))
        self.nmoves += 1

    def _no_tool(self, ln: int) -> None:
        """A cutting move with no tool in the spindle (no T, T0, or T without M6) would remove
        nothing: the job's `tool_default` stands in for it, said once, or it is an error.

        The stand-in keeps the tip on the programmed point (its length is taken as touched off) and
        carries the prepared T number when the table lacks it, else the first number it lacks."""
        default = self.job.tool_default
        if default is None:
            if not self.no_tool_said:
                self.no_tool_said = True
                self.findings.append(Finding("NO_TOOL", ERROR, ln, 0, self.file, "NO_TOOL", {}))
            return
        n = self.next_tool
        if not n or n in self.job.tools:
            n = max([n, *self.job.tools], default=0) + 1
        self.tool, self.tool_assumed = n, True
        if not self.no_tool_said:
            self.no_tool_said = True
            self.findings.append(Finding("NO_TOOL", WARNING, ln, 0, self.file, "NO_TOOL.default",
                                         {"tool": n, "diameter": f"{default.diameter:g}"}, tool=n))

    def _flush(self) -> None:
        if self.pending:
            self.chunks.append(np.array(self.pending, tp.MOVE_DTYPE))
            self.pending = []

    def _event(self, kind: int, line: int, value: float = 0.0) -> None:
        self.events.append((kind, line, 0, self.nmoves, value))

    # --- program structure ------------------------------------------------------------------------
    def _line_text(self, i: int) -> str:
        return self.data[self.t.line_start[i]:self.t.line_end[i]].decode("latin-1")

    def _parse(self, i: int) -> Line | ParseError:
        got = self.parsed.get(i)
        if got is None:
            try:
                got = parse_line(self._line_text(i), self.dialect)
            except ParseError as exc:
                got = exc
            self.parsed[i] = got
        return got

    def _scan(self) -> Structure:
        s = Structure()
        t = self.t
        for i in np.flatnonzero(t.line_flags & (L_COMPLEX | L_ERROR)):
            line = self._parse(int(i))
            if isinstance(line, ParseError):
                continue
            i = int(i)
            if line.program is not None:
                s.programs.setdefault(line.program, i)
            if line.oword is not None:
                s.owords[line.oword[0]].append((i, line.oword[1]))
            if line.macro is not None and line.macro[0] in ("WHILE", "DO", "END"):
                m = line.macro[2] if line.macro[0] == "WHILE" else line.macro[1]
                s.macros.append((i, line.macro[0], m))
            if line.words and line.words[0][0] == "N" and isinstance(line.words[0][1], float):
                s.sequence[int(line.words[0][1])].append(i)
        first = t.line_word[:-1]
        has = first < t.line_word[1:]
        idx = np.flatnonzero(has)
        nwords = t.letter[first[idx]] == ord("N")
        for i, v in zip(idx[nwords], t.value[first[idx[nwords]]]):
            s.sequence[int(v)].append(int(i))
        for v in s.sequence.values():
            v.sort()
        return s

    # --- main loop --------------------------------------------------------------------------------
    def run(self) -> tp.Toolpath:
        pc = 0
        n = self.t.lines
        try:
            misses, retry = 0, 0
            while pc < n and not self.ended:
                if pc >= self.main_lines and not self.stack:
                    break           # the main program's end: the subprogram files follow it
                if self.fast and pc >= retry and self.t.line_flags[pc] == L_PLAIN and self._fast_ok():
                    start = pc
                    pc = self._fast_run(pc)
                    if pc >= n or (pc >= self.main_lines and not self.stack):
                        break
                    # lines the fast lane keeps refusing (Fanuc words without a point...): back off
                    misses = 0 if pc > start else min(misses + 1, 6)
                    retry = pc + (1 << misses) if misses else 0
                pc = self._line(pc)
            if not self.ended:
                self._finish(self.main_lines)
            elif self.end_line:
                self._after_end(pc)
        except Stop:
            pass
        if not self.units_seen and (self.nmoves or self.chunks):
            first = int(self.chunks[0]["line"][0]) if self.chunks else int(self.pending[0][1])
            self.warn("UNITS.missing", first)
        self._flush()
        moves = np.concatenate(self.chunks) if self.chunks else tp.empty_moves()
        events = np.array(self.events, tp.EVENT_DTYPE) if self.events else np.zeros(0, tp.EVENT_DTYPE)
        findings = [self._own_file(f) for f in self.findings]
        for k in range(len(self.parts) - 1, 0, -1):      # last file first: lines still global
            part = self.parts[k]
            for records in (moves, events):
                inside = (records["file"] == 0) & (records["line"] > part.first_line)
                records["file"][inside] = k
                records["line"][inside] -= part.first_line
        return tp.Toolpath(moves, events, tuple(p.file for p in self.parts), tuple(findings),
                           self.main_lines)

    def _local(self, line: int) -> tuple[str, int]:
        """The file and its own line number of a line of the whole text."""
        for part in reversed(self.parts[1:]):
            if line > part.first_line:
                return part.file, line - part.first_line
        return self.parts[0].file, line

    def _own_file(self, f: Finding) -> Finding:
        """A finding on a line of an appended subprogram file names that file and its line; so do
        the lines its sentence quotes (`element_line`...), with their file when it is another."""
        if len(self.parts) == 1:
            return f
        file, line = self._local(f.line)
        params = dict(f.params)
        for key, value in f.params.items():
            if key.endswith("_line") and isinstance(value, int):
                other, local = self._local(value)
                params[key] = local if other == file else f"{local} ({Path(other).name})"
        return replace(f, file=file, line=line, params=params)

    def _after_end(self, pc: int) -> None:
        """Code after M2/M30 in the main program is never run: said once, at its first line. An O
        block or an o-word sub that follows is a subprogram (on Haas, so is an N block: M97's), and
        '%' ends the tape."""
        t = self.t
        for i in range(pc, self.main_lines):
            if t.line_flags[i] & L_PERCENT:
                return
            if self.control == "haas" and i in self.structure.sequence.get(self._first_n(i), ()):
                return
            if t.line_flags[i] & (L_COMPLEX | L_ERROR):
                line = self._parse(i)
                if isinstance(line, ParseError):
                    break
                if line.program is not None or (line.oword is not None and line.oword[1] == "sub"):
                    return
                if line.words or line.assigns or line.macro or line.oword:
                    break
            elif t.line_word[i] < t.line_word[i + 1]:
                break
        else:
            return
        self.warn("PROGRAM_END.code_after", i + 1, end=self.end_line)

    def _first_n(self, i: int) -> int:
        """The N number line `i` starts with (-1: none)."""
        a = self.t.line_word[i]
        if a < self.t.line_word[i + 1] and self.t.letter[a] == ord("N"):
            return int(self.t.value[a])
        return -1

    def _finish(self, n: int) -> None:
        self._comp_cancel(None, max(n, 1))
        if not (self.percent >= 2 and not self.fanuc):
            self.warn("PROGRAM_END_MISSING", max(n, 1))

    def _fast_ok(self) -> bool:
        """The fast lane starts its moves at the programmed point: not while the tool stands off it
        (after a G40 without a move)."""
        return (self.comp is None and self.feed_mode == 94 and self.cycle_initial is None
                and (self.motion is None or self.motion <= 3.0)
                and math.dist(self.tip, self._to_tip(self.prog)) <= 1e-9)

    def _fast_run(self, pc: int) -> int:
        t = self.t
        k = np.searchsorted(self.breaks, pc)
        last = int(self.breaks[k]) if k < len(self.breaks) else t.lines
        sf = np.zeros(fastlane.NF)
        si = np.zeros(fastlane.NI, np.int64)
        sf[0:3] = self.prog
        sf[3:6] = self._offs()
        sf[fastlane.S_FEED] = self.feed
        sf[fastlane.S_UNITS] = self.units
        sf[fastlane.S_RAPID] = self.m.rapid
        sf[fastlane.S_TOL] = self.m.arc_tolerance
        si[fastlane.I_MOTION] = -1 if self.motion is None else int(self.motion)
        si[fastlane.I_INCR] = self.incremental
        si[fastlane.I_ARC_INCR] = self.arc_incremental
        si[fastlane.I_PLANE] = self.plane
        si[fastlane.I_FANUC] = self.fanuc
        chunk = 256        # grows: a run that stops at once costs little
        while pc < last:
            stop = min(last, pc + chunk)
            chunk = min(chunk * 4, _FAST_CHUNK)
            m = stop - pc
            kind = np.zeros(m, np.int8)
            line = np.zeros(m, np.int32)
            start = np.zeros((m, 3))
            end = np.zeros((m, 3))
            center = np.zeros((m, 3))
            axis = np.zeros((m, 3))
            feed = np.zeros(m)
            done, nm = fastlane.run(t.letter, t.value, t.flags, t.line_word, t.line_flags, pc, stop, sf, si,
                                    kind, line, start, end, center, axis, feed)
            if nm:
                self._flush()
                rec = tp.empty_moves(nm)
                rec["kind"] = kind[:nm]
                rec["line"] = line[:nm]
                rec["start"] = start[:nm]
                rec["end"] = end[:nm]
                rec["center"] = center[:nm]
                rec["axis"] = axis[:nm]
                rec["feed"] = feed[:nm]
                if self.tool == 0 and (kind[:nm] != tp.RAPID).any():
                    self._no_tool(int(line[int(np.argmax(kind[:nm] != tp.RAPID))]))
                rec["tool"] = self.tool
                rec["spindle"] = self._spindle()
                rec["coolant"] = self.coolant
                rec["flags"] = self._flags()
                self.chunks.append(rec)
                self.nmoves += nm
            pc = int(done)
            if done < stop:
                break
        self.prog = [float(v) for v in sf[0:3]]
        self.tip = self._to_tip(self.prog)
        self.feed = float(sf[fastlane.S_FEED])
        mo = int(si[fastlane.I_MOTION])
        self.motion = None if mo < 0 else float(mo)
        if self.motion is not None and self.motion <= 1.0:
            self.last_linear = self.motion
        return pc

    def _line(self, pc: int) -> int:
        """Interpret line `pc` (0-based); returns the next line to read."""
        flags = int(self.t.line_flags[pc])
        ln = pc + 1
        if flags & L_PERCENT:
            self.percent += 1
            if self.percent >= 2 and pc > 0:
                self.ended = True
            return pc + 1
        if flags & L_ERROR and self.control == "grbl" and self._line_text(pc).lstrip().startswith("$"):
            self.warn("UNSUPPORTED.grbl", ln, 1, word=self._line_text(pc).strip()[:20])
            return pc + 1           # a grbl system command ($H homing, $X unlock, $J= jog)
        if flags & (L_COMPLEX | L_ERROR):
            line = self._parse(pc)
            if isinstance(line, ParseError):
                raise self.error(line.key, ln, line.column, **line.params)
            if flags & L_ERROR:     # the tokenizer saw a fault the parser did not: trust the tokenizer
                raise self.error(ERROR_KEYS[int(self.t.error_kind[pc])], ln, int(self.t.error_column[pc]))
            if line.block_delete and self.block_delete:
                return pc + 1
            return self._statement(pc, line)
        if flags & L_BLOCK_DELETE and self.block_delete:
            return pc + 1
        return self._block(pc, self.t.words(pc))

    # --- one block --------------------------------------------------------------------------------
    def _split_words(self, words, ln: int) -> tuple[list, list, dict]:
        """A block's G codes and M codes as (value, column), and its other words by letter
        (value, column, flags); a letter given twice is a syntax error."""
        gs: list[tuple[float, int]] = []
        ms: list[tuple[float, int]] = []
        w: dict[str, tuple[float, int, int]] = {}
        for letter, value, col, flags in words:
            if letter == "G":
                gs.append((round(value, 4), col))
            elif letter == "M":
                ms.append((round(value, 4), col))
            elif letter in w:
                raise self.error("SYNTAX.repeated", ln, col, letter=letter)
            else:
                w[letter] = (value, col, flags)
        return gs, ms, w

    def _block(self, pc: int, words) -> int:
        ln = pc + 1
        gs, ms, w = self._split_words(words, ln)
        g = self._codes("G", gs, ln)
        if g is None:
            return pc + 1
        m = self._codes("M", ms, ln)
        for letter in "ABCUVWE" if g.get(codes.NON_MODAL, (0.0,))[0] != 65.0 else "":
            if letter in w:
                self.warn("UNSUPPORTED.code", ln, w[letter][1], word=letter)
                del w[letter]
        if all(codes.status(k, v, self.control) == "supported" for k, found in (("G", gs), ("M", ms))
               for v, _ in found):
            self._unused_words(g, m, w, ln)
        return self._execute(pc, g, m, w)

    def _unused_words(self, g, m, w, ln: int) -> None:
        """P, L and Q words no code of the block uses (a lone `P0001` meant as O0001 or M98 P0001,
        a lone `L`): rs274 and grbl refuse them, Fanuc-type controls and Mach3 ignore them; said
        either way."""
        motion = g.get(codes.MOTION, (self.motion,))[0]
        nm = g.get(codes.NON_MODAL, (None,))[0]
        used = set()
        if nm == 4.0:
            used |= {"P"}
        elif nm in (10.0, 65.0):
            used |= {"L", "P", "Q"}
        if codes.M_SUBPROGRAM in m:
            used |= {"P", "L"}
        if motion in codes.CYCLES:
            used |= {"P", "Q", "L"}
        elif motion in (2.0, 3.0) and not self.fanuc:
            used |= {"P"}               # LinuxCNC: the number of turns
        for letter in "PLQ":
            if letter in w and letter not in used:
                value, col, _ = w[letter]
                written = _WORD.match(self._line_text(ln - 1), col - 1)      # P0001 as the student wrote it
                word = written.group(0).replace(" ", "") if written else f"{letter}{value:g}"
                if self.control in ("linuxcnc", "grbl"):
                    raise self.error("SYNTAX.unused", ln, col, word=word)
                self.warn("SYNTAX.unused", ln, col, word=word)

    def _codes(self, letter: str, found, ln: int) -> dict[int, tuple[float, int]] | None:
        """Codes of the block by modal group; None when the block is to be skipped."""
        groups: dict[int, tuple[float, int]] = {}
        skip = False
        if letter == "G" and any(v == 80.0 for v, _ in found) and \
                sum(codes.group("G", v, self.control) == codes.MOTION for v, _ in found) > 1:
            self._set_motion(80.0)          # "G80 G0 Z50.": the cycle ends, the move is made
            found = [(v, c) for v, c in found if v != 80.0]
        for value, col in found:
            name = codes.code_name(letter, value)
            grp = codes.group(letter, value, self.control)
            status = codes.status(letter, value, self.control)
            if status == "unknown":
                if self.control == "linuxcnc":      # rs274 stops; other controls' extras are many
                    raise self.error("UNKNOWN_CODE", ln, col, word=name, dialect=self.control)
                self.warn("UNKNOWN_CODE" if letter == "M" else "UNKNOWN_CODE.block", ln, col, word=name,
                          dialect=self.control)
                skip = skip or letter == "G"        # its words (G187 P2 E.025) belong to it
                continue
            key = grp if (grp or letter == "G") else -1000 - len(groups)
            if key in groups and not (letter == "M" and grp == codes.M_COOLANT and not self.fanuc
                                      and {value, groups[key][0]} == {7.0, 8.0}):
                raise self.error("MODAL_CONFLICT", ln, col, first=codes.code_name(letter, groups[key][0]),
                                 second=name)
            if letter == "G" and value in codes.SETTINGS_G.get(self.control, ()):
                skip = True
                continue
            if status == "unsupported":
                if letter == "G":
                    self.warn("UNSUPPORTED", ln, col, word=name)
                    skip = True
                else:
                    self.warn("UNSUPPORTED.code", ln, col, word=name)
                continue
            if letter == "M" and key == codes.M_COOLANT and key in groups:
                key = -1
            groups[key] = (value, col)
        return None if skip else groups

    def _length(self, w, letter: str, ln: int) -> float | None:
        """A length word in mm (units, least increment), with the Fanuc decimal-point warning."""
        if letter not in w:
            return None
        value, col, flags = w[letter]
        if self.fanuc and not flags & W_POINT:
            factor = (0.001 if self.units == 1.0 else 0.0001) if self.m.decimal_point == "least_increment" \
                else 1.0
            if value != 0.0:
                self.warn("DECIMAL_POINT", ln, col, word=f"{letter}{value:.0f}",
                          value=f"{value * factor * self.units:g}", value_if_dot=f"{value * self.units:g}")
            value = value * factor
        return value * self.units

    def _integer(self, w, letter: str, ln: int, default: int | None = None) -> int | None:
        """A count or a number (T, H, D, L, K, P): a whole number >= 0."""
        if letter not in w:
            return default
        value, col, _ = w[letter]
        if value != int(value) or value < 0:
            raise self.error("SYNTAX.integer", ln, col, letter=letter, value=f"{value:g}")
        return int(value)

    def _execute(self, pc: int, g: dict, m: dict, w: dict) -> int:
        """The block's words in the order of execution; returns the next line."""
        ln = pc + 1
        motion_code = g.get(codes.MOTION)
        non_modal = g.get(codes.NON_MODAL)
        nm = non_modal[0] if non_modal else None
        # feed mode and feed
        if codes.FEED_MODE in g:
            self.feed_mode = int(g[codes.FEED_MODE][0])
            if self.feed_mode == 93:
                self.feed = 0.0
        if "F" in w:
            f, col, _ = w["F"]
            if f < 0:
                raise self.error("SYNTAX.integer", ln, col, letter="F", value=f"{f:g}")
            self.feed = f * self._feed_units(g) if self.feed_mode == 94 else f
        if "S" in w:
            self.speed = abs(w["S"][0])
        if "T" in w:
            t = self._integer(w, "T", ln)
            self._check_tool(t, ln, w["T"][1])
            self.next_tool = t
        if codes.M_TOOL_CHANGE in m:
            self._tool_change(ln)
        if codes.M_SPINDLE in m:
            v = m[codes.M_SPINDLE][0]
            self.direction = {3.0: 1, 4.0: -1, 5.0: 0, 13.0: 1, 14.0: -1}[v]
            if v in (13.0, 14.0):       # spindle and coolant in one code
                self.coolant |= 2
        for key in (codes.M_COOLANT, -1):
            if key in m:
                v = m[key][0]
                self.coolant = 0 if v == 9.0 else self.coolant | (1 if v == 7.0 else 2)
        if nm == 4.0:
            self._dwell(w, ln, non_modal[1])
        if codes.PLANE in g:
            self.plane = int(g[codes.PLANE][0])
        if codes.UNITS in g:
            self.units = INCH if g[codes.UNITS][0] == 20.0 else 1.0
            self.units_seen = True
        if codes.CUTTER_COMP in g:
            self._comp_mode(g[codes.CUTTER_COMP], w, ln)
        if codes.TOOL_LENGTH in g:
            self._tool_length(g[codes.TOOL_LENGTH], w, ln)
        if codes.COORD_SYSTEM in g:
            name = codes.code_name("G", g[codes.COORD_SYSTEM][0])
            if name not in self.offsets:
                self.warn("UNSUPPORTED", ln, g[codes.COORD_SYSTEM][1], word=name)
            else:
                self.coord = name
                self._reframe()
        if codes.DISTANCE in g:
            self.incremental = g[codes.DISTANCE][0] == 91.0
        if codes.ARC_DISTANCE in g:
            self.arc_incremental = g[codes.ARC_DISTANCE][0] == 91.1
        if codes.RETURN_MODE in g:
            self.retract = int(g[codes.RETURN_MODE][0])
        self.polar = self._polar(w, ln)
        if nm == 65.0:
            return self._g65(pc, non_modal[1], w)
        uses_axes = nm is not None and nm not in (4.0, 53.0)     # G10 G28 G30 G52 G92 own the axes
        if uses_axes:
            self._non_modal(nm, non_modal[1], w, ln)
        if motion_code is not None:
            self._set_motion(motion_code[0])
        axes = any(a in w for a in "XYZ")
        self._cancel_pending = self.comp is not None and g.get(codes.CUTTER_COMP, (0.0,))[0] == 40.0
        if not uses_axes:
            self._motion(g, w, ln, nm == 53.0, motion_code, axes)
        if self._cancel_pending:
            self._comp_cancel(None, ln)
        return self._stops(pc, m, w)

    # --- modal pieces -----------------------------------------------------------------------------
    def _polar(self, w, ln: int):
        """LinuxCNC's polar words: `@` radius and `^` angle (degrees) about the XY origin of the
        frame. In G90 they give the point (a missing one is the current point's); in G91 they add
        to the current point's radius and angle. Replaced here by the X and Y words they mean;
        returns the step (x, y) -> (x, y), which G91 cycle repeats apply hole after hole, or None."""
        if "@" not in w and "^" not in w:
            return None
        col = (w.get("@") or w["^"])[1]
        for a in "XY":
            if a in w:
                raise self.error("SYNTAX.polar_xy", ln, w[a][1], word=a)
        radius = self._length(w, "@", ln)
        angle = math.radians(w["^"][0]) if "^" in w else None
        incremental = self.incremental

        def step(x: float, y: float) -> tuple[float, float]:
            r, a = math.hypot(x, y), math.atan2(y, x)
            if incremental:
                if r == 0.0:
                    raise self.error("SYNTAX.polar_origin", ln, col)
                r, a = r + (radius or 0.0), a + (angle or 0.0)
            else:
                r = r if radius is None else radius
                a = a if angle is None else angle
            return r * math.cos(a), r * math.sin(a)

        x0, y0 = self.prog[0], self.prog[1]
        x, y = step(x0, y0)
        w.pop("@", None)
        w.pop("^", None)
        w["X"] = ((x - x0 if incremental else x) / self.units, col, W_POINT)
        w["Y"] = ((y - y0 if incremental else y) / self.units, col, W_POINT)
        return step

    def _feed_units(self, g) -> float:
        """mm per unit of an F word. LinuxCNC sets F before G20/G21 in its order of execution, so
        'G20 F10' feeds 10 mm/min when the block before was metric. Fanuc wants G20/G21 alone in
        its block, at the start of the program; machinesim reads an F beside it in the new units,
        the units every later word of the block is read in."""
        if self.fanuc and codes.UNITS in g:
            return INCH if g[codes.UNITS][0] == 20.0 else 1.0
        return self.units

    def _check_tool(self, t: int, ln: int, col: int) -> None:
        if t == 0:
            return
        if t not in self.job.tools:
            if self.job.tool_default is None:
                raise self.error("UNKNOWN_TOOL", ln, col, tool=t)
            self.warn("UNKNOWN_TOOL", ln, col, tool=t)

    def _tool_change(self, ln: int) -> None:
        """M6; the spindle stops.

        Fanuc-type machines (with tool length offsets) change tools at the reference point: Z first
        rises to it in machine coordinates, a move the simulation records (a tool left in the part
        shows), and the new tool's tip then hangs its own length below the gauge line. LinuxCNC's
        interpreter does not move: the programmed point stays and the tip moves by the lengths.
        """
        if self.fanuc and self.m.tool_length == "offsets" and self.tool:
            _, length = self._lengths()
            self._machine_move([self.tip[0], self.tip[1], self.home[28][2] - length], ln)
            self.tool, self.tool_assumed = self.next_tool, False
            _, length = self._lengths()
            self.tip = [self.tip[0], self.tip[1], self.home[28][2] - length]
            self.prog = self._from_tip(self.tip)
        else:       # the control takes its position back from where the tool stands
            self.prog = self._from_tip(self.tip)
            self.tool, self.tool_assumed = self.next_tool, False
            self.tip = self._to_tip(self.prog)
        self.direction = 0
        self._event(tp.TOOL_CHANGE, ln, float(self.tool))

    def _dwell(self, w, ln: int, col: int) -> None:
        if "P" in w:
            value, pcol, flags = w["P"]
            seconds = value if not self.fanuc or flags & W_POINT else value / 1000.0
        elif "X" in w and self.fanuc:
            value, pcol, flags = w["X"]
            ms = not flags & W_POINT and self.m.decimal_point == "least_increment"
            seconds = value / 1000.0 if ms else value
        else:
            raise self.error("SYNTAX.missing", ln, col, word="P", code="G4")
        if seconds < 0:
            raise self.error("SYNTAX.integer", ln, pcol, letter="P", value=f"{seconds:g}")
        self._event(tp.DWELL, ln, seconds)
        w.pop("P", None)
        w.pop("X", None)

    def _tool_length(self, code, w, ln: int) -> None:
        value, col = code
        if value == 49.0:
            self.tlo = 49
            self.h_length = 0.0
        elif value == 43.1:     # LinuxCNC: the length is given in the block (its Z word)
            length = self._length(w, "Z", ln)
            if length is None:
                raise self.error("SYNTAX.missing", ln, col, word="Z", code="G43.1")
            for a in "XYZ":
                w.pop(a, None)
            self.h_length = length
            self.tlo = 43
        elif value == 43.2:     # LinuxCNC: adds tool H's length to the offset in effect
            h = self._integer(w, "H", ln)
            tool = self.job.tool(h) if h else None
            if h is None or tool is None:
                raise self.error("UNKNOWN_TOOL", ln, w["H"][1] if "H" in w else col, tool=h or 0)
            self.h_length += tool.length
            self.tlo = 43
        else:
            if self.fanuc:      # Fanuc: H is modal, H0 is no length
                h = self._integer(w, "H", ln, default=self.h_number)
            else:               # LinuxCNC: no H, or H0, takes the tool in the spindle
                h = self._integer(w, "H", ln, default=0) or self.tool or self.h_number
            if h:
                tool = self.job.tool(h)
                if tool is None:
                    raise self.error("UNKNOWN_TOOL", ln, w["H"][1] if "H" in w else col, tool=h)
                if h not in self.job.tools:
                    self.warn("UNKNOWN_TOOL", ln, w["H"][1] if "H" in w else col, tool=h)
                self.h_length = self.tool_offsets.length(h)
            else:
                self.h_length = 0.0
            self.h_number = h
            self.tlo = int(value)
        if not self.fanuc:
            self._reframe()

    def _set_motion(self, code: float) -> None:
        """A new motion mode. Leaving the cycles ends the series (its initial level); Fanuc forgets
        every cycle word then, LinuxCNC keeps P and Q but wants R and Z again with another code."""
        if code not in codes.CYCLES:
            self.cycle_initial = None
            self._forget_cycle_words()
            if code <= 1.0:
                self.last_linear = code
        elif not self.fanuc and self.motion != code:
            self._forget_cycle_words()
        if code == 80.0:
            self.motion = self.last_linear if self.fanuc else None
        else:
            self.motion = code

    def _forget_cycle_words(self) -> None:
        keep = () if self.fanuc else ("P", "Q")
        self.cycle_words = {k: v for k, v in self.cycle_words.items() if k in keep}

    def _non_modal(self, code: float, col: int, w, ln: int) -> None:
        """G10, G28, G30, G52, G92 and their variants."""
        if code == 10.0:
            self._g10(w, ln, col)
        elif code in (28.0, 30.0):
            self._home(int(code), w, ln)
        elif code in (28.1, 30.1):
            _, length = self._lengths()
            self.home[int(code)] = [self.tip[0], self.tip[1], self.tip[2] + length]
        elif code == 92.0:
            self._g92(w, ln, col)
        elif code == 92.1:
            self.g92 = [0.0, 0.0, 0.0]
            self.g92_saved = [0.0, 0.0, 0.0]
            self._reframe()
        elif code == 92.2:
            self.g92 = [0.0, 0.0, 0.0]
            self._reframe()
        elif code == 92.3:
            self.g92 = list(self.g92_saved)
            self._reframe()
        elif code == 52.0:
            target = self.g52 if self.fanuc else self.g92
            for k, a in enumerate("XYZ"):
                v = self._length(w, a, ln)
                if v is not None:
                    target[k] = v
            self._reframe()

    def _g10(self, w, ln: int, col: int) -> None:
        l_word = self._integer(w, "L", ln)
        if tool_offsets.g10(self, w, l_word, ln, col):
            return
        if l_word not in (2, 20):
            self.warn("UNSUPPORTED.code", ln, col, word=f"G10 L{l_word}")
            return
        p = self._integer(w, "P", ln, default=0 if not self.fanuc else None)
        if p is None or p > (9 if not self.fanuc else 6):
            raise self.error("SYNTAX.integer", ln, w["P"][1] if "P" in w else col, letter="P",
                             value="" if p is None else str(p))
        name = self.coord if p == 0 else COORD_NAMES[p - 1]
        o = self.offsets[name]
        h, length = self._lengths()
        for k, a in enumerate("XYZ"):
            v = self._length(w, a, ln)
            if v is None:
                continue
            if l_word == 2:
                o[k] = o[k] + v if (self.fanuc and self.incremental) else v
            else:
                hz = (h - length) if k == 2 else 0.0
                o[k] = self.tip[k] - self.g92[k] - self.g52[k] - hz - v
        if name == self.coord:
            self._reframe()

    def _g92(self, w, ln: int, col: int) -> None:
        o = self.offsets[self.coord]
        h, length = self._lengths()
        for k, a in enumerate("XYZ"):
            v = self._length(w, a, ln)
            if v is None:
                continue
            hz = (h - length) if k == 2 else 0.0
            self.g92[k] = self.tip[k] - o[k] - self.g52[k] - hz - v
        self.g92_saved = list(self.g92)
        self._reframe()

    def _home(self, code: int, w, ln: int) -> None:
        target = self._target(w, ln)
        named = [k for k, a in enumerate("XYZ") if a in w]
        if not named:
            if self.fanuc:
                return
            named = [0, 1, 2]
        else:
            self._straight(tp.RAPID, target, ln, tp.F_MACHINE)
        _, length = self._lengths()
        tip = list(self.tip)
        for k in named:
            tip[k] = self.home[code][k] - (length if k == 2 else 0.0)
        self._machine_move(tip, ln)

    def _machine_move(self, tip, ln: int, kind: int = tp.RAPID) -> None:
        feed = self.m.rapid if kind == tp.RAPID else self.feed
        if tip != self.tip:
            self._add(kind, ln, self.tip, tip, feed, self._flags(tp.F_MACHINE))
        self.tip = list(tip)
        self._reframe()

    def _target(self, w, ln: int) -> list[float]:
        e = list(self.prog)
        for k, a in enumerate("XYZ"):
            v = self._length(w, a, ln)
            if v is not None:
                e[k] = e[k] + v if self.incremental else v
        return e

    # --- motion -----------------------------------------------------------------------------------
    def _motion(self, g, w, ln: int, machine: bool, motion_code, axes: bool) -> None:
        motion = self.motion
        col = motion_code[1] if motion_code else next((w[a][1] for a in "XYZ" if a in w), 0)
        if machine:
            if motion is None or motion > 1.0:
                raise self.error("NO_MOTION_MODE", ln, col)
            if self.incremental:        # LinuxCNC alarms, Fanuc ignores the block
                if not self.fanuc:
                    raise self.error("MODAL_CONFLICT.g53_incremental", ln, col)
                self.warn("MODAL_CONFLICT.g53_incremental", ln, col)
                return
            _, length = self._lengths()
            tip = self._to_tip(self.prog)       # axes not named stay on the programmed point
            for k, a in enumerate("XYZ"):
                v = self._length(w, a, ln)
                if v is not None:
                    tip[k] = v - (length if k == 2 else 0.0)
            if motion == 1.0:
                self._need_feed(ln, col)
            self._machine_move(tip, ln, tp.RAPID if motion == 0.0 else tp.FEED)
            return
        if motion is not None and motion in codes.CYCLES:
            if axes or (motion_code is not None and any(a in w for a in "RZ")):
                self._cycle(motion, w, ln, col)
            return
        arc_words = any(a in w for a in "IJKR")
        if motion is None:
            if axes:
                raise self.error("NO_MOTION_MODE", ln, col)
            return
        if motion <= 1.0:
            if not axes:
                if self.fanuc and codes.TOOL_LENGTH in g:     # Fanuc moves Z by the new length
                    kind = tp.FEED if motion == 1.0 and self.feed > 0.0 else tp.RAPID
                    self._straight(kind, list(self.prog), ln)
                return
            if motion == 1.0:
                self._need_feed(ln, col)
            self._straight(tp.RAPID if motion == 0.0 else tp.FEED, self._target(w, ln), ln, col=col)
            return
        if not axes and not arc_words:
            return
        if not axes and "R" in w and not self.fanuc:     # I J K alone: a full circle, as rs274 reads it
            raise self.error("ARC_GEOMETRY.no_end", ln, col)
        self._need_feed(ln, col)
        self._arc(motion, w, ln, col)

    def _need_feed(self, ln: int, col: int) -> None:
        if self.feed_mode == 95 and (self.speed == 0.0 or self.direction == 0):
            raise self.error("NO_FEED.per_rev", ln, col)
        if self.feed <= 0.0:
            raise self.error("NO_FEED", ln, col)

    def _feed_for(self, length: float) -> float:
        """mm/min of a feed move of `length` mm; an inverse-time F serves one block only."""
        if self.feed_mode == 93:
            feed, self.feed = length * self.feed, 0.0
            return feed
        if self.feed_mode == 95:
            return self.feed * self.units * self.speed
        return self.feed

    def _straight(self, kind: int, e: list[float], ln: int, flags: int = 0, col: int = 0) -> None:
        if self.comp is not None and not flags & tp.F_MACHINE:
            self._comp_push(kind, e, None, True, 0, ln, col)
            return
        o = self._offs()
        end = [e[0] + o[0], e[1] + o[1], e[2] + o[2]]
        if kind == tp.RAPID:
            feed = self.m.rapid
        else:
            feed = self._feed_for(math.dist(self.tip, end))
        if end != self.tip or kind != tp.RAPID:
            self._add(kind, ln, self.tip, end, feed, self._flags(flags))
        self.prog = e
        self.tip = end

    def _arc(self, motion: float, w, ln: int, col: int) -> None:
        a0, a1, ax = PLANE_AXES[self.plane]
        letters = "IJK"
        s = list(self.prog)
        e = self._target(w, ln)
        if math.sqrt((e[a0] - s[a0]) ** 2 + (e[a1] - s[a1]) ** 2) <= FULL_CIRCLE_SNAP:
            e[a0], e[a1] = s[a0], s[a1]
        tol = self.m.arc_tolerance
        ccw = motion == 3.0
        offs = [self._length(w, c, ln) for c in letters]
        if "R" in w:
            if any(v is not None for v in offs):
                raise self.error("ARC_GEOMETRY.mixed", ln, w["R"][1])
            r = self._length(w, "R", ln)
            st, c0, c1 = center_from_radius(s[a0], s[a1], e[a0], e[a1], r, ccw, tol)
            if st == R_FULL_CIRCLE:
                raise self.error("ARC_GEOMETRY.full_circle_r", ln, w["R"][1])
            if st == R_TOO_SMALL:
                d = math.sqrt((e[a0] - s[a0]) ** 2 + (e[a1] - s[a1]) ** 2)
                raise self.error("ARC_GEOMETRY.reach", ln, w["R"][1], r=f"{abs(r):.4f}", half=f"{d / 2:.4f}")
        else:
            if offs[a0] is None and offs[a1] is None:
                raise self.error("ARC_GEOMETRY.no_center", ln, col, plane=f"G{self.plane}")
            if offs[ax] is not None and not self.fanuc:
                raise self.error("ARC_GEOMETRY.plane_word", ln, w[letters[ax]][1], word=letters[ax],
                                 plane=f"G{self.plane}")
            i0 = offs[a0] or 0.0
            i1 = offs[a1] or 0.0
            if self.arc_incremental:
                c0, c1 = s[a0] + i0, s[a1] + i1
            else:
                c0, c1 = i0, i1
            st, r0, r1 = center_from_offsets(s[a0], s[a1], e[a0], e[a1], c0, c1, tol)
            if st == RADII_DIFFER:
                raise self.error("ARC_GEOMETRY.radii", ln, col, r0=f"{r0:.4f}", r1=f"{r1:.4f}",
                                 tol=f"{tol:g}")
            if st != OK:
                raise self.error("ARC_GEOMETRY.zero", ln, col)
        turns = 0
        if "P" in w and not self.fanuc:
            p = self._integer(w, "P", ln)
            if p < 1:
                raise self.error("SYNTAX.integer", ln, w["P"][1], letter="P", value=str(p))
            turns = p - 1
        c = [0.0, 0.0, 0.0]
        c[a0], c[a1], c[ax] = c0, c1, s[ax]
        if self.comp is not None:
            self._comp_push(tp.ARC, e, c, ccw, turns, ln, col)
            return
        o = self._offs()
        end = [e[0] + o[0], e[1] + o[1], e[2] + o[2]]
        center = [c[0] + o[0], c[1] + o[1], c[2] + o[2]]
        axis = [0.0, 0.0, 0.0]
        axis[ax] = 1.0 if ccw else -1.0
        feed = self.feed
        if self.feed_mode != 94:
            rec = tp.empty_moves(1)
            rec["kind"], rec["start"], rec["end"], rec["center"], rec["axis"], rec["turns"] = \
                tp.ARC, self.tip, end, center, axis, turns
            feed = self._feed_for(float(tp.move_lengths(rec)[0]))
        self._add(tp.ARC, ln, self.tip, end, feed, self._flags(), center, axis, turns)
        self.prog = e
        self.tip = end

    # --- canned cycles ----------------------------------------------------------------------------
    def _cycle(self, code: float, w, ln: int, col: int) -> None:
        if self.comp is not None:
            raise self.error("COMPENSATION.cycle", ln, col, word=codes.code_name("G", code))
        a0, a1, ax = PLANE_AXES[self.plane]
        axis_letter = "XYZ"[ax]
        sticky = self.cycle_words
        for letter in ("R", axis_letter, "Q"):
            if letter in w:
                sticky[letter] = self._length(w, letter, ln)
        for letter in ("I", "J"):
            if letter in w:
                sticky[letter] = self._length(w, letter, ln)
        if "P" in w:
            value, _, flags = w["P"]
            sticky["P"] = value / 1000.0 if self.fanuc and not flags & W_POINT else value
        for letter, name in (("R", "R"), (axis_letter, axis_letter)):
            if letter not in sticky:
                raise self.error("CANNED_CYCLE.missing", ln, col, word=name, code=codes.code_name("G", code))
        repeat_letter = "K" if self.fanuc and "K" in w else "L"
        repeats = self._integer(w, repeat_letter, ln, default=1)
        self._need_feed(ln, col)
        if self.cycle_initial is None:      # the level before this series of cycles began
            self.cycle_initial = self.prog[ax]
        initial = self.cycle_initial
        r_level = initial + sticky["R"] if self.incremental else sticky["R"]
        bottom = r_level + sticky[axis_letter] if self.incremental else sticky[axis_letter]
        step = [0.0, 0.0]
        for k, idx in enumerate((a0, a1)):
            letter = "XYZ"[idx]
            v = self._length(w, letter, ln)
            if v is not None:
                step[k] = v
        hole = [self.prog[a0], self.prog[a1]]
        if not self.incremental:
            hole = [step[0] if "XYZ"[a0] in w else hole[0], step[1] if "XYZ"[a1] in w else hole[1]]
        code_name = codes.code_name("G", code)
        for n in range(repeats):
            if self.incremental and self.polar is not None and self.plane == 17:
                hole = list(self.polar(*hole))
            elif self.incremental:
                hole = [hole[0] + step[0], hole[1] + step[1]]
            call = cycles.CycleCall(code=code_name, dialect=self.dialect, plane=self.plane,
                                    hole=(hole[0], hole[1], self.prog[ax]), initial_level=initial,
                                    r_level=r_level, bottom=bottom, retract=self.retract,
                                    peck=abs(sticky.get("Q", 0.0)), dwell=sticky.get("P", 0.0),
                                    shift=(sticky.get("I", 0.0), sticky.get("J", 0.0)), feed=self.feed,
                                    start_xy=(self.prog[a0], self.prog[a1]))
            try:
                steps = cycles.expand_cycle(call)
            except cycles.CycleError as exc:
                self.findings.append(exc.finding(ln, col, self.file))
                raise Stop()
            self._cycle_steps(steps, ln)

    def _cycle_steps(self, steps, ln: int) -> None:
        direction = self.direction
        for step in steps:
            if step.kind < 0:
                if step.note == "dwell" and step.dwell > 0.0:
                    self._event(tp.DWELL, ln, float(step.dwell))
                elif step.note == "program_stop":
                    self._event(tp.STOP, ln)
            else:
                e = [float(v) for v in step.end]
                o = self._offs()
                end = [e[0] + o[0], e[1] + o[1], e[2] + o[2]]
                feed = self.m.rapid if step.kind == tp.RAPID else self.feed
                if end != self.tip:
                    self._add(int(step.kind), ln, self.tip, end, feed, self._flags(tp.F_CYCLE))
                self.prog = e
                self.tip = end
            if step.note in ("spindle_stop", "spindle_orient"):
                self.direction = 0
            elif step.note == "spindle_reverse":
                self.direction = -self.direction if self.direction else -direction
            elif step.note == "spindle_restore":
                self.direction = direction
        self.direction = direction

    # --- cutter compensation ----------------------------------------------------------------------
    def _comp_mode(self, code, w, ln: int) -> None:
        value, col = code
        if value == 40.0:
            return      # cancelled with the block's motion (or without one) after it
        if self.comp is not None:
            if not self.fanuc:
                raise self.error("COMPENSATION.already_on", ln, col)
            self._comp_cancel(None, ln)
        if value in (41.1, 42.1):       # LinuxCNC: D is the tool diameter itself
            if "D" not in w:
                raise self.error("SYNTAX.missing", ln, col, word="D", code=codes.code_name("G", value))
            radius = abs(w["D"][0]) * self.units / 2.0
        else:
            d = self._integer(w, "D", ln, default=self.tool)
            tool = self.job.tool(d) if d else None
            if d and tool is None:
                raise self.error("UNKNOWN_TOOL", ln, w["D"][1] if "D" in w else col, tool=d)
            radius = self.tool_offsets.radius(d) if tool is not None else 0.0
        if radius <= 0.0:
            return
        self.comp = cutter_comp.CutterComp(self.dialect, self.plane, 1 if value in (41.0, 41.1) else -1, radius,
                                           ln, col)
        self.comp_seen = 0

    def _comp_segment(self, kind, e, c, ccw, turns, ln, col):
        return cutter_comp.ProgSeg(kind=kind, start=tuple(self.prog), end=tuple(e),
                                   center=tuple(c) if c is not None else (0.0, 0.0, 0.0), ccw=ccw,
                                   turns=turns, feed=self.m.rapid if kind == tp.RAPID else self.feed,
                                   line=ln, column=col, file=0)

    def _comp_push(self, kind, e, c, ccw, turns, ln: int, col: int = 0) -> None:
        seg = self._comp_segment(kind, e, c, ccw, turns, ln, col)
        self.prog = list(e)
        if self._cancel_pending:
            self._cancel_pending = False
            comp, self.comp = self.comp, None
            self._comp_out(comp.cancel(seg), comp)
            self.tip = self._to_tip(self.prog)
            return
        self._comp_out(self.comp.push(seg), self.comp)

    def _comp_cancel(self, seg, ln: int) -> None:
        """G40 without a move: the held element is finished and the tool stays where it stands
        (on the offset path); the next move starts there, as rs274 and Fanuc controls move on."""
        if self.comp is None:
            return
        comp, self.comp = self.comp, None
        self._comp_out(comp.cancel(seg), comp)

    def _comp_out(self, out, comp) -> None:
        """The offset path's moves; a straight one starts where the tool stands (off the programmed
        point when an entry follows a G40 without a move or a Fanuc G41/G42 switch), as rs274."""
        o = self._offs()
        comp_flags = tp.F_COMP | (tp.F_COMP_RIGHT if comp.side < 0 else 0)
        for seg in out:
            start = [seg.start[k] + o[k] for k in range(3)] if seg.kind == tp.ARC else list(self.tip)
            end = [seg.end[k] + o[k] for k in range(3)]
            if seg.kind == tp.ARC:
                a = PLANE_AXES[self.plane][2]
                axis = [0.0, 0.0, 0.0]
                axis[a] = 1.0 if seg.ccw else -1.0
                center = [seg.center[k] + o[k] for k in range(3)]
                self._add(tp.ARC, seg.line, start, end, seg.feed, self._flags(comp_flags), center, axis,
                          seg.turns)
            else:
                self._add(int(seg.kind), seg.line, start, end, seg.feed, self._flags(comp_flags))
            self.tip = end
        new = comp.findings[self.comp_seen:]
        self.comp_seen = len(comp.findings)
        for f in new:
            self.findings.append(replace(f, file=self.file))
        if any(f.severity == ERROR for f in new):
            raise Stop()

    # --- program stops, subprograms ---------------------------------------------------------------
    def _stops(self, pc: int, m: dict, w: dict) -> int:
        ln = pc + 1
        stop = m.get(codes.M_STOPPING)
        if stop is not None:
            v = stop[0]
            if v in (2.0, 30.0):
                self._comp_cancel(None, ln)
                self._event(tp.END, ln)
                self.ended = True
                self.end_line = ln
                return pc + 1
            self._event(tp.STOP if v == 0.0 else tp.OPTIONAL_STOP, ln)
        sub = m.get(codes.M_SUBPROGRAM)
        if sub is not None:
            if sub[0] == 97.0:
                return self._m97(pc, sub, w)
            return self._m98(pc, sub, w) if sub[0] == 98.0 else self._m99(pc, sub, w)
        return pc + 1
