"""Embedded triple store: Oxigraph (pyoxigraph, RocksDB) in the data folder, owned by a worker process.

Oxigraph has no query timeout or cancel, and a signal cannot interrupt it; a forked child of a
process holding the store is no way out either (forking while RocksDB's background threads
hold its locks hangs the child: seen here after a write), and a second process may not open
the store beside a writer. So one worker process (``python -m zhiren.store.triples.oxigraph_worker``,
a fresh interpreter importing only pyoxigraph and the result writers) opens the store and does everything
(writes, queries, exports), one request at a time under a lock; a query past its deadline
kills the worker, and the next call starts a new one on the same files (RocksDB recovers from
its write-ahead log). Only queries have deadlines, so a kill never interrupts a write; a crash
during a large write (bulk-loaded, not atomic) is mended by the outbox replaying that sync. The
replacement is started as soon as the old one is killed, so the request after a runaway query
finds a worker ready instead of paying for its start.
"""

from __future__ import annotations

import contextlib
import math
import os
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pyoxigraph import Triple

from zhiren.errors import BackendUnavailable, ZhirenError
from zhiren.store.triples import oxigraph_worker
from zhiren.store.triples.base import BinaryWriter, ExportFormat, QueryResult, QueryTimeout
from zhiren.store.triples.guard import check_query
from zhiren.store.triples.quads import Described, DescriptionRule, QuadChunk, quad_chunks, send_overlapped

START_TIMEOUT_S = 60.0
CHUNK_QUADS = 200_000  # quads per message to the worker


