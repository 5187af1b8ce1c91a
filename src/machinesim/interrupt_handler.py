"""The compiled Ctrl-C handler of `interrupt.stop_at_once`, in its own module: importing it loads
Numba, which `interrupt` (imported by the command line) must not.

libc is called by symbol name (Numba `ExternalFunction`), never by an address taken in this
process, so Numba's cache keeps the handler and no command compiles it again.
"""
import numpy as np
from numba import cfunc, types
from numba.core.types import ExternalFunction

from .interrupt import EXIT_CODE, SENTENCE_VARIABLE

_getenv = ExternalFunction("getenv", types.intp(types.intp))
_strlen = ExternalFunction("strlen", types.intp(types.intp))
_write = ExternalFunction("write", types.intp(types.int32, types.intp, types.intp))
_exit = ExternalFunction("_exit", types.void(types.int32))
_NAME = np.frombuffer(SENTENCE_VARIABLE.encode("ascii") + b"\0", np.uint8)


@cfunc(types.void(types.int32), cache=True)
def stop_now(signum):
    """Say the sentence (if set) on stderr and end the process with EXIT_CODE; async-signal-safe
    but for `getenv`, which only reads an environment nobody writes while a kernel runs."""
    text = _getenv(_NAME.ctypes.data)
    if text != 0:
        _write(2, text, _strlen(text))
    _exit(EXIT_CODE)
