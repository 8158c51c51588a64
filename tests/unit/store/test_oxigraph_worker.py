"""The embedded triple store's worker process, on its own."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from pyoxigraph import Literal, NamedNode, RdfFormat, Store, Triple

from zhiren.store.triples import oxigraph_worker
from zhiren.store.triples.quads import quad_chunks

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
