"""What every response and request of the app is held to: cookie flags, security headers, a body cap.

Set up once by :func:`init_app`. The session cookie is HttpOnly, SameSite=Lax and Secure when
the request came over HTTPS (``ZHIREN_COOKIE_SECURE=auto``); a proxy's X-Forwarded-* headers
count only when ``ZHIREN_TRUSTED_PROXIES`` says how many proxies stand in front. The server-side
record of curator sessions (:class:`CurationSessions`) is set up here too.
"""

from __future__ import annotations

from flask import Flask, Request, Response, current_app, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from werkzeug.middleware.proxy_fix import ProxyFix

from zhiren.app.auth import CurationSessions
from zhiren.settings import Settings

# the curator's pages load only this site's CSS and scripts, post only to this site, and are never framed
CURATION_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
CURATION_PATHS = ("/curate", "/api/curation")
EVERY_RESPONSE = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
CURATION_RESPONSE = {
    "Content-Security-Policy": CURATION_CSP,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class SessionCookie(SecureCookieSessionInterface):
    """Flask's signed cookie, Secure per request when the setting is ``auto``."""

    def get_cookie_secure(self, app: Flask) -> bool:
        mode = current_app.config["ZHIREN_SETTINGS"].cookie_secure
        return mode == "always" or (mode == "auto" and request.is_secure)

    # Only the curator's pages keep a session; /sparql, /reconcile and the API are asked without a
    # cookie, many times a second. Flask builds a signing serializer to open every session and reads
    # six cookie settings to save it even when it is empty and untouched: ~17 µs a request, a fifth of
    # a no-op route's time in Flask. The two shortcuts below do what Flask would do in those cases.

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """No cookie: an empty session, as Flask gives, without building the serializer."""
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """An empty session nobody read or changed: nothing to set, delete or vary on, as in Flask."""
        if session or session.accessed or session.modified:
            super().save_session(app, session, response)


def every_response(response: Response) -> None:
    """Nosniff and a same-origin referrer unless the view chose otherwise (also for the queries that
    ``app.sparql.QueriesBeforeFlask`` answers without Flask's hooks)."""
    for name, value in EVERY_RESPONSE.items():
        response.headers.setdefault(name, value)


def _headers(response: Response) -> Response:
    """Every response's headers; curation's: all of CURATION_RESPONSE."""
    every_response(response)
    if request.path.startswith(CURATION_PATHS):
        response.headers.update(CURATION_RESPONSE)
    return response


def init_app(app: Flask, settings: Settings) -> None:
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.session_interface = SessionCookie()
    if settings.trusted_proxies:
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    app.after_request(_headers)
    CurationSessions(settings).init_app(app)
