"""The process that owns the embedded Oxigraph store (see ``store.triples.oxigraph``).

It answers one request at a time from its pipe: ``(op, args)`` in, ``("done", value)``,
``("error", message)`` or, for exports, ``("chunk", bytes)``… then ``("done", None)`` out; a query's
answer is one frame of bytes (``FRAME``).
It imports only pyoxigraph and the result writers, so it starts in a fraction of a second.
"""

from __future__ import annotations

import struct
import sys
from collections.abc import Sequence
from contextlib import suppress
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    parse,
    serialize,
)

from zhiren.errors import ZhirenError
from zhiren.store.triples.base import GRAPH_TYPES, SOLUTION_TYPES, QueryResult, ResultKind
from zhiren.store.triples.quads import QuadChunk, in_graph
from zhiren.store.triples.results import EXPORT_RDF_FORMATS, boolean_result, graph_written, solutions_written

EXPORT_CHUNK = 1 << 20
# An ingest batch's graphs (a megabyte of N-Quads is about 8,000 quads) are bulk-loaded: at
# 3.4 million triples a batch of 1,000 persons loaded in 0.45-1.2 s instead of 0.9-2.2 s in one
# transaction. Bulk loading is not atomic, which the outbox makes safe: a sync cut short is replayed
# whole. A curation change's few graphs still load in one transaction.
BULK_LOAD_MIN_BYTES = 1 << 20
# Quads gathered for one bulk load. Each bulk load leaves new files that RocksDB's compaction then
# merges with what the store holds (keys are term hashes: every file overlaps every other), so the
# compaction, not the load, was most of the worker's CPU in a long ingest (70,000 letters: 200 s of
# its 226 s, /proc per-thread times); 40,000 letters loaded a thousand a call cost 35 s of it, ten
# thousand a call 18 s. Oxigraph's bulk loader writes its files a million quads at a time.
SPOOL_QUADS = 1_000_000
_EVERYTHING = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


class _ChunkWriter:
    """A binary file that sends what is written through the pipe, a megabyte at a time."""

    def __init__(self, conn: Connection) -> None:
        self.conn, self.buffer = conn, bytearray()

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= EXPORT_CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer:
            self.conn.send(("chunk", bytes(self.buffer)))
            self.buffer.clear()


def serve(path: str, conn: Connection) -> None:
    """Answer the owner's requests until it says close or goes away. An owner that went (killed,
    or its replacement worker started just as it exited) needs no answer and no traceback."""
    try:
        store = Store(path)
    except OSError as exc:
        with suppress(BrokenPipeError, ConnectionResetError):
            conn.send(("error", str(exc)))
        return
    spool = _Spool(store, Path(path + ".spool"))
    try:
        conn.send(("ready", None))
        while True:
            try:
                op, args = conn.recv()
            except EOFError:
                break
            if op == "close":
                break
            if op == "query":
                conn.send_bytes(_query_frame(store, spool, args))
                continue
            try:
                answer = ("done", _do(store, spool, conn, op, args))
            except (OSError, SyntaxError, ValueError) as exc:
                spool.discard()  # a failed write is replayed whole by the outbox
                answer = ("error", str(exc))
            conn.send(answer)
    except (BrokenPipeError, ConnectionResetError):
        pass
    finally:
        spool.discard()
        store.flush()


class _Spool:
    """Ingest-sized additions gathered in a file beside the store and bulk-loaded together
    (SPOOL_QUADS), so that RocksDB compacts fewer, larger files.

    What is spooled is not in the store yet: a graph spooled and sent again is loaded first, so
    it is compared with what it holds; and the owner counts the writes it had spooled against
    those loaded (``flush``), so a worker killed meanwhile (a query past its limit) loses no
    write unseen. A spool left by a worker that died is dropped when the next one starts: its
    writes were never reported done, and the outbox replays them."""

    def __init__(self, store: Store, path: Path) -> None:
        self.store, self.path = store, path
        self.graphs: set[str] = set()
        self.quads = self.writes = 0
        path.unlink(missing_ok=True)

    def holds_any(self, iris: Sequence[str]) -> bool:
        return not self.graphs.isdisjoint(iris)

    def add(self, iris: Sequence[str], statements: bytes) -> None:
        quads = statements.count(b"\n")
        if self.quads and self.quads + quads > SPOOL_QUADS:  # one load, one set of files
            self.load()
        with self.path.open("ab") as out:
            out.write(statements)
        self.graphs.update(iris)
        self.quads += quads
        self.writes += 1

    def load(self) -> None:
        """Bulk-load what is spooled. Lenient: the statements were written by Oxigraph from terms
        it had checked (store.triples.quads), and checking their IRIs again was a fifth of the
        worker's own thread (py-spy)."""
        if self.quads:
            self.store.bulk_load(path=self.path, format=RdfFormat.N_QUADS, lenient=True)
        self.path.unlink(missing_ok=True)
        self.graphs.clear()
        self.quads = 0

    def flush(self) -> int:
        """Load what is left; how many writes were spooled since the last flush."""
        self.load()
        writes, self.writes = self.writes, 0
        return writes

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)
        self.graphs.clear()
        self.quads = self.writes = 0


