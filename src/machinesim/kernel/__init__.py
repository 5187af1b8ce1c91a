"""The material model: Z columns with exact ends, lowered by the swept volume of every move.

Public face: `simulate(toolpath, job, resolution=None, progress=None) -> Model`, the `Model` it
returns (fields documented in model.py), the stock shapes (`stock_shape`, `StockShape`), and the
exact ray probes (`Probe`) and the surface mesh (`surface_triangles` as arrays, `surface_mesh` as a
PyVista mesh).
"""
from .model import Model
from .probe import Probe
from .removal import simulate
from .stock import BoxStock, CylinderStock, StockShape, stock_shape

__all__ = ["Model", "simulate", "StockShape", "BoxStock", "CylinderStock", "stock_shape", "Probe", "surface_mesh",
           "surface_triangles"]


def surface_triangles(model, probe, spacing=None, exact=True):
    """The watertight surface of the part as a `Surface` (see mesh.py); loads VTK's contour filter
    only when a mesh is asked for. `exact=False`: the lighter picture mesh, for pictures and films only."""
    from .mesh import surface_triangles as triangles

    return triangles(model, probe, spacing, exact)


def surface_mesh(model, probe, spacing=None, exact=True):
    """`surface_triangles` as a PyVista mesh."""
    return surface_triangles(model, probe, spacing, exact).polydata()
