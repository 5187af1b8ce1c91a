"""The `machinesim` command: files in, reports out, exit codes (see interfaces.md).

Exit codes: 0 clean, 1 findings of severity error (or checks out of tolerance), 2 unusable input,
3 an internal error of machinesim (reported in one sentence; MACHINESIM_DEBUG=1 shows the traceback).
Unusable input is any `InputError` raised below; it is printed from the catalogue with the file,
line and column, never as a traceback.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from importlib import resources
from pathlib import Path

from . import messages
from .findings import InputError, input_error
from .job import Job, load_job
from .pipeline import Simulation, simulate_program
from .progress import Bar
from .report import write_result
from .report.io import write_atomic

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


def _print_findings(findings, lang: str, stream=None) -> None:
    """Findings grouped by program line, errors first within a line."""
    stream = stream or sys.stdout
    order = {"error": 0, "warning": 1, "info": 2}
    current = None
    for f in sorted(findings, key=lambda f: (f.file, f.line, order.get(f.severity, 3), f.column)):
        if (f.file, f.line) != current:
            current = (f.file, f.line)
            print(messages.text("findings.at_line", lang, file=Path(f.file).name if f.file else "?",
                                line=f.line), file=stream)
        print("  " + messages.render(f, lang, where=False).replace("\n", "\n  "), file=stream)


def _minutes(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m} min {s:02d} s"


def _simulate(program, job: Job, args) -> Simulation:
    with Bar(messages.text("progress.cutting", args.lang), args.quiet) as bar:
        if job.setups:   # one program per setup (setups.py)
            from .setups import setup_files, simulate_setups
            return simulate_setups(getattr(args, "programs", None) or setup_files(program), job, progress=bar)
        return simulate_program(program, job, progress=bar)


def _print_summary(sim: Simulation, lang: str) -> None:
    _print_findings(sim.findings, lang)
    tools = ", ".join(f"T{t} {_minutes(s)}" for t, s in sorted(sim.cycle_time_per_tool.items()) if t)
    print(messages.text("cycle_time", lang, time=_minutes(sim.cycle_time_s)) + (f"  ({tools})" if tools else ""))
    print(messages.text("removed_volume", lang, volume=f"{sim.model.removed_volume / 1000:.2f}",
                        moves=len(sim.toolpath.moves)))


def _mesh(sim: Simulation):
    from .kernel import surface_mesh

    return surface_mesh(sim.model, sim.probe)


def _can_render(lang: str) -> bool:
    """Whether pictures can be made here; says why not (and the fix) when they cannot."""
    from . import render

    ok, reason = render.rendering_available()
    if not ok:
        print(messages.text("render.unavailable", lang, reason=reason, fix=render.APT_FIX), file=sys.stderr)
    return ok


def _picture(sim: Simulation, path: Path, lang: str, mesh, findings=(), results=()) -> Path:
    """part.png: the finished part, findings and out-of-tolerance checks marked where they are."""
    from . import render

    markers = render.markers_from_findings(findings, lang) + render.markers_from_checks(
        results, sim.job.to_machine, lang)
    return render.render_part(mesh, path, stock_bounds=sim.job.stock_box_machine, markers=markers, lang=lang)


def _viewer(sim: Simulation, path: Path, lang: str, mesh) -> str | None:
    """The interactive 3D page beside report.html, or None (with the reason) when it cannot be made."""
    from . import render

    try:
        render.export_html(mesh, path, stock_bounds=sim.job.stock_box_machine, lang=lang)
    except render.RenderingUnavailable as exc:
        print(messages.render(exc.finding, lang, where=False), file=sys.stderr)
        return None
    return path.name


def _extra(sim: Simulation) -> dict:
    return {"cycle_time_per_tool_s": {f"T{k}": round(v, 3) for k, v in sorted(sim.cycle_time_per_tool.items())},
            "moves": len(sim.toolpath.moves),
            "timings_s": {k: round(v, 3) for k, v in sim.timings.items()}}


def cmd_run(args) -> int:
    job = load_job(args.job)
    out = _out_dir(args.out, f"machinesim-{Path(args.program).stem}")
    sim = _simulate(args.program, job, args)
    _print_summary(sim, args.lang)
    write_result(out / "result.json", args.program, sim.findings, cycle_time_s=sim.cycle_time_s,
                 removed_volume_mm3=sim.model.removed_volume, resolution_mm=sim.model.h, lang=args.lang,
                 extra=_extra(sim))
    if _can_render(args.lang):
        _picture(sim, out / "part.png", args.lang, _mesh(sim), findings=sim.findings)
    print(messages.text("written", args.lang, path=str(out)))
    return 0 if sim.ok else 1


def _check(program, spec_path, job: Job, out: Path, args, source_name: str | None = None,
           reference: str | None = None, design: str | None = None) -> tuple[int, tuple]:
    """Simulate, measure, grade and write result.json, part.png and report.html into `out`.

    `reference`: the master's program, compared with the student's part; `design`: an STL of the
    designed part, compared vertex by vertex.
    """
    from .kernel import Probe
    from .metrology import compare_design, compare_reference, grade, load_spec, measure
    from .report import format_table, write_html

    spec = load_spec(spec_path)
    sim = _simulate(program, job, args)
    probe = sim.probe
    results = measure(spec, probe, sim.job, model=sim.model, toolpath=sim.toolpath)
    mark = grade(spec, results)
    _print_summary(sim, args.lang)
    print(format_table(results, args.lang, mark))
    extra = _extra(sim)
    master = None
    if reference:
        from .gcode import load_program

        if job.setups:   # the master's programs of every setup: a folder or a group of files (setups.py)
            from .setups import reference_probe
            master = compare_reference(probe, reference_probe(reference, job), sim.job, sim.toolpath)
        else:
            master = compare_reference(probe, Probe(load_program(reference, job), job), job, sim.toolpath)
        extra["reference"] = {"program": str(reference), "missing_mm3": round(master.missing_mm3, 3),
                              "left_mm3": round(master.left_mm3, 3), "regions": master.regions}
    can_render = _can_render(args.lang)
    mesh = _mesh(sim) if (design or can_render) else None
    versus = None
    if design:
        versus = compare_design(mesh, design, args.tolerance, offset=job.offset(job.stock.frame))
        extra["design"] = {"file": str(design), **versus.stats, "regions": versus.regions}
    write_result(out / "result.json", source_name or str(program), sim.findings, results, mark,
                 cycle_time_s=sim.cycle_time_s, removed_volume_mm3=sim.model.removed_volume,
                 resolution_mm=sim.model.h, lang=args.lang, extra=extra)
    picture = viewer = None
    if can_render:
        picture = _picture(sim, out / "part.png", args.lang, mesh, findings=sim.findings, results=results)
        viewer = _viewer(sim, out / "part3d.html", args.lang, mesh)
    # with setups a check's lines may be any setup's: no one program to quote them from
    source = "" if job.setups else Path(program).read_text(encoding="utf-8", errors="replace")
    write_html(out / "report.html", source_name or str(program), spec, results, mark, findings=sim.findings,
               picture=picture, source=source, lang=args.lang, job=job, design=versus, reference=master,
               viewer=viewer)
    print(messages.text("written", args.lang, path=str(out)))
    ok = sim.ok and all(r.ok is not False for r in results)
    return (0 if ok else 1), (sim, results, mark)


def cmd_check(args) -> int:
    job = load_job(args.job)
    out = _out_dir(args.out, f"machinesim-{Path(args.program).stem}")
    return _check(args.program, args.spec, job, out, args, reference=args.reference, design=args.design)[0]


def cmd_moves(args) -> int:
    from .gcode import load_program, moves_jsonl

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


PROGRAM_SUFFIXES = (".nc", ".ngc", ".tap", ".cnc", ".gcode", ".iso", ".txt")


def _grade_one(program: str, spec: str, job_path: str | None, out: str, reference: str | None,
               lang: str) -> tuple:
    """One student's report in its own folder (runs in a worker process); never raises."""
    import contextlib
    import io

    from .report import summary_row

    name = Path(program).stem
    args = argparse.Namespace(lang=lang, quiet=True, tolerance=0.05)
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
            job = load_job(job_path)
            folder = Path(out) / name
            _, (sim, results, mark) = _check(program, spec, job, _out_dir(str(folder), ""), args,
                                             source_name=Path(program).name, reference=reference)
        row = summary_row(name, results, mark, sim.findings, report=f"{name}/report.html")
    except InputError as exc:
        row = summary_row(name, problem=messages.render(exc.finding, lang, with_hint=False))
    except Exception as exc:  # one broken program never stops the class
        row = summary_row(name, problem=f"{type(exc).__name__}: {exc}")
    return row, buffer.getvalue()


