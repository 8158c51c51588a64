"""Results cut at the row cap as they are written: the lines kept whatever the chunks, the flag set
only when something came after them, pyoxigraph's writer stopped at the cap, and the kept lines
written in every type a client may ask for."""

from __future__ import annotations

import json
from functools import partial

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pyoxigraph import (
    Literal,
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    Store,
    parse,
    serialize,
)

from zhiren.store.triples.base import GRAPH_TYPES, SOLUTION_TYPES, QueryResult
from zhiren.store.triples.results import (
    CappedLines,
    CapReached,
    Marked,
    capped,
    graph_result,
    graph_written,
    solutions_result,
    solutions_written,
)

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


# Oxigraph's own results written straight in the type asked (the embedded store's worker): the same
# solutions, count and flag as the TSV lines written again, whatever the literals hold.
AWKWARD = st.sampled_from(["}},{", "},{", "{}", '}},{"', '"', "\\", "<result>", "</results>", "\n", "行", "x", "}"])
EX = "http://example.org/"


def awkward_store(values: list[str], others: list[bool]) -> Store:
    """One subject per value (a literal made of awkward pieces), every other one with an ``o`` too."""
    store = Store()
    for i, (value, other) in enumerate(zip(values, others, strict=False)):
        subject = NamedNode(f"{EX}{i:03}")
        store.add(Quad(subject, NamedNode(EX + "v"), Literal(value, language="zh") if i % 3 else Literal(value)))
        if other:
            store.add(Quad(subject, NamedNode(EX + "o"), Literal(f"{i}{value}")))
    return store


def through_lines(store: Store, query: str, accept: str, max_rows: int) -> QueryResult:
    """The way the adapters write a server's results: TSV lines, cut, written again in the type asked."""
    solutions = store.query(query, use_default_graph_as_union=True)
    lines = capped(partial(solutions.serialize, format=QueryResultsFormat.TSV), max_rows + 1)
    return solutions_result(lines, accept)


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 100])
def test_a_marker_cut_by_the_chunks_is_counted_once(size: int) -> None:
    body = b"<results><result>a</result><result><result>b</result></results>" * 3
    marked = Marked(b"<result>", 100)
    for start in range(0, len(body), size):
        marked.write(body[start : start + size])
    assert marked.seen == 9 and marked.body() == body and not marked.stopped
    with pytest.raises(CapReached):
        Marked(b"<result>", 2).write(body)


@settings(max_examples=150, deadline=None)
@given(
    values=st.lists(st.lists(AWKWARD, max_size=5).map("".join), min_size=0, max_size=25),
    others=st.lists(st.booleans(), min_size=25, max_size=25),
    max_rows=st.integers(min_value=0, max_value=30),
    names_only=st.booleans(),
)
@example(values=["a}},{", "b"] * 6, others=[False] * 25, max_rows=3, names_only=False)
@example(values=["{}"] * 9, others=[True, False] * 12 + [True], max_rows=4, names_only=True)
def test_solutions_written_straight_are_those_of_the_lines(
    values: list[str], others: list[bool], max_rows: int, names_only: bool
) -> None:
    store = awkward_store(values, others)
    # Projecting ?o alone gives empty solutions ({}) where a subject has none.
    projected = "?o" if names_only else "?s ?v ?o"
    query = f"SELECT {projected} WHERE {{ ?s <{EX}v> ?v OPTIONAL {{ ?s <{EX}o> ?o }} }} ORDER BY ?s"
    for accept in SOLUTION_TYPES:
        run = partial(store.query, query, use_default_graph_as_union=True)
        straight = solutions_written(run(), accept, max_rows)
        expected = through_lines(store, query, accept, max_rows)
        assert (straight.media_type, straight.count, straight.truncated) == (accept, expected.count, expected.truncated)
        assert straight.body == expected.body


@pytest.mark.parametrize("max_rows", [1, 999, 2_999, 3_000, 5_000])
def test_a_result_of_many_chunks_is_cut_where_the_lines_are(max_rows: int) -> None:
    """pyoxigraph writes a document in chunks of 8 KB: markers cut in two, the cap inside a chunk."""
    store = awkward_store([f"{i}}}}},{{" if i % 7 else f"第{i}行" for i in range(3_000)], [True] * 3_000)
    query = f"SELECT ?s ?v ?o WHERE {{ ?s <{EX}v> ?v OPTIONAL {{ ?s <{EX}o> ?o }} }} ORDER BY ?s"
    for accept in SOLUTION_TYPES:
        run = partial(store.query, query, use_default_graph_as_union=True)
        straight = solutions_written(run(), accept, max_rows)
        expected = through_lines(store, query, accept, max_rows)
        assert (straight.count, straight.truncated) == (expected.count, expected.truncated)
        assert straight.body == expected.body


@pytest.mark.parametrize("accept", GRAPH_TYPES)
@pytest.mark.parametrize(("max_rows", "count", "truncated"), [(4, 4, True), (10, 10, False), (50, 10, False)])
def test_triples_written_straight_are_those_of_the_lines(
    accept: str, max_rows: int, count: int, truncated: bool
) -> None:
    store = big_store(10)
    construct = "CONSTRUCT WHERE { ?s ?p ?n }"
    straight = graph_written(iter(store.query(construct)), accept, max_rows)
    lines = capped(partial(serialize, store.query(construct), format=RdfFormat.N_TRIPLES), max_rows)
    expected = graph_result(lines, accept)
    assert (straight.count, straight.truncated) == (count, truncated) == (expected.count, expected.truncated)
    fmt = RdfFormat.from_media_type(accept)
    assert set(map(str, parse(straight.body, format=fmt))) == set(map(str, parse(expected.body, format=fmt)))
