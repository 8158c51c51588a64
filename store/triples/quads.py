"""Named graphs as N-Quads chunks: what both adapters send to their store in one request each."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, serialize


@dataclass(frozen=True)
class QuadChunk:
    iris: list[str]  # the graphs in this chunk (each whole: a graph is never split)
    body: bytes  # their triples as N-Quads
    count: int  # triples in body


def quad_chunks(graphs: Iterable[tuple[str, Sequence[Triple]]], max_quads: int) -> Iterator[QuadChunk]:
    """Whole graphs grouped into chunks of about ``max_quads`` quads, serialized in Rust."""
    iris: list[str] = []
    quads: list[Quad] = []
    for iri, triples in graphs:
        graph = NamedNode(iri)
        iris.append(iri)
        quads.extend(Quad(t.subject, t.predicate, t.object, graph) for t in triples)
        if len(quads) >= max_quads:
            yield QuadChunk(iris, serialize(quads, format=RdfFormat.N_QUADS) or b"", len(quads))
            iris, quads = [], []
    if iris:
        yield QuadChunk(iris, serialize(quads, format=RdfFormat.N_QUADS) or b"", len(quads))
