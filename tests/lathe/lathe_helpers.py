"""Small lathe jobs for the tests."""
from machinesim.job import Job, Machine, Stock
from machinesim.lathe.setup import Lathe, LatheTool


def lathe_job(tools=(LatheTool(1),), resolution=0.1, dialect="fanuc", **lathe) -> Job:
    """A Ø40 bar from z = 1 to z = -69 in jaws at -58 (work = machine coordinates)."""
    kw = dict(bar_radius=20.0, front=1.0, back=-69.0, jaw_face=-58.0, jaw_radius=70.0)
    kw.update(lathe)
    lt = Lathe(tools=tuple(tools), **kw)
    r = lt.bar_radius
    stock = Stock(min=(-r, -r, lt.back), max=(r, r, lt.front))
    return Job(Machine(dialect=dialect, resolution=resolution, spindle_max=4000.0), stock=stock, lathe=lt)
