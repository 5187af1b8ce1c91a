"""Benchmark of the material-removal kernel (machinesim.kernel.simulate).

Run: `python benchmarks/bench_kernel.py [--quick]` (or `machinesim bench`). Prints a table and
writes benchmarks/results/kernel.json with the machine's description. Programs are generated as toolpath records directly:

- finish3d: 127,000 ball-nose (Ø6) moves of 0.2 mm, a raster over the 100 × 80 mm block following a
  wavy surface (the issue's 3D finishing program);
- plate: a 2.5D plate of a few hundred moves (facing, two pockets, a helical bore, drilled holes,
  an outside contour);
- baseline: a dense boolean voxel grid in Numba at the same 0.1 mm lattice, run on a slice of each
  program beside the column kernel on the same slice; the ratio of their times is printed;
- scaling: moves of growing length on one stock (time should follow the columns swept) and one
  move set on stocks of growing size (time per move should stay flat).
Compile time is measured in a fresh process with an empty Numba cache. Whole programs are timed
on the wall clock; the kernel-only figures (baseline ratio, scaling) in CPU seconds of this process,
which other work on the machine disturbs less.
"""
from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from numba import njit

import common
from machinesim.job import Job, load_job
from machinesim.kernel import Probe, simulate
from machinesim.kernel.removal import PROGRESS_EVERY
from machinesim.kernel.walls import wall_corrections
from machinesim.toolpath import ARC, FEED, RAPID, Toolpath, empty_moves

JOB = load_job()
G54 = np.array(JOB.offset("G54"))


def _moves(points: np.ndarray, tool: int, kinds=None) -> np.ndarray:
    """Consecutive work points → move records (feed unless `kinds` says otherwise)."""
    m = empty_moves(len(points) - 1)
    m["kind"] = FEED if kinds is None else kinds
    m["tool"] = tool
    m["feed"] = 1500.0
    m["line"] = np.arange(1, len(m) + 1)
    m["start"] = points[:-1] + G54
    m["end"] = points[1:] + G54
    return m


def surface(x, y):
    return -4.0 + 1.5 * np.sin(x / 9.0) * np.cos(y / 13.0)


def finish3d(n_moves: int = 127_000) -> Toolpath:
    """Ball-nose raster along X, 0.2 mm segments, lines spread over Y so the program has n_moves."""
    per_line = 500                                 # 100 mm / 0.2 mm
    lines = n_moves // per_line
    xs = np.linspace(0.0, 100.0, per_line + 1)
    ys = np.linspace(0.0, 80.0, lines)
    pts = []
    for k, y in enumerate(ys):
        x = xs if k % 2 == 0 else xs[::-1]
        pts.append(np.column_stack([x, np.full_like(x, y), surface(x, y)]))
    pts = np.concatenate(pts)
    moves = _moves(pts[: n_moves + 1], tool=5)
    return Toolpath(moves)


