"""The demo corpus on Neo4j + Elasticsearch gives the same authority as on the embedded stores."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.demo_fixture import load
from zhiren.settings import Settings
from zhiren.store.factory import open_graph, open_search
from zhiren.store.search.base import SearchQuery


@pytest.mark.neo4j
@pytest.mark.elasticsearch
def test_demo_on_servers_matches_embedded(server_settings: Settings, tmp_path: Path) -> None:
    embedded = replace(server_settings, graph="embedded", search="embedded", data_dir=tmp_path)
    servers = replace(server_settings, graph="neo4j", search="elasticsearch", es_index_prefix="zhiren-test-demo")
    results = {}
    for settings in (embedded, servers):
        graph, search = open_graph(settings), open_search(settings)
        try:
            graph.clear()
            search.clear()
            load(graph, search)
            first = graph.counts()
            load(graph, search)  # idempotent on every backend
            assert graph.counts() == first
            hits = search.search(SearchQuery("杏荪", type="document"))
            people = search.search(SearchQuery("Chang Chih-tung", type="person"))
            results[settings.graph] = (first, hits.total, [h.title for h in people.hits], search.count())
        finally:
            graph.clear()
            search.clear()
            graph.close()
            search.close()
    assert results["neo4j"] == results["embedded"]
    assert results["embedded"][0]["documents"] == 39 and results["embedded"][2] == ["张之洞"]
