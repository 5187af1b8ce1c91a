"""Exact probes and the surface mesh on a 9k-move 2.5D program over the 100 x 80 x 20 mm stock.

Prints the ray rate with the XY bin index and, measured in the same run on the same rays, with
every segment in one bin (the naive baseline: each ray meets every move, none left out as a
repeated pass, no footprint boxes), and the time to mesh the part at 0.1 mm (0.25 mm in quick
mode; best of 3 warm runs). Run: python benchmarks/bench_probe.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import quick, write_results  # noqa: E402

from machinesim.job import Job, Stock
from machinesim.kernel.mesh import surface_mesh
from machinesim.kernel.movelog import build_move_log
from machinesim.kernel.probe import Probe
from machinesim.toolpath import ARC, FEED, RAPID, Toolpath, empty_moves
from machinesim.tools import Tool

TOOLS = {1: Tool(1, "flat", diameter=6.0), 2: Tool(2, "drill", diameter=6.8, point_angle=118.0),
         3: Tool(3, "ball", diameter=6.0, corner_radius=3.0)}


def _lines(points, tool, kind=FEED):
    pts = np.asarray(points, float)
    m = empty_moves(len(pts) - 1)
    m["kind"] = kind
    m["start"] = pts[:-1]
    m["end"] = pts[1:]
    m["tool"] = tool
    m["feed"] = 800.0
    return m


def _circle(c, r, z, tool):
    m = empty_moves(1)
    m["kind"] = ARC
    m["start"] = (c[0] + r, c[1], z)
    m["end"] = (c[0] + r, c[1], z)
    m["center"] = (c[0], c[1], z)
    m["axis"] = (0, 0, 1)
    m["tool"] = tool
    return m


def program() -> Toolpath:
    """Pockets cleared in 0.25 mm steps down with a 0.25 mm zigzag, bores, holes, a ball raster."""
    parts = []
    for (x0, y0, x1, y1, depth) in ((8.1, 8.3, 46.7, 38.9, 4.0), (54.2, 8.7, 91.9, 36.4, 6.0),
                                    (8.6, 46.2, 40.3, 72.1, 3.0)):
        for z in np.arange(-0.25, -depth - 1e-9, -0.25):
            pts = [(x0 + 3, y0 + 3, 2.0)]
            for k, y in enumerate(np.arange(y0 + 3, y1 - 3, 0.25)):
                row = [(x0 + 3, y, z), (x1 - 3, y, z)]
                pts += row if k % 2 == 0 else row[::-1]
            pts += [(x0 + 3, y1 - 3, z), (x1 - 3, y1 - 3, z), (x1 - 3, y0 + 3, z), (x0 + 3, y0 + 3, z),
                    (x0 + 3, y0 + 3, 2.0)]
            parts.append(_lines(pts, 1))
    for k in range(6):
        c = (52.0 + 7.0 * k, 60.0)
        parts.append(_lines([(c[0], c[1], 2.0), (c[0] + 1.0, c[1], -3.0)], 1))
        parts.append(_circle(c, 1.0, -3.0, 1))
        parts.append(_lines([(c[0] + 1.0, c[1], -3.0), (c[0] + 1.0, c[1], 2.0)], 1, RAPID))
    for k in range(12):
        h = (50.0 + 4.0 * k, 74.0)
        parts.append(_lines([(*h, 2.0), (*h, -12.0), (*h, 2.0)], 2))
    ys = 44.0 + 0.4 * np.arange(40)
    pts = [(48.0, ys[0], 2.0)]
    for k, y in enumerate(ys):
        row = [(48.0, y, -1.0 - 0.01 * k), (96.0, y, -1.0 - 0.01 * k)]
        pts += row if k % 2 == 0 else row[::-1]
    parts.append(_lines(pts, 3))
    return Toolpath(np.concatenate(parts))


def rays(n: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """Vertical, horizontal and oblique rays through the part."""
    o = rng.uniform((0, 0, -20), (100, 80, 0), (n, 3))
    d = rng.normal(size=(n, 3))
    d[: n // 3] = (0, 0, 1)
    d[n // 3: 2 * n // 3, 2] = 0.0
    return o, d / np.linalg.norm(d, axis=1)[:, None]


def naive_probe(tp: Toolpath, job: Job) -> Probe:
    """Every segment in one bin and in the walk: the index's shortcuts undone (private fields)."""
    p = Probe(tp, job, log=build_move_log(tp, job, bin_size=1000.0))
    p._starts, p._items = p.log.starts, p.log.items
    zlow = np.minimum(p.log.a[p._items, 2], p.log.b[p._items, 2])
    unbounded = np.full(len(zlow), np.inf)
    p._reach = np.ascontiguousarray(np.column_stack([zlow, -unbounded, unbounded, -unbounded, unbounded]))
    return p


