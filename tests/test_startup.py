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
    assert done.stdout.split() == ["machinesim.render.part", "False", "machinesim.render.look"]   # PyVista: when VTK draws


def test_run_draws_its_picture_without_vtk_pyvista_opengl_or_matplotlib(tmp_path):
    """`run` ends with part.png and part3d.html, drawn on the CPU (render/raster.py) from the mesh
    as arrays (kernel/contour.py, kernel/surface.py, render/shading.py): VTK and PyVista (0.25 s of
    import) and matplotlib stay out, and no test render is started."""
    from pathlib import Path

    demo = Path(__file__).resolve().parents[1] / "src" / "machinesim" / "data" / "demo.nc"
    code = ("import sys\nfrom machinesim.cli import main\n"
            f"code = main(['--quiet', 'run', {str(demo)!r}, '--out', {str(tmp_path / 'out')!r}])\n"
            "import machinesim.render.headless as h\n"
            "print(code, sorted(m for m in ('matplotlib', 'pyvista', 'vtkmodules') if m in sys.modules),"
            " h._pending is None and h._answer is None)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "0 [] True"
    assert {p.name for p in (tmp_path / "out").iterdir()} >= {"part.png", "part3d.html", "result.json"}
