"""Virtual instruments: each check of the spec measured on the simulated part with exact rays.

An instrument casts rays through the kernel's probe (`probe.intervals(origin, direction)` gives
the distances t along the unit direction where the ray is inside material, both ways, sorted) and
turns the interval ends into a size, as a caliper, a depth gauge, a bore gauge or a profilometer
would. Rays are cast in machine coordinates; the spec's points are work coordinates of the check's
frame. Each reading carries its uncertainty from the probe's stated error (`probe.error`, mm,
default 1e-6: the probes are exact to float rounding), the points of the surfaces it touched
(to name the program lines that last cut them) and details for the report. Where a reading
depends on the extremes of a surface (flatness, roughness, a bore's two-point sizes), sampled
extremes are refined between their neighbours with exact rays (`surface.py`), so a cusp, a ridge
or a gouge between two rays is read at its top.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from ..job import Job
from ..kernel.stock import stock_shape
from ..toolpath import ARC, Toolpath
from . import fitting, surface
from . import roughness as R
from .cutting_lines import CuttingMoves
from .spec import Check

PROBE_ERROR = 1e-6          # mm, exact probes: float rounding of the sweep intersections
CIRCLE_RAYS = 72            # wall points of a bore or boss (every 5°)
MIN_COVERAGE = 0.75         # share of the circle's rays that must find the wall
OUTLIER, OUTLIER_SHARE = 0.25, 0.05   # mm, share of the radius: a wall point farther off the circle
                                      # than both is a ray escaping through an opening
FLATNESS_GRID = 9           # lines of samples each way across a flatness region
FLATNESS_STEP = 0.05        # mm between samples along a line (at most FLATNESS_MAX samples)
FLATNESS_MAX = 401
FLATNESS_KEEP = 3           # extremes of each kind refined per line, and followed across the lines
FLATNESS_REFINE = 1e-7      # mm, what the refinement may still miss of a ridge's top (its tolerance)
ROUGHNESS_LENGTH = 4.0      # mm, evaluation length (ISO 4288: Ra 0.1–2 µm)
ROUGHNESS_STEP = 0.005      # mm between profile points
MARK_SAMPLES_MAX = 200_000  # profile points when the teeth's marks are drawn in
ROUGHNESS_KEEP = 64         # local extremes of each kind refined along a profile
_ABOVE = 0.5                # mm: roughness rays start this far above the face
PROFILE_LIFTS = (_ABOVE, 2.0, 5.0)    # mm, and higher when a cusp stands above that
_TOL = 1e-9                 # mm: an interval end this close to the ray origin counts as touching it


class Probe(Protocol):
    def intervals(self, origin, direction) -> np.ndarray: ...


class Miss(Exception):
    """The instrument found nothing to measure: a catalogue key and its facts, for a finding."""

    def __init__(self, key: str, **params: Any):
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Reading:
    """What an instrument read: value (mm, µm for roughness), uncertainty in the same unit,
    the machine points of the measured surfaces, and details for the report."""

    value: float
    uncertainty: float
    surface: np.ndarray
    details: dict = field(default_factory=dict)


class Bench:
    """The measuring set-up of one part: the probe, the job's frames and the stock's faces (the
    model's stock when given, else the job's, `auto` stock from the toolpath).

    When the probe can say which move made each interval end (`probe.cuts`), the bench keeps the
    ends it saw with their moves, so `moves_at` names the move that cut a measured point.
    """

    def __init__(self, probe: Probe, job: Job, toolpath: Toolpath | None = None, model=None):
        self.probe = probe
        self.job = job
        self.toolpath = toolpath
        self._move_log: CuttingMoves | None = None
        self.error = float(getattr(probe, "error", PROBE_ERROR))
        stock = model.stock if model is not None else stock_shape(job, toolpath)
        lo, hi = stock.lo, stock.hi
        self.corners = np.array([[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1])
                                 for z in (lo[2], hi[2])], float)
        self.knows_moves = callable(getattr(probe, "cuts", None))
        self._ends: list[np.ndarray] = []
        self._moves: list[np.ndarray] = []

    def forget(self) -> None:
        """Start a new check: drop the interval ends seen so far."""
        self._ends.clear()
        self._moves.clear()

    def moves_at(self, points: np.ndarray, tol: float = 1e-6) -> np.ndarray:
        """Move that last cut each measured point, -1 for the raw stock or when unknown.

        From the probe's own answer for the interval ends seen by this check when it gives one,
        else from a search of the move log (`cutting_lines`)."""
        pts = np.atleast_2d(np.asarray(points, float))
        if self.toolpath is None or not len(self.toolpath.moves):
            return np.full(len(pts), -1)
        if not self.knows_moves:
            if self._move_log is None:
                self._move_log = CuttingMoves(self.toolpath, self.job)
            return np.array([self._move_log.last_move(q) for q in pts], int)
        if not self._ends or not len(pts):
            return np.full(len(pts), -1)
        ends = np.concatenate(self._ends)
        moves = np.concatenate(self._moves)
        out = np.full(len(pts), -1)
        for i, q in enumerate(pts):
            d = np.linalg.norm(ends - q, axis=1)
            k = int(np.argmin(d))
            if d[k] <= tol:
                out[i] = moves[k]
        return out

    def lines(self, points) -> list[int]:
        """Sorted program lines of the moves that last cut `points`."""
        if self.toolpath is None:
            return []
        line = self.toolpath.moves["line"]
        return sorted({int(line[i]) for i in self.moves_at(points) if i >= 0})

    def machine(self, point, frame: str) -> np.ndarray:
        return np.asarray(self.job.to_machine(tuple(point), frame), float)

    def work(self, point, frame: str) -> np.ndarray:
        return np.asarray(point, float) - np.asarray(self.job.offset(frame), float)

    def ray(self, origin, direction) -> np.ndarray:
        o, d = np.asarray(origin, float), np.asarray(direction, float)
        if not self.knows_moves:
            return np.asarray(self.probe.intervals(o, d), float).reshape(-1, 2)
        iv, moves = self.probe.cuts(o, d)
        iv = np.asarray(iv, float).reshape(-1, 2)
        self._ends.append(o + iv.reshape(-1, 1) * d)
        self._moves.append(np.asarray(moves, int).reshape(-1))
        return iv


def _containing(iv: np.ndarray) -> int:
    """Index of the interval that holds the ray origin, or -1 (origin in the air)."""
    inside = np.nonzero((iv[:, 0] <= _TOL) & (iv[:, 1] >= -_TOL))[0]
    return int(inside[0]) if len(inside) else -1


def _entry_after(iv: np.ndarray) -> float | None:
    """Distance to the first material the ray meets going forward from an origin in the air."""
    starts = iv[iv[:, 0] >= -_TOL, 0]
    return float(starts.min()) if len(starts) else None


def _basis(axis: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two unit vectors normal to `axis` (X and Y for a Z axis)."""
    helper = np.array([1.0, 0.0, 0.0]) if abs(axis[0]) < 0.9 else np.array([0.0, 1.0, 0.0])
    e1 = helper - np.dot(helper, axis) * axis
    e1 /= np.linalg.norm(e1)
    return e1, np.cross(axis, e1)