def _timed(fn, *args):
    t = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t


def main() -> dict:
    is_quick = quick()
    h = 0.25 if is_quick else 0.1
    job = Job(stock=Stock(min=(0.0, 0.0, -20.0), max=(100.0, 80.0, 0.0)), tools=TOOLS)
    tp = program()
    _, t_first = _timed(Probe, tp, job)
    probe, t_log = _timed(Probe, tp, job)
    r = {"moves": len(tp), "segments": len(probe.log), "move_log_s": t_log, "move_log_first_s": t_first,
         "quick": is_quick}
    print(f"program: {len(tp)} moves, {len(probe.log)} segments; move log + bins {t_log:.3f} s "
          f"({t_first:.2f} s the first time, loading the compiled kernels)")
    rng = np.random.default_rng(1)
    o, d = rays(30, rng)
    _, r["first_call_s"] = _timed(probe.intervals_flat, o, d)
    print(f"first call (compile, or load from Numba's cache): {r['first_call_s']:.2f} s")
    o, d = rays(1500 if is_quick else 6000, rng)
    _, t = _timed(probe.intervals_flat, o, d)
    r["us_per_ray"] = t / len(o) * 1e6
    print(f"binned probe: {len(o)} rays in {t:.3f} s = {r['us_per_ray']:.1f} µs per ray")
    r["bin_entries"], r["bin_entries_walked"] = len(probe.log.items), len(probe._items)
    print(f"bin entries: {r['bin_entries']}, {r['bin_entries_walked']} walked (repeated passes left out)")
    naive = naive_probe(tp, job)
    o, d = o[::20], d[::20]          # a mix of all three kinds of rays
    _, tn = _timed(naive.intervals_flat, o, d)
    _, tb = _timed(probe.intervals_flat, o, d)
    r["naive_us_per_ray"] = tn / len(o) * 1e6
    r["bins_speedup"] = tn / tb
    a, b = probe.intervals_flat(o, d), naive.intervals_flat(o, d)
    r["naive_agrees"] = bool(np.array_equal(a[0], b[0]) and np.allclose(a[1], b[1], atol=1e-9))
    print(f"naive probe (one bin: every move): {r['naive_us_per_ray']:.1f} µs per ray; "
          f"bins are {r['bins_speedup']:.1f} x faster; same answers: {r['naive_agrees']}")
    try:
        from machinesim.kernel import simulate
        model, r["simulate_s"] = _timed(simulate, tp, job, h)
    except Exception as exc:  # the column model is optional here
        model = None
        print(f"column model unavailable ({exc.__class__.__name__}): the mesh probes its columns")
    source = "the column model" if model is not None else "probed columns"
    _, r["mesh_first_s"] = _timed(surface_mesh, model, probe, h)
    warm = [_timed(surface_mesh, model, probe, h) for _ in range(3)]      # best of 3: the machine is shared
    mesh, r["mesh_s"] = min(warm, key=lambda run: run[1])
    r["mesh_runs_s"] = [t for _, t in warm]
    r.update(mesh_h=h, mesh_from=source, triangles=mesh.n_cells, vertices=mesh.n_points, volume_mm3=mesh.volume)
    print(f"surface mesh at {h} mm from {source}: {r['mesh_s']:.2f} s (best of 3 warm runs; "
          f"{r['mesh_first_s']:.2f} s the first time), {mesh.n_cells} triangles, volume {mesh.volume:.2f} mm³")
    if model is not None:
        picture = [_timed(lambda: surface_mesh(model, probe, h, exact=False)) for _ in range(3)]
        r["picture_mesh_s"] = min(t for _, t in picture)
        print(f"picture mesh (exact=False, for part.png and films): {r['picture_mesh_s']:.2f} s (best of 3), "
              f"{r['mesh_s'] / r['picture_mesh_s']:.1f} x faster than the exact mesh")
        _, r["mesh_probed_columns_s"] = _timed(surface_mesh, None, probe, h)
        print(f"surface mesh at {h} mm with probed columns: {r['mesh_probed_columns_s']:.2f} s")
    write_results("probe", r)
    return r


if __name__ == "__main__":
    main()
