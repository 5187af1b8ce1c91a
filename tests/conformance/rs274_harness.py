"""Conformance harness: LinuxCNC's standalone interpreter `rs274` as the reference for dialect linuxcnc.

rs274 prints "canonical machining functions" (STRAIGHT_TRAVERSE, STRAIGHT_FEED, ARC_FEED, DWELL,
SET_G5X_OFFSET, USE_TOOL_LENGTH_OFFSET, ...) in program coordinates and the program's current
units. This module runs it in a private HOME, reads its output back into tool-tip moves in machine
millimetres, builds the matching machinesim job and compares the two move lists.

Conventions mapped here:
- rs274 reads its tool table and `.var` file in inches whatever the program's units; the files are
  written from millimetres divided by 25.4, and each value it prints is in the units of the last
  USE_LENGTH_UNITS call.
- A printed point p is a gauge-line position in program coordinates: machine = p + G5x + G92 +
  tool length offset. machinesim moves are the tool tip, so the length of the tool in the spindle
  is subtracted: tip = p + G5x + G92 + offset - length(tool in spindle). G53 moves fit the same rule.
- ARC_FEED(first_end, second_end, first_centre, second_centre, rotation, axis_end, ...): the
  (first, second, axis) triple is (X, Y, Z) in G17, (Z, X, Y) in G18 and (Y, Z, X) in G19, so a
  positive rotation turns counter-clockwise about +Z, +Y, +X; |rotation| - 1 is the extra turns.
- Feeds: SET_FEED_RATE is per minute (G93 already converted, never below 0.1 unit/min) or, after
  SET_FEED_MODE(.., 1) (G95), per revolution, then multiplied by the spindle speed. The spindle
  state (speed, direction, stop) rides on every move; M0, M1 and M2/M30 are events like dwells.
- Parameters: rs274 keeps the `.var` values in inches, so a program reading #5221.. (offsets) would
  see inches; the test programs do not read them.
- Source lines: rs274 shows only N words, so each line of the program gets `N<line>` first
  (`number_lines`). Under cutter compensation rs274 prints a move when it reads the next block,
  so its line numbers are informative only; moves are paired by position, never by line.

A quirk of the standalone rs274, not of LinuxCNC on a machine: after M6 it takes its position
back from its own canonical layer, which does not follow tool length offset changes, so when G43
or G49 changed the offset since the last move (in the M6 block or before it) its program Z goes
stale by the change, and a G91 Z move or G10 L20 after it goes wrong. Test programs follow a
tool change with an absolute move before anything incremental.

Normalisations applied before comparing (documented in `normalise`): straight moves that leave
the gauge line where it was are dropped (rs274 prints one at a G28 without an intermediate point,
at some compensation entries and for a block that repeats the current position); dwells of zero
seconds are dropped (G84, G86 print DWELL(0)). Nothing is merged or split: both interpreters give
one record per arc, full circles and P turns included.
"""
from __future__ import annotations

import difflib
import math
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

RS274 = shutil.which("rs274")
INCH = 25.4
TOLERANCE = 0.003          # mm, the contract's conformance tolerance

# The shared set-up of every conformance program: tool table (mm) and work offsets (machine mm).
# Lengths and diameters are whole multiples of 1/16 inch so that the inch files hold them exactly.
TOOLS: dict[int, tuple[float, float]] = {   # number: (diameter, length)
    1: (6.35, 50.8),
    2: (12.7, 63.5),
    3: (3.175, 44.45),
    4: (9.525, 76.2),
}
OFFSETS: dict[str, tuple[float, float, float]] = {
    "G54": (-300.0, -150.0, -250.0),
    "G55": (-200.0, -100.0, -260.0),
    "G56": (-150.5, -75.25, -240.0),
    "G57": (-100.0, 50.0, -270.0),
    "G58": (0.0, 0.0, -200.0),
    "G59": (12.5, -12.5, -210.0),
    "G59.1": (-250.0, -120.0, -220.0),
    "G59.2": (-50.0, -60.0, -230.0),
    "G59.3": (-10.0, 20.0, -280.0),
}
WORK_OFFSETS = ("G54", "G55", "G56", "G57", "G58", "G59", "G59.1", "G59.2", "G59.3")
NORMALS = {"XY": (0.0, 0.0, 1.0), "XZ": (0.0, 1.0, 0.0), "YZ": (1.0, 0.0, 0.0)}
# ARC_FEED's (first, second, axis) coordinate indices in each plane
PLANE_AXES = {"XY": (0, 1, 2), "XZ": (2, 0, 1), "YZ": (1, 2, 0)}


