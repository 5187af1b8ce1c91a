"""Program flow: parameters, Fanuc macros (IF, GOTO, WHILE/DO/END, G65), subprograms (M98/M99)
and LinuxCNC o-words, as the part of the interpreter that decides which line runs next.

Every jump back, loop pass and call is counted, for each loop on its own (the line that closes it);
the program is declared endless (LOOP_LIMIT) at that line when a pass comes back to the very same
state (sampled every 1024 passes), when it has driven the tool a whole travel past the machine's end
(a counter forgotten in a moving loop; the control's overtravel alarm), when one loop passes
`loop_passes` times,
when loops pass `idle_passes` times in a row without moving the tool (a real infinite loop, stopped
within seconds), or when the program passes `moves` moves or `seconds` of interpretation (the job's
`[limits]`). Calls nest at most `MAX_DEPTH` deep.
"""
from __future__ import annotations

import math
import time
from pathlib import Path

from .. import toolpath as tp
from .lexer import W_POINT
from .statements import EvalError, Line, describe, evaluate

MAX_DEPTH = 64             # nested calls
# Fanuc G65 argument specification I: address -> local variable
MACRO_ARGUMENTS = {"A": 1, "B": 2, "C": 3, "I": 4, "J": 5, "K": 6, "D": 7, "E": 8, "F": 9, "H": 11, "M": 13,
                   "Q": 17, "R": 18, "S": 19, "T": 20, "U": 21, "V": 22, "W": 23, "X": 24, "Y": 25, "Z": 26}


