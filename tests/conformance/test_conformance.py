"""machinesim against LinuxCNC's rs274 on the programs of `programs/` (dialect linuxcnc).

Each program runs through both interpreters with the same tool table and work offsets
(`rs274_harness.TOOLS`, `OFFSETS`); the tool-tip moves in machine coordinates must agree within
0.003 mm (ends, arc centres, directions and turns), feeds within 0.1 %, and dwells and tool
changes must come after the same moves. Programs in `programs/errors/` are refused by rs274:
machinesim must report an error at the line their `(expect: ...)` comment names, and keep the
moves rs274 made before it.

A program on which machinesim is known to differ goes into KNOWN with the reason, as a strict
xfail, only until the interpreter is fixed.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import rs274_harness as h

HERE = Path(__file__).parent
PROGRAMS = sorted((HERE / "programs").glob("*.ngc"))
ERROR_PROGRAMS = sorted((HERE / "programs" / "errors").glob("*.ngc"))

# "name" or "errors/name" -> why machinesim differs from rs274 (strict xfail while it does)
KNOWN: dict[str, str] = {
}

pytestmark = [
    pytest.mark.rs274,
    pytest.mark.skipif(h.RS274 is None, reason="LinuxCNC's rs274 is not installed "
                       "(Debian package linuxcnc-uspace): conformance not checked"),
]


def _params(paths, prefix=""):
    out = []
    for p in paths:
        key = prefix + p.stem
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN[key])] if key in KNOWN else []
        out.append(pytest.param(p, id=key, marks=marks))
    return out


@pytest.fixture(scope="module")
def interpret():
    try:
        from machinesim.gcode import interpret
    except ImportError:
        pytest.skip("machinesim.gcode.interpret is not available yet")
    return interpret


def _machinesim(interpret, path: Path, text: str):
    toolpath = interpret(text, h.conformance_job(), str(path))
    return toolpath, h.toolpath_to_run(toolpath)


def _describe(findings) -> str:
    return "; ".join(f"{f.code} line {f.line}:{f.column} {f.params}" for f in findings)


@pytest.mark.parametrize("path", _params(PROGRAMS))
def test_program_moves_match_rs274(interpret, path):
    text = path.read_text(encoding="utf-8")
    reference = h.normalise(h.rs274_run(text))
    toolpath, run = _machinesim(interpret, path, text)
    errors = h.alarms(toolpath)
    assert not errors, f"machinesim refused a program rs274 accepts: {_describe(errors)}"
    differences = h.compare(reference, h.normalise(run))
    assert not differences, f"{path.name}:\n" + "\n".join(str(d) for d in differences)


@pytest.mark.parametrize("path", _params(ERROR_PROGRAMS, "errors/"))
def test_error_program_is_refused_at_the_same_line(interpret, path):
    text = path.read_text(encoding="utf-8")
    code, line, rs274_line = h.expected_error(text)
    with pytest.raises(h.Rs274Error) as refused:
        h.run_rs274(text)
    assert refused.value.line == rs274_line, refused.value.message

    toolpath, run = _machinesim(interpret, path, text)
    errors = h.alarms(toolpath)
    assert any(f.line == line and code in ("*", f.code) for f in errors), (
        f"expected an error {code} at line {line} (rs274: {refused.value.message}); "
        f"machinesim found: {_describe(toolpath.findings) or 'nothing'}")
    # the moves before the alarm are kept, and they are rs274's
    before = h.normalise(h.canon_to_run(h.parse_canon(refused.value.canon)))
    kept = h.normalise(run)
    kept = h.Run(kept.moves[:len(before.moves)], [e for e in kept.events if e.after <= len(before.moves)])
    differences = h.compare(before, kept)
    assert not differences, f"{path.name}:\n" + "\n".join(str(d) for d in differences)
