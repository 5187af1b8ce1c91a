"""Benchmark: pictures of the demo plate (part.png, its toolpath, its deviation colours, a short film).

    python benchmarks/bench_render.py            (MACHINESIM_BENCH_QUICK=1: no film)

The demo program is simulated on the default job, then its surface is meshed by the kernel
(`kernel.surface_mesh`) when this checkout has it; otherwise a stand-in of the same density is
built from the material model's columns (their tops as a height field at the lattice spacing,
about two triangles per column), and the output says so. Each picture is rendered once cold
(the first plotter of the process) then timed warm, best of a few. The baseline, measured in the
same run on the same mesh, is PyVista's plain `Plotter(off_screen=True).add_mesh(mesh)` and a
screenshot at the same size. The bar: part.png in under 3 s warm. Writes
benchmarks/results/render.json.
"""
from __future__ import annotations

import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:                       # `common` lives beside this file
    sys.path.insert(0, str(HERE))

from common import quick, table, write_results  # noqa: E402

BAR_S = 3.0
WINDOW = (1024, 768)


def best_of(repeats: int, fn) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def column_mesh(model):
    """The columns' tops as a closed-enough height field: the density of a lattice mesh, for timing."""
    import pyvista as pv

    top = np.where(model.count > 0, model.top[0], np.nan)
    floor = np.nanmin(model.bottom[0]) if np.isfinite(model.bottom[0]).any() else 0.0
    z = np.where(np.isfinite(top), top, floor)
    x, y = np.meshgrid(model.x, model.y)
    return pv.StructuredGrid(x, y, z).extract_surface(algorithm=None).triangulate()


def baseline_render(mesh, path: Path) -> None:
    """What a PyVista user writes first: default plotter, default look, one screenshot."""
    import pyvista as pv

    from machinesim.render.headless import use_offscreen_window

    use_offscreen_window()
    plotter = pv.Plotter(off_screen=True, window_size=list(WINDOW))
    plotter.add_mesh(mesh)
    plotter.screenshot(str(path))
    plotter.close()


def main() -> int:
    from machinesim import kernel, render
    from machinesim.job import load_job
    from machinesim.pipeline import simulate_program

    ok, reason = render.rendering_available()
    if not ok:
        print(f"rendering is not available here: {reason}\n  fix: {render.APT_FIX}")
        write_results("render", {"available": False, "reason": reason})
        return 0
    job = load_job()
    program = resources.files("machinesim").joinpath("data/demo.nc")
    with resources.as_file(program) as path:
        sim = simulate_program(path, job)
    if hasattr(kernel, "surface_mesh"):
        from machinesim.kernel import Probe

        t0 = time.perf_counter()
        mesh = kernel.surface_mesh(sim.model, Probe(sim.toolpath, job), exact=False)
        source = "kernel.surface_mesh, the picture mesh (exact=False), as the commands draw it"
    else:
        t0 = time.perf_counter()
        mesh = column_mesh(sim.model)
        source = "stand-in: column tops as a height field (kernel.surface_mesh not in this checkout)"
    mesh_s = time.perf_counter() - t0
    stock = job.stock_box_machine
    deviation = np.sin(mesh.points[:, 0] / 7.0) * 0.08
    repeats = 2 if quick() else 3
    rows, results = [], {"mesh_source": source, "faces": mesh.n_cells, "mesh_s": mesh_s,
                         "window": WINDOW, "bar_s": BAR_S}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        t0 = time.perf_counter()
        render.render_part(mesh, out / "cold.png", stock_bounds=stock, window_size=WINDOW)
        cold = time.perf_counter() - t0
        base = best_of(repeats, lambda: baseline_render(mesh, out / "baseline.png"))
        cases = {
            "part.png": lambda: render.render_part(mesh, out / "part.png", stock_bounds=stock, window_size=WINDOW),
            "part, deviation colours": lambda: render.render_part(
                mesh, out / "dev.png", stock_bounds=stock, scalars=deviation, tolerance=0.05, window_size=WINDOW),
            "toolpath over the part": lambda: render.render_toolpath(
                sim.toolpath, out / "path.png", mesh=mesh, stock_bounds=stock, window_size=WINDOW),
            "toolpath alone": lambda: render.render_toolpath(
                sim.toolpath, out / "path_alone.png", stock_bounds=stock, window_size=WINDOW),
        }
        rows.append(["PyVista default render (baseline)", base, 1.0])
        for name, fn in cases.items():
            warm = best_of(repeats, fn)
            rows.append([name, warm, warm / base])
            results[name] = {"warm_s": warm, "ratio_to_baseline": warm / base}
        results["part.png"]["cold_s"] = cold
        results["baseline_s"] = base
        if not quick():
            frames = 12
            t0 = time.perf_counter()
            render.animate(lambda k: mesh if k == len(sim.toolpath) else column_mesh(
                kernel.simulate(sim.toolpath.__class__(sim.toolpath.moves[:k]), job)),
                out / "film.gif", sim.toolpath, frames, machine=job.machine, stock_bounds=stock)
            film = time.perf_counter() - t0
            rows.append([f"film, {frames} frames GIF (with the kernel)", film, film / base])
            results["film"] = {"frames": frames, "total_s": film}
    part = results["part.png"]["warm_s"]
    results["ok"] = part <= BAR_S
    print(f"demo plate: {mesh.n_cells} faces ({source}), mesh {mesh_s:.2f} s, window {WINDOW[0]}x{WINDOW[1]}")
    table(rows, ["picture", "warm s", "/ baseline"])
    print(f"part.png warm {part:.2f} s (bar {BAR_S} s): {'ok' if results['ok'] else 'OVER'}; cold {cold:.2f} s")
    write_results("render", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
