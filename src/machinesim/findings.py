"""Findings: what machinesim has to say about a program, as values.

A finding is data (a code, a severity, where it happened and the facts behind it); its text is
made only at the edge, by `messages.render`, in the reader's language. Nothing below the command
line prints: errors travel as findings, or as `InputError` for unusable input files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

ERROR = "error"
WARNING = "warning"
INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One thing to tell the student: `code` is a contract code, `key` picks the sentence.

    `key` defaults to `code`; a code with several sentences uses keys such as
    ``"SYNTAX.number"``. `params` fills the sentence's ``{placeholders}``. One mistake repeated on
    consecutive lines is one finding: `line` is its first line, `line_end` its last, `count` the
    number of repeats it stands for.
    """

    code: str
    severity: str = ERROR
    line: int = 0
    column: int = 0
    file: str = ""
    key: str = ""
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    tool: int = 0
    position: tuple[float, float, float] | None = None
    line_end: int = 0        # last line of a group of repeats (0: this one line only)
    count: int = 1           # how many repeats the group stands for

    @property
    def message_key(self) -> str:
        return self.key or self.code


class Error(Exception):
    """Base of every exception machinesim raises for a caller to catch (`machinesim.Error`).

    Each carries a finding, so its sentence comes from the catalogue in the reader's language.
    """

    def __init__(self, finding: Finding):
        super().__init__(finding.message_key)
        self.finding = finding


class InputError(Error):
    """Unusable input (missing file, invalid job or spec): the command exits with code 2.

    Carries a finding so the message is rendered from the catalogue like every other.
    """


def input_error(message_key: str, /, file: str = "", line: int = 0, column: int = 0,
                **params: Any) -> InputError:
    """Build an `InputError` whose finding code is the part of `message_key` before the first dot."""
    return InputError(Finding(code=message_key.split(".")[0], severity=ERROR, line=line, column=column,
                              file=str(file), key=message_key, params=params))


# Codes only a rapid move can carry: a feed move between two of them does not end a repeat.
RAPID_ONLY = frozenset({"RAPID_IN_MATERIAL"})
# Codes only a feed or arc move can carry: a rapid between two of them does not end a repeat.
FEED_ONLY = frozenset({"SPINDLE_OFF_CUT", "DEPTH_OVER_FLUTE", "PLUNGE_NON_CENTER_CUTTING", "CUTTING_SPEED",
                       "CHIP_LOAD", "OVERLOAD"})


def group_repeats(findings, toolpath=None, cutting=None) -> tuple[Finding, ...]:
    """One finding per run of repeats: the same file, code, key, severity and tool on consecutive lines.

    Lines are consecutive when no line between them holds a move that could have carried the same
    finding and did not: comments, blank lines, M/S/F-only blocks, straight retracts and (for a
    rapid-only code such as RAPID_IN_MATERIAL) feed moves do not end a run, a clean move of the
    same kind does (CAM output links every cut by a retract, a rapid and a plunge: one missing
    G43 makes every link crash, and that is one mistake). With `cutting` (bool per move: it
    removed material), a feed move that cut nothing cannot end a run of a feed-only code
    (DEPTH_OVER_FLUTE, OVERLOAD, ...) either. Without
    a toolpath only adjacent lines join. The group keeps the first finding's facts and position,
    `line_end` its last line and `count` the repeats it stands for. Findings without a line stay
    as they are. Order: by file, line, column, code.
    """
    found = sorted(findings, key=lambda f: (f.file, f.line, f.column, f.code))
    movelines = _move_lines(toolpath, cutting)
    out: list[Finding] = []
    open_run: dict[tuple, int] = {}          # (file, code, key, severity, tool) -> index in out
    for f in found:
        k = (f.file, f.code, f.message_key, f.severity, f.tool)
        j = open_run.get(k)
        if f.line > 0 and j is not None and _consecutive(out[j], f, movelines):
            g = out[j]
            out[j] = Finding(g.code, g.severity, g.line, g.column, g.file, g.key, g.params, g.tool, g.position,
                             max(g.line_end, f.line_end, f.line), g.count + f.count)
            continue
        if f.line > 0:
            open_run[k] = len(out)
        out.append(f)
    return tuple(sorted(out, key=lambda f: (f.file, f.line, f.column, f.code)))


def _move_lines(toolpath, cutting=None):
    """Per file name and move class ("rapid", "feed", "any"): sorted program lines holding such moves
    (feed: those that cut, when `cutting` is given)."""
    if toolpath is None:
        return None
    moves = toolpath.moves
    rapid = moves["kind"] == 0               # toolpath.RAPID (toolpath imports this module)
    d = moves["end"] - moves["start"]
    # a straight retract (up, nothing across) can neither crash nor cut nor rub: it ends no run
    retract = (d[:, 2] > 0) & (d[:, 0] == 0) & (d[:, 1] == 0) & (moves["kind"] != 2)
    out: dict[tuple[str, str], np.ndarray] = {}
    for index, name in enumerate(toolpath.files):
        here = (moves["file"] == index) & ~retract
        feed = here & ~rapid if cutting is None else here & ~rapid & np.asarray(cutting, bool)
        for cls, sel in (("rapid", here & rapid), ("feed", feed), ("any", here)):
            out[(name, cls)] = np.unique(moves["line"][sel])
    return out


def _consecutive(group: Finding, f: Finding, movelines) -> bool:
    """True when `f` continues the run `group` ends: nothing that could repeat it lies between."""
    last = max(group.line, group.line_end)
    if f.line <= last + 1:
        return True
    if movelines is None:
        return False
    cls = "rapid" if f.code in RAPID_ONLY else "feed" if f.code in FEED_ONLY else "any"
    lines = movelines.get((f.file, cls))
    if lines is None:
        return False
    return int(np.searchsorted(lines, f.line) - np.searchsorted(lines, last, side="right")) == 0
