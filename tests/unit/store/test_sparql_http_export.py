"""The SPARQL-HTTP adapter's export: the dataset streamed as N-Quads, each quad written as a
triple however the chunks cut the lines; a body that breaks off refused; and the reader that hands
a streamed body to pyoxigraph's parser, whatever the chunks and the reads."""

from __future__ import annotations

import io

import httpx
import pytest
import rdflib

from zhiren.errors import StoreRejected
from zhiren.store.triples.quads import quads_as_triples, without_graph
from zhiren.store.triples.sparql_http import SparqlHttpTripleStore, _ByteStream

QUADS = (
    '<http://example.org/person/1> <http://example.org/name> "盛宣懷"@zh-Hant <http://example.org/graph/1> .\n'
    "<http://example.org/person/1> <http://example.org/knows> <http://example.org/person/2> "
    "<http://example.org/graph/1> .\n"
    '<http://example.org/person/2> <http://example.org/name> "李鴻章"@zh-Hant <http://example.org/graph/2> .\n'
).encode()


def dataset_server(request: httpx.Request) -> httpx.Response:
    assert request.url.path == "/ds/data" and "graph" not in request.url.params
    assert request.headers["Accept"] == "application/n-quads"
    return httpx.Response(200, content=iter([QUADS[i : i + 7] for i in range(0, len(QUADS), 7)]))


def test_the_dataset_s_quads_are_exported_as_triples_in_every_format() -> None:
    client = httpx.Client(transport=httpx.MockTransport(dataset_server))
    store = SparqlHttpTripleStore("http://sparql.example/ds", client)
    for fmt, parser in (("nt", "nt"), ("ttl", "turtle"), ("jsonld", "json-ld")):
        out = io.BytesIO()
        store.export(fmt, out)  # type: ignore[arg-type]
        graph = rdflib.Graph().parse(data=out.getvalue(), format=parser)
        assert len(graph) == 3, fmt
        name = rdflib.Literal("李鴻章", lang="zh-Hant")
        assert (rdflib.URIRef("http://example.org/person/2"), rdflib.URIRef("http://example.org/name"), name) in graph


@pytest.mark.parametrize(
    ("quad", "triple"),
    [
        ("<s> <p> <o> <g> .", "<s> <p> <o> ."),
        ("<s> <p> <o> .", "<s> <p> <o> ."),  # the default graph: nothing to cut
        ('<s> <p> "a <b> \\" c" <g> .', '<s> <p> "a <b> \\" c" .'),  # spaces, an IRI and a quote inside
        ('<s> <p> "盛 宣懷"@zh-Hant <g> .', '<s> <p> "盛 宣懷"@zh-Hant .'),
        (
            '<s> <p> "1.0"^^<http://www.w3.org/2001/XMLSchema#decimal> <g> .',
            '<s> <p> "1.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .',
        ),
        ('<s> <p> "x y"@en .', '<s> <p> "x y"@en .'),
        ('_:b1 <p> "x" _:g1 .', '_:b1 <p> "x" .'),
    ],
)
def test_a_quad_loses_its_graph_term_and_nothing_else(quad: str, triple: str) -> None:
    assert without_graph(quad.encode()) == triple.encode()


def test_quads_become_whole_triple_lines_whatever_the_chunks() -> None:
    expected = b"".join(without_graph(line) + b"\n" for line in QUADS.splitlines())
    for cut in (1, 5, 64, len(QUADS)):
        chunks = [QUADS[i : i + cut] for i in range(0, len(QUADS), cut)]
        assert b"".join(quads_as_triples(chunks)) == expected, cut
    assert b"".join(quads_as_triples([QUADS.rstrip(b"\n")])) == expected  # no line end after the last


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
    return httpx.Response(200, content=iter([QUADS, b"<http://example.org/person/3> <http://exJava heap space\n"]))


def test_an_export_that_breaks_off_after_the_status_is_refused_not_written_as_complete() -> None:
    store = SparqlHttpTripleStore("http://sparql.example/ds", httpx.Client(transport=httpx.MockTransport(broken_off)))
    for fmt in ("nt", "ttl", "jsonld"):
        with pytest.raises(StoreRejected, match=r"Java heap space|not RDF"):
            store.export(fmt, io.BytesIO())  # type: ignore[arg-type]
