"""The `[[setup]]` tables of the job: Phase 10, turn it over, Phase 20 — and the vise of each.

Each setup places the part (the drawing's frame, where the stock is written) in its own work
frame: `part_to_work = { rotate = [rx, ry, rz], translate = [x, y, z] }`, rotations in degrees
about X, then Y, then Z (fixed axes), multiples of 90°, then the translation. A setup may give its
own `[setup.offsets]` (the work zero measured again), `[setup.vise]`, `[[setup.fixture]]` and the
`program` it runs (a path relative to the job file). Without `translate`, a setup with a vise
holds the part where the vise says: centred on the jaws' width, against the fixed jaw, on the
parallels (or the vise bed).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import input_error

VISE_SIDES = ("back", "front")


@dataclass(frozen=True)
class Vise:
    """A machine vise in the setup's work frame (mm).

    `position`: the middle of the fixed jaw's clamping face across its width (X), at the jaws'
    top. The jaws clamp along Y: the fixed jaw at the `fixed` side ("back": +Y), the moving jaw
    `opening` away. `parallels`: two bars along each jaw under the part, `parallel_height` above
    the vise bed (the jaws' top - `height`), `parallel_width` wide (no parallels: the part sits on
    the bed); in the file `parallels = { height = 10, width = 6 }`, or `parallels = 10` for the height.
    `opening` 0: the jaws closed on the part.
    """

    width: float = 125.0
    height: float = 40.0
    opening: float = 0.0
    position: tuple[float, float, float] = (0.0, 0.0, 0.0)
    thickness: float = 20.0
    fixed: str = "back"
    parallel_height: float = 0.0
    parallel_width: float = 6.0
    frame: str = "G54"


@dataclass(frozen=True)
class Setup:
    """One setup: the part's placement, its own offsets, vise, fixtures and program."""

    name: str
    rotate: tuple[float, float, float] = (0.0, 0.0, 0.0)
    translate: tuple[float, float, float] | None = None
    offsets: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    vise: Vise | None = None
    fixtures: tuple = ()
    own_fixtures: bool = False        # fixtures or a vise given: the job's [[fixture]] do not apply
    program: str = ""


_SETUP_KEYS = {"name": 0, "part_to_work": 0, "offsets": 0, "vise": 0, "fixture": 0, "program": 0}
_VISE_KEYS = {"width": 0, "height": 0, "opening": 0, "position": 0, "thickness": 0, "fixed": 0,
              "parallels": 0, "frame": 0}


def parse_setups(raw: Any, file: str, schema) -> tuple[Setup, ...]:
    """The job's `[[setup]]` list; `schema` is job.py's module (its small validators)."""
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        raise input_error("JOB.type", file=file, key="setup", section="", expected="[[setup]] tables", got=raw)
    out = []
    for n, t in enumerate(raw, 1):
        sec = f"setup {n}"
        schema._check_keys(t, _SETUP_KEYS, sec, file)
        name = t.get("name", f"Phase {10 * n}")
        if not isinstance(name, str):
            raise input_error("JOB.type", file=file, key="name", section=sec, expected="a text in quotes", got=name)
        kw: dict[str, Any] = {"name": name}
        if "part_to_work" in t:
            p = schema._table(t["part_to_work"], "part_to_work", sec, file)
            schema._check_keys(p, {"rotate": 0, "translate": 0}, f"{sec}.part_to_work", file)
            if "rotate" in p:
                rot = schema._vec3(p["rotate"], "rotate", f"{sec}.part_to_work", file)
                if any(abs(a / 90.0 - round(a / 90.0)) > 1e-9 for a in rot):
                    raise input_error("SETUP.rotate", file=file, section=f"{sec}.part_to_work", got=list(rot))
                kw["rotate"] = rot
            if "translate" in p:
                kw["translate"] = schema._vec3(p["translate"], "translate", f"{sec}.part_to_work", file)
        if "offsets" in t:
            kw["offsets"] = schema._offsets(schema._table(t["offsets"], "offsets", sec, file), file)
        if "vise" in t:
            kw["vise"] = _vise(schema._table(t["vise"], "vise", sec, file), f"{sec}.vise", file, schema)
        if "fixture" in t:
            kw["fixtures"] = _fixtures(t["fixture"], f"{sec}.fixture", file, schema)
        kw["own_fixtures"] = "fixture" in t or "vise" in t
        if "program" in t:
            if not isinstance(t["program"], str) or not t["program"]:
                raise input_error("JOB.type", file=file, key="program", section=sec, expected="a file name in quotes",
                                  got=t["program"])
            kw["program"] = str(Path(file).parent / t["program"]) if not Path(file).name.startswith("<") \
                else t["program"]
        out.append(Setup(**kw))
    return tuple(out)


def _fixtures(raw: Any, sec: str, file: str, schema) -> tuple:
    """`[[setup.fixture]]`: the same boxes as the job's `[[fixture]]`."""
    if not isinstance(raw, list):
        raise input_error("JOB.type", file=file, key="fixture", section=sec, expected="[[setup.fixture]] tables",
                          got=raw)
    out = []
    for i, f in enumerate(raw, 1):
        f = schema._table(f, "fixture", sec, file)
        schema._check_keys(f, {"box": 0, "name": 0, "frame": 0}, f"{sec} {i}", file)
        if "box" not in f:
            raise input_error("JOB.missing_key", file=file, key="box", section=f"{sec} {i}",
                              example="box = { min = [...], max = [...] }")
        lo, hi = schema._box(f["box"], "box", f"{sec} {i}", file)
        out.append(schema.Fixture(lo, hi, str(f.get("name", "")),
                                  schema._choice(f.get("frame", "G54"), "frame", f"{sec} {i}", file,
                                                 schema.WORK_OFFSETS)))
    return tuple(out)


def _vise(t: dict, sec: str, file: str, schema) -> Vise:
    schema._check_keys(t, _VISE_KEYS, sec, file)
    kw: dict[str, Any] = {}
    for key in ("width", "height", "thickness"):
        if key in t:
            kw[key] = schema._number(t[key], key, sec, file, positive=True)
    if "opening" in t:
        kw["opening"] = schema._number(t["opening"], "opening", sec, file, nonneg=True)
    if "position" in t:
        kw["position"] = schema._vec3(t["position"], "position", sec, file)
    if "fixed" in t:
        kw["fixed"] = schema._choice(t["fixed"], "fixed", sec, file, VISE_SIDES)
    if "frame" in t:
        kw["frame"] = schema._choice(t["frame"], "frame", sec, file, schema.WORK_OFFSETS)
    if "parallels" in t and not isinstance(t["parallels"], dict):     # parallels = 10: their height
        kw["parallel_height"] = schema._number(t["parallels"], "parallels", sec, file, positive=True)
    elif "parallels" in t:
        p = schema._table(t["parallels"], "parallels", sec, file)
        schema._check_keys(p, {"height": 0, "width": 0}, f"{sec}.parallels", file)
        if "height" not in p:
            raise input_error("JOB.missing_key", file=file, key="height", section=f"{sec}.parallels",
                              example="height = 10")
        kw["parallel_height"] = schema._number(p["height"], "height", f"{sec}.parallels", file, positive=True)
        if "width" in p:
            kw["parallel_width"] = schema._number(p["width"], "width", f"{sec}.parallels", file, positive=True)
    vise = Vise(**kw)
    if vise.parallel_height >= vise.height:
        raise input_error("JOB.geometry", file=file, section=f"{sec}.parallels",
                          reason="parallels height >= jaw height")
    return vise
