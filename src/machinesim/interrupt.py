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
import os
import signal
import threading
from contextlib import contextmanager
from collections.abc import Iterator

from . import messages

EXIT_CODE = 130
SENTENCE_VARIABLE = "MACHINESIM_INTERRUPTED_NOW"   # the handler says this environment variable's text
_handler = None


def _compiled_handler():
    """The C signal handler (Numba cfunc, cached like the kernels): writes the sentence held in the
    environment variable SENTENCE_VARIABLE to stderr and calls `_exit(130)`.

    It calls libc by symbol name (`getenv`, `strlen`, `write`, `_exit`), so it needs neither the
    GIL nor Python objects and Numba's cache keeps it (a handler calling C by address had to be
    compiled in every process, 0.7 s); the sentence comes from the environment, set from the
    catalogue before each stage, so it is always the catalogue's, in the reader's language."""
    global _handler
    if _handler is None:
        from .interrupt_handler import stop_now
        _handler = stop_now
    return _handler


@contextmanager
def stop_at_once(lang: str) -> Iterator[None]:
    """Within the block, Ctrl-C ends the process at once with code 130 and the sentence.

    Only where Python itself would answer Ctrl-C (the main thread, SIGINT not ignored nor taken
    by someone else); otherwise the block runs under the handling already in place."""
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield
        return
    os.environ[SENTENCE_VARIABLE] = "\n" + messages.text("interrupted_now", lang) + "\n"
    libc = ctypes.CDLL(None)
    libc.signal.argtypes, libc.signal.restype = (ctypes.c_int, ctypes.c_void_p), ctypes.c_void_p
    libc.signal(signal.SIGINT, _compiled_handler().address)
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
