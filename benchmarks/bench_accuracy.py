"""Benchmark: every check of every sample against its analytic truth, at lattices of 0.2, 0.1 and 0.05 mm.

    python benchmarks/bench_accuracy.py          (MACHINESIM_BENCH_QUICK=1: 0.2 and 0.1 mm only)

The truth of a check is its spec's nominal: the samples' nominal values are the programs' exact
geometry (gcode_samples/README.md). Where a nominal is rounded or is the drawing's size rather than
the programmed one, `TRUTHS` gives the exact value and where it comes from; a roughness has no
nominal, so its truth is worked out here from the cutter and the path (`dome_roughness_um`), or is
zero for a floor cut by a flat end. The removed volume is compared with its analytic value for the
samples whose removed material is a simple solid (`VOLUMES`). Readings come from the exact probes,
so they should not depend on the lattice; the removed volume comes from the lattice columns.

When CAMotics' command-line simulator `camsim` is installed, the same programs go through it at
each lattice (time, and the size checks read on its STL); otherwise the output says it is absent.
Prints tables and writes benchmarks/results/accuracy.json.
"""
from __future__ import annotations

import math
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:                       # `common`, `generate`, `bench_pipeline` live beside this file
    sys.path.insert(0, str(HERE))

from bench_pipeline import Case, sample_cases  # noqa: E402
from common import probe_class, quick, table, write_results  # noqa: E402
from generate import surface_z  # noqa: E402

LATTICES = (0.2, 0.1, 0.05)
QUICK_LATTICES = (0.2, 0.1)
BALL_RADIUS = 3.0               # T5 of the default job, the ball nose of the 10_finition_3d samples
ROUGHNESS_LENGTH = 4.0          # mm, the evaluation length of the spec's roughness checks


@dataclass(frozen=True)
class Truth:
    """An exact value and where it comes from."""

    value: float
    why: str


def _profile_ra(s: np.ndarray, z: np.ndarray) -> float:
    """Ra of heights `z` at abscissae `s`: mean |departure| from the least-squares line (trapezoidal rule)."""
    a = np.vstack([s, np.ones_like(s)]).T
    slope, icept = np.linalg.lstsq(a, z, rcond=None)[0]
    dev = np.abs(z - (slope * s + icept))
    return float(np.sum((dev[1:] + dev[:-1]) * np.diff(s)) / 2.0 / (s[-1] - s[0]))


def scallop_profile(y: np.ndarray, rows_y: np.ndarray, rows_z: np.ndarray, radius: float) -> np.ndarray:
    """Height left at `y` by ball-nose passes along X at `rows_y`, tips at `rows_z`: the lowest ball wins."""
    d = y[:, None] - rows_y[None, :]
    reach = np.where(np.abs(d) < radius, rows_z[None, :] + radius - np.sqrt(np.maximum(radius**2 - d**2, 0.0)),
                     np.inf)
    return reach.min(axis=1)


def dome_roughness_um(stepover: float, step: float, decimals: int | None = None, at=(50.0, 40.0),
                      length: float = ROUGHNESS_LENGTH, points: int = 8001) -> float:
    """Ra (µm) at `at` on the dome raster of 10_finition_3d: the rougher of the profiles across and along.

    Across the rows (Y): the scallops of the Ø6 ball (`scallop_profile`), tips on the dome formula.
    Along a row (X): the tip's polyline through points `step` apart. `decimals`: coordinates rounded
    as the program prints them. The ball dips below the polyline by R·s²/2 on a slope s (0.013 µm
    at the top): neglected, so this truth holds to 0.1 µm.
    """
    def z(x, y):
        v = surface_z(x, y)
        return round(v, decimals) if decimals is not None else v

    x0, y0 = at
    s = np.linspace(-length / 2, length / 2, points)
    k = np.arange(math.floor((y0 - length) / stepover), math.ceil((y0 + length) / stepover) + 1)
    rows_y = k * stepover
    across = scallop_profile(y0 + s, rows_y, np.array([z(x0, y) for y in rows_y]), BALL_RADIUS)
    xs = -4.0 + step * np.arange(math.floor((x0 - length + 4.0) / step), math.ceil((x0 + length + 4.0) / step) + 1)
    along = np.interp(x0 + s, xs, [z(x, y0) for x in xs])
    return 1000.0 * max(_profile_ra(s, across), _profile_ra(s, along))


