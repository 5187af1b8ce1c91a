"""Ctrl-C inside a compiled kernel: stop at once, say so, exit with code 130.

Python answers Ctrl-C only between bytecodes, so a Numba kernel (cutting, meshing) that runs for
ten seconds kept the user waiting and then ended in `SystemError: CPUDispatcher(...)`. While such
a stage runs, `stop_at_once(lang)` puts a compiled signal handler in place that writes the
catalogue's sentence to stderr and ends the process with code 130 immediately. Nothing is written
to disk during these stages (reports are written after, under Python's own Ctrl-C handling and
atomically), so stopping there leaves no half-written file.
"""
from __future__ import annotations

import ctypes
import signal
import threading
from contextlib import contextmanager
from collections.abc import Iterator

from . import messages

EXIT_CODE = 130
_handlers: dict[str, object] = {}     # lang -> compiled handler (its message is part of the code)


def _compile(lang: str):
    """A C signal handler (Numba cfunc) that writes the sentence and calls `_exit(130)`.

    The sentence's bytes are a constant of the compiled code, so the handler needs neither the GIL
    nor Python objects; it is compiled once per process and language (0.1 to 0.5 s; Numba cannot
    cache code that calls C functions by address), so it always says the catalogue's sentence."""
    import numpy as np
    from numba import cfunc, types

    libc = ctypes.CDLL(None)
    write = libc.write
    write.argtypes, write.restype = (ctypes.c_int, ctypes.c_size_t, ctypes.c_size_t), ctypes.c_ssize_t
    leave = libc._exit
    leave.argtypes, leave.restype = (ctypes.c_int,), None
    said = np.frombuffer(("\n" + messages.text("interrupted_now", lang) + "\n").encode("utf-8"), np.uint8).copy()

    @cfunc(types.void(types.int32))
    def handler(signum):
        write(2, said.ctypes.data, said.size)
        leave(EXIT_CODE)

    return handler


@contextmanager
def stop_at_once(lang: str) -> Iterator[None]:
    """Within the block, Ctrl-C ends the process at once with code 130 and the sentence.

    Only where Python itself would answer Ctrl-C (the main thread, SIGINT not ignored nor taken
    by someone else); otherwise the block runs under the handling already in place."""
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield
        return
    if lang not in _handlers:
        _handlers[lang] = _compile(lang)
    libc = ctypes.CDLL(None)
    libc.signal.argtypes, libc.signal.restype = (ctypes.c_int, ctypes.c_void_p), ctypes.c_void_p
    libc.signal(signal.SIGINT, _handlers[lang].address)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)     # Python's own handler again


def caused_by_ctrl_c(exc: BaseException | None) -> bool:
    """Ctrl-C, also when a compiled kernel turned it into a SystemError on its way out."""
    while exc is not None:
        if isinstance(exc, KeyboardInterrupt):
            return True
        exc = exc.__cause__ or exc.__context__
    return False
