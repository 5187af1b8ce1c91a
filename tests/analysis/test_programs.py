"""End to end: small programs through the interpreter, the kernel and the analysis, each mistake both ways.

Every program marks the lines where a finding is expected with a comment `(expect CODE ...)`,
written from what the machine would physically do (worked out in the comments), so the test
compares the analysis against the program author's reading, not against the code's own output.
"""
import math
import re
from dataclasses import replace

import pytest

from machinesim import gcode, kernel
from machinesim.analysis import find
from machinesim.job import Fixture, load_job

JOB = load_job()
RESOLUTION = 0.25
# interpreter findings that are not about machining (style advice)
IGNORED = {"DECIMAL_POINT"}


def expected(program: str, model=None) -> list[tuple[str, int]]:
    """The (code, line) pairs marked `(expect CODE ...)`; `(expect with depth CODE ...)` counts only
    when the kernel gives the per-move depth of cut (`Model.depth`)."""
    with_depth = getattr(model, "depth", None) is not None
    out = []
    for n, line in enumerate(program.splitlines(), start=1):
        for depth_only, group in re.findall(r"\(expect (with depth )?([A-Z_ ]+)\)", line):
            if with_depth or not depth_only:
                out += [(code, n) for code in group.split()]
    return sorted(out)


def run(program: str, job=JOB):
    toolpath = gcode.interpret(program, job, "t.nc")
    model = kernel.simulate(toolpath, job, resolution=RESOLUTION)
    found = [f for f in toolpath.findings if f.code not in IGNORED] + find(toolpath, job, model)
    return found, model


def codes(found):
    return sorted((f.code, f.line) for f in found)


# T2: Ø6 carbide flat, 3 flutes, flutes 13 mm, in aluminium: S8000 gives Vc = 151 m/min (100-1000),
# F1200 gives fz = 1200 / (8000·3) = 0.05 mm (0.012-0.15), a 3 mm deep full slot is 18 mm² (limit 36).
CLEAN = """%
O1000 (rainure propre)
G21 G90 G17 G40 G49 G80
T2 M6
G54 G0 X10. Y10. S8000 M3
G43 H2 Z5.
G1 Z-3. F400.
G1 X60. F1200.
G0 Z5.
M30
%
"""


def variant(*edits: tuple[str, str]) -> str:
    text = CLEAN
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    return text


def test_clean_program_has_no_finding():
    found, model = run(CLEAN)
    # it did cut: the plunge's Ø6 disc 3 mm deep, then a slot 6 wide, 50 long and 3 deep
    assert model.removed.sum() == pytest.approx(math.pi * 9 * 3 + 6 * 50 * 3, rel=1e-3)
    assert codes(found) == []


