"""Keeps the search index in step with the graph: the entries of the persons and documents a write touched."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex
from zhiren.store.search.entries import document_entry, person_entry


def search_sink(
    graph: GraphStore, search: SearchIndex
) -> Callable[[Sequence[str], Sequence[str], Sequence[str]], None]:
    """The search index as a derived store of the outbox (store/derived.py's Sink): the entries of
    these persons and documents as the graph has them now; a merged, redirecting or deleted one
    leaves the index. Each kind is read together (a drained ingest batch holds a thousand).
    Relations are given too and passed over: no search entry holds one."""

    def take(person_ids: Sequence[str], document_ids: Sequence[str], _relation_ids: Sequence[str]) -> None:
        if not person_ids and not document_ids:
            return
        persons = graph.person_records(person_ids)  # live persons only: merged and deleted ids are absent
        documents = graph.documents_with_mentions(document_ids)
        entries = [person_entry(record) for record in persons.values()]
        entries += [document_entry(document, mentions) for document, mentions in documents.values()]
        gone = [i for i in person_ids if i not in persons] + [i for i in document_ids if i not in documents]
        if entries:
            search.index(entries)
        if gone:
            search.delete(gone)
        search.refresh()

    return take
