"""The ontology, shapes and JSON-LD context load for any base URI and say what they should."""

from __future__ import annotations

import json

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from zhiren.ontology.files import jsonld_context, ontology_source, ontology_turtle, shapes_turtle

BASE = "https://authority.example.org/zhiren/"


def test_the_ontology_resolves_against_the_base_and_labels_every_term() -> None:
    graph = rdflib.Graph().parse(data=ontology_turtle(BASE), format="turtle")
    vocab = f"{BASE}ontology#"
    assert (rdflib.URIRef(f"{BASE}ontology"), RDF.type, OWL.Ontology) in graph
    terms = {
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in graph.subjects(RDF.type, kind)
        if str(s).startswith(vocab)
    }
    assert len(terms) > 60
    assert sorted(str(t) for t in terms if graph.value(t, RDFS.label) is None) == []
    assert "# Reuse before invention" not in ontology_turtle(BASE) and "Reuse before invention" in ontology_source()


def test_the_shapes_resolve_against_the_base() -> None:
    graph = rdflib.Graph().parse(data=shapes_turtle(BASE), format="turtle")
    targets = set(graph.objects(None, rdflib.URIRef("http://www.w3.org/ns/shacl#targetClass")))
    assert rdflib.URIRef(f"{BASE}ontology#Person") in targets and len(targets) >= 8


def test_the_json_ld_context_expands_our_terms() -> None:
    context = jsonld_context(BASE)
    assert context["@context"]["zr"] == f"{BASE}ontology#"
    document = {
        **context,
        "id": f"{BASE}person/p1",
        "type": "Person",
        "prefLabel": {"zh-Hans": "盛宣怀"},
        "courtesyName": {"zh-Hant": "杏蓀"},
        "fatherOf": f"{BASE}person/p2",
    }
    graph = rdflib.Graph().parse(data=json.dumps(document), format="json-ld")
    person = rdflib.URIRef(f"{BASE}person/p1")
    assert (person, RDF.type, rdflib.URIRef(f"{BASE}ontology#Person")) in graph
    assert (person, rdflib.URIRef(f"{BASE}ontology#courtesyName"), rdflib.Literal("杏蓀", lang="zh-Hant")) in graph
    assert (person, rdflib.URIRef(f"{BASE}ontology#fatherOf"), rdflib.URIRef(f"{BASE}person/p2")) in graph
    ontology = rdflib.Graph().parse(data=ontology_turtle(BASE), format="turtle")
    used = {
        str(v["@id"] if isinstance(v, dict) else v) for v in context["@context"].values() if isinstance(v, (dict, str))
    }
    ours = {u.replace("zr:", f"{BASE}ontology#") for u in used if u.startswith("zr:")}
    assert sorted(u for u in ours if (rdflib.URIRef(u), RDF.type, None) not in ontology) == []
