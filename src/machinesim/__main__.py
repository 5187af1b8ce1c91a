import os
import sys

from .cli import main

code = main()
sys.stdout.flush()
sys.stderr.flush()
# Every file is written and closed by now: leave without tearing down a gigabyte of arrays and VTK
# objects one by one (up to a second after a large program, for nothing).
os._exit(code if isinstance(code, int) else 0)