def _in_air(bench: Bench, at: np.ndarray, direction: np.ndarray) -> np.ndarray:
    iv = bench.ray(at, direction)
    k = _containing(iv)
    if k >= 0 and iv[k, 0] < -_TOL and iv[k, 1] > _TOL:
        raise Miss("MEASURE.in_material")
    return iv


def outside(check: Check, bench: Bench) -> Reading:
    """Two-point size across the material that holds `at` (outside jaws)."""
    at, a = bench.machine(check.at, check.frame), np.asarray(check.axis)
    iv = bench.ray(at, a)
    k = _containing(iv)
    if k < 0:
        raise Miss("MEASURE.in_air")
    t0, t1 = iv[k]
    return Reading(t1 - t0, 2 * bench.error, np.array([at + t0 * a, at + t1 * a]))


def inside(check: Check, bench: Bench) -> Reading:
    """Gap between the two faces either side of `at` along the axis (inside jaws)."""
    at, a = bench.machine(check.at, check.frame), np.asarray(check.axis)
    iv = _in_air(bench, at, a)
    ends = iv[iv[:, 1] <= _TOL, 1]
    starts = iv[iv[:, 0] >= -_TOL, 0]
    if not len(ends) or not len(starts):
        raise Miss("MEASURE.no_wall")
    t0, t1 = float(ends.max()), float(starts.min())
    return Reading(t1 - t0, 2 * bench.error, np.array([at + t0 * a, at + t1 * a]))


