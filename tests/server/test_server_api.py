"""The classroom server over HTTP: /api/run answers result.json; limits, traversal, CSRF, master."""
from __future__ import annotations

import json
import re
import sqlite3
import time
import tomllib
from pathlib import Path

import pytest

from serving import MASTER_PASSWORD, request, running_server

SAMPLES = Path(__file__).resolve().parents[2] / "gcode_samples"
RESULT_KEYS = {"program", "ok", "findings", "cycle_time_s", "removed_volume_mm3", "resolution_mm", "checks", "grade"}


def sample(name: str) -> tuple[str, bytes]:
    return name, (SAMPLES / name).read_bytes()


def test_api_run_answers_the_result_json_of_the_program(server):
    status, body, headers = request(server + "/api/run?lang=en", {
        "program": sample("06_percage_eleve.nc"), "spec": sample("06_percage_spec.toml")})
    result = json.loads(body)
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert RESULT_KEYS <= result.keys() and result["program"] == "06_percage_eleve.nc"
    # the sample's index says what a teacher expects: no M3 after the tool change, and every hole in tolerance
    codes = {f["code"]: f for f in result["findings"]}
    assert "SPINDLE_OFF_CUT" in codes and result["ok"] is False
    source = (SAMPLES / "06_percage_eleve.nc").read_text().splitlines()
    marked = next(i for i, line in enumerate(source, 1) if "(ERREUR" in line)
    first_cut = next(i for i, line in enumerate(source, 1) if i > marked and re.search(r"\bG8[1-9]\b", line))
    assert codes["SPINDLE_OFF_CUT"]["line"] == first_cut
    checks = tomllib.loads((SAMPLES / "06_percage_spec.toml").read_text())["check"]
    assert [c["id"] for c in result["checks"]] == [c["id"] for c in checks] and all(c["ok"] for c in result["checks"]) and result["grade"] == 20


def test_api_run_makes_the_3d_scene_only_when_asked(server):
    for wanted in ("0", "1"):
        status, body, headers = request(server + "/api/run", {"program": sample("01_surfacage.nc"), "scene": wanted})
        state = json.loads(request(server + "/api/submissions/" + headers["x-machinesim-submission"])[1])
        assert status == 200 and state["status"] == "done" and state["result"] == json.loads(body)
        assert (state["scene"] is not None) == (wanted == "1")
    scene = json.loads(request(server + state["scene"])[1])
    # the default job's stock: 100 x 80 x 20 mm with G54 at machine (-300, -150, -250), top at Z0
    assert scene["stock"] == [-300.0, -200.0, -150.0, -70.0, -270.0, -250.0]
    assert scene["toolpath"]["moves"] == state["result"]["moves"]


def test_a_job_error_names_the_file_line_and_column_not_a_temporary_path(server):
    status, body, _ = request(server + "/api/run", {"program": sample("01_surfacage.nc"),
                                                    "job": ("fiche.toml", b"[machine]\ndialect = \n")})
    result = json.loads(body)
    assert status == 200 and result["ok"] is False and result["findings"][0]["file"] == "job.toml"
    assert result["findings"][0]["line"] == 2 and "machinesim-run-" not in body.decode()


