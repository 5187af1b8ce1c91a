"""A real `machinesim serve` in a child process on 127.0.0.1, for the tests; stopped by itself."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
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


def multipart(fields: dict) -> tuple[bytes, str]:
    """A multipart/form-data body: values are str (a field) or (file name, bytes) (a file)."""
    boundary = "machinesim-test-" + os.urandom(8).hex()
    out = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, tuple):
                head = f'Content-Disposition: form-data; name="{name}"; filename="{item[0]}"\r\nContent-Type: application/octet-stream'
                data = item[1]
            else:
                head, data = f'Content-Disposition: form-data; name="{name}"', str(item).encode()
            out.append(f"--{boundary}\r\n{head}\r\n\r\n".encode() + data + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


def request(url: str, fields: dict | None = None, headers: dict | None = None, method: str | None = None,
            timeout: float = 120):
    """(status, body bytes, headers) of one request; errors are answers too."""
    data, kind = multipart(fields) if fields is not None else (None, None)
    req = urllib.request.Request(url, data=data, method=method or ("POST" if data is not None else "GET"),
                                 headers={**({"Content-Type": kind} if kind else {}), **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers
