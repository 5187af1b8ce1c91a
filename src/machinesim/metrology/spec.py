"""The spec file ("fiche de contrôle"): the drawing's dimensions as virtual instruments to place.

TOML in, frozen dataclasses out, checked key by key like the job file: a wrong key, type, unit or
value is an `InputError` naming the key, the check id and the file. Points (`at`, `ref`, `datum`,
`region`, `nominal_center`) are WORK coordinates of the check's `frame` (G54 unless the spec or the
check says otherwise). Every check leaves here with its limit deviations resolved (`tol`, an ISO 286
`fit`, or the part's ISO 2768 `general` class), so the instruments and grading never look at tables.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..findings import input_error
from ..messages import said
from ..job import WORK_OFFSETS
from ..tomlfile import read_toml
from . import tolerances as T

INSTRUMENTS = ("outside", "inside", "depth", "height", "bore", "boss", "position", "flatness", "roughness")
CLASSES = ("critical", "major", "minor")
# instruments whose tolerance is one upper limit (a form or a position, lower limit 0)
ONE_SIDED = ("position", "flatness", "roughness")
AXES = {"x": (1.0, 0.0, 0.0), "y": (0.0, 1.0, 0.0), "z": (0.0, 0.0, 1.0)}

_CHECK_KEYS = ("id", "name", "instrument", "at", "axis", "nominal", "tol", "fit", "class", "points",
               "ref", "datum", "region", "of", "nominal_center", "frame", "length", "direction")
DIRECTIONS = ("across", "along")      # a roughness profile across or along the feed of the cut
_REQUIRED = {
    "outside": ("at",), "inside": ("at",), "depth": ("at",), "height": ("at",), "bore": ("at",),
    "boss": ("at",), "position": ("of", "nominal_center"), "flatness": ("region",), "roughness": ("at",),
}


@dataclass(frozen=True)
class Check:
    """One characteristic of the drawing and the instrument that measures it.

    `upper` and `lower` are limit deviations from `nominal` (mm; µm for roughness);
    `tolerance` says where they came from ("±0.05", "H7", "ISO 2768-m").
    """

    id: int
    name: str
    instrument: str
    nominal: float
    upper: float
    lower: float
    tolerance: str
    category: str = "major"
    points: float = 1.0
    at: tuple[float, float, float] | None = None
    axis: tuple[float, float, float] = (0.0, 0.0, 1.0)
    ref: tuple[float, float, float] | None = None
    datum: tuple[float, float, float] | None = None
    region: tuple[float, float, float, float] | None = None
    of: int | None = None
    nominal_center: tuple[float, float] | None = None
    length: float | None = None
    frame: str = "G54"
    direction: str | None = None        # roughness: "across" or "along" the feed; None: the rougher

    @property
    def lower_limit(self) -> float:
        return self.nominal + self.lower

    @property
    def upper_limit(self) -> float:
        return self.nominal + self.upper

    @property
    def unit(self) -> str:
        return "µm" if self.instrument == "roughness" else "mm"


@dataclass(frozen=True)
class Spec:
    name: str = ""
    drawing: str = ""
    general: str = ""
    scale: float = 20.0
    critical_cap: float = 8.0
    checks: tuple[Check, ...] = ()
    frame: str = "G54"
    path: str = "<spec>"

    def check(self, check_id: int) -> Check | None:
        return next((c for c in self.checks if c.id == check_id), None)


# --- validation helpers -----------------------------------------------------------------------

class _Ctx:
    """Where we are in the file, so every error names the file, the check and the key."""

    def __init__(self, file: str, section: str):
        self.file, self.section = file, section

    def err(self, message_key: str, /, **params: Any):
        return input_error(message_key, file=self.file, section=self.section, **params)

    def keys(self, table: dict, allowed) -> None:
        for k in table:
            if k not in allowed:
                raise self.err("SPEC.unknown_key", key=k, allowed=", ".join(allowed))

    def number(self, value: Any, key: str, positive: bool = False, nonneg: bool = False) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise self.err("SPEC.type", key=key, expected=said("said.number_mm"), got=value)
        if (positive and value <= 0) or (nonneg and value < 0):
            raise self.err("SPEC.range", key=key, got=value, allowed="> 0" if positive else ">= 0")
        return float(value)

    def vector(self, value: Any, key: str, n: int, example: str) -> tuple[float, ...]:
        if not isinstance(value, list) or len(value) != n:
            raise self.err("SPEC.type", key=key, expected=said("said.numbers", n=n, example=example), got=value)
        return tuple(self.number(v, key) for v in value)

    def text(self, value: Any, key: str) -> str:
        if not isinstance(value, str):
            raise self.err("SPEC.type", key=key, expected=said("said.quoted_text"), got=value)
        return value

    def choice(self, value: Any, key: str, allowed) -> str:
        if not isinstance(value, str) or value not in allowed:
            raise self.err("SPEC.value", key=key, got=value, allowed=", ".join(allowed))
        return value


def _axis(value: Any, ctx: _Ctx) -> tuple[float, float, float]:
    if isinstance(value, str):
        if value.lower() not in AXES:
            raise ctx.err("SPEC.value", key="axis", got=value, allowed=said("said.axis"))
        return AXES[value.lower()]
    v = ctx.vector(value, "axis", 3, "[0, 0, 1]")
    n = math.sqrt(sum(c * c for c in v))
    if n < 1e-9:
        raise ctx.err("SPEC.range", key="axis", got=value, allowed=said("said.nonzero_vector"))
    return (v[0] / n, v[1] / n, v[2] / n)


def _limits(t: dict, instrument: str, nominal: float, general: str, ctx: _Ctx,
            region: tuple | None) -> tuple[float, float, str]:
    """(upper, lower, source) deviations of one check from `tol`, `fit` or the general class."""
    if "tol" in t and "fit" in t:
        raise ctx.err("SPEC.tolerance_twice")
    if "tol" in t:
        tol = t["tol"]
        if instrument in ONE_SIDED and isinstance(tol, list):
            # a zone (position, flatness) starts at 0; a roughness may also have a lower limit
            upper, lower = ctx.vector(tol, "tol", 2, "[0.05, 0]")
            if upper <= 0 or not (0 <= lower < upper) or (lower != 0 and instrument != "roughness"):
                raise ctx.err("SPEC.range", key="tol", got=tol,
                              allowed=f"[{upper:g}, 0]" if upper > 0 else "[0.05, 0]")
            return upper, lower, f"≤ {upper:g}" if lower == 0 else f"{lower:g}–{upper:g}"
        if instrument in ONE_SIDED:
            value = ctx.number(tol, "tol", positive=True)
            return value, 0.0, f"≤ {value:g}"
        if isinstance(tol, list):
            upper, lower = ctx.vector(tol, "tol", 2, "[0.1, 0]")
            if upper <= lower:
                raise ctx.err("SPEC.range", key="tol", got=tol, allowed="[upper, lower] with upper > lower")
            return upper, lower, f"{upper:+g}/{lower:+g}"
        value = ctx.number(tol, "tol", positive=True)
        return value, -value, f"±{value:g}"
    try:
        if "fit" in t:
            code = ctx.text(t["fit"], "fit")
            if instrument in ONE_SIDED:
                raise ctx.err("SPEC.fit_instrument", instrument=instrument)
            upper, lower = T.fit_deviations(code, nominal)
            return upper, lower, code.strip()
        if not general:
            raise ctx.err("SPEC.no_tolerance")
        cls, geo = T.parse_general(general)
        if instrument == "flatness":
            if not geo:
                raise ctx.err("SPEC.no_tolerance")
            x0, y0, x1, y1 = region
            tol = T.general_flatness(geo, max(abs(x1 - x0), abs(y1 - y0)))
            return tol, 0.0, f"ISO 2768-{geo}"
        if instrument in ONE_SIDED:
            raise ctx.err("SPEC.no_tolerance")
        tol = T.general_linear(cls, nominal)
        return tol, -tol, f"ISO 2768-{cls}"
    except T.ToleranceError as exc:
        raise ctx.err("SPEC." + exc.reason, **exc.params)


def _check(t: Any, index: int, general: str, frame: str, file: str) -> Check:
    ctx = _Ctx(file, f"check {index}")
    if not isinstance(t, dict):
        raise ctx.err("SPEC.type", key="check", expected=said("said.tables", what="[[check]]"), got=t)
    if "id" in t:
        cid = t["id"]
        if isinstance(cid, bool) or not isinstance(cid, int) or cid < 0:
            raise ctx.err("SPEC.type", key="id", expected=said("said.whole_number"), got=cid)
        ctx.section = f"check id={cid}"
    else:
        raise ctx.err("SPEC.missing_key", key="id", example=f"id = {index}")
    from ..lathe.inspect import is_turned, parse_check

    if is_turned(t):                      # a turned part's instrument (diameter at_z, length, taper...)
        return parse_check(t, cid, general, frame, ctx, _limits)
    ctx.keys(t, _CHECK_KEYS)
    if "instrument" not in t:
        raise ctx.err("SPEC.missing_key", key="instrument", example='instrument = "outside"')
    instrument = ctx.choice(t["instrument"], "instrument", INSTRUMENTS)
    for key in _REQUIRED[instrument]:
        if key not in t:
            raise ctx.err("SPEC.missing_key", key=key, example=_EXAMPLES[key])
    kw: dict[str, Any] = {"id": cid, "instrument": instrument,
                          "name": ctx.text(t.get("name", f"{instrument} {cid}"), "name")}
    if "nominal" in t:
        kw["nominal"] = ctx.number(t["nominal"], "nominal", nonneg=True)
    elif instrument in ONE_SIDED:
        kw["nominal"] = 0.0
    else:
        raise ctx.err("SPEC.missing_key", key="nominal", example="nominal = 40")
    kw["frame"] = ctx.choice(t.get("frame", frame), "frame", WORK_OFFSETS)
    for key in ("at", "ref", "datum"):
        if key in t:
            kw[key] = ctx.vector(t[key], key, 3, "[50, 40, -2.5]")
    if "axis" in t:
        kw["axis"] = _axis(t["axis"], ctx)
        if instrument == "position" and kw["axis"] != AXES["z"]:
            raise ctx.err("SPEC.value", key="axis", got=t["axis"], allowed=said("said.axis_bore"))
        if instrument == "flatness" and max(abs(c) for c in kw["axis"]) < 1.0:
            raise ctx.err("SPEC.value", key="axis", got=t["axis"], allowed=said("said.axis_normal"))
    if "region" in t:
        x0, y0, x1, y1 = ctx.vector(t["region"], "region", 4, "[10, 10, 90, 70]")
        if x0 >= x1 or y0 >= y1:
            raise ctx.err("SPEC.range", key="region", got=t["region"], allowed=said("said.region"))
        kw["region"] = (x0, y0, x1, y1)
    if "of" in t:
        of = t["of"]
        if isinstance(of, bool) or not isinstance(of, int):
            raise ctx.err("SPEC.type", key="of", expected=said("said.position_of"), got=of)
        kw["of"] = of
    if "nominal_center" in t:
        kw["nominal_center"] = ctx.vector(t["nominal_center"], "nominal_center", 2, "[30, 20]")
    if "length" in t:
        kw["length"] = ctx.number(t["length"], "length", positive=True)
    if "direction" in t:
        kw["direction"] = ctx.choice(t["direction"], "direction", DIRECTIONS)
    if "class" in t:
        kw["category"] = ctx.choice(t["class"], "class", CLASSES)
    if "points" in t:
        kw["points"] = ctx.number(t["points"], "points", nonneg=True)
    kw["upper"], kw["lower"], kw["tolerance"] = _limits(t, instrument, kw["nominal"], general, ctx,
                                                        kw.get("region"))
    return Check(**kw)


_EXAMPLES = {"at": "at = [50, 40, -2.5]", "of": "of = 3", "nominal_center": "nominal_center = [30, 20]",
             "region": "region = [10, 10, 90, 70]"}


def parse_spec(data: dict, file: str) -> Spec:
    """Validate a decoded TOML document into a `Spec`; raises `InputError` naming the key."""
    top = _Ctx(file, "")
    top.keys(data, ("part", "grading", "check"))
    part = data.get("part", {})
    ctx = _Ctx(file, "part")
    if not isinstance(part, dict):
        raise top.err("SPEC.type", key="part", expected=said("said.section", what="part"), got=part)
    ctx.keys(part, ("name", "drawing", "general", "frame", "revision", "order"))
    general = ctx.text(part.get("general", ""), "general")
    if general:
        try:
            T.parse_general(general)
        except T.ToleranceError:
            raise ctx.err("SPEC.value", key="general", got=general,
                          allowed=said("said.general"))
    frame = ctx.choice(part.get("frame", "G54"), "frame", WORK_OFFSETS)
    grading = data.get("grading", {})
    gctx = _Ctx(file, "grading")
    if not isinstance(grading, dict):
        raise top.err("SPEC.type", key="grading", expected=said("said.section", what="grading"), got=grading)
    gctx.keys(grading, ("scale", "critical_cap"))
    scale = gctx.number(grading.get("scale", 20), "scale", positive=True)
    cap = gctx.number(grading.get("critical_cap", 0.4 * scale), "critical_cap", nonneg=True)
    if cap > scale:
        raise gctx.err("SPEC.range", key="critical_cap", got=cap, allowed=f"0 – {scale:g}")
    raw = data.get("check", [])
    if not isinstance(raw, list) or not raw:
        raise top.err("SPEC.no_checks")
    checks = [_check(t, i + 1, general, frame, file) for i, t in enumerate(raw)]
    seen: set[int] = set()
    for c in checks:
        if c.id in seen:
            raise input_error("SPEC.duplicate_id", file=file, id=c.id)
        seen.add(c.id)
    by_id = {c.id: c for c in checks}
    for c in checks:
        if c.instrument == "position" and (c.of not in by_id or by_id[c.of].instrument not in ("bore", "boss")):
            raise input_error("SPEC.position_of", file=file, section=f"check id={c.id}", of=c.of)
    return Spec(name=ctx.text(part.get("name", ""), "name"), drawing=str(part.get("drawing", "")),
                general=general, scale=scale, critical_cap=cap, checks=tuple(checks), frame=frame,
                path=file)


def load_spec(path: str | Path) -> Spec:
    """Read and validate a spec file."""
    return parse_spec(read_toml(path, "SPEC.toml"), str(path))
