"""Grading a class: each student's program checked in a worker process, the output folder locked.

Ctrl-C stops the run at once: the workers ignore the key (only this process answers it) and are
killed, the students not finished get a row that says so and their files cut short are removed
(temporary files too), so the folder holds only the reports of the students in the summary.
"""
from __future__ import annotations

import fcntl
import os
import signal
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path

from . import messages
from .findings import Error, input_error
from .interrupt import caused_by_ctrl_c
from .report import summary_row
from .report.part_folder import OUTPUT_MARK, PART_FILES, open_folder

LOCK_NAME = ".machinesim.lock"


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold `out` for one grading run; a second run into it gets `InputError` ("GRADE.locked").

    An advisory lock on a file of the folder, released by the system when the process ends, so a
    killed run never leaves the folder locked."""
    handle = open(out / LOCK_NAME, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise input_error("GRADE.locked", file=str(out), path=str(out)) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()


def grade_one(program, spec, job, out: str | None, reference, lang: str):
    """One student: check, write the reports into `out/<student>/` (when `out`), and the summary row.

    Never raises for a student's program: what stopped it is the row's `problem`."""
    from .api import check

    report = f"{program.folder}/report.html" if out else ""
    try:
        source = "" if job.setups else program.path.read_bytes().decode("utf-8", errors="replace")
        inspection = check(program.path, spec, job, reference=reference)
        if out:
            from .part_reports import write_check

            write_check(inspection, Path(out) / program.folder, lang, program.path.name, source,
                        reference_path=reference)
        sim = inspection.simulation
        return summary_row(program.student, inspection.results, inspection.grade, sim.findings, report=report,
                           stopped_at=sim.stopped_at)
    except Error as exc:
        return summary_row(program.student, problem=messages.render(exc.finding, lang, with_hint=False))
    except OSError as exc:
        return summary_row(program.student, problem=messages.text("GRADE.os_error", lang,
                                                                  error=messages.os_reason(exc, lang)))
    except Exception as exc:  # one broken program never stops the class
        if caused_by_ctrl_c(exc):
            raise KeyboardInterrupt from exc
        return summary_row(program.student, problem=messages.text("internal", lang, error=type(exc).__name__))


def _forget_other_students(out: Path, folders: set[str]) -> None:
    """Remove the reports an earlier run left for students not graded now, so that the folder holds
    exactly the students of the summary (only machinesim's own files and folders are touched)."""
    for mark in sorted(out.rglob(OUTPUT_MARK), key=lambda p: -len(p.parts)):
        folder = mark.parent
        if folder == out or folder.relative_to(out).as_posix() in folders:
            continue
        for name in PART_FILES + (OUTPUT_MARK,):
            (folder / name).unlink(missing_ok=True)
        while folder != out and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def _worker_start() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _sweep_temporary(out: Path) -> None:
    """Remove the temporary files of writes a killed worker cut short (report.io.write_atomic's)."""
    for tmp in out.rglob(".*.tmp"):
        tmp.unlink(missing_ok=True)


def run_class(programs, spec, job, out=None, reference=None, lang: str = "en", workers: int | None = None,
              progress=None) -> tuple[list, bool]:
    """(rows, interrupted): every program graded, in `workers` processes (default: one per core)."""
    if out is not None:
        out = open_folder(out)
        with locked(out):
            _forget_other_students(out, {p.folder for p in programs})
            return _run(programs, spec, job, out, reference, lang, workers, progress)
    return _run(programs, spec, job, None, reference, lang, workers, progress)


def _run(programs, spec, job, out, reference, lang, workers, progress):
    workers = max(1, min(workers or os.cpu_count() or 1, len(programs)))
    where = None if out is None else str(out)
    rows: dict[str, object] = {}
    try:
        if workers == 1:
            for program in programs:
                rows[program.student] = grade_one(program, spec, job, where, reference, lang)
                if progress:
                    progress(len(rows), len(programs))
        else:
            _in_pool(programs, spec, job, where, reference, lang, workers, progress, rows)
        return list(rows.values()), False
    except KeyboardInterrupt:
        if out is not None:
            _sweep_temporary(out)
            for program in programs:            # a report cut short is no report: the row says why
                if program.student not in rows:
                    for name in PART_FILES:
                        (out / program.folder / name).unlink(missing_ok=True)
        stopped = messages.text("GRADE.interrupted", lang)
        return list(rows.values()) + [summary_row(p.student, problem=stopped) for p in programs
                                      if p.student not in rows], True


def _in_pool(programs, spec, job, where, reference, lang, workers, progress, rows) -> None:
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_start)
    try:
        pending = {pool.submit(grade_one, p, spec, job, where, reference, lang): p for p in programs}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                program = pending.pop(future)
                try:
                    rows[program.student] = future.result()
                except Exception as exc:         # the worker died (memory exhausted, killed)
                    rows[program.student] = summary_row(program.student, problem=messages.text(
                        "internal", lang, error=type(exc).__name__))
            if progress:
                progress(len(rows), len(programs))
    except BaseException:
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()                     # at once: a worker may be deep in a Numba kernel
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
