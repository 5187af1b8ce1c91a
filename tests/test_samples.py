"""The samples hold what gcode_samples/README.md and samples.toml claim about them.

Truth here never comes from machinesim's own interpreter: a small independent reader of the
sample programs (absolute G0-G3, R and IJK arcs, canned-cycle holes) checks the hand-written
G-code (arcs consistent, feeds set, tools in the job, G43 with the right H, nothing below the
stock bottom, depths within the flutes), and the demo's fiche de contrôle is recomputed from the
program's numbers and the tool table. The parts that need the interpreter, the kernel, the
analysis or the instruments skip, naming the missing piece, until that piece exists.
"""
from __future__ import annotations

import importlib
import math
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from machinesim.analysis import find
from machinesim.gcode import interpret
from machinesim.job import load_job
from machinesim.kernel import Probe, simulate
from machinesim.metrology import IN, grade, load_spec, measure
from machinesim.toolpath import F_COMP

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "gcode_samples"
DATA = ROOT / "src" / "machinesim" / "data"
DEMO = DATA / "demo.nc"
DEMO_SPEC = DATA / "demo_spec.toml"
MANIFEST = tomllib.loads((SAMPLES / "samples.toml").read_text(encoding="utf-8"))
GOOD = MANIFEST["sample"]
STUDENTS = MANIFEST["student"]
BY_PROGRAM = {e["program"]: e for e in GOOD}
STOCK_BOTTOM = -20.0
# codes the G-code front end reports by itself; the others need the kernel and the analysis
FRONT_END_CODES = {"SYNTAX", "UNKNOWN_CODE", "MODAL_CONFLICT", "ARC_GEOMETRY", "NO_FEED", "UNKNOWN_TOOL",
                   "COMPENSATION", "DECIMAL_POINT", "LOOP_LIMIT", "UNSUPPORTED"}


def _job_path(entry: dict) -> Path | None:
    if "job" in entry:
        return SAMPLES / entry["job"]
    if "of" in entry:
        return _job_path(BY_PROGRAM[entry["of"]])
    return None


def _spec_path(entry: dict) -> Path | None:
    if "spec" in entry:
        return SAMPLES / entry["spec"]
    if "of" in entry:
        return _spec_path(BY_PROGRAM[entry["of"]])
    return None


def _job(entry: dict):
    path = _job_path(entry)
    return load_job(path) if path else load_job(None)


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, text in enumerate(path.read_text(encoding="ascii").splitlines(), 1) if needle in text)


def _marked_line(path: Path) -> int:
    for n, text in enumerate(path.read_text(encoding="ascii").splitlines(), 1):
        if "(ERREUR" in text:
            return n
    raise AssertionError(f"{path.name} has no (ERREUR ...) marker")


# --- an independent reader of the hand-written samples -------------------------------------------

_WORD = re.compile(r"([A-Z])\s*([-+]?(?:\d+\.?\d*|\.\d+)|#<?\w+>?|\[[^\]]*\])")
_SKIP = re.compile(r"^\s*(?:%|O\d|o\d|#|WHILE|END|IF)", re.IGNORECASE)


@dataclass
class Move:
    line: int
    kind: str                 # "rapid", "feed", "arc", "hole"
    start: tuple
    end: tuple
    tool: int
    h: int                    # active G43 H, 0 for none
    feed: float
    spindle: bool             # M3 or M4 on
    comp: int                 # 0, 41 or 42
    ijk: tuple | None = None  # arcs: centre offsets from the start
    r: float | None = None    # arcs: R word
    ccw: bool = False


@dataclass
class Program:
    moves: list = field(default_factory=list)
    tools: set = field(default_factory=set)
    ended: bool = False


def _strip(text: str) -> str:
    return re.sub(r"\([^)]*\)", "", text).split(";")[0].strip().upper()


