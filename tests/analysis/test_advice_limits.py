"""Advice the machine can follow: no "raise S" when S is already the spindle's maximum, no "raise F"
beyond the machine's maximum feed. Truth from the formulas Vc = π·D·N/1000 and F = fz·Z·N."""
from dataclasses import replace

import numpy as np
import pytest

from machinesim import messages
from machinesim.analysis.conditions import check_conditions
from machinesim.job import load_job
from machinesim.toolpath import F_TOOL_LENGTH, FEED, Toolpath, empty_moves

JOB = load_job()
G54 = np.array(JOB.offset("G54"))


def cut(tool, rpm, feed, job):
    m = empty_moves(1)
    m["kind"], m["line"], m["tool"], m["spindle"], m["feed"], m["flags"] = FEED, 10, tool, rpm, feed, F_TOOL_LENGTH
    m["start"], m["end"] = G54 + (0, 0, -1), G54 + (50, 0, -1)
    return check_conditions(Toolpath(m, files=("t.nc",)), job, np.array([True]))


def with_machine(**kw):
    return replace(JOB, machine=replace(JOB.machine, **kw))


def hints(f):
    return [messages.hint(f.message_key, lang, **f.params) for lang in messages.LANGS]


def test_slow_cutting_speed_at_the_spindle_maximum_advises_no_faster_spindle():
    """T3 Ø3 carbide in aluminium at S8000 on an 8000 rpm spindle: Vc = π·3·8000/1000 = 75.4 < 100."""
    found = [f for f in cut(3, 8000, 480, with_machine(spindle_max=8000)) if f.code == "CUTTING_SPEED"]
    assert len(found) == 1 and found[0].message_key == "CUTTING_SPEED.spindle_max"
    fr, en = hints(found[0])
    assert "Ajustez S" not in fr and "Adjust S" not in en and "S8000" in fr and "S8000" in en
    assert "{" not in messages.message(found[0], "fr") + messages.message(found[0], "en")


def test_a_cutting_speed_out_of_the_spindles_reach_advises_its_maximum():
    """S6000 on an 8000 rpm spindle: 100 m/min would need N = 100000/(π·3) = 10610 rpm."""
    found = [f for f in cut(3, 6000, 360, with_machine(spindle_max=8000)) if f.code == "CUTTING_SPEED"]
    assert found[0].message_key == "CUTTING_SPEED.up_to_max"
    assert "S8000" in hints(found[0])[1]


def test_a_reachable_cutting_speed_keeps_the_usual_advice():
    found = [f for f in cut(3, 6000, 360, with_machine(spindle_max=12000)) if f.code == "CUTTING_SPEED"]
    assert found[0].message_key == "CUTTING_SPEED"


@pytest.mark.parametrize("max_feed, key", [(250.0, "CHIP_LOAD.max_feed"), (10000.0, "CHIP_LOAD")])
def test_a_chip_load_the_feed_cannot_reach_advises_a_slower_spindle_or_fewer_flutes(max_feed, key):
    """T2 Ø6, 3 flutes, S8000 F100: fz = 0.0042 mm; the lowest recommended fz (0.012) needs
    F = 0.012·3·8000 = 288 mm/min."""
    found = [f for f in cut(2, 8000, 100, with_machine(max_feed=max_feed)) if f.code == "CHIP_LOAD"]
    assert len(found) == 1 and found[0].message_key == key
    if key.endswith("max_feed"):
        assert float(found[0].params["needed"]) == pytest.approx(0.012 * 3 * 8000, rel=1e-2)
        assert "F = fz" not in hints(found[0])[1]


def test_a_drill_feed_beyond_the_machine_advises_a_slower_spindle():
    """T6 Ø5 HSS drill at S3000 F30: f = 0.01 mm/rev, under its range; the machine cannot feed faster than 50."""
    found = [f for f in cut(6, 3000, 30, with_machine(max_feed=50.0)) if f.code == "CHIP_LOAD"]
    assert found and found[0].message_key == "CHIP_LOAD.drill_max_feed"
