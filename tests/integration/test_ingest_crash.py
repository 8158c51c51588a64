"""Fault injection: an ingest SIGKILLed (with its workers) at several points, then resumed, ends
with the graph, the search index and the triple store a clean run stores, on the embedded stores
and on Neo4j + Elasticsearch (with the embedded triple store) (issue 19: before the outbox, a batch
killed between its graph write and its index write stayed out of the index for good).

The ingest kills itself through the documented test hook ZHIREN_CRASH_AT=POINT:N (ingest/crash.py),
so each kill lands exactly where it is meant to: inside a batch, between a batch's graph write and
its index write, just after a checkpoint. The process runs in its own session and the hook kills
the whole process group.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from zhiren.settings import Settings
from zhiren.store.derived import SEARCH
from zhiren.store.factory import SEARCH_FILE, open_graph, open_search
from zhiren.store.graph.base import GraphStore, PendingIds

ZHIREN = Path(sys.executable).with_name("zhiren")
DEMO = Path(__file__).resolve().parents[2] / "ingest" / "demo"
ITEMS = 300
BATCH = 20
SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = "德明文华志国安平光宗永世茂启祥"

BACKENDS = {
    "embedded": {"ZHIREN_GRAPH": "embedded", "ZHIREN_SEARCH": "embedded"},
    "servers": {"ZHIREN_GRAPH": "neo4j", "ZHIREN_SEARCH": "elasticsearch"},
}


def letters(path: Path) -> Path:
    """The demo letters again under new 档号, each sent by a person no one has named yet, so
    every batch creates persons (what the crash used to leave out of the index)."""
    with (DEMO / "sheng_items.csv").open(encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, list(rows[0]))
        writer.writeheader()
        for i in range(ITEMS):
            sender = SURNAMES[i % 10] + GIVEN[(i // 10) % 15] + GIVEN[(i // 150 + i) % 15]
            row = rows[i % len(rows)]
            writer.writerow({**row, "档号": f"CRASH-{i:04d}", "发文者": sender})
    return path


@pytest.fixture(params=["embedded", pytest.param("servers", marks=[pytest.mark.neo4j, pytest.mark.elasticsearch])])
def backend(request: pytest.FixtureRequest, tmp_path: Path, server_settings: Settings) -> Iterator[dict[str, str]]:
    env = {
        **os.environ,
        **BACKENDS[request.param],
        "ZHIREN_NEO4J_URI": server_settings.neo4j_uri,
        "ZHIREN_ES_URL": server_settings.es_url,
        "ZHIREN_ES_INDEX_PREFIX": "zhiren-test-crash",
        "ZHIREN_BATCH_SIZE": str(BATCH),
    }
    env.pop("ZHIREN_CRASH_AT", None)
    yield env
    for folder in ("clean", "crashed"):
        with stores({**env, "ZHIREN_DATA_DIR": str(tmp_path / folder)}, server_settings) as (graph, search):
            graph.clear()
            search.clear()


class stores:
    """The graph and the search index an ingest with ``env`` writes, opened in this process."""

    def __init__(self, env: dict[str, str], base: Settings) -> None:
        self.settings = replace(
            base,
            graph=env["ZHIREN_GRAPH"],
            search=env["ZHIREN_SEARCH"],
            data_dir=Path(env["ZHIREN_DATA_DIR"]),
            es_index_prefix=env["ZHIREN_ES_INDEX_PREFIX"],
        )

    def __enter__(self) -> tuple[GraphStore, Any]:
        self.graph, self.search = open_graph(self.settings), open_search(self.settings)
        return self.graph, self.search

    def __exit__(self, *exc: object) -> None:
        self.graph.close()
        self.search.close()


def zhiren(env: dict[str, str], *args: str, crash_at: str = "") -> subprocess.CompletedProcess[str]:
    """Run the CLI in a session of its own (so the hook's process-group kill stops only it)."""
    run_env = {**env, "ZHIREN_CRASH_AT": crash_at} if crash_at else env
    process = subprocess.Popen(
        [str(ZHIREN), *args],
        env=run_env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    stdout, stderr = process.communicate(timeout=600)
    if crash_at:
        assert process.returncode == -signal.SIGKILL, (crash_at, stdout, stderr)
        assert group_gone(process.pid), "a process of the killed ingest's group (an extraction worker?) outlived it"
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def group_gone(group: int, seconds: float = 10.0) -> bool:
    """Whether every process of ``group`` is gone within ``seconds`` (the killed workers are
    reaped by init once their parent is dead, which takes a moment)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def graph_state(graph: GraphStore) -> dict[str, Any]:
    """Everything the graph holds that an ingest writes, in a comparable form."""
    persons = {
        r.person.id: (
            r.person.preferred_name,
            sorted((n.id, n.text, n.type.value) for n in r.names),
            sorted((x.id, x.source_id, x.target_id, tuple(sorted(x.evidence))) for x in r.relations),
        )
        for page in graph.iter_persons(500)
        for r in page
    }
    documents = {
        d.id: sorted((m.id, m.person_id, m.status.value, m.confidence) for m in graph.get_document(d.id)[1])
        for page in graph.iter_documents(500)
        for d in page
    }
    return {"counts": graph.counts(), "persons": persons, "documents": documents}


def triples_state(env: dict[str, str], out: Path) -> set[bytes]:
    """Every triple of the triple store, as `zhiren export` writes them (N-Triples)."""
    run = zhiren(env, "export", "--format", "nt", "--out", str(out))
    assert run.returncode == 0, run.stderr
    return set(gzip.decompress(out.read_bytes()).splitlines())


def index_state(settings: Settings, search: Any) -> dict[str, tuple[Any, ...]]:
    """Every entry of the search index: id → (type, title, text, year, data), read from the engine."""
    search.refresh()
    if settings.search == "elasticsearch":
        from elasticsearch.helpers import scan

        hits = scan(search.client, index=search.alias, query={"query": {"match_all": {}}})
        rows = [
            (h["_id"], s["type"], s["title"], s["text"], s["year"], s["data"]) for h in hits for s in [h["_source"]]
        ]
    else:
        with sqlite3.connect(settings.data_dir / SEARCH_FILE) as db:
            found = db.execute("SELECT id, type, title, text, year, data FROM entries").fetchall()
        rows = [(i, t, title, text, year, json.loads(data)) for i, t, title, text, year, data in found]
    return {row[0]: tuple(json.dumps(v, sort_keys=True, ensure_ascii=False) for v in row[1:]) for row in rows}


def test_killed_anywhere_then_resumed_equals_a_clean_run(
    backend: dict[str, str], tmp_path: Path, server_settings: Settings
) -> None:
    items = letters(tmp_path / "letters.csv")
    clean = {**backend, "ZHIREN_DATA_DIR": str(tmp_path / "clean")}
    crashed = {**backend, "ZHIREN_DATA_DIR": str(tmp_path / "crashed")}

    with stores(clean, server_settings) as (graph, search):
        graph.clear()
        search.clear()
    assert zhiren(clean, "ingest", "authority", str(DEMO / "authority.csv")).returncode == 0
    run = zhiren(clean, "ingest", "sheng", str(items))
    assert run.returncode == 0, run.stderr
    with stores(clean, server_settings) as (graph, search):
        expected_graph, expected_index = (
            graph_state(graph),
            index_state(stores(clean, server_settings).settings, search),
        )
        graph.clear()  # Neo4j and Elasticsearch hold one graph and one index: the crashed run starts empty
        search.clear()
    assert expected_graph["counts"]["documents"] == ITEMS and len(expected_index) > ITEMS
    expected_triples = triples_state(clean, tmp_path / "clean.nt.gz")
    assert len(expected_triples) > 100 * ITEMS

    assert zhiren(crashed, "ingest", "authority", str(DEMO / "authority.csv")).returncode == 0
    zhiren(crashed, "ingest", "sheng", str(items), crash_at=f"in-batch:{2 * BATCH + 7}")
    zhiren(crashed, "ingest", "sheng", str(items), crash_at="graph-written:3")
    settings = stores(crashed, server_settings).settings
    with stores(crashed, server_settings) as (graph, search):
        pending = graph.pending(SEARCH, limit=10_000)
        indexed, stored = index_state(settings, search), graph_state(graph)["documents"]
    # The kill fell between the graph write and the index write: the batch is in the graph only.
    assert pending.documents and set(pending.documents) <= set(stored)
    assert not set(pending.documents) & set(indexed)

    drained = zhiren(crashed, "reindex", "--pending")
    assert drained.returncode == 0 and f"indexed {sum(map(len, pending))} pending" in drained.stdout
    with stores(crashed, server_settings) as (graph, search):
        assert graph.pending(SEARCH) == PendingIds([], [], [])
        assert set(pending.documents) <= set(index_state(settings, search))

    zhiren(crashed, "ingest", "sheng", str(items), crash_at="graph-written:2")  # left pending for the next ingest
    zhiren(crashed, "ingest", "sheng", str(items), crash_at="checkpointed:2")
    resumed = zhiren(crashed, "ingest", "sheng", str(items))
    assert resumed.returncode == 0 and "resuming" in resumed.stdout, resumed.stdout + resumed.stderr

    with stores(crashed, server_settings) as (graph, search):
        assert graph.pending(SEARCH) == PendingIds([], [], [])
        state = graph_state(graph)
        wrong = sorted(k for k, v in expected_graph["documents"].items() if state["documents"].get(k) != v)
        assert not wrong, f"documents whose mentions differ from the clean run's: {wrong[:10]}"
        assert state == expected_graph
        assert index_state(settings, search) == expected_index
    assert triples_state(crashed, tmp_path / "crashed.nt.gz") == expected_triples


def test_a_second_run_of_the_same_file_changes_nothing(
    backend: dict[str, str], tmp_path: Path, server_settings: Settings
) -> None:
    """Re-running an ingest (resumed past its end, then with --restart) leaves the graph and the
    index as the first run stored them, although its gazetteer now holds the persons the first run
    created and a name the authority gained since, which the letters contain (汉阳 here); and no
    person is made of a bare given name the letters sign with (宣怀, 之洞, 观应)."""
    items = letters(tmp_path / "letters.csv")
    env = {**backend, "ZHIREN_DATA_DIR": str(tmp_path / "clean")}
    settings = stores(env, server_settings).settings
    with stores(env, server_settings) as (graph, search):
        graph.clear()
        search.clear()
    assert zhiren(env, "ingest", "authority", str(DEMO / "authority.csv")).returncode == 0
    assert zhiren(env, "ingest", "sheng", str(items)).returncode == 0
    gained = tmp_path / "gained.csv"
    gained.write_text(
        "primary_id,person_id,person_name,born_year,died_year,name_type\nGAINED:1,GAINED,汉阳,1840,1900,名\n",
        encoding="utf-8",
    )
    assert zhiren(env, "ingest", "authority", str(gained)).returncode == 0
    with stores(env, server_settings) as (graph, search):
        first = graph_state(graph), index_state(settings, search)
    named = {name for name, _, _ in first[0]["persons"].values()}
    assert "汉阳" in named
    assert "宣怀谨禀" in items.read_text(encoding="utf-8")
    assert not named & {"宣怀", "之洞", "观应"}

    for again in (("ingest", "sheng", str(items)), ("ingest", "sheng", "--restart", str(items))):
        run = zhiren(env, *again)
        assert run.returncode == 0, run.stderr
        with stores(env, server_settings) as (graph, search):
            assert graph_state(graph) == first[0], again
            assert index_state(settings, search) == first[1], again
