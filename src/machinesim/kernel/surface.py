"""A part's surface as two arrays (its vertices and triangles), without VTK or PyVista.

The mesh `run` and `check` draw needs nothing of VTK's data model: it is contoured by
kernel/contour.py, their picture is drawn on the CPU (render/raster.py) and their 3D page is a JSON
document. Importing VTK and PyVista costs 0.25 s of every command, a third of a small part's whole
run, so the picture mesh travels as a `Surface`; `polydata()` makes the PyVista mesh for what
draws through VTK or measures with it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True, eq=False)
class Surface:
    """Triangles of a closed surface: `points` (n, 3) in mm, `triangles` (m, 3) indices into them.
    `derived` keeps what is computed from them once for several users (the picture and the 3D page
    shade the same surface: render/shading.shaded_surface)."""
    points: np.ndarray
    triangles: np.ndarray
    derived: dict = field(default_factory=dict, repr=False)

    @property
    def n_points(self) -> int:
        return len(self.points)

    @property
    def n_cells(self) -> int:
        return len(self.triangles)

    @property
    def bounds(self) -> tuple[float, float, float, float, float, float]:
        """(xmin, xmax, ymin, ymax, zmin, zmax), as VTK gives them: inverted (1, -1, ...) when empty."""
        if not len(self.points):
            return (1.0, -1.0, 1.0, -1.0, 1.0, -1.0)
        lo, hi = self.points.min(axis=0), self.points.max(axis=0)
        return (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]), float(lo[2]), float(hi[2]))

    def polydata(self):
        """The same triangles as a PyVista mesh (imports PyVista)."""
        import pyvista as pv

        if not len(self.triangles):
            return pv.PolyData()
        return pv.PolyData.from_regular_faces(np.asarray(self.points, float), np.asarray(self.triangles, np.int64))


def as_surface(mesh) -> Surface:
    """A `Surface` from a `Surface` or a PyVista mesh (its polygons cut into triangles)."""
    if isinstance(mesh, Surface):
        return mesh
    if not mesh.n_cells:
        return Surface(np.zeros((0, 3)), np.zeros((0, 3), np.int64))
    body = mesh if mesh.is_all_triangles else mesh.triangulate()
    return Surface(np.asarray(body.points, float), np.asarray(body.faces.reshape(-1, 4)[:, 1:], np.int64))


def as_polydata(mesh):
    """A PyVista mesh from a `Surface` or a PyVista mesh (returned as it is)."""
    return mesh.polydata() if isinstance(mesh, Surface) else mesh