CASES = {
    "rapid": variant(("G1 X60. F1200.", "G0 X60. (expect RAPID_IN_MATERIAL)")),
    "spindle_off": variant(("S8000 M3", "S8000"), ("G1 Z-3. F400.", "G1 Z-3. F400. (expect SPINDLE_OFF_CUT)")),
    "spindle_reverse": variant(("S8000 M3", "S8000 M4"),
                               ("G1 Z-3. F400.", "G1 Z-3. F400. (expect SPINDLE_OFF_CUT)")),
    # S2000: Vc = π·6·2000/1000 = 37.7 m/min < 100; feeds scaled to keep fz in range
    "slow_spindle": variant(("S8000", "S2000"), ("G1 Z-3. F400.", "G1 Z-3. F100. (expect CUTTING_SPEED)"),
                            ("F1200.", "F300.")),
    # F5000: fz = 5000 / (8000·3) = 0.208 mm > 0.15
    "chip_load": variant(("G1 X60. F1200.", "G1 X60. F5000. (expect CHIP_LOAD)")),
    # an 8 mm deep full slot: 6 × 8 = 48 mm² > 36 mm² (one diameter deep in aluminium)
    "overload": variant(("G1 Z-3. F400.", "G1 Z-8. F400."), ("G1 X60. F1200.", "G1 X60. F1200. (expect OVERLOAD)")),
    # work X-120 is machine X-420, beyond the X travel [-400, 400]
    "travel": variant(("G0 Z5.\nM30", "G0 Z5.\nG0 X-120. (expect TRAVEL_LIMIT)\nM30")),
    "no_end": variant(("M30\n%\n", "(expect PROGRAM_END_MISSING)\n")),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_one_mistake_one_finding(name):
    program = CASES[name]
    found, _ = run(program)
    assert codes(found) == expected(program)
    assert expected(program)


def test_findings_carry_line_column_tool_position_and_a_hint():
    from machinesim import messages
    found, _ = run(CASES["rapid"])
    (f,) = found
    assert (f.line, f.column, f.tool) == (8, 1, 2)
    assert f.position == pytest.approx(JOB.to_machine((60.0, 10.0, -3.0)))
    for lang in ("fr", "en"):
        assert messages.hint(f.message_key, lang)
        assert "{" not in messages.message(f, lang)


def test_forgotten_tool_length_crashes_and_is_named():
    """Without G43 the tip is 57 mm (T2's length) below the programmed point: G0 Z5. takes it to
    Z-52, through the 20 mm block at rapid speed; the cut at Z-60 is below the block, so the
    holder (its face 57 mm above the tip, at Z-3) sweeps the top of the part, and the tool ploughs
    a slot through the whole 20 mm block: far more than a Ø6 tool can take, and 60 mm deeper
    than the tip where its flutes are only 13 mm long."""
    program = variant(("G43 H2 Z5.", "Z5. (expect NO_TOOL_LENGTH RAPID_IN_MATERIAL)"
                                                   "(expect with depth DEPTH_OVER_FLUTE)"),
                      ("G1 Z-3. F400.", "G1 Z-3. F400. (expect HOLDER_COLLISION)"),
                      ("G1 X60. F1200.", "G1 X60. F1200. (expect HOLDER_COLLISION OVERLOAD)"
                                         "(expect with depth DEPTH_OVER_FLUTE)"),
                      ("G0 Z5.\nM30", "G0 Z5. (expect HOLDER_COLLISION)\nM30"))
    found, model = run(program)
    assert codes(found) == expected(program, model)
    touch_off = replace(JOB, machine=replace(JOB.machine, tool_length="touch_off"))
    assert codes(run(variant(("G43 H2 Z5.", "Z5.")), touch_off)[0]) == []


# T10: 90° chamfer mill Ø10 with a Ø1 flat tip, which does not cut at its centre.
CHAMFER = """%
O1001
G21 G90 G17 G40 G49 G80
T10 M6
G54 G0 X10. Y10. S8000 M3
G43 H10 Z5.
G1 Z0.5 F800.
{entry}
G1 X60. F800.
G0 Z5.
M30
%
"""


def test_plunge_with_a_non_centre_cutting_tool_both_ways():
    plunge = CHAMFER.format(entry="G1 Z-1. (expect PLUNGE_NON_CENTER_CUTTING)")
    assert codes(run(plunge)[0]) == expected(plunge)
    ramp = CHAMFER.format(entry="G1 X20. Z-1.")  # 10 mm along X while going down 1 mm
    assert codes(run(ramp)[0]) == []


# T3: Ø3 flat with a Ø6 shank, flutes 8 mm: passes of 2.5 mm. Down to Z-7.5 the shank (from 8 mm
# above the tip) stays above the top; at Z-10 it enters the 3 mm wide slot: plunge, cut, retract.
# S12000 2 flutes: fz = 600/(12000·2) = 0.025 mm, plunge 0.0083 mm (0.006-0.075).
SHANK = """%
O1002
G21 G90 G17 G40 G49 G80
T3 M6
G54 G0 X10. Y40. S12000 M3
G43 H3 Z5.
G1 Z-2.5 F200.
G1 X60. F600.
G1 Z-5. F200.
G1 X10. F600.
G1 Z-7.5 F200.
G1 X60. F600.
{deeper}G0 Z5.{retract}
M30
%
"""


def test_shank_wider_than_the_cutter_both_ways():
    deep = SHANK.format(deeper="G1 Z-10. F200. (expect SHANK_COLLISION)\n"
                               "G1 X10. F600. (expect SHANK_COLLISION)\n", retract=" (expect SHANK_COLLISION)")
    found, _ = run(deep)
    assert codes(found) == expected(deep)
    assert codes(run(SHANK.format(deeper="", retract=""))[0]) == []


def test_holder_too_close_both_ways():
    """T2 held with only 10 mm out of the Ø40 holder (flutes 8): passes of 4 mm are fine to Z-8,
    at Z-11 the holder's face is at Z-1, under the top of the part around the slot."""
    short = replace(JOB.tools[2], length=10.0, flute_length=8.0)
    job = replace(JOB, tools={**JOB.tools, 2: short})
    program = variant(("G1 Z-3. F400.\nG1 X60. F1200.",
                       "G1 Z-4. F400.\nG1 X60. F1200.\nG1 Z-8. F400.\nG1 X10. F1200.\n"
                       "G1 Z-11. F400. (expect HOLDER_COLLISION)\nG1 X60. F1200. (expect HOLDER_COLLISION)"),
                      ("G0 Z5.\nM30", "G0 Z5. (expect HOLDER_COLLISION)\nM30"))
    found, _ = run(program, job)
    assert codes(found) == expected(program)
    safe = variant(("G1 Z-3. F400.\nG1 X60. F1200.",
                    "G1 Z-4. F400.\nG1 X60. F1200.\nG1 Z-8. F400.\nG1 X10. F1200."))
    assert codes(run(safe, job)[0]) == []


def test_fixture_both_ways():
    """A vice jaw along the left side of the block, its top at Z-5: a Ø6 tool at X-4 reaches
    X-1, over the jaw (X-10..0); at Z-6 it hits it, at Z-4 it passes above."""
    job = replace(JOB, fixtures=(Fixture((-10.0, 0.0, -20.0), (0.0, 80.0, -5.0), "mors fixe"),))
    program = """%
O1003
G21 G90 G17 G40 G49 G80
T2 M6
G54 G0 X-4. Y-10. S8000 M3
G43 H2 Z5.
G1 Z{z} F400.
G1 Y90. F1200.{mark}
G0 Z5.
M30
%
"""
    hit = program.format(z="-6.", mark=" (expect FIXTURE_COLLISION)")
    found, _ = run(hit, job)
    assert codes(found) == expected(hit)
    assert found[0].params["fixture"] == "mors fixe"
    assert codes(run(program.format(z="-4.", mark=""), job)[0]) == []


def test_depth_over_flute_both_ways():
    """T2's flutes are 13 mm long: a plunge to Z-15 buries 2 mm of shank, to Z-12 it does not."""
    deep = variant(("G1 Z-3. F400.\nG1 X60. F1200.", "G1 Z-15. F400. (expect DEPTH_OVER_FLUTE)"))
    toolpath = gcode.interpret(deep, JOB, "t.nc")
    if getattr(kernel.simulate(toolpath, JOB, resolution=1.0), "depth", None) is None:
        pytest.skip("the kernel does not give Model.depth yet")
    assert codes(run(deep)[0]) == expected(deep)
    assert codes(run(variant(("G1 Z-3. F400.\nG1 X60. F1200.", "G1 Z-12. F400.")))[0]) == []


def test_unknown_tool_both_ways():
    program = variant(("T2 M6", "T42 M6"), ("G43 H2", "G43 H42"))
    found, _ = run(program)
    assert [f.code for f in found] == ["UNKNOWN_TOOL"] and found[0].severity == "error"
    job = replace(JOB, tool_default=JOB.tools[2])
    found, _ = run(program, job)
    assert {f.code for f in found} == {"UNKNOWN_TOOL"} and found[0].severity == "warning"


def test_program_with_every_mistake():
    """One program, one mistake per marked line, each on a fresh stretch of the block."""
    job = replace(JOB, fixtures=(Fixture((-10.0, 0.0, -20.0), (0.0, 80.0, -5.0), "mors"),))
    program = """%
O1004 (toutes les erreurs)
G21 G90 G17 G40 G49 G80
T2 M6
G54 G0 X10. Y10. S8000
G43 H2 Z5.
G1 Z-1. F400. (expect SPINDLE_OFF_CUT)
G0 Z5.
M3
G0 X10. Y20.
G1 Z-1. F400.
G0 X60. (expect RAPID_IN_MATERIAL)
G0 Z5.
G0 X10. Y30.
G1 Z-1. F400.
G1 X60. F5000. (expect CHIP_LOAD)
G0 Z5.
G0 X10. Y40.
G1 Z-8. F400.
G1 X60. F1200. (expect OVERLOAD)
G0 Z5.
G0 X-4. Y-10.
G1 Z-6. F400.
G1 Y90. F1200. (expect FIXTURE_COLLISION)
G0 Z5.
T10 M6
G0 X80. Y60. S8000 M3
G43 H10 Z5.
G1 Z-1. F800. (expect PLUNGE_NON_CENTER_CUTTING)
G0 Z5.
G0 X-120. (expect TRAVEL_LIMIT)
(expect PROGRAM_END_MISSING)
"""
    found, _ = run(program, job)
    assert codes(found) == expected(program)
