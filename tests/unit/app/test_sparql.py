"""/sparql driven by a real SPARQL client (SPARQLWrapper over HTTP) against the embedded Oxigraph store.

Results are parsed back (SPARQL JSON/XML/CSV/TSV by SPARQLWrapper, RDF by rdflib) and compared,
so a format that is written wrongly fails here.
"""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import HTTPError

import pytest
import rdflib
from flask import Flask, request
from flask.testing import FlaskClient
from pyoxigraph import Literal, NamedNode, Triple
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
from werkzeug.serving import BaseWSGIServer, make_server

from tests.conftest import backend_choices, embedded_settings
from zhiren.app import create_app
from zhiren.app.rate_limit import RateLimiter
from zhiren.settings import Settings
from zhiren.store.factory import open_triples

EX = "http://example.org/"
NAME = "http://schema.org/name"
KNOWS = "http://xmlns.com/foaf/0.1/knows"
PEOPLE = {"p1": "盛宣怀", "p2": "张之洞", "p3": "李鸿章"}
FILLER = 150  # triples in the filler graph: a four-way cross join over all triples never ends
TIMEOUT_S = 2
SELECT = f"SELECT ?s ?name WHERE {{ ?s <{NAME}> ?name }} ORDER BY ?s"
CONSTRUCT = f"CONSTRUCT {{ ?s <{NAME}> ?name }} WHERE {{ ?s <{NAME}> ?name }}"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _fill(settings: Settings) -> None:
    store = open_triples(settings)
    people = [Triple(NamedNode(EX + pid), NamedNode(NAME), Literal(name, language="zh-Hans"))
              for pid, name in PEOPLE.items()]
    people.append(Triple(NamedNode(EX + "p2"), NamedNode(KNOWS), NamedNode(EX + "p1")))
    filler = [Triple(NamedNode(f"{EX}f{i}"), NamedNode(EX + "n"), Literal(str(i))) for i in range(FILLER)]
    store.clear()  # a server's test dataset may hold an earlier run's graphs
    store.put_graphs([(EX + "people", people), (EX + "filler", filler)], fresh=True)
    store.close()


def _settings(folder: Path, **overrides: Any) -> Settings:
    settings = embedded_settings(folder, sparql_timeout=TIMEOUT_S, **overrides)
    _fill(settings)
    return settings


@pytest.fixture(scope="module", params=backend_choices("triples"))
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, fuseki_tests_url: str
) -> Iterator[tuple[str, Flask]]:
    """The app served over real HTTP (SPARQLWrapper speaks only HTTP), threaded like waitress, on each
    triple store: Fuseki in the test dataset of the server `make test` starts (as the contract tests)."""
    app = create_app(_settings(tmp_path_factory.mktemp("sparql"), sparql_rate_limit=0, triples=request.param,
                               fuseki_url=fuseki_tests_url))
    http: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}/sparql", app
    http.shutdown()
    app.extensions["zhiren"].close()


@pytest.fixture
def server(served: tuple[str, Flask]) -> str:
    return served[0]


@pytest.fixture
def client(served: tuple[str, Flask]) -> FlaskClient:
    """The served app's test client: a second app would wait for the embedded store's lock."""
    return served[1].test_client()


def wrapper(endpoint: str, fmt: str, method: str = "GET", query: str = SELECT) -> SPARQLWrapper:
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method == POSTDIRECTLY:
        sparql.setMethod(POST)
        sparql.setRequestMethod(POSTDIRECTLY)
    else:
        sparql.setMethod(method)
    return sparql


def _rows_of(fmt: str, raw: Any) -> list[tuple[str, str]]:
    """(subject, name) of each solution, whichever format SPARQLWrapper returned."""
    if fmt == JSON:
        return [(b["s"]["value"], b["name"]["value"]) for b in raw["results"]["bindings"]]
    if fmt == XML:
        rows = []
        for result in raw.getElementsByTagName("result"):
            bindings = result.getElementsByTagName("binding")
            values = {b.getAttribute("name"): b.firstChild.firstChild.nodeValue for b in bindings}
            rows.append((values["s"], values["name"]))
        return rows
    text = raw.decode()
    if fmt == CSV:
        return [(r["s"], r["name"]) for r in csv.DictReader(io.StringIO(text))]
    lines = [line.split("\t") for line in text.strip().split("\n")]
    assert lines[0] == ["?s", "?name"]
    return [(s.strip("<>"), n.split('"')[1]) for s, n in lines[1:]]