# Truths that are not the spec's nominal, keyed by (program file name, check id).
_DOME_TOP = "the ball on the chords either side of the top dips 3·s²/2 below Z-1 (10_finition_3d_spec.toml)"
TRUTHS: dict[tuple[str, int], Truth] = {
    ("demo.nc", 7): Truth(18.010, "the bore is programmed at Ø18.010 (path radius 4.005 + tool radius 5, demo.nc)"),
    ("demo.nc", 15): Truth(0.0, "pocket floor cut by the flat end of a flat end mill: no scallop"),
    ("04_poche_circulaire.nc", 4): Truth(0.0, "floor cut by the flat end of a flat end mill: no scallop"),
    ("09_gravure.nc", 2): Truth(0.2 + 2 * 0.2 * math.tan(math.radians(30.0)),
                                "V cutter: flat 0.2 + 2 x 0.2 x tan 30° at 0.2 above the bottom"),
    ("10_finition_3d.nc", 1): Truth(18.9999869, _DOME_TOP),
    ("10_finition_3d_linuxcnc.ngc", 1): Truth(18.9999869, _DOME_TOP),
    ("10_finition_3d_expanse.nc", 1): Truth(18.9999865, _DOME_TOP + ", coordinates rounded to the micron"),
}
_SCALLOPS = "Ra of the Ø6 ball's scallops (stepover 1 mm) on the dome, least-squares mean line over 4 mm"
_ROUGHNESS = {"10_finition_3d.nc": (1.0, 2.0, None), "10_finition_3d_linuxcnc.ngc": (1.0, 2.0, None),
              "10_finition_3d_expanse.nc": (1.0, 2.0, 3)}

# Removed volumes (mm³) where the removed material is a simple solid.
VOLUMES: dict[str, Truth] = {
    "01_surfacage.nc": Truth(100 * 80 * 0.5, "0.5 mm faced off the whole 100 x 80 top"),
    "04_poche_circulaire.nc": Truth(math.pi * 20.0**2 * 6.0, "a Ø40 cylinder 6 deep with a flat floor"),
    "05_rainure.nc": Truth(12.05 * 4.0 * 80.0, "a through slot 12.05 wide, 4 deep, 80 long"),
}


def truth_of(program: str, check) -> Truth | None:
    """The exact value `check` should read on `program`'s part, None when there is none to compare."""
    if (program, check.id) in TRUTHS:
        return TRUTHS[(program, check.id)]
    if check.instrument == "roughness":
        if program in _ROUGHNESS:
            return Truth(dome_roughness_um(*_ROUGHNESS[program]), _SCALLOPS)
        return None
    return Truth(check.nominal, "the spec's nominal")


def error(reading: float | None, truth: Truth | None) -> float | None:
    """|reading − truth|, None when either is missing."""
    if reading is None or truth is None:
        return None
    return abs(reading - truth.value)


def worst(errors) -> float | None:
    """The largest error of a sample, ignoring the checks that have none."""
    known = [e for e in errors if e is not None]
    return max(known) if known else None


# --- machinesim ---------------------------------------------------------------------------------

def run_case(case: Case, lattices) -> dict:
    """Every check of `case` read at each lattice, with its truth, and the removed volume."""
    from machinesim.gcode import load_program
    from machinesim.job import load_job
    from machinesim.kernel import simulate
    from machinesim.metrology import load_spec, measure

    job = load_job(case.job)
    toolpath = load_program(case.program, job)
    spec = load_spec(case.spec)
    probe = probe_class()(toolpath, job)
    name = Path(case.program).name
    checks = {c.id: {"id": c.id, "name": c.name, "instrument": c.instrument, "unit": c.unit,
                     "truth": None, "why": None, "readings": {}} for c in spec.checks}
    for c in spec.checks:
        t = truth_of(name, c)
        if t is not None:
            checks[c.id].update(truth=t.value, why=t.why)
    lattice_out = {}
    for h in lattices:
        t0 = time.perf_counter()
        model = simulate(toolpath, job, resolution=h)
        t1 = time.perf_counter()
        results = measure(spec, probe, job, model=model, toolpath=toolpath)
        t2 = time.perf_counter()
        for r in results:
            truth = None if checks[r.check.id]["truth"] is None else Truth(checks[r.check.id]["truth"], "")
            checks[r.check.id]["readings"][str(h)] = {"measured": r.measured, "uncertainty": r.uncertainty,
                                                      "error": error(r.measured, truth), "status": r.status}
        lattice_out[str(h)] = {"removed_mm3": float(model.removed_volume), "cut_s": t1 - t0, "measure_s": t2 - t1}
    out = {"name": case.name, "program": name, "checks": list(checks.values()), "lattices": lattice_out}
    if name in VOLUMES:
        v = VOLUMES[name]
        out["volume_truth_mm3"], out["volume_why"] = v.value, v.why
        for entry in lattice_out.values():
            entry["volume_rel_error"] = (entry["removed_mm3"] - v.value) / v.value
    return out


# --- CAMotics, when it is installed ----------------------------------------------------------------

def camotics_status() -> dict:
    """Whether CAMotics' command-line simulator is here, and what apt says about the package."""
    found = shutil.which("camsim")
    try:
        policy = subprocess.run(["apt-cache", "policy", "camotics"], capture_output=True, text=True,
                                timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired) as exc:
        policy = f"apt-cache unavailable: {exc}"
    return {"camsim": found, "camotics_gui": shutil.which("camotics"),
            "apt_policy": policy or "apt-cache policy camotics: no such package in the configured archives"}


