"""The TripleStore contract: one body over every backend Settings declares (embedded Oxigraph, Fuseki).

Fuseki runs on the server `make test` starts, in its test dataset (DATASET-test beside the
dataset of settings.fuseki_url), so a test run never clears anyone's data.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import Literal, NamedNode, Triple

from tests.conftest import backend_choices
from zhiren.settings import Settings
from zhiren.store.factory import open_triples
from zhiren.store.triples.base import EXPORT_FORMATS, QueryRejected, QueryTimeout, TripleStore
from zhiren.store.triples.quads import Described

EX = "http://example.org/"
NAME = NamedNode(EX + "name")
KNOWS = NamedNode(EX + "knows")
CONFIDENCE = NamedNode(EX + "confidence")
DECIMAL = NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


@pytest.fixture(params=backend_choices("triples"))
def triples(
    request: pytest.FixtureRequest, tmp_path: Path, server_settings: Settings, fuseki_tests_url: str
) -> Iterator[TripleStore]:
    settings = replace(server_settings, triples=request.param, data_dir=tmp_path, fuseki_url=fuseki_tests_url)
    store = open_triples(settings)
    store.clear()
    yield store
    store.clear()
    store.close()


def person_graph(n: int, name: str, knows: int | None = None) -> tuple[str, list[Triple]]:
    subject = NamedNode(f"{EX}person/{n}")
    rows = [Triple(subject, NAME, Literal(name, language="zh-Hant"))]
    if knows is not None:
        rows.append(Triple(subject, KNOWS, NamedNode(f"{EX}person/{knows}")))
    return f"{EX}graph/person/{n}", rows


@pytest.fixture
def loaded(triples: TripleStore) -> TripleStore:
    written = triples.put_graphs([person_graph(1, "盛宣懷", knows=2), person_graph(2, "李鴻章")], fresh=True)
    assert written == 3
    return triples


def select(store: TripleStore, sparql: str, **kwargs: object) -> list[dict[str, str]]:
    result = store.query(sparql, accept="application/sparql-results+json", **kwargs)  # type: ignore[arg-type]
    assert result.kind == "solutions" and result.media_type == "application/sparql-results+json"
    bindings = json.loads(result.body)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


def test_graphs_are_written_counted_listed_replaced_and_deleted(loaded: TripleStore) -> None:
    assert loaded.count() == 3
    assert loaded.graph_iris() == {f"{EX}graph/person/1", f"{EX}graph/person/2"}
    loaded.put_graphs([person_graph(1, "盛杏蓀"), person_graph(3, "張之洞")])  # replaces 1 whole, adds 3
    assert loaded.count() == 3
    names = select(loaded, f"SELECT ?n WHERE {{ <{EX}person/1> <{EX}name> ?n }}")
    assert names == [{"n": "盛杏蓀"}]
    loaded.put_graphs([(f"{EX}graph/person/3", [])])  # an empty graph is no graph
    loaded.delete_graphs([f"{EX}graph/person/2", f"{EX}graph/never"])
    assert loaded.graph_iris() == {f"{EX}graph/person/1"} and loaded.count() == 1
    loaded.clear()
    assert loaded.count() == 0 and loaded.graph_iris() == set()


def test_an_ingest_sized_batch_replaces_its_graphs_whole(loaded: TripleStore) -> None:
    """Some megabytes of N-Quads: the size the embedded store bulk-loads instead of loading in one
    transaction, so graphs replaced in it must lose their old triples all the same."""
    loaded.put_graphs([person_graph(n, f"人{n}", knows=n + 1) for n in range(1, 10_001)])
    assert loaded.count() == 20_000  # the graphs of persons 1 and 2 replaced
    loaded.put_graphs([person_graph(n, f"仁{n}") for n in range(1, 10_001)])
    assert loaded.count() == 10_000
    assert select(loaded, f"SELECT ?n WHERE {{ <{EX}person/2> <{EX}name> ?n }}") == [{"n": "仁2"}]


def test_a_graph_changed_a_little_ends_as_its_new_statements(loaded: TripleStore) -> None:
    """A correspondent's graph grows by a few statements between syncs and some change: both stores
    write only the difference to a graph this large, but it must end as given (literals with
    quotes, backslashes and line breaks; decimals, which Fuseki gives back as 1.0 for 1)."""
    iri, rows = person_graph(1, '盛宣懷 "杏蓀"\\ 愚齋\n', knows=2)
    subject = rows[0].subject
    others = [Triple(subject, KNOWS, NamedNode(f"{EX}person/{n}")) for n in range(3, 2_500)]
    loaded.put_graphs([(iri, [*rows, Triple(subject, CONFIDENCE, Literal("1", datatype=DECIMAL)), *others])])
    grown = [*rows, Triple(subject, CONFIDENCE, Literal("0.5", datatype=DECIMAL)), *others[1:]]
    grown += [Triple(subject, KNOWS, NamedNode(f"{EX}person/{n}")) for n in (5_000, 5_001)]
    for statements in (grown, grown):  # the second time, nothing differs
        loaded.put_graphs([(iri, statements)])
        held = select(loaded, f"SELECT ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
        assert sorted((r["p"], r["o"]) for r in held) == sorted((t.predicate.value, t.object.value) for t in grown)
    assert loaded.count() == len(grown) + 1  # and person 2's graph


TITLE = NamedNode(EX + "title")
PART = NamedNode(EX + "part")
IN_DOCUMENT = NamedNode(EX + "inDocument")
DOCUMENTS = Described(f"{EX}document/", parts=f"{PART}/{PART}?|^{IN_DOCUMENT}", graph=f"{EX}graph/documents")


def document(n: int, title: str, mentions: Sequence[int]) -> tuple[str, list[Triple]]:
    """A document as the mapping describes one: the work, a fragment two steps down its parts, and
    mentions that point to it."""
    work = NamedNode(f"{EX}document/{n}")
    instance, item = NamedNode(f"{work.value}#instance"), NamedNode(f"{work.value}#item")
    rows = [Triple(work, TITLE, Literal(title)), Triple(work, PART, instance), Triple(instance, PART, item)]
    rows.append(Triple(item, TITLE, Literal(f"{title} 稿本")))
    for m in mentions:
        rows += [Triple(NamedNode(f"{EX}mention/{m}"), IN_DOCUMENT, work)]
        rows += [Triple(NamedNode(f"{EX}mention/{m}"), NAME, Literal(f"{title}·{m}"))]
    return work.value, rows


def subjects(store: TripleStore) -> dict[str, int]:
    rows = select(store, "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s", max_rows=100_000)
    return {row["s"]: int(row["n"]) for row in rows}


@pytest.mark.parametrize("documents", [2, 3_000], ids=["a few", "ingest-sized"])
def test_described_resources_are_replaced_by_what_their_parts_reach(loaded: TripleStore, documents: int) -> None:
    """Documents are described resources, not named graphs: written beside the graphs, seen by
    every query, replaced whole (a mention dropped, a fragment's statement changed) and deleted by
    following their parts from them, the other documents and the graphs untouched. Ingest-sized:
    the megabytes the embedded store bulk-loads."""
    persons = subjects(loaded)
    first = [document(n, f"函{n}", mentions=(2 * n, 2 * n + 1)) for n in range(documents)]
    assert loaded.put_graphs(first, described=DOCUMENTS) == 8 * documents
    assert loaded.count() == 3 + 8 * documents
    assert not any(g.startswith(DOCUMENTS.prefix) for g in loaded.graph_iris())
    changed = [document(n, f"电{n}", mentions=(2 * n,)) for n in range(documents)]
    for _ in range(2):  # the second time, nothing differs
        loaded.put_graphs([person_graph(2, "李少荃"), *changed], described=DOCUMENTS)
        assert loaded.count() == 3 + 6 * documents
    held = subjects(loaded)
    assert f"{EX}mention/1" not in held and held[f"{EX}mention/0"] == 2 and held[f"{EX}document/1#item"] == 1
    assert select(loaded, f"SELECT ?t WHERE {{ <{EX}document/1#item> {TITLE} ?t }}") == [{"t": "电1 稿本"}]
    loaded.put_graphs([(f"{EX}document/0", [])], described=DOCUMENTS)
    left = subjects(loaded)
    assert {s for s in held if s not in left} == {f"{EX}document/0", f"{EX}document/0#instance",
                                                  f"{EX}document/0#item", f"{EX}mention/0"}
    assert {s: left[s] for s in persons} == persons
    assert select(loaded, f"SELECT ?n WHERE {{ <{EX}person/2> <{EX}name> ?n }}") == [{"n": "李少荃"}]
    # a dataset of named graphs alone has an empty default graph, documents or not (SPARQL 1.1 Protocol)
    assert select(loaded, "SELECT * WHERE { ?s ?p ?o }", named_graph_uris=[f"{EX}graph/person/1"]) == []


def test_queries_see_the_union_of_the_graphs_and_keep_language_tags(loaded: TripleStore) -> None:
    rows = select(loaded, f"SELECT ?a ?n WHERE {{ ?a <{EX}knows> ?b . ?b <{EX}name> ?n }}")
    assert rows == [{"a": f"{EX}person/1", "n": "李鴻章"}]
    body = loaded.query(f"SELECT ?n WHERE {{ <{EX}person/2> <{EX}name> ?n }}").body
    (binding,) = json.loads(body)["results"]["bindings"]
    assert binding["n"]["xml:lang"].lower() == "zh-hant"


def test_the_protocol_dataset_narrows_what_a_query_sees(loaded: TripleStore) -> None:
    one = f"{EX}graph/person/1"
    assert len(select(loaded, "SELECT * WHERE { ?s ?p ?o }", default_graph_uris=[one])) == 2
    rows = select(loaded, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graph_uris=[one])
    assert {r["g"] for r in rows} == {one}
    assert select(loaded, "SELECT * WHERE { ?s ?p ?o }", named_graph_uris=[one]) == []


@pytest.mark.parametrize(
    ("accept", "rdflib_format", "first_line"),
    [
        ("application/sparql-results+xml", "xml", b'<?xml version="1.0"?>'),
        ("text/csv", "csv", b"n"),
        ("text/tab-separated-values", "tsv", b"?n"),
    ],
)
def test_solutions_in_each_results_format(
    loaded: TripleStore, accept: str, rdflib_format: str, first_line: bytes
) -> None:
    result = loaded.query(f"SELECT ?n WHERE {{ ?p <{EX}name> ?n }} ORDER BY ?n", accept=accept)
    assert result.media_type == accept and result.count == 2 and not result.truncated
    assert result.body.splitlines()[0].startswith(first_line)  # pyoxigraph writes XML on one line
    parsed = rdflib.query.Result.parse(io.BytesIO(result.body), format=rdflib_format)
    assert sorted(str(row[0]) for row in parsed) == ["李鴻章", "盛宣懷"]


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_graph_results_parse_in_each_rdf_format(loaded: TripleStore, accept: str, rdflib_format: str) -> None:
    result = loaded.query("CONSTRUCT WHERE { ?s ?p ?o }", accept=accept)
    assert result.kind == "graph" and result.media_type == accept and result.count == 3
    graph = rdflib.Graph().parse(data=result.body, format=rdflib_format)
    assert len(graph) == 3
    assert (rdflib.URIRef(f"{EX}person/1"), rdflib.URIRef(f"{EX}knows"), rdflib.URIRef(f"{EX}person/2")) in graph


def test_ask_answers_a_boolean(loaded: TripleStore) -> None:
    assert json.loads(loaded.query(f"ASK {{ ?s <{EX}knows> ?o }}").body)["boolean"] is True
    result = loaded.query(f"ASK {{ ?s <{EX}nothing> ?o }}", accept="application/sparql-results+xml")
    assert result.kind == "boolean" and b"<boolean>false</boolean>" in result.body


def test_rows_past_the_cap_are_cut_and_flagged(loaded: TripleStore) -> None:
    capped = loaded.query("SELECT * WHERE { ?s ?p ?o }", max_rows=2)
    assert capped.count == 2 and capped.truncated
    assert len(json.loads(capped.body)["results"]["bindings"]) == 2
    graph = loaded.query("CONSTRUCT WHERE { ?s ?p ?o }", accept="application/n-triples", max_rows=1)
    assert graph.count == 1 and graph.truncated and graph.body.count(b"\n") == 1
    whole = loaded.query("SELECT * WHERE { ?s ?p ?o }", max_rows=3)
    assert whole.count == 3 and not whole.truncated


@pytest.mark.parametrize(
    ("sparql", "message"),
    [
        ("SELECT * WHERE { ?s ?p ", "1:"),  # the parser's position
        (f"INSERT DATA {{ <{EX}a> <{EX}b> <{EX}c> }}", "read-only"),
        (f"LOAD <{EX}data.ttl>", "read-only"),
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ],
)
def test_what_is_not_a_local_query_is_refused(loaded: TripleStore, sparql: str, message: str) -> None:
    with pytest.raises(QueryRejected, match=message):
        loaded.query(sparql)
    assert loaded.count() == 3


def test_a_word_service_inside_strings_and_names_is_no_service_call(loaded: TripleStore) -> None:
    sparql = 'PREFIX service: <http://example.org/> SELECT ?service WHERE { ?service service:name "SERVICE" }'
    assert select(loaded, sparql) == []


def test_a_runaway_query_is_stopped_at_its_limit_and_the_store_answers_next(triples: TripleStore) -> None:
    triples.put_graphs([person_graph(n, f"人{n}") for n in range(300)], fresh=True)
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        triples.query(runaway, timeout_s=1.0)
    assert time.monotonic() - started < 1.0 + 2.0  # the bound: the limit plus 2 s
    assert json.loads(triples.query("ASK {}").body)["boolean"] is True
    assert triples.count() == 300  # nothing lost by stopping it


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_writes_every_triple_of_every_graph(loaded: TripleStore, fmt: str) -> None:
    out = io.BytesIO()
    loaded.export(fmt, out)  # type: ignore[arg-type]
    graph = rdflib.Graph().parse(data=out.getvalue(), format={"nt": "nt", "ttl": "turtle", "jsonld": "json-ld"}[fmt])
    assert len(graph) == 3
    name = rdflib.Literal("李鴻章", lang="zh-Hant")
    assert (rdflib.URIRef(f"{EX}person/2"), rdflib.URIRef(f"{EX}name"), name) in graph