class ProgramFlow:
    """Mixed into `interpreter.Interpreter`: each method returns the index of the next line."""

    # --- parameters ---------------------------------------------------------------------------------
    def _eval(self, e, ln: int, col: int):
        try:
            value = evaluate(e, self.params)
            if value is not None and not math.isfinite(value):
                raise EvalError("SYNTAX.math", op="inf")
            return value
        except EvalError as exc:
            raise self.error(exc.key, ln, col, **exc.params)
        except RecursionError:      # thousands of operators in one expression
            raise self.error("SYNTAX.expression", ln, col, text="[...]") from None

    def _truth(self, e, ln: int, col: int) -> bool:
        v = self._eval(e, ln, col)
        return v is not None and v != 0.0

    def _assign(self, assigns, ln: int) -> None:
        values = [(target, self._eval(expr, ln, col), col) for target, expr, col in assigns]
        for target, value, col in values:
            try:
                if target[0] == "named":
                    self.params.set_named(target[1], value)
                else:
                    n = self._eval(target[1], ln, col)
                    if n is None:       # Fanuc: #[#22] = ... with #22 vacant
                        raise EvalError("SYNTAX.vacant_number", name=describe(target[1]))
                    if n != int(n):
                        raise EvalError("SYNTAX.parameter", number=n)
                    if self.fanuc and int(n) in (3000, 3006) and value is not None:
                        self._macro_stop(int(n), value, ln, col)
                        continue
                    self.params.set(int(n), value)
            except EvalError as exc:
                raise self.error(exc.key, ln, col, **exc.params)

    def _macro_stop(self, n: int, value: float, ln: int, col: int) -> None:
        """Fanuc macro B: `#3000 = n (TEXT)` raises alarm n and stops the program, `#3006 = 1
        (TEXT)` stops it until the operator restarts (as M0); the text is the line's comment."""
        text = self._line_text(ln - 1)
        start, end = text.find("("), text.rfind(")")
        message = text[start + 1:end].strip() if 0 <= start < end else ""
        if n == 3000:
            raise self.error("ALARM", ln, col, number=f"{value:g}", text=message)
        self._event(tp.STOP, ln)
        self.warn("ALARM.stop", ln, col, text=message)

    def _count(self, ln: int, col: int = 0) -> None:
        """One more pass of the loop (jump, call) at line `ln`; stops the program past a limit."""
        limits = self.limits
        passes = self.loop_passes.get(ln, 0) + 1
        self.loop_passes[ln] = passes
        if passes > limits.loop_passes:
            raise self.error("LOOP_LIMIT", ln, col, limit=limits.loop_passes)
        if passes & 1023 == 0:      # back in the very same state: it never ends
            state = self._state()
            if self.loop_states.get(ln) == state:
                raise self.error("LOOP_LIMIT.repeat", ln, col, passes=passes)
            self.loop_states[ln] = state
        if self.nmoves != self.idle_mark:
            self.idle_mark, self.idle = self.nmoves, 0
        self.idle += 1
        if self.idle > limits.idle_passes:
            raise self.error("LOOP_LIMIT.idle", ln, col, limit=limits.idle_passes)
        if self.nmoves > limits.moves:
            raise self.error("LOOP_LIMIT.moves", ln, col, limit=limits.moves)
        for k, (lo, hi) in enumerate(self.m.travel):     # driven a whole travel past its end
            if not lo - (hi - lo) <= self.tip[k] <= hi + (hi - lo):
                raise self.error("LOOP_LIMIT.runaway", ln, col, axis="XYZ"[k], value=f"{self.tip[k]:.1f}",
                                 low=f"{lo:g}", high=f"{hi:g}")
        self.passes += 1
        if self.passes & 1023 == 0 and time.monotonic() - self.started > limits.seconds:
            raise self.error("LOOP_LIMIT.time", ln, col, limit=f"{limits.seconds:g}")

    def _state(self) -> tuple:
        """Everything the rest of the run depends on: variables, calls, position and modes."""
        p = self.params
        return (tuple(sorted(p.numbered.items())), tuple(sorted(p.named_global.items())),
                tuple((tuple(sorted(a.items())), tuple(sorted(b.items()))) for a, b in p.frames),
                tuple(tuple(sorted(f.items())) for f in self.stack), tuple(sorted(self.repeat_counts.items())),
                tuple(self.prog), tuple(self.tip), self.tool, self.feed, self.speed, self.motion, self.units,
                self.incremental, self.plane, self.coord, tuple(self.offsets[self.coord]), tuple(self.g92),
                tuple(self.g52), self.comp is None, self.cycle_initial)

    def _statement(self, pc: int, line: Line) -> int:
        ln = pc + 1
        if line.oword is not None:
            return self._oword(pc, line.oword)
        if line.macro is not None:
            return self._macro(pc, line)
        if line.program is not None and not line.words and not line.assigns:
            return pc + 1
        words = []
        for letter, value, col, flags in line.words:
            if not isinstance(value, float):
                value = self._eval(value, ln, col)
                if value is None:           # Fanuc: a vacant variable drops its address
                    continue
                flags = W_POINT
            words.append((letter, value, col, flags))
        self._assign(line.assigns, ln)
        if not words:
            return pc + 1
        return self._block(pc, words)

    def _goto(self, expr, pc: int, col: int) -> int:
        ln = pc + 1
        n = self._eval(expr, ln, col)
        if n is None:                   # GOTO #22 with #22 vacant
            raise self.error("SUBPROGRAM.vacant_goto", ln, col, name=describe(expr))
        target = None if n is None else self.structure.sequence_line(int(n), pc, self.t.lines)
        if target is None:
            raise self.error("SUBPROGRAM.sequence", ln, col, number="" if n is None else int(n))
        if target <= pc:
            self._count(ln, col)
        return target

    def _macro(self, pc: int, line: Line) -> int:
        ln = pc + 1
        mac = line.macro
        kind = mac[0]
        if kind == "GOTO":
            return self._goto(mac[1], pc, mac[2])
        if kind == "IF_GOTO":
            if self._truth(mac[1], ln, mac[3]):
                return self._goto(mac[2], pc, mac[3])
            return pc + 1
        if kind == "IF_THEN":
            if self._truth(mac[1], ln, mac[3]):
                return self._statement(pc, mac[2])
            return pc + 1
        if kind == "WHILE":
            if self._truth(mac[1], ln, mac[3]):
                return pc + 1
            end = self.structure.loop_end(pc, mac[2])
            if end is None:
                raise self.error("SUBPROGRAM.loop", ln, mac[3], word=f"DO {mac[2]}")
            return end + 1
        if kind == "DO":
            return pc + 1
        # END m
        start = self.structure.loop_start(pc, mac[1])
        if start is None:
            raise self.error("SUBPROGRAM.loop", ln, mac[2], word=f"END {mac[1]}")
        self._count(ln, mac[2])
        return start

    def _oword(self, pc: int, ow) -> int:
        label, kw, args, col = ow
        ln = pc + 1
        s = self.structure
        if kw == "sub":
            end = s.after(label, pc, ("endsub",))
            if end is None:
                raise self.error("SUBPROGRAM.block", ln, col, label=label, keyword="endsub")
            return end[0] + 1
        if kw in ("endsub", "return"):
            if not self.stack:
                raise self.error("SUBPROGRAM.return", ln, col, label=label)
            if args:
                self.params.set_named("_value", self._eval(args[0], ln, col))
            frame = self.stack.pop()
            self.params.pop()
            return frame["ret"]
        if kw == "call":
            target = s.sub(label)
            if target is None:
                raise self.error("SUBPROGRAM.missing", ln, col, label=label)
            values = [self._eval(a, ln, col) for a in args]
            self._call(ln, col)
            self.stack.append({"ret": pc + 1, "kind": "o"})
            self.params.push({k + 1: v for k, v in enumerate(values)})
            return target + 1
        if kw in ("if", "elseif"):
            if kw == "elseif":          # reached from a branch that ran: skip to endif
                end = s.after(label, pc, ("endif",))
                return self._need(end, ln, col, label, "endif") + 1
            return self._branch(label, pc, args, ln, col)
        if kw == "else":
            end = s.after(label, pc, ("endif",))
            return self._need(end, ln, col, label, "endif") + 1
        if kw == "endif":
            return pc + 1
        if kw == "while":
            if s.closes_do(label, pc):
                if self._truth(args[0], ln, col):
                    self._count(ln, col)
                    return s.before(label, pc, ("do",))[0] + 1
                return pc + 1
            if self._truth(args[0], ln, col):
                return pc + 1
            end = s.after(label, pc, ("endwhile",))
            return self._need(end, ln, col, label, "endwhile") + 1
        if kw == "endwhile":
            start = s.before(label, pc, ("while",))
            self._count(ln, col)
            return self._need(start, ln, col, label, "while")
        if kw == "do":
            return pc + 1
        if kw == "repeat":
            n = self._eval(args[0], ln, col) if args else 0.0
            key = (len(self.stack), label)
            self.repeat_counts[key] = int(n or 0)
            if self.repeat_counts[key] <= 0:
                end = s.after(label, pc, ("endrepeat",))
                return self._need(end, ln, col, label, "endrepeat") + 1
            return pc + 1
        if kw == "endrepeat":
            key = (len(self.stack), label)
            self.repeat_counts[key] = self.repeat_counts.get(key, 1) - 1
            if self.repeat_counts[key] > 0:
                self._count(ln, col)
                start = s.before(label, pc, ("repeat",))
                return self._need(start, ln, col, label, "repeat") + 1
            return pc + 1
        # break / continue: the loop of this label around the line
        loop = s.before(label, pc, ("while", "do", "repeat"))
        if loop is None:
            raise self.error("SUBPROGRAM.block", ln, col, label=label, keyword="while")
        if loop[1] == "repeat":
            end = self._need(s.after(label, pc, ("endrepeat",)), ln, col, label, "endrepeat")
            if kw == "continue":
                return end
            self.repeat_counts[(len(self.stack), label)] = 0
            return end + 1
        if loop[1] == "do":
            end = self._need(s.after(label, pc, ("while",)), ln, col, label, "while")
        else:
            end = self._need(s.after(label, pc, ("endwhile",)), ln, col, label, "endwhile")
        if kw == "continue":
            self._count(ln, col)
            return end if loop[1] == "do" else loop[0]
        return end + 1

    def _need(self, found, ln, col, label, keyword) -> int:
        if found is None:
            raise self.error("SUBPROGRAM.block", ln, col, label=label, keyword=keyword)
        return found[0]

    def _branch(self, label: str, pc: int, args, ln: int, col: int) -> int:
        """An if (or a following elseif) whose condition decides where to go."""
        s = self.structure
        line = pc
        cond = args
        while True:
            if cond and self._truth(cond[0], line + 1, col):
                return line + 1
            nxt = s.after(label, line, ("elseif", "else", "endif"))
            if nxt is None:
                raise self.error("SUBPROGRAM.block", ln, col, label=label, keyword="endif")
            line, kw = nxt
            if kw != "elseif":
                return line + 1
            parsed = self._parse(line)
            cond = parsed.oword[2] if isinstance(parsed, Line) and parsed.oword else ()

    def _call(self, ln: int, col: int) -> None:
        self._count(ln, col)
        if len(self.stack) >= MAX_DEPTH:
            raise self.error("LOOP_LIMIT", ln, col, limit=MAX_DEPTH)

    def _program(self, p: int, ln: int, col: int) -> int:
        """Line of program O`p` (in the file or in a file loaded from beside it)."""
        target = self.structure.programs.get(p)
        if target is None:
            for part in self.parts[1:]:         # a file named after p that has no O line
                if part.number == p:
                    return part.first_line - 1
            main = Path(self.parts[0].file)
            if main.is_file():
                raise self.error("SUBPROGRAM.missing_file", ln, col, label=f"O{p}",
                                 files=f"O{p:04d}.nc, {p}.nc", folder=str(main.parent))
            raise self.error("SUBPROGRAM.missing", ln, col, label=f"O{p}")
        return target

    def _m98(self, pc: int, sub, w) -> int:
        ln = pc + 1
        col = sub[1]
        p = self._integer(w, "P", ln)
        if p is None:
            raise self.error("SYNTAX.missing", ln, col, word="P", code="M98")
        times = self._integer(w, "L", ln)
        if times is None and self.fanuc and p > 9999:
            times, p = p // 10000, p % 10000
        times = 1 if times is None else times
        target = self._program(p, ln, w["P"][1])
        if times == 0:
            return pc + 1
        self._call(ln, col)
        self.stack.append({"ret": pc + 1, "kind": "m98", "start": target + 1, "left": times - 1})
        return target + 1

    def _m97(self, pc: int, sub, w) -> int:
        """Haas local subprogram call: M97 P(sequence number N of this program) L(times), back with M99."""
        ln = pc + 1
        p = self._integer(w, "P", ln)
        if p is None:
            raise self.error("SYNTAX.missing", ln, sub[1], word="P", code="M97")
        target = self.structure.sequence_line(p, pc, self.t.lines)
        if target is None:
            raise self.error("SUBPROGRAM.sequence", ln, w["P"][1], number=p)
        times = self._integer(w, "L", ln, default=1)
        if times == 0:
            return pc + 1
        self._call(ln, sub[1])
        self.stack.append({"ret": pc + 1, "kind": "m98", "start": target, "left": times - 1})
        return target

    def _g65(self, pc: int, col: int, w) -> int:
        """Fanuc macro call: G65 P(program) L(times) with arguments A..Z as local variables."""
        ln = pc + 1
        p = self._integer(w, "P", ln)
        if p is None:
            raise self.error("SYNTAX.missing", ln, col, word="P", code="G65")
        times = self._integer(w, "L", ln, default=1)
        target = self._program(p, ln, w["P"][1])
        if times == 0:
            return pc + 1
        args = {n: w[letter][0] for letter, n in MACRO_ARGUMENTS.items() if letter in w}
        self._call(ln, col)
        self.stack.append({"ret": pc + 1, "kind": "g65", "start": target + 1, "left": times - 1})
        self.params.push(args)
        return target + 1

    def _m99(self, pc: int, sub, w) -> int:
        ln = pc + 1
        if not self.stack:
            self._count(ln, sub[1])         # M99 in a main program starts it again
            return 0
        frame = self.stack[-1]
        if frame.get("left", 0) > 0:
            frame["left"] -= 1
            self._count(ln, sub[1])
            return frame["start"]
        self.stack.pop()
        if frame["kind"] == "g65":
            self.params.pop()
        if "P" in w:
            n = self._integer(w, "P", ln)
            target = self.structure.sequence_line(n, frame["ret"], self.t.lines)
            if target is None:
                raise self.error("SUBPROGRAM.sequence", ln, w["P"][1], number=n)
            return target
        return frame["ret"]
