"""Derived stores catch up with the graph: what committed batches left pending is taken in.

The graph is the source of truth; the search index (and, later, the triple store) is derived
from it. An ingest batch is written to the graph with its outbox rows in one transaction (the
persons and documents it touched, pending for each derived store by name); once a store took
the batch in, its entry is cleared. A run killed between the two leaves entries behind, and
:func:`drain_pending` hands them to the store at the start of the next ingest or on
``zhiren reindex --pending``, so the derived stores converge by themselves.

A derived store joins by name with a :data:`Sink`: a callable given the ids of persons and of
documents to (re)build from the graph, which must be idempotent (a sink may see an id again
after a crash).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from zhiren.store.graph.base import GraphStore

# The search index's name in the outbox.
SEARCH = "search"

Sink = Callable[[Sequence[str], Sequence[str]], None]


def drain_pending(
    graph: GraphStore,
    sinks: Mapping[str, Sink],
    batch_size: int = 1000,
    progress: Callable[[int], object] = lambda n: None,
) -> dict[str, int]:
    """Hand every id pending for each sink to it, about ``batch_size`` at a time (whole batches'
    entries), clearing them once the sink returned; how many ids each sink took.  A sink that
    raises leaves its ids pending."""
    taken = dict.fromkeys(sinks, 0)
    for name, sink in sinks.items():
        while True:
            page = graph.pending(name, batch_size)
            if not page.persons and not page.documents:
                break
            sink(page.persons, page.documents)
            graph.clear_pending(name, page)
            taken[name] += len(page.persons) + len(page.documents)
            progress(len(page.persons) + len(page.documents))
    return taken
