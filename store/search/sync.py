"""Keeps the search index in step with the graph: the entries of the persons and documents a write touched."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex
from zhiren.store.search.entries import document_entry, person_entry


def sync_persons(graph: GraphStore, search: SearchIndex, person_ids: Iterable[str]) -> None:
    """Re-index live persons; drop merged (redirecting) and deleted ones from the index. The live
    ones are read together (person_records: a drained ingest batch holds a thousand)."""
    wanted = list(dict.fromkeys(person_ids))
    live = graph.person_records(wanted)
    entries = [person_entry(live[person_id]) for person_id in wanted if person_id in live]
    gone = [person_id for person_id in wanted if person_id not in live]
    if entries:
        search.index(entries)
    if gone:
        search.delete(gone)
    search.refresh()


def search_sink(graph: GraphStore, search: SearchIndex) -> Callable[[Sequence[str], Sequence[str]], None]:
    """The search index as a derived store of the outbox (store/derived.py's Sink): the entries of
    these persons and documents as the graph has them now; a merged or deleted one leaves the index."""

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
