"""The triple store's worker, which follows an ingest's main thread, runs at a lower CPU priority
(ingest.priority); the extraction workers, which the main thread waits on, at its own."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path

import pytest

from zhiren.ingest import extraction
from zhiren.ingest.priority import BEHIND_NICENESS
from zhiren.nlp.extract import Extractor
from zhiren.store.triples.oxigraph import OxigraphTripleStore


def _niceness(pid: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, pid)


def _worker_pid(store: OxigraphTripleStore) -> int:
    store.count()  # starts a worker if the last one died
    process = store._process
    assert process is not None
    return process.pid


def test_the_embedded_store_s_worker_runs_behind_and_so_does_its_replacement(tmp_path: Path) -> None:
    store = OxigraphTripleStore(tmp_path / "triples")
    try:
        mine = _niceness(0)
        assert _niceness(_worker_pid(store)) == mine
        store.run_behind(BEHIND_NICENESS)
        first = _worker_pid(store)
        assert _niceness(first) == mine + BEHIND_NICENESS
        os.kill(first, 9)
        os.waitpid(first, 0)
        replacement = _worker_pid(store)
        assert replacement != first and _niceness(replacement) == mine + BEHIND_NICENESS
    finally:
        store.close()


def test_extraction_workers_keep_the_main_thread_s_priority(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each forked worker reports its own niceness (the job function replaced before the fork)."""
    monkeypatch.setattr(extraction, "_run", lambda extractor, job: {"niceness": os.nice(0)})
    extractor = Extractor(statistical=False, n_process=2)
    chunks: Iterator[list[str]] = iter([["a", "b", "c", "d"]])
    [(_, records)] = extraction.extract_ahead(extractor, chunks, lambda i: (i, i, "letter"), lambda _: nullcontext())
    assert {r["niceness"] for r in records if r} == {os.nice(0)}
