"""One place maps every error to a response: JSON for the API, a short escaped page for browsers."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from zhiren.errors import ZhirenError


def wants_json() -> bool:
    """The API, the health check, or a client asking for JSON: errors answer as JSON."""
    return (
        request.path.startswith("/api/")
        or request.path == "/health"
        or request.accept_mimetypes.best == "application/json"
    )


def _respond(status: int, code: str, message: str, details: dict[str, object]) -> tuple[Response | str, int]:
    if wants_json():
        return jsonify({"error": {"code": code, "message": message, "details": details}}), status
    return render_template("error.html", status=status, message=message, details=details), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ZhirenError)
    def zhiren_error(exc: ZhirenError) -> tuple[Response | str, int]:
        return _respond(exc.http_status, exc.code, exc.message, exc.details)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[Response | str, int]:
        code = (exc.name or "error").lower().replace(" ", "_")
        return _respond(exc.code or 500, code, exc.description or exc.name or "error", {})