def stl_size(stl: Path, at, axis: str) -> float | None:
    """Two-point size on an STL along `axis` through `at`: from the nearest face crossed on either
    side of `at` (the gap for an inside check, the material for an outside one)."""
    import pyvista as pv

    mesh = pv.read(str(stl))
    e = np.eye(3)["xyz".index(axis)]
    big = 1000.0
    points, _ = mesh.ray_trace(np.asarray(at) - big * e, np.asarray(at) + big * e)
    if len(points) < 2:
        return None
    t = np.sort((points - np.asarray(at)) @ e)
    before, after = t[t < 0], t[t > 0]
    if not len(before) or not len(after):
        return None
    return float(after[0] - before[-1])


def run_camotics(cases, lattices, camsim: str, folder: Path) -> list[dict]:
    """Each program through camsim at each lattice: seconds, and the inside/outside checks read on its STL."""
    from machinesim.metrology import load_spec

    out = []
    for case in cases:
        spec = load_spec(case.spec)
        for h in lattices:
            stl = folder / f"{Path(case.program).stem}_{h}.stl"
            t0 = time.perf_counter()
            done = subprocess.run([camsim, "--resolution", str(h), case.program, str(stl)],
                                  capture_output=True, text=True, timeout=3600)
            row = {"program": Path(case.program).name, "resolution_mm": h, "seconds": time.perf_counter() - t0,
                   "returncode": done.returncode, "checks": []}
            if done.returncode == 0 and stl.exists():
                for c in spec.checks:
                    if c.instrument in ("inside", "outside") and c.at is not None:
                        axis = "xyz"[int(np.argmax(np.abs(c.axis)))]
                        size = stl_size(stl, c.at, axis)
                        t = truth_of(Path(case.program).name, c)
                        row["checks"].append({"id": c.id, "measured": size, "error": error(size, t)})
            else:
                row["stderr"] = done.stderr[-500:]
            out.append(row)
    return out


# --- the report ---------------------------------------------------------------------------------

def main() -> dict:
    lattices = QUICK_LATTICES if quick() else LATTICES
    cases = [c for c in sample_cases() if c.spec]
    print("machinesim accuracy benchmark: readings against analytic truth" + (" (quick)" if quick() else ""),
          flush=True)
    samples = []
    for case in cases:
        try:
            samples.append(run_case(case, lattices))
        except Exception as exc:            # one broken sample is reported, the others still run
            samples.append({"name": case.name, "program": Path(case.program).name,
                            "failed": f"{type(exc).__name__}: {exc}"[:300]})
    results = {"lattices_mm": list(lattices), "samples": samples}
    status = camotics_status()
    results["camotics"] = status
    if status["camsim"]:
        with tempfile.TemporaryDirectory(prefix="camotics-") as tmp:
            results["camotics"]["runs"] = run_camotics(cases, lattices, status["camsim"], Path(tmp))
    report(results)
    write_results("accuracy", results)
    return results


def _exact(value: float | None) -> str | None:
    """Truths and readings to 0.1 µm, where the table's 4 figures would hide the difference."""
    return None if value is None else f"{value:.7f}".rstrip("0").rstrip(".")


def report(results: dict) -> None:
    lattices = [str(h) for h in results["lattices_mm"]]
    rows = []
    for s in results["samples"]:
        if "failed" in s:
            rows.append([s["program"], "—", f"failed: {s['failed']}"] + [None] * (3 + len(lattices)))
            continue
        for c in s["checks"]:
            r = c["readings"]
            finest = r.get(lattices[-1], {})
            rows.append([s["program"], c["id"], c["instrument"], c["unit"], _exact(c["truth"]),
                         _exact(finest.get("measured"))]
                        + [r.get(h, {}).get("error") for h in lattices])
    print("\n|reading − truth| per check and lattice (mm; µm for roughness):")
    table(rows, ["program", "id", "instrument", "unit", "truth", f"reading @{lattices[-1]}"]
          + [f"|err| @{h}" for h in lattices])
    rows = []
    for s in results["samples"]:
        if "failed" in s:
            continue
        mm = [c for c in s["checks"] if c["unit"] != "µm"]
        um = [c for c in s["checks"] if c["unit"] == "µm"]
        row = [s["program"]]
        for h in lattices:
            row.append(worst(c["readings"].get(h, {}).get("error") for c in mm))
        row.append(worst(c["readings"].get(h, {}).get("error") for c in um for h in lattices))
        row.append(s.get("volume_truth_mm3"))
        row += [s["lattices"][h].get("volume_rel_error", None) for h in lattices]
        rows.append(row)
    print("\nWorst per sample, and removed volume against its analytic value (relative error):")
    table(rows, ["program"] + [f"max mm @{h}" for h in lattices] + ["max Ra µm", "volume mm³"]
          + [f"vol err @{h}" for h in lattices])
    cam = results["camotics"]
    if cam["camsim"]:
        print("\nCAMotics (camsim) on the same programs:")
        table([[r["program"], r["resolution_mm"], r["seconds"], r["returncode"],
                worst(c["error"] for c in r["checks"])] for r in cam.get("runs", [])],
              ["program", "resolution", "seconds", "exit", "max |err| mm (STL)"])
    else:
        print(f"\nCAMotics: its command-line simulator camsim is not installed here, no comparison "
              f"({cam['apt_policy']}).")


if __name__ == "__main__":
    main()
