"""The derived stores other than the search index, following the graph in a thread of their own.

An ingest indexes each batch as it writes it, but a triple store rebuilds graphs that many
batches touch (a correspondence's relation gains a letter from each), so it catches up with the outbox
every DERIVED_BATCH ids instead (ingest/pipeline.py).  Run in the writer thread, a catch-up held
the next batches' writes, and the main thread waited for them (bench/bench_ingest.py: "wait" a
third of the wall clock).  Here it runs in a thread beside the writes: nudged when enough ids are
pending, it drains the outbox until it finds it empty, while the graph goes on being written; the
outbox makes that safe, as an entry is cleared only if nobody wrote it again since the drain read
it (GraphStore.clear_batches), so its store took in the graph's state after its last write.
``finish`` waits for it and drains what came after its last look, so an ingest returns with every
derived store caught up, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, suppress
from types import TracebackType

from zhiren.store.derived import Sink, drain_pending
from zhiren.store.graph.base import GraphStore


class Follower:
    """``nudge()`` starts a catch-up unless one is running (an error of the last one is raised);
    ``finish()`` waits for it and catches up with the rest in the caller's thread; as a context
    manager, it finishes on leaving."""

    def __init__(
        self,
        graph: GraphStore,
        sinks: Mapping[str, Sink],
        page: int,
        stage: Callable[[str], AbstractContextManager[object]],
    ) -> None:
        """``page``: ids handed to a sink at once; ``stage(name)`` times each sink's catching up."""
        self._graph, self._sinks, self._page, self._stage = graph, dict(sinks), page, stage
        self._pool: ThreadPoolExecutor | None = None
        self._running: Future[None] | None = None

    def nudge(self) -> None:
        """Enough ids are pending: start a catch-up beside the writes, unless one is running."""
        if not self._sinks:
            return
        if self._running is not None:
            if not self._running.done():
                return  # it drains until it finds the outbox empty; what it missed waits for the next nudge
            self._running.result()
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="zhiren-follower")
        self._running = self._pool.submit(self._catch_up)

    def __enter__(self) -> Follower:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        """Caught up on success; on an error the catch-up running is waited for (its own error
        dropped: the ids stay pending for the next run), so no thread writes after the stores close."""
        if kind is None:
            self.finish()
            return
        try:
            with suppress(Exception):
                if self._running is not None:
                    self._running.result()
        finally:
            self._stop()

    def finish(self) -> None:
        """Timed as the stage ``behind at the end``: how long the derived stores took, after the
        last batch was written, to hold what the graph holds (the lag an ingest ends with)."""
        if not self._sinks:
            return
        try:
            with self._stage("behind at the end"):
                if self._running is not None:
                    self._running.result()
                self._catch_up()
        finally:
            self._stop()

    def _stop(self) -> None:
        self._running = None
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def _catch_up(self) -> None:
        """Each sink drains its outbox until it finds it empty, timed as its own stage."""
        for name, sink in self._sinks.items():
            with self._stage(name):
                drain_pending(self._graph, {name: sink}, self._page)
