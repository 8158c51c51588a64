"""Extraction ahead of resolution: the next batches' names found in worker processes.

Extraction is CPU work that reads nothing of the store, so while the main process resolves
and writes batch k, workers extract batches k+1 and k+2.  The workers are forked once per
ingest, after the gazetteer is loaded: each inherits the extractor (spaCy pipeline,
gazetteer, segmenter) as it is, so nothing is built twice and only texts and result
objects cross between processes.  Records come back in input order and extraction is a
pure function of the text and that inherited state, so an ingest writes the same thing
with any number of processes.  With ``extractor.n_process == 1`` it all runs in-process.
"""

from __future__ import annotations

import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any, TypeVar

from zhiren.store.search.analysis import text_units

if TYPE_CHECKING:
    from zhiren.nlp.extract import Extractor

T = TypeVar("T")
Record = dict[str, Any]
Job = tuple[str, str, str]  # document id, text, extract kind
Timer = Callable[[str], AbstractContextManager[None]]

# The record's key for the text's search index units (store.search.analysis.text_units).
TEXT_UNITS = "text_units"
# Batches extracted ahead of the one being resolved: enough to hide a slow batch, little memory.
AHEAD = 2
# Pieces per worker a batch is cut into, so both workers finish a batch at about the same time.
PIECES_PER_WORKER = 4

_worker_extractor: Extractor | None = None


def _adopt(extractor: Extractor) -> None:
    """Worker start: the forked copy of the extractor works serially, at the main thread's priority
    (not stepped back as the triple store's followers are: ingest.priority); Ctrl-C is the
    parent's to handle."""
    global _worker_extractor
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    extractor.n_process = 1
    _worker_extractor = extractor


def _extract(jobs: list[Job]) -> list[Record]:
    assert _worker_extractor is not None, "runs only in a worker started by extract_ahead"
    return [_run(_worker_extractor, job) for job in jobs]


def extract_ahead(
    extractor: Extractor | None,
    chunks: Iterable[list[T]],
    job: Callable[[T], Job | None],
    timer: Timer,
) -> Iterator[tuple[list[T], list[Record | None]]]:
    """Each chunk with the record of each of its items (None where ``job`` gives none), in order.

    ``timer("extract")`` measures what the caller waits for: all of extraction in-process,
    only the part the workers did not hide when they run ahead.
    """
    if extractor is None or extractor.n_process <= 1:
        for chunk in chunks:
            with timer("extract"):
                records = [_run(extractor, j) if extractor and j else None for j in map(job, chunk)]
            yield chunk, records
        return
    processes = extractor.n_process
    pool = ProcessPoolExecutor(processes, mp_context=get_context("fork"), initializer=_adopt, initargs=(extractor,))
    pending: deque[tuple[list[T], list[Job | None], list[Future[list[Record]]]]] = deque()
    try:
        for chunk in chunks:
            jobs = [job(item) for item in chunk]
            todo = [j for j in jobs if j is not None]
            size = max(1, -(-len(todo) // (processes * PIECES_PER_WORKER)))
            pending.append(
                (chunk, jobs, [pool.submit(_extract, todo[i : i + size]) for i in range(0, len(todo), size)])
            )
            if len(pending) > AHEAD:
                yield _collect(*pending.popleft(), timer)
        while pending:
            yield _collect(*pending.popleft(), timer)
    finally:  # also when the caller stops early (an error, Ctrl-C): extraction ahead is not waited for
        pool.shutdown(wait=True, cancel_futures=True)


def _run(extractor: Extractor, job: Job) -> Record:
    """The extractor's record, and the search index's analysis of the text under :data:`TEXT_UNITS`:
    CPU work that, done here, leaves the process that resolves and writes (its threads share
    one interpreter lock) free for that."""
    doc_id, text, kind = job
    record = extractor.extract(text, doc_id=doc_id, kind=kind)
    record[TEXT_UNITS] = text_units(text)
    return record


def _collect(
    chunk: list[T], jobs: list[Job | None], futures: list[Future[list[Record]]], timer: Timer
) -> tuple[list[T], list[Record | None]]:
    with timer("extract"):
        done = iter([record for future in futures for record in future.result()])
    return chunk, [next(done) if j is not None else None for j in jobs]
