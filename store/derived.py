"""The stores derived from the graph (search index, triple store) and how they catch up with it.

The graph is the source of truth. Every write to it that a derived store must follow — an ingest
batch (``GraphBatch.pending_for``) or a curation change (:func:`apply_and_sync`) — records, in the
same transaction, an outbox entry per derived store: the persons, documents and relations it touched. Once a
store took them in, its entry is cleared. A process killed between the two leaves entries
behind, and :func:`drain_pending` hands them to the store at the start of the next ingest, of
``zhiren serve`` or on ``zhiren reindex --pending``, so every store converges to what a clean run gives.

A derived store joins by name with a :data:`Sink`: a callable given the ids of persons, of
documents and of relations to (re)build from the graph, which must be idempotent (a sink may see
an id again after a crash).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from zhiren.authority.curation.curator import Curator, Outcome
from zhiren.authority.curation.requests import Change
from zhiren.store.graph.base import GraphStore, change_outbox_ids, ids_of

# The search index's name in the outbox.
SEARCH = "search"

Sink = Callable[[Sequence[str], Sequence[str], Sequence[str]], None]  # persons, documents, relations


def drain_pending(
    graph: GraphStore,
    sinks: Mapping[str, Sink],
    batch_size: int = 1000,
    progress: Callable[[int], object] = lambda n: None,
) -> dict[str, int]:
    """Hand every id pending for each sink to it, about ``batch_size`` at a time (whole batches'
    entries), clearing them once the sink returned; how many ids (persons, documents and
    relations) each sink took.  A sink that
    raises leaves its ids pending."""
    taken = dict.fromkeys(sinks, 0)
    for name, sink in sinks.items():
        while entries := graph.pending_batches(name, batch_size):
            page = ids_of(entries)
            sink(*page)
            graph.clear_batches(name, entries)  # exact: a batch the graph wrote meanwhile stays pending
            count = len(page.persons) + len(page.documents) + len(page.relations)
            taken[name] += count
            progress(count)
    return taken


def apply_and_sync(graph: GraphStore, sinks: Mapping[str, Sink], actor: str, change: Change) -> Outcome:
    """Run ``change`` as ``actor``; when it was written (not a dry run), each derived store takes
    in what it touched. The CLI, the API and the curator's pages all write through here, so no
    front end can forget a derived store; the change's outbox entries are cleared store by store,
    so one that fails (a server down) is caught up later by :func:`drain_pending`."""
    outcome = change.run(Curator(graph, actor, pending_for=tuple(sinks)))
    if outcome.written:
        touched = change_outbox_ids(outcome.entry)
        for name, sink in sinks.items():
            sink(*touched)
            graph.clear_pending(name, touched)
    return outcome
