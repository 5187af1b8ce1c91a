"""The classroom server's web application (Starlette): pages, the JSON API, the run queue.

Routes are fixed strings; ids are checked against their shape and static files come from a table
filled from the package, so no part of a request ever becomes a path on the disk. State-changing
forms and API calls carry a CSRF token, except `POST /api/run`, which uses no cookie, changes
nothing a person sees but its own result, and is meant for scripts.
"""
from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import gzip
import json
import os
import re
import secrets
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from .. import messages
from . import pages, runs, security
from .security import CSRF_COOKIE, SESSION_COOKIE
from .store import DONE, DRAWING, Store
from .workers import Limits, Pool, stopped

MB = 1024 ** 2
SUBMISSION_ID = re.compile(r"^[0-9a-f]{32}$")
FILM_FRAMES = 24                 # frames of a film asked for from the page
PROGRAM_SUFFIXES = (".nc", ".ngc", ".tap", ".cnc", ".gcode", ".iso", ".txt")
PAGE_HEADERS = {
    "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                               "form-action 'self'",
    "x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "cache-control": "no-store",
}
STATIC_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


@dataclass(frozen=True)
class Settings:
    """Where the class's data lives and the limits that keep the server up for everyone."""

    data: Path
    max_upload_bytes: int = 20 * MB
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    limits: Limits = Limits()
    per_student: int = 2           # runs waiting or running for one student
    max_waiting: int = 200         # runs waiting in all


def _static_files() -> dict[str, tuple[bytes, str]]:
    """name -> (bytes, media type): the pages' scripts and style, read once from the package."""
    from ..render.scene import viewer_script

    folder = resources.files("machinesim.server").joinpath("static")
    files = {"viewer.js": (viewer_script().encode(), STATIC_TYPES[".js"])}
    for name in ("student.js", "master.js", "style.css"):
        files[name] = (folder.joinpath(name).read_bytes(), STATIC_TYPES[Path(name).suffix])
    return files