def _do(store: Store, spool: _Spool, conn: Connection, op: str, args: Sequence[Any]) -> Any:
    if op == "put":  # answers whether the write was spooled (then only a flush loads it)
        iris, ends, body, fresh, described = args
        if spool.holds_any(iris):
            spool.load()
        added = body if fresh else _replace_graphs(store, QuadChunk(iris, body, 0, ends, described))
        if not added:
            return False
        bulk = fresh or len(added) >= BULK_LOAD_MIN_BYTES
        if bulk:
            spool.add(iris, added)
            return True
        store.load(added, format=RdfFormat.N_QUADS, lenient=True)
        return False
    if op == "flush":
        return spool.flush()
    if op == "discard":
        spool.discard()
        return None
    if op == "compact":
        store.optimize()
        return None
    if op == "clear":
        store.clear()
        return None
    if op == "count":
        return len(store)
    if op == "graphs":
        return [g.value for g in store.named_graphs() if isinstance(g, NamedNode)]
    if op == "query":
        return _query(store, *args)
    if op == "export":
        # Compacted first: reading terms back out of RocksDB is the export's cost, and bulk loads
        # leave many overlapping files (3.4 million triples: 76,000 -> 101,000 triples/s, median of
        # three by turns; compacting took 8.5 s there and about 2 ms once compact).
        store.optimize()
        writer = _ChunkWriter(conn)
        triples = store.query(_EVERYTHING, use_default_graph_as_union=True)
        assert isinstance(triples, QueryTriples)
        triples.serialize(writer, EXPORT_RDF_FORMATS[args[0]])  # type: ignore[arg-type]
        writer.flush()
        return None
    raise ValueError(f"unknown operation {op!r}")


def _replace_graphs(store: Store, chunk: QuadChunk) -> bytes:
    """Bring each graph and description of the chunk to its new statements; what is left to load,
    returned.

    Removing a quad costs RocksDB about twice adding it (a graph of 60,000 triples: removed in
    1.2 s, bulk-loaded in 0.9 s), and most graphs an ingest rewrites are a correspondent's, grown
    by a few relations since the last sync: so a graph the store holds is compared with its new
    statements, line by line as N-Quads (both written by Oxigraph, no blank nodes), and only what
    differs is removed or added (that 60,000-triple graph grown by 1 %: 0.45 s in all). A graph
    that is new, or emptied, or mostly changed is loaded or removed whole. A description is
    compared the same way, statement by statement in the default graph."""
    added: list[bytes | memoryview] = []
    descriptions = _descriptions(store, chunk)
    for iri, statements in chunk.parts():
        if chunk.is_described(iri):
            held_lines = descriptions.get(iri)
            added.append(_replace_description(store, iri, statements, held_lines) if held_lines else statements)
            continue
        graph = NamedNode(iri)
        if not store.contains_named_graph(graph):
            added.append(statements)
            continue
        if not statements:
            store.remove_graph(graph)
            continue
        held = set(in_graph(store.dump(format=RdfFormat.N_TRIPLES, from_graph=graph) or b"", iri).splitlines(True))
        wanted = set(bytes(statements).splitlines(True))
        stale = held - wanted
        if 2 * len(stale) > len(held):
            store.remove_graph(graph)
            added.append(statements)
            continue
        for quad in parse(b"".join(stale), format=RdfFormat.N_QUADS):
            store.remove(quad)
        added += wanted - held
    return b"".join(added)


def _replace_description(store: Store, iri: str, statements: memoryview, held: set[bytes]) -> bytes:
    """Remove what a held description no longer states and return what it lacks. The resource's
    own statements are removed last: while any is left, a write cut short (the worker killed, the
    outbox replaying it) finds the rest of the description again by its path."""
    wanted = set(bytes(statements).splitlines(True))
    own = str(NamedNode(iri)).encode() + b" "
    stale = sorted(held - wanted, key=lambda line: line.startswith(own))
    for quad in parse(b"".join(stale), format=RdfFormat.N_TRIPLES):
        store.remove(quad)
    return b"".join(wanted - held)


