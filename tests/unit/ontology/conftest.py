"""The demo graph and its RDF for every test here (tests/demo_rdf.py)."""

from tests.demo_rdf import demo_graph, demo_triples

__all__ = ["demo_graph", "demo_triples"]
