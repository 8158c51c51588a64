"""The W3C reconciliation testbench (branch testbench-0.2) run headless against our three services.

The testbench is the reconciliation community's own client: a static single-page app that fetches
the manifest, reconciles, suggests, previews and extends from the browser (so CORS matters) and
validates the manifest and each reconciliation response against the spec's JSON schemas it
bundles. Its source is kept in tests/testbench (see the README there) and `make test` builds it
from npm into tests/testbench/build; this test serves that folder from a local port, points it
at /reconcile, /reconcile/en and /reconcile/zh-Hant of the e2e demo site and goes through every
tab of its test bench: the manifest (by CORS, judged 0.2, no warning), Reconcile (five names and
one property constraint, no result-schema alert), Suggest (entity, type, property), Preview and
Extend. What it showed is saved per endpoint as testbench*.json beside the e2e screenshots.

Left out: the testbench's "Services" tab, which needs the internet: it lists the services
Wikidata knows (a SPARQL query to query.wikidata.org) and probes opencorporates.com. That tab is
mounted on every page, so those requests are aborted (fast, and the same offline) and the test
checks that no other host was asked for. Not checkable: testbench 0.2 validates a data extension
response but never shows the errors (its renderResponseValidationErrors is empty), so Extend is
checked by the value it displays (tests/unit/app/test_reconcile.py validates extend responses).
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from tests.e2e.conftest import Site

Page = Any  # playwright.sync_api.Page (imported lazily, as in test_browser.py)

BUILD = Path(__file__).resolve().parents[1] / "testbench" / "build"
INTERNET_ONLY = {"query.wikidata.org", "opencorporates.com"}  # the Services tab (module docstring)
SHENG, ZHANG = "sheng", "zhang"
QUERIES = {"盛宣懷": SHENG, "Sheng Hsuan-huai": SHENG, "杏蓀": SHENG, "shengxuanhuai": SHENG, "香涛": ZHANG}
# The name each service answers in: names as stored, pinyin, traditional characters.
NAMES = {
    "/reconcile": {SHENG: "盛宣怀", ZHANG: "张之洞"},
    "/reconcile/en": {SHENG: "Sheng Xuanhuai", ZHANG: "Zhang Zhidong"},
    "/reconcile/zh-Hant": {SHENG: "盛宣懷", ZHANG: "張之洞"},
}
WITH_BIRTH = "盛宣懷, birth year 1844"
MANIFEST_ALERT = "Validation errors for service manifest"
RESULT_ALERT = "Validations error for reconcilation response"  # sic, the testbench's wording
TIMEOUT_MS = 15_000

# The spec version the testbench judged the manifest to conform to (the newest whose manifest schema
# accepts it): it validates every response against that version's schemas, so "no alert" only means
# "valid 0.2" when this says 0.2. Read from the React props of the Reconcile button (React 16).
COMPATIBLE_VERSION_JS = """button => {
    const key = Object.keys(button).find(k => k.startsWith("__reactInternalInstance$"));
    for (let fiber = button[key]; fiber; fiber = fiber.return) {
        const service = fiber.memoizedProps && fiber.memoizedProps.service;
        if (service && "latestCompatibleVersion" in service) return service.latestCompatibleVersion;
    }
    return "not found";
}"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """One line per static file would drown the test output."""


@pytest.fixture(scope="module")
def testbench() -> Iterator[str]:
    """The built testbench served from a free local port (a different origin from the service)."""
    if not (BUILD / "index.html").exists():
        pytest.fail(f"{BUILD} is not built: make test builds it (see tests/testbench/README.md)")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(BUILD)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


class Bench:
    """One testbench tab on one endpoint, recording what the browser saw."""

    def __init__(self, browser: Any, bench_url: str, endpoint: str) -> None:
        self.endpoint = endpoint
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page: Page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.aborted: set[str] = set()
        self.failed: list[str] = []  # requests to our service that failed or answered >= 400
        self.errors: list[str] = []
        service = urlsplit(endpoint).netloc
        self.context.route(lambda url: urlsplit(url).hostname not in ("127.0.0.1", "localhost"), self._abort)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("requestfailed", lambda r: self.failed.append(f"failed {r.url}") if service in r.url else None)
        self.page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}")
                     if service in r.url and r.status >= 400 else None)
        self.page.goto(f"{bench_url}#/client/{quote(endpoint, safe='')}")

    def _abort(self, route: Any) -> None:
        self.aborted.add(urlsplit(route.request.url).hostname or route.request.url)
        route.abort()

    def close(self) -> None:
        self.context.close()

    def alert(self, title: str) -> str:
        """The text of the testbench's warning box with this title, or '' when there is none."""
        alerts = self.page.locator(".alert-warning", has_text=title)
        return alerts.first.inner_text() if alerts.count() else ""

    def reconcile(self, query: str) -> dict[str, Any]:
        """Reconcile one name as the testbench's Reconcile tab does: what the tab shows.

        Its result-schema alert, the error it shows for a failed request, and the candidates best first,
        each with its name, score and match (the testbench marks an auto-matched candidate active).
        """
        self.page.fill("#reconcileName", query)
        with self.page.expect_response(lambda r: r.url == self.endpoint and r.request.method == "POST"):
            self.page.click("button:has-text('Reconcile')")
        self.page.locator(".resultsPlaceholder", has_text="Querying").wait_for(state="detached")
        error = self.page.locator(".tab-pane.active .resultsPlaceholder")
        candidates: list[dict[str, Any]] = self.page.locator(".tab-pane.active .list-group-item").evaluate_all(
            """items => items.map(item => ({name: item.querySelector(".list-group-item-heading").innerText.trim(),
                                            score: Number(item.querySelector(".badge").innerText),
                                            match: item.classList.contains("active")}))"""
        )
        return {"alert": self.alert(RESULT_ALERT), "error": error.inner_text() if error.count() else "",
                "candidates": candidates}

    def suggest(self, index: int, prefix: str) -> list[str]:
        """Type into the index-th typeahead of the active tab; the labels of its suggestions."""
        typeahead = self.page.locator(".tab-pane.active .rbt").nth(index)
        typeahead.locator(".rbt-input-main").fill("")
        with self.page.expect_response(lambda r: "/suggest/" in r.url and quote(prefix) in r.url):
            typeahead.locator(".rbt-input-main").press_sequentially(prefix, delay=30)
        labels = typeahead.locator(".rbt-menu .suggestItemLabel")
        labels.first.wait_for()
        return labels.all_inner_texts()

    def pick(self, index: int, prefix: str) -> None:
        """Choose the first suggestion for prefix in the index-th typeahead of the active tab."""
        self.suggest(index, prefix)
        self.page.locator(".tab-pane.active .rbt").nth(index).locator(".rbt-menu a").first.click()

    def tab(self, title: str) -> None:
        self.page.click(f"#test-bench-tabs a:text-is('{title}')")


