"""The SPARQL-HTTP adapter's queries on a kept-alive connection: one connection for many queries, a
connection the server dropped while idle opened again without the caller seeing it, a result cut at
the cap leaving the connection for the next query usable, and the server's refusals mapped to ours.
A small HTTP/1.1 server stands in for Fuseki, so the test can close connections when it likes."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from zhiren.store.triples.base import QueryRejected, QueryTimeout
from zhiren.store.triples.sparql_http import SparqlHttpTripleStore

ROWS = 50


class Server(ThreadingHTTPServer):
    daemon_threads = True
    connections = 0
    drop_after_each = False  # close every connection once it answered (as an idle timeout does)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Server

    def setup(self) -> None:
        super().setup()
        self.server.connections += 1

    def log_message(self, format: str, *args: object) -> None:  # the base class's name
        """Quiet."""

    def do_POST(self) -> None:  # http.server's name
        """A query posted as it is (the adapter's way), its time limit in the URL."""
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        assert self.headers["Content-Type"] == "application/sparql-query"
        assert parse_qs(urlsplit(self.path).query)["timeout"]
        query = body
        if "syntax error" in query:
            self.answer(400, b"Parse error: line 1, column 8", "text/plain")
        elif "slow" in query:
            self.answer(503, b"Query timed out", "text/plain")
        elif query.startswith("ASK"):
            self.answer(200, json.dumps({"head": {}, "boolean": True}).encode(), "application/sparql-results+json")
        else:
            rows = "".join(f'<http://example.org/{i}>\t"行{i}"\n' for i in range(ROWS))
            self.answer(200, ("?s\t?name\n" + rows).encode(), "text/tab-separated-values")
        if self.server.drop_after_each:
            self.close_connection = True

    def answer(self, status: int, body: bytes, media_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()


@pytest.fixture
def store(server: Server) -> Iterator[SparqlHttpTripleStore]:
    opened = SparqlHttpTripleStore(f"http://127.0.0.1:{server.server_address[1]}/ds")
    yield opened
    opened.close()


SELECT = "SELECT ?s ?name WHERE { ?s <http://example.org/name> ?name }"


def test_queries_share_one_kept_alive_connection(server: Server, store: SparqlHttpTripleStore) -> None:
    for _ in range(5):
        result = store.query(SELECT)
        assert result.count == ROWS and not result.truncated
    assert store.query("ASK {}").body == b'{"head": {}, "boolean": true}'
    assert server.connections == 1


def test_a_connection_the_server_closed_is_opened_again(server: Server, store: SparqlHttpTripleStore) -> None:
    server.drop_after_each = True
    for _ in range(3):
        assert json.loads(store.query(SELECT).body)["results"]["bindings"][0]["name"]["value"] == "行0"
    assert server.connections == 3


def test_a_result_cut_at_the_cap_leaves_the_next_query_a_working_connection(
    server: Server, store: SparqlHttpTripleStore
) -> None:
    cut = store.query(SELECT, max_rows=3, accept="text/tab-separated-values")
    assert cut.count == 3 and cut.truncated and cut.body.count(b"\n") == 4
    assert store.query(SELECT).count == ROWS
    assert server.connections == 2  # the cut one was dropped with the rest of its body


def test_the_server_s_refusals_are_ours(store: SparqlHttpTripleStore) -> None:
    with pytest.raises(QueryTimeout):
        store.query('SELECT * WHERE { ?s ?p "slow" }')
    with pytest.raises(QueryRejected, match="column 8"):
        store.query('SELECT * WHERE { ?s ?p "syntax error" }')
    assert store.query(SELECT).count == ROWS  # and the connection still answers