EXPECTED = [(EX + pid, name) for pid, name in sorted(PEOPLE.items())]


@pytest.mark.parametrize("method", ["GET", POST, POSTDIRECTLY])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_select_through_sparqlwrapper_in_every_method_and_format(server: str, method: str, fmt: str) -> None:
    result = wrapper(server, fmt, method).query()
    assert _rows_of(fmt, result.convert()) == EXPECTED


@pytest.mark.parametrize("method", ["GET", POST, POSTDIRECTLY])
def test_ask_through_sparqlwrapper(server: str, method: str) -> None:
    ask = f"ASK {{ <{EX}p2> <{KNOWS}> <{EX}p1> }}"
    assert wrapper(server, JSON, method, ask).query().convert()["boolean"] is True
    xml = wrapper(server, XML, method, ask.replace("p2>", "p3>")).query().convert()
    assert xml.getElementsByTagName("boolean")[0].firstChild.nodeValue == "false"


# rdflib's own JSON-LD parser builds a ConjunctiveGraph, which rdflib 7 itself deprecates
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize(("fmt", "rdflib_format"), [(TURTLE, "turtle"), (XML, "xml"), (JSONLD, "json-ld")])
@pytest.mark.parametrize("method", ["GET", POSTDIRECTLY])
def test_construct_is_parsed_by_rdflib(server: str, fmt: str, rdflib_format: str, method: str) -> None:
    response = wrapper(server, fmt, method, CONSTRUCT).query().response
    graph = rdflib.Graph().parse(data=response.read(), format=rdflib_format)
    names = {(str(s), str(o)) for s, _, o in graph}
    assert names == set(EXPECTED)
    assert all(str(o.language).lower() == "zh-hans" for _, _, o in graph if isinstance(o, rdflib.Literal))


def test_describe_and_n_triples(server: str) -> None:
    sparql = wrapper(server, TURTLE, "GET", f"DESCRIBE <{EX}p2>")
    sparql.addCustomHttpHeader("Accept", "application/n-triples")
    response = sparql.query().response
    assert response.headers["Content-Type"].startswith("application/n-triples")
    graph = rdflib.Graph().parse(data=response.read(), format="nt")
    assert (rdflib.URIRef(EX + "p2"), rdflib.URIRef(KNOWS), rdflib.URIRef(EX + "p1")) in graph


