"""The job file ("fiche de réglage"): machine, work offsets, stock, fixtures and tools.

TOML in, frozen dataclasses out. Every key is checked against a small schema, so a wrong key,
type, unit or value is an `InputError` naming the key, the section and the file, never a
traceback. Coordinates in the file are work coordinates of `stock.frame` (G54 by default);
`Job.stock_box_machine` and friends give them in machine coordinates for the kernel.
"""
from __future__ import annotations

import math
import sys
import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from .findings import input_error
from .messages import said
from .tomlfile import read_toml
from .tools import TOOL_MATERIALS, TOOL_TYPES, Tool

DIALECTS = ("fanuc", "linuxcnc", "haas", "grbl", "mach3", "auto")
TOOL_LENGTH_MODES = ("offsets", "touch_off")
DECIMAL_POINT_MODES = ("calculator", "least_increment")
MATERIALS = ("aluminium", "steel", "stainless", "brass", "cast_iron", "pom", "plastic", "wax", "wood",
             "copper", "titanium")
WORK_OFFSETS = ("G54", "G55", "G56", "G57", "G58", "G59", "G59.1", "G59.2", "G59.3")


@dataclass(frozen=True)
class Machine:
    """The machine and its control."""

    dialect: str = "fanuc"
    tool_length: str = "offsets"
    decimal_point: str = "calculator"
    travel: tuple[tuple[float, float], ...] = ((-400.0, 400.0), (-200.0, 200.0), (-400.0, 0.0))
    rapid: float = 15000.0
    max_feed: float = 10000.0
    accel: float = 1000.0
    spindle_max: float = 10000.0
    resolution: float = 0.1
    tool_change_time: float = 5.0
    arc_tolerance: float = 0.01        # allowed difference of an arc's start and end radius, mm
    power: float = 7.5                 # spindle power, kW (a school's vertical machining centre)


@dataclass(frozen=True)
class Stock:
    """The raw block, in work coordinates of `frame`: a box, a cylinder, or `auto`."""

    kind: str = "box"                       # "box", "cylinder" or "auto"
    min: tuple[float, float, float] = (0.0, 0.0, -20.0)
    max: tuple[float, float, float] = (100.0, 80.0, 0.0)
    base: tuple[float, float, float] = (0.0, 0.0, 0.0)
    axis: tuple[float, float, float] = (0.0, 0.0, 1.0)
    diameter: float = 0.0
    height: float = 0.0
    margin: float = 1.0                     # auto: margin around the cutting moves
    material: str = "aluminium"
    frame: str = "G54"


@dataclass(frozen=True)
class Fixture:
    """A box the tool must never touch (vice jaw, clamp), in work coordinates of `frame`."""

    min: tuple[float, float, float]
    max: tuple[float, float, float]
    name: str = ""
    frame: str = "G54"


PROCESS_MODELS = ("ideal", "workshop")


@dataclass(frozen=True)
class Process:
    """How the cut is modelled: "ideal" (the program's exact geometry, for reproducible grading)
    or "workshop" (the tool bends under the cutting force and wears: `workshop.py`)."""

    model: str = "ideal"


@dataclass(frozen=True)
class Limits:
    """When a program is stopped as endless: generous for CAM-style macros, quick on a real
    infinite loop (one that turns without moving the tool stops within seconds)."""

    loop_passes: int = 10_000_000     # passes of any one loop (its closing line), jump or call
    idle_passes: int = 100_000        # loop passes in a row that move nothing
    moves: int = 5_000_000            # moves of the whole program
    seconds: float = 120.0            # interpretation time