class OxigraphTripleStore:
    name = "embedded"

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        self._answers: select.poll | None = None
        self._closed = False
        self._niceness = 0  # added to the worker's, this one's and a replacement's (run_behind)
        with self._lock:
            self._ensure_worker()

    # --- the worker -----------------------------------------------------------------------

    def _ensure_worker(self) -> Connection:
        if self._conn is not None and self._process is not None and self._process.poll() is None:
            return self._conn
        self._stop_worker()
        ours, theirs = socket.socketpair()
        command = [sys.executable, "-m", oxigraph_worker.__name__, str(self.path), str(theirs.fileno())]
        process = subprocess.Popen(command, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        self._apply_niceness(process)
        theirs.close()
        conn = Connection(ours.detach())
        self._process, self._conn = process, conn
        # One poller for the worker's life: Connection.poll builds a selector at every call (~15 µs a query).
        self._answers = select.poll()
        self._answers.register(conn.fileno(), select.POLLIN)
        try:
            ready = conn.poll(START_TIMEOUT_S)
            status, message = conn.recv() if ready else ("error", "no answer in time")
        except (EOFError, ConnectionResetError):
            status, message = "error", f"the worker exited with code {process.wait()}"
        if status != "ready":
            self._stop_worker()
            raise BackendUnavailable(
                "embedded triple store",
                f"cannot open {self.path}: {message}",
                hint="another zhiren process may hold it open; stop it, or use ZHIREN_TRIPLES=fuseki",
            )
        return conn

    def run_behind(self, niceness: int) -> None:
        with self._lock:
            self._niceness = niceness
            if self._process is not None and self._process.poll() is None:
                self._apply_niceness(self._process)

    def _apply_niceness(self, process: subprocess.Popen[bytes]) -> None:
        """The worker's priority: this process's, lowered by ``run_behind``'s niceness."""
        if self._niceness:
            os.setpriority(os.PRIO_PROCESS, process.pid, os.getpriority(os.PRIO_PROCESS, 0) + self._niceness)

    def _stop_worker(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait()
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = self._answers = None

    def _call(
        self,
        op: str,
        *args: Any,
        timeout_s: float | None = None,
        on_chunk: Callable[[bytes], object] | None = None,
        frame: bool = False,
    ) -> Any:
        """Send one request and wait for its answer (streamed chunks go to ``on_chunk``; ``frame``: the answer
        is a frame of bytes, returned as it is)."""
        with self._lock:
            conn = self._ensure_worker()
            deadline = None if timeout_s is None else time.monotonic() + timeout_s
            try:
                conn.send((op, args))
                while True:
                    if deadline is not None and not self._answered_by(deadline):
                        self._stop_worker()
                        threading.Thread(target=self._restart, name="oxigraph-restart", daemon=True).start()
                        raise QueryTimeout(timeout_s or 0.0)
                    if frame:
                        return conn.recv_bytes()
                    status, payload = conn.recv()
                    if status == "chunk" and on_chunk is not None:
                        on_chunk(payload)
                        continue
                    if status == "error":
                        raise ZhirenError(f"embedded triple store: {payload}")
                    return payload
            except (EOFError, BrokenPipeError, ConnectionResetError):
                self._stop_worker()
                raise ZhirenError("the embedded triple store's worker died; the next call starts a new one") from None

    def _answered_by(self, deadline: float) -> bool:
        """Whether the worker has something to say (an answer, or its end) before ``deadline``."""
        assert self._answers is not None
        wait_ms = max(0, math.ceil((deadline - time.monotonic()) * 1000))
        return bool(self._answers.poll(wait_ms))

    def _restart(self) -> None:
        """Start the next worker (once the killing call let go of the lock), unless closed meanwhile;
        a failure to start is left for the next call to report."""
        with self._lock:
            if not self._closed:
                with contextlib.suppress(BackendUnavailable):
                    self._ensure_worker()

    # --- the port -----------------------------------------------------------------------------

    def put_graphs(
        self,
        graphs: Iterable[tuple[str, Sequence[Triple]]],
        *,
        fresh: bool = False,
        described: DescriptionRule | None = None,
    ) -> int:
        return self.put_quads(quad_chunks(graphs, CHUNK_QUADS, described), fresh=fresh)

    def put_quads(self, chunks: Iterable[QuadChunk], *, fresh: bool = False) -> int:
        """The worker gathers ingest-sized additions and bulk-loads them together (its ``_Spool``),
        loading the rest when every chunk is sent; a worker that restarted meanwhile (a query past
        its limit kills it) lost what it had gathered, so the write fails and the outbox replays it.
        A fresh load (a rebuild) ends compacted, so the queries after it read one file per level."""
        spooled = [0]

        def put(chunk: QuadChunk) -> None:
            rule = chunk.described  # sent as plain data: the worker imports nothing of the mapping
            described = None if rule is None else Described(rule.prefix, rule.parts, rule.graph)
            spooled[0] += bool(self._call("put", chunk.iris, chunk.ends, chunk.body, fresh, described))

        try:
            written = send_overlapped(iter(chunks), put)
            loaded = self._call("flush")
        except BaseException:
            with contextlib.suppress(ZhirenError):
                self._call("discard")
            raise
        if loaded != spooled[0]:
            raise ZhirenError(
                "the embedded triple store's worker restarted during a write; the next sync writes it again"
            )
        if fresh:
            self._call("compact")
        return written

    def delete_graphs(self, iris: Iterable[str]) -> None:
        gone = list(iris)
        self._call("put", gone, [0] * len(gone), b"", False, None)

    def clear(self) -> None:
        self._call("clear")

    def count(self) -> int:
        return int(self._call("count"))

    def graph_iris(self) -> set[str]:
        return set(self._call("graphs"))

    def query(
        self,
        sparql: str,
        *,
        accept: str = "",
        timeout_s: float = 30.0,
        max_rows: int = 10_000,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
    ) -> QueryResult:
        check_query(sparql)
        args = (sparql, accept, max_rows, list(default_graph_uris), list(named_graph_uris))
        return oxigraph_worker.read_frame(self._call("query", *args, timeout_s=timeout_s, frame=True))

    def export(self, fmt: ExportFormat, out: BinaryWriter) -> None:
        self._call("export", fmt, on_chunk=out.write)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._conn is not None and self._process is not None and self._process.poll() is None:
                try:
                    self._conn.send(("close", ()))
                    self._process.wait(timeout=30)
                except (BrokenPipeError, ConnectionResetError, subprocess.TimeoutExpired):
                    pass
            self._stop_worker()
