"""Rebuild the search index from the graph: all of it, or what the outbox says is pending."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from zhiren.errors import NotFound
from zhiren.ingest.derived import Sink
from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex
from zhiren.store.search.entries import document_entry, person_entry
from zhiren.store.search.sync import sync_persons


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


def search_sink(graph: GraphStore, search: SearchIndex) -> Sink:
    """The search index as a derived store of the outbox: the entries of these persons and
    documents as the graph has them now; a merged or deleted one leaves the index."""

    def take(person_ids: Sequence[str], document_ids: Sequence[str]) -> None:
        sync_persons(graph, search, person_ids)
        entries, gone = [], []
        for document_id in document_ids:
            try:
                document, mentions = graph.get_document(document_id)
            except NotFound:
                gone.append(document_id)
                continue
            entries.append(document_entry(document, mentions))
        if entries:
            search.index(entries)
        if gone:
            search.delete(gone)
        search.refresh()

    return take
