"""The lathe's job tables: `[machine] kind = "lathe"`, the bar, the chuck, the tailstock, the turret.

Read from the same TOML as a milling job and checked key by key the same way (an `InputError`
naming the key, the section and the file). Lengths are millimetres in work coordinates, X as a
diameter (as on the drawing) in the file, kept as a radius everywhere inside.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any

from ..findings import input_error

TOOL_TYPES = ("turning", "boring", "grooving", "threading", "drill", "parting")
X_MODES = ("diameter", "radius")
# ISO 1832 first letter: included angle of the insert's corner (R: round)
INSERT_ANGLES = {"A": 85.0, "B": 82.0, "C": 80.0, "D": 55.0, "E": 75.0, "H": 120.0, "K": 55.0, "L": 90.0,
                 "M": 86.0, "O": 135.0, "P": 108.0, "R": 0.0, "S": 90.0, "T": 60.0, "V": 35.0, "W": 80.0}
# ISO 1832 second letter: normal clearance angle
CLEARANCE = {"A": 3.0, "B": 5.0, "C": 7.0, "D": 15.0, "E": 20.0, "F": 25.0, "G": 30.0, "N": 0.0, "P": 11.0}
# ISO 5608 external holder: clamping, insert shape, style (lead angle), clearance, hand, e.g. "DCLNR 2020K11"
HOLDER_STYLES = {"A": 90.0, "B": 75.0, "D": 45.0, "E": 60.0, "F": 90.0, "G": 90.0, "J": 93.0, "K": 75.0,
                 "L": 95.0, "N": 63.0, "Q": 107.5, "R": 75.0, "S": 45.0, "T": 60.0, "U": 93.0, "V": 72.5}
_HOLDER = re.compile(r"^[A-Z]([A-Z])([A-Z])([A-Z])([RLN])")
_INSERT = re.compile(r"^([A-Z])([A-Z])([A-Z])([A-Z])\s*(\d{2})([0-9T]\d)(\d{2})")
# Fanuc imaginary tool nose: direction (dx, dz) from the nose centre to the programmed tip, X up
TIP_DIRECTIONS = {0: (0, 0), 1: (1, 1), 2: (1, -1), 3: (-1, -1), 4: (-1, 1), 5: (0, 1), 6: (1, 0),
                  7: (0, -1), 8: (-1, 0), 9: (0, 0)}


@dataclass(frozen=True)
class LatheTool:
    """One turret station: insert geometry, where its tip is, its wear offset (radius, z)."""

    number: int
    type: str = "turning"
    name: str = ""
    insert: str = ""
    nose_radius: float = 0.4
    tip: int = 3
    angle: float = 55.0              # included angle of the insert's corner
    approach: float = 93.0           # lead angle of the holder (kappa r), degrees
    edge_length: float = 11.0
    width: float = 3.0               # grooving / parting blade width
    diameter: float = 0.0            # drill
    point_angle: float = 118.0       # drill
    wear: tuple[float, float] = (0.0, 0.0)   # (x radius, z) added to the tip position
    hand: str = "neutral"            # "right" or "left" when the job says: then the spindle must suit it
    feed_range: tuple[float, float] | None = None    # mm/rev the insert accepts

    @property
    def internal(self) -> bool:
        """Cuts inside a bore (its body stands toward the axis)."""
        return self.type in ("boring", "drill") or (self.type in ("threading", "grooving") and self.tip in (1, 2, 6))

    @property
    def tip_direction(self) -> tuple[int, int]:
        return TIP_DIRECTIONS[self.tip]

    @property
    def feed_limits(self) -> tuple[float, float]:
        """Feed per revolution the insert accepts (mm/rev): the job's, or from its nose radius."""
        if self.feed_range is not None:
            return self.feed_range
        r = max(self.nose_radius, 0.1)
        return (0.1 * r, 0.8 * r)


