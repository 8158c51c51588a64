"""Rebuild the search index from the graph, batch by batch."""

from __future__ import annotations

from collections.abc import Callable

from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex
from zhiren.store.search.entries import document_entry, person_entry


def reindex_all(
    graph: GraphStore, search: SearchIndex, batch_size: int, progress: Callable[[int], object] = lambda n: None
) -> dict[str, int]:
    """Clear the index and index every live person and every document; returns how many of each."""
    search.clear()
    done = {"persons": 0, "documents": 0}
    for records in graph.iter_persons(batch_size):
        search.index([person_entry(r) for r in records])
        done["persons"] += len(records)
        progress(len(records))
    for documents in graph.iter_documents(batch_size):
        search.index([document_entry(d, graph.get_document(d.id)[1]) for d in documents])
        done["documents"] += len(documents)
        progress(len(documents))
    search.refresh()
    return done
