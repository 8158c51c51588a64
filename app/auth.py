"""Who may change the authority: a bearer token for the API, a session bound to that token for the pages.

A curator's session is a signed cookie (who, a CSRF token, a session id, a keyed hash of the token
it was opened with) plus a server-side record of the session id. Every request checks both: a
cookie saved before logging out, after the session expired, or from before the token changed (or
was removed) opens nothing. Without a configured token curation is off: no login, no write.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import secrets
import threading
import time

from flask import Flask, current_app, g, request, session

from zhiren.app.backends import backends
from zhiren.authority.curation.requests import curator_name
from zhiren.errors import Forbidden, Unauthorized
from zhiren.settings import Settings
from zhiren.store.sqlite_file import SqliteFile

SESSIONS_FILE = "curation_sessions.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS curation_session (
    id_hash TEXT PRIMARY KEY,
    curator TEXT NOT NULL,
    opened REAL NOT NULL,
    expires REAL NOT NULL
)
"""


def _hash(session_id: str) -> str:
    """Only hashes are stored: the sessions file read by someone else opens no session."""
    return hashlib.sha256(session_id.encode()).hexdigest()


class CurationSessions:
    """Open curator sessions, kept in the app's data folder so every worker process sees a logout."""

    def __init__(self, settings: Settings) -> None:
        self.path = settings.data_dir / SESSIONS_FILE
        self.lifetime = settings.session_lifetime
        self._file: SqliteFile | None = None
        self._lock = threading.Lock()

    def init_app(self, app: Flask) -> None:
        app.extensions["zhiren_sessions"] = self
        atexit.register(self.close)

    @property
    def _db(self) -> SqliteFile:
        with self._lock:
            if self._file is None:  # opened on first login: a server without curation writes no file
                self._file = SqliteFile(self.path)
                self._file.run_script(_SCHEMA)
            return self._file

    def open(self, curator: str) -> str:
        """A new session id for ``curator``; sessions past their time are dropped on the way."""
        session_id, now = secrets.token_urlsafe(32), time.time()
        with self._db.transaction() as db:
            db.execute("DELETE FROM curation_session WHERE expires <= ?", (now,))
            db.execute(
                "INSERT INTO curation_session (id_hash, curator, opened, expires) VALUES (?, ?, ?, ?)",
                (_hash(session_id), curator, now, now + self.lifetime),
            )
        return session_id

    def is_open(self, session_id: str) -> bool:
        row = self._db.db.execute(
            "SELECT 1 FROM curation_session WHERE id_hash = ? AND expires > ?", (_hash(session_id), time.time())
        ).fetchone()
        return row is not None

    def end(self, session_id: str) -> None:
        with self._db.transaction() as db:
            db.execute("DELETE FROM curation_session WHERE id_hash = ?", (_hash(session_id),))

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None


def _sessions() -> CurationSessions:
    sessions: CurationSessions = current_app.extensions["zhiren_sessions"]
    return sessions


def curation_enabled() -> bool:
    return bool(backends().settings.api_token)


def _token_matches(given: str) -> bool:
    expected = backends().settings.api_token
    if not expected:
        raise Forbidden("curation is disabled on this server: set ZHIREN_API_TOKEN", field="Authorization")
    return hmac.compare_digest(given.encode(), expected.encode())


def _token_mark(token: str) -> str:
    """A keyed hash of the token: binds a session to it without putting the token in the cookie."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, b"curation-token\x00" + token.encode(), hashlib.sha256).hexdigest()


def require_bearer() -> None:
    """401 without ``Authorization: Bearer …``, 403 with a wrong token (or none configured)."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("send the curation token as 'Authorization: Bearer <token>'", field="Authorization")
    if not _token_matches(token.strip()):
        raise Forbidden("wrong token", field="Authorization")


def log_in(token: str, curator: str) -> None:
    """Open a fresh session (a new id, so one fixed before login is useless) bound to the current token."""
    if not _token_matches(token):
        raise Forbidden("wrong token", field="token")
    name = curator_name(curator, "curator")
    log_out()
    session["sid"] = _sessions().open(name)
    session["token"] = _token_mark(backends().settings.api_token)
    session["curator"] = name
    session["csrf"] = secrets.token_urlsafe(32)
    g.pop("curator", None)


def log_out() -> None:
    """End the session on the server too: the cookie, replayed later, opens nothing."""
    session_id = session.get("sid")
    if isinstance(session_id, str):
        _sessions().end(session_id)
    session.clear()
    g.pop("curator", None)


def current_curator() -> str | None:
    """The curator of a live session opened under the token configured now; None otherwise."""
    if "curator" not in g:
        g.curator = _live_curator()
    curator: str | None = g.curator
    return curator


def _live_curator() -> str | None:
    session_id, mark, curator = session.get("sid"), session.get("token"), session.get("curator")
    if not (isinstance(session_id, str) and isinstance(mark, str) and isinstance(curator, str)):
        return None
    token = backends().settings.api_token
    bound = bool(token) and hmac.compare_digest(mark.encode(), _token_mark(token).encode())
    if not (bound and _sessions().is_open(session_id)):
        log_out()  # the token changed or went, the session expired or was ended: forget it here too
        return None
    return curator


def csrf_token() -> str:
    """The session's token, put in every form; a form without it (another site's) is refused."""
    if not isinstance(session.get("csrf"), str):
        session["csrf"] = secrets.token_urlsafe(32)
    token: str = session["csrf"]
    return token


def require_csrf() -> None:
    sent = request.form.get("csrf", "")
    if not sent or not hmac.compare_digest(sent.encode(), csrf_token().encode()):
        raise Forbidden("the form's CSRF token is missing or stale: reload the page", field="csrf")
