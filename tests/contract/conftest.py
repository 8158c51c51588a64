"""Every contract test runs once per adapter: pytest ids show embedded, neo4j and elasticsearch.

Server adapters connect to the servers `make test` starts; if one is down the test fails
with BackendUnavailable naming it — it never skips.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import backend_choices
from zhiren.settings import Settings
from zhiren.store.factory import open_graph, open_search
from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex


@pytest.fixture(params=backend_choices("graph"))
def graph(request: pytest.FixtureRequest, tmp_path: Path, server_settings: Settings) -> Iterator[GraphStore]:
    settings = replace(server_settings, graph=request.param, data_dir=tmp_path)
    store = open_graph(settings)
    store.clear()
    yield store
    store.clear()
    store.close()


@pytest.fixture(params=backend_choices("search"))
def search(request: pytest.FixtureRequest, tmp_path: Path, server_settings: Settings) -> Iterator[SearchIndex]:
    settings = replace(server_settings, search=request.param, data_dir=tmp_path, es_index_prefix="zhiren-test")
    index = open_search(settings)
    index.clear()
    yield index
    index.clear()
    index.close()
