"""Named graphs and described resources as N-Quads chunks, what both adapters send to their store
in one request each; and streamed N-Quads read back as N-Triples, how a SPARQL server's dataset
is exported."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

from pyoxigraph import NamedNode, RdfFormat, Triple, serialize


class DescriptionRule(Protocol):
    """Which keys of a write are resources *described* rather than named graphs (the documents:
    ontology.mapping.Uris.descriptions), and what a store needs to replace a description.

    A named graph's quads take Oxigraph six indexes of four terms, a default-graph triple three
    of three: 60,000 letters' statements bulk-loaded took 1.68 ms of CPU a letter (RocksDB's
    compaction, proportional to the bytes) and 1,861 MB as one named graph each, 0.55 ms and
    414 MB in the default graph. So a described resource's statements carry no graph of their
    own; the store finds the old ones from the resource: its own, and those of the subjects
    that ``parts`` (a SPARQL property path) reaches from it."""

    @property
    def prefix(self) -> str: ...  # a key starting with it is a described resource's IRI

    @property
    def parts(self) -> str: ...  # SPARQL property path from the resource to the other subjects of its description

    @property
    def graph(self) -> str: ...  # where a store whose default graph is the union of its named graphs keeps them


@dataclass(frozen=True)
class Described:
    """A :class:`DescriptionRule` as plain data: what crosses the pipe to the embedded store's
    worker, which imports nothing of the mapping."""

    prefix: str
    parts: str
    graph: str


@dataclass(frozen=True)
class QuadChunk:
    iris: list[str]  # the graphs (and described resources) in this chunk, each whole: never split
    body: bytes  # their statements, one after the other: N-Quads of the graph, N-Triples of a description
    count: int  # triples in body
    ends: list[int]  # where each graph's statements end in body (an empty graph: where the last ended)
    described: DescriptionRule | None = None  # which of ``iris`` are described resources

    def parts(self) -> Iterator[tuple[str, memoryview]]:
        """Each graph with its statements, unchanged (a store replacing graphs one by one)."""
        body, start = memoryview(self.body), 0
        for iri, end in zip(self.iris, self.ends, strict=True):
            yield iri, body[start:end]
            start = end

    def is_described(self, iri: str) -> bool:
        return is_described(self.described, iri)


EMPTY_CHUNK = QuadChunk([], b"", 0, [])


def is_described(rule: DescriptionRule | None, key: str) -> bool:
    """Whether ``key`` of a write is a described resource's IRI rather than a named graph's."""
    return rule is not None and key.startswith(rule.prefix)


def quad_chunks(
    graphs: Iterable[tuple[str, Sequence[Triple]]], max_quads: int, described: DescriptionRule | None = None
) -> Iterator[QuadChunk]:
    """Whole graphs grouped into chunks of about ``max_quads`` quads, serialized in Rust: each
    graph's triples as N-Triples, then made N-Quads by :func:`in_graph` (a described resource's
    stay N-Triples: the default graph). Building a Quad per triple in Python first was a third of
    a rebuild's mapping process (py-spy)."""
    iris: list[str] = []
    parts: list[bytes] = []
    ends: list[int] = []
    count = size = 0
    for iri, triples in graphs:
        iris.append(iri)
        if triples:
            statements = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
            parts.append(statements if is_described(described, iri) else in_graph(statements, iri))
            count += len(triples)
            size += len(parts[-1])
        ends.append(size)
        if count >= max_quads:
            yield QuadChunk(iris, b"".join(parts), count, ends, described)
            iris, parts, ends, count, size = [], [], [], 0, 0
    if iris:
        yield QuadChunk(iris, b"".join(parts), count, ends, described)


def in_graph(ntriples: bytes, iri: str) -> bytes:
    """N-Triples as N-Quads of graph ``iri``: its name added before each statement's final " ."
    (N-Triples escapes line breaks inside literals, so " .\n" ends statements only)."""
    return ntriples.replace(b" .\n", f" {NamedNode(iri)} .\n".encode())


def send_overlapped(chunks: Iterator[QuadChunk], send: Callable[[QuadChunk], object]) -> int:
    """``send`` each chunk in a background thread while the next one is built (mapping is Python
    work, loading is the store's: the two overlap); at most one chunk in flight, errors re-raised.
    The triples sent.  The chunks are closed when sending stops, also on an error, so a generator
    making them cleans up at once (ingest/triple_mapping.py cancels the groups it mapped ahead)."""
    written = 0
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="triples-send") as pool:
            pending: Future[object] | None = None
            for chunk in chunks:
                if pending is not None:
                    pending.result()
                pending = pool.submit(send, chunk)
                written += chunk.count
            if pending is not None:
                pending.result()
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    return written


def quads_as_triples(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Streamed N-Quads as N-Triples, each line's graph term cut off without parsing the line
    (pyoxigraph parsing and writing each statement was two thirds of an export's time). Lines
    are whole in what is yielded, however the chunks cut them."""
    pending = b""
    for chunk in chunks:
        lines = (pending + chunk).split(b"\n")
        pending = lines.pop()
        yield b"".join(without_graph(line) + b"\n" for line in lines if line)
    if pending.strip():
        yield without_graph(pending) + b"\n"


def without_graph(line: bytes) -> bytes:
    """One N-Quads statement without its graph term (unchanged if it has none). IRIs and blank
    node labels hold no space and no quote, so a line with a quote has a literal object that ends
    at the last quote (its language tag or datatype attached), and in a line without one every
    term is a word."""
    quote = line.rfind(b'"')
    if quote < 0:
        terms = line.split()
        return b" ".join(terms[:3]) + b" ." if len(terms) == 5 else line
    suffix, _, rest = line[quote + 1 :].partition(b" ")
    return line[: quote + 1] + suffix + b" ." if len(rest.split()) == 2 else line
