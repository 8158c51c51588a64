"""Iterating one step ahead, so the work on one item overlaps the reading of the next."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def with_following(items: Iterable[T]) -> Iterator[tuple[T, T | None]]:
    """Each item with the one after it (None with the last), so work on one can start the next's."""
    ahead = iter(items)
    for current in ahead:
        for following in ahead:
            yield current, following
            current = following
        yield current, None


def read_ahead(pages: Iterator[T]) -> Iterator[T]:
    """The items of ``pages`` (a store's paged read), the next read in a thread while the caller
    handles this one: the store's wait is hidden behind the caller's work."""
    with ThreadPoolExecutor(1, thread_name_prefix="zhiren-read-ahead") as reader:
        following = reader.submit(next, pages, None)
        while (page := following.result()) is not None:
            following = reader.submit(next, pages, None)
            yield page
