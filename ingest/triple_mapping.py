"""The triple store's sync for an ingest, mapped in a process of its own.

An ingest's resolution and its triple sync are both Python: in one interpreter they take turns
at the GIL, and the sync (reading persons and documents back from the graph, mapping them to
triples, serializing those as N-Quads: about 1.4 ms a letter, py-spy) held the resolution of
the next batches back.  Here a spawned process opens the graph store itself (SQLite in WAL mode
reads beside the ingest's writes; Neo4j is a server), maps a group of ids and gives back their
graphs as N-Quads; the ingest's writer thread only hands those bytes to the triple store
(:meth:`TripleStore.put_quads`), while the process maps the next group.

It is a :data:`~zhiren.store.derived.Sink` like the in-process one (ontology.sync.triples_sink)
and keeps the outbox's promise: the sink returns, and the ids are cleared, only once every graph
of them is written; a failure in the process is raised in the caller and leaves them pending.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from types import TracebackType

from zhiren.collection import collection_paused
from zhiren.ingest.priority import BEHIND_NICENESS, step_back
from zhiren.ontology.mapping import Uris
from zhiren.ontology.sync import pending_graphs, triples_sink
from zhiren.settings import Settings
from zhiren.store.factory import open_graph
from zhiren.store.graph.base import GraphStore
from zhiren.store.triples.base import TripleStore
from zhiren.store.triples.quads import EMPTY_CHUNK, QuadChunk, quad_chunks

GROUP = 1000  # ids per task: about 20 MB of N-Quads for a thousand letters crosses the pipe at once
AHEAD = 2  # tasks given to the process beyond the one being written: it maps while the store loads

_source: tuple[GraphStore, Uris] | None = None  # the mapping process's graph store and IRIs


def _open(settings: Settings) -> None:
    """The mapping process's start: its graph store, IRIs and lower priority (ingest.priority)."""
    global _source
    step_back()
    _source = (open_graph(settings, migrate=False), Uris(settings.base_uri))


def _map(person_ids: Sequence[str], document_ids: Sequence[str], relation_ids: Sequence[str]) -> QuadChunk:
    """In the mapping process: the current graphs of these persons, documents and relations as one chunk."""
    assert _source is not None, "the mapping process opens its graph store first"
    graph, uris = _source
    graphs = pending_graphs(graph, uris, person_ids, document_ids, relation_ids)
    with collection_paused():  # a million short-lived objects and no cycle (ontology.sync)
        return next(quad_chunks(graphs, sys.maxsize, uris.descriptions), EMPTY_CHUNK)


class TripleMapping:
    """The triple store's sink for an ingest (``with TripleMapping(...) as sink``): a sync of
    ``least`` ids or more is mapped in the process, started at the first such sync and kept for
    the ingest; a smaller one (a curation-sized batch, a test's) in-process, as starting an
    interpreter costs more than mapping it."""

    def __init__(self, settings: Settings, graph: GraphStore, triples: TripleStore, least: int = GROUP) -> None:
        self._settings, self._triples, self._least = settings, triples, least
        self._here = triples_sink(graph, triples, settings.base_uri)
        self._pool: ProcessPoolExecutor | None = None
        triples.run_behind(BEHIND_NICENESS)  # it follows the graph through the outbox (ingest.priority)

    def __call__(self, person_ids: Sequence[str], document_ids: Sequence[str], relation_ids: Sequence[str]) -> None:
        if len(person_ids) + len(document_ids) + len(relation_ids) < self._least:
            self._here(person_ids, document_ids, relation_ids)
            return
        if self._pool is None:
            # spawn, not fork: the ingest holds store connections and threads a child must not share
            context = get_context("spawn")
            self._pool = ProcessPoolExecutor(1, mp_context=context, initializer=_open, initargs=(self._settings,))
        self._triples.put_quads(self._mapped(self._pool, person_ids, document_ids, relation_ids))

    @staticmethod
    def _mapped(
        pool: ProcessPoolExecutor, person_ids: Sequence[str], document_ids: Sequence[str], relation_ids: Sequence[str]
    ) -> Iterator[QuadChunk]:
        """The chunks of the ids in groups of GROUP of one kind, in order, AHEAD groups mapped ahead
        of the one given; groups not started when the caller stops (a write failed) are cancelled."""
        none: Sequence[str] = ()
        groups = [(person_ids[i : i + GROUP], none, none) for i in range(0, len(person_ids), GROUP)]
        groups += [(none, document_ids[i : i + GROUP], none) for i in range(0, len(document_ids), GROUP)]
        groups += [(none, none, relation_ids[i : i + GROUP]) for i in range(0, len(relation_ids), GROUP)]
        waiting: deque[Future[QuadChunk]] = deque()
        try:
            for group in groups:
                waiting.append(pool.submit(_map, *group))
                if len(waiting) > AHEAD:
                    yield waiting.popleft().result()
            while waiting:
                yield waiting.popleft().result()
        finally:
            for future in waiting:
                future.cancel()

    def close(self) -> None:
        """End the mapping process (groups not started are cancelled): an ingest ends with it."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def __enter__(self) -> TripleMapping:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
