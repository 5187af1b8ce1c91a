"""Subprograms kept in their own files beside the program, as a Fanuc control keeps each
O number in its memory: `M98 P3001` or `G65 P3001` finds `O3001.nc` (or `3001.nc`, `O3001.cnc`...)
in the program's own folder when the program does not hold O3001 itself.

Only the program's folder is searched, never a sub-folder (`.companions/` included) nor a library
path: what the student copies beside the program is what runs. The files found are appended to
the program text, each starting on a new line, and the interpreter maps their lines back to their
own file (`Part`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .lexer import count_lines

EXTENSIONS = ("", ".nc", ".cnc", ".ngc", ".tap", ".txt", ".gcode", ".iso", ".min", ".mpf")
MAX_FILES = 64                 # subprogram files loaded for one program, calls of calls included
_CALL = re.compile(rb"(?i)(?:M\s*98|G\s*65)[^;(\n]*?P\s*(\d+)")
_CALL_AFTER = re.compile(rb"(?i)P\s*(\d+)[^;(\n]*?(?:M\s*98|G\s*65)")
_ANY_CALL = re.compile(rb"(?i)M\s*98|G\s*65")
_COMMENT = re.compile(rb"\([^)]*\)?")
_PROGRAM = re.compile(rb"(?im)^[ \t/]*(?:N\s*\d+\s*)?[O:]\s*(\d+)")


@dataclass(frozen=True)
class Part:
    """One file of the text given to the interpreter: its name, where its lines begin (0-based
    line index in the whole text) and the program number it was loaded for (None: the main)."""

    file: str
    first_line: int
    number: int | None = None


def file_names(number: int) -> tuple[str, ...]:
    """The names (lower case, without extension) a file holding program `number` may have."""
    return tuple(dict.fromkeys((f"o{number:04d}", f"o{number}", f"{number:04d}", f"{number}")))


def called(data: bytes, fanuc: bool) -> set[int]:
    """Program numbers that M98/G65 blocks of `data` call with a plain P number (comments left
    out)."""
    found = set()
    if not _ANY_CALL.search(data):      # most programs: one scan of the bytes, no line split
        return found
    for line in data.splitlines():
        if not _ANY_CALL.search(line):
            continue
        line = _COMMENT.sub(b"", line).split(b";")[0]
        m = _CALL.search(line) or _CALL_AFTER.search(line)
        if m:
            p = int(m.group(1))
            found.add(p % 10000 if fanuc and p > 9999 else p)
    return found


def defined(data: bytes) -> set[int]:
    return {int(m.group(1)) for m in _PROGRAM.finditer(data)}


def find_beside(program: Path, number: int) -> Path | None:
    """The file beside `program` that holds program `number`, or None."""
    try:
        names = {p.name.lower(): p for p in program.parent.iterdir() if p.is_file()}
    except OSError:
        return None
    for stem in file_names(number):
        for ext in (program.suffix.lower(), *EXTENSIONS):
            p = names.get(stem + ext)
            if p is not None and p != program:
                return p
    return None


def gather(data: bytes, file: str, fanuc: bool) -> tuple[bytes, list[Part]]:
    """The program text with the subprogram files it calls appended, and its parts."""
    parts = [Part(file, 0)]
    path = Path(file)
    if not path.is_file():
        return data, parts
    text = [data]
    have = defined(data)
    todo = sorted(called(data, fanuc) - have)
    while todo and len(parts) <= MAX_FILES:
        number = todo.pop(0)
        if number in have:
            continue
        found = find_beside(path, number)
        if found is None:
            have.add(number)       # not found: the interpreter says so at the call
            continue
        try:
            sub = found.read_bytes()
        except OSError:
            have.add(number)
            continue
        if b"\x00" in sub[:65536]:
            have.add(number)
            continue
        if not text[-1].endswith(b"\n"):
            text.append(b"\n")
        first = count_lines(b"".join(text))
        text.append(sub)
        parts.append(Part(str(found), first, number))
        have |= defined(sub) | {number}
        todo = sorted(set(todo) | (called(sub, fanuc) - have))
    if len(parts) == 1:
        return data, parts
    return b"".join(text), parts
