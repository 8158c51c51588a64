"""Linked data on the entity URIs: every format parsed back by rdflib, by Accept (q-values) and by suffix;
406, 404 in the asked format, 301 for a merged id in every format, the JSON-LD context's stable URL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient
from rdflib.compare import isomorphic

from tests.unit.app.demo_app import demo_app

SHENG = "prt1bb7pee24vg"  # 盛宣怀 in the demo authority
TOKEN = "ld-test-token"
FORMATS = {"ttl": ("text/turtle", "turtle"), "nt": ("application/n-triples", "nt"),
           "rdf": ("application/rdf+xml", "xml"), "jsonld": ("application/ld+json", "json-ld")}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
# rdflib's own JSON-LD parser builds a ConjunctiveGraph, which rdflib 7 itself deprecates
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = demo_app(tmp_path_factory.mktemp("ld"), api_token=TOKEN)
    yield app
    app.extensions["zhiren"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def base(client: FlaskClient) -> str:
    return str(client.application.config["ZHIREN_SETTINGS"].base_uri)


def parsed(client: FlaskClient, body: bytes, rdflib_format: str) -> rdflib.Graph:
    """The body as rdflib reads it; a JSON-LD body's context URL is read from the app, not the network."""
    if rdflib_format == "json-ld":
        document = json.loads(body)
        assert document["@context"] == base(client) + "ontology/context.jsonld"
        document["@context"] = client.get("/ontology/context.jsonld").get_json()["@context"]
        body = json.dumps(document).encode()
    return rdflib.Graph().parse(data=body, format=rdflib_format)


def a_document_and_a_name(client: FlaskClient) -> tuple[str, str]:
    person = client.get(f"/api/persons/{SHENG}").get_json()
    courtesy = next(n["id"] for n in person["names"] if n["type"] == "字")
    return person["mentions"][0]["document_id"], courtesy


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_every_entity_in_every_format_by_suffix_and_by_accept(client: FlaskClient, suffix: str) -> None:
    media_type, rdflib_format = FORMATS[suffix]
    document_id, name_id = a_document_and_a_name(client)
    for kind, entity_id in (("person", SHENG), ("document", document_id), ("name", name_id)):
        by_suffix = client.get(f"/{kind}/{entity_id}.{suffix}")
        by_accept = client.get(f"/{kind}/{entity_id}", headers={"Accept": media_type})
        for response in (by_suffix, by_accept):
            assert response.status_code == 200 and response.mimetype == media_type, (kind, response.status)
        assert by_accept.headers["Content-Location"] == f"/{kind}/{entity_id}.{suffix}"
        assert "Accept" in by_accept.headers["Vary"]
        graph = parsed(client, by_suffix.data, rdflib_format)
        assert isomorphic(graph, parsed(client, by_accept.data, rdflib_format))
        assert (rdflib.URIRef(f"{base(client)}{kind}/{entity_id}"), None, None) in graph


