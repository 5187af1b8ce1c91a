"""The benchmark scripts import, and their pure helpers compute what they claim (no timing here).

Truths come from outside the helpers: hand-made /proc texts, the Ra of a cosine (2A/π), the Ra of a
parabolic cusp (4h/9√3), a box's width, growth laws t = c·n and t = c·n².
"""
from __future__ import annotations

import json
import math
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

import bench_accuracy  # noqa: E402
import bench_pipeline  # noqa: E402
import common  # noqa: E402

CPUINFO = """processor\t: 0
vendor_id\t: GenuineIntel
model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz
processor\t: 1
model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz
"""
MEMINFO = "MemTotal:       16384000 kB\nMemFree:         1000 kB\n"


def test_machine_description_has_the_facts_a_figure_needs():
    d = common.machine_description()
    for key in ("cpu", "cores", "memory_gib", "python", "numpy", "numba", "vtk", "date_utc"):
        assert key in d
    assert d["cores"] >= 1
    assert d["python"].count(".") == 2
    assert d["date_utc"].endswith("Z")


def test_cpu_model_and_memory_are_read_from_proc_texts():
    assert common._cpu_model(CPUINFO) == "Intel(R) Xeon(R) CPU @ 2.20GHz"
    assert common._memory_gib(MEMINFO) == round(16384000 / 1024**2, 1)
    assert common._memory_gib("") is None


@pytest.mark.parametrize("value, expected", [("1", True), ("0", False), ("", False), ("yes", True)])
def test_quick_follows_the_variable_machinesim_bench_sets(monkeypatch, value, expected):
    monkeypatch.setenv(common.QUICK_VARIABLE, value)
    assert common.quick() is expected


def test_quick_is_off_without_the_variable(monkeypatch):
    monkeypatch.delenv(common.QUICK_VARIABLE, raising=False)
    assert common.quick() is False


