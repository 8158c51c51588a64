"""Keeps person entries of the search index in step with curation changes to the graph."""

from __future__ import annotations

from collections.abc import Iterable

from zhiren.errors import NotFound
from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex
from zhiren.store.search.entries import person_entry


def sync_persons(graph: GraphStore, search: SearchIndex, person_ids: Iterable[str]) -> None:
    """Re-index live persons; drop merged (redirecting) and deleted ones from the index."""
    entries, gone = [], []
    for person_id in dict.fromkeys(person_ids):
        try:
            record = graph.get_person(person_id, mention_limit=0)
        except NotFound:
            gone.append(person_id)
            continue
        if record.redirected_from:
            gone.append(person_id)
        else:
            entries.append(person_entry(record))
    if entries:
        search.index(entries)
    if gone:
        search.delete(gone)
    search.refresh()
