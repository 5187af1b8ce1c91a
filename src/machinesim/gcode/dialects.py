"""The controls machinesim reads, what each one changes, and how `dialect = "auto"` chooses one.

Two families share the interpreter's semantics: Fanuc-type controls (`fanuc`, `haas`: decimal
point rules, macro B, G65, M98/M99 with O numbers) and RS274/NGC controls (`linuxcnc`, and the
hobby controls `grbl` and `mach3`, which read X10 as 10 mm). Within a family a control differs by
the codes it knows (`codes.py`), the variables it has, and the motion mode it powers on in.

`choose(data, file)` reads a program's habits, the way a machinist recognises a post at a glance:
the first strong mark found decides (o-words are LinuxCNC, G187 is Haas, a `.tap` file is a Mach3
post...), and it says which mark it was.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CONTROLS = ("fanuc", "haas", "linuxcnc", "grbl", "mach3")
FAMILY = {"fanuc": "fanuc", "haas": "fanuc", "linuxcnc": "linuxcnc", "grbl": "linuxcnc", "mach3": "linuxcnc"}
# highest numbered variable a program may set: Haas NGC keeps its commons in #10000-#10999 (a Haas
# post's `#10100 = 0.5`), Fanuc its memory-C tool offsets there (read and set here as plain values)
MAX_VARIABLE = {"fanuc": 10999, "haas": 10999, "linuxcnc": 5399, "grbl": 5399, "mach3": 5399}
# motion mode at power on: hobby controls move on a bare axis word (G0), LinuxCNC refuses it
POWER_ON_MOTION = {"fanuc": 0.0, "haas": 0.0, "linuxcnc": None, "grbl": 0.0, "mach3": 0.0}


def family(control: str) -> str:
    """"fanuc" or "linuxcnc": how the control runs blocks (a name not listed is its own family)."""
    return FAMILY.get(control, control)


@dataclass(frozen=True)
class Choice:
    """The control chosen for a program and the habit that decided it (line 0: none found)."""

    control: str
    line: int = 0
    evidence: str = ""


# (control, pattern on one line without its comments); the first that matches decides
_CODE_MARKS: tuple[tuple[str, re.Pattern], ...] = (
    ("linuxcnc", re.compile(r"(?i)^\s*o\s*(<[^>]*>|\d+)\s*(sub|call|if|while|do|repeat|endsub)\b|#<")),
    ("haas", re.compile(r"(?i)\bG\s*(187|103|154)(?![\d.])|\bM\s*97(?!\d)|#\s*10\d{3}(?!\d)")),
    ("grbl", re.compile(r"^\s*\$[A-Za-z]|\bG\s*38\.[2-5]")),
    ("fanuc", re.compile(r"(?i)^\s*(%\s*$|(N\s*\d+\s*)?[O:]\s*\d+)|\b(WHILE|IF)\s*\[|\bG\s*65(?![\d.])")),
)
# (control, pattern on a comment): what CAM posts write about themselves
_COMMENT_MARKS: tuple[tuple[str, re.Pattern], ...] = (
    ("haas", re.compile(r"(?i)\bhaas\b")),
    ("mach3", re.compile(r"(?i)\bmach\s*3|cambam")),
    ("grbl", re.compile(r"(?i)\bgrbl\b|universal gcode sender|\bbcnc\b")),
    ("linuxcnc", re.compile(r"(?i)linuxcnc|\bemc2?\b|freecad|pycam")),
)
_EXTENSIONS = {".tap": "mach3", ".ngc": "linuxcnc", ".gcode": "grbl"}
_SEMICOLON_TEXT = re.compile(r";\s*[A-Za-z]")      # '; a comment': Fanuc reads ';' as end of block
_COMMENT = re.compile(r"\(([^)]*)\)?|;(.*)")
_BARE_AXIS = re.compile(r"(?i)(?<![A-Z#\[])[XYZ]\s*-?\d+(?![\d.])")


def choose(data: bytes, file: str = "") -> Choice:
    """The control a program was written for, judged from its habits (see the module's doc)."""
    lines = data.decode("latin-1").splitlines()
    for i, raw in enumerate(lines, start=1):
        code = _COMMENT.sub(" ", raw)
        for control, pattern in _CODE_MARKS:
            m = pattern.search(code)
            if m and control != "fanuc":
                return Choice(control, i, m.group(0).strip())
        for m in _COMMENT.finditer(raw):
            text = m.group(1) or m.group(2) or ""
            for control, pattern in _COMMENT_MARKS:
                if pattern.search(text):
                    return Choice(control, i, raw.strip()[:60])
    ext = Path(file).suffix.lower()
    if ext in _EXTENSIONS:
        return Choice(_EXTENSIONS[ext], 0, Path(file).name)
    fanuc = _first(lines, lambda code: _CODE_MARKS[-1][1].search(code))
    if fanuc:
        return Choice("fanuc", *fanuc)
    semicolon = _first(lines, _SEMICOLON_TEXT.search, strip=False)
    if semicolon:
        return Choice("grbl", *semicolon)
    bare = _first(lines, lambda code: _BARE_AXIS.search(code))
    if bare:            # X10 meant as 10 mm: a calculator-type hobby control
        return Choice("grbl", *bare)
    return Choice("fanuc")


def _first(lines, find, strip: bool = True) -> tuple[int, str] | None:
    for i, raw in enumerate(lines, start=1):
        m = find(_COMMENT.sub(" ", raw) if strip else raw)
        if m:
            return i, m.group(0).strip()
    return None
