"""Findings: what machinesim has to say about a program, as values.

A finding is data (a code, a severity, where it happened and the facts behind it); its text is
made only at the edge, by `messages.render`, in the reader's language. Nothing below the command
line prints: errors travel as findings, or as `InputError` for unusable input files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
