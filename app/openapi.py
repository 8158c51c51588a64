"""The OpenAPI 3.0 document of every JSON endpoint, served at ``/api/openapi.json``.

Written by hand, next to nothing else, because the endpoints live in several blueprints
(search, entities, curation, reconciliation, SPARQL, health); tests/unit/app/test_openapi.py
runs schemathesis over it against the app, so a response that leaves its schema fails there.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from flask import Blueprint, Response, jsonify, request

from zhiren.authority.curation.describe import ChangeKind, ChangeLine
from zhiren.authority.model import DocumentKind, LinkStatus, MentionRole, NameType, RelationType, Script
from zhiren.store.search.base import FACET_FIELDS

blueprint = Blueprint("openapi", __name__, url_prefix="/api")

JSON = "application/json"
Schema = dict[str, Any]


# A change line's fields that hold text (ids, names, values); ``count`` is its one number.
CHANGE_TEXT_FIELDS = [f.name for f in fields(ChangeLine) if f.name not in ("kind", "count")]


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: Schema) -> Schema:
    return {**schema, "nullable": True} if "$ref" not in schema else {"allOf": [schema], "nullable": True}


def obj(properties: dict[str, Schema], required: tuple[str, ...] | None = None, *, open_: bool = True) -> Schema:
    """An object schema; ``required`` defaults to every listed property."""
    schema: Schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties if required is None else required),
    }
    if not open_:
        schema["additionalProperties"] = False
    return schema


STRING: Schema = {"type": "string"}
INTEGER: Schema = {"type": "integer"}
NUMBER: Schema = {"type": "number"}
BOOLEAN: Schema = {"type": "boolean"}
ANY_OBJECT: Schema = {"type": "object", "additionalProperties": True}


def enum(values: list[str]) -> Schema:
    return {"type": "string", "enum": values}


def array(items: Schema) -> Schema:
    return {"type": "array", "items": items}


SCHEMAS: dict[str, Schema] = {
    "Error": obj({"error": obj({"code": STRING, "message": STRING, "details": ANY_OBJECT})}),
    "Date": obj({"text": STRING, "iso": nullable(STRING), "year": nullable(INTEGER)}),
    "Name": obj({
        "id": STRING, "text": STRING, "type": enum([t.value for t in NameType]),
        "script": enum([s.value for s in Script]), "pinyin": STRING, "wade_giles": STRING, "preferred": BOOLEAN,
    }),
    "Mention": obj({
        "id": STRING, "document_id": STRING, "start": INTEGER, "end": INTEGER, "surface": STRING,
        "person_id": nullable(STRING), "role": enum([r.value for r in MentionRole]),
        "status": enum([s.value for s in LinkStatus]), "method": STRING, "confidence": NUMBER,
    }),
    "Person": obj({
        "id": STRING, "uri": STRING, "preferred_name": STRING, "gender": nullable(STRING),
        "birth": nullable(ref("Date")), "death": nullable(ref("Date")), "floruit": nullable(STRING),
        "native_place": nullable(STRING), "status": STRING, "external_ids": {"type": "object",
                                                                            "additionalProperties": STRING},
        "names": array(ref("Name")), "mentions": array(ref("Mention")),
        "links": obj({"page": STRING, "relations": STRING}),
    }),
    "Relation": obj({
        "id": STRING, "type": enum([t.value for t in RelationType]), "direction": enum(["outgoing", "incoming"]),
        "label": STRING, "person": obj({"id": STRING, "name": nullable(STRING)}), "evidence": array(STRING),
        "date": nullable(ref("Date")), "confidence": NUMBER,
    }),
    "RelationPage": obj({"person_id": STRING, "items": array(ref("Relation")), "next": nullable(STRING)}),
    "Document": obj({
        "id": STRING, "uri": STRING, "kind": enum([k.value for k in DocumentKind]), "title": STRING, "text": STRING,
        "date": nullable(ref("Date")), "collection": nullable(STRING), "shelfmark": nullable(STRING),
        "meta": ANY_OBJECT, "mentions": array(ref("Mention")), "links": obj({"page": STRING}),
    }),
    "SearchResult": obj({
        "query": STRING, "total": INTEGER, "page": INTEGER, "size": INTEGER, "pages": INTEGER,
        "hits": array(obj({"id": STRING, "type": enum(["person", "document"]), "title": STRING, "score": NUMBER,
                           "match": STRING, "snippet_html": STRING, "data": ANY_OBJECT},
                          ("id", "type", "title"))),
        "facets": {"type": "object", "additionalProperties": array(obj({"value": STRING, "count": INTEGER}))},
        "did_you_mean": nullable(STRING),
    }, ("total", "hits", "facets")),
    "Health": obj({"status": enum(["ok", "unavailable"]), "graph": ANY_OBJECT, "search": ANY_OBJECT}),
    "AuditEntry": obj({
        "id": STRING, "at": STRING, "by": STRING, "operation": STRING, "params": ANY_OBJECT, "reason": STRING,
        "persons": array(STRING), "undoes": nullable(STRING), "undone_by": nullable(STRING),
        "changes": array(ref("Change")),
    }, ("id", "at", "by", "operation")),
    "Change": obj({
        "kind": enum([k.value for k in ChangeKind]), "text": STRING,
        **{field: nullable(STRING) for field in CHANGE_TEXT_FIELDS}, "count": nullable(INTEGER),
    }, ("kind", "text")),
    "Outcome": obj({"written": BOOLEAN, "entry": ref("AuditEntry")}, ("written", "entry")),
    "AuditPage": obj({"items": array(ref("AuditEntry")), "next": nullable(STRING)}),
    "Queue": obj({"items": array(ANY_OBJECT), "next": nullable(STRING)}),
    "CurationPerson": obj({"id": STRING, "version": STRING, "preferred_name": STRING, "names": array(ANY_OBJECT),
                           "relations": array(ANY_OBJECT), "mentions": array(ANY_OBJECT)}),
    "CurationRequest": {
        "type": "object",
        "description": "The operation's fields as the CLI takes them (see README: Curation), plus reason, "
        "dry_run, by and version (409 when the person changed since that version).",
        "properties": {"reason": STRING, "dry_run": BOOLEAN, "by": STRING, "version": STRING},
        "additionalProperties": True,
    },
}


def error(description: str) -> Schema:
    return {"description": description, "content": {JSON: {"schema": ref("Error")}}}


def ok(schema: Schema, description: str = "OK") -> Schema:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def param(
    name: str, where: str = "query", schema: Schema | None = None, required: bool = False, doc: str = ""
) -> Schema:
    """A parameter: a path parameter is an id unless told otherwise, a query parameter free text."""
    schema = schema or (ID if where == "path" else TEXT)
    return {"name": name, "in": where, "required": required or where == "path", "schema": schema,
            "description": doc}


BAD = error("bad input: the message names the field (details.field)")
MISSING = error("no such entity")
MOVED = {"description": "a merged id: Location is the survivor's URL"}
UNAUTHORISED = {"401": error("no bearer token"), "403": error("wrong token, or curation disabled")}
YEAR: Schema = {"type": "integer", "minimum": -3000, "maximum": 3000}
# Ids (persons p…, documents d…, mentions, audit entries) and cursors: letters, digits and - _ . : only.
ID: Schema = {"type": "string", "pattern": "^[A-Za-z0-9_.:-]{1,100}$"}
# Free text the API takes: no control or invisible formatting characters (each is refused, named).
TEXT: Schema = {"type": "string", "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u200b-\\u200f"
                "\\u2028-\\u202e\\u2060-\\u206f\\ufeff\\ufff9-\\ufffb\\ue000-\\uf8ff]{0,200}$"}


def limit(most: int) -> Schema:
    return param("limit", schema={"type": "integer", "minimum": 1, "maximum": most}, doc="page size")

CURATION_SECURITY: list[dict[str, list[str]]] = [{"bearer": []}]


def _curation(operation: Schema) -> Schema:
    return {**operation, "tags": ["curation"], "security": CURATION_SECURITY,
            "responses": {**operation["responses"], **UNAUTHORISED}}


def _write(summary: str, path_params: list[Schema]) -> Schema:
    return _curation({
        "summary": summary,
        "parameters": path_params,
        "requestBody": {"required": False, "content": {JSON: {"schema": ref("CurationRequest")}}},
        "responses": {"200": ok(ref("Outcome")), "400": BAD, "404": MISSING, "409": error("changed meanwhile"),
                      "413": error("body too large")},
    })


PATHS: dict[str, Schema] = {
    "/health": {"get": {"summary": "each backend's state", "tags": ["service"],
                        "responses": {"200": ok(ref("Health")), "503": ok(ref("Health"), "a backend is down")}}},
    "/api/search": {"get": {
        "summary": "persons and documents by name, romanisation or text", "tags": ["read"],
        "parameters": [param("q"), param("type", schema=enum(["person", "document"])),
                       *(param(facet) for facet in FACET_FIELDS),
                       param("year_from", schema=YEAR), param("year_to", schema=YEAR),
                       param("page", schema={"type": "integer", "minimum": 1, "maximum": 10_000}),
                       param("size", schema={"type": "integer", "minimum": 1, "maximum": 100})],
        "responses": {"200": ok(ref("SearchResult")), "400": BAD},
    }},
    "/api/suggest": {"get": {
        "summary": "person names starting with q (Han in either script, pinyin or Wade-Giles), as one types",
        "tags": ["read"],
        "parameters": [param("q"), param("limit", schema={"type": "integer", "minimum": 1, "maximum": 10})],
        "responses": {"200": ok(obj({"query": STRING, "suggestions": array(obj(
            {"id": STRING, "name": STRING, "title": nullable(STRING)}, ("id", "name")))})), "400": BAD},
    }},
    "/api/persons/{person_id}": {"get": {
        "summary": "a person: names by type and script, dates, native place, external ids, mentions",
        "tags": ["read"], "parameters": [param("person_id", "path")],
        "responses": {"200": ok(ref("Person")), "301": MOVED, "404": MISSING},
    }},
    "/api/persons/{person_id}/relations": {"get": {
        "summary": "kin and correspondents as they read from this person, paged by cursor", "tags": ["read"],
        "parameters": [param("person_id", "path"), param("after", schema=ID, doc="the previous page's next"),
                       limit(500)],
        "responses": {"200": ok(ref("RelationPage")), "301": MOVED, "400": BAD, "404": MISSING},
    }},
    "/api/documents/{document_id}": {"get": {
        "summary": "a document with its text and the mentions found in it", "tags": ["read"],
        "parameters": [param("document_id", "path")],
        "responses": {"200": ok(ref("Document")), "404": MISSING},
    }},
    "/api/curation/queue": {"get": _curation({
        "summary": "links the resolver could not decide",
        "parameters": [param("source"), param("min_score", schema={"type": "number", "minimum": 0, "maximum": 1}),
                       limit(1000), param("after", schema=ID)],
        "responses": {"200": ok(ref("Queue")), "400": BAD},
    })},
    "/api/curation/review": {"post": _write("decide a queued link: {mention, decision, person?}", [])},
    "/api/curation/persons/{person_id}": {"get": _curation({
        "summary": "a person with the ids edits take, and its version", "parameters": [param("person_id", "path")],
        "responses": {"200": ok(ref("CurationPerson")), "400": BAD, "404": MISSING},
    })},
    "/api/curation/persons/{person_id}/{operation}": {"post": _write(
        "change a person", [param("person_id", "path"), param("operation", "path", enum([
            "merge", "split", "rename", "add-name", "remove-name", "set", "link-external", "add-kin",
            "remove-relation"]))],
    )},
    "/api/curation/audit": {"get": _curation({
        "summary": "the audit log, newest first",
        "parameters": [param("person", schema=ID), limit(1000), param("before")],
        "responses": {"200": ok(ref("AuditPage")), "400": BAD},
    })},
    "/api/curation/audit/{entry_id}": {"get": _curation({
        "summary": "one audit entry with its before/after rows", "parameters": [param("entry_id", "path")],
        "responses": {"200": ok(ref("AuditEntry")), "400": BAD, "404": MISSING},
    })},
    "/api/curation/undo/{entry_id}": {"post": _write("undo an audit entry", [param("entry_id", "path")])},
    "/reconcile": {"get": {
        "summary": "W3C Reconciliation API 0.2: the manifest, or answers to queries= / extend= (JSON text); "
        "see the spec's schemas for the bodies. /reconcile/zh-Hans, /zh-Hant and /en are variants.",
        "tags": ["reconciliation"],
        "parameters": [param("queries", doc="a query batch (JSON)"), param("extend", doc="an extension query (JSON)")],
        "responses": {"200": ok(ANY_OBJECT), "400": BAD, "413": error("more queries than batchSize")},
    }},
    "/sparql": {"get": {
        "summary": "SPARQL 1.1 Protocol query (also POST as a form or application/sparql-query)",
        "tags": ["sparql"],
        "parameters": [param("query", required=True), param("default-graph-uri", schema=array(STRING)),
                       param("named-graph-uri", schema=array(STRING))],
        "responses": {
            "200": {"description": "SELECT/ASK results or an RDF graph, as Accept asks", "content": {
                media: {"schema": {}} for media in (
                    "application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                    "text/tab-separated-values", "text/turtle", "application/n-triples", "application/rdf+xml",
                    "application/ld+json")}},
            "400": BAD, "403": error("an update"), "406": error("no acceptable format"),
            "429": error("rate limit: see Retry-After"), "503": error("stopped at the time limit"),
        },
    }},
}


def document() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Zhiren 知人 API",
            "version": "1",
            "description": "Persons, names, documents and their links in Chinese historical sources. Errors are "
            '{"error": {"code", "message", "details": {"field"}}}. Curation needs ZHIREN_API_TOKEN as a bearer '
            "token. Linked data (/person/{id}.ttl …) and SPARQL are described in the README.",
        },
        "servers": [{"url": request.host_url.rstrip("/")}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


@blueprint.get("/openapi.json")
def openapi() -> Response:
    response = jsonify(document())
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