def _face_below(bench: Bench, at: np.ndarray, a: np.ndarray) -> np.ndarray:
    """The first face met going from `at` (in the air) against the axis."""
    iv = _in_air(bench, at, -a)
    t = _entry_after(iv)
    if t is None:
        raise Miss("MEASURE.no_face")
    return at - t * a


def _face_near(bench: Bench, point: np.ndarray, a: np.ndarray, what: str) -> np.ndarray:
    """The face nearest a reference point along the axis (within 1 mm)."""
    iv = bench.ray(point, a)
    ends = iv.ravel()
    if len(ends):
        t = ends[np.argmin(np.abs(ends))]
        if abs(t) <= 1.0:
            return point + t * a
    raise Miss("MEASURE.no_reference", which=what)


def depth(check: Check, bench: Bench) -> Reading:
    """From the reference face (`ref`, default the stock top) down to the floor under `at`."""
    at, a = bench.machine(check.at, check.frame), np.asarray(check.axis)
    floor = _face_below(bench, at, a)
    surface = [floor]
    if check.ref is not None:
        ref = _face_near(bench, bench.machine(check.ref, check.frame), a, "ref")
        surface.append(ref)
        top = float(np.dot(ref, a))
    else:
        top = float((bench.corners @ a).max())
    return Reading(top - float(np.dot(floor, a)), 2 * bench.error, np.array(surface),
                   {"floor": bench.work(floor, check.frame).tolist()})


def height(check: Check, bench: Bench) -> Reading:
    """Coordinate of the face under `at` along the axis above the `datum` (default the stock bottom)."""
    at, a = bench.machine(check.at, check.frame), np.asarray(check.axis)
    face = _face_below(bench, at, a)
    surface = [face]
    if check.datum is not None:
        datum = _face_near(bench, bench.machine(check.datum, check.frame), a, "datum")
        surface.append(datum)
        base = float(np.dot(datum, a))
    else:
        base = float((bench.corners @ a).min())
    return Reading(float(np.dot(face, a)) - base, 2 * bench.error, np.array(surface))


