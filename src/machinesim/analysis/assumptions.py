"""What machinesim had to assume about the job, said as findings of severity info.

A stock worked out from the program (`[stock] auto`) changes every volume and every RAPID_IN_MATERIAL:
the student and the master must see which block was assumed, in the job's own coordinates.
"""
from __future__ import annotations

from ..findings import INFO, Finding
from ..job import Job
from ..toolpath import Toolpath


def assumed_stock(job: Job, stock) -> dict | None:
    """The block `[stock] auto` assumed, for reports: {"frame", "min", "max"} in work coordinates
    (mm, rounded to the micron); None when the job gave its stock or there was nothing to work it
    out from (no cutting move)."""
    if not getattr(stock, "assumed", False) or stock.hi[0] <= stock.lo[0] or stock.hi[1] <= stock.lo[1]:
        return None
    o = job.offset(job.stock.frame)
    return {"frame": job.stock.frame, "min": [round(v - w, 3) for v, w in zip(stock.lo, o)],
            "max": [round(v - w, 3) for v, w in zip(stock.hi, o)]}


def check_assumed_stock(toolpath: Toolpath, job: Job, stock) -> list[Finding]:
    """STOCK_ASSUMED (info) when the stock was worked out from the program: its box in work coordinates."""
    box = assumed_stock(job, stock)
    if box is None:
        return []
    lo, hi = box["min"], box["max"]
    size = [round(b - a, 3) for a, b in zip(lo, hi)]
    return [Finding("STOCK_ASSUMED", INFO, file=toolpath.files[0], key="STOCK_ASSUMED",
                    params=dict(frame=box["frame"], dx=f"{size[0]:g}", dy=f"{size[1]:g}", dz=f"{size[2]:g}",
                                x0=f"{lo[0]:g}", y0=f"{lo[1]:g}", z0=f"{lo[2]:g}",
                                x1=f"{hi[0]:g}", y1=f"{hi[1]:g}", z1=f"{hi[2]:g}",
                                margin=f"{job.stock.margin:g}"))]
