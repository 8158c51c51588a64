"""BatchWriter: writes in threads, one batch in flight, what follows a commit in the caller's thread."""

from __future__ import annotations

import threading

import pytest

from zhiren.ingest.writer import BatchWriter


def test_batches_are_written_in_order_and_done_in_the_callers_thread() -> None:
    log: list[str] = []
    caller = threading.get_ident()
    with BatchWriter() as writer:
        for n in range(3):
            writer.submit(
                [lambda n=n: log.append(f"write {n} {threading.get_ident() != caller}")],
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
        writer.submit([fail], lambda: done.append(0))
        writer.submit([lambda: None], lambda: done.append(1))
    assert done == []


def test_on_an_error_of_the_caller_the_batch_in_flight_is_written_but_not_counted() -> None:
    written: list[int] = []
    done: list[int] = []
    with pytest.raises(KeyboardInterrupt), BatchWriter() as writer:
        writer.submit([lambda: written.append(0)], lambda: done.append(0))
        raise KeyboardInterrupt
    assert written == [0] and done == []


def test_the_writes_of_a_batch_run_side_by_side_and_done_follows_them_all() -> None:
    both_started = threading.Barrier(2, timeout=5)
    log: list[str] = []

    def write(part: str) -> None:
        both_started.wait()  # broken (an error) unless the other write runs at the same time
        log.append(part)

    with BatchWriter() as writer:
        writer.submit([lambda: write("graph"), lambda: write("index")], lambda: log.append("done"))
    assert sorted(log[:2]) == ["graph", "index"] and log[2:] == ["done"]


def test_a_failed_write_waits_for_its_sibling_before_it_is_raised() -> None:
    sibling_ended = threading.Event()

    def fail() -> None:
        raise OSError("index gone")

    def slow() -> None:
        sibling_ended.wait(0.2)
        sibling_ended.set()

    with BatchWriter() as writer:
        writer.submit([fail, slow], lambda: None)
        with pytest.raises(OSError, match="index gone"):
            writer.wait()
        assert sibling_ended.is_set()