class Rs274Error(Exception):
    """rs274 refused the program: its message and the source line it stopped at (0 if unknown)."""

    def __init__(self, message: str, line: int = 0, canon: str = ""):
        super().__init__(f"line {line}: {message}")
        self.message = message
        self.line = line
        self.canon = canon          # what rs274 printed before it stopped


@dataclass(frozen=True)
class Move:
    """One move in the form both interpreters are compared in: tool tip, machine mm."""

    kind: str                                   # "rapid", "feed" or "arc"
    end: tuple[float, float, float]
    line: int = 0
    feed: float = math.nan                      # mm/min; nan for rapids
    center: tuple[float, float, float] | None = None
    axis: tuple[float, float, float] | None = None
    turns: int = 0
    tool: int = 0                               # the tool in the spindle
    spindle: float = 0.0                        # rpm, + clockwise (M3), - counter-clockwise (M4), 0 stopped
    start: tuple[float, float, float] | None = None   # the tip as the move begins (None: not known)


@dataclass(frozen=True)
class Event:
    """A dwell (value: seconds), a tool change (value: the tool) or a stop, after `after` moves."""

    kind: str                                   # "dwell", "tool_change", "stop", "optional_stop", "end"
    value: float
    after: int
    line: int = 0


@dataclass(frozen=True)
class Call:
    """One canonical call of rs274's output."""

    name: str
    args: tuple
    line: int                                   # source line (from the N word the harness adds), 0 if none


@dataclass
class Run:
    """What one interpreter made of a program."""

    moves: list[Move] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


# --- running rs274 ------------------------------------------------------------------------------

def tool_table_text(tools: dict[int, tuple[float, float]] = TOOLS) -> str:
    """rs274's tool table (inches): pocket = tool number, Z = length, D = diameter."""
    return "".join(f"T{n} P{n} Z{length / INCH:.10f} D{dia / INCH:.10f} ;\n"
                   for n, (dia, length) in sorted(tools.items()))


def var_file_text(offsets: dict[str, tuple[float, float, float]] = OFFSETS) -> str:
    """rs274's parameter file (inches, in increasing order): G54 active, every work offset set."""
    rows = [(5220, 1.0)]
    for k, name in enumerate(WORK_OFFSETS):
        x, y, z = offsets.get(name, (0.0, 0.0, 0.0))
        base = 5221 + 20 * k
        rows += [(base, x / INCH), (base + 1, y / INCH), (base + 2, z / INCH)]
    return "".join(f"{p}\t{v:.12f}\n" for p, v in rows)


_BARE = re.compile(r"^\s*$|^\s*%")


def number_lines(text: str) -> str:
    """The program with `N<line>` in front of each line, so rs274 tells which line each call comes from.

    N words change nothing in LinuxCNC; lines that are empty, `%` or already numbered are kept as is
    (a block-delete slash stays first).
    """
    out = []
    for i, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip()
        if _BARE.match(line) or stripped[:1] in ("n", "N"):
            out.append(line)
        elif stripped.startswith("/"):
            out.append(f"/N{i} {stripped[1:]}")
        else:
            out.append(f"N{i} {stripped}")
    return "\n".join(out) + "\n"


