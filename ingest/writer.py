"""Writing a batch beside the resolution of the next one.

Writing to the graph and indexing wait mostly on the stores (a server, or SQLite, which
releases the interpreter while it works), so background threads do it while the main
thread resolves the next batch.  A batch comes as one or more independent writes (the graph
write and the indexing, when the index entries need nothing the graph write stores), run side
by side, so two servers work at once.  One batch is in flight at a time and batches are
written in order; what follows a commit (the lookup forgetting what the batch changed,
progress, the checkpoint) runs in the caller's thread once every write of the batch returned,
so the checkpoint never counts a batch before it is stored, and an error in a thread is
raised in the caller's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as all_finished
from types import TracebackType

# The most writes of one batch that run at once: the graph and the search index.
WRITERS = 2


class BatchWriter:
    """``submit(writes, done)``: each write runs in a thread; ``done`` in the caller's once all returned."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(WRITERS, thread_name_prefix="zhiren-writer")
        self._in_flight: tuple[list[Future[None]], Callable[[], None]] | None = None

    def submit(self, writes: Sequence[Callable[[], None]], done: Callable[[], None]) -> None:
        """Wait for the batch before (and run its ``done``), then start this one's writes."""
        self.wait()
        self._in_flight = ([self._pool.submit(write) for write in writes], done)

    def wait(self) -> None:
        """Until every write of the batch in flight returned; then its ``done``.  A failed write is
        raised only after the others finished, so none is left running unseen."""
        if self._in_flight is None:
            return
        futures, done = self._in_flight
        self._in_flight = None
        all_finished(futures)
        for future in futures:
            future.result()
        done()

    def __enter__(self) -> BatchWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        """On success the last batch is waited for; on an error the batch in flight still finishes
        (a transaction half sent helps nobody), but its ``done`` is skipped: a re-run redoes it."""
        try:
            if kind is None:
                self.wait()
        finally:
            self._pool.shutdown(wait=True)
