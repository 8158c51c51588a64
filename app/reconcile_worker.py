"""Reconciliation answered in worker processes, so that batches from several clients run at once.

The resolver is pure Python. In the web process, waitress's threads take turns holding one GIL:
at 20,000 persons four concurrent clients cost the server 1.0-2.5 ms more CPU per batch of 10
than one client at a time (27 context switches a request against 6), and never more than one
core did the work. So ``zhiren serve`` hands each batch to one of a few workers: the web process
keeps the HTTP work (waitress, Flask, the hooks, the form) and passes the raw ``queries`` or
``extend`` field; an idle worker parses it, resolves, and sends back the status and the JSON
body. The web process keeps everything that must be one per server: the SPARQL rate limiter,
curator sessions, the embedded triple store's owner.

A worker is a fresh interpreter (``python -m zhiren.app.reconcile_worker``, as the embedded
triple store's worker is) that opens the graph and search stores itself: SQLite files read beside
the web process (WAL), or the same servers. It keeps no data between batches, only caches of pure
functions (a name's other scripts), so every worker answers every batch alike and a curation
change made through the web process is read by the next batch. A worker that dies is replaced
and its batch asked once of the new one: answers only read.

Without a pool (a test app, a WSGI server that imports ``create_app``), :func:`answer` runs in the
request's own thread: the same answers, byte for byte.
"""

from __future__ import annotations

import atexit
import json
import queue
import signal
import socket
import subprocess
import sys
import threading
import traceback
from contextlib import suppress
from multiprocessing.connection import Connection
from typing import Any

from flask import Flask

from zhiren.app.reconcile_match import EXTEND_PROPERTIES, Reconciler
from zhiren.app.reconcile_queries import decode_json, parse_batch, parse_extend
from zhiren.errors import BackendUnavailable, ZhirenError
from zhiren.settings import Settings
from zhiren.store.factory import open_graph, open_search
from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex

EXTENSION = "zhiren_reconcile_workers"
FIELDS = ("queries", "extend")  # the service's form fields a worker answers
START_TIMEOUT_S = 60.0


def answer(graph: GraphStore, search: SearchIndex, lang: str | None, field: str, text: str) -> tuple[int, bytes]:
    """The status and JSON body for one ``queries`` batch or ``extend`` request; a refused one is the
    error's JSON with its status, as the service's error handler writes it."""
    try:
        reconciler = Reconciler(graph, search, lang)
        if field == "queries":
            answers = reconciler.answer_all(parse_batch(decode_json(text, field)))
            return 200, _json({key: {"result": result} for key, result in answers.items()})
        wanted = parse_extend(decode_json(text, field), EXTEND_PROPERTIES)
        return 200, _json(reconciler.extend(wanted.ids, wanted.properties))
    except ZhirenError as exc:
        return exc.http_status, _json(exc.to_json())


def _json(value: Any) -> bytes:
    """As Flask's ``jsonify`` writes it outside debug mode (keys sorted, compact, ASCII, a final newline), so
    an answer is the same bytes from a worker and from the request's thread."""
    return json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":")).encode() + b"\n"


class _Worker:
    """One worker process and the web process's end of its socket."""

    def __init__(self, settings: Settings) -> None:
        ours, theirs = socket.socketpair()
        command = [sys.executable, "-m", __name__, str(theirs.fileno())]
        self.process = subprocess.Popen(command, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        theirs.close()
        self.conn = Connection(ours.detach())
        self.conn.send(settings)

    def wait_ready(self) -> None:
        """Block until the worker has imported and opened what it could (raises BackendUnavailable if it
        did not start)."""
        try:
            ready = self.conn.poll(START_TIMEOUT_S) and self.conn.recv() == "ready"
        except (EOFError, ConnectionResetError):
            ready = False
        if not ready:
            self.stop()
            raise BackendUnavailable("reconciliation worker", "it did not start", hint="see the server's log")

    def ask(self, field: str, lang: str | None, text: str) -> tuple[int, bytes]:
        """Raises EOFError (or another OSError) if the worker died."""
        self.conn.send((field, lang, text))
        outcome, status, body = self.conn.recv()
        if outcome == "crash":
            raise RuntimeError(f"the reconciliation worker failed: {body}")
        return status, body

    def stop(self) -> None:
        """Close its socket (an idle worker exits on that) and wait for it; kill it if it lingers."""
        self.conn.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class ReconcileWorkers:
    """A fixed number of workers; a request takes an idle one (waiting for one if all are busy)."""

    def __init__(self, settings: Settings, size: int) -> None:
        if size < 1:
            raise ValueError(f"a pool needs a worker at least, not {size}")
        self.settings = settings
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        started = [_Worker(settings) for _ in range(size)]  # started together, then awaited
        try:
            for worker in started:
                worker.wait_ready()
        except BackendUnavailable:
            for worker in started:
                worker.stop()
            raise
        for worker in started:
            self._all.append(worker)
            self._idle.put(worker)

    def init_app(self, app: Flask) -> None:
        app.extensions[EXTENSION] = self
        atexit.register(self.close)

    def answer(self, field: str, lang: str | None, text: str) -> tuple[int, bytes]:
        worker = self._idle.get()
        try:
            return worker.ask(field, lang, text)
        except (EOFError, OSError):
            worker = self._replace(worker)
            return worker.ask(field, lang, text)  # once: a batch that kills a worker twice is an error
        finally:
            self._idle.put(worker)

    def _replace(self, dead: _Worker) -> _Worker:
        dead.stop()
        fresh = _Worker(self.settings)
        fresh.wait_ready()
        with self._lock:
            self._all[self._all.index(dead)] = fresh
            if self._closed:  # closed while this request ran: the new worker goes too
                fresh.stop()
        return fresh

    def pids(self) -> list[int]:
        with self._lock:
            return [worker.process.pid for worker in self._all]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for worker in self._all:
                worker.stop()


class _Stores:
    """The worker's graph and search stores, opened at start or, if a server is down then, by the next batch
    (whose answer is that BackendUnavailable's 503). The graph is opened without migrating it: the web process
    did, and a reader must not take SQLite's write lock beside an ingest."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.graph: GraphStore | None = None
        self.search: SearchIndex | None = None
        with suppress(BackendUnavailable):
            self.opened()

    def opened(self) -> tuple[GraphStore, SearchIndex]:
        if self.graph is None:
            self.graph = open_graph(self.settings, migrate=False)
        if self.search is None:
            self.search = open_search(self.settings)
        return self.graph, self.search

    def close(self) -> None:
        for store in (self.graph, self.search):
            if store is not None:
                store.close()


def serve(conn: Connection) -> None:
    """A worker's life: the settings, then ``(field, lang, text)`` → ``("done", status, body)`` until the web
    process closes its end (or goes away)."""
    stores = _Stores(conn.recv())
    conn.send("ready")
    try:
        while True:
            try:
                field, lang, text = conn.recv()
            except (EOFError, OSError):
                return
            try:
                status, body = _answer_with(stores, field, lang, text)
            except Exception:  # a bug, not a refusal: the web process answers 500 and logs it
                conn.send(("crash", 500, traceback.format_exc()))
                continue
            conn.send(("done", status, body))
    finally:
        stores.close()


def _answer_with(stores: _Stores, field: str, lang: str | None, text: str) -> tuple[int, bytes]:
    try:
        graph, search = stores.opened()
    except BackendUnavailable as exc:
        return exc.http_status, _json(exc.to_json())
    return answer(graph, search, lang, field, text)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C on `zhiren serve` reaches the whole group: the server
    serve(Connection(int(sys.argv[1])))  # stops its workers itself (a worker ends when its socket closes)
