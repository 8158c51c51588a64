"""Really start the servers with `services.manager`, check status and versions, stop them.

The servers run from a throwaway services folder on free ports, so servers that
`zhiren services up` started for the other integration tests are left alone; the
downloads (dist/ and the Maven repository) are shared with the configured services_dir
through symlinks, so only the first run ever fetches.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from zhiren.errors import BackendUnavailable, InputError
from zhiren.services import manager
from zhiren.services.fuseki_compact import disk_usage
from zhiren.services.probes import LOOPBACK
from zhiren.services.versions import ELASTICSEARCH_VERSION, FUSEKI_VERSION, NEO4J_VERSION
from zhiren.settings import Settings, load_settings

pytestmark = [pytest.mark.neo4j, pytest.mark.elasticsearch]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def settings() -> Iterator[Settings]:
    shared = load_settings().services_dir
    for folder in ("dist", "maven"):
        (shared / folder).mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(dir=shared.parent, prefix="zhiren-services-test-"))
    for folder in ("dist", "maven"):
        (root / folder).symlink_to(shared / folder)
    test_settings = load_settings(
        services_dir=root,
        neo4j_uri=f"bolt://127.0.0.1:{_free_port()}",
        es_url=f"http://127.0.0.1:{_free_port()}",
        fuseki_url=f"http://127.0.0.1:{_free_port()}/zhiren",
    )
    try:
        yield test_settings
    finally:
        manager.down(test_settings)
        shutil.rmtree(root)


def test_up_status_down(settings: Settings) -> None:
    lines: list[str] = []
    started = time.monotonic()
    result = manager.up(settings, report=lines.append)
    print(f"up took {time.monotonic() - started:.1f} s: {lines}")

    assert set(result) == {"neo4j", "elasticsearch", "fuseki"}
    by_name = {s.name: s for s in manager.status(settings)}
    neo4j, es, fuseki = by_name["neo4j"], by_name["elasticsearch"], by_name["fuseki"]
    assert (neo4j.running, neo4j.healthy, neo4j.version) == (True, True, NEO4J_VERSION)
    assert (es.running, es.healthy, es.version) == (True, True, ELASTICSEARCH_VERSION)
    assert (fuseki.running, fuseki.healthy, fuseki.version) == (True, True, FUSEKI_VERSION)
    assert neo4j.port == settings.neo4j_port and es.port == settings.es_port and fuseki.port == settings.fuseki_port
    assert neo4j.data_dir.is_dir() and es.data_dir.is_dir() and fuseki.data_dir.is_dir()
    assert neo4j.pid is not None and es.pid is not None and fuseki.pid is not None

    again = manager.up(settings, report=lines.append)  # already running: a no-op
    pids = {"neo4j": neo4j.pid, "elasticsearch": es.pid, "fuseki": fuseki.pid}
    assert {s.name: s.pid for s in again.values()} == pids

    assert sorted(manager.down(settings, report=lines.append)) == ["elasticsearch", "fuseki", "neo4j"]
    after = manager.status(settings)
    assert [(s.running, s.pid, s.version) for s in after] == [(False, None, None)] * 3
    assert manager.down(settings, report=lines.append) == []
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", settings.neo4j_port)) != 0


def test_a_taken_port_fails_with_the_setting_to_change(settings: Settings) -> None:
    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # the port may be in TIME_WAIT
        squatter.bind(("127.0.0.1", settings.es_port))
        squatter.listen()
        with pytest.raises(BackendUnavailable) as err:
            manager.up(settings, only="elasticsearch", report=lambda _line: None)
    assert err.value.exit_code == 3
    assert f"port {settings.es_port}" in str(err.value)
    assert "ZHIREN_ES_URL" in str(err.value)
    assert manager.status(settings)[1].running is False


def _put_graph(dataset_url: str, version: int, n: int) -> None:
    """Replace one named graph with ``n`` triples over the Graph Store Protocol, as the adapter writes."""
    body = "".join(f'<http://ex.org/s{i}> <http://ex.org/p> "version {version} of {i}" .\n' for i in range(n))
    request = urllib.request.Request(
        f"{dataset_url}/data?graph=http://ex.org/g", data=body.encode(), method="PUT",
        headers={"Content-Type": "application/n-triples"},
    )
    with LOOPBACK.open(request, timeout=60) as response:
        assert response.status in (200, 201, 204)


def _count(dataset_url: str) -> int:
    query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"})
    request = urllib.request.Request(f"{dataset_url}/sparql?{query}", headers={"Accept": "text/csv"})
    with LOOPBACK.open(request, timeout=60) as response:
        return int(response.read().decode().split()[-1])


def test_compaction_gives_back_the_space_of_replaced_data_and_keeps_the_live_data(settings: Settings) -> None:
    manager.up(settings, only="fuseki", report=lambda _line: None)
    fuseki = manager.fuseki_server(settings)
    url = f"http://127.0.0.1:{settings.fuseki_port}/{fuseki.test_dataset}"
    for version in range(5):  # TDB2 writes each version to new space and keeps the old
        _put_graph(url, version, 5000)

    (done,) = manager.compact(settings, [fuseki.test_dataset], report=lambda _line: None)

    print(f"{done.dataset}: {done.before:,} -> {done.after:,} bytes in {done.seconds:.1f} s")
    assert done.after < done.before / 2
    assert done.after == disk_usage(fuseki.datasets[fuseki.test_dataset])
    assert len(list(fuseki.datasets[fuseki.test_dataset].glob("Data-*"))) == 1  # the old copy deleted
    assert _count(url) == 5000
    _put_graph(url, 5, 10)  # and the server writes on, to the compacted copy
    assert _count(url) == 10
    with pytest.raises(InputError, match="no dataset 'elsewhere'"):
        manager.compact(settings, ["elsewhere"], report=lambda _line: None)
    assert manager.down(settings, only="fuseki", report=lambda _line: None) == ["fuseki"]
    with pytest.raises(BackendUnavailable, match="fuseki is unavailable \\(not running\\)"):
        manager.compact(settings, report=lambda _line: None)
