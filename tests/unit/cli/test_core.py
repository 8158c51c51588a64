"""The CLI as a user runs it: real process, one-line errors, documented exit codes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ZHIREN = Path(sys.executable).with_name("zhiren")


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ZHIREN), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **env})


def test_config_prints_settings_with_secrets_masked() -> None:
    result = run("config", ZHIREN_API_TOKEN="topsecret")
    assert result.returncode == 0
    assert "ZHIREN_API_TOKEN" in result.stdout and "topsecret" not in result.stdout


def test_bad_setting_is_one_line_exit_1() -> None:
    result = run("config", ZHIREN_GRAPH="mysql")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: ZHIREN_GRAPH: graph: must be one of embedded, neo4j, got 'mysql'"]


def test_down_backend_is_one_line_exit_3(tmp_path: Path) -> None:
    result = run("counts", ZHIREN_GRAPH="neo4j", ZHIREN_NEO4J_URI="bolt://127.0.0.1:1", ZHIREN_DATA_DIR=str(tmp_path))
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Neo4j at bolt://127.0.0.1:1 is unavailable" in lines[0]
    assert "zhiren services up" in lines[0] and "Traceback" not in result.stderr


def test_counts_on_empty_embedded_stores(tmp_path: Path) -> None:
    result = run("counts", "--json", ZHIREN_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert '"persons": 0' in result.stdout and '"search_entries": 0' in result.stdout


def test_usage_error_exit_2() -> None:
    assert run("counts", "--no-such-flag").returncode == 2


def test_serve_first_takes_in_a_curation_change_a_killed_server_left_pending(tmp_path: Path) -> None:
    """The graph committed a change (with its outbox entries) and the process died before the
    search index and the triple store followed: the next `zhiren serve` brings them up to date."""
    from dataclasses import replace

    from tests.factories import SHENG, sample_batch
    from zhiren.authority.curation.curator import Curator
    from zhiren.authority.curation.operations import AddName
    from zhiren.authority.model import NameType
    from zhiren.ontology.sync import TRIPLES
    from zhiren.settings import load_settings
    from zhiren.store.derived import SEARCH
    from zhiren.store.factory import open_graph, open_triples

    settings = replace(load_settings(), data_dir=tmp_path)
    graph = open_graph(settings)
    graph.migrate()
    graph.write(sample_batch())
    Curator(graph, "王编目", pending_for=(SEARCH, TRIPLES)).run(AddName(SHENG, "止叟", NameType.ART))
    graph.close()

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [str(ZHIREN), "serve", "--port", str(port)],
        env={**os.environ, "ZHIREN_DATA_DIR": str(tmp_path)},
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert server.stdout is not None
        lines = [server.stdout.readline() for _ in range(3)]
    finally:
        server.terminate()
        server.communicate(timeout=30)  # closes the pipes
    assert lines[0] == "indexed 1 pending persons, documents and relations into embedded\n", lines
    assert lines[1] == "rewrote the graphs of 1 pending persons, documents and relations in embedded\n"
    assert lines[2].startswith("serving Zhiren")
    found = run("person", "find", "止叟", ZHIREN_DATA_DIR=str(tmp_path))
    assert SHENG in found.stdout, found
    triples = open_triples(settings)
    try:
        assert json.loads(triples.query('ASK { ?person ?named "止叟"@zh-Hans }').body)["boolean"]
    finally:
        triples.close()


@pytest.mark.parametrize(
    ("kind", "subject", "old_graph"),
    [
        ("Relationship", "relation/r_father", "graph/person/p_shengkang"),
        ("Document", "document/d1", "graph/document/d1"),
        ("Document", "document/d1", "document/d1"),
    ],
)
def test_a_triple_store_in_an_earlier_layout_is_refused_until_rebuilt(
    tmp_path: Path, kind: str, subject: str, old_graph: str
) -> None:
    """Written by an earlier version, such a store would lose a person's relations the first time
    his graph is rewritten (relations in persons' graphs), or hold a document twice (a named
    graph per document): the CLI says how to rebuild it instead of writing to it."""
    from dataclasses import replace

    from pyoxigraph import NamedNode, Triple

    from tests.factories import sample_batch
    from zhiren.settings import load_settings
    from zhiren.store.factory import open_graph, open_triples

    settings = replace(load_settings(), data_dir=tmp_path)
    graph = open_graph(settings)
    graph.write(sample_batch())
    graph.close()
    base = settings.base_uri
    typed = Triple(
        NamedNode(f"{base}{subject}"),
        NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        NamedNode(f"{base}ontology#{kind}"),
    )
    triples = open_triples(settings)
    triples.put_graphs([(f"{base}{old_graph}", [typed])])  # as an older mapping wrote it
    triples.close()

    refused = run("reindex", "--pending", ZHIREN_DATA_DIR=str(tmp_path))
    assert refused.returncode == 1 and "zhiren reindex --triples" in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr
    assert run("reindex", "--triples", ZHIREN_DATA_DIR=str(tmp_path)).returncode == 0
    caught_up = run("reindex", "--pending", ZHIREN_DATA_DIR=str(tmp_path))
    assert caught_up.returncode == 0, caught_up.stderr
