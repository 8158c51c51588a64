"""Results cut at the row cap as they are written: the lines kept whatever the chunks, the flag set
only when something came after them, pyoxigraph's writer stopped at the cap, and the kept lines
written in every type a client may ask for."""

from __future__ import annotations

import json
from functools import partial

import pytest
from pyoxigraph import Literal, NamedNode, Quad, QueryResultsFormat, RdfFormat, Store, serialize

from zhiren.store.triples.results import CappedLines, CapReached, capped, graph_result, solutions_result

TSV = b"?s\t?n\n<http://example.org/1>\t1\n<http://example.org/2>\t\"a\\nb\"\n<http://example.org/3>\t3\n"


def written(data: bytes, size: int, keep: int) -> CappedLines:
    """``data`` written to a CappedLines in chunks of ``size`` bytes, as a writer or a socket would."""

    def write(out: CappedLines) -> None:
        for start in range(0, len(data), size):
            out.write(data[start : start + size])

    return capped(write, keep)


@pytest.mark.parametrize("size", [1, 3, 7, len(TSV)])
@pytest.mark.parametrize(("keep", "more"), [(1, True), (3, True), (4, False), (9, False)])
def test_the_first_lines_are_kept_whatever_the_chunks(size: int, keep: int, more: bool) -> None:
    lines = written(TSV, size, keep)
    assert lines.body() == b"".join(TSV.splitlines(keepends=True)[:keep])
    assert lines.more is more


def test_nothing_kept_at_a_cap_of_none_yet_more_is_flagged() -> None:
    lines = written(TSV, 5, 0)
    assert lines.body() == b"" and lines.more
    assert not written(b"", 5, 0).more


def test_a_write_past_the_cap_raises_and_keeps_raising() -> None:
    lines = CappedLines(1)
    with pytest.raises(CapReached):
        lines.write(TSV)
    with pytest.raises(CapReached):
        lines.write(b"more\n")
    assert lines.body() == b"?s\t?n\n"


def big_store(rows: int) -> Store:
    store = Store()
    store.extend(Quad(NamedNode(f"http://example.org/{i}"), NamedNode("http://example.org/n"), Literal(f"第{i}\n行"))
                 for i in range(rows))
    return store


def test_pyoxigraph_s_writers_stop_at_the_cap() -> None:
    store = big_store(50_000)
    seen: list[int] = []

    class Counting(CappedLines):
        def write(self, data: bytes) -> int:
            seen.append(len(data))
            return super().write(data)

    lines = Counting(11)
    with pytest.raises(CapReached):
        store.query("SELECT ?s ?n WHERE { ?s ?p ?n }").serialize(lines, format=QueryResultsFormat.TSV)
    assert lines.body().count(b"\n") == 11 and lines.more
    assert sum(seen) < 100_000  # a few chunks, not the whole result's megabytes
    triples = capped(partial(serialize, store.query("CONSTRUCT WHERE { ?s ?p ?n }"), format=RdfFormat.N_TRIPLES), 5)
    assert triples.body().count(b"\n") == 5 and triples.more


@pytest.mark.parametrize(
    "accept",
    ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"],
)
def test_kept_solutions_answer_in_every_type_with_their_count(accept: str) -> None:
    result = solutions_result(written(TSV, 4, 3), accept)
    assert result.media_type == accept and result.count == 2 and result.truncated
    if accept == "application/sparql-results+json":
        bindings = json.loads(result.body)["results"]["bindings"]
        assert [b["n"]["value"] for b in bindings] == ["1", "a\nb"]
    assert b"example.org/3" not in result.body


def test_kept_triples_answer_in_every_type_with_their_count() -> None:
    store = big_store(10)
    nt = capped(partial(serialize, store.query("CONSTRUCT WHERE { ?s ?p ?n }"), format=RdfFormat.N_TRIPLES), 4)
    turtle = graph_result(nt, "text/turtle")
    assert turtle.count == 4 and turtle.truncated and turtle.body.count("行".encode()) == 4
    whole = capped(partial(serialize, store.query("CONSTRUCT WHERE { ?s ?p ?n }"), format=RdfFormat.N_TRIPLES), 10)
    assert graph_result(whole, "application/n-triples").truncated is False
