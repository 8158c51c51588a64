"""The ontology, its SHACL shapes and the JSON-LD context, with the deployment's base URI filled in.

The files use relative IRIs (``<ontology#Person>``) or ``{BASE}``, so one copy serves any
ZHIREN_BASE_URI: the app serves these texts at BASE/ontology and at the context's stable URL.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from pyoxigraph import RdfFormat, parse, serialize

ONTOLOGY_FILE = "zhiren.ttl"
SHAPES_FILE = "shapes.ttl"
CONTEXT_FILE = "context.jsonld"
PREFIXES = {
    "zr": "ontology#",  # relative: resolved against the base
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "skosxl": "http://www.w3.org/2008/05/skos-xl#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "http://schema.org/",
    "bf": "http://id.loc.gov/ontologies/bibframe/",
    "rel": "http://purl.org/vocab/relationship/",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "shl": "http://www.library.sh.cn/ontology/",
}


def _text(name: str) -> str:
    return files("zhiren.ontology").joinpath(name).read_text(encoding="utf-8")


def _base(base_uri: str) -> str:
    return base_uri if base_uri.endswith("/") else base_uri + "/"


@cache
def ontology_turtle(base_uri: str) -> str:
    """zhiren.ttl with every IRI absolute (the base filled in), comments dropped."""
    return _absolute_turtle(ONTOLOGY_FILE, _base(base_uri))


@cache
def shapes_turtle(base_uri: str) -> str:
    return _absolute_turtle(SHAPES_FILE, _base(base_uri))


def ontology_source() -> str:
    """zhiren.ttl as written, with its comments: the documentation the /ontology page shows beside it."""
    return _text(ONTOLOGY_FILE)


def _absolute_turtle(name: str, base: str) -> str:
    quads = parse(_text(name), format=RdfFormat.TURTLE, base_iri=base)
    prefixes = {p: (base + iri if not iri.startswith("http") else iri) for p, iri in PREFIXES.items()}
    triples = [q.triple for q in quads]
    return (serialize(triples, format=RdfFormat.TURTLE, prefixes=prefixes) or b"").decode()


@cache
def _context_text(base: str) -> str:
    return _text(CONTEXT_FILE).replace("{BASE}", base)


def jsonld_context(base_uri: str) -> dict[str, Any]:
    """The JSON-LD context document (``{"@context": …}``) for this base URI."""
    context: dict[str, Any] = json.loads(_context_text(_base(base_uri)))
    return context
