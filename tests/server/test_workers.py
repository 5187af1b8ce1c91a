"""Runs in worker processes: a runaway run is stopped with a clear finding, the worker is replaced."""
from __future__ import annotations

import time

from machinesim.server import runs
from machinesim.server.workers import Limits, Worker, resident_bytes

# 90 000 passes (under the interpreter's loop guard of 100 000) of 200 macro statements each:
# 18 million statements, minutes of work, that the time limit must cut short
ENDLESS = (b"%\nO1000\n#1=0\nWHILE [#1 LT 90000] DO1\n" + b"#2=[#2+SIN[#1]*COS[#2]]\n" * 200
           + b"#1=[#1+1]\nEND1\nM30\n%\n")


def test_a_run_past_its_time_is_stopped_with_a_message_and_the_worker_killed():
    worker = Worker()
    try:
        warm = worker.call(runs.Task(program=b"G21 G0 X0 Y0\nM30\n"), Limits(run_seconds=120.0))
        assert warm["result"]["findings"] == [] and worker.alive          # a normal run comes back
        start = time.monotonic()
        outcome = worker.call(runs.Task(program=ENDLESS, name="boucle.nc", lang="en"), Limits(run_seconds=3.0))
        assert time.monotonic() - start < 30
        finding = outcome["result"]["findings"][0]
        assert finding["code"] == "SERVER" and "3 s" in finding["message"] and finding["hint"]
        assert outcome["result"]["ok"] is False and outcome["result"]["program"] == "boucle.nc"
        assert not worker.alive
    finally:
        worker.kill()


def test_a_worker_holding_too_much_memory_is_stopped_with_a_message():
    worker = Worker()
    try:
        deadline = time.monotonic() + 60
        while resident_bytes(worker.process.pid) < 40 * 1024 ** 2 and time.monotonic() < deadline:
            time.sleep(0.1)                   # the worker has imported numpy and the kernels
        outcome = worker.call(runs.Task(program=b"G0 X0\nM30\n", lang="fr"), Limits(memory_bytes=20 * 1024 ** 2))
        finding = outcome["result"]["findings"][0]
        assert finding["code"] == "SERVER" and "mémoire" in finding["message"]
        assert not worker.alive
    finally:
        worker.kill()
