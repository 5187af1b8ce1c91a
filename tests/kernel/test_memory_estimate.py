"""Memory is estimated before allocating, the estimate holds against the real allocations, and what
would not fit is an InputError MEMORY naming the job file, never a MemoryError or a killed process."""
import math
import tracemalloc
from dataclasses import replace
from importlib import resources

import numpy as np
import pytest

from machinesim import gcode, kernel
from machinesim.analysis import find
from machinesim.findings import InputError
from machinesim.job import Job, Machine, Stock, load_job
from machinesim.kernel import Probe, simulate
from machinesim.kernel.memory import (BYTES_PER_COLUMN, BYTES_PER_MOVE, HEADROOM, MESH_BYTES_PER_COLUMN,
                                      MESH_FIXED_BYTES, MODEL_BYTES_PER_COLUMN, check_memory, finest_resolution,
                                      lattice_size, needed_bytes)
from machinesim.kernel.movelog import BIN_BYTES, ITEM_BYTES, SEGMENT_BYTES, build_move_log, segment_count
from machinesim.messages import render
from machinesim.pipeline import simulate_program
from machinesim.toolpath import ARC, Toolpath, arc_points, empty_moves

GB = 1024 ** 3
DEMO = str(resources.files("machinesim").joinpath("data/demo.nc"))


def test_lattice_size_covers_both_edges():
    assert lattice_size(100.0, 80.0, 0.1) == (1001, 801)
    assert lattice_size(100.05, 80.0, 0.1) == (1002, 801)
    assert needed_bytes(100.0, 80.0, 0.1, 10) == 1001 * 801 * BYTES_PER_COLUMN + MESH_FIXED_BYTES + 10 * BYTES_PER_MOVE


def test_finest_resolution_is_the_finest_that_fits():
    avail = GB
    h = finest_resolution(100.0, 80.0, 1000, avail)
    assert needed_bytes(100.0, 80.0, h, 1000) <= avail < needed_bytes(100.0, 80.0, h - 0.001, 1000)


def test_too_fine_a_model_names_the_job_and_a_resolution_with_headroom():
    avail = GB
    with pytest.raises(InputError) as err:
        check_memory(100.0, 80.0, 0.01, 1000, available=avail, file="fiche.toml")
    f = err.value.finding
    assert f.code == "MEMORY" and f.file == "fiche.toml"
    finest = float(f.params["finest"])
    assert needed_bytes(100.0, 80.0, finest, 1000) <= HEADROOM * avail
    assert float(f.params["needed"]) > float(f.params["available"]) == pytest.approx(1.0)
    check_memory(100.0, 80.0, finest, 1000, available=avail)


def test_simulate_refuses_a_model_larger_than_the_machine_before_allocating():
    job = Job(machine=Machine(resolution=0.005), stock=Stock("box", (0.0, 0.0, -10.0), (4000.0, 4000.0, 0.0)),
              path="classe/fiche.toml")
    with pytest.raises(InputError) as err:
        simulate(Toolpath(empty_moves()), job)
    assert err.value.finding.key == "MEMORY"
    text = render(err.value.finding, "en")
    assert text.startswith("classe/fiche.toml") and "GB" in text and err.value.finding.params["finest"] in text


PLUNGE = """G21 G90 G17 G40 G49 G80
T2 M6
G54 G0 X10. Y10. S8000 M3
G43 H2 Z5.
G1 Z-2. F300.
G1 X40. F800.
G0 Z25.
M30
"""


def test_a_stock_of_hundreds_of_metres_is_refused_by_the_guard_not_by_a_memory_error(tmp_path):
    """±100 m box: the probe's bins, then the lattice, go through the guard; the refusal names the job."""
    program = tmp_path / "p.nc"
    program.write_text(PLUNGE, encoding="ascii")
    job = replace(load_job(), stock=Stock("box", (-1e5, -1e5, -20.0), (1e5, 1e5, 0.0)), path="grand.toml")
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as err:
            simulate_program(program, job)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    f = err.value.finding
    assert f.key == "MEMORY.stock" and f.file == "grand.toml"
    assert peak < 600 * 1024 ** 2
    assert render(f, "fr").startswith("grand.toml")


def _circle(radius):
    m = empty_moves(1)
    m["kind"], m["tool"], m["line"] = ARC, 2, 5
    m["center"] = (0.0, 0.0, -2.0)
    m["axis"] = (0.0, 0.0, -1.0)
    m["start"] = m["end"] = (radius, 0.0, -2.0)
    return m


