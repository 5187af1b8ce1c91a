"""What machinesim had to assume about the job, said as findings of severity info.

A stock worked out from the program (`[stock] auto`) changes every volume and every RAPID_IN_MATERIAL:
the student and the master must see which block was assumed, in the job's own coordinates.
"""
from __future__ import annotations

from ..findings import INFO, Finding
from ..job import Job
from ..toolpath import Toolpath


def check_assumed_stock(toolpath: Toolpath, job: Job, stock) -> list[Finding]:
    """STOCK_ASSUMED (info) when the stock was worked out from the program: its box in work coordinates
    (nothing when the program has no cutting move to work it out from: there is no block to show)."""
    if not getattr(stock, "assumed", False) or stock.hi[0] <= stock.lo[0] or stock.hi[1] <= stock.lo[1]:
        return []
    o = job.offset(job.stock.frame)
    lo = [round(v - w, 3) for v, w in zip(stock.lo, o)]
    hi = [round(v - w, 3) for v, w in zip(stock.hi, o)]
    size = [round(b - a, 3) for a, b in zip(lo, hi)]
    return [Finding("STOCK_ASSUMED", INFO, file=toolpath.files[0], key="STOCK_ASSUMED",
                    params=dict(frame=job.stock.frame, dx=f"{size[0]:g}", dy=f"{size[1]:g}", dz=f"{size[2]:g}",
                                x0=f"{lo[0]:g}", y0=f"{lo[1]:g}", z0=f"{lo[2]:g}",
                                x1=f"{hi[0]:g}", y1=f"{hi[1]:g}", z1=f"{hi[2]:g}",
                                margin=f"{job.stock.margin:g}"))]
