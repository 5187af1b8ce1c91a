"""Run every program of the real-world corpus through machinesim: what it says, and how fast.

    python benchmarks/corpus_run.py [CORPUS] [--out FILE] [--timeout S] [--full] [--rs274] [--only TEXT]

CORPUS defaults to ../shared/corpus beside the project (see its README); when the folder is absent
the script says so and exits 0 without writing anything. For each program it prints the lines
read, the moves made, the findings by code, and the time; the same goes to
benchmarks/results/corpus.json, with totals. Corpus files are read in place, never copied.

Each program gets a job guessed from where it comes from, since the corpus has no job files:
dialect "linuxcnc" for the LinuxCNC and grbl folders, `.ngc` files and programs using o-words or
named parameters, else "fanuc"; tool lengths as "offsets" when the program uses G43, else
"touch_off" (hobby set-ups); any tool the default job lacks is a Ø6 flat end mill (an
UNKNOWN_TOOL warning). The default job's machine travel is widened so that only the program
decides what is wrong.

Programs run one after another in a worker process, so that a crash or a hang (past --timeout
seconds) is recorded for that file and the next one runs in a fresh worker. A tiny program runs
first so the Numba compile or cache load is timed apart (`warmup_s`).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import re
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "corpus.json"
SKIP_SUFFIXES = (".src.txt", ".md", ".camotics", ".fcstd", ".stl", ".json", ".png", ".jpg")
WARMUP = "G21 G90 G17\nG0 X0 Y0 Z5\nG1 Z-1 F100\nG2 X10 Y0 I5 J0\nM2\n"


def corpus_files(corpus: Path) -> list[Path]:
    """The programs of the corpus: every file except provenance notes, companions and pictures."""
    out = []
    for p in sorted(corpus.rglob("*")):
        if not p.is_file() or any(part.endswith(".companions") for part in p.parts):
            continue
        if p.name.lower().endswith(SKIP_SUFFIXES):
            continue
        out.append(p)
    return out


_LINUXCNC_HINTS = re.compile(
    r"(?im)^\s*(n\d+\s*)?o\s*(<[^>]*>|\d+)\s*(sub|call|if|while|do|repeat)\b|#<")
_G43 = re.compile(r"(?i)g\s*0*43(?!\d)")


def guess_setup(path: Path, text: str) -> dict:
    """Dialect and tool-length convention for a corpus program (see the module's docstring)."""
    folder = path.parent.name
    linuxcnc = (folder in ("c_linuxcnc", "d_grbl") or path.suffix.lower() == ".ngc"
                or bool(_LINUXCNC_HINTS.search(text)))
    return {"dialect": "linuxcnc" if linuxcnc else "fanuc",
            "tool_length": "offsets" if _G43.search(text) else "touch_off"}


def make_job(setup: dict):
    """The default job with the guessed control, a wide travel and a default tool."""
    from dataclasses import replace

    from machinesim.job import load_job
    from machinesim.tools import Tool

    job = load_job(None)
    wide = ((-5000.0, 5000.0), (-5000.0, 5000.0), (-5000.0, 5000.0))
    machine = replace(job.machine, dialect=setup["dialect"], tool_length=setup["tool_length"], travel=wide)
    default = Tool(number=0, type="flat", diameter=6.0, flute_length=20.0, length=60.0)
    return replace(job, machine=machine, tool_default=job.tool_default or default)


def run_one(path: Path, corpus: Path, full: bool, rs274: bool = False) -> dict:
    """Interpret one program (and with `full`, simulate and analyse it; with `rs274`, compare a
    linuxcnc program with LinuxCNC's interpreter); a plain dict of results."""
    from machinesim import gcode
    from machinesim.findings import InputError
    from machinesim.messages import render

    raw = path.read_bytes()
    text = raw.decode("utf-8", "replace")
    setup = guess_setup(path, text)
    job = make_job(setup)
    t0 = time.perf_counter()
    try:
        toolpath = gcode.load_program(path, job)
    except InputError as exc:           # unusable input: refused with a message, as the CLI would
        return {"file": str(path.relative_to(corpus)), **setup, "bytes": len(raw),
                "status": "unusable", "message": render(exc.finding, "en", with_hint=False)}
    t_interp = time.perf_counter() - t0
    findings = list(toolpath.findings)
    result = {"file": str(path.relative_to(corpus)), **setup,
              "bytes": len(raw), "lines": int(toolpath.lines) or len(text.splitlines()),
              "moves": len(toolpath.moves), "events": len(toolpath.events),
              "interpret_s": round(t_interp, 4)}
    if full:
        result.update(_simulate(toolpath, job, findings))
    if rs274 and setup["dialect"] == "linuxcnc":
        result["rs274"] = _against_rs274(path, text)
    counts = Counter(f.code for f in findings)
    severities = Counter(f.severity for f in findings)
    first_error = next((f for f in findings if f.severity == "error"), None)
    result.update({
        "findings": dict(sorted(counts.items())),
        "errors": severities.get("error", 0), "warnings": severities.get("warning", 0),
        "first_error": render(first_error, "en", with_hint=False) if first_error else None,
        "status": "error" if first_error else ("warnings" if findings else "clean"),
        "lines_per_s": round(result["lines"] / t_interp) if t_interp > 0 else None,
    })
    return result


def _simulate(toolpath, job, findings: list) -> dict:
    """The material removal and the analysis, when those stages exist in this version."""
    try:
        from machinesim import analysis, kernel
    except ImportError as exc:
        return {"full": f"not available: {exc}"}
    t0 = time.perf_counter()
    model = kernel.simulate(toolpath, job)
    t1 = time.perf_counter()
    findings.extend(analysis.find(toolpath, job, model))
    t2 = time.perf_counter()
    return {"simulate_s": round(t1 - t0, 4), "analyse_s": round(t2 - t1, 4)}


def _against_rs274(path: Path, text: str) -> dict:
    """rs274 and machinesim on the same program with the conformance harness's set-up (its tool
    table plus every T the program names): how many moves, how many differ, the first difference."""
    sys.path.insert(0, str(ROOT / "tests" / "conformance"))
    import rs274_harness as h

    if h.RS274 is None:
        return {"skipped": "rs274 is not installed"}
    tools = h.tools_for(text)
    text = h.rs274_ready(text)
    toolpath, run = h.machinesim_run(text, str(path), tools)
    try:
        reference = h.normalise(h.rs274_run(text, tools), tools=tools)
    except h.Rs274Error as exc:
        lines = sorted({f.line for f in toolpath.findings if f.severity == "error"})
        return {"refused": f"line {exc.line}: {exc.message}", "machinesim_error_lines": lines,
                "same_line": exc.line in lines}
    except ValueError as exc:           # what the harness cannot map (XY rotation, probing)
        return {"skipped": str(exc)}
    differences = h.compare(reference, h.normalise(run, tools=tools), limit=1_000_000)
    return {"moves": len(reference.moves), "differences": len(differences),
            "first": str(differences[0]) if differences else None}


def _worker(conn, corpus: str, full: bool, rs274: bool) -> None:
    """Serve file paths from the pipe until None; answer each with a result dict."""
    from machinesim import gcode
    from machinesim.job import load_job

    t0 = time.perf_counter()
    gcode.interpret(WARMUP, load_job(None), "<warm-up>")   # Numba compile or cache load
    conn.send({"warmup_s": round(time.perf_counter() - t0, 4)})
    while True:
        path = conn.recv()
        if path is None:
            return
        try:
            conn.send(run_one(Path(path), Path(corpus), full, rs274))
        except Exception as exc:        # a crash is this file's result, never the end of the run
            conn.send({"file": str(Path(path).relative_to(corpus)), "status": "crash",
                       "crash": f"{type(exc).__name__}: {exc}",
                       "traceback": traceback.format_exc(limit=-4)})


class Worker:
    """One worker process at a time; a new one after a crash of the process or a timeout."""

    def __init__(self, corpus: Path, full: bool, rs274: bool = False):
        self.corpus, self.full, self.rs274 = corpus, full, rs274
        self.proc = None
        self.conn = None
        self.warmups: list[float] = []

    def _start(self, timeout: float) -> None:
        parent, child = mp.Pipe()
        self.proc = mp.Process(target=_worker, args=(child, str(self.corpus), self.full, self.rs274),
                               daemon=True)
        self.proc.start()
        self.conn = parent
        if not parent.poll(timeout):
            raise TimeoutError("warm-up")
        self.warmups.append(parent.recv()["warmup_s"])

    def run(self, path: Path, timeout: float) -> dict:
        rel = str(path.relative_to(self.corpus))
        if self.proc is None or not self.proc.is_alive():
            self._start(timeout)
        t0 = time.perf_counter()
        self.conn.send(str(path))
        try:
            ready = self.conn.poll(timeout)
            if ready:
                return self.conn.recv()
            status, detail = "timeout", f"no answer within {timeout:g} s"
        except EOFError:
            status, detail = "crash", f"worker died (exit code {self.proc.exitcode})"
        self.stop()
        return {"file": rel, "status": status, "crash": detail, "wall_s": round(time.perf_counter() - t0, 2)}

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.is_alive():
                try:
                    self.conn.send(None)
                except (BrokenPipeError, OSError):
                    pass
                self.proc.join(2)
                if self.proc.is_alive():
                    self.proc.kill()
                    self.proc.join()
            self.proc = None


def format_row(r: dict) -> str:
    if r["status"] in ("crash", "timeout"):
        return f"{r['file']:<52} {r['status'].upper()}: {r['crash']}"
    if r["status"] == "unusable":
        return f"{r['file']:<52} unusable input: {r['message']}"
    codes = " ".join(f"{k}×{v}" for k, v in r["findings"].items()) or "-"
    row = (f"{r['file']:<52} {r['dialect'][:7]:<8} {r['lines']:>7} {r['moves']:>7} "
           f"{r['interpret_s']:>8.3f}  {codes}")
    ref = r.get("rs274")
    if ref:
        if "differences" in ref:
            row += f"\n{'':<52} rs274: {ref['differences']} differences in {ref['moves']} moves"
            row += f"; first: {ref['first']}" if ref["first"] else ""
        elif "refused" in ref:
            row += (f"\n{'':<52} rs274 refuses {ref['refused']}; machinesim errors at lines "
                    f"{ref['machinesim_error_lines']}")
        else:
            row += f"\n{'':<52} rs274: {ref['skipped']}"
    return row


def totals(results: list[dict]) -> dict:
    ok = [r for r in results if r["status"] not in ("crash", "timeout", "unusable")]
    lines = sum(r["lines"] for r in ok)
    seconds = sum(r["interpret_s"] for r in ok)
    codes: Counter = Counter()
    for r in ok:
        codes.update(r["findings"])
    return {"files": len(results), "statuses": dict(Counter(r["status"] for r in results)),
            "lines": lines, "moves": sum(r["moves"] for r in ok), "interpret_s": round(seconds, 3),
            "lines_per_s": round(lines / seconds) if seconds > 0 else None,
            "findings": dict(sorted(codes.items()))}


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per program")
    ap.add_argument("--full", action="store_true", help="also simulate the material and analyse")
    ap.add_argument("--only", default="", help="run only files whose path contains this text")
    ap.add_argument("--rs274", action="store_true",
                    help="compare linuxcnc programs with LinuxCNC's rs274 (tests/conformance harness)")
    args = ap.parse_args(argv)

    if not args.corpus.is_dir():
        print(f"corpus folder {args.corpus} is absent: nothing to run, nothing written")
        return 0
    files = [p for p in corpus_files(args.corpus) if args.only in str(p.relative_to(args.corpus))]
    print(f"{len(files)} programs from {args.corpus}")
    print(f"{'file':<52} {'dialect':<8} {'lines':>7} {'moves':>7} {'time s':>8}  findings")
    worker = Worker(args.corpus, args.full, args.rs274)
    results = []
    try:
        for p in files:
            r = worker.run(p, args.timeout)
            results.append(r)
            print(format_row(r), flush=True)
    finally:
        worker.stop()
    summary = totals(results)
    print(f"total: {summary['files']} files, {summary['lines']} lines, {summary['moves']} moves, "
          f"{summary['interpret_s']} s ({summary['lines_per_s']} lines/s warm); "
          f"warm-up {worker.warmups} s; {summary['statuses']}")
    write_json(args.out, {"corpus": str(args.corpus), "python": platform.python_version(),
                          "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                          "full": args.full, "rs274": args.rs274, "warmup_s": worker.warmups,
                          "totals": summary,
                          "files": results})
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