def cmd_grade(args) -> int:
    """Every program of a folder, in parallel on all cores, then the class summary."""
    from .metrology import load_spec
    from .report import write_summary

    folder = Path(args.folder)
    if not folder.is_dir():
        raise input_error("FILE.missing", file=str(folder), path=str(folder))
    spec = load_spec(args.spec)
    job = load_job(args.job)  # an unusable job stops here, once, with its message
    programs = sorted(p for p in folder.iterdir() if p.suffix.lower() in PROGRAM_SUFFIXES and p.is_file())
    if job.setups:   # one subfolder, or one group of files, per student (setups.py)
        from .setups import student_entries
        programs = student_entries(folder)
    out = _out_dir(args.out, f"machinesim-{folder.name}")
    rows = []
    with Bar(messages.text("progress.grading", args.lang), args.quiet) as bar, \
            ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        futures = [pool.submit(_grade_one, str(p), args.spec, args.job, str(out), args.reference, args.lang)
                   for p in programs]
        for done, future in enumerate(as_completed(futures), 1):
            row, _ = future.result()
            rows.append(row)
            bar(done, len(futures))
    csv_path, html_path = write_summary(out, sorted(rows, key=lambda r: r.student), spec, args.lang)
    print(messages.text("grade.header", args.lang))
    for row in sorted(rows, key=lambda r: r.student):
        mark = "—" if row.mark is None else f"{row.mark:g}"
        failed = " ".join(map(str, row.failed)) or "—"
        print(f"{row.student:20s} {mark:>6s}  {failed:14s}  {' '.join(row.codes) or '—'}  {row.problem}")
    print(messages.text("written", args.lang, path=str(html_path)))
    return 0


