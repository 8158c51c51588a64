"""Named graphs as N-Quads chunks: what both adapters send to their store in one request each."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from pyoxigraph import NamedNode, RdfFormat, Triple, serialize


@dataclass(frozen=True)
class QuadChunk:
    iris: list[str]  # the graphs in this chunk (each whole: a graph is never split)
    body: bytes  # their triples as N-Quads
    count: int  # triples in body


def quad_chunks(graphs: Iterable[tuple[str, Sequence[Triple]]], max_quads: int) -> Iterator[QuadChunk]:
    """Whole graphs grouped into chunks of about ``max_quads`` quads, serialized in Rust: each
    graph's triples as N-Triples, its name then added before each statement's final " ." (N-Triples
    escapes line breaks inside literals, so " .\n" ends statements only). Building a Quad per
    triple in Python first was a third of a rebuild's mapping process (py-spy)."""
    iris: list[str] = []
    parts: list[bytes] = []
    count = 0
    for iri, triples in graphs:
        iris.append(iri)
        if triples:
            ending = f" {NamedNode(iri)} .\n".encode()
            parts.append((serialize(triples, format=RdfFormat.N_TRIPLES) or b"").replace(b" .\n", ending))
            count += len(triples)
        if count >= max_quads:
            yield QuadChunk(iris, b"".join(parts), count)
            iris, parts, count = [], [], 0
    if iris:
        yield QuadChunk(iris, b"".join(parts), count)


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
