"""Reconciliation answered by worker processes: the same answers as in the request's thread, a dead worker
replaced, a change to the stores read by the next batch, and `zhiren serve` running its pool."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import embedded_settings
from tests.unit.app.demo_app import demo_app
from zhiren.app import create_app
from zhiren.app.reconcile_worker import ReconcileWorkers, answer
from zhiren.authority.model import NameType, Person
from zhiren.authority.names import build_name
from zhiren.settings import Settings
from zhiren.store.factory import open_graph, open_search
from zhiren.store.graph.base import GraphBatch
from zhiren.store.search.entries import person_entry

SHENG = "prt1bb7pee24vg"  # 盛宣怀 in the demo authority
ZHIREN = Path(__file__).resolve().parents[3] / ".venv" / "bin" / "zhiren"

BATCHES: list[tuple[str, dict[str, Any]]] = [
    ("queries", {"q0": {"query": "盛宣怀"}, "q1": {"query": "Sheng Hsuan-huai"}, "q2": {"query": "杏蓀"}}),
    ("queries", {"q0": {"query": "盛宣怀", "properties": [{"pid": "birth_year", "v": "1844"}]},
                 "q1": {"query": "http://127.0.0.1:5000/person/" + SHENG}, "q2": {"query": "张之洞", "limit": 2}}),
    ("extend", {"ids": [SHENG, "p0000000000000"], "properties": [{"id": "kin"}, {"id": "names_courtesy"}]}),
]
REFUSED: list[tuple[str, str, int]] = [
    ("queries", "{not json", 400),
    ("queries", json.dumps({f"q{k}": {"query": "盛宣怀"} for k in range(11)}), 413),
    ("queries", json.dumps({"q0": {"query": "盛宣怀", "properties": [{"pid": "no_such", "v": "x"}]}}), 400),
    ("extend", json.dumps({"ids": [SHENG], "properties": [{"id": "no_such"}]}), 400),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("reconcile-workers")
    app = demo_app(folder)
    settings: Settings = app.config["ZHIREN_SETTINGS"]
    app.extensions["zhiren"].close()
    return settings


@pytest.fixture(scope="module")
def workers(demo: Settings) -> Iterator[ReconcileWorkers]:
    pool = ReconcileWorkers(demo, 2)
    yield pool
    pool.close()


def in_thread(settings: Settings, field: str, lang: str | None, text: str) -> tuple[int, bytes]:
    graph, search = open_graph(settings, migrate=False), open_search(settings)
    try:
        return answer(graph, search, lang, field, text)
    finally:
        graph.close()
        search.close()


@pytest.mark.parametrize("lang", [None, "zh-Hant", "en"])
def test_workers_answer_every_batch_as_the_request_thread_does(
    demo: Settings, workers: ReconcileWorkers, lang: str | None
) -> None:
    for field, payload in BATCHES:
        text = json.dumps(payload, ensure_ascii=False)
        status, body = workers.answer(field, lang, text)
        assert status == 200, body
        assert (status, body) == in_thread(demo, field, lang, text)
    best = json.loads(workers.answer("queries", lang, json.dumps(BATCHES[0][1]))[1])["q0"]["result"][0]
    assert best["id"] == SHENG and best["match"] is True


@pytest.mark.parametrize(("field", "text", "status"), REFUSED)
def test_a_refused_request_comes_back_with_its_status_and_field(
    demo: Settings, workers: ReconcileWorkers, field: str, text: str, status: int
) -> None:
    answered = workers.answer(field, None, text)
    assert answered == in_thread(demo, field, None, text)
    assert answered[0] == status
    assert json.loads(answered[1])["error"]["details"]["field"].startswith(field)


def test_the_app_answers_batches_through_its_workers(demo: Settings, tmp_path: Path) -> None:
    """The app's own stores are empty; its workers read the demo: only they can find 盛宣怀."""
    app = create_app(embedded_settings(tmp_path))
    pool = ReconcileWorkers(demo, 1)
    pool.init_app(app)
    try:
        response = app.test_client().post("/reconcile", data={"queries": json.dumps({"q0": {"query": "盛宣怀"}})})
        assert response.status_code == 200
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.get_json()["q0"]["result"][0]["id"] == SHENG
        refused = app.test_client().post("/reconcile", data={"queries": "{not json"})
        assert refused.status_code == 400 and refused.get_json()["error"]["details"]["field"] == "queries"
    finally:
        pool.close()
        app.extensions["zhiren"].close()


