"""Benchmark: a class of 25 submitting at once to `machinesim serve` (POST /api/run), all answered right.

    python benchmarks/bench_serve.py            (MACHINESIM_BENCH_QUICK=1: 8 submissions)

Starts a real server on 127.0.0.1 (a free port, a temporary data folder, one worker per core),
waits until its workers are warm, then
sends the 24 sample programs of `gcode_samples/samples.toml` (good parts and students' versions,
each with its spec and job), cycled to 25, from 25 threads at the same moment: once for
result.json only (what `/api/run` makes by default), once with the 3D scene too (what the
student page asks for). Every answer must be the result.json the sample's index predicts: the
expected finding codes, no error on a good part, the expected checks out of tolerance and every
other one in. Prints the latency median and worst (from sending to the answer, queue included),
the time to serve the class, and the same runs sent one at a time (the speed-up of the workers,
ideally their number); writes benchmarks/results/serve.json. Every request goes to the loopback, with a
bounded timeout, and the server is stopped at the end.
"""
from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:                       # `common` lives beside this file
    sys.path.insert(0, str(HERE))

from common import quick, table, write_results  # noqa: E402

SAMPLES = HERE.parent / "gcode_samples"
CLASS_SIZE = 25
START_SECONDS = 180
ANSWER_SECONDS = 900


def cases() -> list[dict]:
    """Each sample with its files and what the answer must say (from samples.toml, not from machinesim)."""
    index = tomllib.loads((SAMPLES / "samples.toml").read_text(encoding="utf-8"))
    by_program = {s["program"]: s for s in index["sample"]}
    out = []
    for s in index["sample"]:
        out.append({"program": s["program"], "job": s.get("job"), "spec": s.get("spec"), "codes": [],
                    "good": True, "failing": [], "unsure": []})
    for s in index["student"]:
        good = by_program[s["of"]]
        out.append({"program": s["program"], "job": s.get("job", good.get("job")), "spec": good.get("spec"),
                    "codes": s["findings"], "good": False, "failing": s.get("failing"), "unsure": s.get("unsure", [])})
    return out


def answered_right(case: dict, result: dict) -> str:
    """'' when the answer is the one the sample's index predicts, else what is wrong."""
    codes = {f["code"] for f in result.get("findings", [])}
    missing = set(case["codes"]) - codes
    if missing:
        return f"missing findings {sorted(missing)}"
    if case["good"] and any(f["severity"] == "error" for f in result["findings"]):
        return f"errors on a good part: {sorted(codes)}"
    out = {c["id"] for c in result.get("checks", []) if c["ok"] is False}
    if case["good"] and out:
        return f"checks out of tolerance on a good part: {sorted(out)}"
    if case["failing"] is not None and not case["good"]:
        expected = set(case["failing"])
        if not expected <= out or out - expected - set(case["unsure"]):
            return f"checks out {sorted(out)}, expected {sorted(expected)}"
    return ""


def multipart(fields: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = "machinesim-bench-" + os.urandom(8).hex()
    parts = [(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{file}"\r\n'
              f"Content-Type: application/octet-stream\r\n\r\n" if file else
              f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n').encode() + data + b"\r\n"
             for name, (file, data) in fields.items()]
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def submit(url: str, case: dict, scene: bool = False) -> tuple[float, dict]:
    """(seconds from sending to the whole answer, result.json) of one POST /api/run."""
    fields = {"program": (case["program"], (SAMPLES / case["program"]).read_bytes())}
    if scene:
        fields["scene"] = ("", b"1")
    for role in ("job", "spec"):
        if case[role]:
            fields[role] = (case[role], (SAMPLES / case[role]).read_bytes())
    body, kind = multipart(fields)
    request = urllib.request.Request(url + "/api/run?lang=en", data=body, headers={"Content-Type": kind})
    t0 = time.perf_counter()
    with urllib.request.urlopen(request, timeout=ANSWER_SECONDS) as answer:
        result = json.loads(answer.read())
    return time.perf_counter() - t0, result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    process = subprocess.Popen([sys.executable, "-m", "machinesim", "--lang", "en", "serve", "--port", str(port),
                                "--data", str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            with urllib.request.urlopen(url + "/api/exercises", timeout=2):
                return process, url
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise SystemExit("the server did not start")
            time.sleep(0.2)


def class_at_once(url: str, chosen: list[dict], scene: bool) -> tuple[list, float]:
    """Every submission sent at the same moment from its own thread: [(latency, result)], wall time."""
    answers: list = [None] * len(chosen)
    barrier = threading.Barrier(len(chosen))

    def student(i: int) -> None:
        barrier.wait()
        try:
            answers[i] = submit(url, chosen[i], scene)
        except (OSError, urllib.error.URLError, ValueError) as exc:
            answers[i] = (float("nan"), {"error": repr(exc)})

    t0 = time.perf_counter()
    threads = [threading.Thread(target=student, args=(i,)) for i in range(len(chosen))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(ANSWER_SECONDS)
    return answers, time.perf_counter() - t0


def figures(chosen: list[dict], answers: list, wall: float, serial: float) -> dict:
    latencies = [a[0] for a in answers if a is not None]
    wrong = {chosen[i]["program"]: (a[1]["error"] if "error" in a[1] else answered_right(chosen[i], a[1]))
             for i, a in enumerate(answers) if a is None or "error" in a[1] or answered_right(chosen[i], a[1])}
    return {"correct": len(chosen) - len(wrong), "wrong": wrong, "latency_median_s": statistics.median(latencies),
            "latency_worst_s": max(latencies), "wall_s": wall, "serial_s": serial, "speed_up": serial / wall,
            "latencies_s": {f"{i:02d} {case['program']}": a[0] for i, (case, a) in enumerate(zip(chosen, answers))
                            if a is not None}}


def main() -> int:
    all_cases = cases()
    size = 8 if quick() else CLASS_SIZE
    chosen = [all_cases[i % len(all_cases)] for i in range(size)]
    rounds = {}
    with tempfile.TemporaryDirectory(prefix="machinesim-bench-serve-") as tmp:
        process, url = start_server(Path(tmp))
        try:
            for _ in range(os.cpu_count() or 1):          # every worker warm
                submit(url, all_cases[0], scene=True)
            for scene in (False, True):
                answers, wall = class_at_once(url, chosen, scene)
                serial = sum(submit(url, case, scene)[0] for case in chosen)   # the same runs one at a time
                rounds["with 3D scene" if scene else "result.json only"] = figures(chosen, answers, wall, serial)
        finally:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
    names = list(rounds)
    rows = [["submissions at once"] + [size] * len(names),
            ["answered correctly"] + [rounds[n]["correct"] for n in names],
            ["latency median (s)"] + [rounds[n]["latency_median_s"] for n in names],
            ["latency worst (s)"] + [rounds[n]["latency_worst_s"] for n in names],
            ["class served in (s)"] + [rounds[n]["wall_s"] for n in names],
            ["same runs one at a time (s)"] + [rounds[n]["serial_s"] for n in names],
            [f"speed-up with {os.cpu_count()} workers"] + [rounds[n]["speed_up"] for n in names]]
    table(rows, ["what"] + names)
    wrong = {f"{n}: {program}": why for n in names for program, why in rounds[n]["wrong"].items()}
    for what, why in wrong.items():
        print(f"WRONG {what}: {why}")
    write_results("serve", {"submissions": size, "workers": os.cpu_count(), "rounds": rounds})
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