def plate() -> Toolpath:
    """A 2.5D plate: facing 0.5 mm, two pockets, a Ø18 helical bore, six drilled holes, a contour."""
    parts = []

    def feed(tool, pts):
        parts.append(_moves(np.asarray(pts, float), tool))

    def rapid(tool, a, b):
        parts.append(_moves(np.asarray([a, b], float), tool, kinds=RAPID))

    # facing with the Ø16
    pts = [(-10.0, -5.0, 5.0), (-10.0, -5.0, -0.5)]
    for k, y in enumerate(np.arange(-5.0, 90.0, 12.0)):
        x = 110.0 if k % 2 == 0 else -10.0
        pts += [(x, y, -0.5), (x, y + 12.0, -0.5)]
    feed(4, pts)
    # two pockets with the Ø6, 3 levels of 2 mm
    for x0, y0, x1, y1 in ((10.0, 10.0, 45.0, 35.0), (55.0, 10.0, 90.0, 35.0)):
        rapid(2, (x0 + 3, y0 + 3, 5.0), (x0 + 3, y0 + 3, 0.0))
        for level in (-2.0, -4.0, -6.0):
            pts = [(x0 + 3, y0 + 3, level + 2.0), (x0 + 3, y0 + 3, level)]
            for k, y in enumerate(np.append(np.arange(y0 + 3, y1 - 3, 4.0), y1 - 3)):
                xa, xb = (x0 + 3, x1 - 3) if k % 2 == 0 else (x1 - 3, x0 + 3)
                pts += [(xa, y, level), (xb, y, level)]
            pts += [(x0 + 3, y0 + 3, level), (x1 - 3, y0 + 3, level), (x1 - 3, y1 - 3, level),
                    (x0 + 3, y1 - 3, level), (x0 + 3, y0 + 3, level)]
            feed(2, pts)
        rapid(2, (x0 + 3, y0 + 3, -6.0), (x0 + 3, y0 + 3, 5.0))
    # helical bore Ø18 with the Ø10, 4 turns of 2 mm, then a flat turn
    cx, cy, r = 50.0, 60.0, 4.0
    arc = empty_moves(5)
    arc["kind"], arc["tool"], arc["feed"] = ARC, 1, 800.0
    for k in range(5):
        z0, z1 = -0.5 - 2.0 * min(k, 4), -0.5 - 2.0 * min(k + 1, 4)
        arc[k]["start"] = G54 + (cx + r, cy, z0)
        arc[k]["end"] = G54 + (cx + r, cy, z1)
        arc[k]["center"] = G54 + (cx, cy, z0)
        arc[k]["axis"] = (0.0, 0.0, -1.0)
    rapid(1, (cx + r, cy, 5.0), (cx + r, cy, -0.5))
    parts.append(arc)
    rapid(1, (cx + r, cy, -8.5), (cx + r, cy, 5.0))
    # six Ø8.5 holes, 10 deep, pecked in 3
    for x in (15.0, 30.0, 70.0, 85.0):
        for y in ((55.0, 70.0) if x in (15.0, 85.0) else (70.0,)):
            rapid(8, (x, y, 5.0), (x, y, 1.0))
            for peck in (-4.0, -8.0, -12.0):
                feed(8, [(x, y, peck + 4.5), (x, y, peck)])
                rapid(8, (x, y, peck), (x, y, 1.0))
    # outside contour with the Ø10 taking 1 mm off each side, 2 levels
    pts = [(-4.0, -4.0, 5.0)]
    for level in (-5.0, -10.0):
        pts += [(-4.0, -4.0, level), (104.0, -4.0, level), (104.0, 84.0, level), (-4.0, 84.0, level),
                (-4.0, -4.0, level)]
    pts.append((-4.0, -4.0, 5.0))
    feed(1, pts)
    return Toolpath(np.concatenate(parts))


# --- the baseline: a dense boolean voxel grid ---------------------------------------------------

@njit(cache=True)
def _dense_cut(grid, x0, y0, z0, h, start, end, radii, balls):
    """Clear every voxel inside the swept tool (ball: the capsule of its centre, flat: the swept
    disc) and above it, testing each voxel of the move's bounding box."""
    nz, ny, nx = grid.shape
    for m in range(start.shape[0]):
        radius, ball = radii[m], balls[m]
        ax, ay, az = start[m, 0], start[m, 1], start[m, 2] + (radius if ball else 0.0)
        bx, by, bz = end[m, 0], end[m, 1], end[m, 2] + (radius if ball else 0.0)
        dx, dy, dz = bx - ax, by - ay, bz - az
        ll = dx * dx + dy * dy + dz * dz
        lxy = dx * dx + dy * dy
        i0 = max(0, int(math.ceil((min(ax, bx) - radius - x0) / h)))
        i1 = min(nx - 1, int(math.floor((max(ax, bx) + radius - x0) / h)))
        j0 = max(0, int(math.ceil((min(ay, by) - radius - y0) / h)))
        j1 = min(ny - 1, int(math.floor((max(ay, by) + radius - y0) / h)))
        k0 = max(0, int(math.ceil((min(az, bz) - radius - z0) / h)))
        for k in range(k0, nz):
            z = z0 + k * h
            for j in range(j0, j1 + 1):
                y = y0 + j * h
                for i in range(i0, i1 + 1):
                    if not grid[k, j, i]:
                        continue
                    x = x0 + i * h
                    # XY foot on the segment: the shank above clears the column over the path
                    t = ((x - ax) * dx + (y - ay) * dy) / lxy if lxy > 0.0 else 0.0
                    t = min(max(t, 0.0), 1.0)
                    px, py = ax + t * dx - x, ay + t * dy - y
                    if px * px + py * py > radius * radius:
                        continue
                    if ball:
                        t3 = ((x - ax) * dx + (y - ay) * dy + (z - az) * dz) / ll if ll > 0.0 else 0.0
                        t3 = min(max(t3, 0.0), 1.0)
                        qx, qy, qz = ax + t3 * dx - x, ay + t3 * dy - y, az + t3 * dz - z
                        if qx * qx + qy * qy + qz * qz <= radius * radius or z >= max(az, bz):
                            grid[k, j, i] = False
                    elif z >= min(az, bz):
                        grid[k, j, i] = False


