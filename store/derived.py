"""Apply a curation change, then bring every store derived from the graph up to date.

The graph is the source of truth; the search index (and any other store rebuilt from the graph)
follows the persons each written change touched. The CLI, the API and the curator's pages all
write through :func:`apply_and_sync`, so no front end can forget a derived store. (An ingest's
batches reach the derived stores through the graph's outbox instead: ``zhiren.ingest.derived``.)
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from zhiren.authority.curation.audit import AuditEntry
from zhiren.authority.curation.curator import Curator, Outcome
from zhiren.authority.curation.requests import Change
from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex
from zhiren.store.search.sync import sync_persons


@dataclass(frozen=True)
class DerivedStores:
    """The stores rebuilt from the graph; each one follows every curation change."""

    search: SearchIndex
    # Stores this layer cannot map to (the triple store: ontology.sync.triples_follower), given the
    # graph and the written change's audit entry; the app and the CLI add them.
    followers: tuple[Callable[[GraphStore, AuditEntry], object], ...] = ()

    def follow(self, graph: GraphStore, person_ids: Collection[str]) -> None:
        """Re-read these persons from the graph into each derived store (one line per store)."""
        sync_persons(graph, self.search, person_ids)


def apply_and_sync(graph: GraphStore, derived: DerivedStores, actor: str, change: Change) -> Outcome:
    """Run ``change`` as ``actor``; when it was written (not a dry run), the derived stores follow it."""
    outcome = change.run(Curator(graph, actor))
    if outcome.written:
        derived.follow(graph, outcome.entry.person_ids)
        for follower in derived.followers:
            follower(graph, outcome.entry)
    return outcome
