"""A small progress bar for the terminal: the only stage that draws on stderr besides cli.py.

Kernels take a `progress(done, total)` callable; this builds one. It draws nothing for work that
ends within a second, and nothing at all when quiet or when stderr is not a terminal.
"""
from __future__ import annotations

import sys
import time
from typing import Callable, TextIO


class Bar:
    """`with Bar("Usinage", quiet) as bar: kernel(progress=bar)` draws `label [####  ] 42 %`."""

    def __init__(self, label: str, quiet: bool = False, stream: TextIO | None = None, delay: float = 1.0):
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = not quiet and getattr(self.stream, "isatty", lambda: False)()
        self.start = time.perf_counter()
        self.delay = delay
        self.drawn = False
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        now = time.perf_counter()
        if now - self.start < self.delay or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        frac = min(max(done / total, 0.0), 1.0)
        width = 30
        filled = int(round(frac * width))
        elapsed = now - self.start
        self.stream.write(f"\r{self.label} [{'#' * filled}{' ' * (width - filled)}] {frac * 100:5.1f} % {elapsed:5.1f} s")
        self.stream.flush()
        self.drawn = True

    def __enter__(self) -> "Bar":
        return self

    def __exit__(self, *exc) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()


ProgressFn = Callable[[int, int], None]


def kernels_compiled() -> bool:
    """Whether Numba's cache already holds machinesim's kernels; if not, the first run compiles
    them (about a minute, once) and the command line says so before it starts."""
    import os
    from pathlib import Path

    root = Path(os.environ.get("NUMBA_CACHE_DIR") or Path(__file__).parent)
    return any(root.rglob("*.nbi"))
