"""A real server and a real headless Chromium for the browser tests.

The app runs over the demo corpus (embedded stores in a temporary folder) on a werkzeug server
thread at a free port; Chromium is Debian's ``chromium`` package driven by Playwright through
``executable_path`` (nothing is downloaded; ``make test`` installs the package when missing).
Screenshots go to ``ZHIREN_E2E_ARTIFACTS`` (default ``build/e2e``), named in the test summary.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import BaseWSGIServer, make_server

from tests.conftest import embedded_settings
from tests.demo_fixture import load
from zhiren.app import STATIC_DIR, create_app
from zhiren.app.reconcile_worker import ReconcileWorkers
from zhiren.authority.model import NameType, Person
from zhiren.authority.names import build_name
from zhiren.store.factory import open_graph, open_search
from zhiren.store.graph.base import GraphBatch
from zhiren.store.search.entries import person_entry

ARTIFACTS = Path(os.environ.get("ZHIREN_E2E_ARTIFACTS", Path(__file__).resolve().parents[2] / "build" / "e2e"))
TOKEN = "e2e-curation-token"
DUPLICATE = "p_e2e_duplicate"  # a second record of 盛宣怀 for the curator to merge


@dataclass
class Site:
    url: str
    token: str


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if ARTIFACTS.exists() and any(ARTIFACTS.iterdir()):
        terminalreporter.write_line(f"browser screenshots: {ARTIFACTS}")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    if not (STATIC_DIR / "vendor" / "cytoscape.min.js").exists():
        pytest.fail("static/vendor is not built: run `npm ci && npm run build` (make install does)")
    settings = embedded_settings(tmp_path_factory.mktemp("e2e"), api_token=TOKEN, secret_key="e2e-secret")
    graph, search = open_graph(settings), open_search(settings)
    load(graph, search)
    duplicate = Person(DUPLICATE, "盛杏荪", gender="male", native_place="武进")
    graph.write(
        GraphBatch(persons=[duplicate], names=[build_name(DUPLICATE, "盛杏荪", NameType.GIVEN, preferred=True)])
    )
    search.index([person_entry(graph.get_person(DUPLICATE))])
    graph.close()
    search.close()
    app = create_app(settings)
    workers = ReconcileWorkers(settings, 1)  # as `zhiren serve`: the testbench's batches are answered by a worker
    workers.init_app(app)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per font slice otherwise
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(f"http://127.0.0.1:{server.server_port}", TOKEN)
    server.shutdown()
    workers.close()
    app.extensions["zhiren"].close()



@pytest.fixture(scope="session")
def artifacts() -> Path:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS
