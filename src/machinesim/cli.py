"""The `machinesim` command: files in, reports out, exit codes (see interfaces.md).

Exit codes: 0 clean, 1 findings of severity error (or checks out of tolerance), 2 unusable input.
Unusable input is any `InputError` raised below; it is printed from the catalogue with the file,
line and column, never as a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import messages
from .findings import ERROR, Finding, InputError, input_error
from .job import Job, load_job
from .report.io import write_atomic
from .toolpath import cycle_time

OUTPUT_MARK = ".machinesim"


def _out_dir(path: str | None, default: str) -> Path:
    """The output folder, created if needed; refuses a non-empty folder machinesim did not make.

    Students' files are never overwritten: machinesim writes only into folders it created (they
    carry a `.machinesim` mark) or into empty ones.
    """
    out = Path(path or default)
    if out.exists() and not out.is_dir():
        raise input_error("FILE.exists", file=str(out), path=str(out))
    if out.is_dir() and any(out.iterdir()) and not (out / OUTPUT_MARK).exists():
        raise input_error("FILE.exists", file=str(out), path=str(out))
    out.mkdir(parents=True, exist_ok=True)
    (out / OUTPUT_MARK).write_text("machinesim output folder\n", encoding="utf-8")
    return out


def _print_findings(findings: list[Finding] | tuple[Finding, ...], lang: str, stream=None) -> None:
    stream = stream or sys.stdout
    for f in sorted(findings, key=lambda f: (f.file, f.line, f.column)):
        print(messages.render(f, lang), file=stream)


def _load(program: str, job_path: str | None):
    from .gcode import load_program  # the front end is imported only when a program is read

    job = load_job(job_path)
    return job, load_program(program, job)


def cmd_moves(args) -> int:
    from .gcode import moves_jsonl

    job, toolpath = _load(args.program, args.job)
    out = sys.stdout
    for line in moves_jsonl(toolpath):
        out.write(line + "\n")
    _print_findings(toolpath.findings, args.lang, sys.stderr)
    return 0


def _result_document(program: str, job: Job, toolpath, findings, total_time: float, per_tool: dict) -> dict:
    return {
        "program": program,
        "ok": not any(f.severity == ERROR for f in findings),
        "findings": [
            {"severity": f.severity, "code": f.code, "line": f.line, "column": f.column,
             "message": messages.message(f, "en"), "message_fr": messages.message(f, "fr")}
            for f in findings
        ],
        "cycle_time_s": round(total_time, 3),
        "cycle_time_per_tool_s": {str(k): round(v, 3) for k, v in sorted(per_tool.items())},
        "moves": len(toolpath.moves),
        "resolution_mm": job.machine.resolution,
    }


def cmd_run(args) -> int:
    job, toolpath = _load(args.program, args.job)
    m = job.machine
    total, per_tool = cycle_time(toolpath, m.rapid, m.max_feed, m.accel, m.tool_change_time)
    findings = list(toolpath.findings)
    out = _out_dir(args.out, f"machinesim-{Path(args.program).stem}")
    doc = _result_document(args.program, job, toolpath, findings, total, per_tool)
    write_atomic(out / "result.json", json.dumps(doc, indent=2, ensure_ascii=False))
    _print_findings(findings, args.lang)
    label = messages.text("cycle_time", args.lang)
    print(f"{label}: {_minutes(total)}  ({len(toolpath.moves)} moves)")
    return 1 if not doc["ok"] else 0


def _minutes(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m} min {s:02d} s"


def _benchmarks_dir() -> Path | None:
    """The benchmarks/ folder of a source checkout (next to src/), or of the current folder."""
    for base in (Path(__file__).resolve().parents[2], Path.cwd()):
        if (base / "benchmarks").is_dir() and any((base / "benchmarks").glob("bench_*.py")):
            return base / "benchmarks"
    return None


def cmd_bench(args) -> int:
    """Run every benchmarks/bench_*.py in turn; each prints its table and writes its JSON."""
    import os
    import subprocess

    folder = _benchmarks_dir()
    if folder is None:
        print(messages.text("bench.missing", args.lang), file=sys.stderr)
        return 2
    status = 0
    for script in sorted(folder.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        env = dict(os.environ, MACHINESIM_BENCH_QUICK="1" if args.quick else "0")
        status |= subprocess.call([sys.executable, str(script)], env=env)
    return 1 if status else 0


def _not_yet(command: str):
    def run(args) -> int:
        print(messages.text("not_yet", args.lang, command=command), file=sys.stderr)
        return 2
    return run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="machinesim", description="CNC machining simulator and training tool")
    parser.add_argument("--lang", choices=messages.LANGS, default=None, help="language of messages (fr, en)")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p, out=True):
        p.add_argument("--job", help="job file (TOML): machine, stock, tools, fixtures")
        if out:
            p.add_argument("--out", help="output folder")

    p = sub.add_parser("demo", help="run the embedded sample part end to end")
    p.add_argument("--out", default="machinesim-demo")
    p.set_defaults(func=_not_yet("demo"))

    p = sub.add_parser("run", help="simulate a program")
    p.add_argument("program")
    common(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("check", help="simulate and measure against a spec")
    p.add_argument("program")
    p.add_argument("--spec", required=True)
    common(p)
    p.set_defaults(func=_not_yet("check"))

    p = sub.add_parser("grade", help="grade every program of a folder")
    p.add_argument("folder")
    p.add_argument("--spec", required=True)
    p.add_argument("--reference")
    common(p)
    p.set_defaults(func=_not_yet("grade"))

    p = sub.add_parser("render", help="pictures only")
    p.add_argument("program")
    p.add_argument("-o", dest="output", default="part.png")
    p.add_argument("--design")
    p.add_argument("--toolpath", action="store_true")
    p.add_argument("--animate")
    common(p, out=False)
    p.set_defaults(func=_not_yet("render"))

    p = sub.add_parser("moves", help="the interpreted toolpath, one JSON object per move")
    p.add_argument("program")
    p.add_argument("--format", choices=["jsonl"], default="jsonl")
    common(p, out=False)
    p.set_defaults(func=cmd_moves)

    p = sub.add_parser("bench", help="the benchmark suite")
    p.add_argument("--quick", action="store_true", help="smaller sizes, for a first look")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang is None:
        args.lang = messages.default_lang()
    try:
        return args.func(args)
    except InputError as exc:
        print(messages.render(exc.finding, args.lang), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(messages.text("interrupted", args.lang), file=sys.stderr)
        return 130