@dataclass(frozen=True)
class Job:
    machine: Machine = field(default_factory=Machine)
    offsets: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    stock: Stock = field(default_factory=Stock)
    fixtures: tuple[Fixture, ...] = ()
    tools: dict[int, Tool] = field(default_factory=dict)
    tool_default: Tool | None = None
    path: str = "<default job>"
    limits: Limits = field(default_factory=Limits)
    process: Process = field(default_factory=Process)
    lathe: Any = None                  # lathe.setup.Lathe when `[machine] kind = "lathe"`
    setups: tuple = ()                 # setup_job.Setup per [[setup]], in order (none: one setup)

    def offset(self, name: str) -> tuple[float, float, float]:
        """Machine position of a work zero (zero when the job does not set it)."""
        return self.offsets.get(name, (0.0, 0.0, 0.0))

    def to_machine(self, point: tuple[float, float, float], frame: str = "G54") -> tuple[float, float, float]:
        o = self.offset(frame)
        return (point[0] + o[0], point[1] + o[1], point[2] + o[2])

    @property
    def stock_box_machine(self) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
        """Box stock corners in machine coordinates."""
        return self.to_machine(self.stock.min, self.stock.frame), self.to_machine(self.stock.max, self.stock.frame)

    def tool(self, number: int) -> Tool | None:
        """Tool `number`, the job's `tool_default` renumbered, or None."""
        if number in self.tools:
            return self.tools[number]
        if self.tool_default is not None:
            return replace(self.tool_default, number=number)
        return None


# --- schema -----------------------------------------------------------------------------------

_NUM = said("said.number")
_POS = said("said.positive_number")
_VEC3 = said("said.vector3")


def _err(message_key: str, file: str, /, **params: Any):
    return input_error(message_key, file=file, **params)


def _check_keys(table: dict, allowed: dict, section: str, file: str) -> None:
    for key in table:
        if key not in allowed:
            raise _err("JOB.unknown_key", file, key=key, section=section, allowed=", ".join(allowed))


