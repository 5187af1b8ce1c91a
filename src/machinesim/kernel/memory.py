"""How much memory a model needs, checked against what the machine has before anything is allocated."""
from __future__ import annotations

import math

from ..findings import input_error

# bytes per column: bottom, top (float64 each per layer), count (int8), last_move (int32), initial
# and cell_area (float64), plus the transient arrays used while the stock fills the columns
BYTES_PER_COLUMN = 8 + 8 + 1 + 4 + 8 + 8 + 48
# bytes per move: removed (float64), rapid_cut (bool), the kernel's flat copies of the move
BYTES_PER_MOVE = 8 + 1 + 15 * 8
GB = 1024.0 ** 3


def lattice_size(width: float, depth: float, h: float) -> tuple[int, int]:
    """(nx, ny) lattice lines covering a width × depth XY box from its low corner, both edges included
    (the last line sits on the far edge or just beyond it)."""
    return int(math.ceil(width / h - 1e-9)) + 1, int(math.ceil(depth / h - 1e-9)) + 1


def needed_bytes(width: float, depth: float, h: float, moves: int) -> int:
    nx, ny = lattice_size(width, depth, h)
    return nx * ny * BYTES_PER_COLUMN + moves * BYTES_PER_MOVE


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
    room = available - moves * BYTES_PER_MOVE
    if room <= BYTES_PER_COLUMN:
        return math.inf
    h = max(math.sqrt(max(width, 1e-3) * max(depth, 1e-3) * BYTES_PER_COLUMN / room), 1e-3)
    h = math.ceil(h * 1000.0) / 1000.0
    while needed_bytes(width, depth, h, moves) > available:
        h += 0.001
    return round(h, 3)


def check_memory(width: float, depth: float, h: float, moves: int, available: int | None = None) -> None:
    """Raise InputError MEMORY when the model would not fit, naming the finest resolution that does."""
    avail = available_bytes() if available is None else available
    need = needed_bytes(width, depth, h, moves)
    if need > avail:
        raise input_error("MEMORY", needed=f"{need / GB:.1f}", available=f"{avail / GB:.1f}",
                          finest=f"{finest_resolution(width, depth, moves, avail):g}")