def _descriptions(store: Store, chunk: QuadChunk) -> dict[str, set[bytes]]:
    """The statements the store holds of each described resource of the chunk, as N-Triples lines:
    the resource's own and those of the subjects its ``parts`` path reaches, all in the default
    graph. A resource the store does not hold (most of an ingest's documents are new) is checked
    with two index lookups and costs no query: a statement about it, or one naming it (a mention
    left by a write cut short after its document's own statements were removed)."""
    if chunk.described is None:
        return {}
    roots = [NamedNode(iri) for iri in chunk.iris if chunk.is_described(iri) and _held(store, NamedNode(iri))]
    if not roots:
        return {}
    subjects: dict[str, set[NamedNode | BlankNode]] = {root.value: {root} for root in roots}
    values = " ".join(str(root) for root in roots)
    found = store.query(f"SELECT ?r ?s WHERE {{ VALUES ?r {{ {values} }} ?r ({chunk.described.parts}) ?s }}")
    assert isinstance(found, QuerySolutions)
    for root, subject in found:
        if isinstance(root, NamedNode) and isinstance(subject, NamedNode | BlankNode):
            subjects[root.value].add(subject)
    return {
        root: set(
            (
                serialize(
                    [q.triple for s in held for q in store.quads_for_pattern(s, None, None, DefaultGraph())],
                    format=RdfFormat.N_TRIPLES,
                )
                or b""
            ).splitlines(True)
        )
        for root, held in subjects.items()
    }


def _held(store: Store, resource: NamedNode) -> bool:
    """Whether the default graph holds a statement about ``resource`` or one naming it."""
    return any(
        next(store.quads_for_pattern(subject, None, value, DefaultGraph()), None) is not None
        for subject, value in ((resource, None), (None, resource))
    )


# A query's answer goes back as one frame of bytes (this header, then the body or an error's message), read
# by the owner through ``read_frame``: a pickled QueryResult cost ~9 µs to pickle and unpickle for a worked
# example's 5 KB, and its body was copied twice more.
FRAME = struct.Struct("!?BB?Q")  # answered, kind, media type, truncated, count
KINDS: tuple[ResultKind, ...] = ("solutions", "boolean", "graph")
MEDIA_TYPES = (*SOLUTION_TYPES, *GRAPH_TYPES)


def _query_frame(store: Store, spool: _Spool, args: Sequence[Any]) -> bytes:
    try:
        result = _query(store, *args)
    except (OSError, SyntaxError, ValueError) as exc:
        spool.discard()  # as after any failed request: a write spooled before it is replayed whole
        return FRAME.pack(False, 0, 0, False, 0) + str(exc).encode()
    kind, media_type = KINDS.index(result.kind), MEDIA_TYPES.index(result.media_type)
    return FRAME.pack(True, kind, media_type, result.truncated, result.count) + result.body


def read_frame(answer: bytes) -> QueryResult:
    """A query's answer from its frame (:func:`_query_frame`), read by the owner; raises ZhirenError with
    the worker's message when the query failed."""
    answered, kind, media_type, truncated, count = FRAME.unpack_from(answer)
    rest = answer[FRAME.size :]
    if not answered:
        raise ZhirenError(f"embedded triple store: {rest.decode()}")
    return QueryResult(KINDS[kind], rest, MEDIA_TYPES[media_type], count, truncated)


def _query(
    store: Store, sparql: str, accept: str, max_rows: int, default_uris: list[str], named_uris: list[str]
) -> QueryResult:
    if default_uris or named_uris:
        # Named graphs alone: an empty default graph (SPARQL 1.1 Protocol), not the store's own,
        # which holds the documents (quads.DescriptionRule).
        defaults: list[NamedNode | BlankNode | DefaultGraph] = [NamedNode(u) for u in default_uris]
        answer = store.query(
            sparql,
            default_graph=defaults,
            named_graphs=[NamedNode(u) for u in named_uris] or None,
        )
    else:
        answer = store.query(sparql, use_default_graph_as_union=True)
    if isinstance(answer, QueryBoolean):
        return boolean_result(bool(answer), accept)
    if isinstance(answer, QuerySolutions):  # XML as it is written, other types from TSV lines
        return solutions_written(answer, accept, max_rows)
    return graph_written(answer, accept, max_rows)


if __name__ == "__main__":
    serve(sys.argv[1], Connection(int(sys.argv[2])))
