"""Writing a batch beside the resolution of the next one.

Writing to the graph and indexing wait mostly on the stores (a server, or SQLite, which
releases the interpreter while it works), so a background thread does it while the main
thread resolves the next batch.  One batch is in flight at a time and batches are written
in order; what follows a commit (the lookup forgetting what the batch changed, progress,
the checkpoint) runs in the caller's thread, so the checkpoint never counts a batch before
it is stored, and an error in the thread is raised in the caller's.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType


class BatchWriter:
    """``submit(write, done)``: ``write`` runs in the thread; ``done`` in the caller's once it returned."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="zhiren-writer")
        self._in_flight: tuple[Future[None], Callable[[], None]] | None = None

    def submit(self, write: Callable[[], None], done: Callable[[], None]) -> None:
        """Wait for the batch before (and run its ``done``), then start writing this one."""
        self.wait()
        self._in_flight = (self._pool.submit(write), done)

    def wait(self) -> None:
        """Until the batch in flight is written; then its ``done``."""
        if self._in_flight is None:
            return
        future, done = self._in_flight
        self._in_flight = None
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
