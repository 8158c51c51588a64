"""The app skeleton: health per backend, the counts page, JSON errors, escaping."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from flask.testing import FlaskClient

from app import create_app
from store.factory import open_graph
from tests.factories import sample_batch
from zhiren.settings import Settings, load_settings


def client(settings: Settings) -> FlaskClient:
    return create_app(settings).test_client()


def embedded(tmp_path: Path) -> Settings:
    return replace(load_settings(env={}), data_dir=tmp_path)


def test_health_reports_each_embedded_store(tmp_path: Path) -> None:
    settings = embedded(tmp_path)
    graph = open_graph(settings)
    graph.write(sample_batch())
    graph.close()
    response = client(settings).get("/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["graph"] == {"backend": "embedded", "ok": True, "counts": {
        "persons": 4, "names": 8, "documents": 1, "mentions": 3, "relations": 3}}
    assert body["search"]["backend"] == "embedded" and body["search"]["ok"]


def test_health_is_503_naming_a_down_backend(tmp_path: Path) -> None:
    settings = replace(embedded(tmp_path), graph="neo4j", neo4j_uri="bolt://127.0.0.1:1")
    response = client(settings).get("/health")
    assert response.status_code == 503
    body = response.get_json()
    assert body["graph"]["ok"] is False and "Neo4j at bolt://127.0.0.1:1" in body["graph"]["error"]
    assert body["search"]["ok"] is True


def test_index_page_lists_counts(tmp_path: Path) -> None:
    page = client(embedded(tmp_path)).get("/").get_data(as_text=True)
    assert "persons" in page and "embedded" in page


def test_errors_are_json_for_the_api_and_escaped_pages_otherwise(tmp_path: Path) -> None:
    app_client = client(embedded(tmp_path))
    response = app_client.get("/api/nothing")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
    page = app_client.get("/<script>alert(1)</script>")
    assert page.status_code == 404 and "<script>alert" not in page.get_data(as_text=True)
