"""Keeps the search index in step with the graph: the entries of the persons and documents a write touched."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from zhiren.errors import NotFound
from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex
from zhiren.store.search.entries import document_entry, person_entry


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
