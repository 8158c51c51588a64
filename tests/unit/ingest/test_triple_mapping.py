"""The ingest's triple sync mapped in a process of its own writes what the in-process sync writes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

from tests.demo_rdf import BASE
from tests.factories import sample_batch
from zhiren.ingest.triple_mapping import TripleMapping
from zhiren.ontology.mapping import Uris
from zhiren.ontology.sync import sync_triples
from zhiren.settings import load_settings
from zhiren.store.factory import open_graph
from zhiren.store.triples.base import TripleStore
from zhiren.store.triples.oxigraph import OxigraphTripleStore

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
# Every statement with its graph, or none for a described document's (in the default graph).
EVERY_QUAD = "SELECT ?g ?s ?p ?o WHERE { ?s ?p ?o OPTIONAL { GRAPH ?g { ?s ?p ?o } } }"


def quads(triples: TripleStore) -> set[tuple[str, ...]]:
    result = triples.query(EVERY_QUAD, accept="application/sparql-results+json", max_rows=100_000)
    rows = json.loads(result.body)["results"]["bindings"]
    return {tuple(json.dumps(row.get(v), sort_keys=True) for v in ("g", "s", "p", "o")) for row in rows}


def test_graphs_mapped_in_the_process_are_those_mapped_here(tmp_path: Path) -> None:
    settings = replace(load_settings(), data_dir=tmp_path, base_uri=BASE)
    graph = open_graph(settings)
    batch = sample_batch()
    graph.write(batch)
    persons, documents = sorted(p.id for p in batch.persons), sorted(d.id for d in batch.documents)
    relations = sorted(r.id for r in batch.relations)
    assert relations
    here, there = OxigraphTripleStore(tmp_path / "here"), OxigraphTripleStore(tmp_path / "there")
    try:
        sync_triples(graph, here, persons, documents, relations, BASE)
        old = Triple(NamedNode(f"{BASE}document/gone"), NamedNode(RDFS_LABEL), Literal("已删"))
        there.put_graphs([(f"{BASE}document/gone", [old])], described=Uris(BASE).descriptions)
        with TripleMapping(settings, graph, there, least=1) as sink:
            sink(persons, [*documents, "gone"], relations)  # a document deleted since: its description goes
            sink(persons, documents, relations)  # again: graphs replaced, not added to
        assert quads(there) == quads(here) and len(quads(here)) > 100
    finally:
        here.close()
        there.close()
        graph.close()