def dense_seconds(toolpath: Toolpath, job: Job, h: float, lead: Toolpath | None = None) -> float:
    """CPU seconds of the dense-voxel baseline on a toolpath of line moves with flat and ball tools,
    after cutting the `lead` moves untimed (the same history the column kernel sees)."""
    lo, hi = (np.array(v) for v in job.stock_box_machine)
    n = np.floor((hi - lo) / h + 1e-9).astype(int) + 1
    grid = np.ones((n[2], n[1], n[0]), np.bool_)

    def arrays(tp):
        tools = [job.tool(int(t)) for t in tp.moves["tool"]]
        return (np.ascontiguousarray(tp.moves["start"]), np.ascontiguousarray(tp.moves["end"]),
                np.array([t.radius for t in tools]), np.array([t.type == "ball" for t in tools]))

    start, end, radii, balls = arrays(toolpath)
    _dense_cut(grid, lo[0], lo[1], lo[2], h, start[:1], end[:1], radii, balls)  # compile
    grid[:] = True
    if lead is not None:
        _dense_cut(grid, lo[0], lo[1], lo[2], h, *arrays(lead))
    t = time.process_time()
    _dense_cut(grid, lo[0], lo[1], lo[2], h, start, end, radii, balls)
    return time.process_time() - t


def kernel_seconds(toolpath: Toolpath, job: Job, lead: Toolpath | None = None) -> float:
    """CPU seconds the removal kernel spends on `toolpath` (at most PROGRESS_EVERY moves), allocation
    excluded: the moves follow one chunk of `lead` moves (default: rapids above the stock) and are
    timed between the two progress calls."""
    if lead is None:
        lead_moves = empty_moves(PROGRESS_EVERY)
        lead_moves["kind"], lead_moves["tool"] = RAPID, toolpath.moves["tool"][0]
        lead_moves["start"] = lead_moves["end"] = G54 + (0.0, 0.0, 50.0)
    else:
        lead_moves = lead.moves
    assert len(lead_moves) == PROGRESS_EVERY and len(toolpath) <= PROGRESS_EVERY
    stamps = []
    simulate(Toolpath(np.concatenate([lead_moves, toolpath.moves])), job,
             progress=lambda done, total: stamps.append(time.process_time()))
    return stamps[1] - stamps[0]


def timed(toolpath: Toolpath, job: Job, repeat: int = 1):
    """Best wall time of `simulate` (allocation included) and the model."""
    best, model = math.inf, None
    for _ in range(repeat):
        t = time.perf_counter()
        model = simulate(toolpath, job)
        best = min(best, time.perf_counter() - t)
    return best, model


def compile_seconds() -> dict:
    """First call in a fresh process with an empty Numba cache, then the cached first call."""
    code = ("import time; t=time.perf_counter(); import sys; sys.path.insert(0, %r); import bench_kernel as b; "
            "from machinesim.kernel import simulate; t0=time.perf_counter(); "
            "simulate(b.plate(), b.JOB); t1=time.perf_counter(); simulate(b.plate(), b.JOB); "
            "t2=time.perf_counter(); print(t1-t0, t2-t1)") % str(Path(__file__).resolve().parent)
    out = {}
    with tempfile.TemporaryDirectory() as cache:
        for label, env in (("empty_cache", {"NUMBA_CACHE_DIR": cache}), ("warm_cache", {"NUMBA_CACHE_DIR": cache})):
            r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               env={**os.environ, **env}, check=True)
            first, second = map(float, r.stdout.split())
            out[label] = {"first_call_s": round(first, 3), "second_call_s": round(second, 3)}
    return out


