"""Who may change the authority: a bearer token for the API, a signed session plus CSRF token for pages."""

from __future__ import annotations

import hmac
import secrets

from flask import request, session

from zhiren.app.backends import backends
from zhiren.errors import Forbidden, Unauthorized


def _token_matches(given: str) -> bool:
    expected = backends().settings.api_token
    if not expected:
        raise Forbidden("curation is disabled on this server: set ZHIREN_API_TOKEN", field="Authorization")
    return hmac.compare_digest(given.encode(), expected.encode())


def require_bearer() -> None:
    """401 without ``Authorization: Bearer …``, 403 with a wrong token."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("send the curation token as 'Authorization: Bearer <token>'", field="Authorization")
    if not _token_matches(token.strip()):
        raise Forbidden("wrong token", field="Authorization")


def log_in(token: str, curator: str) -> None:
    if not _token_matches(token):
        raise Forbidden("wrong token", field="token")
    session.clear()
    session["curator"] = curator.strip()[:60] or "curator"
    session["csrf"] = secrets.token_urlsafe(32)


def current_curator() -> str | None:
    curator: str | None = session.get("curator")
    return curator


def csrf_token() -> str:
    """The session's token, put in every form; a form without it (another site's) is refused."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    token: str = session["csrf"]
    return token


def require_csrf() -> None:
    sent = request.form.get("csrf", "")
    if not sent or not hmac.compare_digest(sent.encode(), csrf_token().encode()):
        raise Forbidden("the form's CSRF token is missing or stale: reload the page", field="csrf")
