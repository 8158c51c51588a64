"""The reconciliation service against the W3C 0.2 spec's own schemas and examples, on the demo corpus.

Every JSON answer is validated with the spec's draft-07 schemas (../shared/data/specs/
reconciliation-0.2); the scores are the product's resolver's, checked against it directly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from tests.conftest import shared_data
from tests.unit.app.demo_app import demo_app
from zhiren.app.reconcile_queries import BATCH_SIZE, parse_batch
from zhiren.authority.resolver import MentionContext, Resolver
from zhiren.errors import InputError

SPEC = "specs/reconciliation-0.2"
SHENG = "prt1bb7pee24vg"  # 盛宣怀 in the demo authority
SHENG_KANG = "pqy169b88r0zse"  # 盛康, his father
# The spec's example property ids are GND's; ours stand in for them so the examples reach the resolver.
OUR_PIDS = {"professionOrOccupation": "native_place", "affiliation": "related", "uid": "related"}


@cache
def _registry() -> tuple[Registry, dict[str, dict[str, Any]]]:
    schemas = {}
    registry: Registry = Registry()
    for path in sorted(shared_data(f"{SPEC}/schemas").glob("*.json")):
        schema = json.loads(path.read_text())
        schemas[path.stem] = schema
        resource = Resource.from_contents(schema, default_specification=DRAFT7)
        registry = registry.with_resource(schema["$id"].rstrip("#"), resource)
    return registry, schemas


def errors(schema_name: str, instance: Any) -> list[str]:
    """The draft-07 validation errors of ``instance`` against one of the spec's schemas."""
    registry, schemas = _registry()
    validator = Draft7Validator(schemas[schema_name], registry=registry)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


def examples(schema_name: str, kind: str) -> list[Path]:
    return sorted(shared_data(f"{SPEC}/examples/{schema_name}/{kind}").glob("*.json"))


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    app = demo_app(tmp_path_factory.mktemp("reconcile"))
    yield app.test_client()
    app.extensions["zhiren"].close()


def reconcile(client: FlaskClient, queries: dict[str, Any], path: str = "/reconcile") -> dict[str, Any]:
    response = client.post(path, data={"queries": json.dumps(queries, ensure_ascii=False)})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body: dict[str, Any] = response.get_json()
    assert errors("reconciliation-result-batch", body) == []
    return body


def top(client: FlaskClient, query: dict[str, Any], path: str = "/reconcile") -> dict[str, Any]:
    results = reconcile(client, {"q0": query}, path)["q0"]["result"]
    assert results, f"no candidate for {query}"
    best: dict[str, Any] = results[0]
    return best


def features(candidate: dict[str, Any]) -> dict[str, Any]:
    return {f["id"]: f["value"] for f in candidate["features"]}