def test_a_worker_that_dies_is_replaced_and_its_batch_answered(demo: Settings) -> None:
    pool = ReconcileWorkers(demo, 1)
    try:
        (before,) = pool.pids()
        os.kill(before, signal.SIGKILL)
        text = json.dumps(BATCHES[0][1])
        assert pool.answer("queries", None, text) == in_thread(demo, "queries", None, text)
        (after,) = pool.pids()
        assert after != before
    finally:
        pool.close()


def test_closing_the_pool_ends_its_workers(demo: Settings) -> None:
    pool = ReconcileWorkers(demo, 2)
    pids = pool.pids()
    pool.close()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_person_written_after_the_workers_started_is_found(demo: Settings, workers: ReconcileWorkers) -> None:
    """Workers keep no data between batches: a change the web process makes is read by the next batch."""
    newcomer = "p_worker_new"
    query = json.dumps({"q0": {"query": "龚鼎孳"}})
    assert json.loads(workers.answer("queries", None, query)[1])["q0"]["result"] == []
    graph, search = open_graph(demo), open_search(demo)
    try:
        graph.write(GraphBatch(persons=[Person(newcomer, "龚鼎孳")],
                               names=[build_name(newcomer, "龚鼎孳", NameType.GIVEN, preferred=True)]))
        search.index([person_entry(graph.get_person(newcomer))])
    finally:
        graph.close()
        search.close()
    for _ in range(2):  # each worker
        assert json.loads(workers.answer("queries", None, query)[1])["q0"]["result"][0]["id"] == newcomer


def test_a_store_that_is_down_is_a_503_for_the_batch(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    pool = ReconcileWorkers(embedded_settings(tmp_path, graph="neo4j", neo4j_uri=f"bolt://127.0.0.1:{port}"), 1)
    try:
        status, body = pool.answer("queries", None, json.dumps({"q0": {"query": "盛宣怀"}}))
        assert status == 503
        assert json.loads(body)["error"]["code"] == "backend_unavailable"
    finally:
        pool.close()


def post_when_listening(url: str, form: bytes) -> bytes:
    """POST once the server listens (it says it serves just before it binds its port)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, data=form, timeout=30) as response:
                body: bytes = response.read()
                return body
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_zhiren_serve_answers_reconciliation_by_its_workers(demo: Settings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [str(ZHIREN), "serve", "--port", str(port), "--reconcile-workers", "2"],
        env={**os.environ, "ZHIREN_DATA_DIR": str(demo.data_dir)},
        text=True,
        stdout=subprocess.PIPE,
    )
    try:
        assert server.stdout is not None
        assert "reconciliation workers: 2" in server.stdout.readline()
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        commands = [Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0") for child in children]
        assert sum(b"zhiren.app.reconcile_worker" in command for command in commands) == 2
        form = urllib.parse.urlencode({"queries": json.dumps({"q0": {"query": "盛宣怀"}})}).encode()
        assert json.loads(post_when_listening(f"http://127.0.0.1:{port}/reconcile", form))["q0"]["result"][0]["id"] \
            == SHENG
    finally:
        server.terminate()
        server.communicate(timeout=30)
    deadline = time.monotonic() + 10  # a worker ends when the server's end of its socket closes
    while any(Path(f"/proc/{child}").exists() for child in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(Path(f"/proc/{child}").exists() for child in children)