@pytest.fixture(params=list(NAMES), ids=lambda path: path.strip("/").replace("/", "-"))
def bench(request: pytest.FixtureRequest, browser: Any, testbench: str, site: Site) -> Iterator[Bench]:
    opened = Bench(browser, testbench, site.url + request.param)
    yield opened
    opened.close()


def test_testbench_passes_every_check(bench: Bench, artifacts: Path) -> None:
    page, path = bench.page, urlsplit(bench.endpoint).path
    names = NAMES[path]
    seen: dict[str, Any] = {"endpoint": path}  # what the testbench showed, saved for the record

    # The manifest: fetched by CORS, valid 0.2 with no warning, its default type offered.
    page.locator(".has-success #endpointField, .has-error #endpointField").wait_for()
    assert page.locator(".has-success #endpointField").count() == 1, page.locator(".help-block").inner_text()
    seen["version"] = page.locator("button:has-text('Reconcile')").evaluate(COMPATIBLE_VERSION_JS)
    seen["manifest_alert"] = bench.alert(MANIFEST_ALERT)
    page.check("input[name=reconcileType][value=Person]")  # the type OpenRefine sends

    # Reconcile: each name in any script or romanisation; each response validated by the testbench.
    seen["reconcile"] = {query: bench.reconcile(query) for query in QUERIES}
    # ... and with a property constraint, as OpenRefine sends one (typeahead 0 is the custom type's).
    page.click("button:has-text('Add property')")
    bench.pick(1, "birth")
    page.fill("input[placeholder='Type a value']", "1844")
    seen["reconcile"][WITH_BIRTH] = bench.reconcile("盛宣懷")

    # Suggest: entity, type and property services, in the testbench's order.
    bench.tab("Suggest")
    seen["suggest"] = {"entity": bench.suggest(0, "shengxuan"), "type": bench.suggest(1, "Per"),
                       "property": bench.suggest(2, "birth")}

    # Preview: the entity's preview page loads in the testbench's iframe.
    bench.tab("Preview")
    bench.pick(0, "shengxuan")
    seen["preview"] = page.frame_locator(".tab-pane.active iframe").locator("body").inner_text()

    # Extend: the birth year of 盛宣怀 through the data extension service.
    bench.tab("Extend")
    bench.pick(0, "shengxuan")
    bench.pick(1, "birth")
    page.click(".tab-pane.active button:has-text('Submit')")
    extended = page.locator(".tab-pane.active .list-group-item")
    extended.first.wait_for()
    seen["extend"] = extended.all_inner_texts()
    seen["aborted_hosts"] = sorted(bench.aborted)
    (artifacts / f"testbench{path.removeprefix('/reconcile').replace('/', '-')}.json").write_text(
        json.dumps(seen, ensure_ascii=False, indent=1), encoding="utf-8")

    assert seen["version"] == "0.2", "the testbench judges the manifest by another version's schemas"
    assert seen["manifest_alert"] == ""
    for query, person in [*QUERIES.items(), (WITH_BIRTH, SHENG)]:
        answer = seen["reconcile"][query]
        assert (answer["alert"], answer["error"]) == ("", ""), query
        assert answer["candidates"][0]["name"] == names[person], (query, answer)
    score = {query: seen["reconcile"][query]["candidates"][0]["score"] for query in ("盛宣懷", WITH_BIRTH)}
    assert score[WITH_BIRTH] > score["盛宣懷"], "the testbench's property constraint did not reach the service"
    assert names[SHENG] in seen["suggest"]["entity"]
    assert any("Person" in label for label in seen["suggest"]["type"])
    assert seen["suggest"]["property"]
    assert names[SHENG] in seen["preview"]
    assert any("1844" in value for value in seen["extend"])
    assert bench.failed == [], "requests to the service failed"
    assert bench.errors == [], "JavaScript errors in the testbench"
    assert bench.aborted <= INTERNET_ONLY, f"the testbench asked other hosts: {bench.aborted - INTERNET_ONLY}"