def _circle(check: Check, bench: Bench, hole: bool) -> Reading:
    """Least-squares circle through wall points around the axis, two-point sizes through its centre."""
    at, a = bench.machine(check.at, check.frame), np.asarray(check.axis)
    e1, e2 = _basis(a)
    angles = np.arange(CIRCLE_RAYS) * (2 * math.pi / CIRCLE_RAYS)
    dirs = np.cos(angles)[:, None] * e1 + np.sin(angles)[:, None] * e2

    def walls(origin: np.ndarray) -> np.ndarray:
        t = np.full(CIRCLE_RAYS, np.nan)
        for i, d in enumerate(dirs):
            iv = bench.ray(origin, d)
            k = _containing(iv)
            if hole:
                if k >= 0 and iv[k, 0] < -_TOL and iv[k, 1] > _TOL:
                    raise Miss("MEASURE.in_material")
                entry = _entry_after(iv)
                if entry is not None:
                    t[i] = entry
            else:
                if k < 0:
                    raise Miss("MEASURE.in_air")
                t[i] = iv[k, 1]
        return t

    def fit(origin: np.ndarray, t: np.ndarray):
        """Circle through the wall points; rays that escape through an opening (a slot, a
        crossing hole) are dropped as outliers, and too few rays left is an open circle."""
        ok = np.isfinite(t)
        while True:                         # drop the worst wall point until all lie near the circle
            if ok.mean() < MIN_COVERAGE:
                raise Miss("MEASURE.open_circle", found=int(ok.sum()), rays=CIRCLE_RAYS)
            uv = np.column_stack([t[ok] * (dirs[ok] @ e1), t[ok] * (dirs[ok] @ e2)])
            centre, r, res = fitting.fit_circle(uv)
            worst = int(np.argmax(np.abs(res)))
            if abs(res[worst]) <= max(OUTLIER, OUTLIER_SHARE * r):
                break
            ok[np.nonzero(ok)[0][worst]] = False
        return origin + centre[0] * e1 + centre[1] * e2, r, res, origin + t[ok, None] * dirs[ok], ok

    centre, r, _, _, _ = fit(at, walls(at))
    t = walls(centre)                       # second pass from the fitted centre: diametral pairs
    centre, r, res, pts, ok = fit(centre, t)
    # two-point sizes keep the outliers that met a wall (a gouge, a bump): ISO 14405-1's default size
    # is the two-point size, and a damaged wall must show in it; rays that met no wall (an opening)
    # have no size
    half = CIRCLE_RAYS // 2
    pairs = _two_point_extremes(bench, centre, e1, e2, angles[:half], t[:half] + t[half:], hole)
    spread = float(np.std(res)) * 2 / math.sqrt(len(res)) if len(res) > 3 else 0.0
    details = {"centre_machine": centre.tolist(), "rays": int(ok.sum()), "axis": [float(c) for c in a],
               "centre": bench.work(centre, check.frame).tolist(),
               "two_point_min": float(pairs.min()) if len(pairs) else None,
               "two_point_max": float(pairs.max()) if len(pairs) else None,
               "roundness": float(res.max() - res.min())}
    return Reading(2 * r, 2 * bench.error + spread, pts, details)


def _two_point_extremes(bench: Bench, centre, e1, e2, angles, sizes, hole: bool) -> np.ndarray:
    """The two-point sizes through `centre`, with the smallest and the largest refined between
    the rays that bracket them (golden-section search on exact rays): a gouge or an oval's long
    axis between two rays is still read at its extreme."""
    def size(theta):
        out = np.full(len(theta), np.nan)
        for i, th in enumerate(np.atleast_1d(theta)):
            iv = bench.probe.intervals(centre, math.cos(th) * e1 + math.sin(th) * e2)
            iv = np.asarray(iv, float).reshape(-1, 2)
            if hole:
                ahead, behind = iv[iv[:, 0] >= -_TOL, 0], iv[iv[:, 1] <= _TOL, 1]
                if len(ahead) and len(behind):
                    out[i] = ahead.min() - behind.max()
            else:
                k = _containing(iv)
                if k >= 0:
                    out[i] = iv[k, 1] - iv[k, 0]
        return out

    ok = np.isfinite(sizes)
    found = [sizes[ok]]
    step = angles[1] - angles[0]
    for sign in (1.0, -1.0):
        if ok.any():
            i = int(np.nanargmax(sign * np.where(ok, sizes, np.nan)))
            _, value = surface.golden(size, np.array([angles[i] - step]), np.array([angles[i] + step]), sign)
            if np.isfinite(value[0]):
                found.append(value)
    return np.concatenate(found)


def bore(check: Check, bench: Bench) -> Reading:
    return _circle(check, bench, hole=True)


def boss(check: Check, bench: Bench) -> Reading:
    return _circle(check, bench, hole=False)