def run_rs274(text: str, tools: dict[int, tuple[float, float]] = TOOLS,
              offsets: dict[str, tuple[float, float, float]] = OFFSETS, timeout: float = 20.0) -> str:
    """rs274's canonical output for a program; raises `Rs274Error` when it refuses the program.

    Each run has its own HOME (rs274 keeps ~/.tool.mmap there), tool table and `.var` file (it
    rewrites it), and reads /dev/null as its terminal (it would wait at a menu otherwise).
    """
    if RS274 is None:
        raise FileNotFoundError("rs274")
    with tempfile.TemporaryDirectory(prefix="rs274-") as tmp:
        d = Path(tmp)
        (d / "program.ngc").write_text(number_lines(text), encoding="utf-8")
        (d / "tool.tbl").write_text(tool_table_text(tools), encoding="utf-8")
        (d / "params.var").write_text(var_file_text(offsets), encoding="utf-8")
        env = dict(os.environ, HOME=tmp)
        with open(os.devnull, "rb") as devnull:
            proc = subprocess.run(
                [RS274, "-g", "-t", "tool.tbl", "-v", "params.var", "program.ngc", "canon.txt"],
                cwd=tmp, env=env, stdin=devnull, capture_output=True, timeout=timeout)
        out = (d / "canon.txt").read_text(encoding="utf-8") if (d / "canon.txt").exists() else ""
        if proc.returncode != 0:
            raise _rs274_error(proc.stderr.decode("utf-8", "replace"), out)
        return out


def _rs274_error(stderr: str, canon: str) -> Rs274Error:
    """rs274 prints its message, then the offending block (with our N word) on its last line."""
    noise = ("executing", "link (updating")
    lines = [ln for ln in stderr.splitlines() if ln.strip() and not ln.startswith(noise)]
    line = 0
    if lines:
        m = re.match(r"\s*/?N(\d+)", lines[-1])
        if m:
            line = int(m.group(1))
    message = " / ".join(lines[:-1] if line and len(lines) > 1 else lines) or "rs274 failed"
    return Rs274Error(message, line, canon)


# --- reading rs274's output ---------------------------------------------------------------------

_CALL = re.compile(r"^\s*\d+\s+N(\d+|\.+)\s*([A-Z_0-9]+)\((.*)\)\s*$")


def _arg(token: str):
    try:
        return float(token)
    except ValueError:
        return token


def parse_canon(text: str) -> list[Call]:
    """Canonical output lines into calls: `   23 N17    ARC_FEED(10.0000, ...)`.

    Arguments are split on commas and spaces (USE_TOOL_LENGTH_OFFSET groups its numbers by spaces);
    numbers become floats, anything else (CANON_PLANE_XY, quoted comments) stays text.
    """
    calls = []
    for raw in text.splitlines():
        m = _CALL.match(raw)
        if not m:
            continue
        n, name, inner = m.groups()
        if name == "COMMENT" or name == "MESSAGE":
            args: tuple = (inner,)
        else:
            args = tuple(_arg(t) for t in re.split(r"[,\s]+", inner.strip()) if t)
        calls.append(Call(name, args, int(n) if n[0].isdigit() else 0))
    return calls


_STOPS = {"PROGRAM_STOP": "stop", "OPTIONAL_PROGRAM_STOP": "optional_stop", "PROGRAM_END": "end"}


