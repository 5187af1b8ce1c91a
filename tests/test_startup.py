"""Start-up stays light: PyVista (and VTK, matplotlib) only when a picture is drawn; Numba only
for the modules that run compiled code (the G-code lexer for `moves`, the kernel).

Checked in a fresh interpreter by the modules it loaded, not by a clock.
"""
import subprocess
import sys

import pytest

HEAVY = ("numba", "pyvista", "vtkmodules", "matplotlib")


@pytest.mark.parametrize("module, allowed", [("machinesim.gcode", ("numba",)), ("machinesim.render", ()),
                                             ("machinesim.render.headless", ()), ("machinesim.job", ()),
                                             ("machinesim.messages", ())])
def test_light_modules_import_no_heavy_library(module, allowed):
    heavy = tuple(m for m in HEAVY if m not in allowed)
    code = (f"import sys, {module}; print(' '.join(m for m in {heavy!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_render_names_load_on_first_use():
    code = ("import sys, machinesim.render as r; assert 'pyvista' not in sys.modules; "
            "f = r.render_part; print(f.__module__, 'pyvista' in sys.modules, r.look.__name__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["machinesim.render.part", "True", "machinesim.render.look"]