def read_program(path: Path) -> Program:
    """Moves of a sample in work coordinates, read literally (absolute blocks; G91 only for G28)."""
    prog = Program()
    pos = [0.0, 0.0, 50.0]
    mode, feed, tool, h, comp, spindle = 0, 0.0, 0, 0, 0, False
    cycle = {}
    called = None
    for n, raw in enumerate(path.read_text(encoding="ascii").splitlines(), 1):
        text = _strip(raw)
        if text.startswith("O") and prog.ended and called:   # a Fanuc subprogram after M30
            pos, mode, feed, tool, h, comp, spindle = called
            pos = list(pos)
            continue
        if not text or _SKIP.match(text):
            continue
        words = _WORD.findall(text)
        num = {k: float(v) for k, v in words if re.fullmatch(r"[-+]?(?:\d+\.?\d*|\.\d+)", v)}
        unknown = {k for k, v in words if k not in num}
        gs = [float(v) for k, v in words if k == "G"]
        ms = [int(float(v)) for k, v in words if k == "M"]
        if 98 in ms:                               # Fanuc M98: the subprogram runs in this state
            called = (list(pos), mode, feed, tool, h, comp, spindle)
        if 91 in gs:                               # only "G91 G28 Z0." back home in the samples
            assert 28 in gs, f"{path.name}:{n}: G91 is only used with G28"
            continue
        if 53 in gs:                               # G53 G0 Z0.: machine home, leaves the part
            continue
        if "T" in num:
            tool = int(num["T"])
            prog.tools.add(tool)
        if 6 in ms:
            h = 0
        if any(m in ms for m in (3, 4)):
            spindle = True
        if 5 in ms:
            spindle = False
        if any(m in ms for m in (2, 30)):
            prog.ended = True
        for g in gs:
            if g in (0, 1, 2, 3):
                mode = int(g)
                cycle = {}
            elif g in (81, 83, 84):
                mode = int(g)
            elif g == 80:
                mode, cycle = 0, {}
            elif g in (41, 42):
                comp = int(g)
            elif g == 40:
                comp = 0
            elif g == 43:
                h = int(num["H"])
            elif g == 49:
                h = 0
        if "F" in num:
            feed = num["F"]
        target = list(pos)
        for i, axis in enumerate("XYZ"):
            if axis in num:
                target[i] = num[axis]
            elif axis in unknown:
                target[i] = math.nan
        if mode in (81, 83, 84):
            cycle.update({k: num[k] for k in "ZRQ" if k in num})
            if any(a in num for a in "XY"):
                hole = (target[0], target[1], cycle["Z"])
                prog.moves.append(Move(n, "hole", (target[0], target[1], cycle["R"]), hole, tool, h, feed,
                                       spindle, comp))
                pos = [target[0], target[1], pos[2]]
            continue
        full_circle = mode in (2, 3) and ("I" in num or "J" in num)
        if (target == pos and not full_circle) or not any(a in num or a in unknown for a in "XYZ"):
            continue
        kind = ("rapid", "feed", "arc", "arc")[mode]
        move = Move(n, kind, tuple(pos), tuple(target), tool, h, feed, spindle, comp)
        if kind == "arc":
            move.ccw = mode == 3
            if "R" in num:
                move.r = num["R"]
            else:
                move.ijk = (num.get("I", 0.0), num.get("J", 0.0))
        prog.moves.append(move)
        pos = target
    return prog


def lint(path: Path, job) -> list[str]:
    """What a careful master would refuse in a hand-written program, as short sentences."""
    prog = read_program(path)
    out = []
    if not prog.ended:
        out.append("no M30/M2")
    for t in prog.tools:
        if job.tool(t) is None:
            out.append(f"T{t} not in the job")
    for m in prog.moves:
        where = f"{path.name}:{m.line}"
        if m.kind == "rapid":
            continue
        if m.feed <= 0:
            out.append(f"{where}: no feed")
        if not m.spindle:
            out.append(f"{where}: spindle off")
        if m.h != m.tool or m.tool == 0:
            out.append(f"{where}: G43 H{m.h} with T{m.tool}")
        tool = job.tool(m.tool)
        lowest = min(m.start[2], m.end[2])
        if lowest < STOCK_BOTTOM:
            out.append(f"{where}: Z{lowest} below the stock bottom")
        if tool is not None and -lowest > tool.flute_length:
            out.append(f"{where}: {-lowest} mm deep with {tool.flute_length} mm of flutes")
        if m.kind == "arc" and not any(math.isnan(v) for v in m.start[:2] + m.end[:2]):
            chord = math.dist(m.start[:2], m.end[:2])
            if m.r is not None:
                if chord > 2 * abs(m.r) + 1e-9:
                    out.append(f"{where}: R{m.r} cannot reach its end")
            else:
                cx, cy = m.start[0] + m.ijk[0], m.start[1] + m.ijk[1]
                r0 = math.dist(m.start[:2], (cx, cy))
                r1 = math.dist(m.end[:2], (cx, cy))
                if abs(r0 - r1) > 0.001:
                    out.append(f"{where}: start radius {r0} and end radius {r1} differ")
    return out