@dataclass(frozen=True)
class Lathe:
    """Everything a lathe job adds to a milling job."""

    x_mode: str = "diameter"
    bar_radius: float = 20.0
    bore_radius: float = 0.0
    front: float = 1.0
    back: float = -69.0
    jaw_face: float = -58.0
    jaw_radius: float = 70.0         # outer envelope of the jaws
    grip_radius: float | None = None  # where the jaws close (default: the bar)
    tailstock_z: float | None = None
    tailstock_radius: float = 0.0
    home: tuple[float, float] = (100.0, 150.0)   # (x radius, z) where G28 sends the turret, machine
    spindle_hand: str = "M3"         # the direction a right-hand tool cuts in
    tools: tuple[LatheTool, ...] = ()

    def tool(self, number: int) -> LatheTool | None:
        return next((t for t in self.tools if t.number == number), None)

    @property
    def grip(self) -> float:
        return self.bar_radius if self.grip_radius is None else self.grip_radius


def _err(message_key: str, file: str, /, **params: Any):
    return input_error(message_key, file=file, **params)


def _keys(table: dict, allowed, section: str, file: str) -> None:
    for k in table:
        if k not in allowed:
            raise _err("JOB.unknown_key", file, key=k, section=section, allowed=", ".join(allowed))


def _num(value: Any, key: str, section: str, file: str, positive: bool = False, nonneg: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _err("JOB.type", file, key=key, section=section, expected="a number", got=value)
    if (positive and value <= 0) or (nonneg and value < 0):
        raise _err("JOB.range", file, key=key, section=section, got=value, allowed="> 0" if positive else ">= 0")
    return float(value)


def _pair(value: Any, key: str, section: str, file: str) -> tuple[float, float]:
    if not isinstance(value, list) or len(value) != 2:
        raise _err("JOB.type", file, key=key, section=section, expected="[x, z]", got=value)
    a, b = (_num(v, key, section, file) for v in value)
    return a, b


def _table(value: Any, key: str, section: str, file: str) -> dict:
    if not isinstance(value, dict):
        raise _err("JOB.type", file, key=key, section=section, expected="a table { ... }", got=value)
    return value


def parse_insert(code: str) -> tuple[float, float, float, float] | None:
    """(corner angle, clearance, nose radius, edge length) of an ISO 1832 turning insert code."""
    m = _INSERT.match(code.strip().upper().replace(" ", ""))
    if not m or m.group(1) not in INSERT_ANGLES:
        return None
    angle = INSERT_ANGLES[m.group(1)]
    clearance = CLEARANCE.get(m.group(2), 0.0)
    size = float(m.group(5))
    nose = float(m.group(7)) / 10.0
    return angle, clearance, nose, size


_TOOL_KEYS = ("number", "type", "name", "insert", "holder", "nose_radius", "tip", "angle", "approach", "edge_length",
              "width", "diameter", "point_angle", "wear", "hand", "feed_range")


def parse_holder(code: str) -> tuple[float, str] | None:
    """(lead angle, hand) of an ISO 5608 turning holder code such as "DCLNR 2020K11"."""
    m = _HOLDER.match(code.strip().upper().replace(" ", ""))
    if not m or m.group(2) not in HOLDER_STYLES:
        return None
    return HOLDER_STYLES[m.group(2)], {"R": "right", "L": "left", "N": "neutral"}[m.group(4)]


def _tool(t: dict, section: str, file: str) -> LatheTool:
    _keys(t, _TOOL_KEYS, section, file)
    if "number" not in t:
        raise _err("JOB.missing_key", file, key="number", section=section, example="number = 1")
    n = t["number"]
    if isinstance(n, bool) or not isinstance(n, int) or not 0 < n < 100:
        raise _err("JOB.type", file, key="number", section=section, expected="a whole number 1 – 99", got=n)
    kw: dict[str, Any] = {"number": n}
    kind = t.get("type", "turning")
    if kind not in TOOL_TYPES:
        raise _err("JOB.value", file, key="type", section=section, got=kind, allowed=", ".join(TOOL_TYPES))
    kw["type"] = kind
    defaults = {"turning": 3, "boring": 2, "grooving": 3, "threading": 8, "drill": 7, "parting": 3}
    kw["tip"] = defaults[kind]
    if kind == "threading":
        kw.update(angle=60.0, nose_radius=0.1, approach=120.0)
    if kind in ("grooving", "parting"):
        kw.update(nose_radius=0.2, angle=90.0, approach=90.0)
    if kind == "drill":
        kw.update(nose_radius=0.0)
    if "insert" in t:
        code = t["insert"]
        parsed = parse_insert(code) if isinstance(code, str) else None
        if parsed is None:
            raise _err("JOB.value", file, key="insert", section=section, got=code,
                       allowed='an ISO 1832 code such as "DCMT 11T304"')
        angle, clearance, nose, size = parsed
        kw.update(insert=code, nose_radius=nose, edge_length=size)
        if angle:
            kw["angle"] = angle
    if "holder" in t:
        held = parse_holder(t["holder"]) if isinstance(t["holder"], str) else None
        if held is None:
            raise _err("JOB.value", file, key="holder", section=section, got=t["holder"],
                       allowed='an ISO 5608 code such as "DCLNR 2020K11"')
        kw["approach"], kw["hand"] = held
    for key in ("nose_radius", "width", "diameter", "edge_length"):
        if key in t:
            kw[key] = _num(t[key], key, section, file, nonneg=True)
    for key in ("angle", "approach", "point_angle"):
        if key in t:
            v = _num(t[key], key, section, file, positive=True)
            if not 1.0 <= v <= 179.0:
                raise _err("JOB.range", file, key=key, section=section, got=v, allowed="1 – 179°")
            kw[key] = v
    if "tip" in t:
        tip = t["tip"]
        if isinstance(tip, bool) or not isinstance(tip, int) or tip not in TIP_DIRECTIONS:
            raise _err("JOB.value", file, key="tip", section=section, got=tip, allowed="0 – 9")
        kw["tip"] = tip
    if "name" in t:
        kw["name"] = str(t["name"])
    if "wear" in t:
        wx, wz = _pair(t["wear"], "wear", section, file)
        kw["wear"] = (wx / 2.0, wz)
    if "hand" in t:
        if t["hand"] not in ("right", "left", "neutral"):
            raise _err("JOB.value", file, key="hand", section=section, got=t["hand"], allowed="right, left, neutral")
        kw["hand"] = t["hand"]
    if "feed_range" in t:
        lo, hi = _pair(t["feed_range"], "feed_range", section, file)
        if not 0 <= lo < hi:
            raise _err("JOB.range", file, key="feed_range", section=section, got=t["feed_range"],
                       allowed="[min, max] mm/rev with 0 <= min < max")
        kw["feed_range"] = (lo, hi)
    tool = LatheTool(**kw)
    if tool.type == "drill" and tool.diameter <= 0:
        raise _err("JOB.missing_key", file, key="diameter", section=section, example="diameter = 10")
    if tool.type in ("grooving", "parting") and tool.width <= 2 * tool.nose_radius:
        raise _err("JOB.geometry", file, section=section, reason="width <= 2 × nose_radius")
    return tool


def parse_lathe(data: dict, file: str) -> tuple[Lathe, dict, dict]:
    """The lathe tables of a job document: (Lathe, the [machine] table left for the milling
    parser, the stock box in work coordinates as {"min", "max", "material"})."""
    _keys(data, ("machine", "offsets", "stock", "chuck", "tailstock", "tool"), "", file)
    machine = dict(_table(data.get("machine", {}), "machine", "", file))
    machine.pop("kind", None)
    kw: dict[str, Any] = {}
    if "x_mode" in machine:
        mode = machine.pop("x_mode")
        if mode not in X_MODES:
            raise _err("JOB.value", file, key="x_mode", section="machine", got=mode, allowed=", ".join(X_MODES))
        kw["x_mode"] = mode
    if "home" in machine:
        hx, hz = _pair(machine.pop("home"), "home", "machine", file)
        kw["home"] = (hx / 2.0, hz)
    if "spindle_hand" in machine:
        hand = machine.pop("spindle_hand")
        if hand not in ("M3", "M4"):
            raise _err("JOB.value", file, key="spindle_hand", section="machine", got=hand, allowed="M3, M4")
        kw["spindle_hand"] = hand
    stock = _table(data.get("stock", {}), "stock", "", file)
    _keys(stock, ("bar", "material"), "stock", file)
    if "bar" not in stock:
        raise _err("JOB.missing_key", file, key="bar", section="stock",
                   example="bar = { diameter = 40, front = 1, back = -69 }")
    bar = _table(stock["bar"], "bar", "stock", file)
    _keys(bar, ("diameter", "front", "back", "bore"), "stock.bar", file)
    for k in ("diameter", "front", "back"):
        if k not in bar:
            raise _err("JOB.missing_key", file, key=k, section="stock.bar", example=f"{k} = ...")
    kw["bar_radius"] = _num(bar["diameter"], "diameter", "stock.bar", file, positive=True) / 2.0
    kw["front"] = _num(bar["front"], "front", "stock.bar", file)
    kw["back"] = _num(bar["back"], "back", "stock.bar", file)
    if kw["back"] >= kw["front"]:
        raise _err("JOB.geometry", file, section="stock.bar", reason="back >= front")
    if "bore" in bar:
        kw["bore_radius"] = _num(bar["bore"], "bore", "stock.bar", file, nonneg=True) / 2.0
        if kw["bore_radius"] >= kw["bar_radius"]:
            raise _err("JOB.geometry", file, section="stock.bar", reason="bore >= diameter")
    chuck = _table(data.get("chuck", {}), "chuck", "", file)
    _keys(chuck, ("jaw_face", "outer_diameter", "grip_diameter"), "chuck", file)
    kw["jaw_face"] = _num(chuck.get("jaw_face", kw["back"] + 10.0), "jaw_face", "chuck", file)
    kw["jaw_radius"] = _num(chuck.get("outer_diameter", 140.0), "outer_diameter", "chuck", file, positive=True) / 2
    if "grip_diameter" in chuck:
        kw["grip_radius"] = _num(chuck["grip_diameter"], "grip_diameter", "chuck", file, positive=True) / 2
    if "tailstock" in data:
        tail = _table(data["tailstock"], "tailstock", "", file)
        _keys(tail, ("z", "diameter"), "tailstock", file)
        kw["tailstock_z"] = _num(tail.get("z", kw["front"]), "z", "tailstock", file)
        kw["tailstock_radius"] = _num(tail.get("diameter", 30.0), "diameter", "tailstock", file, positive=True) / 2
    raw = data.get("tool", [])
    if not isinstance(raw, list):
        raise _err("JOB.type", file, key="tool", section="", expected="[[tool]] tables", got=raw)
    tools: list[LatheTool] = []
    for i, t in enumerate(raw):
        tool = _tool(_table(t, "tool", "", file), f"tool {i + 1}", file)
        if any(o.number == tool.number for o in tools):
            raise _err("JOB.duplicate_tool", file, number=tool.number)
        tools.append(tool)
    kw["tools"] = tuple(tools)
    r = kw["bar_radius"]
    box = {"min": [-r, -r, kw["back"]], "max": [r, r, kw["front"]]}
    if "material" in stock:
        box["material"] = stock["material"]
    return Lathe(**kw), machine, box


def _in_machine_z(lathe: Lathe, offsets) -> Lathe:
    """The bar's faces, the jaws and the tailstock in machine Z (the job gives them in G54's work Z).

    An unreadable G54 is left to the job parser, which names it right after."""
    g54 = offsets.get("G54") if isinstance(offsets, dict) else None
    if not (isinstance(g54, list) and len(g54) == 3 and all(isinstance(v, (int, float)) for v in g54)):
        return lathe
    dz = float(g54[2])
    tail = None if lathe.tailstock_z is None else lathe.tailstock_z + dz
    return replace(lathe, front=lathe.front + dz, back=lathe.back + dz, jaw_face=lathe.jaw_face + dz,
                   tailstock_z=tail)


def lathe_document(data: dict, file: str) -> tuple[dict, Lathe | None]:
    """Split a job document by `[machine] kind`: ("mill" or absent) the document as it is and None;
    ("lathe") the document a milling parser accepts (the bar as its stock box) and the `Lathe`."""
    machine = data.get("machine")
    kind = machine.get("kind", "mill") if isinstance(machine, dict) else "mill"
    if kind not in ("mill", "lathe"):
        raise _err("JOB.value", file, key="kind", section="machine", got=kind, allowed="mill, lathe")
    if kind == "mill":
        if isinstance(machine, dict) and "kind" in machine:
            data = {**data, "machine": {k: v for k, v in machine.items() if k != "kind"}}
        return data, None
    lathe, machine_table, box = parse_lathe(data, file)
    lathe = _in_machine_z(lathe, data.get("offsets"))
    machine_table.setdefault("spindle_max", 4000)
    stock = {"box": {"min": box["min"], "max": box["max"]}}
    if "material" in box:
        stock["material"] = box["material"]
    rest = {k: v for k, v in data.items() if k in ("offsets",)}
    return {**rest, "machine": machine_table, "stock": stock}, lathe
