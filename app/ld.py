"""Linked data on every entity URI: ``/person/<id>``, ``/document/<id>``, ``/name/<id>``, ``/ontology``.

One pattern, direct negotiation: the entity URI answers HTML to a browser and RDF to a client that
prefers Turtle, N-Triples, RDF/XML or JSON-LD (``Accept`` with q-values), with ``Vary: Accept``
and ``Content-Location`` naming the suffixed document; the suffixes ``.ttl``, ``.nt``, ``.rdf``
and ``.jsonld`` name one format each. A type we cannot serve is 406; an unknown id is 404 in the
format asked for; a merged person id is 301 to the survivor, keeping the suffix. JSON-LD is
compacted with the context published at ``/ontology/context.jsonld``.

The HTML pages of persons and documents are web.py's: a client that prefers RDF is answered here
before those views run (``before_app_request``), so they need no change. What a document says is
the graph store's record through ontology.mapping — the same triples the triple store holds as the
entity's named graph (a person) or description (a document).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from urllib.parse import unquote

import rdflib
from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from pyoxigraph import RdfFormat, Triple, parse, serialize

from zhiren.app.backends import backends
from zhiren.errors import NotAcceptable, NotFound
from zhiren.ontology.files import PREFIXES, jsonld_context, ontology_source, ontology_turtle
from zhiren.ontology.mapping import Uris, document_triples, person_description, person_triples

blueprint = Blueprint("ld", __name__)

# suffix → media type; the order is the preference when a client accepts any RDF
FORMATS = {"ttl": "text/turtle", "nt": "application/n-triples", "rdf": "application/rdf+xml",
           "jsonld": "application/ld+json"}
SUFFIX_RULE = "<any(ttl,nt,rdf,jsonld):suffix>"
SUFFIXES = {media: suffix for suffix, media in FORMATS.items()}
# other names clients use for the same formats
ALIASES = {"application/x-turtle": "text/turtle", "text/plain": "application/n-triples",
           "application/json": "application/ld+json", "application/xml": "application/rdf+xml"}
HTML = "text/html"
HTML_VIEWS = {"web.person": "person", "web.document": "document"}
CONTEXT_PATH = "ontology/context.jsonld"


def wanted_format() -> str | None:
    """The RDF media type the client prefers, None for HTML (also when it says nothing); 406 otherwise."""
    if not request.headers.get("Accept"):
        return None
    best = request.accept_mimetypes.best_match([HTML, *FORMATS.values(), "application/xhtml+xml", *ALIASES])
    if best is None:
        offered = ", ".join([HTML, *FORMATS.values()])
        raise NotAcceptable(f"cannot answer in {request.headers['Accept']!r}; offered: {offered}", field="Accept")
    if best in (HTML, "application/xhtml+xml"):
        return None
    return ALIASES.get(best, best)


def _uris() -> Uris:
    return Uris(backends().settings.base_uri)


def serialise(triples: Sequence[Triple], media_type: str) -> bytes:
    """Triples in the media type; JSON-LD compacted with our context and pointing at its stable URL."""
    base = backends().settings.base_uri
    if media_type != "application/ld+json":
        prefixes = {p: (base + iri if not iri.startswith("http") else iri) for p, iri in PREFIXES.items()}
        return serialize(triples, format=RdfFormat.from_media_type(media_type), prefixes=prefixes) or b""
    graph = rdflib.Graph()
    graph.parse(data=serialize(triples, format=RdfFormat.N_TRIPLES) or b"", format="nt")
    context = jsonld_context(base)["@context"]
    compacted = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    compacted["@context"] = base + CONTEXT_PATH
    return json.dumps(compacted, ensure_ascii=False, indent=1).encode()


def _rdf(body: bytes, media_type: str, status: int = 200, location: str | None = None) -> Response:
    response = Response(body, status=status, content_type=f"{media_type}; charset=utf-8")
    response.headers["Vary"] = "Accept"
    response.headers["Access-Control-Allow-Origin"] = "*"
    if location:
        response.headers["Content-Location"] = location
    return response


def not_found(message: str, media_type: str) -> Response:
    """A 404 that parses in the format asked for: an empty graph that says why."""
    if media_type == "application/ld+json":
        body = json.dumps({"error": {"code": "not_found", "message": message, "details": {}}},
                          ensure_ascii=False).encode()
    elif media_type == "application/rdf+xml":
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n<!-- ' + message.replace("--", "- -") + " -->\n"
                '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n').encode()
    else:
        body = f"# {message}\n".encode()
    return _rdf(body, media_type, 404)


def entity_triples(kind: str, entity_id: str) -> tuple[list[Triple], str | None]:
    """The entity's triples and, for a merged person, its survivor's id (then no triples)."""
    graph, uris = backends().graph, _uris()
    if kind == "person":
        record = graph.get_person(entity_id, mention_limit=0)
        if record.redirected_from:
            return [], record.person.id
        return person_description(uris, record), None
    if kind == "document":
        return document_triples(uris, *graph.get_document(entity_id)), None
    return name_triples(entity_id), None


def name_owner(name_id: str) -> str:
    """The id of the person a name belongs to, as the triple store knows it."""
    uris = _uris()
    found = backends().triples.query(
        f"SELECT ?person WHERE {{ <{uris.entity('name', name_id).value}> <{uris.vocab}nameOf> ?person }} LIMIT 1",
        accept="application/sparql-results+json", timeout_s=backends().settings.sparql_timeout,
    )
    bindings = json.loads(found.body)["results"]["bindings"]
    if not bindings:
        raise NotFound(f"no name {name_id}", id=name_id)
    return unquote(str(bindings[0]["person"]["value"]).rsplit("/", 1)[-1])


def name_triples(name_id: str) -> list[Triple]:
    """A name's statements (and its person's statements about it), from its person's mapping."""
    uris = _uris()
    node = uris.entity("name", name_id)
    record = backends().graph.get_person(name_owner(name_id), mention_limit=0)
    return [t for t in person_triples(uris, record) if node in (t.subject, t.object)]


