"""Comparisons of the simulated part with a design model (STL) or with the master's program.

Design: the signed distance from the design surface at every vertex of the simulated surface
(VTK's implicit distance: below zero inside the design, a gouge; above zero, material in excess),
its statistics and the connected regions beyond a tolerance.

Master's program: vertical exact rays on a grid over the stock compare the two parts column by
column: material the master keeps and the student removed is missing, material the student left
is left over. Volumes are the column lengths times the cell area (exact in Z, the grid's spacing in
X and Y); each region names the student's lines whose moves made the student's surface there.
"""
from __future__ import annotations

import warnings
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..findings import input_error
from ..job import Job
from ..toolpath import Toolpath

MIN_THICKNESS = 1e-4        # mm: thinner differences between the parts are numerical, not material


@dataclass(frozen=True)
class DesignComparison:
    distances: np.ndarray                     # signed deviation at every vertex of the simulated surface, mm
    stats: dict                               # min, max, mean, std, beyond (% of area), tolerance
    regions: list = field(default_factory=list)   # kind "gouge"/"excess", area mm², extreme mm, centre (work)


@dataclass(frozen=True)
class ReferenceComparison:
    missing_mm3: float
    left_mm3: float
    spacing: float
    missing: np.ndarray = field(repr=False, default=None)   # (ny, nx) mm of material missing per column
    left: np.ndarray = field(repr=False, default=None)      # (ny, nx) mm of material left per column
    regions: list = field(default_factory=list)   # kind "missing"/"left", volume, centre (work), lines


def load_design(path: str | Path):
    """Read a design model (STL or any mesh PyVista reads) as a triangulated surface."""
    import pyvista as pv
    p = Path(path)
    if not p.is_file():
        raise input_error("FILE.missing", file=str(p), path=str(p))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mesh = pv.read(p)
    except Exception as exc:                  # VTK raises many kinds on a broken file
        raise input_error("FILE.unreadable", file=str(p), path=str(p), reason=exc.__class__.__name__)
    if mesh.n_points == 0:
        raise input_error("FILE.unreadable", file=str(p), path=str(p), reason="empty mesh")
    return _triangles(mesh)


def _triangles(mesh):
    """The mesh's outer surface as triangles (a PolyData is already a surface)."""
    import pyvista as pv
    if not isinstance(mesh, pv.PolyData):
        mesh = mesh.extract_surface(algorithm="dataset_surface")
    return mesh.triangulate()


def _float64(mesh):
    """A copy with float64 points: float32 loses 30 µm at 300 mm from the machine zero."""
    out = mesh.copy()
    out.points = np.asarray(mesh.points, np.float64)
    return out


def compare_design(surface, design, tolerance: float = 0.05, offset=(0.0, 0.0, 0.0)) -> DesignComparison:
    """Signed deviation of `surface` (simulated part, machine coordinates) from `design`.

    `design` is a mesh or a file path, in work coordinates whose zero is at machine `offset`
    (`job.offset(frame)`); regions' centres are given back in those work coordinates.
    """
    import pyvista as pv
    off = np.asarray(offset, float)
    if not isinstance(design, pv.DataSet):
        design = load_design(design)
    design = _float64(_triangles(design))
    design.points = design.points + off
    mesh = _float64(_triangles(surface)).compute_implicit_distance(design)
    mesh.cell_data["cell_id"] = np.arange(mesh.n_cells)
    d = np.asarray(mesh["implicit_distance"], float)
    sized = mesh.compute_cell_sizes(length=False, area=True, volume=False)
    area = np.asarray(sized.cell_data["Area"], float)
    cell_d = np.asarray(mesh.point_data_to_cell_data()["implicit_distance"], float)
    total = float(area.sum()) or 1.0
    beyond = 100.0 * float(area[np.abs(cell_d) > tolerance].sum()) / total
    stats = {"min": float(d.min()), "max": float(d.max()), "mean": float(d.mean()), "std": float(d.std()),
             "beyond": beyond, "tolerance": tolerance}
    regions = []
    centres = np.asarray(mesh.cell_centers().points, float)
    for kind, mask in (("gouge", cell_d < -tolerance), ("excess", cell_d > tolerance)):
        ids = np.nonzero(mask)[0]
        if not len(ids):
            continue
        part = mesh.extract_cells(ids).connectivity()
        labels = np.asarray(part.cell_data["RegionId"])
        orig = np.asarray(part.cell_data["cell_id"])
        for label in np.unique(labels):
            cells = orig[labels == label]
            a = area[cells]
            extreme = cell_d[cells].min() if kind == "gouge" else cell_d[cells].max()
            centre = (centres[cells] * a[:, None]).sum(0) / max(a.sum(), 1e-300) - off
            regions.append({"kind": kind, "area": float(a.sum()), "extreme": float(extreme),
                            "centre": centre.tolist()})
    regions.sort(key=lambda g: -g["area"])
    return DesignComparison(d, stats, regions)