def position(check: Check, of: Reading, bench: Bench) -> Reading:
    """Diameter of the position zone, 2·√(dx² + dy²), of a measured bore or boss centre.

    `nominal_center` holds the centre's two coordinates across the bore's axis, in x, y, z order:
    (x, y) for a bore along z, (y, z) on a side face facing x, (x, z) facing y. The zone is twice
    the centre's error, so its uncertainty is twice the centre's (the diameter's, at most)."""
    centre = bench.work(of.details["centre_machine"], check.frame)
    k = int(np.argmax(np.abs(of.details.get("axis", (0.0, 0.0, 1.0)))))
    i, j = (m for m in range(3) if m != k)
    dx = centre[i] - check.nominal_center[0]
    dy = centre[j] - check.nominal_center[1]
    return Reading(2 * math.hypot(dx, dy), of.uncertainty, np.zeros((0, 3)),
                   {"centre": centre.tolist(), "dx": float(dx), "dy": float(dy), "across": "xyz"[i] + "xyz"[j]})


def _face(check: Check, bench: Bench) -> tuple[surface.FaceView, tuple[float, float, float, float]]:
    """The face a flatness check looks at: its outward normal is the check's axis (along x, y or
    z), its `region` spans the two other machine axes in order (x, y for a floor; y, z for a wall
    facing x), rays start in the air at `at` or just outside the stock."""
    a = np.asarray(check.axis, float)
    k = int(np.argmax(np.abs(a)))
    e1, e2 = (np.eye(3)[m] for m in range(3) if m != k)
    base = bench.machine((0.0, 0.0, 0.0), check.frame)
    start = (float(np.dot(bench.machine(check.at, check.frame), a)) if check.at is not None
             else float((bench.corners @ a).max()) + 1.0)
    base = base - np.dot(base, a) * a + start * a
    return surface.FaceView(bench.probe, base, a, e1, e2, 0.0), check.region


