"""The demo corpus in embedded stores (loaded once per module) and the RDF the mapping makes of it.

Fixtures for the ontology and export tests: a test module imports those it uses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import rdflib
from pyoxigraph import RdfFormat, Triple, serialize

from tests.demo_fixture import load
from zhiren.ontology.files import ontology_turtle, shapes_turtle
from zhiren.ontology.sync import all_graphs
from zhiren.store.graph.sqlite import SqliteGraphStore
from zhiren.store.search.sqlite import SqliteSearchIndex

BASE = "http://zhiren.test/"


@pytest.fixture(scope="module")
def demo_graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteGraphStore]:
    folder = tmp_path_factory.mktemp("demo")
    graph, search = SqliteGraphStore(folder / "graph.sqlite"), SqliteSearchIndex(folder / "search.sqlite")
    graph.migrate()
    search.setup()
    load(graph, search)
    search.close()
    yield graph
    graph.close()


@pytest.fixture(scope="module")
def demo_triples(demo_graph: SqliteGraphStore) -> list[Triple]:
    return [t for _, graph in all_graphs(demo_graph, BASE) for t in graph]


def to_rdflib(triples: list[Triple]) -> rdflib.Graph:
    return rdflib.Graph().parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")


def ontology_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(data=ontology_turtle(BASE), format="turtle")


def shapes_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(data=shapes_turtle(BASE), format="turtle")


def zr(term: str) -> rdflib.URIRef:
    return rdflib.URIRef(f"{BASE}ontology#{term}")


def entity(kind: str, identifier: str) -> rdflib.URIRef:
    return rdflib.URIRef(f"{BASE}{kind}/{identifier}")
