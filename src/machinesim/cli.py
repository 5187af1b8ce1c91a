"""The `machinesim` command: files in, reports out, exit codes (see interfaces.md).

Exit codes: 0 clean, 1 findings of severity error (or checks out of tolerance), 2 unusable input
or an environment fault (read-only folder, full disk), 3 an internal error of machinesim (reported
in one sentence; MACHINESIM_DEBUG=1 shows the traceback), 130 interrupted by Ctrl-C. Unusable input
is any `machinesim.Error` raised below; it is printed from the catalogue with the file, line and
column, never as a traceback. The work itself is the API's (`api.py`): this module only formats
its values and has them written; heavy modules are imported inside the commands, so that `--help`
stays light.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from . import messages
from .findings import Error, input_error
from .interrupt import caused_by_ctrl_c, stop_at_once
from .job import load_job
from .progress import Bar

GLOBAL_FLAGS = ("--quiet",)
GLOBAL_OPTIONS = ("--lang",)
ARGPARSE_SAYS = {           # argparse's own sentences -> the catalogue's
    "usage: ": "argparse.usage", "positional arguments": "argparse.positionals", "options": "argparse.options",
    "show this help message and exit": "cli.help.help",
    "the following arguments are required: %s": "argparse.required",
    "unrecognized arguments: %s": "argparse.unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.choice",
    "expected one argument": "argparse.one", "argument %(argument_name)s: %(message)s": "argparse.argument",
    "%(prog)s: error: %(message)s\n": "argparse.error", "invalid %(type)s value: %(value)r": "argparse.type",
}


PRINTED_PER_CODE = 25     # findings of one code on the terminal; the rest are counted (result.json has all)


def _print_findings(findings, lang: str, stream=None) -> None:
    """Findings grouped by program line (a group of repeats by its line range), errors first; past
    PRINTED_PER_CODE of one code, a count instead (a program 60 mm too deep printed 4,800 lines)."""
    stream = stream or sys.stdout
    order = {"error": 0, "warning": 1, "info": 2}
    current = None
    shown: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for f in sorted(findings, key=lambda f: (f.file, f.line, order.get(f.severity, 3), f.column)):
        shown[f.code] = shown.get(f.code, 0) + 1
        if shown[f.code] > PRINTED_PER_CODE:
            hidden[f.code] = hidden.get(f.code, 0) + 1
            continue
        where = (f.file, f.line, f.line_end)
        if where != current:
            current = where
            name = Path(f.file).name if f.file else "?"
            if f.line_end and f.line_end != f.line:     # a repeat's count; a span (one contour) has none
                print(messages.text("findings.at_lines" if f.count > 1 else "findings.at_span", lang, file=name,
                                    line=f.line, end=f.line_end, count=f.count), file=stream)
            else:
                print(messages.text("findings.at_line", lang, file=name, line=f.line), file=stream)
        print("  " + messages.render(f, lang, where=False).replace("\n", "\n  "), file=stream)
    for code, count in hidden.items():
        print(messages.text("findings.more", lang, count=count, code=code), file=stream)


def _minutes(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m} min {s:02d} s"


def _print_stop(sim, lang: str, stream=None) -> None:
    """Where the control alarmed: the simulation stopped there; the line is quoted."""
    stop = sim.stopped_at
    if stop is None:
        return
    print(messages.text("stopped", lang, line=stop.line, code=stop.code,
                        quote=_quote(stop.file or sim.program, stop.line)), file=stream or sys.stdout)


def _quote(path: str, line: int) -> str:
    try:
        lines = Path(path).read_bytes().decode("utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def _print_summary(sim, lang: str) -> None:
    _print_findings(sim.findings, lang)
    _print_stop(sim, lang)
    tools = ", ".join(f"T{t} {_minutes(s)}" for t, s in sorted(sim.cycle_time_per_tool.items()) if t)
    print(messages.text("cycle_time", lang, time=_minutes(sim.cycle_time_s)) + (f"  ({tools})" if tools else ""))
    print(messages.text("removed_volume", lang, volume=f"{sim.model.removed_volume / 1000:.2f}",
                        moves=len(sim.toolpath.moves)))


def usable_folder(path: str | Path) -> Path:
    """The output folder, checked before any work and created only when there is something to write."""
    from .report.part_folder import usable_folder as check

    return check(path)


def _notes(notes) -> None:
    for note in notes:
        print(note, file=sys.stderr)


def _first_compile(lang: str, quiet: bool) -> None:
    """Say so when this run will compile the kernels (about a minute, once)."""
    if quiet:
        return
    from .progress import kernels_compiled as compiled

    if not compiled():
        print(messages.text("first_run", lang), file=sys.stderr, flush=True)


def _programs(program, job, args):
    """What to simulate: the program, or with setups every setup's program (setups.py)."""
    return (getattr(args, "programs", None) or program) if job.setups else Path(program)


