"""Rebuild the search index from the graph: all of it, or what the outbox says is pending."""

from __future__ import annotations

from collections.abc import Callable, Sequence

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
        read = graph.documents_with_mentions([d.id for d in documents])  # with their mentions, in one read
        search.index([document_entry(document, mentions) for document, mentions in read.values()])
        done["documents"] += len(read)
        progress(len(documents))
    search.refresh()
    return done


def search_sink(graph: GraphStore, search: SearchIndex) -> Sink:
    """The search index as a derived store of the outbox: the entries of these persons and
    documents as the graph has them now; a merged or deleted one leaves the index."""

    def take(person_ids: Sequence[str], document_ids: Sequence[str]) -> None:
        sync_persons(graph, search, person_ids)
        read = graph.documents_with_mentions(document_ids)  # one read per few hundred, not one per document
        entries = [document_entry(document, mentions) for document, mentions in read.values()]
        gone = [document_id for document_id in document_ids if document_id not in read]
        if entries:
            search.index(entries)
        if gone:
            search.delete(gone)
        search.refresh()

    return take