def cmd_render(args) -> int:
    """Pictures only: the part, its toolpath, its deviation from a design model, or a film."""
    from . import render
    from .kernel import Probe, simulate, surface_mesh

    if Path(args.output).suffix.lower() != ".png":   # never write a picture over a program or a spec
        raise input_error("RENDER.picture_format", file=args.output, path=args.output)
    job = load_job(args.job)
    sim = _simulate(args.program, job, args)
    if not _can_render(args.lang):
        return 2
    mesh = _mesh(sim)
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
                           markers=render.markers_from_findings(sim.findings, args.lang), lang=args.lang,
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
        def mesh_at(count: int):
            part = sim.toolpath.__class__(sim.toolpath.moves[:count], files=sim.toolpath.files)
            probe = Probe(part, job)
            return surface_mesh(simulate(part, job, probe=probe), probe)

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
    out = _out_dir(args.out, "machinesim-demo")
    program = out / "demo.nc"
    write_atomic(program, data.joinpath("demo.nc").read_text(encoding="utf-8"))
    spec = out / "demo_spec.toml"
    write_atomic(spec, data.joinpath("demo_spec.toml").read_text(encoding="utf-8"))
    code, _ = _check(program, spec, load_job(None), out, args, source_name="demo.nc")
    return 0 if code in (0, 1) else code


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
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang is None:
        args.lang = messages.default_lang()
    try:
        if isinstance(getattr(args, "program", None), list):   # programs of the job's setups (setups.py)
            from .setups import program_arguments
            args.programs, args.program = program_arguments(args.program, args.job)
        return args.func(args)
    except InputError as exc:
        print(messages.render(exc.finding, args.lang), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(messages.text("interrupted", args.lang), file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: say so plainly, keep the traceback for MACHINESIM_DEBUG=1
        if os.environ.get("MACHINESIM_DEBUG"):
            raise
        print(messages.text("internal", args.lang, error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 3
