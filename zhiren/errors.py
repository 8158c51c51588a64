"""One exception root, mapped to CLI exit codes and HTTP statuses in one place each.

Every layer raises these instead of returning None or printing, so the CLI can print
one line and the app one JSON error, never a traceback.
"""

from __future__ import annotations

from typing import Any


class ZhirenError(Exception):
    """Root of every error Zhiren reports to a user."""

    code = "error"
    exit_code = 1
    http_status = 500

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = {k: v for k, v in details.items() if v is not None}

    def to_json(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


class InputError(ZhirenError):
    """Bad user input: names the file, line and field so it can be fixed."""

    code = "invalid_input"
    exit_code = 1
    http_status = 400

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        **details: Any,
    ) -> None:
        super().__init__(message, file=file, line=line, field=field, **details)
        self.file, self.line, self.field = file, line, field

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line) if p is not None)
        prefix = f"{where}: " if where else ""
        field = f"{self.field}: " if self.field else ""
        return f"{prefix}{field}{self.message}"


class NotFound(ZhirenError):
    code = "not_found"
    http_status = 404


class NotAcceptable(ZhirenError):
    """No representation the client accepts (content negotiation)."""

    code = "not_acceptable"
    http_status = 406


class UnsupportedMediaType(InputError):
    code = "unsupported_media_type"
    http_status = 415


class TooManyRequests(ZhirenError):
    code = "too_many_requests"
    http_status = 429


class Conflict(ZhirenError):
    """A concurrent or contradictory change; nothing was written."""

    code = "conflict"
    http_status = 409


class Unauthorized(ZhirenError):
    code = "unauthorized"
    http_status = 401


class Forbidden(ZhirenError):
    code = "forbidden"
    http_status = 403


class StoreRejected(ZhirenError):
    """A store answered but refused some of what it was sent (a document its mapping rejects, a
    delete it could not do): nothing is lost silently; ``details`` lists each item's id and reason."""

    code = "store_rejected"

    def __init__(self, backend: str, operation: str, failures: list[tuple[str, str]]) -> None:
        first_id, first_reason = failures[0]
        more = f" and {len(failures) - 1} more" if len(failures) > 1 else ""
        super().__init__(
            f"{backend} refused to {operation} {len(failures)} item(s): {first_id}: {first_reason}{more}",
            backend=backend,
            failures=[{"id": i, "reason": r} for i, r in failures],
        )
        self.backend, self.failures = backend, failures


class BackendUnavailable(ZhirenError):
    """A store's server is down or unreachable; says which one and how to start it."""

    code = "backend_unavailable"
    exit_code = 3
    http_status = 503

    def __init__(self, backend: str, reason: str, hint: str = "start it with: zhiren services up") -> None:
        super().__init__(f"{backend} is unavailable ({reason}); {hint}", backend=backend)
        self.backend = backend
