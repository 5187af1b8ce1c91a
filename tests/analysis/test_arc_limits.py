"""Arcs in the toolpath-only checks: judged at the extremes they really pass through, at a cost that
does not grow with their radius (nothing sampled), and never an unguarded allocation."""
import math
import tracemalloc
from dataclasses import replace

import numpy as np
import pytest

from machinesim.analysis.safety import check_fixtures, check_travel
from machinesim.findings import InputError
from machinesim.job import Fixture, load_job
from machinesim.toolpath import ARC, F_TOOL_LENGTH, Toolpath, empty_moves

JOB = replace(load_job(), path="fiche.toml")
G54 = np.array(JOB.offset("G54"))


def arc(center, radius, start_deg, end_deg, ccw=True, tool=1):
    """An arc about ±Z in work coordinates, at Z-1."""
    m = empty_moves(1)
    c = G54 + (center[0], center[1], -1.0)
    a0, a1 = math.radians(start_deg), math.radians(end_deg)
    m["kind"], m["line"], m["tool"], m["flags"], m["spindle"] = ARC, 7, tool, F_TOOL_LENGTH, 8000
    m["center"], m["axis"] = c, (0.0, 0.0, 1.0 if ccw else -1.0)
    m["start"] = c + radius * np.array([math.cos(a0), math.sin(a0), 0.0])
    m["end"] = c + radius * np.array([math.cos(a1), math.sin(a1), 0.0])
    return Toolpath(m, files=("t.nc",))


def test_an_arc_bulging_past_the_travel_is_found_at_its_exact_extreme():
    """Centre at machine X-390.3, R15.2, from 90° to 270° counter-clockwise: it passes X-405.5 at 180°."""
    found = check_travel(arc((-90.3, 40.0), 15.2, 90.0, 270.0), JOB)
    assert [(f.code, f.params["axis"]) for f in found] == [("TRAVEL_LIMIT", "X")]
    assert found[0].params["value"] == pytest.approx(-390.3 - 15.2, abs=1e-9)
    # the same arc the other way round stays on the right, inside the travel
    assert check_travel(arc((-90.3, 40.0), 15.2, 90.0, 270.0, ccw=False), JOB) == []


def test_a_huge_arc_costs_no_memory_in_the_travel_check():
    tracemalloc.start()
    try:
        found = check_travel(arc((50.0, 40.0 - 1e11), 1e11, 90.0, 90.0 - 1e-7), JOB)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found and peak < 20 * 1024 ** 2


def test_a_huge_arc_through_a_fixture_is_refused_not_sampled():
    job = replace(JOB, fixtures=(Fixture((40.0, -10.0, -20.0), (60.0, 0.0, 5.0), "étau"),))
    with pytest.raises(InputError) as err:
        check_fixtures(arc((50.0, 1e9), 1e9 + 5.0, -90.0, -90.0 - 1e-7), job)
    assert err.value.finding.key == "MEMORY.program" and err.value.finding.file == "fiche.toml"
