"""The app skeleton: health per backend, the counts page, JSON errors, escaping."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import embedded_settings, make_client
from tests.factories import sample_batch
from zhiren.app import create_app
from zhiren.store.factory import open_graph


def test_health_reports_each_embedded_store(tmp_path: Path) -> None:
    settings = embedded_settings(tmp_path)
    graph = open_graph(settings)
    graph.write(sample_batch())
    graph.close()
    response = create_app(settings).test_client().get("/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["graph"] == {"backend": "embedded", "ok": True, "counts": {
        "persons": 4, "names": 8, "documents": 1, "mentions": 3, "relations": 3}}
    assert body["search"]["backend"] == "embedded" and body["search"]["ok"]


def test_health_is_503_naming_a_down_backend(tmp_path: Path) -> None:
    response = make_client(tmp_path, graph="neo4j", neo4j_uri="bolt://127.0.0.1:1").get("/health")
    assert response.status_code == 503
    body = response.get_json()
    assert body["graph"]["ok"] is False and "Neo4j at bolt://127.0.0.1:1" in body["graph"]["error"]
    assert body["search"]["ok"] is True


def test_index_page_lists_counts(tmp_path: Path) -> None:
    client = make_client(tmp_path)
    page = client.get("/").get_data(as_text=True)
    assert "<td>人物</td>" in page and "embedded" in page
    assert "<td>Persons</td>" in client.get("/?lang=en").get_data(as_text=True)


def test_errors_are_json_for_the_api_and_escaped_pages_otherwise(tmp_path: Path) -> None:
    app_client = make_client(tmp_path)
    response = app_client.get("/api/nothing")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
    page = app_client.get("/<script>alert(1)</script>")
    assert page.status_code == 404 and "<script>alert" not in page.get_data(as_text=True)
    assert "<h1>404 未找到</h1>" in page.get_data(as_text=True)
    assert "<h1>404 Not found</h1>" in app_client.get("/nothing?lang=en").get_data(as_text=True)