def canon_to_run(calls: list[Call], tools: dict[int, tuple[float, float]] = TOOLS) -> Run:
    """Tool-tip moves in machine millimetres from rs274's calls (see the module's conventions)."""
    run = Run()
    unit = 1.0
    g5x = [0.0, 0.0, 0.0]
    g92 = [0.0, 0.0, 0.0]
    tlo = [0.0, 0.0, 0.0]
    plane = "XY"
    feed = 0.0
    per_rev = False             # G95: the printed feed is per spindle revolution
    speed = 0.0
    turning = 0                 # +1 clockwise, -1 counter-clockwise, 0 stopped
    tool = 0
    pos = (0.0, 0.0, 0.0)          # rs274 starts with the gauge line at machine zero, no tool
    gauge = (0.0, 0.0, 0.0)        # where the gauge line stands: no offset change moves it

    def length() -> float:
        return tools[tool][1] if tool in tools else 0.0

    def here() -> tuple[float, float, float]:
        """The tip where the spindle stands: every move starts there (rs274 moves continuously)."""
        return (gauge[0], gauge[1], gauge[2] - length())

    def tip(p) -> tuple[float, float, float]:
        length = tools[tool][1] if tool in tools else 0.0
        return (p[0] * unit + g5x[0] + g92[0] + tlo[0],
                p[1] * unit + g5x[1] + g92[1] + tlo[1],
                p[2] * unit + g5x[2] + g92[2] + tlo[2] - length)

    for c in calls:
        a = c.args
        if c.name == "USE_LENGTH_UNITS":
            unit = INCH if a[0] == "CANON_UNITS_INCHES" else 1.0
        elif c.name == "SET_G5X_OFFSET":
            g5x = [v * unit for v in a[1:4]]
        elif c.name == "SET_G92_OFFSET":
            g92 = [v * unit for v in a[0:3]]
        elif c.name == "USE_TOOL_LENGTH_OFFSET":
            tlo = [v * unit for v in a[0:3]]
        elif c.name == "SET_XY_ROTATION":
            if a[0] != 0.0:
                raise ValueError(f"line {c.line}: XY rotation (G10 L2 R) is outside the harness")
        elif c.name == "SELECT_PLANE":
            plane = a[0].rsplit("_", 1)[-1]
        elif c.name == "SET_FEED_RATE":
            feed = a[0] * unit
        elif c.name == "SET_FEED_MODE":
            per_rev = a[-1] == 1.0
        elif c.name == "SET_SPINDLE_SPEED":
            speed = a[-1]
        elif c.name in ("START_SPINDLE_CLOCKWISE", "START_SPINDLE_COUNTERCLOCKWISE", "STOP_SPINDLE_TURNING"):
            turning = {"START_SPINDLE_CLOCKWISE": 1, "START_SPINDLE_COUNTERCLOCKWISE": -1}.get(c.name, 0)
        elif c.name == "CHANGE_TOOL":
            tool = int(a[0])
            run.events.append(Event("tool_change", float(tool), len(run.moves), c.line))
        elif c.name == "DWELL":
            run.events.append(Event("dwell", a[0], len(run.moves), c.line))
        elif c.name in _STOPS:
            run.events.append(Event(_STOPS[c.name], 0.0, len(run.moves), c.line))
        elif c.name in ("STRAIGHT_TRAVERSE", "STRAIGHT_FEED"):
            start, pos = here(), tip(a[0:3])
            kind = "rapid" if c.name == "STRAIGHT_TRAVERSE" else "feed"
            rate = math.nan if kind == "rapid" else feed * (speed if per_rev else 1.0)
            run.moves.append(Move(kind, pos, c.line, rate, tool=tool, spindle=turning * speed, start=start))
            gauge = (pos[0], pos[1], pos[2] + length())
        elif c.name == "ARC_FEED":
            i1, i2, i3 = PLANE_AXES[plane]
            p = [0.0, 0.0, 0.0]
            p[i1], p[i2], p[i3] = a[0], a[1], a[5]
            end = tip(p)
            rot = int(a[4])
            pc = [0.0, 0.0, 0.0]
            pc[i1], pc[i2] = a[2], a[3]
            q = list(tip(pc))
            q[i3] = pos[i3]        # the centre at the start's height along the axis
            normal = NORMALS[plane]
            sign = 1.0 if rot > 0 else -1.0
            run.moves.append(Move("arc", end, c.line, feed * (speed if per_rev else 1.0), tuple(q),
                                  tuple(sign * v for v in normal), abs(rot) - 1, tool, turning * speed,
                                  start=here()))
            pos = end
            gauge = (end[0], end[1], end[2] + length())
        elif c.name in ("STRAIGHT_PROBE", "RIGID_TAP", "NURBS_FEED", "SPLINE_FEED"):
            raise ValueError(f"line {c.line}: {c.name} is outside the harness")
    return run


def rs274_run(text: str, tools: dict[int, tuple[float, float]] = TOOLS,
              offsets: dict[str, tuple[float, float, float]] = OFFSETS) -> Run:
    """rs274's moves and events for a program, in the harness's form."""
    return canon_to_run(parse_canon(run_rs274(text, tools, offsets)), tools)


