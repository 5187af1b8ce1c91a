"""The G-code front end: program text to a `Toolpath` of tool-tip moves in machine coordinates.

`interpret(text, job)` tokenizes the whole program in Numba (`lexer`), then the modal interpreter
(`interpreter`) walks it, handing runs of plain motion blocks to the Numba fast lane (`fastlane`).
Program errors are findings in the toolpath; only unusable files raise `InputError`.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..findings import input_error
from ..toolpath import Toolpath, move_record
from . import dialects, subprogram_files
from .interpreter import Interpreter
from .lexer import tokenize

__all__ = ["interpret", "load_program", "moves_jsonl", "tokenize"]


def interpret(text: str | bytes, job, file: str = "<program>", *, block_delete: bool = False,
              loop_limit: int | None = None, fast: bool = True) -> Toolpath:
    """Interpret a whole program for `job`'s machine.

    `block_delete`: the block-delete switch, off as a control powers on (when on, lines starting
    with / are skipped).
    `loop_limit`: passes of one loop, jump or call before the program is stopped as endless
    (None: the job's `[limits]`).
    `fast`: use the Numba fast lane for plain motion blocks (False: the Python interpreter alone).
    When `file` names an existing file, the subprograms it calls (M98/G65 P) and does not hold are
    looked for beside it (`subprogram_files`); their moves and findings name their own file.
    """
    if getattr(job, "lathe", None) is not None:       # a lathe job: the lathe control reads it
        from ..lathe.interpreter import interpret as interpret_lathe

        return interpret_lathe(text, job, file, loop_limit=loop_limit)
    data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else bytes(text)
    choice = dialects.choose(data, str(file)) if job.machine.dialect == "auto" else None
    control = choice.control if choice else job.machine.dialect
    data, parts = subprogram_files.gather(data, str(file), dialects.family(control) == "fanuc")
    interp = Interpreter(tokenize(data), data, job, str(file), block_delete=block_delete,
                         loop_limit=loop_limit, fast=fast, parts=parts, choice=choice)
    return interp.run()


def load_program(path: str | Path, job) -> Toolpath:
    """Read and interpret a program file; a missing, unreadable or binary file raises `InputError`."""
    p = Path(path)
    if not p.is_file():
        raise input_error("FILE.missing", file=str(p), path=str(p))
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise input_error("FILE.unreadable", file=str(p), path=str(p), reason=exc.__class__.__name__)
    if b"\x00" in data[:65536]:
        raise input_error("FILE.binary", file=str(p), path=str(p))
    return interpret(data, job, file=str(p))


def moves_jsonl(toolpath: Toolpath) -> Iterator[str]:
    """The contract's JSON lines, one move each, numbered from 1."""
    for n, move in enumerate(toolpath.moves, start=1):
        yield json.dumps(move_record(move, n))
