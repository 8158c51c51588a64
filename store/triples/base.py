"""The triple store port: the graph published as RDF, queried with SPARQL, dumped whole.

Derived from the graph, like the search index (``zhiren reindex --triples`` rebuilds it;
``ontology.sync`` keeps it current). Each person and relation is one named graph
(``ontology.mapping`` names them), so a change replaces whole graphs. Each document is a described
resource instead (``store.triples.quads.DescriptionRule``, which says why): its statements are
found and replaced by following a property path from it. Oxigraph keeps them in its default
graph, a server whose default graph is the union of its named graphs (Fuseki) in one named graph
for them all. Queries see every statement in their default graph on both adapters; ``GRAPH ?g``
finds persons, relations, curation entries and agents (and Fuseki's one graph of documents),
never a graph per document.

Adapters: embedded Oxigraph (``store.triples.oxigraph``) and any SPARQL 1.1 server written
through the Graph Store Protocol and SPARQL Update (``store.triples.sparql_http``; Fuseki is
the one `zhiren services` runs). Both pass tests/contract/test_triple_store.py.

Query time limits are enforced by the adapter, not by its caller: ``query`` either returns a
complete result or raises :class:`QueryTimeout` within ``timeout_s`` plus a little. Oxigraph
cannot be cancelled in-process, so the embedded adapter keeps the store in a worker process
that it kills at a query's deadline (and restarts for the next call); the HTTP adapter passes
the limit to the server (Fuseki answers 503) and also bounds the HTTP read. A result is read
whole (up to ``max_rows``) before it is returned, so a caller can choose its status code after
the query has finished.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from pyoxigraph import Triple

from zhiren.errors import InputError, ZhirenError
from zhiren.store.triples.quads import DescriptionRule, QuadChunk

# Media types a query result can be written in; the first of each is the default.
SOLUTION_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")

ExportFormat = Literal["nt", "ttl", "jsonld"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("nt", "ttl", "jsonld")
ResultKind = Literal["solutions", "boolean", "graph"]


@dataclass(frozen=True)
class QueryResult:
    """A finished query: ``body`` in ``media_type``; ``truncated`` when rows past ``max_rows`` were cut.

    ``count`` is the number of solutions (SELECT), triples (CONSTRUCT/DESCRIBE) or 1 (ASK)
    in ``body``.
    """

    kind: ResultKind
    body: bytes
    media_type: str
    count: int
    truncated: bool


class BinaryWriter(Protocol):
    """Where an export goes: a binary file, a gzip stream, a socket's file."""

    def write(self, data: bytes, /) -> int: ...


class QueryTimeout(ZhirenError):
    """The query ran past its limit and was stopped; nothing of it is returned."""

    code = "query_timeout"
    http_status = 503

    def __init__(self, timeout_s: float) -> None:
        super().__init__(f"query stopped after its time limit of {timeout_s:g} s", timeout_s=timeout_s)


class QueryRejected(InputError):
    """A query that is not run: a syntax error (with the parser's message and position), an update,
    or a ``SERVICE`` call (the store never fetches from elsewhere)."""

    code = "query_rejected"


class TripleStore(Protocol):
    """What the sync, the reindex, the dumps and the /sparql endpoint need of a triple store."""

    name: str  # "embedded" or "fuseki": for messages and the bench

    def put_graphs(
        self,
        graphs: Iterable[tuple[str, Sequence[Triple]]],
        *,
        fresh: bool = False,
        described: DescriptionRule | None = None,
    ) -> int:
        """Replace each named graph (IRI, its complete triples) and return the triples written;
        a key that ``described`` says is a described resource has its description replaced.

        An empty sequence leaves the graph empty (deleted). ``fresh=True`` promises the graphs do
        not exist yet (after :meth:`clear`), so the adapter may bulk-load without deleting first.
        """
        ...

    def put_quads(self, chunks: Iterable[QuadChunk], *, fresh: bool = False) -> int:
        """:meth:`put_graphs` for graphs already serialized (whole graphs as N-Quads, each chunk one
        write): an ingest maps and serializes in a process of its own and hands the bytes on."""
        ...

    def delete_graphs(self, iris: Iterable[str]) -> None:
        """Remove these named graphs; absent ones are ignored (a description is removed by
        :meth:`put_graphs` with no statements)."""
        ...

    def clear(self) -> None:
        """Remove every triple of every graph."""
        ...

    def run_behind(self, niceness: int) -> None:
        """Lower the CPU priority of the process that loads this store, where it is one of ours (the
        embedded store's worker): an ingest's sync may lag behind its main thread (ingest.priority).
        A server's priority is its administrator's: nothing changes."""
        ...

    def count(self) -> int:
        """Number of triples in the store (all named graphs and descriptions)."""
        ...

    def graph_iris(self) -> set[str]:
        """Every named graph in the store."""
        ...

    def query(
        self,
        sparql: str,
        *,
        accept: str = "",
        timeout_s: float = 30.0,
        max_rows: int = 10_000,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
    ) -> QueryResult:
        """Run a read-only SPARQL 1.1 query to completion or raise.

        ``accept`` is one media type of :data:`SOLUTION_TYPES` (SELECT, ASK) or
        :data:`GRAPH_TYPES` (CONSTRUCT, DESCRIBE); empty or not fitting the query form: the
        first of the fitting tuple. ``default_graph_uris``/``named_graph_uris`` are the SPARQL
        Protocol's dataset; empty: the union of all graphs as default graph, all graphs named.
        Raises :class:`QueryRejected` (400), :class:`QueryTimeout` (503) or BackendUnavailable.
        """
        ...

    def export(self, fmt: ExportFormat, out: BinaryWriter) -> None:
        """Write the union of all graphs to ``out`` as one document in ``fmt``, streamed (the
        caller compresses); the order of triples is the store's."""
        ...

    def close(self) -> None: ...
