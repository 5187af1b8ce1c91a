"""The rendering probe: it must survive a crashing child and say what fixes it."""
from __future__ import annotations

import os

import pytest

from machinesim import messages
from machinesim.render import APT_FIX, RenderingUnavailable, headless


@pytest.fixture
def fresh_probe(monkeypatch):
    """Forget the cached answer for the test, and restore it afterwards."""
    monkeypatch.setattr(headless, "_answer", None)
    return monkeypatch


def test_crashing_child_is_reported_with_the_apt_command(fresh_probe):
    fresh_probe.setattr(headless, "_PROBE", "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)")
    ok, reason = headless.rendering_available()
    assert not ok
    assert "SIGSEGV" in reason and "OpenGL" in reason


def test_blank_render_is_not_taken_for_working(fresh_probe):
    fresh_probe.setattr(headless, "_PROBE", "print('vtkEGLRenderWindow', 0)")
    ok, reason = headless.rendering_available()
    assert not ok and "blank" in reason


def test_failing_child_reports_its_last_error_line(fresh_probe):
    fresh_probe.setattr(headless, "_PROBE", "raise ImportError('libEGL.so.1: cannot open')")
    ok, reason = headless.rendering_available()
    assert not ok and "libEGL.so.1" in reason


def test_answer_is_probed_once_per_process(fresh_probe):
    calls = []
    fresh_probe.setattr(headless, "_probe", lambda: calls.append(1) or (True, "fine"))
    assert headless.rendering_available() == (True, "fine")
    assert headless.rendering_available() == (True, "fine")
    assert len(calls) == 1


def test_unavailable_rendering_raises_a_finding_with_the_fix(fresh_probe):
    fresh_probe.setattr(headless, "_probe", lambda: (False, "the test render crashed"))
    with pytest.raises(RenderingUnavailable) as caught:
        headless.require_rendering()
    finding = caught.value.finding
    for lang in messages.LANGS:
        assert "crashed" in messages.message(finding, lang)
        assert APT_FIX in messages.hint(finding.message_key, lang, **finding.params)


def test_egl_is_chosen_only_when_nobody_chose(monkeypatch):
    monkeypatch.delenv(headless.WINDOW_VARIABLE, raising=False)
    headless.use_offscreen_window()
    assert os.environ[headless.WINDOW_VARIABLE] == headless.OFFSCREEN_WINDOW
    monkeypatch.setenv(headless.WINDOW_VARIABLE, "vtkXOpenGLRenderWindow")
    headless.use_offscreen_window()
    assert os.environ[headless.WINDOW_VARIABLE] == "vtkXOpenGLRenderWindow"



def test_a_probe_started_early_is_the_one_answered(fresh_probe):
    """start_probe's child, running while the program is cut, gives the answer; none other is run."""
    fresh_probe.setattr(headless, "_pending", None)
    fresh_probe.setattr(headless, "_PROBE", "print('vtkEGLRenderWindow', 7)")
    headless.start_probe()
    fresh_probe.setattr(headless, "_PROBE", "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)")
    ok, reason = headless.rendering_available()
    assert ok and "vtkEGLRenderWindow" in reason
    assert headless._pending is None