_EXPECT = re.compile(r"\(expect:\s*(\S+)\s+line\s+(\d+)(?:;\s*rs274\s+line\s+(\d+))?\s*\)", re.IGNORECASE)


def expected_error(text: str) -> tuple[str, int, int] | None:
    """The `(expect: CODE line N)` comment of an error program: the finding code ('*': any), the
    line of the error, and the line rs274 names (the same unless `; rs274 line M` says otherwise)."""
    m = _EXPECT.search(text)
    if not m:
        return None
    line = int(m.group(2))
    return m.group(1), line, int(m.group(3)) if m.group(3) else line


# --- machinesim's side --------------------------------------------------------------------------

def conformance_job(tools: dict[int, tuple[float, float]] = TOOLS,
                    offsets: dict[str, tuple[float, float, float]] = OFFSETS):
    """machinesim's job matching rs274's set-up: dialect linuxcnc, tool lengths as offsets."""
    from machinesim.job import Job, Machine
    from machinesim.tools import Tool

    big = ((-5000.0, 5000.0), (-5000.0, 5000.0), (-5000.0, 5000.0))
    table = {n: Tool(number=n, type="flat", diameter=d, length=length, flute_length=min(25.0, length))
             for n, (d, length) in tools.items()}
    return Job(machine=Machine(dialect="linuxcnc", tool_length="offsets", travel=big),
               offsets=dict(offsets), tools=table, path="<conformance job>")


def alarms(toolpath) -> list:
    """machinesim's errors that a control would alarm on: all but NO_TOOL (a cut with no tool
    loaded removes nothing in the simulation; a control, rs274 included, moves on)."""
    return [f for f in toolpath.findings if f.severity == "error" and f.code != "NO_TOOL"]


def toolpath_to_run(toolpath) -> Run:
    """machinesim's `Toolpath` in the harness's form."""
    from machinesim.toolpath import EVENT_NAMES, KIND_NAMES

    run = Run()
    for m in toolpath.moves:
        kind = KIND_NAMES[int(m["kind"])]
        arc = kind == "arc"
        run.moves.append(Move(
            kind, tuple(float(v) for v in m["end"]), int(m["line"]),
            math.nan if kind == "rapid" else float(m["feed"]),
            tuple(float(v) for v in m["center"]) if arc else None,
            tuple(float(v) for v in m["axis"]) if arc else None,
            int(m["turns"]) if arc else 0, int(m["tool"]), float(m["spindle"]),
            tuple(float(v) for v in m["start"])))
    for e in toolpath.events:
        kind = EVENT_NAMES[int(e["kind"])]
        value = float(e["value"]) if kind in ("dwell", "tool_change") else 0.0
        run.events.append(Event(kind, value, int(e["after"]), int(e["line"])))
    return run


def machinesim_run(text: str, file: str = "<program>", tools: dict[int, tuple[float, float]] = TOOLS):
    """machinesim's toolpath (kept for its findings) and its moves in the harness's form."""
    from machinesim.gcode import interpret

    toolpath = interpret(text, conformance_job(tools), file)
    return toolpath, toolpath_to_run(toolpath)


_TOOL_WORD = re.compile(r"(?i)T\s*(\d+)")


def tools_for(text: str, diameter: float = 6.35, length: float = 50.8) -> dict[int, tuple[float, float]]:
    """The harness's tools plus every T number a program names (a Ø1/4 in tool 2 in long), for
    running programs written for other tool tables through both interpreters alike."""
    tools = dict(TOOLS)
    for n in {int(m) for m in _TOOL_WORD.findall(_strip_comments(text))}:
        tools.setdefault(n, (diameter, length))
    tools.pop(0, None)
    return tools


def rs274_ready(text: str) -> str:
    """A program written for another control, made acceptable to rs274 without changing its moves:
    lone '%' lines go (rs274 wants them on both ends or neither) and M2 follows (it wants an end)."""
    return "".join(ln for ln in text.splitlines(keepends=True) if ln.strip() != "%") + "\nM2\n"


def _strip_comments(text: str) -> str:
    return re.sub(r"\([^)]*\)|;.*|<[^>]*>", "", text)


