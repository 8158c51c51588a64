"""Neo4j goes away in the middle of an ingest: a clear message and exit 3, no half-written batch,
and the re-run resumes after the last committed batch and ends with exactly what a clean run stores."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from tests.support.tcp_proxy import TcpProxy
from zhiren.settings import Settings
from zhiren.store.factory import open_graph

ZHIREN = Path(sys.executable).with_name("zhiren")
DEMO = Path(__file__).resolve().parents[2] / "ingest" / "demo"
ITEMS = 240


def zhiren(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ZHIREN), *args], capture_output=True, text=True, timeout=600, env=env)


def many_items(path: Path) -> Path:
    """The demo letters again and again under new 档号, so the ingest runs long enough to be cut."""
    with (DEMO / "sheng_items.csv").open(encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, list(rows[0]))
        writer.writeheader()
        for i in range(ITEMS):
            writer.writerow({**rows[i % len(rows)], "档号": f"GONE-{i:04d}"})
    return path


def committed(data: Path) -> int:
    done = [json.loads(p.read_text())["done"] for p in (data / "checkpoints").glob("*.json")]
    return max(done, default=0)


def test_neo4j_going_away_mid_ingest_then_resume(tmp_path: Path, server_settings: Settings) -> None:
    port = server_settings.neo4j_port
    direct = {
        **os.environ,
        "ZHIREN_GRAPH": "neo4j",
        "ZHIREN_SEARCH": "embedded",
        "ZHIREN_DATA_DIR": str(tmp_path / "data"),
        "ZHIREN_BATCH_SIZE": "5",
    }
    graph = open_graph(replace(server_settings, graph="neo4j", data_dir=tmp_path))
    graph.clear()
    items = many_items(tmp_path / "items.csv")
    assert zhiren(direct, "ingest", "authority", str(DEMO / "authority.csv")).returncode == 0

    proxy = TcpProxy(port)
    through_proxy = {**direct, "ZHIREN_NEO4J_URI": f"bolt://127.0.0.1:{proxy.port}"}
    run = subprocess.Popen(
        [str(ZHIREN), "ingest", "sheng", str(items)],
        env=through_proxy,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while committed(tmp_path / "data") < 20 and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)
    proxy.cut()
    stdout, stderr = run.communicate(timeout=300)
    assert run.returncode == 3, (stdout, stderr)
    assert "Neo4j at bolt://127.0.0.1" in stderr and "Traceback" not in stderr
    stopped_at = committed(tmp_path / "data")
    assert 20 <= stopped_at < ITEMS
    counts = graph.counts()
    assert stopped_at <= counts["documents"] < ITEMS and counts["documents"] % 5 == 0  # whole batches only

    resumed = zhiren(direct, "ingest", "sheng", str(items))
    assert resumed.returncode == 0, resumed.stderr
    assert f"skipping {stopped_at} item(s)" in resumed.stdout
    after = graph.counts()
    assert after["documents"] == ITEMS and committed(tmp_path / "data") == 0
    again = zhiren(direct, "ingest", "sheng", "--restart", str(items))
    assert again.returncode == 0 and graph.counts() == after  # what a clean run stores, nothing twice
    graph.clear()
    graph.close()
