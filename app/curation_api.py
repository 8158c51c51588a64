"""Curation as JSON under /api/curation: the review queue, person operations, audit log and undo.

Every endpoint needs the bearer token; errors are 4xx JSON naming the field; a stale edit
(the person's ``version`` changed) is 409 and writes nothing.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request

from zhiren.app.auth import require_bearer
from zhiren.app.backends import backends
from zhiren.authority.curation.audit import AuditEntry
from zhiren.authority.curation.curator import Curator, Outcome
from zhiren.authority.curation.describe import describe, person_json
from zhiren.authority.curation.requests import PERSON_OPERATIONS, person_operation, review_operation
from zhiren.errors import InputError
from zhiren.store.search.sync import sync_outcome

blueprint = Blueprint("curation_api", __name__, url_prefix="/api/curation")
blueprint.before_request(require_bearer)
MAX_PAGE = 1000


def _body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError("the body must be a JSON object", field="body")
    return data


def _curator(body: dict[str, Any]) -> Curator:
    actor = str(body.get("by") or request.headers.get("X-Curator") or "api")[:60]
    return Curator(backends().graph, actor)


def _limit() -> int:
    raw = request.args.get("limit", "50")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise InputError(f"limit is an integer from 1 to {MAX_PAGE}", field="limit")
    return int(raw)


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
        "changes": describe(entry.before, entry.after),
    }
    if rows:
        data |= {"before": entry.before.to_json(), "after": entry.after.to_json()}
    return data


def _outcome(outcome: Outcome) -> Response:
    outcome = sync_outcome(backends().graph, backends().search, outcome)
    return jsonify({"written": outcome.written, "entry": entry_json(outcome.entry)})


@blueprint.get("/queue")
def queue() -> Response:
    try:
        min_score = float(request.args.get("min_score", "0"))
    except ValueError:
        raise InputError("min_score must be a number", field="min_score") from None
    links = backends().graph.queued_mentions(
        _limit(), request.args.get("after"), min_score, request.args.get("source") or None
    )
    items = [link.to_json() for link in links]
    return jsonify({"items": items, "next": links[-1].mention.id if links else None})


@blueprint.post("/review")
def review() -> Response:
    body = _body()
    operation = review_operation(backends().graph, body)
    return _outcome(_curator(body).run(operation, str(body.get("reason", "")), dry_run=bool(body.get("dry_run"))))


@blueprint.get("/persons/<person_id>")
def person(person_id: str) -> Response:
    graph = backends().graph
    record = graph.get_person(person_id, mention_limit=200)
    return jsonify(person_json(record, Curator(graph, "").version(record.person.id)))


@blueprint.post("/persons/<person_id>/<operation>")
def person_change(person_id: str, operation: str) -> Response:
    if operation not in PERSON_OPERATIONS:
        raise InputError(f"unknown operation {operation!r} (one of {', '.join(PERSON_OPERATIONS)})", field="operation")
    body = _body()
    version = body.get("version")
    outcome = _curator(body).run(
        person_operation(operation, person_id, body),
        str(body.get("reason", "")),
        dry_run=bool(body.get("dry_run")),
        expected_version=str(version) if version else None,
    )
    return _outcome(outcome)


@blueprint.get("/audit")
def audit() -> Response:
    entries = Curator(backends().graph, "").history(
        request.args.get("person") or None, _limit(), request.args.get("before") or None
    )
    return jsonify({"items": [entry_json(e) for e in entries], "next": entries[-1].at if entries else None})


@blueprint.get("/audit/<entry_id>")
def audit_entry(entry_id: str) -> Response:
    return jsonify(entry_json(backends().graph.get_audit_entry(entry_id), rows=True))


@blueprint.post("/undo/<entry_id>")
def undo(entry_id: str) -> Response:
    body = _body()
    return _outcome(_curator(body).undo(entry_id, str(body.get("reason", "")), dry_run=bool(body.get("dry_run"))))
