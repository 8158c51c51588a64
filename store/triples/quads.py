"""Named graphs as N-Quads chunks: what both adapters send to their store in one request each."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
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


def send_overlapped(chunks: Iterator[QuadChunk], send: Callable[[QuadChunk], object]) -> int:
    """``send`` each chunk in a background thread while the next one is built (mapping is Python
    work, loading is the store's: the two overlap); at most one chunk in flight, errors re-raised.
    The triples sent."""
    written = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="triples-send") as pool:
        pending: Future[object] | None = None
        for chunk in chunks:
            if pending is not None:
                pending.result()
            pending = pool.submit(send, chunk)
            written += chunk.count
        if pending is not None:
            pending.result()
    return written
