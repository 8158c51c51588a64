"""Sending N-Quads chunks: a failed send closes the generator that makes them, at once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from zhiren.store.triples.quads import QuadChunk, send_overlapped


class StoreGone(Exception):
    pass


def test_a_failed_send_closes_the_chunks_at_once() -> None:
    closed: list[bool] = []

    def chunks() -> Iterator[QuadChunk]:
        try:
            for i in range(5):
                yield QuadChunk([f"g{i}"], b"", 0, [0])
        finally:
            closed.append(True)  # the mapping process's groups mapped ahead are cancelled here

    def send(chunk: QuadChunk) -> None:
        raise StoreGone

    with pytest.raises(StoreGone) as raised:
        send_overlapped(chunks(), send)
    assert closed == [True] and raised.traceback  # while the error and its frames are still held
