"""Everything the classroom server keeps, in one SQLite file (`machinesim.sqlite3` in `--data`).

Uploaded files live in the database as bytes, never as files named by a request. A restart
loses nothing: runs that were waiting or running when the server stopped are queued again.
Submission ids are random (a student cannot guess another's); exercise ids are small integers.
"""
from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
import gzip
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS exercises (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, class_code TEXT NOT NULL DEFAULT '', created REAL NOT NULL,
    job BLOB, spec BLOB, reference BLOB, design BLOB, files TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS submissions (
    id TEXT PRIMARY KEY, created REAL NOT NULL, class_code TEXT NOT NULL, student TEXT NOT NULL,
    exercise INTEGER, name TEXT NOT NULL, program BLOB NOT NULL, job BLOB, spec BLOB, lang TEXT NOT NULL,
    status TEXT NOT NULL, result TEXT, scene BLOB, summary TEXT, finished REAL, wants_scene INTEGER NOT NULL DEFAULT 1,
    film BLOB, film_state TEXT NOT NULL DEFAULT '', film_problem TEXT);
CREATE INDEX IF NOT EXISTS submissions_by_class ON submissions (class_code, created);
CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, created REAL NOT NULL);
"""
QUEUED, RUNNING, DRAWING, DONE = "queued", "running", "drawing", "done"   # drawing: result known, 3D on its way
SESSION_SECONDS = 12 * 3600
SUMMARY_FIELDS = ("id", "created", "class_code", "student", "exercise", "name", "status", "finished")


class Store:
    """A thread-safe handle on the database (one connection, one lock: requests are short)."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "machinesim.sqlite3"
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(SCHEMA)

    def _do(self, sql: str, args=()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # --- settings: the master's password hash, the secret of the CSRF tokens
    def setting(self, key: str) -> str | None:
        rows = self._do("SELECT value FROM settings WHERE key = ?", (key,))
        return rows[0]["value"] if rows else None

    def set_setting(self, key: str, value: str) -> None:
        self._do("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                 (key, value))

    # --- master's sessions
    def new_session(self) -> str:
        token = secrets.token_urlsafe(32)
        self._do("INSERT INTO sessions (token, created) VALUES (?, ?)", (token, time.time()))
        return token

    def session_valid(self, token: str | None) -> bool:
        if not token:
            return False
        rows = self._do("SELECT created FROM sessions WHERE token = ?", (token,))
        return bool(rows) and time.time() - rows[0]["created"] < SESSION_SECONDS

    def end_sessions(self, token: str | None = None) -> None:
        if token is None:
            self._do("DELETE FROM sessions")
        else:
            self._do("DELETE FROM sessions WHERE token = ?", (token,))

    # --- exercises
    def add_exercise(self, name: str, class_code: str, files: dict[str, tuple[str, bytes]]) -> int:
        """`files`: role ("job", "spec", "reference", "design") -> (shown name, bytes)."""
        shown = {role: name_ for role, (name_, _) in files.items()}
        data = {role: files[role][1] if role in files else None for role in ("job", "spec", "reference", "design")}
        with self._lock:
            cur = self._db.execute(
                "INSERT INTO exercises (name, class_code, created, job, spec, reference, design, files)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (name, class_code, time.time(), data["job"], data["spec"], data["reference"], data["design"],
                 json.dumps(shown)))
            return int(cur.lastrowid)

    def exercises(self) -> list[dict]:
        rows = self._do("SELECT id, name, class_code, created, files, spec IS NOT NULL AS has_spec"
                        " FROM exercises ORDER BY created DESC")
        return [{"id": r["id"], "name": r["name"], "class_code": r["class_code"], "created": r["created"],
                 "files": json.loads(r["files"]), "has_spec": bool(r["has_spec"])} for r in rows]

    def exercise(self, exercise_id: int) -> sqlite3.Row | None:
        rows = self._do("SELECT * FROM exercises WHERE id = ?", (exercise_id,))
        return rows[0] if rows else None

    # --- submissions
    def add_submission(self, class_code: str, student: str, exercise: int | None, name: str, program: bytes,
                       lang: str, job: bytes | None = None, spec: bytes | None = None, scene: bool = True) -> str:
        """A queued run; `job` and `spec` come with a bare API call (an exercise brings its own)."""
        sid = secrets.token_hex(16)
        self._do("INSERT INTO submissions (id, created, class_code, student, exercise, name, program, job, spec,"
                 " lang, status, wants_scene) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (sid, time.time(), class_code, student, exercise, name, program, job, spec, lang, QUEUED, int(scene)))
        return sid

    def set_running(self, sid: str) -> None:
        self._do("UPDATE submissions SET status = ? WHERE id = ?", (RUNNING, sid))

    def finish_result(self, sid: str, outcome: dict) -> None:
        """The findings and marks are known; the 3D scene is still being made."""
        self._do("UPDATE submissions SET status = ?, result = ?, summary = ? WHERE id = ?",
                 (DRAWING, json.dumps(outcome["result"], ensure_ascii=False),
                  json.dumps(outcome["summary"], ensure_ascii=False), sid))

    def finish(self, sid: str, outcome: dict) -> None:
        scene = outcome.get("scene")
        packed = gzip.compress(json.dumps(scene, separators=(",", ":")).encode(), 6, mtime=0) if scene else None
        self._do("UPDATE submissions SET status = ?, result = ?, scene = ?, summary = ?, finished = ? WHERE id = ?",
                 (DONE, json.dumps(outcome["result"], ensure_ascii=False), packed,
                  json.dumps(outcome["summary"], ensure_ascii=False), time.time(), sid))

    def set_film(self, sid: str, state: str, film: bytes | None = None, problem: str | None = None) -> None:
        """The film of a submission: state "making", "done" (with the GIF) or "failed" (with why)."""
        self._do("UPDATE submissions SET film_state = ?, film = ?, film_problem = ? WHERE id = ?",
                 (state, film, problem, sid))

    def film(self, sid: str) -> sqlite3.Row | None:
        rows = self._do("SELECT film_state, film, film_problem FROM submissions WHERE id = ?", (sid,))
        return rows[0] if rows else None

    def submission(self, sid: str) -> sqlite3.Row | None:
        rows = self._do("SELECT * FROM submissions WHERE id = ?", (sid,))
        return rows[0] if rows else None

    def scene(self, sid: str) -> bytes | None:
        """The 3D scene's JSON, gzip-compressed as stored (browsers take it as it is)."""
        rows = self._do("SELECT scene FROM submissions WHERE id = ?", (sid,))
        return rows[0]["scene"] if rows and rows[0]["scene"] else None

    def waiting_for(self, class_code: str, student: str) -> int:
        rows = self._do("SELECT COUNT(*) AS n FROM submissions WHERE class_code = ? AND student = ? AND status != ?",
                        (class_code, student, DONE))
        return int(rows[0]["n"])

    def position(self, sid: str) -> int:
        """How many runs wait before this one (0 when it runs or is done)."""
        rows = self._do("SELECT COUNT(*) AS n FROM submissions WHERE status = ? AND created < "
                        "(SELECT created FROM submissions WHERE id = ? AND status = ?)", (QUEUED, sid, QUEUED))
        return int(rows[0]["n"]) if rows else 0

    def unfinished(self) -> list[str]:
        """Runs cut short by a stop (films being made are forgotten: they are asked for again)."""
        self._do("UPDATE submissions SET film_state = '' WHERE film_state = 'making'")
        return [r["id"] for r in self._do("SELECT id FROM submissions WHERE status != ? ORDER BY created", (DONE,))]

    def submissions(self, class_code: str | None = None, exercise: int | None = None, limit: int = 500) -> list[dict]:
        """The newest first, each with its summary row (mark, finding codes) once done."""
        where, args = [], []
        if class_code:
            where.append("class_code = ?")
            args.append(class_code)
        if exercise is not None:
            where.append("exercise = ?")
            args.append(exercise)
        sql = ("SELECT id, created, class_code, student, exercise, name, status, finished, summary FROM submissions"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY created DESC LIMIT ?")
        rows = self._do(sql, (*args, limit))
        return [{**{k: r[k] for k in SUMMARY_FIELDS}, "summary": json.loads(r["summary"]) if r["summary"] else None}
                for r in rows]
