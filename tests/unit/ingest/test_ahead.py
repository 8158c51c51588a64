"""Iterating one step ahead: every item once, in order, the next one read in another thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

from zhiren.ingest.ahead import read_ahead, with_following


def test_each_item_comes_with_the_one_after_it() -> None:
    assert list(with_following("abc")) == [("a", "b"), ("b", "c"), ("c", None)]
    assert list(with_following([])) == []


def test_pages_are_read_in_order_the_next_one_while_the_caller_works() -> None:
    readers: list[bool] = []
    caller = threading.get_ident()

    def pages() -> Iterator[list[int]]:
        for n in range(3):
            readers.append(threading.get_ident() != caller)
            yield [n]

    seen = []
    for page in read_ahead(pages()):
        seen.append(page)
        if page == [0]:
            deadline = time.monotonic() + 5
            while len(readers) < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
            assert len(readers) == 2  # the second page was read without the caller asking
    assert seen == [[0], [1], [2]] and all(readers)