def test_uploads_over_the_limit_get_413_with_a_message_and_the_server_stays_up(server):
    status, body, _ = request(server + "/api/run", {"program": ("big.nc", b"G0 X0\n" * (64 * 1024 ** 2 // 6))})
    assert status == 413 and json.loads(body)["error"] == "SERVER.too_large"
    assert request(server + "/api/exercises")[0] == 200


def test_no_request_path_reaches_the_file_system(server):
    for path in ("/static/../../../../etc/passwd", "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/static/..%2fapp.py",
                 "/static/%2Fetc%2Fpasswd", "/submission/..%2f..%2fetc%2fpasswd", "/api/submissions/../../etc/passwd",
                 "/api/submissions/%2e%2e/scene", "/../../etc/passwd"):
        status, body, _ = request(server + path)
        assert status in (400, 404) and b"root:" not in body, path
    # an uploaded file's name is never a path: the run sees it only as a name to show
    status, body, _ = request(server + "/api/run", {"program": ("../../../../tmp/evil.nc", b"G0 X0 Y0\nM30\n")})
    assert status == 200 and json.loads(body)["program"] == "evil.nc" and not Path("/tmp/evil.nc").exists()


def test_forms_need_their_csrf_token(server):
    status, body, _ = request(server + "/api/submissions", {"program": sample("01_surfacage.nc")})
    assert status == 403 and json.loads(body)["error"] == "SERVER.csrf"
    status, _, _ = request(server + "/master/login", {"password": MASTER_PASSWORD})
    assert status == 403


def test_one_student_cannot_fill_the_queue(server):
    token = "t" * 32
    cookie = {"Cookie": f"machinesim_csrf={token}", "X-CSRF-Token": token}
    answers = [request(server + "/api/submissions", {"program": sample("01_surfacage.nc"), "class_code": "2A",
                                                     "student": "Zoé Martin"}, cookie) for _ in range(3)]
    assert [a[0] for a in answers] == [202, 202, 429]
    assert json.loads(answers[2][1])["error"] == "SERVER.student_queue"
    sid = json.loads(answers[0][1])["id"]
    for _ in range(600):
        state = json.loads(request(server + f"/api/submissions/{sid}")[1])
        if state["status"] == "done":
            break
        time.sleep(0.2)
    assert state["student"] == "Zoé Martin" and state["result"]["findings"] is not None


def test_master_pages_need_the_password_which_is_stored_hashed(server, tmp_path_factory):
    assert b"atelier" not in request(server + "/api/submissions")[1]
    assert request(server + "/api/submissions")[0] == 403
    assert request(server + "/master/summary.csv?exercise=1")[0] == 403
    database = next(Path(p) for p in tmp_path_factory.getbasetemp().glob("classroom*/machinesim.sqlite3"))
    stored = sqlite3.connect(database).execute("SELECT value FROM settings WHERE key = 'password'").fetchone()[0]
    assert stored.startswith("scrypt$") and MASTER_PASSWORD not in stored


def test_serve_warns_off_the_loopback_and_makes_a_hashed_password(monkeypatch, tmp_path, capsys):
    import uvicorn

    import machinesim.server
    from machinesim.server import serve
    from machinesim.server.security import password_ok

    started = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.append(kw))
    monkeypatch.setattr(machinesim.server, "port_problem", lambda host, port: None)   # no socket on 0.0.0.0 in tests
    assert serve("0.0.0.0", 8123, str(tmp_path), "en") == 0          # nothing is bound: uvicorn is replaced
    out = capsys.readouterr()
    assert "Warning: --host 0.0.0.0" in out.err and "http://0.0.0.0:8123/" in out.out
    made = re.search(r"password created: (\S+)", out.out).group(1)
    stored = sqlite3.connect(tmp_path / "machinesim.sqlite3").execute(
        "SELECT value FROM settings WHERE key = 'password'").fetchone()[0]
    assert password_ok(made, stored) and made not in stored and started[0]["host"] == "0.0.0.0"
    serve("127.0.0.1", 8124, str(tmp_path), "en")                   # second start: same password, no warning
    again = capsys.readouterr()
    assert "Warning" not in again.err and "password" not in again.out
    serve("127.0.0.1", 8124, str(tmp_path), "en", reset_password=True)   # forgotten: a new one is made
    made_again = re.search(r"password created: (\S+)", capsys.readouterr().out).group(1)
    stored = sqlite3.connect(tmp_path / "machinesim.sqlite3").execute(
        "SELECT value FROM settings WHERE key = 'password'").fetchone()[0]
    assert password_ok(made_again, stored) and not password_ok(made, stored)


def test_serve_says_when_its_port_is_taken(tmp_path, capsys):
    import socket

    from machinesim.server import serve

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assert serve("127.0.0.1", taken.getsockname()[1], str(tmp_path), "en") == 2
    err = capsys.readouterr().err
    assert "Cannot listen on 127.0.0.1" in err and "--port 8001" in err


def test_a_restart_loses_nothing_and_runs_what_was_waiting(tmp_path):
    from machinesim.server.store import Store

    store = Store(tmp_path)
    sid = store.add_submission("2C", "Nina", None, "01_surfacage.nc", (SAMPLES / "01_surfacage.nc").read_bytes(), "en")
    exercise = store.add_exercise("Surfaçage", "2C", {"spec": ("s.toml", (SAMPLES / "01_surfacage_spec.toml").read_bytes())})
    del store
    with running_server(tmp_path, "--workers", "1") as url:
        for _ in range(600):
            state = json.loads(request(f"{url}/api/submissions/{sid}")[1])
            if state["status"] == "done":
                break
            time.sleep(0.2)
        assert state["status"] == "done" and state["result"]["program"] == "01_surfacage.nc"
        assert [e["id"] for e in json.loads(request(url + "/api/exercises")[1])] == [exercise]


def test_the_film_of_the_cut_is_made_on_demand(server):
    import io

    import imageio.v3 as iio
    import numpy as np

    status, _, headers = request(server + "/api/run", {"program": sample("01_surfacage.nc")})
    film = server + f"/api/submissions/{headers['x-machinesim-submission']}/film"
    assert request(film)[0] == 404                                   # nothing asked for yet
    token = "f" * 32
    cookie = {"Cookie": f"machinesim_csrf={token}", "X-CSRF-Token": token}
    assert request(film, {"frames": "2"}, cookie)[0] == 202
    for _ in range(900):
        status, body, answer = request(film)
        if status != 202:
            break
        time.sleep(0.2)
    if status == 422 and "RENDER" in json.loads(body)["message"]:
        pytest.skip("no offscreen rendering here: " + json.loads(body)["message"])
    assert status == 200 and answer["content-type"] == "image/gif"
    frames = iio.imread(io.BytesIO(body), index=None)
    assert len(frames) == 2
    assert not np.array_equal(frames[0], frames[-1])                 # the raw stock first, the faced block last
