"""The embedded triple store's worker process, on its own."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store, Triple, serialize

from zhiren.errors import ZhirenError
from zhiren.store.triples import oxigraph_worker
from zhiren.store.triples.oxigraph import OxigraphTripleStore
from zhiren.store.triples.quads import Described, QuadChunk, quad_chunks

EX = "http://example.org/"


def test_a_worker_whose_owner_went_away_exits_quietly(tmp_path: Path) -> None:
    """The owner (the app) exited while its replacement worker was starting: the worker finds
    nobody to say "ready" to and ends without a traceback, its store closed."""
    ours, theirs = socket.socketpair()
    command = [sys.executable, "-m", oxigraph_worker.__name__, str(tmp_path / "triples"), str(theirs.fileno())]
    worker = subprocess.Popen(command, pass_fds=[theirs.fileno()], stderr=subprocess.PIPE, text=True)
    theirs.close()
    ours.close()
    _, stderr = worker.communicate(timeout=60)
    assert worker.returncode == 0 and stderr == ""


def test_a_graph_written_again_unchanged_is_left_alone() -> None:
    """The worker writes only what differs from a graph it holds, comparing N-Quads lines: the
    lines Oxigraph reads back must be the very bytes the mapping wrote, whatever the literal
    (language tags in either case, datatypes, escapes, characters outside the BMP)."""
    subject = NamedNode(EX + "person/1")
    literals = [
        Literal("盛宣懷", language="zh-Hant"),
        Literal("Sheng Hsüan-huai", language="zh-Latn-wadegile"),
        Literal('say "杏蓀"\\ then\nnext\ttab \x01', language="zh"),
        Literal("0.95", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
        Literal("1844-11-02", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date")),
        Literal("𠀋 plain"),
    ]
    graph = [Triple(subject, NamedNode(f"{EX}p{i}"), value) for i, value in enumerate(literals)]
    (chunk,) = quad_chunks([(EX + "graph/1", graph)], 1000)
    store = Store()
    store.load(chunk.body, format=RdfFormat.N_QUADS)
    assert oxigraph_worker._replace_graphs(store, chunk) == b""
    assert len(store) == len(graph)
    grown = [*graph[1:], Triple(subject, NamedNode(EX + "p9"), Literal("新"))]
    (chunk,) = quad_chunks([(EX + "graph/1", grown)], 1000)
    added = oxigraph_worker._replace_graphs(store, chunk)
    assert added.count(b"\n") == 1 and len(store) == len(graph) - 1


def _chunk(iri: str, *values: str) -> QuadChunk:
    triples = [Triple(NamedNode(iri + "#s"), NamedNode(f"{EX}p{i}"), Literal(v)) for i, v in enumerate(values)]
    (chunk,) = quad_chunks([(iri, triples)], 1000)
    return chunk


def _objects(store: Store, iri: str) -> set[str]:
    return {q.object.value for q in store.quads_for_pattern(None, None, None, NamedNode(iri))}


def test_spooled_writes_reach_the_store_at_the_flush_and_are_counted(tmp_path: Path) -> None:
    """Ingest-sized additions wait in the spool file and are bulk-loaded together; the flush says
    how many writes it loaded, which the owner checks against those it had spooled."""
    store = Store(str(tmp_path / "triples"))
    spool = oxigraph_worker._Spool(store, tmp_path / "triples.spool")
    for n in range(3):
        chunk = _chunk(f"{EX}graph/{n}", f"v{n}")
        put = (chunk.iris, chunk.ends, chunk.body, True, None)
        assert oxigraph_worker._do(store, spool, None, "put", put) is True  # type: ignore[arg-type]
    assert len(store) == 0 and spool.path.exists()
    assert oxigraph_worker._do(store, spool, None, "flush", ()) == 3  # type: ignore[arg-type]
    assert len(store) == 3 and not spool.path.exists()
    assert oxigraph_worker._do(store, spool, None, "flush", ()) == 0  # type: ignore[arg-type]


def test_a_graph_spooled_and_sent_again_ends_as_its_last_statements(tmp_path: Path) -> None:
    """A graph is compared with what the store holds before it is replaced; one still in the
    spool is loaded first, or its old statements would stay beside the new ones."""
    store = Store(str(tmp_path / "triples"))
    spool = oxigraph_worker._Spool(store, tmp_path / "triples.spool")
    iri = EX + "graph/agent"
    for fresh, values in ((True, ("old", "kept")), (False, ("new", "kept"))):  # spooled, then sent again
        chunk = _chunk(iri, *values)
        oxigraph_worker._do(store, spool, None, "put", (chunk.iris, chunk.ends, chunk.body, fresh, None))  # type: ignore[arg-type]
    oxigraph_worker._do(store, spool, None, "flush", ())  # type: ignore[arg-type]
    assert _objects(store, iri) == {"new", "kept"}


def test_a_spool_left_by_a_dead_worker_is_dropped_by_the_next(tmp_path: Path) -> None:
    """Its writes were never reported done: the outbox replays them, so loading them could only
    bring back statements replaced since."""
    (tmp_path / "triples.spool").write_bytes(_chunk(EX + "graph/stale", "stale").body)
    store = Store(str(tmp_path / "triples"))
    spool = oxigraph_worker._Spool(store, tmp_path / "triples.spool")
    assert spool.flush() == 0 and len(store) == 0 and not spool.path.exists()


def test_a_write_whose_worker_restarted_midway_fails_instead_of_losing_what_it_had_spooled(tmp_path: Path) -> None:
    """A query past its limit kills the worker, and the next call starts another: the spooled
    writes of a sync under way went with it, so the sync fails (its outbox entries stay) rather
    than report written what the store never took in."""
    triples = OxigraphTripleStore(tmp_path / "triples")

    spool = tmp_path / "triples.spool"

    def chunks() -> Iterator[QuadChunk]:
        yield _chunk(EX + "graph/1", "one")
        deadline = time.monotonic() + 30
        while not spool.exists() and time.monotonic() < deadline:  # the first write is spooled
            time.sleep(0.01)
        time.sleep(0.2)  # and answered
        assert triples._process is not None
        triples._process.kill()
        triples._process.wait()
        yield _chunk(EX + "graph/2", "two")

    try:
        with pytest.raises(ZhirenError, match="restarted during a write"):
            triples.put_quads(chunks(), fresh=True)
        assert triples.put_quads(iter([_chunk(EX + "graph/1", "one"), _chunk(EX + "graph/2", "two")]), fresh=True) == 2
        assert triples.count() == 2
    finally:
        triples.close()


def test_a_description_cut_short_is_found_again_by_what_names_it() -> None:
    """A write removing a description was cut short after its resource's own statements went
    (they go last, so only a crash between loads leaves this): the mentions that name it are found
    by the next write all the same, and removed."""
    rule = Described(EX + "document/", f"^<{EX}inDocument>", EX + "graph/documents")
    work, mention = NamedNode(EX + "document/1"), NamedNode(EX + "mention/1")
    statements = [
        Triple(work, NamedNode(EX + "title"), Literal("函")),
        Triple(mention, NamedNode(EX + "inDocument"), work),
        Triple(mention, NamedNode(EX + "surface"), Literal("杏荪")),
    ]
    (chunk,) = quad_chunks([(work.value, statements)], 1000, rule)
    store = Store()
    store.load(chunk.body, format=RdfFormat.N_QUADS)
    store.remove(Quad(work, NamedNode(EX + "title"), Literal("函"), DefaultGraph()))
    (gone,) = quad_chunks([(work.value, [])], 1000, rule)
    assert oxigraph_worker._replace_graphs(store, gone) == b""
    assert len(store) == 0


def test_a_description_s_own_statements_are_removed_last() -> None:
    """Of a description rewritten with none of its statements kept, its parts go first."""
    work, part = NamedNode(EX + "document/1"), NamedNode(EX + "document/1#part")
    old = [Triple(work, NamedNode(EX + "part"), part), Triple(part, NamedNode(EX + "title"), Literal("旧"))]
    held = set((serialize(old, format=RdfFormat.N_TRIPLES) or b"").splitlines(True))

    class Removals(list[Quad]):
        def remove(self, quad: Quad) -> None:  # type: ignore[override]  # the one Store method used
            self.append(quad)

    removed = Removals()
    assert oxigraph_worker._replace_description(removed, work.value, memoryview(b""), held) == b""  # type: ignore[arg-type]
    assert [q.subject for q in removed] == [part, work]


def test_a_query_the_worker_cannot_run_answers_its_message_and_the_next_answers(tmp_path: Path) -> None:
    """A query's answer is a frame of bytes (oxigraph_worker.FRAME): an error's message comes back as the
    store's error, and the worker goes on to the next query."""
    store = OxigraphTripleStore(tmp_path / "triples")
    try:
        store.put_graphs([(EX + "g", [Triple(NamedNode(EX + "s"), NamedNode(EX + "p"), Literal("行"))])])
        with pytest.raises(ZhirenError, match=r"embedded triple store: .*IRI"):
            store.query("SELECT * WHERE { ?s ?p ?o }", default_graph_uris=["not an IRI"])
        answer = store.query("SELECT ?o WHERE { ?s ?p ?o }", accept="text/tab-separated-values", max_rows=5)
        assert (answer.kind, answer.count, answer.truncated) == ("solutions", 1, False)
        assert answer.body == '?o\n"行"\n'.encode()
        graph = store.query("CONSTRUCT WHERE { ?s ?p ?o }", accept="application/n-triples", max_rows=0)
        assert (graph.kind, graph.media_type, graph.body, graph.count, graph.truncated) == (
            "graph", "application/n-triples", b"", 0, True
        )
    finally:
        store.close()