def _face_extremes(face: surface.FaceView, grid, plane, across: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(u, v, height) of the best local extremes, about `plane` (a, b), of the lines of the
    sampling `grid`, refined along their line and, when `across`, followed across the lines."""
    us, vs, lu, lv, rows, cols, (u0, v0, u1, v1) = grid
    pa, pb = plane

    def res(u, v):
        u, v = np.broadcast_arrays(np.asarray(u, float), np.asarray(v, float))
        return face.height(u, v) - (pa * u + pb * v)

    found, follow = [], []
    for sign in (1.0, -1.0):
        for swap in (False, True):
            lines, fixed, along = (lu, cols, vs) if swap else (lv, rows, us)
            cs, cl, cr = [], [], []
            for j, c in enumerate(lines):
                fl = (lambda q, c=c: res(c, q)) if swap else (lambda q, c=c: res(q, c))
                x, r = surface.refine_line(fl, along, fixed[j] - (pa * (c if swap else along) +
                                                                 pb * (along if swap else c)), sign, FLATNESS_KEEP)
                cs.append(x), cl.append(np.full(len(x), c)), cr.append(r)
            cs, cl, cr = np.concatenate(cs), np.concatenate(cl), np.concatenate(cr)
            found.append((cl, cs, cr) if swap else (cs, cl, cr))
            top = np.argsort(-sign * cr, kind="stable")[:FLATNESS_KEEP]
            follow.append((cs[top], cl[top], np.full(len(top), sign), np.full(len(top), swap)))
    if across:
        # a candidate on a row (along u) is followed across the rows, in v; one on a column, in u
        s_, l_, sg, sw = (np.concatenate(x) for x in zip(*follow))
        step_u, step_v = us[1] - us[0], vs[1] - vs[0]
        span_u, span_v = (u1 - u0) / (FLATNESS_GRID - 1), (v1 - v0) / (FLATNESS_GRID - 1)

        def f(p, q):                        # p along the candidate's line, q across
            return res(np.where(sw, q, p), np.where(sw, p, q))

        p_, q_, r_ = surface.refine_across(
            f, s_, l_, np.where(sw, 2 * step_v, 2 * step_u), np.where(sw, span_u, span_v),
            np.where(sw, v0, u0), np.where(sw, v1, u1), np.where(sw, u0, v0), np.where(sw, u1, v1), sg)
        found.append((np.where(sw, q_, p_), np.where(sw, p_, q_), r_))
    u, v, r = (np.concatenate(x) for x in zip(*found))
    ok = np.isfinite(r)
    return u[ok], v[ok], r[ok] + pa * u[ok] + pb * v[ok]


def flatness(check: Check, bench: Bench) -> Reading:
    """Minimum-zone flatness (ISO 1101) of the face, its true extremes included.

    Lines of samples both ways across the region give a least-squares plane; every line's best
    local extremes about it are refined with exact rays (`surface.refine_line`), the best followed
    across the lines (`surface.refine_across`), and the minimum zone of all the points found
    (`fitting.minimum_zone`); the extremes are sought again about the zone's plane, and the zone
    taken over everything. The peak to valley about the least-squares plane goes in the details.
    """
    face, (u0, v0, u1, v1) = _face(check, bench)
    nu = int(min(FLATNESS_MAX, max(FLATNESS_GRID, math.ceil((u1 - u0) / FLATNESS_STEP) + 1)))
    nv = int(min(FLATNESS_MAX, max(FLATNESS_GRID, math.ceil((v1 - v0) / FLATNESS_STEP) + 1)))
    us, vs = np.linspace(u0, u1, nu), np.linspace(v0, v1, nv)
    lu, lv = np.linspace(u0, u1, FLATNESS_GRID), np.linspace(v0, v1, FLATNESS_GRID)
    try:
        rows = face.height(us[None, :], lv[:, None])
        cols = face.height(lu[:, None], vs[None, :])
        if np.isnan(rows).any() or np.isnan(cols).any():
            raise Miss("MEASURE.no_face")
        uu = np.concatenate([np.broadcast_to(us, rows.shape).ravel(), np.broadcast_to(lu[:, None], cols.shape).ravel()])
        vv = np.concatenate([np.broadcast_to(lv[:, None], rows.shape).ravel(), np.broadcast_to(vs, cols.shape).ravel()])
        zz = np.concatenate([rows.ravel(), cols.ravel()])
        (pa, pb, pc), *_ = np.linalg.lstsq(np.column_stack([uu, vv, np.ones_like(uu)]), zz, rcond=None)
        grid = (us, vs, lu, lv, rows, cols, (u0, v0, u1, v1))
        eu, ev, ez = _face_extremes(face, grid, (pa, pb), across=False)
        u_all, v_all, z_all = np.r_[uu, eu], np.r_[vv, ev], np.r_[zz, ez]
        lsq = z_all - (pa * u_all + pb * v_all)
        _, za, zb, _ = fitting.minimum_zone(u_all, v_all, z_all, (pa, pb))
        eu, ev, ez = _face_extremes(face, grid, (za, zb), across=True)
    except ValueError:
        raise Miss("MEASURE.in_material")
    u_all, v_all, z_all = np.r_[u_all, eu], np.r_[v_all, ev], np.r_[z_all, ez]
    width, za, zb, _ = fitting.minimum_zone(u_all, v_all, z_all, (za, zb))
    r = z_all - (za * u_all + zb * v_all)
    hi, lo = int(np.argmax(r)), int(np.argmin(r))
    ext = face.points(u_all[[hi, lo]], v_all[[hi, lo]], z_all[[hi, lo]])
    for p in ext:                                   # cast through the bench: names the lines that cut them
        bench.ray(p + face.axis, -face.axis)
    centre = face.points(np.array((u0 + u1) / 2), np.array((v0 + v1) / 2), np.array(zz.mean()))
    return Reading(width, 2 * bench.error + FLATNESS_REFINE, ext,
                   {"mean_height": float(bench.work(centre, check.frame)[2]),
                    "least_squares_pv": float(lsq.max() - lsq.min()) / math.sqrt(1.0 + pa * pa + pb * pb),
                    "peak": bench.work(ext[0], check.frame).tolist(),
                    "valley": bench.work(ext[1], check.frame).tolist(), "rays": face.rays})


def _cutting_move(bench: Bench, point: np.ndarray):
    """The move record that last cut `point` and its tool, or (None, None)."""
    if bench.toolpath is None:
        return None, None
    k = int(bench.moves_at(point[None])[0])
    if k < 0:
        return None, None
    move = bench.toolpath.moves[k]
    return move, bench.job.tool(int(move["tool"]))


def _feed_direction(move, point: np.ndarray, normal: np.ndarray) -> np.ndarray | None:
    """Unit direction the tool moved when it cut `point`, in the face: along a line; on an arc, the
    tangent (counter-clockwise about its axis) where the tool passed nearest the point (from the
    start when the point is the arc's centre). None when it has none."""
    if move["kind"] == ARC:
        axis = np.asarray(move["axis"], float)
        radial = np.asarray(point, float) - np.asarray(move["center"], float)
        radial = radial - np.dot(radial, axis) * axis
        if np.linalg.norm(radial) < 1e-9:
            radial = np.asarray(move["start"], float) - np.asarray(move["center"], float)
        feed = np.cross(axis, radial)
    else:
        feed = np.asarray(move["end"], float) - np.asarray(move["start"], float)
    feed = feed - np.dot(feed, normal) * normal
    n = np.linalg.norm(feed)
    return feed / n if n > 1e-9 else None


def feed_marks(bench: Bench, point: np.ndarray, normal: np.ndarray, direction: np.ndarray,
               s: np.ndarray) -> tuple[np.ndarray, dict]:
    """Heights (mm) the teeth of the move that cut `point` leave along the profile `point + s·direction`.

    Along the feed, the teeth leave a mark every feed per tooth fz = F / (S·z) (`roughness.tooth_marks`):
    on a floor the corner's mark (its corner radius, else the end edge's dish), on a wall the arc of
    the tool's radius; the tool's `runout` lifts one tooth above the others. A profile across the
    feed sees the marks stretched by 1/cos of its angle to the feed, and none square to it.
    """
    move, tool = _cutting_move(bench, point)
    zero = np.zeros_like(s)
    if move is None or tool is None:
        return zero, {}
    rpm = abs(float(move["spindle"]))
    feed = _feed_direction(move, point, normal)
    if rpm <= 0 or tool.flutes <= 0 or feed is None:
        return zero, {}
    fz = float(move["feed"]) / (rpm * tool.flutes)
    along = abs(float(np.dot(feed, direction)))
    runout = tool.runout
    floor = abs(normal[2]) > 0.9
    facts = {"fz": fz, "runout": runout}
    if along < 0.05:
        return zero, facts
    if floor:
        marks = R.tooth_marks(s * along, fz, tool.flutes, tool.effective_corner_radius, runout)
    else:
        marks = R.tooth_marks(s * along, fz, tool.flutes, tool.radius, runout, dish=None)
    return marks, facts


def _lay(bench: Bench, point: np.ndarray, normal: np.ndarray) -> np.ndarray | None:
    """Unit direction of the feed of the move that cut `point`, in the face; None when unknown."""
    move, _ = _cutting_move(bench, point)
    return None if move is None else _feed_direction(move, point, normal)


def _profile(bench: Bench, at: np.ndarray, a: np.ndarray, e: np.ndarray, s: np.ndarray, length: float):
    """Exact heights of the face along `at + s·e` and its local extremes refined between samples."""
    for lift in PROFILE_LIFTS:              # start above the highest cusp: higher when the first is blocked
        face = surface.FaceView(bench.probe, at, a, e, np.cross(a, e), lift)
        try:
            z = face.height(s, np.zeros_like(s))
            break
        except ValueError:
            continue
    else:
        raise Miss("MEASURE.profile_blocked", length=length)
    if np.isnan(z).any():
        raise Miss("MEASURE.no_face")
    xs, zs = [], []
    for sign in (1.0, -1.0):
        x, y = surface.refine_line(lambda q: face.height(q, np.zeros_like(q)), s, z, sign, ROUGHNESS_KEEP)
        xs.append(x)
        zs.append(y)
    return z, np.concatenate(xs), np.concatenate(zs)


def roughness(check: Check, bench: Bench) -> Reading:
    """Ra (µm) of the face at `at`, from the exact cut geometry and the teeth's marks.

    The profile is traced across the feed of the move that cut `at` (the scallops between passes),
    along it (the teeth's feed marks, `feed_marks`), or both and the rougher kept (`direction`
    "across", "along" or unset). Its local extremes are refined with exact rays, so Rt and Rz
    see the true cusps. Rz uses ISO 4288's cut-off for the profile's spacing. Details hold Rz, Rt
    and the profile (µm) for its picture. The uncertainty is the change of Ra when every other
    profile point is dropped, plus the probe's error.
    """
    at, a = bench.machine(check.at, check.frame), np.asarray(check.axis)
    length = check.length or ROUGHNESS_LENGTH
    n = int(round(length / ROUGHNESS_STEP)) + 1
    s = np.linspace(-length / 2, length / 2, n)
    t = _entry_after(bench.ray(at + _ABOVE * a, -a))
    if t is None:
        raise Miss("MEASURE.no_face")
    cut = at + (_ABOVE - t) * a                 # the face's point under `at`, through the bench: its move
    lay = _lay(bench, cut, a)
    wanted = check.direction
    if lay is None:
        directions = list(_basis(a))
    else:
        across = np.cross(a, lay)
        directions = {"across": [across], "along": [lay]}.get(wanted, [across, lay])
    best = None
    for e in directions:
        z, ex, ez = _profile(bench, at, a, e, s, length)
        x = s
        marks, facts = feed_marks(bench, cut, a, e, s)
        if marks.any():                     # the teeth's marks ride on the swept surface, finely sampled
            fz = facts["fz"]
            x = np.linspace(s[0], s[-1], int(min(MARK_SAMPLES_MAX, math.ceil(length / (fz / 64)))) + 1)
            knots = np.concatenate([s, ex])
            order = np.argsort(knots, kind="stable")
            z = np.interp(x, knots[order], np.concatenate([z, ez])[order])
            ex, ez = np.zeros(0), np.zeros(0)
        marks, facts = feed_marks(bench, cut, a, e, x)
        geometry = z
        z = z - marks
        slope = float(np.polyfit(x, geometry, 1)[0]) if marks.any() else None
        st = R.profile_stats(x, z, ex, ez, slope=slope)
        half = R.profile_stats(x[::2], z[::2], cutoff=st["cutoff"], slope=slope)
        if best is None or st["Ra"] > best[0]["Ra"]:
            best = (st, abs(st["Ra"] - half["Ra"]), x, geometry, e, facts, marks)
    st, disc, x, geometry, e, facts, marks = best
    step = max(1, len(x) // 400)
    pts = (at[None] + x[:, None] * e + geometry[:, None] * a)[:: max(1, len(x) // 4)]
    for p in pts:                           # cast through the bench: names the lines that cut them
        bench.ray(p + _ABOVE * a, -a)
    details = {"Rz_um": st["Rz"] * 1000.0, "Rt_um": st["Rt"] * 1000.0, "RSm": st["RSm"], "cutoff": st["cutoff"],
               "feed_mark_um": float(marks.max() - marks.min()) * 1000.0, "length": length,
               "direction": [float(c) for c in e],
               "profile_s": x[::step].tolist(), "profile_um": (st["dev"][::step] * 1000.0).tolist(), **facts}
    return Reading(st["Ra"] * 1000.0, (disc + 2 * bench.error + surface.REFINE_TOL) * 1000.0, pts, details)


INSTRUMENTS = {"outside": outside, "inside": inside, "depth": depth, "height": height, "bore": bore,
               "boss": boss, "flatness": flatness, "roughness": roughness}