def _number(value: Any, key: str, section: str, file: str, positive: bool = False,
            nonneg: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _err("JOB.type", file, key=key, section=section, expected=_POS if positive else _NUM, got=value)
    if positive and value <= 0:
        raise _err("JOB.range", file, key=key, section=section, got=value, allowed="> 0")
    if nonneg and value < 0:
        raise _err("JOB.range", file, key=key, section=section, got=value, allowed=">= 0")
    return float(value)


def _vec3(value: Any, key: str, section: str, file: str) -> tuple[float, float, float]:
    if not isinstance(value, list) or len(value) != 3:
        raise _err("JOB.type", file, key=key, section=section, expected=_VEC3, got=value)
    x, y, z = (_number(v, key, section, file) for v in value)
    return (x, y, z)


def _choice(value: Any, key: str, section: str, file: str, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise _err("JOB.value", file, key=key, section=section, got=value, allowed=", ".join(allowed))
    return value


def _table(value: Any, key: str, section: str, file: str) -> dict:
    if not isinstance(value, dict):
        raise _err("JOB.type", file, key=key, section=section, expected=said("said.table"), got=value)
    return value


def _box(value: Any, key: str, section: str, file: str):
    t = _table(value, key, section, file)
    _check_keys(t, {"min": 0, "max": 0}, f"{section}.{key}", file)
    for k in ("min", "max"):
        if k not in t:
            raise _err("JOB.missing_key", file, key=k, section=f"{section}.{key}", example=f"{k} = [0, 0, 0]")
    lo, hi = _vec3(t["min"], "min", f"{section}.{key}", file), _vec3(t["max"], "max", f"{section}.{key}", file)
    if any(a >= b for a, b in zip(lo, hi)):
        raise _err("JOB.geometry", file, section=f"{section}.{key}", reason="min >= max")
    return lo, hi


_MACHINE_KEYS = {
    "dialect": "choice", "tool_length": "choice", "decimal_point": "choice", "travel": "travel",
    "rapid": "pos", "max_feed": "pos", "accel": "pos", "spindle_max": "pos", "resolution": "pos",
    "tool_change_time": "nonneg", "arc_tolerance": "pos", "power": "pos",
}
_CHOICES = {"dialect": DIALECTS, "tool_length": TOOL_LENGTH_MODES, "decimal_point": DECIMAL_POINT_MODES}


def _machine(t: dict, file: str) -> Machine:
    _check_keys(t, _MACHINE_KEYS, "machine", file)
    kw: dict[str, Any] = {}
    for key, value in t.items():
        kind = _MACHINE_KEYS[key]
        if kind == "choice":
            kw[key] = _choice(value, key, "machine", file, _CHOICES[key])
        elif kind == "pos":
            kw[key] = _number(value, key, "machine", file, positive=True)
        elif kind == "nonneg":
            kw[key] = _number(value, key, "machine", file, nonneg=True)
        else:
            tt = _table(value, key, "machine", file)
            _check_keys(tt, {"x": 0, "y": 0, "z": 0}, "machine.travel", file)
            travel = list(Machine().travel)
            for i, ax in enumerate("xyz"):
                if ax in tt:
                    v = tt[ax]
                    if not isinstance(v, list) or len(v) != 2:
                        raise _err("JOB.type", file, key=ax, section="machine.travel",
                                   expected="[min, max]", got=v)
                    lo, hi = (_number(x, ax, "machine.travel", file) for x in v)
                    if lo >= hi:
                        raise _err("JOB.geometry", file, section="machine.travel", reason=f"{ax}: min >= max")
                    travel[i] = (lo, hi)
            kw[key] = tuple(travel)
    if "resolution" in kw and not (0.005 <= kw["resolution"] <= 5.0):
        raise _err("JOB.range", file, key="resolution", section="machine", got=kw["resolution"],
                   allowed="0.005 – 5 mm")
    return Machine(**kw)


def _offsets(t: dict, file: str) -> dict[str, tuple[float, float, float]]:
    _check_keys(t, dict.fromkeys(WORK_OFFSETS), "offsets", file)
    return {k: _vec3(v, k, "offsets", file) for k, v in t.items()}


_STOCK_KEYS = {"box": 0, "cylinder": 0, "auto": 0, "material": 0, "frame": 0}


def _stock(t: dict, file: str) -> Stock:
    _check_keys(t, _STOCK_KEYS, "stock", file)
    shapes = [k for k in ("box", "cylinder", "auto") if k in t]
    if len(shapes) != 1:
        raise _err("JOB.stock", file)
    kw: dict[str, Any] = {"kind": shapes[0]}
    if "material" in t:
        kw["material"] = _choice(t["material"], "material", "stock", file, MATERIALS)
    if "frame" in t:
        kw["frame"] = _choice(t["frame"], "frame", "stock", file, WORK_OFFSETS)
    if "box" in t:
        kw["min"], kw["max"] = _box(t["box"], "box", "stock", file)
    elif "cylinder" in t:
        c = _table(t["cylinder"], "cylinder", "stock", file)
        _check_keys(c, {"base": 0, "axis": 0, "diameter": 0, "height": 0}, "stock.cylinder", file)
        for k in ("base", "diameter", "height"):
            if k not in c:
                raise _err("JOB.missing_key", file, key=k, section="stock.cylinder", example=f"{k} = ...")
        kw["base"] = _vec3(c["base"], "base", "stock.cylinder", file)
        axis = _vec3(c.get("axis", [0, 0, 1]), "axis", "stock.cylinder", file)
        if axis != (0.0, 0.0, 1.0):
            raise _err("JOB.value", file, key="axis", section="stock.cylinder", got=list(axis),
                       allowed="[0, 0, 1]")
        kw["axis"] = axis
        kw["diameter"] = _number(c["diameter"], "diameter", "stock.cylinder", file, positive=True)
        kw["height"] = _number(c["height"], "height", "stock.cylinder", file, positive=True)
        b = kw["base"]
        r = kw["diameter"] / 2
        kw["min"] = (b[0] - r, b[1] - r, b[2])
        kw["max"] = (b[0] + r, b[1] + r, b[2] + kw["height"])
    else:
        a = _table(t["auto"], "auto", "stock", file)
        _check_keys(a, {"margin": 0}, "stock.auto", file)
        kw["margin"] = _number(a.get("margin", 1.0), "margin", "stock.auto", file, nonneg=True)
    return Stock(**kw)


_TOOL_KEYS = {
    "number": "int", "type": "choice", "diameter": "pos", "corner_radius": "nonneg", "point_angle": "angle",
    "tip_diameter": "nonneg", "flute_length": "pos", "length": "pos", "flutes": "int",
    "tool_material": "choice", "center_cutting": "bool", "shank_diameter": "nonneg", "holder": "holder",
    "name": "str", "comp_radius": "nonneg", "runout": "nonneg",
    "radius_wear": "num", "length_wear": "num",
}


def _tool(t: dict, section: str, file: str, number_required: bool = True) -> Tool:
    keys = dict(_TOOL_KEYS)
    if not number_required:
        keys.pop("number")
    _check_keys(t, keys, section, file)
    if number_required and "number" not in t:
        raise _err("JOB.missing_key", file, key="number", section=section, example="number = 1")
    kw: dict[str, Any] = {"number": 0}
    for key, value in t.items():
        kind = keys[key]
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int) or value < (0 if key == "number" else 1):
                raise _err("JOB.type", file, key=key, section=section, expected=said("said.whole_number"), got=value)
            kw[key] = value
        elif kind == "choice":
            allowed = TOOL_TYPES if key == "type" else TOOL_MATERIALS
            kw[key] = _choice(value, key, section, file, allowed)
        elif kind == "pos":
            kw[key] = _number(value, key, section, file, positive=True)
        elif kind == "nonneg":
            kw[key] = _number(value, key, section, file, nonneg=True)
        elif kind == "num":
            kw[key] = _number(value, key, section, file)
        elif kind == "angle":
            v = _number(value, key, section, file, positive=True)
            if not 1.0 <= v <= 179.0:
                raise _err("JOB.range", file, key=key, section=section, got=v, allowed="1 – 179°")
            kw[key] = v
        elif kind == "str":
            if not isinstance(value, str):
                raise _err("JOB.type", file, key=key, section=section, expected=said("said.quoted_text"), got=value)
            kw[key] = value
        elif kind == "bool":
            if not isinstance(value, bool):
                raise _err("JOB.type", file, key=key, section=section, expected=said("said.true_false"), got=value)
            kw[key] = value
        elif kind == "holder":
            h = _table(value, key, section, file)
            _check_keys(h, {"diameter": 0, "length": 0}, f"{section}.holder", file)
            if "diameter" in h:
                kw["holder_diameter"] = _number(h["diameter"], "diameter", f"{section}.holder", file, positive=True)
            if "length" in h:
                kw["holder_length"] = _number(h["length"], "length", f"{section}.holder", file, positive=True)
    if kw.get("type") == "ball" or (kw.get("type") == "bull" and "corner_radius" not in kw):
        kw.setdefault("corner_radius", kw.get("diameter", Tool.diameter) / 2)
    if kw.get("type") in ("drill", "spot", "chamfer") and "point_angle" not in kw:
        kw["point_angle"] = {"drill": 118.0, "spot": 90.0, "chamfer": 90.0}[kw["type"]]
    if kw.get("type") in ("drill", "spot", "chamfer", "tap", "reamer", "ball") and "center_cutting" not in kw:
        kw["center_cutting"] = kw["type"] != "chamfer" or kw.get("tip_diameter", 0.0) == 0.0
    tool = Tool(**kw)
    if tool.corner_radius > tool.radius + 1e-12:
        raise _err("JOB.geometry", file, section=section, reason="corner_radius > diameter / 2")
    if tool.tip_diameter >= tool.diameter:
        raise _err("JOB.geometry", file, section=section, reason="tip_diameter >= diameter")
    return tool


_TOP_KEYS = {"machine": 0, "offsets": 0, "stock": 0, "fixture": 0, "tool": 0, "tool_default": 0,
             "limits": 0, "process": 0, "setup": 0}


def _limits(t: dict, file: str) -> Limits:
    _check_keys(t, {"loop_passes": 0, "idle_passes": 0, "moves": 0, "seconds": 0}, "limits", file)
    kw: dict[str, Any] = {}
    for key, value in t.items():
        if key == "seconds":
            kw[key] = _number(value, key, "limits", file, positive=True)
        elif isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise _err("JOB.type", file, key=key, section="limits", expected="a whole number", got=value)
        else:
            kw[key] = value
    return Limits(**kw)


def parse_job(data: dict, file: str) -> Job:
    """Validate a decoded TOML document into a `Job`; raises `InputError` naming the key."""
    from .lathe.setup import lathe_document

    data, lathe = lathe_document(data, file)
    _check_keys(data, _TOP_KEYS, "", file)
    machine = _machine(_table(data.get("machine", {}), "machine", "", file), file)
    offsets = _offsets(_table(data.get("offsets", {}), "offsets", "", file), file)
    stock = _stock(_table(data["stock"], "stock", "", file), file) if "stock" in data else Stock()
    fixtures = []
    raw_fixtures = data.get("fixture", [])
    if not isinstance(raw_fixtures, list):
        raise _err("JOB.type", file, key="fixture", section="", expected=said("said.tables", what="[[fixture]]"), got=raw_fixtures)
    for i, f in enumerate(raw_fixtures):
        sec = f"fixture {i + 1}"
        f = _table(f, "fixture", "", file)
        _check_keys(f, {"box": 0, "name": 0, "frame": 0}, sec, file)
        if "box" not in f:
            raise _err("JOB.missing_key", file, key="box", section=sec, example="box = { min = [...], max = [...] }")
        lo, hi = _box(f["box"], "box", sec, file)
        fixtures.append(Fixture(lo, hi, str(f.get("name", "")),
                                _choice(f.get("frame", "G54"), "frame", sec, file, WORK_OFFSETS)))
    tools: dict[int, Tool] = {}
    raw_tools = data.get("tool", [])
    if not isinstance(raw_tools, list):
        raise _err("JOB.type", file, key="tool", section="", expected=said("said.tables", what="[[tool]]"), got=raw_tools)
    for i, t in enumerate(raw_tools):
        tool = _tool(_table(t, "tool", "", file), f"tool {i + 1}", file)
        if tool.number in tools:
            raise _err("JOB.duplicate_tool", file, number=tool.number)
        tools[tool.number] = tool
    tool_default = None
    if "tool_default" in data:
        tool_default = _tool(_table(data["tool_default"], "tool_default", "", file), "tool_default", file,
                             number_required=False)
    limits = _limits(_table(data.get("limits", {}), "limits", "", file), file)
    proc = _table(data.get("process", {}), "process", "", file)
    _check_keys(proc, {"model": 0}, "process", file)
    process = Process(_choice(proc.get("model", "ideal"), "model", "process", file, PROCESS_MODELS))
    setups = ()
    if "setup" in data:
        from . import setup_job
        setups = setup_job.parse_setups(data["setup"], file, sys.modules[__name__])
    return Job(machine, offsets, stock, tuple(fixtures), tools, tool_default, file, limits, process, lathe,
               setups)


def load_job(path: str | Path | None = None) -> Job:
    """Read a job file; None gives the embedded default job."""
    if path is None:
        text = resources.files("machinesim").joinpath("data/default_job.toml").read_text(encoding="utf-8")
        return parse_job(tomllib.loads(text), "<default job>")
    return parse_job(read_toml(path, "JOB.toml"), str(path))