def scaling(quick: bool) -> dict:
    """Kernel time per move vs the columns swept and vs the stock's size (Ø10 flat, 1 mm steps)."""
    out = {"length": [], "stock": []}
    n = 200 if quick else 600
    for length in (2.0, 8.0, 32.0, 64.0):
        y = 5.0 + 70.0 * (np.arange(n) % 140) / 140.0
        z = -1.0 - 0.01 * np.arange(n)
        a = np.column_stack([np.full(n, 10.0), y, z])
        m = empty_moves(n)                       # separate cuts along X, each a little deeper
        m["kind"], m["tool"], m["feed"] = FEED, 1, 1500.0
        m["start"] = a + G54
        m["end"] = a + (length, 0.0, 0.0) + G54
        t = min(kernel_seconds(Toolpath(m), JOB) for _ in range(2))
        columns = (length * 10.0 + math.pi * 25.0) / 0.01
        out["length"].append({"length_mm": length, "columns_per_move": round(columns),
                              "us_per_move": round(t / n * 1e6, 2), "ns_per_column": round(t / n / columns * 1e9, 2)})
    base = Toolpath(_moves(np.array([(10.0 + (2 * k) % 60, 10.0 + k % 50, -1.0 - 0.001 * k) for k in range(n + 1)]), 1))
    for size in (100.0, 200.0, 400.0):
        job = replace(JOB, stock=replace(JOB.stock, min=(0.0, 0.0, -20.0), max=(size, size * 0.8, 0.0)))
        t = min(kernel_seconds(base, job) for _ in range(2))
        nx, ny = size * 10 + 1, size * 8 + 1
        out["stock"].append({"stock_mm": f"{size:g} x {size * 0.8:g}", "columns": int(nx * ny),
                             "us_per_move": round(t / len(base) * 1e6, 2)})
    return out


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller slices, no compile measurement")
    args = ap.parse_args(argv)
    args.quick = args.quick or common.quick()
    h = JOB.machine.resolution
    res: dict = {"resolution_mm": h}
    simulate(plate(), JOB)                        # compile or load from cache
    if not args.quick:
        res["compile"] = compile_seconds()
    tp = finish3d()
    t, model = timed(tp, JOB)
    res["finish3d"] = {"moves": len(tp), "seconds": round(t, 3), "removed_mm3": round(model.removed_volume, 1),
                       "moves_per_s": round(len(tp) / t)}
    tp2 = plate()
    t2, model2 = timed(tp2, JOB, repeat=3)
    t0, _ = timed(Toolpath(tp2.moves[:0]), JOB, repeat=3)
    fields = {k: getattr(model2, k) for k in ("x0", "y0", "h", "top", "bottom", "count", "last_move", "initial",
                                               "cell_area")}
    tw = time.perf_counter()
    wall_corrections(fields, lambda: Probe(tp2, JOB), len(tp2))
    res["plate"] = {"moves": len(tp2), "seconds": round(t2, 4), "allocation_s": round(t0, 4),
                    "walls_s": round(time.perf_counter() - tw, 4), "removed_mm3": round(model2.removed_volume, 1)}
    # baseline on slices: the same moves through both, kernel times without allocation
    k = 600 if args.quick else 2000
    middle = len(tp) // 2
    lines_plate = tp2.moves[(tp2.moves["kind"] != ARC) & np.isin(tp2.moves["tool"], (1, 2, 4))]  # flat-end lines
    slices = {}
    for name, part, lead in (
            ("finish3d", Toolpath(tp.moves[middle:middle + k]), Toolpath(tp.moves[middle - PROGRESS_EVERY:middle])),
            ("plate_mills", Toolpath(lines_plate), None)):
        tc = min(kernel_seconds(part, JOB, lead) for _ in range(7))   # best of several: a shared machine
        td = min(dense_seconds(part, JOB, h, lead) for _ in range(3))
        slices[name] = {"moves": len(part), "columns_s": round(tc, 4), "dense_voxels_s": round(td, 3),
                        "ratio": round(td / tc, 1)}
    res["baseline"] = slices
    res["scaling"] = scaling(args.quick)
    written = common.write_results("kernel", res)
    print(f"machinesim kernel benchmark at {h} mm (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    if "compile" in res:
        c = res["compile"]
        print(f"  compile (empty Numba cache): first call {c['empty_cache']['first_call_s']} s, "
              f"then {c['empty_cache']['second_call_s']} s; "
              f"cached start: first call {c['warm_cache']['first_call_s']} s")
    f = res["finish3d"]
    print(f"  3D finishing, {f['moves']} ball-nose moves: {f['seconds']} s ({f['moves_per_s']} moves/s)"
          "  [bar: <= 10 s]")
    p = res["plate"]
    print(f"  2.5D plate, {p['moves']} moves: {p['seconds']} s, of which allocating the model {p['allocation_s']} s"
          f" and the exact walls {p['walls_s']} s  [bar: < 1 s]")
    print("  dense boolean voxels (Numba) vs columns on the same slice:")
    print(f"    {'slice':<14}{'moves':>7}{'columns s':>11}{'dense s':>10}{'ratio':>8}")
    for name, s in slices.items():
        print(f"    {name:<14}{s['moves']:>7}{s['columns_s']:>11}{s['dense_voxels_s']:>10}{s['ratio']:>7}x")
    print("  moves of growing length (Ø10 flat, 2 mm deep):")
    for r in res["scaling"]["length"]:
        print(f"    {r['length_mm']:>5g} mm  {r['columns_per_move']:>7} columns  {r['us_per_move']:>8} µs/move"
              f"  {r['ns_per_column']:>6} ns/column")
    print("  one move set on stocks of growing size:")
    for r in res["scaling"]["stock"]:
        print(f"    {r['stock_mm']:>11} mm  {r['columns']:>9} columns  {r['us_per_move']:>8} µs/move")
    print(f"  written {written}")
    return res


if __name__ == "__main__":
    main()
