"""Elasticsearch bulk writes: a document the engine rejects is reported to the caller, never lost silently.

Only this adapter is concerned: SQLite stores whatever it is given, so there is no shared body.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from elasticsearch.helpers import BulkIndexError

from zhiren.settings import Settings
from zhiren.store.factory import open_search
from zhiren.store.search.base import IndexEntry, SearchIndex


@pytest.fixture
def elastic(tmp_path: Path, server_settings: Settings) -> Iterator[SearchIndex]:
    settings = replace(server_settings, search="elasticsearch", data_dir=tmp_path, es_index_prefix="zhiren-test-bulk")
    index = open_search(settings)
    index.clear()
    yield index
    index.clear()
    index.close()


@pytest.mark.parametrize("position", [0, 1_100], ids=["first-request", "later-request"])
def test_a_rejected_document_raises_with_its_id(elastic: SearchIndex, position: int) -> None:
    entries = [IndexEntry(f"p{i}", "person", "盛宣懷", names=["盛宣懷", "杏蓀"]) for i in range(1_200)]
    entries[position] = replace(entries[position], year="not a year")  # type: ignore[arg-type]
    with pytest.raises(BulkIndexError) as caught:
        elastic.index(entries)
    assert [error["index"]["_id"] for error in caught.value.errors] == [f"p{position}"]