# --- the manifest ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/reconcile", "/reconcile/zh-Hans", "/reconcile/zh-Hant", "/reconcile/en"])
def test_each_language_variant_is_a_valid_0_2_service(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    manifest = response.get_json()
    assert errors("manifest", manifest) == []
    assert manifest["versions"] == ["0.2"] and manifest["batchSize"] == BATCH_SIZE
    assert set(manifest["suggest"]) == {"entity", "type", "property"}
    assert manifest["extend"]["propose_properties"]["service_url"].endswith(path)
    for key in ("view", "feature_view", "preview"):
        assert "{{id}}" in manifest[key]["url"]
    assert manifest["preview"]["url"].startswith(f"http://localhost{path}/preview/")
    assert manifest["identifierSpace"] == client.application.config["ZHIREN_SETTINGS"].base_uri + "person/"


def test_an_unknown_language_is_not_a_service(client: FlaskClient) -> None:
    assert client.get("/reconcile/fr").status_code == 404


def test_the_browser_preflight_is_answered_with_cors(client: FlaskClient) -> None:
    response = client.options("/reconcile", headers={"Origin": "http://example.org",
                                                     "Access-Control-Request-Method": "POST"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]


# --- the spec's example requests ----------------------------------------------------------


def _with_our_pids(batch: dict[str, Any]) -> dict[str, Any]:
    for query in batch.values():
        for prop in query.get("properties", []):
            prop["pid"] = OUR_PIDS.get(prop["pid"], prop["pid"])
    return batch


@pytest.mark.parametrize("path", examples("reconciliation-query-batch", "valid"), ids=lambda p: p.name)
def test_the_spec_s_valid_query_batches_are_answered(client: FlaskClient, path: Path) -> None:
    assert errors("reconciliation-query-batch", json.loads(path.read_text())) == []
    batch = _with_our_pids(json.loads(path.read_text()))
    body = reconcile(client, batch)
    assert set(body) == set(batch)


@pytest.mark.parametrize("path", examples("reconciliation-query-batch", "invalid"), ids=lambda p: p.name)
def test_the_spec_s_invalid_query_batches_are_refused_naming_the_field(client: FlaskClient, path: Path) -> None:
    payload = json.loads(path.read_text())
    assert errors("reconciliation-query-batch", payload) != []
    with pytest.raises(InputError) as refused:
        parse_batch(payload)
    assert refused.value.field and refused.value.field.startswith("queries.")
    response = client.post("/reconcile", data={"queries": path.read_text()})
    assert response.status_code == 400
    assert response.get_json()["error"]["details"]["field"] == refused.value.field
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", examples("data-extension-query", "valid"), ids=lambda p: p.name)
def test_the_spec_s_extension_queries_are_answered_with_a_valid_response(client: FlaskClient, path: Path) -> None:
    query = json.loads(path.read_text())
    query["properties"] = [{"id": pid} for pid in ("birth_year", "names_courtesy", "kin")][: len(query["properties"])]
    query["ids"] = [SHENG, *query["ids"]]
    response = client.post("/reconcile", data={"extend": json.dumps(query)})
    assert response.status_code == 200
    body = response.get_json()
    assert errors("data-extension-response", body) == []
    assert set(body["rows"]) == set(query["ids"])
    assert body["rows"][SHENG]["birth_year"] == [{"int": 1844}]


# --- candidates: any script or romanisation, ids, constraints -------------------------------


@pytest.mark.parametrize(
    "text", ["盛宣懷", "盛宣怀", "Sheng Hsuan-huai", "shengxuanhuai", "Sheng Xuanhuai", "SHENG XUANHUAI"]
)
def test_a_name_in_any_script_or_romanisation_finds_the_person_and_matches(client: FlaskClient, text: str) -> None:
    best = top(client, {"query": text, "type": "Person", "type_strict": "should"})
    assert best["id"] == SHENG and best["match"] is True
    assert features(best)["matched_given"] is True or features(best).get("matched_alias") is True


def test_a_courtesy_name_says_which_kind_of_name_matched(client: FlaskClient) -> None:
    best = top(client, {"query": "杏蓀"})
    assert best["id"] == SHENG
    assert features(best)["matched_courtesy"] is True
    assert "字 杏荪" in best["description"]


def test_the_score_is_the_resolver_s_own(client: FlaskClient, tmp_path: Path) -> None:
    """The service asks the product's resolver: the same candidates and scores as an ingest would get."""
    best = top(client, {"query": "杏荪", "properties": [{"pid": "year", "v": 1896}]})
    app = client.application
    with app.app_context():
        graph = app.extensions["zhiren"].graph
        resolution = Resolver(graph).resolve(MentionContext("杏荪", "full", 1896))
    assert best["id"] == resolution.candidates[0].person_id
    assert best["score"] == round(resolution.candidates[0].score, 3)
    assert best["match"] is (resolution.decision == "link")


def test_property_constraints_move_the_score(client: FlaskClient) -> None:
    alone = top(client, {"query": "杏荪"})
    with_place = top(client, {"query": "杏荪", "properties": [{"pid": "native_place", "v": "武進"}]})
    with_year = top(client, {"query": "杏荪", "properties": [{"pid": "birth_year", "v": "1844"}]})
    kin = {"id": SHENG_KANG, "name": "盛康"}
    with_kin = top(client, {"query": "杏荪", "properties": [{"pid": "related", "v": kin}]})
    with_kin_name = top(client, {"query": "杏荪", "properties": [{"pid": "related", "v": "盛康"}]})
    wrong_year = top(client, {"query": "杏荪", "properties": [{"pid": "death_year", "v": 1950}]})
    assert features(with_place)["native_place"] > 0 and with_place["score"] > alone["score"]
    assert features(with_year)["life_dates"] > 0 and with_year["score"] > alone["score"]
    assert features(with_kin)["kin_or_correspondent"] > 0 and with_kin["score"] > alone["score"]
    assert with_kin_name["score"] == with_kin["score"]
    assert features(wrong_year)["life_dates"] < 0 and wrong_year["score"] < alone["score"]
    everything = top(client, {"query": "杏荪", "properties": [
        {"pid": "native_place", "v": "武进"}, {"pid": "birth_year", "v": 1844}]})
    assert everything["match"] is True and everything["score"] > with_place["score"]


def test_a_query_by_id_or_uri_answers_that_person(client: FlaskClient) -> None:
    for text in (SHENG, f"http://localhost/person/{SHENG}", f"https://zhiren.example/person/{SHENG}.ttl"):
        best = top(client, {"query": text})
        assert best["id"] == SHENG and best["match"] is True and features(best) == {"identifier": 1.0}
    assert reconcile(client, {"q0": {"query": "pzzzzzzzzzzzzz"}})["q0"]["result"] == []


def test_names_come_back_in_the_language_of_the_path(client: FlaskClient) -> None:
    assert top(client, {"query": "杏荪"}, "/reconcile/zh-Hant")["name"] == "盛宣懷"
    assert top(client, {"query": "杏蓀"}, "/reconcile/zh-Hans")["name"] == "盛宣怀"
    english = top(client, {"query": "杏荪"}, "/reconcile/en")
    assert english["name"] == "Sheng Xuanhuai" and "courtesy name Xingsun" in english["description"]


def test_other_types_and_limits(client: FlaskClient) -> None:
    body = reconcile(client, {"q0": {"query": "盛宣怀", "type": "Organization"},
                              "q1": {"query": "盛宣怀", "type": ["Organization", "Person"], "limit": 1},
                              "q2": {"properties": [{"pid": "native_place", "v": "武进"}]}})
    assert body["q0"]["result"] == [] and len(body["q1"]["result"]) == 1 and body["q2"]["result"] == []


def test_an_openrefine_batch_of_ten_is_answered_whole(client: FlaskClient) -> None:
    """OpenRefine's shape: a form field ``queries`` of 10, type + type_strict should, {id, name} values."""
    names = ["盛宣怀", "张之洞", "李鸿章", "香涛", "少荃", "郑观应", "經元善", "Tang Wen-chih", "无此人甲", "唐文治"]
    queries = {f"q{i}": {"query": n, "type": "Person", "type_strict": "should",
                         "properties": [{"pid": "related", "v": {"id": SHENG, "name": "盛宣怀"}}]}
               for i, n in enumerate(names)}
    body = reconcile(client, queries)
    assert len(body) == 10 and body["q8"]["result"] == []
    assert all(body[f"q{i}"]["result"] for i in (0, 1, 2, 3, 4, 5, 6, 7, 9))
    assert features(body["q3"]["result"][0])["kin_or_correspondent"] > 0  # 张之洞 wrote to 盛宣怀


def test_a_batch_reads_its_candidates_at_once_and_answers_as_queries_asked_alone(client: FlaskClient) -> None:
    """The batch's names (and the keys the resolver falls back on) are read in one graph call;
    each query then gets exactly what it would get alone. A query with a related person still
    reads its key whole (the related bearers first), and the related name too."""
    queries = [{"query": n} for n in ("盛宣怀", "香涛", "張之洞", "盛杏荪", "无此人甲", "Tang Wen-chih", SHENG)]
    queries.append({"query": "杏荪", "properties": [{"pid": "related", "v": "盛康"}]})
    batch = {f"q{i}": q for i, q in enumerate(queries)}
    graph = client.application.extensions["zhiren"].graph
    calls: list[str] = []
    for method in ("name_candidates_many", "name_candidates_related"):
        original = getattr(graph, method)
        setattr(graph, method, lambda *a, _f=original, _m=method, **k: calls.append(_m) or _f(*a, **k))
    try:
        alone = {key: reconcile(client, {key: query})[key] for key, query in batch.items()}
        reads_alone = len(calls)
        calls.clear()
        together = reconcile(client, batch)
    finally:
        for method in ("name_candidates_many", "name_candidates_related"):
            delattr(graph, method)
    assert together == alone
    assert calls[0] == "name_candidates_many"  # the read ahead, before any query's own
    assert calls.count("name_candidates_related") == 2  # 杏荪 beside 盛康, and 盛康
    assert len(calls) <= reads_alone - 5  # six queries by a Han name: one read instead of six


def test_queries_come_by_get_too(client: FlaskClient) -> None:
    response = client.get("/reconcile", query_string={"queries": json.dumps({"q0": {"query": "香涛"}})})
    assert response.status_code == 200 and response.get_json()["q0"]["result"][0]["name"] == "张之洞"


# --- bad input: 4xx naming the field, never a 500 -------------------------------------------


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ("{\"q0\": {\"query\": ", 400, "queries"),
        ("[]", 400, "queries"),
        ("{\"q0\": {\"query\": \"  \"}}", 400, "queries.q0.query"),
        ("{\"q0\": {\"query\": \"盛\", \"lang\": \"en\"}}", 400, "queries.q0.lang"),
        ("{\"q0\": {\"query\": 3}}", 400, "queries.q0.query"),
        ("{\"q0\": {\"query\": \"盛\", \"limit\": 0}}", 400, "queries.q0.limit"),
        ("{\"q0\": {\"query\": \"盛\", \"type_strict\": \"most\"}}", 400, "queries.q0.type_strict"),
        ("{\"q0\": {\"query\": \"盛\", \"properties\": [{\"pid\": \"P19\", \"v\": \"x\"}]}}", 400,
         "queries.q0.properties[0].pid"),
        ("{\"q0\": {\"query\": \"盛\", \"properties\": [{\"pid\": \"birth_year\", \"v\": \"早年\"}]}}", 400,
         "queries.q0.properties[0].v"),
        ("{\"q0\": {\"query\": \"盛\", \"properties\": [{\"pid\": \"related\", \"v\": {\"name\": \"x\"}}]}}", 400,
         "queries.q0.properties[0].v"),
        (json.dumps({f"q{i}": {"query": "盛宣怀"} for i in range(1000)}), 413, "queries"),
        ("[" * 5000 + "]" * 5000, 400, "queries"),
    ],
)
def test_bad_queries_are_refused_naming_the_field(client: FlaskClient, payload: str, status: int, field: str) -> None:
    response = client.post("/reconcile", data={"queries": payload})
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["details"]["field"] == field and error["message"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_bad_extension_queries_are_refused_naming_the_field(client: FlaskClient) -> None:
    for payload, field in [("{", "extend"), ('{"ids": [1], "properties": [{"id": "kin"}]}', "extend.ids"),
                           (json.dumps({"ids": [SHENG], "properties": [{"id": "P569"}]}), "extend.properties[0].id")]:
        response = client.post("/reconcile", data={"extend": payload})
        assert response.status_code == 400 and response.get_json()["error"]["details"]["field"] == field


# --- suggest, property proposals, preview and feature pages ---------------------------------


def test_suggest_services_answer_valid_responses(client: FlaskClient) -> None:
    entities = client.get("/reconcile/en/suggest/entity?prefix=sheng%20xuan").get_json()
    assert errors("suggest-entities-response", entities) == []
    assert entities["result"][0] == {"id": SHENG, "name": "Sheng Xuanhuai", "description": "1844–1916 · Wujin"}
    assert client.get("/reconcile/suggest/entity?prefix=香").get_json()["result"][0]["name"] == "张之洞"
    types = client.get("/reconcile/suggest/type?prefix=per").get_json()
    assert errors("suggest-types-response", types) == [] and types["result"][0]["id"] == "Person"
    properties = client.get("/reconcile/suggest/property?prefix=birth").get_json()
    assert errors("suggest-properties-response", properties) == []
    assert [p["id"] for p in properties["result"]] == ["birth_year"]
    response = client.get("/reconcile/suggest/entity")
    assert response.status_code == 400 and response.get_json()["error"]["details"]["field"] == "prefix"


def test_property_proposals_are_valid_and_extend_with_every_proposed_property(client: FlaskClient) -> None:
    proposal = client.get("/reconcile/propose_properties?type=Person").get_json()
    assert errors("data-extension-property-proposal", proposal) == []
    pids = [p["id"] for p in proposal["properties"]]
    body = client.get("/reconcile/zh-Hant", query_string={"extend": json.dumps({"ids": [SHENG], "properties": [
        {"id": pid} for pid in pids]})}).get_json()
    assert errors("data-extension-response", body) == []
    row = body["rows"][SHENG]
    assert row["native_place"] == [{"str": "武進"}] and {"str": "杏蓀"} in row["names_courtesy"]
    assert {"id": SHENG_KANG, "name": "盛康"} in row["kin"]
    assert client.get("/reconcile/propose_properties?limit=2").get_json()["properties"] == proposal["properties"][:2]


def test_the_preview_is_a_page_without_scripts_safe_in_a_sandboxed_iframe(client: FlaskClient) -> None:
    manifest = client.get("/reconcile/en").get_json()
    url = manifest["preview"]["url"].replace("{{id}}", SHENG).removeprefix("http://localhost")
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "script-src" not in response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert "<script" not in page.lower() and " on" not in re.sub(r"<(?:p|dd|dt|h1|title)[^>]*>[^<]*", "", page)
    assert "Sheng Xuanhuai" in page and "Xingsun" in page and "Sheng Kang" in page
    assert re.fullmatch(r"[A-Za-z0-9_-]+", SHENG)
    missing = client.get("/reconcile/preview/%3Cscript%3E")
    assert missing.status_code == 404 and "<script>" not in missing.get_data(as_text=True)
    asked_json = client.get("/reconcile/preview/nobody", headers={"Accept": "application/json"})
    assert asked_json.status_code == 404 and asked_json.get_json()["error"]["code"] == "not_found"


def test_the_preview_speaks_the_language_of_its_service(client: FlaskClient) -> None:
    """Labels in the service's language and script, each name form once (盛宣怀 and 盛宣懷 read alike)."""
    def preview(path: str) -> str:
        return client.get(f"{path}/preview/{SHENG}").get_data(as_text=True)

    english, traditional, simplified = preview("/reconcile/en"), preview("/reconcile/zh-Hant"), preview("/reconcile")
    assert "<dt>father</dt>" in english and "父" not in english
    assert "Sheng Xuanhuai、Sheng Xuanhuai" not in english
    assert "<dt>称谓</dt>" in simplified and "<dt>title</dt>" not in simplified
    assert "<dt>稱謂</dt>" in traditional and "盛宣懷、盛宣懷" not in traditional


def test_every_feature_a_candidate_carries_has_a_feature_view_page(client: FlaskClient) -> None:
    body = reconcile(client, {
        "q0": {"query": "杏荪", "properties": [{"pid": "native_place", "v": "武进"}, {"pid": "year", "v": 1900},
                                               {"pid": "related", "v": "盛康"}]},
        "q1": {"query": SHENG}, "q2": {"query": "文襄"}})
    template = client.get("/reconcile").get_json()["feature_view"]["url"].removeprefix("http://localhost")
    seen = {f["id"] for q in body.values() for c in q["result"] for f in c["features"]}
    assert {"name", "only_candidate", "life_dates", "native_place", "kin_or_correspondent", "identifier",
            "matched_courtesy", "matched_posthumous"} <= seen
    for feature_id in seen:
        page = client.get(template.replace("{{id}}", feature_id))
        assert page.status_code == 200 and "<script" not in page.get_data(as_text=True)
    assert client.get(template.replace("{{id}}", "nonsense")).status_code == 404
