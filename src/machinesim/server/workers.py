"""Worker processes that run the simulations, one run at a time each, stopped when they overrun.

A run happens in its own long-lived process so that a program looping forever, or eating memory,
never blocks nor kills the server: the supervisor watches the run's wall time and the worker's
resident memory and, past a limit, kills the worker, answers with a clear finding and starts a
fresh worker. The memory guard of the kernel (`kernel/memory.py`) already refuses a model that
cannot fit before allocating it; the watch here catches everything else.
"""
from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
from dataclasses import dataclass

from .. import messages
from ..findings import ERROR, Finding
from ..report.result import finding_record
from . import runs

POLL_S = 0.05
RESULT, FINAL = "result", "final"     # a worker sends the result first, then the whole outcome


@dataclass(frozen=True)
class Limits:
    """How long a run may take and how much memory its worker may hold."""

    run_seconds: float = 120.0
    memory_bytes: int = 4 * 1024 ** 3


WARM_UP = runs.Task(program=b"G0 X10 Y10 Z5\nG1 Z-1 F100\nG1 X20\nM30\n", name="warm-up.nc")


def _serve(conn) -> None:
    """A worker's life: receive a task, run it, send the outcome back; stop when the server goes.

    It first runs a tiny program, so the compiled kernels are loaded before the first student waits.
    """
    try:
        runs.run(WARM_UP)
    except Exception:  # the first real run will report what is wrong
        pass
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            outcome = runs.run(task, on_result=lambda part: conn.send((RESULT, part)))
        except Exception as exc:  # a bug of ours: the run fails, the worker lives on
            outcome = {"crash": f"{type(exc).__name__}: {exc}"}
        try:
            conn.send((FINAL, outcome))
        except (BrokenPipeError, OSError):
            return


def resident_bytes(pid: int) -> int:
    """The process's resident memory from /proc (0 where it cannot be read)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def stopped(task: runs.Task, key: str, **params) -> dict:
    """The outcome of a run that was stopped: its result.json says why."""
    finding = Finding(code=key.split(".")[0], severity=ERROR, key=key, params=params)
    record = finding_record(finding, task.lang)
    record["hint"] = messages.hint(key, task.lang, **params)
    record["line_end"] = 0
    return {"result": runs.problem_document(task.name, record, "stopped"), "scene": None,
            "summary": {"student": "", "mark": None, "failed": [], "errors": 1, "warnings": 0,
                        "codes": [record["code"]], "report": "", "problem": record["message"]}}


class Worker:
    """One process, fed through a pipe."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True, name="machinesim-worker")
        self.process.start()
        child.close()

    def call(self, task: runs.Task, limits: Limits, on_result=None) -> dict:
        """Run `task` (blocking); kills the worker on a limit, an outcome is always given back.

        `on_result(outcome)` gets the findings and marks as soon as the worker sends them. A run
        stopped after that keeps them (without its 3D scene).
        """
        start = time.monotonic()
        early = None

        def cut_short(key: str, **params) -> dict:
            return {**early, "scene": None} if early is not None else stopped(task, key, **params)

        try:
            self.conn.send(task)
            while True:
                if self.conn.poll(POLL_S):
                    kind, outcome = self.conn.recv()
                    if kind == FINAL:
                        return cut_short("SERVER.crashed", reason=outcome["crash"]) if "crash" in outcome else outcome
                    early = outcome
                    if on_result is not None:
                        on_result(outcome)
                    continue
                if not self.process.is_alive():
                    return cut_short("SERVER.crashed", reason=f"exit code {self.process.exitcode}")
                if time.monotonic() - start > limits.run_seconds:
                    self.kill()
                    return cut_short("SERVER.timeout", seconds=f"{limits.run_seconds:g}")
                if resident_bytes(self.process.pid) > limits.memory_bytes:
                    self.kill()
                    return cut_short("SERVER.memory", limit=f"{limits.memory_bytes / 1024 ** 3:.1f}")
        except (EOFError, BrokenPipeError, OSError) as exc:
            self.kill()
            return cut_short("SERVER.crashed", reason=type(exc).__name__)

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class Pool:
    """`size` workers; `run` waits for a free one (a queue in arrival order) and never raises."""

    def __init__(self, size: int, limits: Limits) -> None:
        self.size, self.limits = size, limits
        self._idle: asyncio.Queue[Worker] | None = None
        self.waiting = 0

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        for _ in range(self.size):
            self._idle.put_nowait(await asyncio.to_thread(Worker))

    async def run(self, task: runs.Task, on_start=None, on_result=None) -> dict:
        """The outcome of `task`; `on_start()` is called when a worker takes it, `on_result` as `Worker.call`."""
        self.waiting += 1
        try:
            worker = await self._idle.get()
        finally:
            self.waiting -= 1
        try:
            if on_start is not None:
                on_start()
            outcome = await asyncio.to_thread(worker.call, task, self.limits, on_result)
            if "crash" in outcome:       # the run failed before its result: the worker said why
                outcome = stopped(task, "SERVER.crashed", reason=outcome["crash"])
        finally:
            if not worker.alive:
                worker = await asyncio.to_thread(Worker)
            self._idle.put_nowait(worker)
        return outcome

    async def close(self) -> None:
        while self._idle is not None and not self._idle.empty():
            self._idle.get_nowait().kill()