def lang_of(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("lang") or "fr"
    return lang if lang in messages.LANGS else "fr"


def _problem(key: str, lang: str, status: int, **params) -> Response:
    return Response(security.problem_body(key, lang, **params), status_code=status,
                    media_type="application/json", headers={"x-content-type-options": "nosniff"})


class Classroom:
    """The application's state: the store, the workers, the runs in flight."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = Store(settings.data)
        self.pool = Pool(settings.workers, settings.limits)
        self.static = _static_files()
        self.running: set[asyncio.Task] = set()
        self.done: dict[str, asyncio.Event] = {}

    # --- pages and cookies
    def page(self, request: Request, html: str, csrf: str, status: int = 200) -> Response:
        response = Response(html, status_code=status, media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)
        self.cookies(request, response, csrf)
        return response

    @staticmethod
    def cookies(request: Request, response: Response, csrf: str) -> None:
        if request.cookies.get(CSRF_COOKIE) != csrf:
            response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict")
        lang = request.query_params.get("lang")
        if lang in messages.LANGS:
            response.set_cookie("lang", lang, samesite="lax", max_age=365 * 24 * 3600)

    @staticmethod
    def csrf(request: Request) -> str:
        token = request.cookies.get(CSRF_COOKIE, "")
        return token if re.fullmatch(r"[A-Za-z0-9_-]{20,64}", token) else secrets.token_urlsafe(24)

    def master(self, request: Request) -> bool:
        return self.store.session_valid(request.cookies.get(SESSION_COOKIE))

    async def form(self, request: Request, lang: str, csrf_needed: bool = True):
        """The parsed form, or the Response that answers a body too large, malformed or without its token."""
        try:
            form = await request.form(max_files=500, max_fields=50, max_part_size=self.settings.max_upload_bytes)
        except ClientDisconnect:
            if request.scope.get(security.TOO_LARGE):
                return _problem("SERVER.too_large", lang, 413, limit=security.megabytes(self.settings.max_upload_bytes))
            raise
        except MultiPartException:
            return _problem("SERVER.no_program", lang, 400)
        if csrf_needed:
            sent = form.get(security.CSRF_FIELD) or request.headers.get(security.CSRF_HEADER)
            if not security.csrf_ok(request.cookies.get(CSRF_COOKIE), sent if isinstance(sent, str) else None):
                return _problem("SERVER.csrf", lang, 403)
        return form

    # --- runs
    def task(self, sid: str) -> runs.Task:
        row = self.store.submission(sid)
        job, spec, reference, design, names = row["job"], row["spec"], None, None, {}
        exercise = self.store.exercise(row["exercise"]) if row["exercise"] is not None else None
        if exercise is not None:
            job, spec, reference, design = exercise["job"], exercise["spec"], exercise["reference"], exercise["design"]
            shown = json.loads(exercise["files"])
            names = {fixed: shown[role] for role, fixed in (("job", runs.JOB), ("spec", runs.SPEC),
                     ("reference", runs.REFERENCE), ("design", runs.DESIGN)) if role in shown}
        return runs.Task(program=row["program"], name=row["name"], job=job, spec=spec, reference=reference,
                         design=design, names=names, lang=row["lang"], scene=bool(row["wants_scene"]))

    def schedule(self, sid: str) -> asyncio.Event:
        event = self.done.setdefault(sid, asyncio.Event())

        async def go():
            task = None
            try:
                task = self.task(sid)
                outcome = await self.pool.run(task, on_start=lambda: self.store.set_running(sid),
                                              on_result=lambda early: self.store.finish_result(sid, early))
                self.store.finish(sid, outcome)
            except Exception as exc:  # a bug of ours: this run fails with the reason, the server goes on
                self.store.finish(sid, stopped(task or runs.Task(program=b""), "SERVER.crashed",
                                               reason=f"{type(exc).__name__}: {exc}"))
            finally:
                event.set()
                self.done.pop(sid, None)

        job = asyncio.get_running_loop().create_task(go())
        self.running.add(job)
        job.add_done_callback(self.running.discard)
        return event

    def make_film(self, sid: str, frames: int) -> None:
        """Make the film of a submission in the queue like any run; its state says when it is there."""
        self.store.set_film(sid, "making")
        task = dataclasses.replace(self.task(sid), film_frames=frames)

        async def go():
            try:
                outcome = await self.pool.run(task)
            except Exception as exc:  # a bug of ours: the film fails with the reason
                outcome = {"film": None, "problem": f"{type(exc).__name__}: {exc}"}
            if outcome.get("film"):
                self.store.set_film(sid, "done", film=outcome["film"])
            else:                   # unusable program, no pictures here, or stopped by a limit
                problem = outcome.get("problem") or outcome["result"]["findings"][0]["message"]
                self.store.set_film(sid, "failed", problem=problem)

        job = asyncio.get_running_loop().create_task(go())
        self.running.add(job)
        job.add_done_callback(self.running.discard)

    async def submit(self, form, lang: str, class_code: str, student: str,
                     exercise: int | None, with_files: bool = False, nameless: str | None = None,
                     scene: bool = True):
        """A queued submission's id, or the Response saying why not.

        A named student may have `per_student` runs waiting; a nameless one is stored as `nameless`
        (default: "anonymous" in the page's language) and only the whole queue's limit applies.
        """
        upload = form.get("program")
        program, name = b"", ""
        if isinstance(upload, UploadFile):
            program = await upload.read()
            name = security.shown_file_name(upload.filename, "program.nc")
        for pasted in (upload, form.get("source")):        # the program as text: a script's field or the page's box
            if not program.strip() and isinstance(pasted, str):
                program, name = pasted.encode("utf-8"), "program.nc"
        if not program.strip():
            return _problem("SERVER.no_program", lang, 400)
        if student and self.store.waiting_for(class_code, student) >= self.settings.per_student:
            return _problem("SERVER.student_queue", lang, 429, count=self.settings.per_student)
        if self.pool.waiting >= self.settings.max_waiting:
            return _problem("SERVER.queue_full", lang, 503, count=self.pool.waiting)
        job = spec = None
        if with_files:
            job, spec = await _file_bytes(form.get("job")), await _file_bytes(form.get("spec"))
        sid = self.store.add_submission(class_code, student or nameless or messages.text("ui.anonymous", lang), exercise,
                                        name, program, lang, job=job, spec=spec, scene=scene)
        self.schedule(sid)
        return sid


async def _file_bytes(value) -> bytes | None:
    if isinstance(value, UploadFile):
        data = await value.read()
        return data or None
    return None


def _text(form, key: str) -> str:
    """A form's text field ('' when missing or sent as a file)."""
    value = form.get(key)
    return value if isinstance(value, str) else ""


def _identity(form, lang: str):
    """(class code, student, exercise id) from a form, or the Response naming the bad field."""
    class_code = security.clean_name(_text(form, "class_code"), security.CLASS_CODE)
    if class_code is None:
        return _problem("SERVER.name", lang, 400, field=messages.text("ui.class_code", lang), max=20)
    raw = _text(form, "student")
    student = security.clean_name(raw) if raw.strip() else ""
    if student is None:
        return _problem("SERVER.name", lang, 400, field=messages.text("ui.student", lang), max=40)
    exercise = _text(form, "exercise")
    return class_code, student, int(exercise) if exercise.isdigit() and len(exercise) < 10 else None


def build(settings: Settings) -> Starlette:
    """The ASGI application, wrapped in the upload limit."""
    room = Classroom(settings)
    store = room.store

    async def student_page(request: Request) -> Response:
        lang, csrf = lang_of(request), room.csrf(request)
        return room.page(request, pages.student_page(lang, csrf, store.exercises()), csrf)

    async def submission_page(request: Request) -> Response:
        lang, csrf = lang_of(request), room.csrf(request)
        sid = request.path_params["sid"]
        if not SUBMISSION_ID.match(sid) or store.submission(sid) is None:
            return room.page(request, pages.problem_page(lang, csrf, "SERVER.not_found"), csrf, 404)
        return room.page(request, pages.student_page(lang, csrf, store.exercises(), submission=sid), csrf)

    async def static(request: Request) -> Response:
        found = room.static.get(request.path_params["name"])
        if found is None:
            return _problem("SERVER.not_found", lang_of(request), 404)
        return Response(found[0], media_type=found[1], headers={"x-content-type-options": "nosniff",
                                                                "cache-control": "no-cache"})

    async def queue(request: Request):
        """Read a student's form and queue the run: its id, or the Response that refuses it."""
        lang = lang_of(request)
        form = await room.form(request, lang)
        if isinstance(form, Response):
            return form
        who = _identity(form, lang)
        if isinstance(who, Response):
            return who
        return await room.submit(form, lang, *who)

    async def submit_form(request: Request) -> Response:
        """The student form without JavaScript: queue, then show the submission's page."""
        sid = await queue(request)
        return sid if isinstance(sid, Response) else RedirectResponse(f"/submission/{sid}", status_code=303)

    async def api_submit(request: Request) -> Response:
        sid = await queue(request)
        return sid if isinstance(sid, Response) else JSONResponse({"id": sid, "status": "queued"}, status_code=202)

    async def api_run(request: Request) -> Response:
        """Run one program and answer its result.json (fields: program, optional job, spec, lang, scene).

        The 3D scene, the slow part of a run, is made only when `scene=1` is sent.
        """
        lang = lang_of(request)
        form = await room.form(request, lang, csrf_needed=False)
        if isinstance(form, Response):
            return form
        if _text(form, "lang") in messages.LANGS:
            lang = _text(form, "lang")
        who = _identity(form, lang)
        if isinstance(who, Response):
            return who
        class_code, student, exercise = who
        sid = await room.submit(form, lang, class_code, student, exercise, with_files=True, nameless="api",
                                scene=_text(form, "scene") == "1")
        if isinstance(sid, Response):
            return sid
        event = room.done.get(sid)
        if event is not None:
            await event.wait()
        return JSONResponse(json.loads(store.submission(sid)["result"]), headers={"x-machinesim-submission": sid})

    async def api_submission(request: Request) -> Response:
        sid = request.path_params["sid"]
        row = store.submission(sid) if SUBMISSION_ID.match(sid) else None
        if row is None:
            return _problem("SERVER.not_found", lang_of(request), 404)
        body = {"id": sid, "status": row["status"], "position": store.position(sid), "name": row["name"],
                "class_code": row["class_code"], "student": row["student"], "exercise": row["exercise"],
                "source": row["program"].decode("utf-8", errors="replace"),
                "result": json.loads(row["result"]) if row["status"] in (DRAWING, DONE) else None,
                "scene": f"/api/submissions/{sid}/scene" if row["scene"] else None}
        return JSONResponse(body)

    async def api_scene(request: Request) -> Response:
        sid = request.path_params["sid"]
        scene = store.scene(sid) if SUBMISSION_ID.match(sid) else None
        if scene is None:
            return _problem("SERVER.not_found", lang_of(request), 404)
        if "gzip" in request.headers.get("accept-encoding", ""):
            return Response(scene, media_type="application/json", headers={"content-encoding": "gzip", "vary": "accept-encoding"})
        return Response(gzip.decompress(scene), media_type="application/json")

    async def api_film(request: Request) -> Response:
        """GET: the film (GIF) once made, else its state; POST (CSRF): make it (`frames`, 2 to 60)."""
        lang = lang_of(request)
        sid = request.path_params["sid"]
        film = store.film(sid) if SUBMISSION_ID.match(sid) else None
        if film is None:
            return _problem("SERVER.not_found", lang, 404)
        if request.method == "POST":
            form = await room.form(request, lang)
            if isinstance(form, Response):
                return form
            frames = _text(form, "frames")
            if film["film_state"] not in ("making", "done"):
                room.make_film(sid, min(max(int(frames), 2), 60) if frames.isdigit() and len(frames) < 4 else FILM_FRAMES)
            return JSONResponse({"film": store.film(sid)["film_state"]}, status_code=202)
        if film["film_state"] == "done":
            return Response(film["film"], media_type="image/gif", headers={"cache-control": "no-cache"})
        if film["film_state"] == "failed":
            return JSONResponse({"film": "failed", "message": film["film_problem"]}, status_code=422)
        return JSONResponse({"film": film["film_state"] or "none"}, status_code=202 if film["film_state"] else 404)

    async def api_exercises(request: Request) -> Response:
        return JSONResponse([{k: ex[k] for k in ("id", "name", "class_code", "has_spec")} for ex in store.exercises()])

    async def api_submissions(request: Request) -> Response:
        if not room.master(request):
            return _problem("SERVER.login", lang_of(request), 403)
        class_code = security.clean_name(request.query_params.get("class_code", ""), security.CLASS_CODE) or None
        return JSONResponse(store.submissions(class_code))

    async def master_rows(request: Request) -> Response:
        """The submissions table's rows, for the master page's refresh (escaped here)."""
        if not room.master(request):
            return _problem("SERVER.login", lang_of(request), 403)
        class_code = security.clean_name(request.query_params.get("class_code", ""), security.CLASS_CODE) or None
        names = {ex["id"]: ex["name"] for ex in store.exercises()}
        return Response(pages.submission_rows(store.submissions(class_code), names, lang_of(request)),
                        media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)

    async def master_page(request: Request, note: str | None = None, error: str | None = None) -> Response:
        lang, csrf = lang_of(request), room.csrf(request)
        if not room.master(request):
            return room.page(request, pages.login_page(lang, csrf, error), csrf)
        class_code = security.clean_name(request.query_params.get("class_code", ""), security.CLASS_CODE) or ""
        return room.page(request, pages.master_page(lang, csrf, store.exercises(), store.submissions(class_code or None),
                                                    class_code, note), csrf)

    async def master_get(request: Request) -> Response:
        return await master_page(request)

    async def login(request: Request) -> Response:
        lang = lang_of(request)
        form = await room.form(request, lang)
        if isinstance(form, Response):
            return form
        if not security.password_ok(_text(form, "password"), store.setting("password")):
            return await master_page(request, error=messages.text("SERVER.password", lang))
        response = RedirectResponse("/master", status_code=303)
        response.set_cookie(SESSION_COOKIE, store.new_session(), httponly=True, samesite="strict")
        return response

    async def master_post(request: Request, action) -> Response:
        lang = lang_of(request)
        if not room.master(request):
            return _problem("SERVER.login", lang, 403)
        form = await room.form(request, lang)
        if isinstance(form, Response):
            return form
        return await action(request, form, lang)

    def guarded(action):
        """An endpoint that runs `action(request, form, lang)` for the logged-in master only."""
        async def endpoint(request: Request) -> Response:
            return await master_post(request, action)
        return endpoint

    async def logout(request: Request, form, lang: str) -> Response:
        store.end_sessions(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/master", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    async def change_password(request: Request, form, lang: str) -> Response:
        password = _text(form, "password")
        if len(password) < security.MIN_PASSWORD:
            return _problem("serve.password_mismatch", lang, 400)
        store.set_setting("password", security.hash_password(password))
        return await master_page(request, note=messages.text("ui.saved", lang))

    async def new_exercise(request: Request, form, lang: str) -> Response:
        name = security.clean_name(_text(form, "name"))
        class_code = security.clean_name(_text(form, "class_code"), security.CLASS_CODE)
        if name is None or class_code is None:
            return _problem("SERVER.name", lang, 400, field=messages.text("ui.exercise_name", lang), max=40)
        files = {}
        for role, default in (("job", "job.toml"), ("spec", "spec.toml"), ("reference", "reference.nc"),
                              ("design", "design.stl")):
            upload = form.get(role)
            data = await _file_bytes(upload)
            if data is not None:
                files[role] = (security.shown_file_name(upload.filename, default), data)
        store.add_exercise(name, class_code, files)
        return RedirectResponse("/master", status_code=303)

    async def grade_folder(request: Request, form, lang: str) -> Response:
        """Every program of the chosen folder, one submission per student (named after the file)."""
        class_code = security.clean_name(_text(form, "class_code"), security.CLASS_CODE) or ""
        exercise = _text(form, "exercise")
        exercise_id = int(exercise) if exercise.isdigit() and len(exercise) < 10 else None
        for upload in form.getlist("programs"):
            if not isinstance(upload, UploadFile):
                continue
            shown = security.shown_file_name(upload.filename, "program.nc")
            if Path(shown).suffix.lower() not in PROGRAM_SUFFIXES:
                continue
            data = await upload.read()
            student = security.clean_name(Path(shown).stem) or messages.text("ui.anonymous", lang)
            room.schedule(store.add_submission(class_code, student, exercise_id, shown, data, lang))
        return RedirectResponse(f"/master?class_code={class_code}" if class_code else "/master", status_code=303)

    async def summary(request: Request) -> Response:
        lang = lang_of(request)
        if not room.master(request):
            return _problem("SERVER.login", lang, 403)
        exercise_id = request.query_params.get("exercise", "")
        exercise = store.exercise(int(exercise_id)) if exercise_id.isdigit() and len(exercise_id) < 10 else None
        if exercise is None:
            return _problem("SERVER.not_found", lang, 404)
        if exercise["spec"] is None:
            return _problem("SERVER.no_spec", lang, 400, name=exercise["name"])
        class_code = security.clean_name(request.query_params.get("class_code", ""), security.CLASS_CODE) or None
        latest: dict[tuple, dict] = {}
        for s in reversed(store.submissions(class_code, exercise=exercise["id"], limit=10_000)):
            if s["status"] in (DRAWING, DONE) and s["summary"]:
                latest[(s["class_code"], s["student"])] = {**s["summary"], "student": s["student"],
                                                           "report": f"/submission/{s['id']}"}
        csv_text, html_text = await asyncio.to_thread(runs.class_summary, list(latest.values()), exercise["spec"], lang)
        if request.url.path.endswith(".csv"):
            return Response(csv_text, media_type="text/csv; charset=utf-8",
                            headers={"content-disposition": 'attachment; filename="summary.csv"'})
        return Response(html_text, media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)

    async def not_found(request: Request, exc) -> Response:
        lang, csrf = lang_of(request), room.csrf(request)
        if request.url.path.startswith("/api/"):
            return _problem("SERVER.not_found", lang, 404)
        return room.page(request, pages.problem_page(lang, csrf, "SERVER.not_found"), csrf, 404)

    async def method_not_allowed(request: Request, exc) -> Response:
        return _problem("SERVER.not_found", lang_of(request), 405)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await room.pool.start()
        for sid in store.unfinished():          # runs cut short by a restart are queued again
            room.schedule(sid)
        try:
            yield
        finally:
            await room.pool.close()

    routes = [
        Route("/", student_page), Route("/submission/{sid}", submission_page), Route("/static/{name}", static),
        Route("/submit", submit_form, methods=["POST"]),
        Route("/api/run", api_run, methods=["POST"]),
        Route("/api/submissions", api_submit, methods=["POST"]),
        Route("/api/submissions", api_submissions, methods=["GET"]),
        Route("/api/submissions/{sid}", api_submission), Route("/api/submissions/{sid}/scene", api_scene),
        Route("/api/submissions/{sid}/film", api_film, methods=["GET", "POST"]),
        Route("/api/exercises", api_exercises),
        Route("/master", master_get), Route("/master/login", login, methods=["POST"]),
        Route("/master/logout", guarded(logout), methods=["POST"]),
        Route("/master/password", guarded(change_password), methods=["POST"]),
        Route("/master/exercises", guarded(new_exercise), methods=["POST"]),
        Route("/master/grade", guarded(grade_folder), methods=["POST"]),
        Route("/master/rows", master_rows), Route("/master/summary.csv", summary), Route("/master/summary.html", summary),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={404: not_found, 405: method_not_allowed})
    app.state.classroom = room
    return security.BodyLimit(app, settings.max_upload_bytes)
