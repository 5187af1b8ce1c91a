"""The pure helpers of bench_camotics (the same stock and tools on both sides, the README table in
place, a clear word instead of a run when no camsim is given) and of bench_pipeline's whole
command (the stages' shares). Nothing is timed here."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

import bench_camotics  # noqa: E402
from machinesim.job import load_job  # noqa: E402

BEAR = {"units": "imperial", "resolution-mode": "high", "resolution": 0.29,
        "tools": {"1": {"units": "imperial", "shape": "ballnose", "length": 1, "diameter": 0.125},
                  "2": {"units": "metric", "shape": "conical", "length": 10, "diameter": 6, "angle": 60}},
        "workpiece": {"automatic": False, "margin": 0, "bounds": {"min": [0, 0, -0.5], "max": [2, 3, 0]}},
        "files": ["bear.nc"]}


def test_a_camotics_project_becomes_the_same_job_in_millimetres(tmp_path):
    # CAMotics keeps a workpiece's bounds in mm whatever the project's units (Workpiece.cpp reads
    # them unscaled); a tool's values are in the tool's own units (Tool.cpp scales inches by 25.4)
    path = tmp_path / "job.toml"
    path.write_text(bench_camotics.job_toml(BEAR, 0.2), encoding="utf-8")
    job = load_job(path)
    assert job.machine.resolution == 0.2
    assert tuple(job.stock.min) == pytest.approx((0.0, 0.0, -0.5))
    assert tuple(job.stock.max) == pytest.approx((2.0, 3.0, 0.0))
    assert job.offset("G54") == pytest.approx((0.0, 0.0, 0.0))
    assert job.machine.tool_length == "touch_off"      # CAMotics has no tool lengths: Z is the tip
    ball, cone = job.tool(1), job.tool(2)
    assert ball.type == "ball" and ball.diameter == pytest.approx(3.175)
    assert cone.type == "chamfer" and cone.diameter == 6.0 and cone.point_angle == 60.0


def test_an_automatic_workpiece_becomes_the_automatic_stock(tmp_path):
    path = tmp_path / "job.toml"
    path.write_text(bench_camotics.job_toml(dict(BEAR, workpiece={"automatic": True, "margin": 5}), 0.2),
                    encoding="utf-8")
    assert load_job(path).stock.kind == "auto"


def test_only_examples_of_one_g_code_file_that_is_there_are_taken(tmp_path):
    import json

    for name, files in {"a": ["a.nc"], "b": ["b.tpl"], "c": ["c.ngc", "d.ngc"], "missing": ["gone.nc"]}.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.camotics").write_text(json.dumps(dict(BEAR, files=files)), encoding="utf-8")
        for f in files:
            if name != "missing":
                (tmp_path / name / f).write_text("G0 X0\n", encoding="utf-8")
    assert [name for name, _, _ in bench_camotics.their_programs(tmp_path)] == ["a"]


def test_our_job_becomes_a_camotics_project_with_its_stock_and_tools():
    job = load_job(None)
    project = bench_camotics.camotics_project(job, "finish.nc", 0.1)
    assert project["workpiece"] == {"automatic": False, "margin": 0,
                                    "bounds": {"min": [0.0, 0.0, -20.0], "max": [100.0, 80.0, 0.0]}}
    assert project["resolution-mode"] == "manual" and project["resolution"] == 0.1
    assert project["tools"]["5"]["shape"] == "ballnose" and project["tools"]["5"]["diameter"] == job.tool(5).diameter
    assert project["tools"]["1"]["shape"] == "cylindrical"
    assert "resolution = 0.5" in bench_camotics.default_job_text(0.5)


def test_the_readme_table_replaces_the_last_one_and_keeps_the_rest(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# benchmarks\n\nbefore\n", encoding="utf-8")
    rows = [{"program": "demo", "from": "machinesim", "lattice_mm": 0.2, "machinesim": {"seconds": 2.0},
             "camotics": {"seconds": 5.0}}]
    bench_camotics.write_readme(bench_camotics.readme_section(rows, "test machine"), readme)
    rows[0]["camotics"] = {"error": "crashed"}
    bench_camotics.write_readme(bench_camotics.readme_section(rows, "test machine"), readme)
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# benchmarks\n\nbefore\n")
    assert text.count(bench_camotics.BEGIN) == 1 and text.count(bench_camotics.END) == 1
    assert "| demo | machinesim | 0.20 | 2.00 | crashed | — | — |" in text


def test_without_camsim_it_says_how_to_provide_one(capsys):
    assert bench_camotics.main([]) == 0
    out = capsys.readouterr().out
    assert "--camsim" in out and "nothing run" in out
    assert bench_camotics.main(["--camsim", "/nonexistent/camsim"]) == 2


def test_the_command_s_stages_and_the_rest_make_the_whole_process():
    import bench_pipeline

    seconds, share = bench_pipeline.shares({"import": 0.5, "cut": 2.0, "mesh": 1.0}, 5.0)
    assert seconds["other"] == pytest.approx(1.5)
    assert share["cut"] == pytest.approx(0.4) and sum(share.values()) == pytest.approx(1.0)
    assert bench_pipeline.shares({"cut": 2.0}, 1.5)[0]["other"] == 0.0     # clocks overlap: never negative


def test_a_long_run_far_behind_is_not_repeated(monkeypatch):
    quick = [sys.executable, "-c", "pass"]
    assert bench_camotics.best_of(quick, runs=3)["runs"] == 3
    monkeypatch.setattr(bench_camotics, "LONG_S", 0.0)
    assert bench_camotics.best_of(quick, runs=3, beaten_by=1e-6)["runs"] == 1      # far behind: once
    assert bench_camotics.best_of(quick, runs=3, beaten_by=1e3)["runs"] == 3       # close: best of 3
    failed = bench_camotics.best_of([sys.executable, "-c", "raise SystemExit(3)"], runs=3)
    assert "error" in failed


def test_a_run_stopped_at_the_timeout_is_a_lower_bound_in_the_table(monkeypatch):
    monkeypatch.setattr(bench_camotics, "TIMEOUT_S", 0.5)
    stopped = bench_camotics.best_of([sys.executable, "-c", "import time; time.sleep(30)"], runs=3)
    assert stopped == {"stopped_after": 0.5, "runs": 1}
    rows = [{"program": "finish", "from": "machinesim", "lattice_mm": 0.1, "machinesim": {"seconds": 0.25},
             "camotics": stopped}]
    assert "| finish | machinesim | 0.10 | 0.25 | > 0 | 1 | > 2.00 |" in bench_camotics.readme_section(rows, "m")


def test_a_run_killed_says_by_which_signal_and_the_table_shows_it():
    killed = bench_camotics.best_of([sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"])
    assert killed["error"] == "killed by SIGKILL"
    failed = bench_camotics.best_of([sys.executable, "-c", "import sys; print('cannot read the project', file=sys.stderr); sys.exit(2)"])
    assert failed["error"] == "exit 2: cannot read the project"
    rows = [{"program": "cameo", "from": "CAMotics", "lattice_mm": 0.1, "machinesim": {"seconds": 11.0},
             "camotics": killed}]
    assert "| cameo | CAMotics | 0.10 | 11.00 | killed by SIGKILL | 1 | — |" in bench_camotics.readme_section(rows, "m")


def test_the_tool_camotics_cuts_with_when_none_is_loaded_stands_in(tmp_path):
    # MoveSink.cpp: a feed move with no tool selects tool 1; Tool.cpp makes a Ø2 × 10 mm cylinder
    # (Ø1/8 × 1 in imperial) for a number the project lacks
    path = tmp_path / "job.toml"
    path.write_text(bench_camotics.job_toml(BEAR, 0.5), encoding="utf-8")
    stand_in = load_job(path).tool_default
    assert stand_in.type == "ball" and stand_in.diameter == pytest.approx(3.175)
    only_two = dict(BEAR, tools={"2": BEAR["tools"]["2"]})
    path.write_text(bench_camotics.job_toml(only_two, 0.5), encoding="utf-8")
    made = load_job(path).tool_default
    assert made.type == "flat" and made.diameter == pytest.approx(3.175) and made.flute_length == pytest.approx(25.4)
    path.write_text(bench_camotics.job_toml(dict(only_two, units="metric"), 0.5), encoding="utf-8")
    made = load_job(path).tool_default
    assert made.diameter == pytest.approx(2.0) and made.flute_length == pytest.approx(10.0)


def test_a_program_with_no_tool_change_is_cut_as_camotics_cuts_it(tmp_path):
    # CAMotics' slant_test: `T3` without M6, a table of tool 1 only; it cuts with tool 1
    import subprocess

    program = tmp_path / "slant.nc"
    program.write_text("G21 T3 F5\nG0 X0 Y0 Z0\nG1 X5 Y5 Z-5\nG1 X10 Y10 Z0\nG0 Z1\n", encoding="utf-8")
    project = dict(BEAR, units="metric", workpiece={"automatic": True, "margin": 1},
                   tools={"1": {"units": "metric", "shape": "cylindrical", "length": 10, "diameter": 4}})
    job = tmp_path / "job.toml"
    job.write_text(bench_camotics.job_toml(project, 0.5), encoding="utf-8")
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "machinesim", "--quiet", "run", str(program), "--job", str(job),
                    "--out", str(out)], check=False, capture_output=True)
    timing = bench_camotics.stopped_early(out, {"seconds": 1.0, "runs": 3})
    assert timing == {"seconds": 1.0, "runs": 3}
    import json
    assert json.loads((out / "result.json").read_text(encoding="utf-8"))["removed_volume_mm3"] > 0


def test_a_run_stopped_at_an_error_has_no_time_in_the_table(tmp_path):
    import json

    (tmp_path / "result.json").write_text(json.dumps({"stopped_at": {"line": 1, "code": "UNKNOWN_TOOL"}}),
                                          encoding="utf-8")
    timing = bench_camotics.stopped_early(tmp_path, {"seconds": 0.8, "runs": 3})
    assert timing == {"error": "stopped at line 1 (UNKNOWN_TOOL)", "runs": 3}
    row = {"program": "slant_test", "from": "CAMotics", "lattice_mm": 0.5, "machinesim": timing,
           "camotics": {"seconds": 0.12, "runs": 3}}
    assert bench_camotics.table_rows([row]) == [["slant_test", "CAMotics", 0.5, "stopped at line 1 (UNKNOWN_TOOL)",
                                                 0.12, 3, None]]


def test_programs_measured_again_replace_their_rows_in_place():
    def row(name, h, t):
        return {"program": name, "lattice_mm": h, "machinesim": {"seconds": t}, "camotics": {"seconds": 1.0}}

    before = [row("a", 0.5, 1.0), row("b", 0.5, 2.0), row("a", 0.2, 3.0)]
    after = [row("b", 0.5, 1.5), row("c", 0.5, 9.0)]
    assert [(r["program"], r["lattice_mm"], r["machinesim"]["seconds"]) for r in bench_camotics.merged(before, after)] \
        == [("a", 0.5, 1.0), ("b", 0.5, 1.5), ("a", 0.2, 3.0), ("c", 0.5, 9.0)]
    assert bench_camotics.merged([], after) == after


def test_only_the_programs_named_are_run(monkeypatch, tmp_path):
    ran = []
    monkeypatch.setattr(bench_camotics, "best_of", lambda command, runs, beaten_by=None: ran.append(command) or
                        {"seconds": 1.0, "runs": 1})
    rows = bench_camotics.run_pairs("/bin/true", None, [0.5], 1, only={"demo (2.5D)"})
    assert [r["program"] for r in rows] == ["demo (2.5D)"] and len(ran) == 2
