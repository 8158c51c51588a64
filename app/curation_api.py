"""Curation as JSON under /api/curation: the review queue, person operations, audit log and undo.

Every endpoint needs the bearer token; errors are 4xx JSON naming the field; a stale edit
(the person's ``version`` changed) is 409 and writes nothing. An audit entry's ``changes`` are
structured (``kind`` and the ids, names and values it touched; see
:class:`~zhiren.authority.curation.describe.ChangeLine`), each with ``text``: the line worded in the
request's language (``?lang=en``, else Chinese).
"""

from __future__ import annotations

import math
import re
from typing import Any

from flask import Blueprint, Response, jsonify, request

from zhiren.app.auth import require_bearer
from zhiren.app.backends import backends
from zhiren.app.curation_changes import worded
from zhiren.app.json_input import load_json
from zhiren.authority.curation.audit import AuditEntry
from zhiren.authority.curation.curator import Curator
from zhiren.authority.curation.describe import describe, person_json
from zhiren.authority.curation.requests import (
    Change,
    checked_id,
    checked_text,
    curator_name,
    person_change,
    review_change,
    undo_change,
)
from zhiren.errors import InputError
from zhiren.store.derived import apply_and_sync

blueprint = Blueprint("curation_api", __name__, url_prefix="/api/curation")
blueprint.before_request(require_bearer)
MAX_PAGE = 1000
MAX_ARG_LENGTH = 200


def _body() -> dict[str, Any]:
    """The JSON object sent (an empty body is ``{}``); anything else is a 400 naming ``body``."""
    try:
        raw = request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"the body is not UTF-8 (byte {exc.start})", field="body") from None
    if not raw.strip():
        return {}
    data = load_json(raw, "body")
    if not isinstance(data, dict):
        raise InputError("the body must be a JSON object", field="body")
    return data


def query_text(key: str) -> str | None:
    """A text query parameter, checked like every curation field (length, no control characters)."""
    return checked_text(request.args.get(key, ""), key, MAX_ARG_LENGTH).strip() or None


def _limit() -> int:
    raw = request.args.get("limit", "50")
    if not re.fullmatch(r"[0-9]{1,7}", raw) or not 1 <= int(raw) <= MAX_PAGE:
        raise InputError(f"limit is an integer from 1 to {MAX_PAGE}, got {raw[:20]!r}", field="limit")
    return int(raw)


def _min_score() -> float:
    raw = request.args.get("min_score", "0")
    try:
        score = float(raw) if raw.isascii() else math.nan  # float() reads ² or ١ too: ASCII only
    except ValueError:
        score = math.nan
    if not 0 <= score <= 1:
        raise InputError(f"min_score is a number from 0 to 1, got {raw[:20]!r}", field="min_score")
    return score


def _apply(change: Change, body: dict[str, Any]) -> Response:
    actor = curator_name(body.get("by") or request.headers.get("X-Curator") or "api")
    outcome = apply_and_sync(backends().graph, backends().derived, actor, change)
    return jsonify({"written": outcome.written, "entry": entry_json(outcome.entry)})


def entry_json(entry: AuditEntry, *, rows: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": entry.id,
        "at": entry.at,
        "by": entry.actor,
        "operation": entry.operation,
        "params": entry.params,
        "reason": entry.reason,
        "persons": entry.person_ids,
        "undoes": entry.undoes,
        "undone_by": entry.undone_by,
        "changes": [change.to_json() | {"text": worded(change)} for change in describe(entry.before, entry.after)],
    }
    if rows:
        data |= {"before": entry.before.to_json(), "after": entry.after.to_json()}
    return data


@blueprint.get("/queue")
def queue() -> Response:
    links = backends().graph.queued_mentions(_limit(), query_text("after"), _min_score(), query_text("source"))
    items = [link.to_json() for link in links]
    return jsonify({"items": items, "next": links[-1].mention.id if links else None})


@blueprint.post("/review")
def review() -> Response:
    body = _body()
    return _apply(review_change(backends().graph, body), body)


@blueprint.get("/persons/<person_id>")
def person(person_id: str) -> Response:
    graph = backends().graph
    record = graph.get_person(checked_id(person_id), mention_limit=200)
    return jsonify(person_json(record, Curator(graph, "").version(record.person.id)))


@blueprint.post("/persons/<person_id>/<operation>")
def change(person_id: str, operation: str) -> Response:
    body = _body()
    return _apply(person_change(operation, person_id, body), body)


@blueprint.get("/audit")
def audit() -> Response:
    entries = Curator(backends().graph, "").history(query_text("person"), _limit(), query_text("before"))
    return jsonify({"items": [entry_json(e) for e in entries], "next": entries[-1].at if entries else None})


@blueprint.get("/audit/<entry_id>")
def audit_entry(entry_id: str) -> Response:
    return jsonify(entry_json(backends().graph.get_audit_entry(checked_id(entry_id, "entry")), rows=True))


@blueprint.post("/undo/<entry_id>")
def undo(entry_id: str) -> Response:
    body = _body()
    return _apply(undo_change(entry_id, body), body)