def _simulate(program, job, args, opengl: bool = False):
    """Cut the program. `opengl`: the command draws through VTK afterwards (`render`), so the test
    render (a second, in a child process) starts now, on the other core, while the program is cut;
    `run` and `check` draw their still picture on the CPU and need none."""
    from . import api

    _first_compile(args.lang, args.quiet)
    if opengl:
        from .render.headless import start_probe

        start_probe()
    with stop_at_once(args.lang), Bar(messages.text("progress.cutting", args.lang), args.quiet) as bar:
        return api.simulate(_programs(program, job, args), job, progress=bar)


def _mesh(sim, lang: str, exact: bool = False):
    """The part's surface (a long kernel: Ctrl-C stops it at once): the picture mesh, or the exact
    one where exactness is promised (a design)."""
    from .part_reports import part_surface

    with stop_at_once(lang):
        return part_surface(sim, exact=exact)


def _print_not_measured(results, lang: str) -> None:
    """Each check not measured, and why (the instrument's finding)."""
    for r in results:
        if r.status == "not_measured" and r.finding is not None:
            print(messages.render(r.finding, lang, where=False), file=sys.stdout)


def cmd_run(args) -> int:
    from . import api
    from .part_reports import write_run

    job = load_job(args.job)
    out = usable_folder(args.out or f"machinesim-{Path(args.program).stem}")
    api.program_source(Path(args.program))
    sim = _simulate(Path(args.program), job, args)
    _print_summary(sim, args.lang)
    _notes(write_run(sim, out, args.lang, mesh=_mesh(sim, args.lang)))
    print(messages.text("written", args.lang, path=str(out)))
    return 0 if sim.ok else 1


def _check(program, spec, job, out: Path, args, source_name: str | None = None, reference=None,
           design=None) -> int:
    """Check one program and write its reports into `out`; the exit code."""
    from . import api
    from .part_reports import write_check
    from .report import format_table

    api.program_source(Path(program))
    _first_compile(args.lang, args.quiet)
    with stop_at_once(args.lang), Bar(messages.text("progress.cutting", args.lang), args.quiet) as bar:
        inspection = api.check(_programs(program, job, args), spec, job, reference=reference, design=design,
                               tolerance=getattr(args, "tolerance", 0.05), progress=bar)
    _print_summary(inspection.simulation, args.lang)
    print(format_table(list(inspection.results), args.lang, inspection.grade))
    _print_not_measured(inspection.results, args.lang)
    for r in inspection.results:            # workshop mode: the wear offset change that corrects a size
        if r.finding is not None and r.finding.key == "MEASURE.wear_advice":
            print(messages.render(r.finding, args.lang, where=False))
    _roughness_pictures(inspection.results, out)
    # with setups a check's lines may be any setup's: no one program to quote them from
    source = "" if job.setups else Path(program).read_bytes().decode("utf-8", errors="replace")
    mesh = inspection.mesh if inspection.mesh is not None else _mesh(inspection.simulation, args.lang)
    _notes(write_check(inspection, out, args.lang, source_name or str(program), source,
                       reference_path=reference, design_path=design, mesh=mesh))
    print(messages.text("written", args.lang, path=str(out)))
    return 0 if inspection.ok else 1