def test_the_dataset_parameters_choose_the_graphs(server: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    sparql = wrapper(server, JSON, "GET", count)
    sparql.addDefaultGraph(EX + "people")
    assert sparql.query().convert()["results"]["bindings"][0]["n"]["value"] == str(len(PEOPLE) + 1)
    named = wrapper(server, JSON, POST, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    named.addNamedGraph(EX + "filler")
    assert [b["g"]["value"] for b in named.query().convert()["results"]["bindings"]] == [EX + "filler"]
    union = wrapper(server, JSON, "GET", count).query().convert()
    # at least: a server's test dataset is shared with other test runs
    assert int(union["results"]["bindings"][0]["n"]["value"]) >= len(PEOPLE) + 1 + FILLER


def test_unknown_parameters_are_ignored_and_cors_is_open(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": SELECT, "format": "json", "output": "json",
                                                   "results": "json", "whatever": "1"})
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Vary"] == "Accept"
    assert response.mimetype == "application/sparql-results+json"
    preflight = client.options("/sparql", headers={"Origin": "http://example.org",
                                                   "Access-Control-Request-Method": "POST",
                                                   "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200 and "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/tab-separated-values, application/json;q=0.1", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_accept_q_values_choose_the_format(client: FlaskClient, accept: str, expected: str) -> None:
    response = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == expected


def test_a_format_the_query_form_cannot_take_is_406(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "text/turtle"})
    assert response.status_code == 406 and "text/csv" in response.get_json()["error"]["message"]
    graph = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": "text/turtle;q=0.2, image/png"})
    assert graph.status_code == 200 and graph.mimetype == "text/turtle"



@pytest.mark.parametrize(
    ("accept", "solutions", "graph"),
    [
        ("application/json", "application/sparql-results+json", "application/ld+json"),
        ("application/xml", "application/sparql-results+xml", "application/rdf+xml"),
        ("text/plain;q=0.1, " + ", ".join(f"x-unknown/t{i}" for i in range(60)), None, "application/n-triples"),
    ],
)
def test_one_accept_header_gives_each_query_form_its_own_type(
    client: FlaskClient, accept: str, solutions: str | None, graph: str
) -> None:
    """Negotiation is remembered per header (app/sparql._remembered_match), and per query form too,
    in either order; a header too long to remember (the last) is matched all the same."""
    for query, expected in ((CONSTRUCT, graph), (SELECT, solutions), (CONSTRUCT, graph)):
        response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
        assert (response.mimetype if response.status_code == 200 else None) == expected, response.status_code


@pytest.mark.parametrize(
    ("data", "status", "needle"),
    [
        ({"update": f"INSERT DATA {{ <{EX}a> <{EX}b> <{EX}c> }}"}, 403, "read-only"),
        ({"query": f"INSERT DATA {{ <{EX}a> <{EX}b> <{EX}c> }}"}, 400, "read-only"),
        ({"query": f"LOAD <{EX}data.ttl>"}, 400, "read-only"),
        ({"query": f"DROP GRAPH <{EX}people>"}, 400, "read-only"),
        ({"query": f"SELECT * WHERE {{ SERVICE <{EX}sparql> {{ ?s ?p ?o }} }}"}, 400, "SERVICE"),
    ],
)
def test_the_endpoint_is_read_only(client: FlaskClient, data: dict[str, str], status: int, needle: str) -> None:
    response = client.post("/sparql", data=data)
    assert response.status_code == status and needle in response.get_json()["error"]["message"]
    assert client.get("/sparql", query_string={"query": f"ASK {{ <{EX}a> ?p ?o }}"}).get_json()["boolean"] is False


def test_a_sparql_update_body_is_refused(client: FlaskClient) -> None:
    response = client.post("/sparql", data=f"CLEAR GRAPH <{EX}people>", content_type="application/sparql-update")
    assert response.status_code == 403


def test_malformed_sparql_is_400_with_the_parser_s_message_and_position(server: str, client: FlaskClient) -> None:
    with pytest.raises(QueryBadFormed) as bad:
        wrapper(server, JSON, "GET", "SELECT * WHERE { ?s ?p }").query()
    assert "1:24" in str(bad.value) or "1:25" in str(bad.value)
    response = client.get("/sparql", query_string={"query": "SELEKT ?s"})
    error = response.get_json()["error"]
    assert response.status_code == 400 and error["details"]["field"] == "query" and "1:1" in error["message"]
    for empty in ({}, {"query": "  "}):
        assert client.get("/sparql", query_string=empty, headers={"Accept": "application/json"}).status_code == 400
    wrong = client.post("/sparql", data=b"{}", content_type="application/json")
    assert wrong.status_code == 415 and wrong.get_json()["error"]["details"]["field"] == "Content-Type"


def test_a_runaway_query_is_stopped_with_503_and_the_next_query_answers_at_once(server: str) -> None:
    started = time.monotonic()
    sparql = wrapper(server, JSON, "GET", RUNAWAY)
    with pytest.raises(HTTPError) as stopped:  # SPARQLWrapper passes a 503 on as urllib's error
        sparql.query()
    elapsed = time.monotonic() - started
    assert stopped.value.code == 503
    assert "time limit of 2 s" in json.loads(stopped.value.read())["error"]["message"]
    assert elapsed < TIMEOUT_S + 2
    started = time.monotonic()
    assert wrapper(server, JSON, "GET", "ASK {}").query().convert()["boolean"] is True
    assert time.monotonic() - started < 1


def test_the_row_cap_cuts_and_flags_the_result(tmp_path: Path) -> None:
    app = create_app(_settings(tmp_path, sparql_max_rows=10))
    response = app.test_client().get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s ?p ?o }"},
                                     headers={"Accept": "text/csv"})
    assert response.status_code == 200 and response.headers["X-Result-Truncated"] == "true; max-rows=10"
    assert len(response.get_data(as_text=True).strip().split("\n")) == 1 + 10
    whole = app.test_client().get("/sparql", query_string={"query": SELECT})
    assert "X-Result-Truncated" not in whole.headers
    app.extensions["zhiren"].close()