def test_write_results_stores_numbers_with_the_machine(tmp_path):
    path = common.write_results("demo", {"seconds": np.float64(1.5), "sizes": np.arange(3)}, folder=tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert path == tmp_path / "demo.json"
    assert data["benchmark"] == "demo" and data["seconds"] == 1.5 and data["sizes"] == [0, 1, 2]
    assert data["machine"]["cores"] >= 1
    assert [p.name for p in tmp_path.iterdir()] == ["demo.json"]      # no temporary file left behind


def test_peak_memory_is_at_least_the_arrays_held():
    block = np.ones(40 * 1024 * 1024 // 8)                 # 40 MiB touched
    assert common.peak_memory_mib() >= 40
    del block


def test_format_table_aligns_columns_and_marks_missing_values():
    text = common.format_table([["a", 1.23456, None], ["longer", 12, 0.0001]], ["name", "x", "y"])
    lines = text.splitlines()
    assert len({len(line) for line in lines}) == 1                # every line as wide as the others
    assert lines[2].split() == ["a", "1.235", "—"]
    assert lines[3].split() == ["longer", "12", "1.00e-04"]


# --- bench_pipeline -------------------------------------------------------------------------------

def test_sample_cases_are_the_demo_and_every_indexed_sample():
    index = tomllib.loads((BENCH.parent / "gcode_samples" / "samples.toml").read_text(encoding="utf-8"))
    cases = bench_pipeline.sample_cases()
    assert cases[0].name == "demo"
    assert [Path(c.program).name for c in cases[1:]] == [e["program"] for e in index["sample"]]
    for case in cases:
        assert Path(case.program).is_file()
        assert case.spec is None or Path(case.spec).is_file()
        assert case.job is None or Path(case.job).is_file()


@settings(max_examples=30, deadline=None)
@given(c=st.floats(1e-6, 1e-2), n0=st.integers(1_000, 50_000), k=st.floats(1.5, 10.0))
def test_growth_of_a_linear_and_a_quadratic_cost(c, n0, k):
    n1 = int(n0 * k)
    linear = bench_pipeline.growth([n0, n1], [c * n0, c * n1])[0]
    assert linear["per_line_ratio"] == pytest.approx(1.0, rel=1e-9)
    assert linear["exponent"] == pytest.approx(1.0, rel=1e-9)
    square = bench_pipeline.growth([n0, n1], [c * n0**2, c * n1**2])[0]
    assert square["per_line_ratio"] == pytest.approx(n1 / n0, rel=1e-9)
    assert square["exponent"] == pytest.approx(2.0, rel=1e-9)


def test_growth_says_nothing_when_a_time_is_missing():
    assert bench_pipeline.growth([10, 30, 100], [1.0, None, 5.0]) == [
        {"from": 10, "to": 30, "per_line_ratio": None, "exponent": None},
        {"from": 30, "to": 100, "per_line_ratio": None, "exponent": None}]


def test_best_of_keeps_the_shortest_time_of_each_stage():
    runs = [{"lines": 5, "seconds": {"interpret": 0.3, "cut": 0.1, "mesh": None}},
            {"lines": 5, "seconds": {"interpret": 0.2, "cut": 0.4, "mesh": None}}]
    best = bench_pipeline.best_of(runs)["seconds"]
    assert (best["interpret"], best["cut"], best["mesh"]) == (0.2, 0.1, None)


# --- bench_accuracy -------------------------------------------------------------------------------

class _Check:
    def __init__(self, id, instrument, nominal):
        self.id, self.instrument, self.nominal = id, instrument, nominal


def test_error_is_the_distance_to_the_truth():
    truth = bench_accuracy.Truth(12.05, "made up")
    assert bench_accuracy.error(12.0512, truth) == pytest.approx(0.0012, abs=1e-12)
    assert bench_accuracy.error(12.0488, truth) == pytest.approx(0.0012, abs=1e-12)
    assert bench_accuracy.error(None, truth) is None
    assert bench_accuracy.error(12.0, None) is None
    assert bench_accuracy.worst([0.001, None, 0.003, 0.002]) == 0.003
    assert bench_accuracy.worst([None]) is None


def test_truth_is_the_nominal_unless_the_program_says_otherwise():
    assert bench_accuracy.truth_of("05_rainure.nc", _Check(1, "inside", 12.05)).value == 12.05
    assert bench_accuracy.truth_of("demo.nc", _Check(7, "bore", 18.0)).value == 18.010
    assert bench_accuracy.truth_of("somewhere.nc", _Check(3, "roughness", 0.0)) is None
    # the engraving: a 0.2 flat and 30° flanks, 0.2 above the bottom
    assert bench_accuracy.truth_of("09_gravure.nc", _Check(2, "inside", 0.431)).value == pytest.approx(0.4309401, abs=1e-7)


@settings(max_examples=30, deadline=None)
@given(amplitude=st.floats(0.001, 1.0), periods=st.integers(1, 6), tilt=st.floats(-0.5, 0.5))
def test_profile_ra_of_a_tilted_cosine_is_two_amplitudes_over_pi(amplitude, periods, tilt):
    s = np.linspace(0.0, 1.0, 20001)
    # whole periods of a cosine, symmetric about the middle: the least-squares line is the tilt alone
    z = amplitude * np.cos(2 * math.pi * periods * s) + tilt * s
    assert bench_accuracy._profile_ra(s, z) == pytest.approx(2 * amplitude / math.pi, rel=1e-5)


def test_scallops_of_flat_rows_have_the_cusp_height_and_the_parabolic_ra():
    radius, stepover = 3.0, 1.0
    rows_y = np.arange(-5, 6) * stepover
    y = np.linspace(-2.0, 2.0, 40001)
    z = bench_accuracy.scallop_profile(y, rows_y, np.zeros_like(rows_y), radius)
    cusp = radius - math.sqrt(radius**2 - (stepover / 2) ** 2)
    assert z.min() == pytest.approx(0.0, abs=1e-12)
    assert z.max() == pytest.approx(cusp, abs=1e-9)
    assert bench_accuracy._profile_ra(y, z) == pytest.approx(4 * cusp / (9 * math.sqrt(3)), rel=0.02)


def test_stl_size_reads_a_box_width(tmp_path):
    import pyvista as pv
    stl = tmp_path / "box.stl"
    pv.Box(bounds=(0.3, 10.7, -2.0, 5.0, -1.0, 0.0)).triangulate().save(str(stl))
    # STL stores float32 vertices
    assert bench_accuracy.stl_size(stl, (5.0, 1.0, -0.5), "x") == pytest.approx(10.4, abs=1e-5)
    assert bench_accuracy.stl_size(stl, (5.0, 1.0, -0.5), "y") == pytest.approx(7.0, abs=1e-5)
    assert bench_accuracy.stl_size(stl, (50.0, 1.0, -0.5), "y") is None


def test_camotics_status_answers_without_camotics():
    status = bench_accuracy.camotics_status()
    assert set(status) == {"camsim", "camotics_gui", "apt_policy"}
    assert status["apt_policy"]