def test_a_huge_arc_is_refused_before_its_chords_are_made(monkeypatch):
    """A full circle of 1000 km radius is 7·10^6 chords of 0.1 µm sagitta (1.8 GB with their index):
    on a machine with 200 MB free it is refused before any is made."""
    monkeypatch.setattr("machinesim.kernel.memory.available_bytes", lambda: 200 * 1024 ** 2)
    job = replace(load_job(), path="fiche.toml")
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as err:
            Probe(Toolpath(_circle(1e9)), job).log          # the move log is built on first use
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.value.finding.key == "MEMORY.program" and err.value.finding.file == "fiche.toml"
    assert peak < 100 * 1024 ** 2


@pytest.mark.parametrize("radius", [0.3, 5.0, 40.0, 2000.0])
def test_segment_count_is_the_number_of_chords_arc_points_makes(radius):
    m = _circle(radius)
    assert segment_count(m) == len(arc_points(m[0], 1e-4)) - 1


def _demo(h):
    job = load_job()
    job = replace(job, machine=replace(job.machine, resolution=h))
    return gcode.load_program(DEMO, job), job


def test_the_probe_index_is_within_its_estimate():
    tp, job = _demo(0.5)
    probe = Probe(tp, job)
    log = probe.log
    arrays = sum(v.nbytes for v in vars(log).values() if isinstance(v, np.ndarray))
    arrays += probe._items.nbytes + probe._starts.nbytes + probe._reach.nbytes
    nbins = int(log.nbins[0] * log.nbins[1])
    estimate = segment_count(tp.moves) * SEGMENT_BYTES + nbins * BIN_BYTES + len(log.items) * ITEM_BYTES
    assert arrays <= estimate <= 4 * arrays


def test_cutting_and_meshing_allocate_no_more_than_estimated_and_the_suggestion_fits():
    """tracemalloc peaks of simulate + find and of the mesh against the per-column figures; then the
    resolution suggested for 500 MB really runs in the share of it the suggestion promises."""
    pytest.importorskip("pyvista")
    tp, job = _demo(1.0)             # load the compiled kernels outside the measure
    probe = Probe(tp, job)
    model = simulate(tp, job, probe=probe)
    find(tp, job, model, probe)
    kernel.surface_mesh(model, probe)
    tp, job = _demo(0.25)
    nx, ny = lattice_size(100.0, 80.0, 0.25)
    probe = Probe(tp, job)
    probe._starts                    # the probe's log and index are built on first use: build them here
    tracemalloc.start()
    try:
        model = simulate(tp, job, probe=probe)
        find(tp, job, model, probe)
        cut_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        kernel.surface_mesh(model, probe)
        mesh_peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    cut_estimate = nx * ny * MODEL_BYTES_PER_COLUMN + len(tp.moves) * BYTES_PER_MOVE
    assert 0.4 * cut_estimate <= cut_peak <= cut_estimate
    assert mesh_peak <= nx * ny * MESH_BYTES_PER_COLUMN + MESH_FIXED_BYTES

    available = 500 * 1024 ** 2
    h = finest_resolution(100.0, 80.0, len(tp.moves), int(HEADROOM * available))
    tp, job = _demo(h)
    probe = Probe(tp, job)
    tracemalloc.start()
    try:
        model = simulate(tp, job, probe=probe)
        find(tp, job, model, probe)
        kernel.surface_mesh(model, probe)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= HEADROOM * available


HUGE_ARC = """G21 G90 G17 G40 G49 G80
T2 M6
G54 G0 X1000000. Y0. S8000 M3
G43 H2 Z2.
G1 Z-1. F300.
G2 X1000000. Y0. I-1000000. J0. F800.
G0 Z25.
M30
"""


def test_a_huge_arc_with_the_automatic_stock_is_refused_with_bounded_memory(tmp_path):
    """A 1 km circle with `stock.auto` (once killed by the system at 24 GB): the assumed stock is
    2 km wide; the refusal says so and names the job, and the run stays far below a gigabyte."""
    program = tmp_path / "arc.nc"
    program.write_text(HUGE_ARC, encoding="ascii")
    job = replace(load_job(), stock=Stock("auto"), path="auto.toml")
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as err:
            simulate_program(program, job)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    f = err.value.finding
    assert f.key == "MEMORY.auto_stock" and f.file == "auto.toml"
    assert float(f.params["width"]) == pytest.approx(2e6 + 2 * 3 + 2 * 1.0, rel=1e-6)
    assert peak < 600 * 1024 ** 2
