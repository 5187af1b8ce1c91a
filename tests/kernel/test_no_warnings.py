"""An ordinary run prints no warning: NumPy's FutureWarning about broadcast views typed by Numba was
printed on runs that meshed a part. The mesh probes its wall columns along one direction; with no
wall column, np.broadcast_arrays gave an empty (hence contiguous) view of the direction, which
reached Numba as it was, and Numba reads the `writeable` flag of what it types when a process first
calls a kernel. Hence a fresh process, the first probe call being that one."""
import os
import subprocess
import sys
from importlib import resources

DEMO = str(resources.files("machinesim").joinpath("data/demo.nc"))

SCRIPT = f"""
import numpy as np
from machinesim import gcode
from machinesim.job import load_job
from machinesim.kernel import Probe
job = load_job()
probe = Probe(gcode.load_program({DEMO!r}, job), job)
probe.intervals_flat(np.zeros((0, 3)), (0.0, 0.0, 1.0))
probe.intervals_flat(np.zeros((1, 3)), np.zeros((5, 3)) + (0.0, 0.0, 1.0))
probe.intervals_many(np.zeros((1, 3)), np.eye(3))
"""


def test_a_fresh_process_probing_along_one_direction_warns_nothing():
    env = dict(os.environ, PYTHONWARNINGS="error::FutureWarning,error::DeprecationWarning")
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Warning" not in done.stderr