# --- comparing ----------------------------------------------------------------------------------

def normalise(run: Run, tol: float = TOLERANCE, tools: dict[int, tuple[float, float]] = TOOLS) -> Run:
    """Drop what carries no motion: straight moves that leave the spindle where it was (measured at
    the gauge line, since a tool change moves the tip without a move), dwells of zero seconds.

    Event positions (`after`) are renumbered to count only the moves kept.
    """
    kept: list[Move] = []
    index = []                  # index[i]: number of kept moves among the first i moves
    prev: tuple[float, float, float] | None = None
    for m in run.moves:
        index.append(len(kept))
        length = tools[m.tool][1] if m.tool in tools else 0.0
        gauge = (m.end[0], m.end[1], m.end[2] + length)
        if m.kind != "arc" and prev is not None and _dist(gauge, prev) <= tol:
            continue
        kept.append(m)
        prev = gauge
    index.append(len(kept))
    events = [Event(e.kind, e.value, index[min(e.after, len(run.moves))], e.line)
              for e in run.events if not (e.kind == "dwell" and e.value <= 0.0)]
    return Run(kept, events)


def _dist(p, q) -> float:
    return math.dist(p, q)


@dataclass(frozen=True)
class Discrepancy:
    """One difference: where (the index of the move, the reference's line), what and both values."""

    index: int
    line: int
    what: str
    expected: object
    got: object

    def __str__(self) -> str:
        return f"move {self.index} (line {self.line}): {self.what}: expected {self.expected}, got {self.got}"


def _fmt(p) -> str:
    return "None" if p is None else "(" + ", ".join(f"{v:.4f}" for v in p) + ")"


