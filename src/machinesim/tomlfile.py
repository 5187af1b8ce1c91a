"""Reading a TOML input file (job or spec) so that every problem is an `InputError` for people:
a missing or unreadable file, or a syntax error with its line and column."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .findings import input_error


def read_toml(path: str | Path, syntax_key: str) -> dict:
    """The decoded document; `syntax_key` is the catalogue sentence for a TOML syntax error."""
    p = Path(path)
    if not p.is_file():
        raise input_error("FILE.missing", file=str(p), path=str(p))
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise input_error("FILE.unreadable", file=str(p), path=str(p), reason=exc.__class__.__name__)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # Python 3.11 gives the place only in the message
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        line, column = (int(where.group(1)), int(where.group(2))) if where else (0, 0)
        raise input_error(syntax_key, file=str(p), line=line, column=column, reason=str(exc).split(" (at")[0])
