import os
import sys

from .cli import main

code = main()
if sys.getprofile() is None and sys.gettrace() is None:
    # Every file is written and closed by now: leave without tearing down a gigabyte of arrays and
    # VTK objects one by one (up to a second after a large program, for nothing). Under a profiler,
    # a debugger or coverage, exit normally so that they can write what they gathered.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 0)
raise SystemExit(code)