def _roughness_pictures(results, out: Path) -> None:
    """roughness_<id>.svg: the profile each roughness check traced (what a profilometer prints)."""
    from .metrology.roughness import profile_svg
    from .report.io import write_atomic

    for r in results:
        d = r.details
        if r.check.instrument == "roughness" and d.get("profile_s"):
            title = f"{r.check.id} {r.check.name}: Ra {r.measured:.2f} Rz {d['Rz_um']:.2f} Rt {d['Rt_um']:.2f} µm"
            write_atomic(out / f"roughness_{r.check.id}.svg", profile_svg(d["profile_s"], d["profile_um"], title))


def cmd_check(args) -> int:
    from . import api

    job = load_job(args.job)
    spec = api.load_spec(args.spec)
    out = usable_folder(args.out or f"machinesim-{Path(args.program).stem}")
    return _check(args.program, spec, job, out, args, reference=args.reference, design=args.design)


def cmd_moves(args) -> int:
    from . import api
    from .gcode import load_program, moves_jsonl

    api.program_source(Path(args.program))
    job = load_job(args.job)
    if job.setups:   # each setup's moves in its own machine frame, with its name
        from .setups import setup_toolpaths
        for name, toolpath in setup_toolpaths(args.programs, job):
            for line in moves_jsonl(toolpath):
                sys.stdout.write(line[:-1] + ', "setup": ' + json.dumps(name) + "}\n")
            _print_findings(toolpath.findings, args.lang, sys.stderr)
        return 0
    toolpath = load_program(args.program, job)
    for line in moves_jsonl(toolpath):
        sys.stdout.write(line + "\n")
    _print_findings(toolpath.findings, args.lang, sys.stderr)
    return 0


def cmd_grade(args) -> int:
    """Every program of a folder, in parallel on all cores, then the class summary."""
    from . import api
    from .report import write_summary
    from .report.summary import problem_text

    folder = Path(args.folder)
    spec = api.load_spec(args.spec)
    job = load_job(args.job)  # an unusable job stops here, once, with its message
    out = usable_folder(args.out or f"machinesim-{folder.name}")
    _first_compile(args.lang, args.quiet)
    with Bar(messages.text("progress.grading", args.lang), args.quiet) as bar:
        grades = api.grade_folder(folder, spec, job, out=out, reference=args.reference, lang=args.lang,
                                  progress=bar)
    csv_path, html_path = write_summary(out, list(grades.rows), spec, args.lang,
                                        skipped=[(s.path, s.reason) for s in grades.skipped])
    print(messages.text("grade.columns", args.lang))
    for row in grades.rows:
        mark = "—" if row.mark is None else f"{row.mark:g}" + ("*" if row.capped else "")
        failed = " ".join(map(str, row.failed)) or "—"
        missing = " ".join(map(str, row.not_measured)) or "—"
        print(f"{row.student:20s} {mark:>6s}  {failed:10s} {missing:13s} {' '.join(row.codes) or '—'}  {problem_text(row, args.lang)}")
    if any(row.capped for row in grades.rows):
        print(messages.text("grade.capped_note", args.lang))
    for skipped in grades.skipped:
        print(messages.text("grade.skipped", args.lang, path=skipped.path, reason=messages.text(skipped.reason, args.lang)))
    print(messages.text("written", args.lang, path=str(html_path)))
    if grades.interrupted:
        print(messages.text("interrupted", args.lang), file=sys.stderr)
        return 130
    return 0


