"""machinesim: a CNC machining simulator and training tool.

Students rehearse G-code before the machine; masters grade the simulated part with virtual
instruments against the drawing's tolerances. See README.md and docs/internals.md.

The Python API (see `machinesim.api`) is loaded on first use, so `import machinesim` stays light:

>>> import machinesim
>>> sorted(machinesim.__all__)[:4]
['Error', 'InputError', 'check', 'grade_folder']
"""
__version__ = "0.3.2"

__all__ = ["Error", "InputError", "check", "grade_folder", "load_job", "load_spec", "simulate"]

_FROM = {"Error": "findings", "InputError": "findings", "check": "api", "grade_folder": "api",
         "load_job": "api", "load_spec": "api", "simulate": "api"}


SUBMODULES = ("api", "messages")


def __getattr__(name: str):
    """Import the API's modules when one of their names (or `messages`) is first asked for."""
    from importlib import import_module

    if name in SUBMODULES:
        return import_module(f".{name}", __name__)
    if name not in _FROM:
        raise AttributeError(f"module 'machinesim' has no attribute {name!r}")
    value = getattr(import_module(f".{_FROM[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