def arc_center(m: Move) -> tuple[float, float]:
    """Centre of an arc in the XY plane (R: the short way when R > 0, the long way when R < 0)."""
    if m.ijk is not None:
        return m.start[0] + m.ijk[0], m.start[1] + m.ijk[1]
    (x0, y0), (x1, y1) = m.start[:2], m.end[:2]
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    half = math.dist((x0, y0), (x1, y1)) / 2
    d = math.sqrt(max(m.r * m.r - half * half, 0.0))
    ux, uy = (x1 - x0) / (2 * half), (y1 - y0) / (2 * half)
    # left of the chord for a short G3 (R > 0) or a long G2 (R < 0)
    side = 1.0 if (m.ccw == (m.r > 0)) else -1.0
    return mx - side * uy * d, my + side * ux * d


# --- files, jobs and specs -------------------------------------------------------------------------

def _programs() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.suffix in (".nc", ".ngc"))


def test_every_sample_file_is_plain_text():
    files = _programs() + sorted(SAMPLES.glob("*.toml")) + [SAMPLES / "README.md", DEMO, DEMO_SPEC]
    for path in files:
        data = path.read_bytes()
        assert data.endswith(b"\n") and b"\r" not in data and b"\t" not in data, path.name
        if path.suffix in (".nc", ".ngc"):
            text = data.decode("ascii")            # controls take plain ASCII
            assert text.startswith("%\n") and text.rstrip().endswith("%"), path.name
            assert max(len(line) for line in text.splitlines()) <= 100, path.name
        else:
            data.decode("utf-8")


def test_manifest_lists_every_program_once():
    listed = [e["program"] for e in GOOD + STUDENTS]
    assert len(listed) == len(set(listed))
    assert sorted(listed) == [p.name for p in _programs()]
    for e in STUDENTS:
        assert e["of"] in BY_PROGRAM and e["program"].replace("_eleve", "") == e["of"]
        assert e.get("findings") or e.get("failing"), f"{e['program']}: nothing to report"


