"""The material model: Z columns with exact ends, lowered by the swept volume of every move.

Public face: `simulate(toolpath, job, resolution=None, progress=None) -> Model`, the `Model` it
returns (fields documented in model.py), the stock shapes (`stock_shape`, `StockShape`), and the
exact ray probes and surface mesh (`Probe`, `surface_mesh`), which live in their own modules and
are imported on first use so that the column model never depends on them.
"""
from .model import Model
from .removal import simulate
from .stock import BoxStock, CylinderStock, StockShape, stock_shape

__all__ = ["Model", "simulate", "StockShape", "BoxStock", "CylinderStock", "stock_shape", "Probe", "surface_mesh"]

_LAZY = {"Probe": "probe", "surface_mesh": "mesh"}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module
    try:
        module = import_module(f"{__name__}.{_LAZY[name]}")
    except ModuleNotFoundError as exc:
        raise AttributeError(f"{__name__}.{name} is not available: {exc}") from exc
    return getattr(module, name)