def answer(kind: str, entity_id: str, media_type: str, suffix_in_path: bool) -> ResponseReturnValue:
    """The entity in ``media_type``, its 301 when merged away, or a 404 in that format."""
    try:
        triples, survivor = entity_triples(kind, entity_id)
    except NotFound as exc:
        return not_found(exc.message, media_type)
    suffix = SUFFIXES[media_type]
    if survivor is not None:  # only persons are merged
        target = (url_for("ld.suffixed", kind=kind, entity_id=survivor, suffix=suffix) if suffix_in_path
                  else url_for("web.person", person_id=survivor))
        response = redirect(target, code=301)
        response.headers["Vary"] = "Accept"
        return response
    location = url_for("ld.suffixed", kind=kind, entity_id=entity_id, suffix=suffix)
    return _rdf(serialise(triples, media_type), media_type, location=location)


@blueprint.before_app_request
def negotiate_entity_pages() -> ResponseReturnValue | None:
    """Answer RDF on /person/<id> and /document/<id> when the client prefers it; else web.py's page runs."""
    kind = HTML_VIEWS.get(request.endpoint or "")
    if kind is None or request.view_args is None:
        return None
    try:
        media_type = wanted_format()
    except NotAcceptable as exc:
        return _rdf(json.dumps(exc.to_json()).encode(), "application/json", 406)
    if media_type is None:
        return None
    return answer(kind, str(request.view_args[f"{kind}_id"]), media_type, suffix_in_path=False)


@blueprint.after_app_request
def vary_on_accept(response: Response) -> Response:
    """The HTML pages of negotiated URIs vary by Accept too, so no cache serves HTML to a data client;
    their ``Link`` header names the data documents (rel=alternate, one per format)."""
    kind = HTML_VIEWS.get(request.endpoint or "")
    if kind is not None and request.view_args is not None:
        response.vary.add("Accept")
        if response.status_code == 200:
            entity_id = str(request.view_args[f"{kind}_id"])
            response.headers["Link"] = ", ".join(
                f'<{url_for("ld.suffixed", kind=kind, entity_id=entity_id, suffix=suffix)}>; rel="alternate"; '
                f'type="{media}"' for suffix, media in FORMATS.items()
            )
    return response


@blueprint.get(f"/person/<entity_id>.{SUFFIX_RULE}", defaults={"kind": "person"})
@blueprint.get(f"/document/<entity_id>.{SUFFIX_RULE}", defaults={"kind": "document"})
@blueprint.get(f"/name/<entity_id>.{SUFFIX_RULE}", defaults={"kind": "name"})
def suffixed(kind: str, entity_id: str, suffix: str) -> ResponseReturnValue:
    return answer(kind, entity_id, FORMATS[suffix], suffix_in_path=True)


@blueprint.get("/name/<name_id>")
def name(name_id: str) -> ResponseReturnValue:
    """RDF by Accept; a browser is sent (303) to the person page the name belongs to."""
    try:
        media_type = wanted_format()
    except NotAcceptable as exc:
        return _rdf(json.dumps(exc.to_json()).encode(), "application/json", 406)
    if media_type is not None:
        return answer("name", name_id, media_type, suffix_in_path=False)
    response = redirect(url_for("web.person", person_id=name_owner(name_id)), code=303)
    response.headers["Vary"] = "Accept"
    return response


def _ontology_triples() -> list[Triple]:
    base = backends().settings.base_uri
    return [q.triple for q in parse(ontology_turtle(base), format=RdfFormat.TURTLE)]


@blueprint.get("/ontology")
def ontology() -> ResponseReturnValue:
    try:
        media_type = wanted_format()
    except NotAcceptable as exc:
        return _rdf(json.dumps(exc.to_json()).encode(), "application/json", 406)
    if media_type is not None:
        return _rdf(serialise(_ontology_triples(), media_type), media_type,
                    location=url_for("ld.ontology_suffixed", suffix=SUFFIXES[media_type]))
    response = Response(render_template("ontology.html", source=ontology_source(),
                                        formats=FORMATS, base=backends().settings.base_uri))
    response.headers["Vary"] = "Accept"
    return response


@blueprint.get(f"/ontology.{SUFFIX_RULE}")
def ontology_suffixed(suffix: str) -> Response:
    return _rdf(serialise(_ontology_triples(), FORMATS[suffix]), FORMATS[suffix])


@blueprint.get(f"/{CONTEXT_PATH}")
def context() -> Response:
    """The JSON-LD context every JSON-LD document of ours names: a stable URL."""
    body = json.dumps(jsonld_context(backends().settings.base_uri), ensure_ascii=False, indent=1).encode()
    return _rdf(body, "application/ld+json")