def test_readme_tables_say_what_the_manifest_says():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `([^`]+\.(?:nc|ngc))`.*$", readme, re.M)}
    for e in GOOD:
        row = rows[e["program"]]
        assert f"`{e.get('job', 'default')}`" in row or (e.get("job") is None and "| default |" in row)
        assert f"`{e['spec']}`" in row
    for e in STUDENTS:
        row = rows[e["program"]]
        for code in e.get("findings", []):
            assert f"`{code}`" in row, (e["program"], code)
        failing = e.get("failing", [])
        if failing:
            assert "checks " + " and ".join(str(i) for i in failing) in row or f"check {failing[0]} " in row
        else:
            assert "check" not in row, e["program"]


def test_every_job_file_loads():
    jobs = [p for p in SAMPLES.glob("*.toml") if not p.name.endswith("_spec.toml") and p.name != "samples.toml"]
    assert jobs
    referenced = {e["job"] for e in GOOD + STUDENTS if "job" in e}
    assert referenced == {p.name for p in jobs}
    for path in jobs:
        job = load_job(path)
        assert job.stock.min == (0.0, 0.0, -20.0) and job.stock.max == (100.0, 80.0, 0.0)
    assert load_job(SAMPLES / "05_rainure_eleve.toml").machine.decimal_point == "least_increment"
    assert set(load_job(SAMPLES / "07_sous_programme.toml").offsets) == {"G54", "G55", "G56"}
    for e in GOOD:
        dialect = _job(e).machine.dialect
        assert dialect == ("linuxcnc" if e["program"].endswith(".ngc") else "fanuc"), e["program"]


def test_every_spec_file_loads():
    specs = sorted(SAMPLES.glob("*_spec.toml")) + [DEMO_SPEC]
    assert {e["spec"] for e in GOOD} == {p.name for p in specs if p.parent == SAMPLES}
    for path in specs:
        spec = load_spec(path)
        assert spec.scale == 20 and spec.critical_cap == 8 and spec.checks, path.name


# --- the hand-written G-code, read independently ----------------------------------------------------

@pytest.mark.parametrize("name", [e["program"] for e in GOOD if e["program"].endswith(".nc")
                                  and "#" not in (SAMPLES / e["program"]).read_text()])
def test_good_samples_pass_a_masters_reading(name):
    assert lint(SAMPLES / name, _job(BY_PROGRAM[name])) == []
    assert "(ERREUR" not in (SAMPLES / name).read_text()


def test_demo_passes_a_masters_reading():
    assert lint(DEMO, load_job(None)) == []


@pytest.mark.parametrize("name, expected, on_marked_line", [
    ("06_percage_eleve.nc", "spindle off", False),
    ("07_sous_programme_eleve.nc", "no feed", True),
    ("08_chanfrein_eleve.nc", "G43 H0 with T10", False),
])
def test_the_reading_catches_the_student_mistakes_it_can_see(name, expected, on_marked_line):
    entry = next(e for e in STUDENTS if e["program"] == name)
    problems = lint(SAMPLES / name, _job(entry))
    assert problems and all(expected in p for p in problems)
    if on_marked_line:
        assert any(f":{_marked_line(SAMPLES / name)}:" in p for p in problems)


def test_the_reading_knows_a_long_arc_from_a_short_one():
    good = read_program(SAMPLES / "04_poche_circulaire.nc").moves
    bad = read_program(SAMPLES / "04_poche_circulaire_eleve.nc").moves
    lead_in = [m for m in good if m.line == _line_of(SAMPLES / "04_poche_circulaire.nc", "N170")][0]
    wrong = [m for m in bad if m.line == _marked_line(SAMPLES / "04_poche_circulaire_eleve.nc")][0]
    assert arc_center(lead_in) == pytest.approx((60.0, 40.0))
    assert arc_center(wrong) == pytest.approx((70.0, 30.0))
    # the long way round reaches 10 mm beyond the Ø40 wall: the student's part is gouged
    cx, cy = arc_center(wrong)
    assert math.dist((cx, cy), (50, 40)) + 10 - 20 > 10


def _generator():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        return importlib.import_module("generate")
    finally:
        sys.path.pop(0)


def test_expanded_finish_is_what_the_generator_writes():
    generate = _generator()
    assert generate.finish_sample() == (SAMPLES / "10_finition_3d_expanse.nc").read_text(encoding="ascii")
    # the macro's formula and the generator's agree at the dome's top and edges
    assert generate.surface_z(50, 40) == pytest.approx(-1.0, abs=1e-12)
    assert generate.surface_z(0, 40) == pytest.approx(-4.0, abs=1e-12)
    assert generate.surface_z(50, 0) == pytest.approx(-4.0, abs=1e-12)
    big = generate.program_with_lines(10_000)
    assert big.count("\n") == 10_000 and big == generate.program_with_lines(10_000)
    moves = [m for m in re.findall(r"^G1 X(\S+) Y(\S+) Z(\S+)", big, re.M)]
    xs = sorted({float(x) for x, _, _ in moves})
    assert xs[0] == -4.0 and xs[-1] == 104.0 and xs[1] - xs[0] == pytest.approx(0.2)
    for x, y, z in moves[::97]:
        assert float(z) == pytest.approx(generate.surface_z(float(x), float(y)), abs=5e-4)


def _ball_dip(z_from: float, z_to: float, length: float, radius: float) -> float:
    """Lowest point, under the segment's end, of a ball end mill's sweep along a straight segment.

    The tip goes from height `z_from` to `z_to` over `length` mm; the ball's lower surface at
    horizontal distance d from its tip is tip + R - √(R² - d²). Convex in t: ternary search.
    """
    def surface(t: float) -> float:
        d = length * (1.0 - t)
        return z_from + (z_to - z_from) * t + radius - math.sqrt(radius * radius - d * d)
    lo, hi = 0.0, 1.0
    for _ in range(200):
        a, b = lo + (hi - lo) / 3, hi - (hi - lo) / 3
        lo, hi = (lo, b) if surface(a) < surface(b) else (a, hi)
    return min(z_to, surface((lo + hi) / 2))


def test_dome_height_nominal_is_the_ball_sweeps_lowest_point():
    check = {c["id"]: c for c in tomllib.loads((SAMPLES / "10_finition_3d_spec.toml").read_text())["check"]}[1]
    ball = load_job(None).tool(5)
    assert tuple(check["at"][:2]) == (50, 40) and ball.type == "ball"
    # neighbours on the row Y40 are 2 mm away (X48 and X52, same height); the rows Y39 and Y41
    # pass 1 mm away, and their ball stays above the top: z(50, 39) + R - √(R² - 1) > -1
    z_side = -4 + 3 * math.cos(math.radians(1.8 * 2))
    assert -4 + 3 * math.cos(math.radians(2.25)) + ball.radius - math.sqrt(ball.radius ** 2 - 1) > -1
    for z_neighbour in (z_side, round(z_side, 3)):                 # the macro, the expansion
        top = _ball_dip(z_neighbour, -1.0, 2.0, ball.radius)
        assert -1.0 - 20e-6 < top < -1.0
        assert check["nominal"] == pytest.approx(top - STOCK_BOTTOM, abs=5e-7)


@pytest.mark.skipif(shutil.which("rs274") is None, reason="LinuxCNC's rs274 is not installed")
@pytest.mark.parametrize("name", [e["program"] for e in GOOD if e["program"].endswith(".ngc")])
def test_linuxcnc_samples_run_through_rs274(name, tmp_path):
    """LinuxCNC's own interpreter accepts them; the 3D finish feeds exactly through the formula's points."""
    job = _job(BY_PROGRAM[name])
    table = tmp_path / "tool.tbl"                          # rs274 reads tool sizes in inches
    table.write_text("".join(f"T{n} P{n} D{t.diameter / 25.4:.6f} Z0\n" for n, t in sorted(job.tools.items())))
    out = tmp_path / "canon.txt"
    run = subprocess.run(["rs274", "-g", "-t", str(table), str(SAMPLES / name), str(out)],
                         stdin=subprocess.DEVNULL, capture_output=True, text=True, cwd=tmp_path,
                         env={**os.environ, "HOME": str(tmp_path)}, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    canon = out.read_text()
    assert "ARC_FEED" in canon or "STRAIGHT_FEED" in canon
    if name.startswith("10_"):
        feeds = [tuple(float(v) for v in m.split(",")[:3])
                 for m in re.findall(r"STRAIGHT_FEED\(([^)]*)\)", canon)]
        expected = list(_generator().raster_moves(1.0, 2.0))
        assert len(feeds) == len(expected) == 81 * 55
        assert max(abs(a - b) for f, e in zip(feeds, expected) for a, b in zip(f, e)) < 6e-5


# --- the demo's fiche de contrôle is the program's geometry -----------------------------------------

def _spec_checks() -> dict:
    return {c["id"]: c for c in tomllib.loads(DEMO_SPEC.read_text(encoding="utf-8"))["check"]}


def _block(moves, first: int, last: int):
    """Moves whose sequence number N lies in [first, last]."""
    numbers = {}
    for n, text in enumerate(DEMO.read_text(encoding="ascii").splitlines(), 1):
        m = re.match(r"N(\d+)", text)
        if m:
            numbers[n] = int(m.group(1))
    return [m for m in moves if first <= numbers.get(m.line, -1) <= last]


def test_demo_spec_nominals_are_the_programs_geometry():
    job = load_job(None)
    moves = read_program(DEMO).moves
    checks = _spec_checks()
    stock_x = job.stock.max[0]
    # shoulder: finished under G41 by the Ø10 cutter along X = wall, from the stock's far face
    wall = [m for m in _block(moves, 130, 140) if m.comp == 41]
    assert {m.end[0] for m in wall} == {15.05}
    assert checks[1]["nominal"] == pytest.approx(stock_x - 15.05, abs=1e-9)
    assert checks[2]["nominal"] == pytest.approx(-STOCK_BOTTOM + wall[0].end[2], abs=1e-9)
    # pocket: the compensated contour between the lead-in and lead-out arcs
    contour = _block(moves, 360, 440)
    assert all(m.comp == 41 for m in contour)
    xs = [v for m in contour for v in (m.start[0], m.end[0])]
    ys = [v for m in contour for v in (m.start[1], m.end[1])]
    assert checks[3]["nominal"] == pytest.approx(max(xs) - min(xs), abs=1e-9)
    assert checks[4]["nominal"] == pytest.approx(max(ys) - min(ys), abs=1e-9)
    assert checks[5]["nominal"] == pytest.approx(-min(m.end[2] for m in _block(moves, 260, 460)), abs=1e-9)
    corners = [m for m in contour if m.kind == "arc"]
    assert all(m.r == 6.0 and m.r > job.tool(1).radius for m in corners)
    # the flatness region keeps 2 mm from the walls: more than R6·(1 - 1/√2), so off the corners too
    x0, y0, x1, y1 = checks[6]["region"]
    assert min(xs) + 2 < x0 < x1 < max(xs) - 2 and min(ys) + 2 < y0 < y1 < max(ys) - 2
    # bore: helical turns about (X + I, Y + J); diameter = 2·(path radius + tool radius)
    helix = [m for m in _block(moves, 500, 550)]
    assert len(helix) == 6 and all(m.kind == "arc" and m.ccw for m in helix)
    centres = {arc_center(m) for m in helix}
    assert centres == {(78.0, 25.0)} and tuple(checks[8]["nominal_center"]) == (78.0, 25.0)
    diameter = 2 * (abs(helix[0].ijk[0]) + job.tool(helix[0].tool).radius)
    assert diameter == pytest.approx(18.010, abs=1e-9)
    # Ø18 H7: 18 is in the 10–18 band, IT7 = 18 µm, H: EI = 0 (ISO 286-1 table)
    assert checks[7]["nominal"] == 18 and checks[7]["fit"] == "H7"
    assert 18.0 < diameter < 18.0 + 0.018
    assert checks[9]["nominal"] == pytest.approx(-min(m.end[2] for m in helix), abs=1e-9)
    assert helix[-1].start[2] == helix[-1].end[2]                  # a flat turn dresses the floor
    assert abs(helix[0].ijk[0]) < job.tool(1).radius               # the cutter sweeps the bore's centre
    # holes: G83 with the Ø8.5 drill, tip depth at Z
    holes = [m for m in moves if m.kind == "hole" and m.tool == 8]
    assert [(m.end[0], m.end[1]) for m in holes] == [(25.0, 15.0), (40.0, 15.0), (55.0, 15.0)]
    for bore_id, pos_id in ((10, 11), (12, 13)):
        assert checks[bore_id]["nominal"] == job.tool(8).diameter
        assert tuple(checks[pos_id]["nominal_center"]) in {(m.end[0], m.end[1]) for m in holes}
        assert tuple(checks[bore_id]["at"][:2]) == tuple(checks[pos_id]["nominal_center"])
    assert checks[14]["nominal"] == -holes[1].end[2] and checks[14]["at"][:2] == [40, 15]
    # the drill's cone reaches full diameter above the bore check's height
    tip = job.tool(8).tip_height
    assert holes[0].end[2] + tip < checks[10]["at"][2]
    # the spot drill's cone stays inside the hole
    spot = [m for m in moves if m.kind == "hole" and m.tool == 11]
    assert 2 * -spot[0].end[2] * math.tan(math.radians(job.tool(11).point_angle / 2)) < job.tool(8).diameter


def test_demo_walls_fall_between_lattice_lines():
    """Walls off the 0.1 mm lattice are what expose a model that rounds to its columns."""
    h = load_job(None).machine.resolution
    moves = read_program(DEMO).moves
    contour = _block(moves, 360, 440)
    walls = [15.05, min(m.end[0] for m in contour), max(m.end[0] for m in contour),
             min(m.end[1] for m in contour), max(m.end[1] for m in contour),
             78.0 + 9.005, 25.0 - 9.005]                             # bore: centre ± 18.010 / 2
    assert all(abs(v / h - round(v / h)) * h > 0.004 for v in walls)


# --- through machinesim's pipeline (skips until each piece exists) ---------------------------------

def _interpret(path: Path, job):
    return interpret(path.read_text(encoding="ascii"), job, file=path.name)


def _errors(findings) -> list:
    return [(f.code, f.line) for f in findings if f.severity == "error"]


@pytest.mark.parametrize("name", [e["program"] for e in GOOD])
def test_good_samples_interpret_without_error(name):
    entry = BY_PROGRAM[name]
    tp = _interpret(SAMPLES / name, _job(entry))
    assert _errors(tp.findings) == [] and len(tp.moves) > 0


def test_demo_interprets_without_error():
    tp = _interpret(DEMO, load_job(None))
    assert _errors(tp.findings) == [] and len(tp.moves) > 0


@pytest.mark.parametrize("entry", [
    pytest.param(e, marks=pytest.mark.slow) if "LOOP_LIMIT" in e["findings"] else e    # 100k loop passes
    for e in STUDENTS if set(e["findings"]) & FRONT_END_CODES], ids=lambda e: e["program"])
def test_student_mistakes_found_by_the_front_end(entry):
    path = SAMPLES / entry["program"]
    tp = _interpret(path, _job(entry))
    codes = {f.code for f in tp.findings}
    for code in set(entry["findings"]) & FRONT_END_CODES:
        assert code in codes, (entry["program"], code, codes)
        if entry.get("on_marked_line"):
            assert _marked_line(path) in {f.line for f in tp.findings if f.code == code}


@pytest.mark.parametrize("name", [e["program"] for e in GOOD if "expands" in e])
def test_macro_and_expanded_programs_make_the_same_moves(name):
    entry = BY_PROGRAM[name]
    source = BY_PROGRAM[entry["expands"]]
    a = _interpret(SAMPLES / entry["expands"], _job(source)).moves
    b = _interpret(SAMPLES / name, _job(entry)).moves
    cut_a, cut_b = a[a["kind"] != 0], b[b["kind"] != 0]
    assert len(cut_a) == len(cut_b) == 81 * 55
    tol = 6e-4 if name.endswith("_expanse.nc") else 1e-9        # the expansion is rounded to the micron
    assert abs(cut_a["end"] - cut_b["end"]).max() <= tol


def test_subprogram_in_both_dialects_cuts_the_same_path():
    fanuc = _interpret(SAMPLES / "07_sous_programme.nc", load_job(SAMPLES / "07_sous_programme.toml")).moves
    lcnc = _interpret(SAMPLES / "07_sous_programme_linuxcnc.ngc",
                      load_job(SAMPLES / "07_sous_programme_linuxcnc.toml")).moves
    comp = F_COMP
    ca, cb = fanuc[fanuc["kind"] != 0], lcnc[lcnc["kind"] != 0]
    plain_a, plain_b = ca[(ca["flags"] & comp) == 0], cb[(cb["flags"] & comp) == 0]
    assert len(plain_a) == len(plain_b) > 0
    assert abs(plain_a["end"] - plain_b["end"]).max() < 1e-9
    # under compensation the controls start up differently (LinuxCNC adds a corner), then agree
    ends = [{tuple(np.round(m["end"], 6)) for m in c[(c["flags"] & comp) != 0]} for c in (ca, cb)]
    assert len(ends[0]) == 3 * 8 and ends[0] <= ends[1]
    # three slots, 35 mm apart in X, in machine coordinates
    g54 = load_job(SAMPLES / "07_sous_programme.toml").offset("G54")
    ramps = [m for m in ca if m["kind"] == 1 and m["start"][2] > m["end"][2] + 1e-9
             and abs(m["end"][1] - g54[1] - 60.0) < 1e-9]
    assert sorted(round(float(m["end"][0]) - g54[0], 9) for m in ramps) == [15.0, 50.0, 85.0]


def test_wrong_sign_of_r_gouges_the_pocket_wall():
    """The student's long arc, cut through the exact probe: the wall at -30° is 12 mm further out."""
    job = load_job(None)
    tp = _interpret(SAMPLES / "04_poche_circulaire_eleve.nc", job)
    probe = Probe(tp, job)
    centre = np.array(job.to_machine((50.0, 40.0, -3.0)))
    walls = {}
    for angle in (-30.0, 150.0, 60.0):
        a = math.radians(angle)
        spans = probe.intervals(centre, np.array([math.cos(a), math.sin(a), 0.0]))
        walls[angle] = float(spans[spans[:, 1] > 0][0, 0])
    assert walls[150.0] == pytest.approx(20.0, abs=1e-3) and walls[60.0] == pytest.approx(20.0, abs=1e-3)
    # towards the long arc's centre (70, 30) the cutter reached 10 mm beyond it: far past R20
    assert walls[-30.0] > 30.0


def _simulate_and_find(path: Path, job):
    tp = _interpret(path, job)
    model = simulate(tp, job, resolution=0.2)
    return tp, list(tp.findings) + list(find(tp, job, model))


@pytest.mark.slow
@pytest.mark.parametrize("entry", [e for e in STUDENTS if set(e["findings"]) - FRONT_END_CODES],
                         ids=lambda e: e["program"])
def test_student_mistakes_found_by_the_analysis(entry):
    path = SAMPLES / entry["program"]
    _, findings = _simulate_and_find(path, _job(entry))
    codes = {f.code for f in findings}
    for code in set(entry["findings"]) - FRONT_END_CODES:
        assert code in codes, (entry["program"], code, codes)
        if entry.get("on_marked_line"):
            assert _marked_line(path) in {f.line for f in findings if f.code == code}


@pytest.mark.parametrize("name", [e["program"] for e in GOOD] + ["demo.nc"])
def test_good_samples_are_clean_for_the_analysis(name):
    """Samples are examples to follow: no error and no warning (cutting conditions included)."""
    path, job = (DEMO, load_job(None)) if name == "demo.nc" else (SAMPLES / name, _job(BY_PROGRAM[name]))
    _, findings = _simulate_and_find(path, job)
    assert [(f.code, f.line) for f in findings if f.severity in ("error", "warning")] == []


def _measure(path: Path, entry: dict):
    job = _job(entry)
    tp = _interpret(path, job)
    spec = load_spec(_spec_path(entry))
    results = measure(spec, Probe(tp, job), job, toolpath=tp)
    return {r.check.id: r.status for r in results}, IN, grade(spec, results)


@pytest.mark.slow
@pytest.mark.parametrize("name", [e["program"] for e in GOOD])
def test_good_samples_measure_in_tolerance(name):
    status, ok, mark = _measure(SAMPLES / name, BY_PROGRAM[name])
    assert {i: s for i, s in status.items() if s != ok} == {}
    assert mark.mark == mark.scale == 20


@pytest.mark.slow
def test_demo_measures_in_tolerance():
    status, ok, mark = _measure(DEMO, {"spec": str(DEMO_SPEC)})
    assert {i: s for i, s in status.items() if s != ok} == {}
    assert mark.mark == 20


@pytest.mark.slow
@pytest.mark.parametrize("entry", [e for e in STUDENTS if "failing" in e], ids=lambda e: e["program"])
def test_student_parts_fail_exactly_the_predicted_checks(entry):
    status, ok, mark = _measure(SAMPLES / entry["program"], entry)
    failing = {i for i, s in status.items() if s != ok}
    unsure = set(entry.get("unsure", []))
    assert failing - unsure == set(entry["failing"])
    spec = tomllib.loads(_spec_path(entry).read_text(encoding="utf-8"))
    critical = {c["id"] for c in spec["check"] if c.get("class") == "critical"}
    assert mark.mark < 20 if failing else mark.mark == 20
    assert mark.capped == (bool(failing & critical) and mark.mark == spec["grading"]["critical_cap"])
