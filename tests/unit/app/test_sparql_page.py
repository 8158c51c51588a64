"""The /sparql page: every worked example runs on the demo corpus and answers; YASGUI runs one in Chromium."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import BaseWSGIServer, make_server

from tests.unit.app.demo_app import demo_app
from zhiren.app import STATIC_DIR
from zhiren.app.sparql_examples import EXAMPLES

TOKEN = "sparql-page-token"
SHL_URI = "http://data.library.sh.cn/entity/person/demo0000000001"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The demo, plus one curator's change (a Shanghai Library URI for 盛宣怀) so the curation and
    Shanghai Library examples have something to find; the triple store follows the change."""
    app = demo_app(tmp_path_factory.mktemp("sparql-page"), api_token=TOKEN, sparql_rate_limit=0)
    client = app.test_client()
    sheng = client.get("/api/suggest?q=盛宣怀").get_json()["suggestions"][0]["id"]
    linked = client.post(f"/api/curation/persons/{sheng}/link-external", json={"shl": SHL_URI, "reason": "demo",
                                                                                "by": "test curator"},
                         headers={"Authorization": f"Bearer {TOKEN}"})
    assert linked.status_code == 200, linked.get_data(as_text=True)
    yield app
    app.extensions["zhiren"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_there_are_at_least_twelve_examples_with_the_issue_s_questions() -> None:
    assert len(EXAMPLES) >= 12 and len({e.slug for e in EXAMPLES}) == len(EXAMPLES)
    assert {"names", "kin", "wrote-to-in-year", "place-and-reign", "two-persons", "evidence", "curation",
            "shanghai-library"} <= {e.slug for e in EXAMPLES}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.slug)
def test_every_example_runs_on_the_demo_and_answers(client: FlaskClient, example: object) -> None:
    base = client.application.config["ZHIREN_SETTINGS"].base_uri
    query = example.text(base)  # type: ignore[attr-defined]
    if "CONSTRUCT" in query:
        response = client.post("/sparql", data={"query": query}, headers={"Accept": "text/turtle"})
        assert response.status_code == 200
        assert len(rdflib.Graph().parse(data=response.data, format="turtle")) > 0
        return
    response = client.post("/sparql", data={"query": query})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body.get("boolean") is True or body["results"]["bindings"], f"{example} found nothing"


def test_the_curation_and_library_examples_see_the_curator_s_change(client: FlaskClient) -> None:
    base = client.application.config["ZHIREN_SETTINGS"].base_uri
    by_slug = {e.slug: e for e in EXAMPLES}
    curation = client.post("/sparql", data={"query": by_slug["curation"].text(base)}).get_json()
    assert curation["results"]["bindings"][0]["curator"]["value"] == "test curator"
    library = client.post("/sparql", data={"query": by_slug["shanghai-library"].text(base)}).get_json()
    row = library["results"]["bindings"][0]
    assert row["shlPerson"]["value"] == SHL_URI and row["courtesyName"]["value"] == "杏荪"


def test_the_page_lists_the_examples_with_links_that_run_them(client: FlaskClient) -> None:
    page = client.get("/sparql", headers={"Accept": "text/html"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "vendor/yasgui.min.js" in text and "sparql.js" in text
    assert text.count('class="load-example"') == len(EXAMPLES)
    assert "{base}" not in text and "PREFIX zr: &lt;http://127.0.0.1:5000/ontology#&gt;" in text
    link = text.split('<a href="/sparql?query=', 1)[1].split('"', 1)[0]
    results = client.get("/sparql?query=" + link.replace("&amp;", "&"))
    assert results.status_code == 200 and results.get_json()["results"]["bindings"]


@pytest.fixture(scope="module")
def site(app: Flask) -> Iterator[str]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_yasgui_runs_an_example_in_chromium(site: str, browser: Any) -> None:
    if not (STATIC_DIR / "vendor" / "yasgui.min.js").exists():
        pytest.fail("static/vendor is not built: run `npm ci && npm run build` (make install does)")
    page = browser.new_page()
    errors: list[str] = []
    try:
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{site}/sparql")
        page.wait_for_selector(".yasqe .CodeMirror", timeout=15_000)
        page.click('button.load-example[data-example="wrote-to-in-year"]')
        page.wait_for_function("() => document.querySelector('.yasqe .CodeMirror').CodeMirror.getValue()"
                               ".includes('\"1896\"')")
        page.click(".yasqe_queryButton")
        page.wait_for_selector(".yasr table tbody tr", timeout=15_000)
        table = page.locator(".yasr table tbody").inner_text()
        assert "张之洞" in table and "1896" in table
    finally:
        page.close()
    assert errors == [], json.dumps(errors)
