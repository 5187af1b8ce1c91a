"""Where control flow can go: program numbers, sequence numbers, o-word blocks, macro loops.

Built once per program from the lines that carry them, so that a jump, a call or a loop end finds
its target without rereading the file.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class Structure:
    programs: dict[int, int] = field(default_factory=dict)           # O number -> line index
    owords: dict[str, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    macros: list[tuple[int, str, int]] = field(default_factory=list)  # (line, WHILE/DO/END, m)
    sequence: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))  # N -> lines

    # --- Fanuc ---------------------------------------------------------------------------------
    def program_bounds(self, line: int, nlines: int) -> tuple[int, int]:
        """The lines of the O block that holds `line` (the whole file when there is none)."""
        starts = sorted(self.programs.values())
        lo, hi = 0, nlines
        for s in starts:
            if s <= line:
                lo = s
            elif hi == nlines:
                hi = s
        return lo, hi

    def sequence_line(self, n: int, near: int, nlines: int) -> int | None:
        """Line of block N`n`, preferring the O block that holds `near`."""
        lines = self.sequence.get(n, [])
        lo, hi = self.program_bounds(near, nlines)
        for li in lines:
            if lo <= li < hi:
                return li
        return lines[0] if lines else None

    def loop_end(self, line: int, m: int) -> int | None:
        """Line of the END m that closes the WHILE/DO m at `line`."""
        for li, kind, mm in self.macros:
            if li > line and kind == "END" and mm == m:
                return li
        return None

    def loop_start(self, line: int, m: int) -> int | None:
        """Line of the WHILE/DO m that the END m at `line` goes back to."""
        best = None
        for li, kind, mm in self.macros:
            if li < line and kind in ("WHILE", "DO") and mm == m:
                best = li
        return best

    # --- LinuxCNC o-words ------------------------------------------------------------------------
    def after(self, label: str, line: int, keywords: tuple[str, ...]) -> tuple[int, str] | None:
        """The next o-word of `label` after `line` whose keyword is in `keywords`."""
        for li, kw in self.owords.get(label, []):
            if li > line and kw in keywords:
                return li, kw
        return None

    def before(self, label: str, line: int, keywords: tuple[str, ...]) -> tuple[int, str] | None:
        best = None
        for li, kw in self.owords.get(label, []):
            if li < line and kw in keywords:
                best = (li, kw)
        return best

    def sub(self, label: str) -> int | None:
        for li, kw in self.owords.get(label, []):
            if kw == "sub":
                return li
        return None

    def closes_do(self, label: str, line: int) -> bool:
        """Whether the `while` at `line` ends a do-while loop (a `do` of its label comes first)."""
        prev = self.before(label, line, ("do", "while", "endwhile"))
        return prev is not None and prev[1] == "do"
