"""A real `machinesim serve` in a child process on 127.0.0.1, for the tests; stopped by itself."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from machinesim.server.security import hash_password
from machinesim.server.store import Store

MASTER_PASSWORD = "atelier-2026"
START_SECONDS = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(data: Path, *options: str):
    """`machinesim serve` on a free loopback port with `data` as its folder; yields its base URL."""
    Store(data).set_setting("password", hash_password(MASTER_PASSWORD))
    port = free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    log = open(data / "serve.log", "wb")
    process = subprocess.Popen([sys.executable, "-m", "machinesim", "--lang", "en", "serve", "--host", "127.0.0.1",
                                "--port", str(port), "--data", str(data), *options],
                               stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                with urllib.request.urlopen(url + "/api/exercises", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((data / "serve.log").read_text(errors="replace"))
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
