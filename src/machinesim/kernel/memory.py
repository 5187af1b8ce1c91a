"""How much memory a model needs, checked against what the machine has before anything is allocated."""
from __future__ import annotations

import math

from ..findings import input_error

# Every command that cuts a model also analyses and meshes it, so a column costs what all three
# allocate for it at their peak, measured with tracemalloc and the process's peak RSS
# (tests/kernel/test_memory_estimate.py checks these figures against the real allocations):
# cutting: bottom, top (float64 per layer), count (int8), last_move (int32), initial and cell_area
# (float64), the transient arrays of the stock's columns and the walls' probes (78-90 bytes measured);
MODEL_BYTES_PER_COLUMN = 120
# meshing (kernel/mesh.py): the columns' copies, the signed field, the contour and its vertices
# (770-850 bytes measured on a 2.5D and a ball-milled 3D part, plus a fixed part for the slabs).
MESH_BYTES_PER_COLUMN = 1000
MESH_FIXED_BYTES = 160 * 1024 ** 2
BYTES_PER_COLUMN = MODEL_BYTES_PER_COLUMN + MESH_BYTES_PER_COLUMN
# bytes per move: removed (float64), rapid_cut (bool), the kernel's flat copies of the move
BYTES_PER_MOVE = 8 + 1 + 15 * 8
# the resolution suggested after a refusal uses at most this share of the memory available: the
# rest is for the interpreter, the probe's move log, the pictures and the other programs running
HEADROOM = 0.6
COARSEST = 5.0          # mm, the coarsest resolution a job may ask for (job.py)
GB = 1024.0 ** 3


def lattice_size(width: float, depth: float, h: float) -> tuple[int, int]:
    """(nx, ny) lattice lines covering a width × depth XY box from its low corner, both edges included
    (the last line sits on the far edge or just beyond it)."""
    return int(math.ceil(width / h - 1e-9)) + 1, int(math.ceil(depth / h - 1e-9)) + 1


def needed_bytes(width: float, depth: float, h: float, moves: int) -> int:
    """Peak bytes to cut, analyse and mesh a model of a width × depth stock at spacing h."""
    nx, ny = lattice_size(width, depth, h)
    return nx * ny * BYTES_PER_COLUMN + MESH_FIXED_BYTES + moves * BYTES_PER_MOVE


def available_bytes() -> int:
    """MemAvailable from /proc/meminfo; unlimited where the file does not exist."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 2 ** 62


def finest_resolution(width: float, depth: float, moves: int, available: int) -> float:
    """The finest lattice spacing (rounded up to the micron) whose model fits in `available` bytes."""
    room = available - moves * BYTES_PER_MOVE - MESH_FIXED_BYTES
    if room <= BYTES_PER_COLUMN:
        return math.inf
    h = max(math.sqrt(max(width, 1e-3) * max(depth, 1e-3) * BYTES_PER_COLUMN / room), 1e-3)
    h = math.ceil(h * 1000.0) / 1000.0
    while needed_bytes(width, depth, h, moves) > available:
        h += 0.001
    return round(h, 3)


def check_memory(width: float, depth: float, h: float, moves: int, available: int | None = None,
                 file: str = "", assumed: bool = False) -> None:
    """Raise InputError MEMORY (naming `file`, the job) when the model would not fit, with the finest
    resolution that fits in `HEADROOM` of the memory available; when none does, the stock is what
    is wrong (`assumed`: worked out from the program, whose paths then are)."""
    avail = available_bytes() if available is None else available
    need = needed_bytes(width, depth, h, moves)
    if need > avail:
        finest = finest_resolution(width, depth, moves, int(avail * HEADROOM))
        if finest > COARSEST:
            raise input_error("MEMORY.auto_stock" if assumed else "MEMORY.stock", file=file,
                              needed=f"{need / GB:.1f}", available=f"{avail / GB:.1f}",
                              width=f"{width:.1f}", depth=f"{depth:.1f}")
        raise input_error("MEMORY", file=file, needed=f"{need / GB:.1f}", available=f"{avail / GB:.1f}",
                          finest=f"{finest:g}")


def check_bytes(need: int, what: str, file: str = "", available: int | None = None) -> None:
    """Raise InputError MEMORY.{what} (naming `file`, the job) when `need` bytes would not fit."""
    avail = available_bytes() if available is None else available
    if need > avail:
        raise input_error("MEMORY." + what, file=file, needed=f"{need / GB:.1f}", available=f"{avail / GB:.1f}")