def test_the_formats_say_the_same(client: FlaskClient) -> None:
    graphs = [parsed(client, client.get(f"/person/{SHENG}.{s}").data, f) for s, (_, f) in FORMATS.items()]
    assert len(graphs[0]) > 20 and all(isomorphic(graphs[0], g) for g in graphs[1:])
    labels = {str(o) for o in graphs[0].objects(rdflib.URIRef(f"{base(client)}person/{SHENG}"),
                                                rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))}
    assert labels == {"盛宣怀"}


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/turtle;q=0.5, application/rdf+xml;q=0.9", "application/rdf+xml"),
        ("text/html;q=0.1, application/n-triples", "application/n-triples"),
        ("application/ld+json, text/turtle;q=0.99", "application/ld+json"),
        ("application/json", "application/ld+json"),
        (BROWSER, "text/html"),
        ("*/*", "text/html"),
    ],
)
def test_q_values_choose_the_format(client: FlaskClient, accept: str, expected: str) -> None:
    response = client.get(f"/person/{SHENG}", headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == expected
    assert "Accept" in response.headers["Vary"]


def test_the_html_page_links_its_data_formats(client: FlaskClient) -> None:
    page = client.get(f"/person/{SHENG}", headers={"Accept": BROWSER})
    assert page.mimetype == "text/html" and "Accept" in page.headers["Vary"]
    links = page.headers["Link"]
    for suffix, (media_type, _) in FORMATS.items():
        assert f'</person/{SHENG}.{suffix}>; rel="alternate"; type="{media_type}"' in links


def test_a_type_we_cannot_serve_is_406(client: FlaskClient) -> None:
    for path in (f"/person/{SHENG}", "/ontology"):
        response = client.get(path, headers={"Accept": "image/png, application/pdf"})
        assert response.status_code == 406 and "text/turtle" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_an_unknown_id_is_404_in_the_format_asked_for(client: FlaskClient, suffix: str) -> None:
    media_type, rdflib_format = FORMATS[suffix]
    for response in (client.get(f"/person/pzzzzzzzzzzzzz.{suffix}"),
                     client.get("/document/nothing", headers={"Accept": media_type}),
                     client.get("/name/nothing", headers={"Accept": media_type})):
        assert response.status_code == 404 and response.mimetype == media_type
        if rdflib_format == "json-ld":
            assert json.loads(response.data)["error"]["code"] == "not_found"
        else:
            assert len(rdflib.Graph().parse(data=response.data, format=rdflib_format)) == 0
    page = client.get("/person/pzzzzzzzzzzzzz", headers={"Accept": BROWSER})
    assert page.status_code == 404 and page.mimetype == "text/html"


def test_a_merged_id_is_301_to_the_survivor_in_every_format(tmp_path: Path) -> None:
    app = demo_app(tmp_path, api_token=TOKEN)
    client = app.test_client()
    survivor, gone = (
        client.get(f"/api/suggest?q={n}").get_json()["suggestions"][0]["id"] for n in ("王文韶", "翁同龢")
    )
    merged = client.post(f"/api/curation/persons/{survivor}/merge", json={"merged": gone},
                         headers={"Authorization": f"Bearer {TOKEN}"})
    assert merged.status_code == 200, merged.get_data(as_text=True)
    for suffix, (media_type, _) in FORMATS.items():
        by_suffix = client.get(f"/person/{gone}.{suffix}")
        assert by_suffix.status_code == 301 and by_suffix.headers["Location"] == f"/person/{survivor}.{suffix}"
        by_accept = client.get(f"/person/{gone}", headers={"Accept": media_type})
        assert by_accept.status_code == 301 and by_accept.headers["Location"] == f"/person/{survivor}"
    page = client.get(f"/person/{gone}", headers={"Accept": BROWSER})
    assert page.status_code == 301 and page.headers["Location"].endswith(f"/person/{survivor}")
    app.extensions["zhiren"].close()


def test_a_name_sends_a_browser_to_its_person(client: FlaskClient) -> None:
    _, name_id = a_document_and_a_name(client)
    page = client.get(f"/name/{name_id}", headers={"Accept": BROWSER})
    assert page.status_code == 303 and page.headers["Location"] == f"/person/{SHENG}"
    graph = parsed(client, client.get(f"/name/{name_id}.ttl").data, "turtle")
    forms = {str(o) for o in graph.objects(rdflib.URIRef(f"{base(client)}name/{name_id}"),
                                           rdflib.URIRef("http://www.w3.org/2008/05/skos-xl#literalForm"))}
    assert forms == {"杏荪"}


def test_the_ontology_page_and_its_data(client: FlaskClient) -> None:
    page = client.get("/ontology", headers={"Accept": BROWSER})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "owl:Ontology" in text and 'href="/ontology.ttl"' in text
    for suffix, (media_type, rdflib_format) in FORMATS.items():
        by_accept = client.get("/ontology", headers={"Accept": media_type})
        graph = parsed(client, by_accept.data, rdflib_format)
        assert (rdflib.URIRef(base(client) + "ontology#Person"), None, None) in graph
        assert isomorphic(graph, parsed(client, client.get(f"/ontology.{suffix}").data, rdflib_format))


def test_the_json_ld_context_has_a_stable_url(client: FlaskClient) -> None:
    response = client.get("/ontology/context.jsonld")
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    context = response.get_json()["@context"]
    assert context["zr"] == base(client) + "ontology#"
    person = json.loads(client.get(f"/person/{SHENG}.jsonld").data)
    assert person["@context"] == base(client) + "ontology/context.jsonld"