def _column_intervals(probe, origins: np.ndarray, down: np.ndarray) -> list[np.ndarray]:
    if hasattr(probe, "intervals_many"):
        return probe.intervals_many(origins, down)
    return [np.asarray(probe.intervals(o, down), float).reshape(-1, 2) for o in origins]


def _length_minus(a: np.ndarray, b: np.ndarray) -> float:
    """Total length of the intervals `a` outside the intervals `b` (both sorted, disjoint)."""
    total = 0.0
    for lo, hi in a:
        covered = 0.0
        for blo, bhi in b:
            covered += max(0.0, min(hi, bhi) - max(lo, blo))
        total += (hi - lo) - covered
    return total


def _regions(mask: np.ndarray) -> list[np.ndarray]:
    """4-connected regions of a boolean grid, as arrays of (j, i) cells."""
    seen = np.zeros_like(mask, bool)
    out = []
    ny, nx = mask.shape
    for j0, i0 in zip(*np.nonzero(mask)):
        if seen[j0, i0]:
            continue
        cells, queue = [], deque([(j0, i0)])
        seen[j0, i0] = True
        while queue:
            j, i = queue.popleft()
            cells.append((j, i))
            for jj, ii in ((j + 1, i), (j - 1, i), (j, i + 1), (j, i - 1)):
                if 0 <= jj < ny and 0 <= ii < nx and mask[jj, ii] and not seen[jj, ii]:
                    seen[jj, ii] = True
                    queue.append((jj, ii))
        out.append(np.array(cells))
    return out


def compare_reference(student, master, job: Job, student_toolpath: Toolpath | None = None,
                      spacing: float = 0.5, frame: str = "G54") -> ReferenceComparison:
    """Where the student's part (probe `student`) differs from the master's (probe `master`)."""
    lo, hi = job.stock_box_machine
    xs = np.arange(lo[0] + spacing / 2, hi[0], spacing)
    ys = np.arange(lo[1] + spacing / 2, hi[1], spacing)
    top = hi[2] + 1.0
    gx, gy = np.meshgrid(xs, ys)
    origins = np.column_stack([gx.ravel(), gy.ravel(), np.full(gx.size, top)])
    down = np.array([0.0, 0.0, -1.0])
    s_iv = _column_intervals(student, origins, down)
    m_iv = _column_intervals(master, origins, down)
    missing = np.array([_length_minus(m, s) for s, m in zip(s_iv, m_iv)]).reshape(gx.shape)
    left = np.array([_length_minus(s, m) for s, m in zip(s_iv, m_iv)]).reshape(gx.shape)
    cell = spacing * spacing
    lines = student_toolpath.moves["line"] if student_toolpath is not None else None
    knows = callable(getattr(student, "cuts", None)) and lines is not None
    off = np.asarray(job.offset(frame), float)
    regions = []
    for kind, grid in (("missing", missing), ("left", left)):
        for cells in _regions(grid > MIN_THICKNESS):
            j, i = cells[:, 0], cells[:, 1]
            w = grid[j, i]
            centre = np.array([(gx[j, i] * w).sum(), (gy[j, i] * w).sum()]) / w.sum()
            named: set[int] = set()
            if knows:
                for jj, ii in cells[:: max(1, len(cells) // 50)]:      # at most ~50 columns per region
                    _, moves = student.cuts(np.array([gx[jj, ii], gy[jj, ii], top]), down)
                    named |= {int(lines[m]) for m in np.asarray(moves).ravel()[:1] if m >= 0}
            regions.append({"kind": kind, "volume": float(w.sum() * cell),
                            "centre": (centre - off[:2]).tolist(), "lines": sorted(named)})
    regions.sort(key=lambda g: -g["volume"])
    return ReferenceComparison(float(missing.sum() * cell), float(left.sum() * cell), spacing, missing, left,
                               regions)