def cmd_render(args) -> int:
    """Pictures only: the part, its toolpath, its deviation from a design model, or a film."""
    from . import render
    from .kernel import surface_mesh
    from .part_reports import markers

    if Path(args.output).suffix.lower() != ".png":   # never write a picture over a program or a spec
        raise input_error("RENDER.picture_format", file=args.output, path=args.output)
    job = load_job(args.job)
    sim = _simulate(args.program, job, args, opengl=True)
    _print_stop(sim, args.lang)
    ok, reason = render.rendering_available()
    if not ok:
        print(messages.text("render.unavailable", args.lang, reason=reason, fix=render.APT_FIX), file=sys.stderr)
        return 2
    from .kernel.surface import as_polydata

    mesh = as_polydata(_mesh(sim, args.lang, exact=bool(args.design)))
    stock = sim.job.stock_box_machine
    if args.toolpath and not job.setups:   # with setups: each setup's picture (below), moves in its own frame
        render.render_toolpath(sim.toolpath, args.output, mesh=mesh, stock_bounds=stock, lang=args.lang,
                               show=args.show)
    elif args.design:
        from .metrology import compare_design

        comparison = compare_design(mesh, args.design, args.tolerance, offset=job.offset(job.stock.frame))
        mesh.point_data["deviation"] = comparison.distances
        render.render_part(mesh, args.output, stock_bounds=stock, scalars="deviation",
                           tolerance=args.tolerance, lang=args.lang, show=args.show)
    else:
        render.render_part(mesh, args.output, stock_bounds=stock, ghost_stock=args.ghost,
                           markers=markers(sim, (), args.lang), lang=args.lang,
                           show=args.show)
    written = [args.output]
    if job.setups:   # each setup's part in its vise, and the film through the turn-overs (render/setups.py)
        from .render.setups import setup_film, setup_pictures
        written += setup_pictures(sim, args.output, toolpath=args.toolpath, lang=args.lang)
        if args.animate:
            with Bar(messages.text("progress.film", args.lang), args.quiet) as bar:
                setup_film(sim, args.animate, args.frames, lang=args.lang, progress=bar)
            written.append(args.animate)
    elif args.animate:
        from .kernel.stages import ProgressiveCut

        cut = ProgressiveCut(sim.toolpath, job, sim.model.h)
        every = int(render.look.mm_per_pixel(stock, "iso", render.animation.FILM_SIZE) / sim.model.h)

        def mesh_at(count: int):        # columns about a pixel apart: a film's frame needs no finer
            if getattr(job, "lathe", None) is not None:   # a turned part: the bar turned so far, revolved
                from .lathe.part import turn
                from .lathe.picture import revolved_mesh

                return revolved_mesh(turn(sim.toolpath.__class__(sim.toolpath.moves[:count],
                                                                 files=sim.toolpath.files), job))
            return surface_mesh(cut.model_at(count, every), None, exact=False)

        with Bar(messages.text("progress.film", args.lang), args.quiet) as bar:
            render.animate(mesh_at, args.animate, sim.toolpath, args.frames, machine=job.machine,
                           stock_bounds=stock, lang=args.lang, progress=bar)
        written.append(args.animate)
    for path in written:
        print(messages.text("written", args.lang, path=path))
    return 0


def cmd_demo(args) -> int:
    """The embedded sample part, end to end, into ./machinesim-demo/."""
    data = resources.files("machinesim").joinpath("data")
    from . import api
    from .report.io import write_atomic
    from .report.part_folder import open_folder

    out = open_folder(args.out or "machinesim-demo")
    program = out / "demo.nc"
    write_atomic(program, data.joinpath("demo.nc").read_text(encoding="utf-8"))
    spec = out / "demo_spec.toml"
    write_atomic(spec, data.joinpath("demo_spec.toml").read_text(encoding="utf-8"))
    code = _check(program, api.load_spec(spec), load_job(None), out, args, source_name="demo.nc")
    return 0 if code in (0, 1) else code


