"""machinesim against rs274 on the LinuxCNC-style programs of the real-world corpus.

The corpus (../shared/corpus, see its README) is read in place and never copied; these tests skip
when it is absent. The programs run with the harness's set-up plus every tool they name
(`rs274_harness.tools_for`), made acceptable to rs274 by `rs274_harness.rs274_ready`. When rs274
refuses a program, machinesim must refuse it at the same line; otherwise the moves must match.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import rs274_harness as h

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
LINUXCNC_STYLE = sorted(p for folder in ("c_linuxcnc", "d_grbl") for p in (CORPUS / folder).glob("*")
                        if p.is_file() and not p.name.endswith(".src.txt")) if CORPUS.is_dir() else []

# corpus file name -> why machinesim differs from rs274 (strict xfail while it does)
KNOWN: dict[str, str] = {
}

pytestmark = [
    pytest.mark.rs274,
    pytest.mark.skipif(h.RS274 is None, reason="LinuxCNC's rs274 is not installed "
                       "(Debian package linuxcnc-uspace): conformance not checked"),
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the real-world corpus {CORPUS} is absent"),
]


@pytest.fixture(scope="module")
def interpret():
    try:
        from machinesim.gcode import interpret
    except ImportError:
        pytest.skip("machinesim.gcode.interpret is not available yet")
    return interpret


def _param(p: Path):
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN[p.name])] if p.name in KNOWN else []
    return pytest.param(p, id=p.name, marks=marks)


@pytest.mark.parametrize("path", [_param(p) for p in LINUXCNC_STYLE])
def test_corpus_program_matches_rs274(interpret, path):
    text = h.rs274_ready(path.read_text(encoding="utf-8", errors="replace"))
    tools = h.tools_for(text)
    toolpath = interpret(text, h.conformance_job(tools), str(path))
    errors = h.alarms(toolpath)
    try:
        reference = h.normalise(h.rs274_run(text, tools), tools=tools)
    except h.Rs274Error as refused:
        assert any(f.line == refused.line for f in errors), (
            f"rs274 refuses line {refused.line} ({refused.message}); machinesim: "
            + ("; ".join(f"{f.code} line {f.line}" for f in errors) or "no error"))
        return
    assert not errors, "machinesim refused what rs274 accepts: " + "; ".join(
        f"{f.code} line {f.line}:{f.column} {f.params}" for f in errors)
    differences = h.compare(reference, h.normalise(h.toolpath_to_run(toolpath), tools=tools))
    assert not differences, f"{path.name}:\n" + "\n".join(str(d) for d in differences)
