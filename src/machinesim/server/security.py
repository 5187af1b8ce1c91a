"""The server's guards: the master's password, CSRF tokens, names people type, the upload limit.

The password is stored as a salted scrypt hash (standard library). CSRF protection is the
double-submit pattern: a random token in a SameSite=Strict cookie must come back in the form
(`csrf` field) or in the `X-CSRF-Token` header. The upload limit is checked on the declared
length and again on the bytes actually received, before any form parsing.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets

from .. import messages

SCRYPT = dict(n=2 ** 14, r=8, p=1, dklen=32)
MIN_PASSWORD = 6
NAME = re.compile(r"^[\w .'-]{1,40}$")            # letters of any language, digits, space . ' -
CLASS_CODE = re.compile(r"^[\w.-]{0,20}$")
CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER = "machinesim_csrf", "csrf", "x-csrf-token"
SESSION_COOKIE = "machinesim_master"
DRAIN_BYTES = 1024 ** 3                 # past this much of a refused body the connection is just closed
TOO_LARGE = "machinesim.too_large"      # set in the ASGI scope when a body went over the limit


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def password_ok(password: str, stored: str | None) -> bool:
    try:
        _, salt, digest = (stored or "").split("$")
        got = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), **SCRYPT)
    except ValueError:
        return False
    return hmac.compare_digest(got.hex(), digest)


def csrf_ok(cookie: str | None, sent: str | None) -> bool:
    return bool(cookie) and bool(sent) and hmac.compare_digest(cookie, sent)


def clean_name(value: str | None, pattern: re.Pattern = NAME) -> str | None:
    """The name trimmed, or None when it has characters or a length that are not allowed."""
    value = " ".join((value or "").split())
    return value if pattern.match(value) else None


def shown_file_name(value: str | None, default: str) -> str:
    """An uploaded file's name for display only: its last part, printable, at most 80 characters."""
    base = re.split(r"[\\/]", value or "")[-1]
    base = "".join(c for c in base if c.isprintable()).strip()[:80]
    return base or default


def megabytes(limit: int) -> str:
    return f"{limit / 1024 ** 2:g}"


def problem_body(key: str, lang: str, **params) -> bytes:
    """A JSON error body from the catalogue: {"error": code, "message": ..., "hint": ...}."""
    return json.dumps({"error": key, "message": messages.text(key, lang, **params),
                       "hint": messages.hint(key, lang, **params)}, ensure_ascii=False).encode()


async def _drain(receive) -> None:
    """Read and drop the rest of a refused body (up to DRAIN_BYTES), so the client reads the 413.

    Most HTTP clients send the whole body before they read the answer: a server that answers and
    closes early leaves them with a broken pipe instead of the message.
    """
    dropped = 0
    while dropped < DRAIN_BYTES:
        message = await receive()
        if message["type"] != "http.request":
            return
        dropped += len(message.get("body", b""))
        if not message.get("more_body"):
            return


class BodyLimit:
    """ASGI middleware: 413 with a clear message for a body over `limit` bytes (declared or received)."""

    def __init__(self, app, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        lang = "en" if b"lang=en" in headers.get(b"cookie", b"") else "fr"
        try:
            declared = int(headers.get(b"content-length", b"0") or 0)
        except ValueError:
            declared = 0
        if declared > self.limit:
            await _drain(receive)
            return await self._too_large(send, lang)
        received = 0

        async def counted():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:      # the reader sees a disconnect; the app answers 413
                    scope[TOO_LARGE] = True
                    if message.get("more_body"):
                        await _drain(receive)
                    return {"type": "http.disconnect"}
            return message

        await self.app(scope, counted, send)

    async def _too_large(self, send, lang: str) -> None:
        body = problem_body("SERVER.too_large", lang, limit=megabytes(self.limit))
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json; charset=utf-8"),
                                (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
