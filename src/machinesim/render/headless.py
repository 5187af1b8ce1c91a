"""Rendering without a screen, and a probe that tells whether it works before anything can crash.

The PyPI VTK wheel renders offscreen through EGL with Mesa's llvmpipe when `libegl1` and
`libgl1-mesa-dri` are installed; without them its first render kills the process with a
segmentation fault that no Python code can catch. So the probe renders once in a child process,
and the answer is kept for the life of this process.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from contextlib import contextmanager

from ..findings import ERROR, Error, Finding
from ..messages import said

APT_FIX = "apt-get install -y --no-install-recommends libegl1 libgl1-mesa-dri"
WINDOW_VARIABLE = "VTK_DEFAULT_OPENGL_WINDOW"
OFFSCREEN_WINDOW = "vtkEGLRenderWindow"

# A 64 × 64 render of a sphere with bare VTK (faster to import than PyVista); prints the window
# class and how many pixels the sphere lit.
_PROBE = """
import vtkmodules.vtkRenderingOpenGL2
from vtkmodules.vtkFiltersSources import vtkSphereSource
from vtkmodules.vtkRenderingCore import (vtkActor, vtkPolyDataMapper, vtkRenderer,
                                         vtkRenderWindow, vtkWindowToImageFilter)
from vtkmodules.util.numpy_support import vtk_to_numpy
sphere = vtkSphereSource()
mapper = vtkPolyDataMapper()
mapper.SetInputConnection(sphere.GetOutputPort())
actor = vtkActor()
actor.SetMapper(mapper)
renderer = vtkRenderer()
renderer.AddActor(actor)
window = vtkRenderWindow()
window.SetOffScreenRendering(1)
window.SetSize(64, 64)
window.AddRenderer(renderer)
window.Render()
grab = vtkWindowToImageFilter()
grab.SetInput(window)
grab.Update()
pixels = vtk_to_numpy(grab.GetOutput().GetPointData().GetScalars())
print(window.GetClassName(), int((pixels.max(axis=1) > 0).sum()))
"""

_answer: tuple[bool, str] | None = None
_pending: subprocess.Popen | None = None      # the test render started ahead (start_probe)
_we_chose_window = False


class RenderingUnavailable(Error):
    """No picture can be made here; carries a finding rendered from the catalogue."""


def use_offscreen_window() -> None:
    """Make VTK render through EGL unless someone already chose a window class."""
    global _we_chose_window
    if not os.environ.get(WINDOW_VARIABLE):
        os.environ[WINDOW_VARIABLE] = OFFSCREEN_WINDOW
        _we_chose_window = True


def display_available() -> bool:
    """True when an X or Wayland display is there for an interactive window."""
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


@contextmanager
def window_class_for(interactive: bool):
    """While creating a plotter: EGL offscreen, or VTK's own choice for an on-screen window."""
    use_offscreen_window()
    if interactive and _we_chose_window:
        os.environ.pop(WINDOW_VARIABLE, None)
        try:
            yield
        finally:
            os.environ[WINDOW_VARIABLE] = OFFSCREEN_WINDOW
    else:
        yield


def _spawn() -> subprocess.Popen:
    """The test render, started in a child process."""
    env = dict(os.environ)
    if not env.get(WINDOW_VARIABLE):
        env[WINDOW_VARIABLE] = OFFSCREEN_WINDOW
    return subprocess.Popen([sys.executable, "-c", _PROBE], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def start_probe() -> None:
    """Start the test render now, in the background: it takes about a second (a Python that loads
    VTK), which the simulation then covers on the other core; `rendering_available` collects it."""
    global _pending
    if _answer is None and _pending is None:
        try:
            _pending = _spawn()
        except OSError:
            _pending = None


def _probe() -> tuple[bool, str]:
    global _pending
    child, _pending = _pending, None
    try:
        child = child or _spawn()
        stdout, stderr = child.communicate(timeout=120)
    except OSError as exc:
        return False, said("said.render_not_run", error=exc)
    except subprocess.TimeoutExpired as exc:
        child.kill()
        child.communicate()
        return False, said("said.render_not_run", error=exc)
    run = subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)
    if run.returncode < 0:
        try:
            name = signal.Signals(-run.returncode).name
        except ValueError:
            name = f"signal {-run.returncode}"
        return False, said("said.render_crashed", name=name)
    words = run.stdout.split()
    if run.returncode != 0 or len(words) < 2:
        last = (run.stderr.strip().splitlines() or ["no output"])[-1]
        return False, said("said.render_failed", last=last)
    if int(words[-1]) == 0:
        return False, said("said.render_blank", window=words[-2])
    return True, f"offscreen rendering works ({words[-2]})"


def rendering_available() -> tuple[bool, str]:
    """(works, reason): probed once per process in a child process, so a crash cannot spread.

    The reason says what failed; `APT_FIX` is the command that fixes it (Debian, Ubuntu).
    """
    global _answer
    if _answer is None:
        _answer = _probe()
    return _answer


def require_rendering() -> None:
    """Raise `RenderingUnavailable` (with the apt command that fixes it) when nothing renders."""
    ok, reason = rendering_available()
    if not ok:
        raise RenderingUnavailable(Finding(code="RENDER", severity=ERROR, key="RENDER.unavailable",
                                           params={"reason": reason, "command": APT_FIX}))