def test_a_client_past_the_rate_limit_gets_429_with_retry_after(tmp_path: Path) -> None:
    app = create_app(_settings(tmp_path, sparql_rate_limit=3))
    client = app.test_client()
    assert all(client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200 for _ in range(3))
    refused = client.get("/sparql", query_string={"query": "ASK {}"})
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.get_json()["error"]["code"] == "too_many_requests"
    other = client.get("/sparql", query_string={"query": "ASK {}"}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200
    app.extensions["zhiren"].close()


def test_the_rate_limit_is_a_sliding_minute_per_client() -> None:
    now = [1000.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert limiter.retry_after("a") == 0 and limiter.retry_after("a") == 0
    now[0] += 15
    assert limiter.retry_after("a") == 45 and limiter.retry_after("b") == 0
    now[0] += 45
    assert limiter.retry_after("a") == 0
    assert RateLimiter(0).retry_after("a") == 0


def test_a_query_is_answered_before_flask_and_the_page_through_it(tmp_path: Path) -> None:
    """Queries skip Flask's request machinery (app/sparql.QueriesBeforeFlask): no app hook sees them,
    and their answers carry what the skipped hooks would add; the page and preflights still pass."""
    app = create_app(_settings(tmp_path, sparql_rate_limit=0))
    seen: list[str] = []
    app.before_request(lambda: seen.append(request.method) and None)
    client = app.test_client()
    answers = [
        client.get("/sparql", query_string={"query": SELECT}),
        client.post("/sparql", data={"query": SELECT}),
        client.post("/sparql", data=SELECT, content_type="application/sparql-query"),
        client.post("/sparql", data={"query": "SELEKT ?s"}),  # 400
        client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": "image/png"}),  # 406
        client.post("/sparql", data=b"{}", content_type="application/json"),  # 415
    ]
    assert [a.status_code for a in answers] == [200, 200, 200, 400, 406, 415] and seen == []
    for response in answers:
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
    assert "set-cookie" not in {name.lower() for name, _ in answers[0].headers}
    page = client.get("/sparql", headers={"Accept": "text/html"})
    preflight = client.options("/sparql")
    assert page.status_code == 200 and page.mimetype == "text/html" and preflight.status_code == 200
    assert seen == ["GET", "OPTIONS"] and preflight.headers["Access-Control-Allow-Origin"] == "*"
    head = client.head("/sparql", query_string={"query": "ASK {}"})  # through Flask, answered as a GET
    assert head.status_code == 200 and head.mimetype == "application/sparql-results+json"
    app.extensions["zhiren"].close()


def test_a_query_body_past_the_cap_is_413(tmp_path: Path) -> None:
    app = create_app(_settings(tmp_path, max_request_bytes=2_000))
    client = app.test_client()
    big = "ASK {}" + " " * 3_000
    for response in (
        client.post("/sparql", data={"query": big}),
        client.post("/sparql", data=big, content_type="application/sparql-query"),
    ):
        assert response.status_code == 413 and response.get_json()["error"]["code"] == "request_entity_too_large"
    assert client.post("/sparql", data={"query": "ASK {}"}).status_code == 200
    app.extensions["zhiren"].close()


def test_the_rate_limit_keys_on_the_client_a_trusted_proxy_names(tmp_path: Path) -> None:
    app = create_app(_settings(tmp_path, sparql_rate_limit=1, trusted_proxies=1))
    client = app.test_client()
    ask = {"query": "ASK {}"}

    def status(client_address: str) -> int:
        return client.post("/sparql", data=ask, headers={"X-Forwarded-For": client_address}).status_code

    assert [status("10.0.0.1"), status("10.0.0.2"), status("10.0.0.1")] == [200, 200, 429]
    app.extensions["zhiren"].close()
