"""Memory is estimated before allocating; a model that would not fit is an InputError MEMORY."""
import pytest

from machinesim.findings import InputError
from machinesim.job import Job, Machine, Stock
from machinesim.kernel import simulate
from machinesim.kernel.memory import (BYTES_PER_COLUMN, BYTES_PER_MOVE, check_memory, finest_resolution,
                                      lattice_size, needed_bytes)
from machinesim.messages import render
from machinesim.toolpath import Toolpath, empty_moves


def test_lattice_size_covers_both_edges():
    assert lattice_size(100.0, 80.0, 0.1) == (1001, 801)
    assert lattice_size(100.05, 80.0, 0.1) == (1002, 801)
    assert needed_bytes(100.0, 80.0, 0.1, 10) == 1001 * 801 * BYTES_PER_COLUMN + 10 * BYTES_PER_MOVE


def test_finest_resolution_is_the_finest_that_fits():
    avail = 50 * 1024 ** 2
    h = finest_resolution(100.0, 80.0, 1000, avail)
    assert needed_bytes(100.0, 80.0, h, 1000) <= avail < needed_bytes(100.0, 80.0, h - 0.001, 1000)


def test_too_fine_a_model_names_the_finest_resolution():
    avail = 50 * 1024 ** 2
    with pytest.raises(InputError) as err:
        check_memory(100.0, 80.0, 0.01, 1000, available=avail)
    f = err.value.finding
    assert f.code == "MEMORY"
    assert float(f.params["finest"]) == finest_resolution(100.0, 80.0, 1000, avail)
    assert float(f.params["needed"]) > float(f.params["available"]) == pytest.approx(0.0, abs=0.05)
    check_memory(100.0, 80.0, float(f.params["finest"]), 1000, available=avail)


def test_simulate_refuses_a_model_larger_than_the_machine_before_allocating():
    job = Job(machine=Machine(resolution=0.005), stock=Stock("box", (0.0, 0.0, -10.0), (4000.0, 4000.0, 0.0)))
    with pytest.raises(InputError) as err:
        simulate(Toolpath(empty_moves()), job)
    assert err.value.finding.key == "MEMORY"
    text = render(err.value.finding, "en")
    assert "GB" in text and err.value.finding.params["finest"] in text
