"""Wear offsets: D and H geometry + wear from the job's tool table and from G10 (Fanuc L10-L13).

Truth is the geometry of the offset: G41 runs the tool centre D = radius + wear from the
programmed line, G43 sets the tip H - length = wear above the gauge-line position.
"""
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from machinesim.gcode import interpret
from machinesim.job import parse_job
from gcode_helpers import G54, errors, job, run

CONTOUR = """G21 G17 G90 G94 G54
T2 M6
{g10}
G0 X-20 Y-20 S8000 M3
G43 H2 Z5.
G1 Z-2. F300
G41 D2 G1 X0 Y0
G1 X50.
G40 G0 X60. Y-20.
M30
"""


def wall_and_floor(tp):
    """Y of the tool centre along the X0 -> X50 line, and its tip Z (work coordinates)."""
    m = tp.moves
    cut = m[(m["kind"] == 1) & np.isclose(m["start"][:, 1], m["end"][:, 1]) & (m["end"][:, 0] - m["start"][:, 0] > 40)]
    assert len(cut) == 1
    return cut["start"][0, 1] - G54[1], cut["start"][0, 2] - G54[2]


@settings(max_examples=25, deadline=None)
@given(st.floats(-0.2, 0.2), st.floats(-0.2, 0.2))
def test_g10_l13_and_l11_set_the_wear_the_path_follows(d_wear, h_wear):
    tp = run(CONTOUR.format(g10=f"G10 L13 P2 R{d_wear:.4f}\nG10 L11 P2 R{h_wear:.4f}"))
    assert not errors(tp)
    y, z = wall_and_floor(tp)
    assert y == pytest.approx(3.0 + round(d_wear, 4), abs=1e-9)        # G41: left of +X, the centre above
    assert z == pytest.approx(-2.0 + round(h_wear, 4), abs=1e-9)
    said = {f.params["register"]: float(f.params["value"]) for f in tp.findings if f.key == "OFFSET.set_wear"}
    # the finding says the value as written (4 decimals) to 3 decimals: within half a thousandth
    assert said == pytest.approx({"D2": round(d_wear, 4), "H2": round(h_wear, 4)}, abs=6e-4)


def test_g10_in_g91_adds_to_the_wear_and_l12_sets_the_geometry():
    tp = run(CONTOUR.format(g10="G10 L13 P2 R-0.01\nG91 G10 L13 P2 R-0.015\nG90"))
    assert wall_and_floor(tp)[0] == pytest.approx(3.0 - 0.025, abs=1e-9)
    tp = run(CONTOUR.format(g10="G10 L12 P2 R2.5\nG10 L13 P2 R0.03"))
    assert wall_and_floor(tp)[0] == pytest.approx(2.53, abs=1e-9)


def test_wear_from_the_job_tool_table():
    j = job()
    j = replace(j, tools={**j.tools, 2: replace(j.tools[2], radius_wear=-0.02, length_wear=0.05)})
    tp = interpret(CONTOUR.format(g10=""), j)
    y, z = wall_and_floor(tp)
    assert (y, z) == pytest.approx((2.98, -1.95), abs=1e-9)
    parsed = parse_job({"tool": [{"number": 2, "diameter": 6, "radius_wear": -0.02, "length_wear": 0.01}]}, "j")
    assert (parsed.tool(2).radius_wear, parsed.tool(2).length_wear) == (-0.02, 0.01)


def test_g10_for_an_unknown_tool_is_refused_at_its_line():
    tp = run(CONTOUR.format(g10="G10 L13 P7 R-0.01"))
    assert [(f.key, f.line) for f in errors(tp)] == [("UNKNOWN_TOOL", 3)]
