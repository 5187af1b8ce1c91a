"""`machinesim serve`: the classroom server (students drop programs, the master sees the class).

A Starlette application served by uvicorn (`app.py`), SQLite storage (`store.py`), worker
processes with limits (`workers.py`), one module that runs the pipeline (`runs.py`).
"""
from __future__ import annotations

import getpass
import os
import secrets
import socket
import sys
from pathlib import Path

from .. import messages
from . import security
from .app import MB, Settings, build
from .store import Store
from .workers import Limits

__all__ = ["Settings", "build", "default_data_dir", "serve"]
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def default_data_dir() -> Path:
    """The class's data folder in the user's data directory (XDG on Linux, AppData on Windows)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("machinesim", appauthor=False)) / "classroom"


def first_password(store: Store, lang: str) -> None:
    """At the first start, the master chooses a password (or one is made and printed); stored hashed."""
    if store.setting("password"):
        return
    if sys.stdin is not None and sys.stdin.isatty():
        for _ in range(3):
            first = getpass.getpass(messages.text("serve.password_prompt", lang))
            if len(first) >= security.MIN_PASSWORD and getpass.getpass(messages.text("serve.password_again", lang)) == first:
                store.set_setting("password", security.hash_password(first))
                return
            print(messages.text("serve.password_mismatch", lang), file=sys.stderr)
    made = secrets.token_urlsafe(9)
    store.set_setting("password", security.hash_password(made))
    print(messages.text("serve.password_made", lang, password=made), flush=True)


def port_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port, or None when it can."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


def serve(host: str = "127.0.0.1", port: int = 8000, data: str | None = None, lang: str = "fr",
          max_upload_mb: float = 20, run_seconds: float = 120, memory_gb: float = 4, workers: int | None = None,
          reset_password: bool = False) -> int:
    """Start the server in the foreground until Ctrl+C (exit code 2 when it cannot listen)."""
    import uvicorn

    reason = port_problem(host, port)
    if reason:
        print(messages.text("serve.port_busy", lang, host=host, port=port, reason=reason), file=sys.stderr)
        print("  → " + messages.hint("serve.port_busy", lang), file=sys.stderr)
        return 2
    folder = Path(data) if data else default_data_dir()
    settings = Settings(data=folder, max_upload_bytes=int(max_upload_mb * MB), workers=workers or os.cpu_count() or 1,
                        limits=Limits(run_seconds=run_seconds, memory_bytes=int(memory_gb * 1024 ** 3)))
    store = Store(folder)
    if reset_password:
        store.set_setting("password", "")
        store.end_sessions()
        print(messages.text("serve.password_reset", lang), flush=True)
    first_password(store, lang)
    if host not in LOOPBACK:
        print(messages.text("serve.public", lang, host=host), file=sys.stderr, flush=True)
    app = build(settings)
    shown = f"[{host}]" if ":" in host else host
    print(messages.text("serve.data", lang, path=str(folder)), flush=True)
    print(messages.text("serve.listening", lang, url=f"http://{shown}:{port}/"), flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5)
    return 0
