"""JSON API for one entity at a time: ``/api/persons/<id>``, its ``/relations``, ``/api/documents/<id>``.

Field names are stable (``/api/openapi.json`` describes them). A merged person id answers 301
to the survivor's URL, as its page does; an unknown id is a 404 JSON error. Relations are
paged by cursor (``after`` = the last relation id of the previous page).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue

from zhiren.app.backends import backends
from zhiren.app.presentation import RELATION_LABELS
from zhiren.authority.kinship import term_for_other
from zhiren.authority.model import Document, HistDate, Mention, Name, Person, Relation
from zhiren.errors import InputError

blueprint = Blueprint("api_entities", __name__, url_prefix="/api")
MENTIONS_SHOWN = 200
DEFAULT_PAGE = 50
MAX_PAGE = 500


def date_json(date: HistDate | None) -> dict[str, Any] | None:
    return {"text": date.text, "iso": date.iso(), "year": date.year} if date else None


def name_json(name: Name) -> dict[str, Any]:
    return {
        "id": name.id,
        "text": name.text,
        "type": name.type.value,
        "script": name.script.value,
        "pinyin": name.pinyin,
        "wade_giles": name.wade_giles,
        "preferred": name.preferred,
    }


def mention_json(mention: Mention) -> dict[str, Any]:
    return {
        "id": mention.id,
        "document_id": mention.document_id,
        "start": mention.start,
        "end": mention.end,
        "surface": mention.surface,
        "person_id": mention.person_id,
        "role": mention.role.value,
        "status": mention.status.value,
        "method": mention.method,
        "confidence": mention.confidence,
    }


def _uri(kind: str, entity_id: str) -> str:
    return f"{backends().settings.base_uri}{kind}/{entity_id}"


def person_json(person: Person, names: list[Name], mentions: list[Mention]) -> dict[str, Any]:
    return {
        "id": person.id,
        "uri": _uri("person", person.id),
        "preferred_name": person.preferred_name,
        "gender": person.gender,
        "birth": date_json(person.birth),
        "death": date_json(person.death),
        "floruit": person.floruit,
        "native_place": person.native_place,
        "status": person.status,
        "external_ids": person.external_ids,
        "names": [name_json(n) for n in names],
        "mentions": [mention_json(m) for m in mentions[:MENTIONS_SHOWN]],
        "links": {
            "page": url_for("web.person", person_id=person.id, _external=True),
            "relations": url_for("api_entities.person_relations", person_id=person.id, _external=True),
        },
    }


@blueprint.get("/persons/<person_id>")
def person(person_id: str) -> ResponseReturnValue:
    record = backends().graph.get_person(person_id, mention_limit=MENTIONS_SHOWN)
    if record.redirected_from:
        return redirect(url_for("api_entities.person", person_id=record.person.id), code=301)
    return jsonify(person_json(record.person, record.names, record.mentions))


def _page_args() -> tuple[str | None, int]:
    raw = request.args.get("limit", str(DEFAULT_PAGE))
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise InputError(f"limit is an integer from 1 to {MAX_PAGE}, got {raw[:20]!r}", field="limit")
    return request.args.get("after") or None, int(raw)


def other_end(relation: Relation, person_id: str) -> str:
    return relation.target_id if relation.source_id == person_id else relation.source_id


def relation_json(relation: Relation, person_id: str, other: Person | None) -> dict[str, Any]:
    """A relation as it reads from ``person_id``: the other person and what they are to this one."""
    outgoing = relation.source_id == person_id
    other_id = other_end(relation, person_id)
    term = term_for_other(relation, person_id, other.gender if other else None)
    return {
        "id": relation.id,
        "type": relation.type.value,
        "direction": "outgoing" if outgoing else "incoming",
        "label": term or RELATION_LABELS[relation.type][0 if outgoing else 1],
        "person": {"id": other_id, "name": other.preferred_name if other else None},
        "evidence": relation.evidence,
        "date": date_json(relation.date),
        "confidence": relation.confidence,
    }


@blueprint.get("/persons/<person_id>/relations")
def person_relations(person_id: str) -> ResponseReturnValue:
    after, limit = _page_args()
    graph = backends().graph
    record = graph.get_person(person_id, mention_limit=0)
    if record.redirected_from:
        query = request.query_string.decode()
        target = url_for("api_entities.person_relations", person_id=record.person.id)
        return redirect(f"{target}?{query}" if query else target, code=301)
    ordered = sorted(record.relations, key=lambda r: r.id)
    page = [r for r in ordered if after is None or r.id > after][:limit]
    me = record.person.id
    others = graph.get_persons([other_end(r, me) for r in page])
    items = [relation_json(r, me, others.get(other_end(r, me))) for r in page]
    has_more = bool(page) and page[-1].id != ordered[-1].id
    return jsonify({"person_id": record.person.id, "items": items, "next": page[-1].id if has_more else None})


def document_json(document: Document, mentions: list[Mention]) -> dict[str, Any]:
    return {
        "id": document.id,
        "uri": _uri("document", document.id),
        "kind": document.kind.value,
        "title": document.title,
        "text": document.text,
        "date": date_json(document.date),
        "collection": document.collection,
        "shelfmark": document.shelfmark,
        "meta": document.meta,
        "mentions": [mention_json(m) for m in sorted(mentions, key=lambda m: (m.start, m.id))],
        "links": {"page": url_for("web.document", document_id=document.id, _external=True)},
    }


@blueprint.get("/documents/<document_id>")
def document(document_id: str) -> Response:
    return jsonify(document_json(*backends().graph.get_document(document_id)))
