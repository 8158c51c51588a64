"""BatchWriter: writes in a thread, one batch in flight, what follows a commit in the caller's thread."""

from __future__ import annotations

import threading

import pytest

from ingest.writer import BatchWriter


def test_batches_are_written_in_order_and_done_in_the_callers_thread() -> None:
    log: list[str] = []
    caller = threading.get_ident()
    with BatchWriter() as writer:
        for n in range(3):
            writer.submit(
                lambda n=n: log.append(f"write {n} {threading.get_ident() != caller}"),
                lambda n=n: log.append(f"done {n} {threading.get_ident() == caller}"),
            )
    assert log == [
        "write 0 True", "done 0 True", "write 1 True", "done 1 True", "write 2 True", "done 2 True",
    ]  # fmt: skip


def test_a_failed_write_is_raised_in_the_caller_and_not_counted_done() -> None:
    done: list[int] = []

    def fail() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"), BatchWriter() as writer:
        writer.submit(fail, lambda: done.append(0))
        writer.submit(lambda: None, lambda: done.append(1))
    assert done == []


def test_on_an_error_of_the_caller_the_batch_in_flight_is_written_but_not_counted() -> None:
    written: list[int] = []
    done: list[int] = []
    with pytest.raises(KeyboardInterrupt), BatchWriter() as writer:
        writer.submit(lambda: written.append(0), lambda: done.append(0))
        raise KeyboardInterrupt
    assert written == [0] and done == []
