"""Inspection of turned parts: the lathe's instruments on the exact outer and inner radius.

Spec keys (work coordinates, lengths in mm, diameters as on the drawing):
- `diameter`: `at_z`, `side` = "outside" (default) or "inside";
- `length` between two faces: `faces = [[z, r], [z, r]]`, an approximate point (z, radius) on
  each face; the face is found where material starts or stops along z at that radius;
- `taper`: half-angle in degrees of the least-squares line through the profile `between = [z1, z2]`;
- `radius` of a fillet: least-squares circle through the profile `between = [z1, z2]`;
- `groove`: `at_z` inside it, `measure` = "width" (at mid-depth) or "diameter" (its bottom);
- `thread`: `at_z` on it, `measure` = "pitch", "major" or "minor";
- `roughness` with `at_z`: Ra (µm) of the nose's feed marks, periodic arcs of the nose radius r
  every feed per revolution f, computed in closed form (≈ f²/(32 r)).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..findings import WARNING
from ..metrology.fitting import fit_circle
from ..metrology.spec import Check

LATHE_INSTRUMENTS = ("diameter", "length", "taper", "radius", "groove", "thread")
MEASURES = {"groove": ("width", "diameter"), "thread": ("pitch", "major", "minor")}
ERROR = 1e-6             # mm: bounds are exact to float rounding; bisection goes below
SEARCH = 3.0             # mm either side of an approximate face
SAMPLES = 201            # profile points of a taper or a radius


@dataclass(frozen=True)
class TurnedCheck(Check):
    """A check of a turned part: where along Z, on which side, what to read."""

    at_z: float | None = None
    side: str = "outside"
    faces: tuple[tuple[float, float], tuple[float, float]] | None = None
    between: tuple[float, float] | None = None
    measure: str = ""


_KEYS = ("id", "name", "instrument", "nominal", "tol", "fit", "class", "points", "frame", "at_z", "side", "faces",
         "between", "measure", "length", "inside")
_EXAMPLES = {"at_z": "at_z = -20", "faces": "faces = [[0, 5], [-30, 12]]", "between": "between = [-20, -30]",
             "measure": 'measure = "width"'}
_NEEDS = {"diameter": ("at_z",), "length": ("faces",), "taper": ("between",), "radius": ("between",),
          "groove": ("at_z", "measure"), "thread": ("at_z", "measure"), "roughness": ("at_z",)}


def is_turned(t: dict) -> bool:
    """Whether a [[check]] table is one of a turned part."""
    return t.get("instrument") in LATHE_INSTRUMENTS or (t.get("instrument") == "roughness" and "at_z" in t)


def parse_check(t: dict, cid: int, general: str, frame: str, ctx, limits) -> TurnedCheck:
    """A turned part's [[check]], validated with the spec parser's context and limit rules."""
    instrument = t["instrument"]
    ctx.keys(t, _KEYS)
    for key in _NEEDS[instrument]:
        if key not in t:
            raise ctx.err("SPEC.missing_key", key=key, example=_EXAMPLES[key])
    kw = {"id": cid, "instrument": instrument, "name": ctx.text(t.get("name", f"{instrument} {cid}"), "name")}
    if "nominal" in t:
        kw["nominal"] = ctx.number(t["nominal"], "nominal", nonneg=True)
    elif instrument == "roughness":
        kw["nominal"] = 0.0
    else:
        raise ctx.err("SPEC.missing_key", key="nominal", example="nominal = 20")
    if "at_z" in t:
        kw["at_z"] = ctx.number(t["at_z"], "at_z")
    if "side" in t:
        kw["side"] = ctx.choice(t["side"], "side", ("outside", "inside"))
    if "inside" in t:                     # inside = true: the same as side = "inside"
        if not isinstance(t["inside"], bool):
            raise ctx.err("SPEC.type", key="inside", expected="true or false", got=t["inside"])
        kw["side"] = "inside" if t["inside"] else "outside"
    if "faces" in t:
        f = t["faces"]
        if not isinstance(f, list) or len(f) != 2:
            raise ctx.err("SPEC.type", key="faces", expected="two points [[z, radius], [z, radius]]", got=f)
        a, b = (ctx.vector(p, "faces", 2, "[0, 5]") for p in f)
        kw["faces"] = (a, b)
    if "between" in t:
        z1, z2 = ctx.vector(t["between"], "between", 2, "[-20, -30]")
        if z1 == z2:
            raise ctx.err("SPEC.range", key="between", got=t["between"], allowed="two different z")
        kw["between"] = (min(z1, z2), max(z1, z2))
    if "measure" in t:
        kw["measure"] = ctx.choice(t["measure"], "measure", MEASURES.get(instrument, ()))
    if "class" in t:
        kw["category"] = ctx.choice(t["class"], "class", ("critical", "major", "minor"))
    if "points" in t:
        kw["points"] = ctx.number(t["points"], "points", nonneg=True)
    if "length" in t:
        kw["length"] = ctx.number(t["length"], "length", positive=True)
    kw["frame"] = ctx.choice(t.get("frame", frame), "frame", ("G54", "G55", "G56", "G57", "G58", "G59"))
    kw["upper"], kw["lower"], kw["tolerance"] = limits(t, instrument, kw["nominal"], general, ctx, None)
    return TurnedCheck(**kw)


class Miss(Exception):
    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


# --- the instruments ---------------------------------------------------------------------------

class Gauge:
    """The part's exact bounds in the check's work frame (z shifted by the work offset)."""

    def __init__(self, part, job, check):
        self.part = part
        self.dz = job.offset(check.frame)[2]
        self.dx = job.offset(check.frame)[0]
        self.moves: set[int] = set()
        self.inside = getattr(check, "side", "outside") == "inside"

    def radius(self, zs) -> np.ndarray:
        """Outside (or inside) radius at work z values, nan where there is no material."""
        zs = np.atleast_1d(np.asarray(zs, float))
        o, i, lo, li = self.part.bounds(zs + self.dz)
        r = np.where(o > i, i if self.inside else o, np.nan) - self.dx
        last = li if self.inside else lo
        self.moves.update(int(m) for m in last if m >= 0)
        return r

    def solid(self, zs, r: float) -> np.ndarray:
        zs = np.atleast_1d(np.asarray(zs, float))
        o, i, _, _ = self.part.bounds(zs + self.dz)
        return (o - self.dx >= r) & (i - self.dx <= r) & (o > i)

    def lines(self) -> tuple[int, ...]:
        moves = self.part.toolpath.moves
        return tuple(sorted({int(moves["line"][m]) for m in self.moves}))


def _bisect(f, a: float, b: float) -> float:
    """The z where predicate f changes between a and b (f(a) != f(b))."""
    fa = f(a)
    for _ in range(80):
        m = 0.5 * (a + b)
        if f(m) == fa:
            a = m
        else:
            b = m
        if abs(b - a) < 1e-12:
            break
    return 0.5 * (a + b)


def _face(g: Gauge, z: float, r: float) -> float:
    zs = np.linspace(z - SEARCH, z + SEARCH, 1201)
    s = g.solid(zs, r)
    change = np.flatnonzero(s[1:] != s[:-1])
    if not len(change):
        raise Miss("MEASURE.lathe_no_face", z=f"{z:g}", r=f"{r:g}")
    k = change[np.argmin(np.abs(zs[change] - z))]
    face = _bisect(lambda q: bool(g.solid([q], r)[0]), zs[k], zs[k + 1])
    air = face + 1e-6 if s[k] else face - 1e-6       # the move that made the face bounds the air beside it
    o, i, lo, li = g.part.bounds([air + g.dz])
    inner_made_it = o[0] > i[0] and r < i[0] - g.dx     # air inside a bore: the inner bound's move
    m = int((li if inner_made_it else lo)[0])
    if m >= 0:
        g.moves.add(m)
    return face


def diameter(c: TurnedCheck, g: Gauge):
    r = g.radius([c.at_z])[0]
    if not np.isfinite(r):
        raise Miss("MEASURE.lathe_no_material", z=f"{c.at_z:g}")
    return 2.0 * r, 2 * ERROR, {"at_z": c.at_z}


def length(c: TurnedCheck, g: Gauge):
    (z1, r1), (z2, r2) = c.faces
    a, b = _face(g, z1, r1), _face(g, z2, r2)
    return abs(a - b), 2 * ERROR, {"faces_z": [a, b]}


def _profile(c: TurnedCheck, g: Gauge):
    zs = np.linspace(c.between[0], c.between[1], SAMPLES)
    r = g.radius(zs)
    if not np.all(np.isfinite(r)):
        raise Miss("MEASURE.lathe_no_material", z=f"{float(zs[~np.isfinite(r)][0]):g}")
    return zs, r


def taper(c: TurnedCheck, g: Gauge):
    zs, r = _profile(c, g)
    slope, icpt = np.polyfit(zs, r, 1)
    resid = float(np.max(np.abs(r - (slope * zs + icpt))))
    angle = math.degrees(math.atan(abs(slope)))
    span = c.between[1] - c.between[0]
    spread = math.degrees(2 * resid / span) if span > 0 else 0.0
    return angle, spread + 1e-6, {"form_error_mm": resid}


def radius(c: TurnedCheck, g: Gauge):
    zs, r = _profile(c, g)
    centre, rad, _ = fit_circle(np.stack([zs, r], axis=1))
    resid = float(np.max(np.abs(np.hypot(zs - centre[0], r - centre[1]) - rad)))
    return float(rad), resid + ERROR, {"centre_z": float(centre[0]), "centre_d": float(2 * centre[1])}


def groove(c: TurnedCheck, g: Gauge):
    bottom = g.radius([c.at_z])[0]
    if not np.isfinite(bottom):
        raise Miss("MEASURE.lathe_no_material", z=f"{c.at_z:g}")
    if c.measure == "diameter":
        return 2.0 * bottom, 2 * ERROR, {}
    zs = np.linspace(c.at_z - 10.0, c.at_z + 10.0, 4001)
    r = g.radius(zs)
    left, right = r[zs <= c.at_z], r[zs >= c.at_z]
    land = min(np.nanmax(left), np.nanmax(right))
    level = bottom + 0.5 * (land - bottom)
    if land - bottom < 1e-3:
        raise Miss("MEASURE.lathe_no_groove", z=f"{c.at_z:g}")

    def deep(q):
        v = g.radius([q])[0]
        return bool(np.isfinite(v) and v < level)

    edges = []
    for side in (-1, 1):
        k = np.searchsorted(zs, c.at_z)
        step = side
        j = k
        while 0 < j < len(zs) - 1 and deep(zs[j]):
            j += step
        edges.append(_bisect(deep, zs[j - step], zs[j]))
    return abs(edges[1] - edges[0]), 2 * ERROR, {"bottom_d": 2 * bottom, "at_d": 2 * level}


def thread(c: TurnedCheck, g: Gauge):
    z = c.at_z + g.dz
    found = [t for t in g.part.threads if t.z0 - 1e-6 <= z <= t.z1 + 1e-6]
    if not found:
        raise Miss("MEASURE.lathe_no_thread", z=f"{c.at_z:g}")
    t = found[-1]
    moves = g.part.toolpath.moves
    g.moves.update(int(i) for i in np.flatnonzero(np.isin(moves["line"], t.lines)))
    if c.measure == "pitch":
        return t.lead, ERROR, {}
    crest = g.radius([c.at_z])[0]
    root = t.root - g.dx
    major, minor = (crest, root) if t.external else (root, crest)
    return 2.0 * (major if c.measure == "major" else minor), 2 * ERROR, {}


def nose_ra(f: float, r: float) -> tuple[float, float]:
    """(Ra, Rz) in mm of periodic arcs of radius r every f (f ≤ 2r), in closed form."""
    a = min(f / 2.0, r)
    if a <= 0:
        return 0.0, 0.0

    def area(t):            # ∫0^t (r - sqrt(r² - s²)) ds
        return r * t - 0.5 * (t * math.sqrt(max(r * r - t * t, 0.0)) + r * r * math.asin(min(t / r, 1.0)))

    mean = area(a) / a
    ts = math.sqrt(max(r * r - (r - mean) ** 2, 0.0))
    ra = (mean * ts - area(ts) + area(a) - area(ts) - mean * (a - ts)) / a
    return ra, r - math.sqrt(max(r * r - a * a, 0.0))


def roughness(c: TurnedCheck, g: Gauge):
    r = g.radius([c.at_z])[0]
    if not np.isfinite(r):
        raise Miss("MEASURE.lathe_no_material", z=f"{c.at_z:g}")
    moves = g.part.toolpath.moves
    o, i, lo, li = g.part.bounds([c.at_z + g.dz])
    m = int((li if g.inside else lo)[0])
    tools = {t.number: t for t in g.part.lathe.tools}
    tool = tools.get(int(moves["tool"][m])) if m >= 0 else None
    if tool is None or moves["spindle"][m] == 0:
        raise Miss("MEASURE.lathe_no_material", z=f"{c.at_z:g}")
    f = float(moves["feed"][m] / abs(moves["spindle"][m]))
    ra, rz = nose_ra(f, max(tool.nose_radius, 1e-3))
    return ra * 1000.0, 1e-3, {"Rz_um": rz * 1000.0, "feed_per_rev": f, "nose_radius": tool.nose_radius}


INSTRUMENTS = {"diameter": diameter, "length": length, "taper": taper, "radius": radius, "groove": groove,
               "thread": thread, "roughness": roughness}


def measure(spec, part, job) -> list:
    """Every check of `spec` on the turned part, as `metrology.measure` gives them for milled parts."""
    from ..metrology.inspection import NOT_GRADED, UNCERTAINTY_RATIO, CheckResult, _finding, verdict

    results = []
    for check in spec.checks:
        if not isinstance(check, TurnedCheck):
            results.append(CheckResult(check, None, finding=_finding(check, "MEASURE.lathe_instrument")))
            continue
        g = Gauge(part, job, check)
        try:
            value, unc, details = INSTRUMENTS[check.instrument](check, g)
        except Miss as miss:
            results.append(CheckResult(check, None, finding=_finding(check, miss.key, **miss.params)))
            continue
        status = verdict(check, value, unc)
        finding = None
        if status == NOT_GRADED:
            finding = _finding(check, "MEASURE.not_graded", WARNING, uncertainty=f"{unc:.2g} {check.unit}",
                               needed=f"{(check.upper - check.lower) / UNCERTAINTY_RATIO:.2g} {check.unit}")
        results.append(CheckResult(check, float(value), float(unc), status, g.lines(), finding, details))
    return results


def compare_turned(student, master, job, spacing: float = 0.05, frame: str = "G54"):
    """Where the student's turned part differs from the master's, as `metrology.compare_reference`
    says it for milled parts: volumes of material missing and left, and the stretches of Z where
    they are (centre = [diameter, z] in work coordinates) with the student's lines that cut there."""
    from ..metrology.compare import MIN_THICKNESS, ReferenceComparison

    lo = min(student.zs[0], master.zs[0])
    hi = max(student.zs[-1], master.zs[-1])
    zs = np.arange(lo + spacing / 2, hi, spacing)
    so, si, slo, sli = student.bounds(zs)
    mo, mi, _, _ = master.bounds(zs)

    def span(o, i):
        o, i = np.maximum(o, 0.0), np.maximum(i, 0.0)
        return i, np.maximum(o, i)                      # empty when o <= i

    (s0, s1), (m0, m1) = span(so, si), span(mo, mi)
    c0, c1 = np.maximum(s0, m0), np.maximum(np.minimum(s1, m1), np.maximum(s0, m0))

    def area(a, b):
        return np.pi * (b * b - a * a)

    both = area(c0, c1)
    diffs = {"missing": (area(m0, m1) - both, (m1 - m0) - (c1 - c0)),
             "left": (area(s0, s1) - both, (s1 - s0) - (c1 - c0))}
    lines = student.toolpath.moves["line"]
    dz = job.offset(frame)[2]
    regions = []
    for kind, (a, thick) in diffs.items():
        on = thick > MIN_THICKNESS
        k = 0
        while k < len(zs):
            if not on[k]:
                k += 1
                continue
            j = k
            while j < len(zs) and on[j]:
                j += 1
            sel = slice(k, j)
            mid = (k + j - 1) // 2
            named = {int(lines[m]) for m in np.r_[slo[sel], sli[sel]] if m >= 0}
            regions.append({"kind": kind, "volume": float(a[sel].sum() * spacing),
                            "centre": [float(2 * (so[mid] if kind == "left" else mo[mid])), float(zs[mid] - dz)],
                            "lines": sorted(named)})
            k = j
    return ReferenceComparison(float(diffs["missing"][0].sum() * spacing), float(diffs["left"][0].sum() * spacing),
                               spacing, regions=regions)
