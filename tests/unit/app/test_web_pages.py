"""The researcher's first view on the demo corpus: search, person and document pages, the JSON API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from tests.conftest import embedded_settings
from tests.demo_fixture import load
from zhiren.app import create_app
from zhiren.authority.curation.curator import Curator
from zhiren.authority.curation.operations import Merge
from zhiren.authority.model import Document, DocumentKind, Person
from zhiren.authority.names import name_key
from zhiren.store.factory import open_graph, open_search
from zhiren.store.graph.base import GraphBatch
from zhiren.store.search.entries import document_entry


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    settings = embedded_settings(tmp_path_factory.mktemp("web"))
    graph, search = open_graph(settings), open_search(settings)
    load(graph, search)
    hostile = Document(
        "d_hostile", DocumentKind.RECORD, "<script>alert('t')</script>盛宣怀", "<img src=x onerror=1>盛宣怀"
    )
    graph.write(GraphBatch(documents=[hostile], persons=[Person("p_dup", "盛杏荪")]))
    search.index([document_entry(hostile, [])])
    Curator(graph, "test").run(Merge(graph.find_persons_by_name(name_key("盛宣怀"))[0].id, "p_dup"))
    graph.close()
    search.close()
    app = create_app(settings)
    with app.test_client() as test_client:
        yield test_client
    app.extensions["zhiren"].close()


def test_search_page_lists_persons_and_documents(client: FlaskClient) -> None:
    page = client.get("/search", query_string={"q": "香帅"}).get_data(as_text=True)
    assert "张之洞" in page and "<mark>香帅</mark>" in page


def test_person_page_shows_names_correspondents_and_why(client: FlaskClient) -> None:
    hits = client.get("/api/search", query_string={"q": "盛宣怀", "type": "person"}).get_json()["hits"]
    page = client.get(f"/person/{hits[0]['id']}").get_data(as_text=True)
    for expected in ("杏荪", "愚斋", "盛宫保", "1844", "武进", "致函 wrote to", "张之洞", "catalogue:发文者"):
        assert expected in page, expected


def test_merged_person_redirects_permanently(client: FlaskClient) -> None:
    response = client.get("/person/p_dup")
    assert response.status_code == 301 and response.headers["Location"].startswith("/person/p")


def test_document_page_links_mentions(client: FlaskClient) -> None:
    hit = client.get("/api/search", query_string={"q": "马关", "type": "document"}).get_json()["hits"][0]
    page = client.get(f"/document/{hit['id']}").get_data(as_text=True)
    assert 'class="mention"' in page and ">鸿</a>" in page and "光绪二十一年三月十四日" in page


def test_everything_shown_is_escaped(client: FlaskClient) -> None:
    results = client.get("/search", query_string={"q": "盛宣怀 <script>"}).get_data(as_text=True)
    assert "<script>alert" not in results
    page = client.get("/document/d_hostile").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_api_search_json_and_errors(client: FlaskClient) -> None:
    body = client.get("/api/search", query_string={"q": "Sheng Hsuan-huai", "type": "person"}).get_json()
    assert body["total"] == 1 and body["hits"][0]["title"] == "盛宣怀"
    assert body["hits"][0]["data"]["names"]["字"] == ["杏荪"]
    bad = client.get("/api/search", query_string={"q": "x", "size": "1000"})
    assert bad.status_code == 400 and bad.get_json()["error"]["details"]["field"] == "size"
    assert client.get("/api/search", query_string={"type": "place"}).status_code == 400


def test_unknown_person_is_404(client: FlaskClient) -> None:
    assert client.get("/person/p_nobody").status_code == 404
