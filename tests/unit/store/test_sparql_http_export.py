"""The SPARQL-HTTP adapter's export against a server that is not Jena: no union graph to read
(404), so the dataset comes as N-Quads and each quad is written as a triple; and the reader that
hands a streamed body to pyoxigraph's parser, whatever the chunks and the reads."""

from __future__ import annotations

import io
import re

import httpx
import pytest
import rdflib

from zhiren.errors import StoreRejected
from zhiren.store.triples.sparql_http import UNION_GRAPH, SparqlHttpTripleStore, _ByteStream

QUADS = (
    '<http://example.org/person/1> <http://example.org/name> "盛宣懷"@zh-Hant <http://example.org/graph/1> .\n'
    "<http://example.org/person/1> <http://example.org/knows> <http://example.org/person/2> "
    "<http://example.org/graph/1> .\n"
    '<http://example.org/person/2> <http://example.org/name> "李鴻章"@zh-Hant <http://example.org/graph/2> .\n'
).encode()


def other_server(request: httpx.Request) -> httpx.Response:
    if request.url.params.get("graph") == UNION_GRAPH:
        return httpx.Response(404, text="no such graph")
    assert request.headers["Accept"] == "application/n-quads"
    return httpx.Response(200, content=iter([QUADS[i : i + 7] for i in range(0, len(QUADS), 7)]))


def test_a_server_without_a_union_graph_exports_its_quads_as_triples() -> None:
    client = httpx.Client(transport=httpx.MockTransport(other_server))
    store = SparqlHttpTripleStore("http://sparql.example/ds", client)
    for fmt, parser in (("nt", "nt"), ("ttl", "turtle"), ("jsonld", "json-ld")):
        out = io.BytesIO()
        store.export(fmt, out)  # type: ignore[arg-type]
        graph = rdflib.Graph().parse(data=out.getvalue(), format=parser)
        assert len(graph) == 3, fmt
        name = rdflib.Literal("李鴻章", lang="zh-Hant")
        assert (rdflib.URIRef("http://example.org/person/2"), rdflib.URIRef("http://example.org/name"), name) in graph


def test_the_parser_s_reader_gives_the_body_whole_whatever_the_chunks_and_reads() -> None:
    body = bytes(range(256)) * 40
    for cut in (1, 7, 2048, 5000, 1 << 20):
        for size in (1, 3, 2048, 100_000):
            stream = _ByteStream(iter([body[i : i + cut] for i in range(0, len(body), cut)]))
            read = b"".join(iter(lambda: stream.read(size), b""))  # noqa: B023
            assert read == body, (cut, size)
        stream = _ByteStream(iter([body[i : i + cut] for i in range(0, len(body), cut)]))
        assert stream.read(5) + stream.read() == body


def broken_off(request: httpx.Request) -> httpx.Response:
    """Fuseki out of memory mid-stream: the 200 is sent, the body ends with its message."""
    triples = re.sub(rb" <http://example.org/graph/\d> \.", b" .", QUADS)
    return httpx.Response(200, content=iter([triples, b"Java heap space\n"]))


def test_an_export_that_breaks_off_after_the_status_is_refused_not_written_as_complete() -> None:
    store = SparqlHttpTripleStore("http://sparql.example/ds", httpx.Client(transport=httpx.MockTransport(broken_off)))
    for fmt in ("nt", "ttl", "jsonld"):
        with pytest.raises(StoreRejected, match=r"Java heap space|not RDF"):
            store.export(fmt, io.BytesIO())  # type: ignore[arg-type]
