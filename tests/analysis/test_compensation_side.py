"""G42 where G41 was meant: the contour is one tool diameter off on every wall, and says so.

The default block is 100 × 80; T1 is a Ø10 flat end mill. The part's outline is the rectangle
X2..98 Y2..78 (a 2 mm margin), walked clockwise: G41 keeps the tool outside (the right code, climb
milling), G42 puts it inside, and the part comes out 20 mm (two diameters) too small each way.
"""
import pytest

from machinesim.job import load_job
from machinesim.pipeline import simulate_program

JOB = load_job()


def outline(code):
    return f"""%
O1000
G21 G90 G17 G40 G49 G80
T1 M6
G54 G0 X-10. Y-10. S8000 M3
G43 H1 Z5.
G1 Z-5. F300.
{code} D1 G1 X2. Y-5. F800.
G1 Y78.
G1 X98.
G1 Y2.
G1 X-5.
G40 G1 X-15. Y-10.
G0 Z25.
M30
%
"""


POCKET = """%
O1001
G21 G90 G17 G40 G49 G80
T1 M6
G54 G0 X50. Y40. S8000 M3
G43 H1 Z5.
G1 Z-5. F300.
G41 D1 G1 X50. Y20. F800.
G1 X70.
G1 Y60.
G1 X30.
G1 Y20.
G1 X50.
G40 G1 X50. Y40.
G0 Z25.
M30
%
"""


def side_findings(tmp_path, text):
    p = tmp_path / "c.nc"
    p.write_text(text, encoding="ascii")
    return [f for f in simulate_program(p, JOB).findings if f.message_key == "COMPENSATION.side"]


def test_g42_on_an_outline_walked_clockwise_is_pointed_out(tmp_path):
    found = side_findings(tmp_path, outline("G42"))
    assert len(found) == 1
    f = found[0]
    assert f.severity == "info" and (f.params["code"], f.params["other"]) == ("G42", "G41")
    assert f.params["size"] == "20" and f.line <= 9 and f.line_end >= 11


@pytest.mark.parametrize("text", [outline("G41"), POCKET], ids=["outline G41", "pocket G41"])
def test_the_right_side_says_nothing(tmp_path, text):
    assert side_findings(tmp_path, text) == []
