"""A class folder: which files are students' programs, which are not and why, and where each report goes.

A file is a program when its name says so (.nc, .ngc, .tap, .cnc, .gcode, .iso, or Fanuc's
`O1001`) or, for any other name (.txt, none, ...), when its text reads as G-code: most of its
lines are blocks of address words. A program file that cannot be read keeps its place (its row says why);
other files are skipped with the reason. Sub-folders are searched (a student's folder), except
hidden ones and machinesim's own output folders. Each program gets its own report folder, named
after its stem, or its whole file name when two programs share a stem.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .findings import input_error
from .report.part_folder import OUTPUT_MARK

PROGRAM_SUFFIXES = (".nc", ".ngc", ".tap", ".cnc", ".gcode", ".iso")
SNIFF_BYTES = 65536
MIN_BLOCK_SHARE = 0.6              # share of a text file's lines that must be G-code blocks

_COMMENT = re.compile(r"\([^)]*\)|;.*$")
_WORD = re.compile(r"[A-Za-z]\s*[-+]?\s*(?:\d[\d.]*|\.\d+|#\d+|\[[^\]]*\])")
_CONTROL = re.compile(r"^(?:#|[Oo]\s*(?:\d|<)|/|(?:IF|WHILE|END|GOTO|DO)\b)", re.IGNORECASE)
FANUC_NAME = re.compile(r"^[Oo]\d{1,5}$")        # O1001: a Fanuc program, whatever it holds
_ADDRESS = re.compile(r"(?:^|[^A-Za-z])[GMTgmt]\s*\d")


@dataclass(frozen=True)
class Program:
    """A student's program: its path, the name shown (relative to the class), its report folder."""

    path: Path
    student: str
    folder: str


@dataclass(frozen=True)
class Skipped:
    """A file of the class folder that is not graded, with the catalogue key saying why."""

    path: str
    reason: str


def is_block(line: str) -> bool:
    """True for a line of G-code: only address words (G1 X10.5 F[#1*2]), a parameter, a control word."""
    code = _COMMENT.sub("", line).strip()
    if _CONTROL.match(code):
        return True
    return bool(code) and not re.search(r"[A-Za-z]", _WORD.sub("", code))


def reads_as_gcode(data: bytes) -> bool:
    """Whether a file's first bytes read as a G-code program rather than prose, a table or binary."""
    if b"\x00" in data:
        return False
    text = data.decode("utf-8", errors="replace")
    lines = [s for s in (_COMMENT.sub("", raw).strip() for raw in text.splitlines()) if s and s != "%"]
    blocks = sum(is_block(s) for s in lines)
    return blocks > 0 and blocks >= MIN_BLOCK_SHARE * len(lines) and bool(_ADDRESS.search(text))


def _walk(folder: Path, skipped: list[Skipped]):
    """Files of `folder` and its sub-folders, sorted, skipping hidden and machinesim folders."""
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        keep = []
        for d in sorted(dirs):
            rel = str((here / d).relative_to(folder))
            if d.startswith("."):
                skipped.append(Skipped(rel + "/", "GRADE.skip_hidden"))
            elif (here / d / OUTPUT_MARK).exists():
                skipped.append(Skipped(rel + "/", "GRADE.skip_output"))
            else:
                keep.append(d)
        dirs[:] = keep
        for name in sorted(files):
            yield here / name


def find_programs(folder: str | Path) -> tuple[list[Program], list[Skipped]]:
    """The students' programs of a class folder and the files skipped (with why).

    Raises `InputError` when the folder is missing or is a file.
    """
    root = Path(folder)
    if root.is_file():
        raise input_error("FILE.not_folder", file=str(root), path=str(root))
    if not root.is_dir():
        raise input_error("FILE.missing", file=str(root), path=str(root))
    found: list[Path] = []
    skipped: list[Skipped] = []
    for path in _walk(root, skipped):
        rel = str(path.relative_to(root))
        if path.name.startswith("."):
            skipped.append(Skipped(rel, "GRADE.skip_hidden"))
        elif not path.is_file():
            skipped.append(Skipped(rel, "GRADE.skip_special"))
        elif path.suffix.lower() in PROGRAM_SUFFIXES or FANUC_NAME.match(path.name):
            found.append(path)
        else:
            try:
                with path.open("rb") as fh:
                    head = fh.read(SNIFF_BYTES)
            except OSError:
                skipped.append(Skipped(rel, "GRADE.skip_unreadable"))
                continue
            if reads_as_gcode(head):
                found.append(path)
            else:
                skipped.append(Skipped(rel, "GRADE.skip_not_gcode"))
    return _named(root, found), skipped


def _named(root: Path, paths: list[Path]) -> list[Program]:
    """Student names and report folders: the stem, or the file name when stems collide."""
    def stem_of(p: Path) -> str:
        return str(p.relative_to(root).with_suffix("")) if p.suffix else str(p.relative_to(root))

    count: dict[str, int] = {}
    for p in paths:
        count[stem_of(p).casefold()] = count.get(stem_of(p).casefold(), 0) + 1
    out = []
    for p in paths:
        name = stem_of(p) if count[stem_of(p).casefold()] == 1 else str(p.relative_to(root))
        out.append(Program(p, name, name))
    return out
