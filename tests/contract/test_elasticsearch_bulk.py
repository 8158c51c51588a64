"""Elasticsearch bulk writes: a document the engine rejects is reported to the caller, never lost silently.

Only this adapter is concerned: SQLite stores whatever it is given, so there is no shared body.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from zhiren.errors import StoreRejected, ZhirenError
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
    with pytest.raises(StoreRejected) as caught:
        elastic.index(entries)
    assert [failure["id"] for failure in caught.value.details["failures"]] == [f"p{position}"]
    assert "document_parsing_exception" in str(caught.value) and f"p{position}" in str(caught.value)


def test_deleting_an_id_not_indexed_is_no_error(elastic: SearchIndex) -> None:
    elastic.index([IndexEntry("p1", "person", "盛宣懷", names=["盛宣懷"])])
    elastic.delete(["p1", "never-indexed"])
    elastic.refresh()
    assert elastic.count() == 0


def test_a_refused_delete_is_reported_not_discarded(elastic: SearchIndex) -> None:
    """Before, delete() threw the bulk reply's errors away: the entry stayed and nobody knew."""
    elastic.index([IndexEntry("p1", "person", "盛宣懷", names=["盛宣懷"])])
    client, alias = elastic.client, elastic.alias  # type: ignore[attr-defined]
    client.indices.put_settings(index=alias, settings={"index.blocks.write": True})
    try:
        with pytest.raises(ZhirenError) as caught:
            elastic.delete(["p1"])
    finally:
        client.indices.put_settings(index=alias, settings={"index.blocks.write": False})
    assert isinstance(caught.value, StoreRejected) and caught.value.details["failures"][0]["id"] == "p1"