def _benchmarks_dir() -> Path | None:
    """The benchmarks/ folder of a source checkout (next to src/), or of the current folder."""
    for base in (Path(__file__).resolve().parents[2], Path.cwd()):
        if (base / "benchmarks").is_dir() and any((base / "benchmarks").glob("bench_*.py")):
            return base / "benchmarks"
    return None


def cmd_bench(args) -> int:
    """Run every benchmarks/bench_*.py in turn; each prints its table and writes its JSON.

    The JSON files go to `--results` (default ./machinesim-bench/), never over the tracked
    benchmarks/results/ unless that folder is asked for by name."""
    import subprocess

    folder = _benchmarks_dir()
    if folder is None:
        print(messages.text("bench.missing", args.lang), file=sys.stderr)
        return 2
    results = Path(args.results or "machinesim-bench").resolve()
    results.mkdir(parents=True, exist_ok=True)
    status = 0
    for script in sorted(folder.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        env = dict(os.environ, MACHINESIM_BENCH_QUICK="1" if args.quick else "0",
                   MACHINESIM_BENCH_RESULTS=str(results))
        status |= subprocess.call([sys.executable, str(script)], env=env)
    print(messages.text("written", args.lang, path=str(results)))
    return 1 if status else 0


def cmd_serve(args) -> int:
    """The classroom server, in the foreground until Ctrl+C."""
    from .server import serve

    return serve(args.host, args.port, args.data, args.lang, args.max_upload_mb, args.run_seconds,
                 args.memory_gb, args.workers, args.reset_password)


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
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("run", help="simulate a program")
    p.add_argument("program", nargs="*", help="one program per setup (or the job's)")
    common(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("check", help="simulate and measure against a spec")
    p.add_argument("program", nargs="*", help="one program per setup (or the job's)")
    p.add_argument("--spec", required=True)
    p.add_argument("--reference", help="the master's program, to compare parts")
    p.add_argument("--design", help="STL of the designed part, to compare surfaces")
    p.add_argument("--tolerance", type=float, default=0.05, help="deviation beyond which a region is reported, mm")
    common(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("grade", help="grade every program of a folder")
    p.add_argument("folder")
    p.add_argument("--spec", required=True)
    p.add_argument("--reference")
    common(p)
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("render", help="pictures only")
    p.add_argument("program", nargs="*", help="one program per setup (or the job's)")
    p.add_argument("-o", dest="output", default="part.png")
    p.add_argument("--design")
    p.add_argument("--toolpath", action="store_true")
    p.add_argument("--tolerance", type=float, default=0.05, help="deviation colour scale clip, mm (--design)")
    p.add_argument("--animate", help="film of the material removal (.gif or .mp4)")
    p.add_argument("--frames", type=int, default=40, help="frames of the film")
    p.add_argument("--ghost", action="store_true", help="show the raw stock ghosted around the part")
    p.add_argument("--show", action="store_true", help="open an interactive window too")
    common(p, out=False)
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("moves", help="the interpreted toolpath, one JSON object per move")
    p.add_argument("program", nargs="*", help="one program per setup (or the job's)")
    p.add_argument("--format", choices=["jsonl"], default="jsonl")
    common(p, out=False)
    p.set_defaults(func=cmd_moves)

    p = sub.add_parser("bench", help="the benchmark suite")
    p.add_argument("--quick", action="store_true", help="smaller sizes, for a first look")
    p.add_argument("--results", help="folder for the JSON results (default ./machinesim-bench)")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("serve", help="the classroom server: students drop programs in their browser")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: the whole network)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--data", help="folder of the class's database (default: in the user's data directory)")
    p.add_argument("--max-upload-mb", type=float, default=20, help="largest upload, MB (above: 413)")
    p.add_argument("--run-seconds", type=float, default=120, help="a run taking longer is stopped")
    p.add_argument("--memory-gb", type=float, default=4, help="a run holding more memory is stopped")
    p.add_argument("--workers", type=int, help="simultaneous runs (default: one per core)")
    p.add_argument("--reset-password", action="store_true", help="forget the master's password and choose a new one")
    p.set_defaults(func=cmd_serve)
    return parser


def global_options_first(argv: list[str]) -> list[str]:
    """Move --lang X / --lang=X and --quiet to the front, wherever the user put them (before `--`)."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest += argv[i:]
            break
        if arg in GLOBAL_FLAGS:
            front.append(arg)
        elif arg in GLOBAL_OPTIONS and i + 1 < len(argv):
            front += argv[i:i + 2]
            i += 1
        elif arg.split("=", 1)[0] in GLOBAL_OPTIONS:
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def _asked_lang(argv: list[str]) -> str:
    """The language asked on the command line (before it is parsed), else the locale's."""
    for k, arg in enumerate(argv):
        value = argv[k + 1] if arg == "--lang" and k + 1 < len(argv) else arg[7:] if arg.startswith("--lang=") else ""
        if value in messages.LANGS:
            return value
    return messages.default_lang()


@contextmanager
def _argparse_speaks(lang: str) -> Iterator[None]:
    """argparse's usage, help and errors in `lang`, from the catalogue."""
    original = argparse._

    def say(sentence: str) -> str:
        key = ARGPARSE_SAYS.get(sentence)
        return messages.text(key, lang) if key else original(sentence)

    argparse._ = say
    try:
        yield
    finally:
        argparse._ = original


def localise_help(parser: argparse.ArgumentParser, lang: str) -> argparse.ArgumentParser:
    """Help texts from the catalogue: `cli.command.<name>`, `cli.help.<command>.<dest>` or
    `cli.help.<dest>`; a text the catalogue lacks stays as written."""
    def said(keys, current):
        return next((messages.text(k, lang) for k in keys if k in messages.CATALOGUE), current)

    parser.description = said(["cli.description"], parser.description)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = said([f"cli.command.{choice.dest}"], choice.help)
            for name, sub in action.choices.items():
                for option in sub._actions:
                    option.help = said([f"cli.help.{name}.{option.dest}", f"cli.help.{option.dest}"], option.help)
        else:
            action.help = said([f"cli.help.{action.dest}"], action.help)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = global_options_first(list(sys.argv[1:] if argv is None else argv))
    lang = _asked_lang(argv)
    with _argparse_speaks(lang):
        parser = localise_help(build_parser(), lang)
        args = parser.parse_args(argv)
        if getattr(args, "program", None) == [] and not args.job:   # only a job's setups may name them
            parser.error(argparse._("the following arguments are required: %s") % "program")
    if args.lang is None:
        args.lang = lang
    try:
        if isinstance(getattr(args, "program", None), list):   # programs of the job's setups (setups.py)
            if len(args.program) == 1 and not args.job:        # the default job has one setup
                args.programs, args.program = args.program, args.program[0]
            else:
                from .setups import program_arguments
                args.programs, args.program = program_arguments(args.program, args.job)
        return args.func(args)
    except Error as exc:
        print(messages.render(exc.finding, args.lang), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(messages.text("interrupted", args.lang), file=sys.stderr)
        return 130
    except OSError as exc:        # the machine's fault, not machinesim's: read-only folder, full disk
        key = "FILE.system" if exc.filename else "FILE.system_any"
        said = messages.text(key, args.lang, path=exc.filename, error=messages.os_reason(exc, args.lang))
        print(said + "\n    → " + messages.hint(key, args.lang), file=sys.stderr)
        return 2
    except Exception as exc:  # a bug of ours: say so plainly, keep the traceback for MACHINESIM_DEBUG=1
        if caused_by_ctrl_c(exc):
            print(messages.text("interrupted", args.lang), file=sys.stderr)
            return 130
        if os.environ.get("MACHINESIM_DEBUG"):
            raise
        print(messages.text("internal", args.lang, error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 3
