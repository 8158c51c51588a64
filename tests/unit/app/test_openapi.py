"""The JSON API and its OpenAPI document: schemathesis calls every operation against the app on the
demo corpus and checks each response against the document; a few answers are checked by hand."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.unit.app.demo_app import demo_app
from zhiren.app.openapi import PATHS

TOKEN = "openapi-test-token"
SHENG = "prt1bb7pee24vg"  # 盛宣怀 in the demo authority
SHENG_KANG = "pqy169b88r0zse"


def _demo_app(folder: Path) -> Flask:
    return demo_app(folder, api_token=TOKEN, sparql_rate_limit=0)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = _demo_app(tmp_path_factory.mktemp("api"))
    yield app
    app.extensions["zhiren"].close()


def test_a_person_with_names_dates_and_mentions(app: Flask) -> None:
    body = app.test_client().get(f"/api/persons/{SHENG}").get_json()
    assert body["preferred_name"] == "盛宣怀" and body["birth"]["year"] == 1844 and body["native_place"] == "武进"
    assert body["uri"] == f"{app.config['ZHIREN_SETTINGS'].base_uri}person/{SHENG}"
    courtesy = [n for n in body["names"] if n["type"] == "字"]
    assert courtesy[0]["text"] == "杏荪" and courtesy[0]["pinyin"] == "xing sun"
    assert body["mentions"] and all(m["person_id"] == SHENG for m in body["mentions"])


def test_relations_read_from_the_person_and_page_by_cursor(app: Flask) -> None:
    client = app.test_client()
    whole = client.get(f"/api/persons/{SHENG}/relations?limit=500").get_json()
    father = [r for r in whole["items"] if r["person"]["id"] == SHENG_KANG and r["type"] == "FATHER_OF"]
    assert father[0]["label"] == "父" and father[0]["direction"] == "incoming" and whole["next"] is None
    assert any(r["type"] == "WROTE_TO" and r["direction"] == "incoming" for r in whole["items"])
    pages: list[dict[str, Any]] = []
    after = ""
    while True:
        page = client.get(f"/api/persons/{SHENG}/relations", query_string={"limit": 4, "after": after}).get_json()
        pages += page["items"]
        if page["next"] is None:
            break
        after = page["next"]
    assert pages == whole["items"]
    bad = client.get(f"/api/persons/{SHENG}/relations?limit=0")
    assert bad.status_code == 400 and bad.get_json()["error"]["details"]["field"] == "limit"


def test_a_document_with_its_mentions_and_unknown_ids(app: Flask) -> None:
    client = app.test_client()
    mention = client.get(f"/api/persons/{SHENG}").get_json()["mentions"][0]
    body = client.get(f"/api/documents/{mention['document_id']}").get_json()
    assert mention["id"] in {m["id"] for m in body["mentions"]} and body["title"]
    for path in ("/api/persons/pzzzzzzzzzzzzz", "/api/documents/nothing", "/api/persons/pzzzzzzzzzzzzz/relations"):
        response = client.get(path)
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_a_merged_person_answers_301_to_the_survivor(tmp_path: Path) -> None:
    app = _demo_app(tmp_path)
    client = app.test_client()
    survivor, gone = (
        client.get(f"/api/suggest?q={n}").get_json()["suggestions"][0]["id"] for n in ("王文韶", "翁同龢")
    )
    merged = client.post(f"/api/curation/persons/{survivor}/merge", json={"merged": gone, "reason": "test"},
                         headers={"Authorization": f"Bearer {TOKEN}"})
    assert merged.status_code == 200, merged.get_data(as_text=True)
    assert {c["kind"] for c in merged.get_json()["entry"]["changes"]} >= {"name_moved", "mentions_moved"}
    document = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    document["/api/curation/persons/{person_id}/{operation}"]["POST"].validate_response(merged)  # the change lines
    for path in (f"/api/persons/{gone}", f"/api/persons/{gone}/relations?limit=5"):
        response = client.get(path)
        assert response.status_code == 301 and response.headers["Location"].endswith(path.replace(gone, survivor))
    app.extensions["zhiren"].close()


def test_the_document_describes_every_json_endpoint_of_the_app(app: Flask) -> None:
    spec = app.test_client().get("/api/openapi.json").get_json()
    assert spec["openapi"] == "3.0.3"
    described = {re.sub(r"\{[^}]+\}", "<>", path) for path in spec["paths"]}
    json_routes = {
        re.sub(r"<[^>]+>", "<>", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(("/api/", "/health", "/sparql")) or rule.rule == "/reconcile"
    }
    assert json_routes - described == {"/api/openapi.json"}


# --- schemathesis over the whole document ------------------------------------------------------

@pytest.fixture(scope="module")
def api_schema(app: Flask) -> Any:
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


# schemathesis' own pytest plugin does not run under pytest 9 (it sets the node's _nodeid): each
# operation of the document is a case here, its requests generated by schemathesis' strategy.
OPERATIONS = [(path, method) for path, item in PATHS.items() for method in item]
# Inputs whose rules no schema states (a SPARQL query's syntax, a reconciliation batch's JSON, a search
# query with nothing searchable, a curation body naming persons that must exist): schema-valid input
# may be refused there with a 400 naming the field, which every other check still holds them to.
FREE_TEXT_RULES = ("/sparql", "/reconcile", "/api/search")


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_every_operation_answers_as_the_document_says(api_schema: Any, path: str, method: str) -> None:
    operation = api_schema[path][method]

    @given(operation.as_strategy())
    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def call(case: schemathesis.Case) -> None:
        excluded = [positive_data_acceptance] if path in FREE_TEXT_RULES or method == "post" else []
        case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, excluded_checks=excluded)

    call()
