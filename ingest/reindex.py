"""Rebuild the search index from the graph."""

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
        read = graph.documents_with_mentions([d.id for d in documents])  # with their mentions, in one read
        search.index([document_entry(document, mentions) for document, mentions in read.values()])
        done["documents"] += len(read)
        progress(len(documents))
    search.refresh()
    return done