def compare(expected: Run, got: Run, tol: float = TOLERANCE, feed_rel: float = 1e-3,
            limit: int = 10) -> list[Discrepancy]:
    """Differences between two normalised runs, the reference first: at most `limit` of them.

    The two move lists are first aligned (difflib on kind and end point rounded to 0.01 mm), so a
    missing or extra move is reported once instead of shifting every pair after it. Paired moves
    must agree in kind, start point (where the tool stands as the move begins: a jump shows) and
    end point within `tol` mm, feed within `feed_rel` (relative) for feed moves and arcs, spindle
    speed and direction (+ M3, - M4, 0 stopped); arcs also in centre (in the arc's plane), axis
    (direction of rotation) and extra turns. Dwells, tool changes and stops must agree in value and
    follow the paired move.
    """
    out: list[Discrepancy] = []
    pairs: dict[int, int] = {}
    keys_e = [_key(m) for m in expected.moves]
    keys_g = [_key(m) for m in got.moves]
    matcher = difflib.SequenceMatcher(None, keys_e, keys_g, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 - i1 == j2 - j1:
            for i, j in zip(range(i1, i2), range(j1, j2)):
                pairs[i] = j
                out += _pair(i, expected.moves[i], got.moves[j], tol, feed_rel)
            continue
        line = expected.moves[i1].line if i1 < len(expected.moves) else got.moves[j1].line
        out.append(Discrepancy(i1, line, f"{i2 - i1} move(s) of rs274 against {j2 - j1} of machinesim",
                               _moves(expected.moves[i1:i2]), _moves(got.moves[j1:j2])))
    # events: the reference's `after` is carried through the move pairing, then both lists aligned
    keys_e = [(e.kind, round(e.value, 6), e.after if e.after == 0 else pairs.get(e.after - 1, -2) + 1)
              for e in expected.events]
    keys_g = [(g.kind, round(g.value, 6), g.after) for g in got.events]
    matcher = difflib.SequenceMatcher(None, keys_e, keys_g, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        first = expected.events[i1] if i1 < i2 else got.events[j1]
        out.append(Discrepancy(first.after, first.line, "dwells, tool changes and stops",
                               _events(expected.events[i1:i2]), _events(got.events[j1:j2])))
    return out[:limit]


def _key(m: Move) -> tuple:
    return (m.kind,) + tuple(round(v, 2) + 0.0 for v in m.end)


def _moves(moves: list[Move], show: int = 3) -> str:
    text = "; ".join(f"{m.kind} to {_fmt(m.end)} (line {m.line})" for m in moves[:show])
    return (text + f"; ... {len(moves) - show} more") if len(moves) > show else (text or "nothing")


def _events(events: list[Event]) -> str:
    return ", ".join(f"{e.kind} {e.value:g} after move {e.after} (line {e.line})" for e in events) or "none"


def _pair(i: int, e: Move, g: Move, tol: float, feed_rel: float) -> list[Discrepancy]:
    """What differs between two moves paired by the alignment."""
    if e.kind != g.kind:
        return [Discrepancy(i, e.line, "kind", f"{e.kind} to {_fmt(e.end)}",
                            f"{g.kind} to {_fmt(g.end)} (line {g.line})")]
    out = []
    if e.start is not None and g.start is not None and _dist(e.start, g.start) > tol:
        out.append(Discrepancy(i, e.line, f"{e.kind} start", _fmt(e.start), f"{_fmt(g.start)} (line {g.line})"))
    if _dist(e.end, g.end) > tol:
        out.append(Discrepancy(i, e.line, f"{e.kind} end", _fmt(e.end), f"{_fmt(g.end)} (line {g.line})"))
    if e.kind != "rapid" and abs(e.feed - g.feed) > feed_rel * max(abs(e.feed), 1.0):
        out.append(Discrepancy(i, e.line, "feed", f"{e.feed:.4f}", f"{g.feed:.4f} (line {g.line})"))
    if abs(e.spindle - g.spindle) > 1e-6 * max(abs(e.spindle), 1.0):
        out.append(Discrepancy(i, e.line, "spindle", f"{e.spindle:g} rpm",
                               f"{g.spindle:g} rpm (line {g.line})"))
    if e.kind == "arc":
        if _dist(e.axis, g.axis) > 1e-6:
            return out + [Discrepancy(i, e.line, "arc axis (direction)", _fmt(e.axis), _fmt(g.axis))]
        if _dist(_in_plane(e.center, e.axis), _in_plane(g.center, e.axis)) > tol:
            out.append(Discrepancy(i, e.line, "arc centre", _fmt(e.center), _fmt(g.center)))
        if e.turns != g.turns:
            out.append(Discrepancy(i, e.line, "arc turns", e.turns, g.turns))
    return out


def _in_plane(p, axis) -> tuple[float, ...]:
    """`p` with its component along `axis` removed (arc centres agree only in the arc's plane)."""
    d = sum(a * b for a, b in zip(p, axis))
    return tuple(v - d * a for v, a in zip(p, axis))


def side_by_side(text: str, file: str = "<program>") -> str:
    """rs274's and machinesim's normalised moves in two columns, differences marked: for people
    chasing a discrepancy (`python tests/conformance/rs274_harness.py PROGRAM.ngc`)."""
    reference = normalise(rs274_run(text))
    toolpath, run = machinesim_run(text, file)
    got = normalise(run)
    rows = [f"{'rs274':<52}| machinesim  ({len(reference.moves)} and {len(got.moves)} moves)"]
    for i in range(max(len(reference.moves), len(got.moves))):
        a = reference.moves[i] if i < len(reference.moves) else None
        b = got.moves[i] if i < len(got.moves) else None
        left = f"{a.line:4d} {a.kind:5s} {_fmt(a.end)}" if a else ""
        right = f"{b.line:4d} {b.kind:5s} {_fmt(b.end)}" if b else ""
        same = a and b and a.kind == b.kind and _dist(a.end, b.end) <= TOLERANCE
        rows.append(f"{i:4d} {left:<47}| {right}{'' if same else '   <<<'}")
    rows += [str(d) for d in compare(reference, got, limit=50)]
    rows += [f"machinesim: {f.severity} {f.code} line {f.line}: {f.params}" for f in toolpath.findings]
    return "\n".join(rows)


if __name__ == "__main__":
    import sys

    for name in sys.argv[1:]:
        print(side_by_side(Path(name).read_text(encoding="utf-8"), name))
