"""The developers' API under load: SPARQL worked examples, reconciliation, and search beside a runaway query.

The demo corpus plus N synthetic persons (bench_store_load.synthetic: 3 names, a father, a
correspondent, 5 mentions each) in embedded graph and search stores, and the triples on each
triple store backend. The app runs in processes of its own, one per server compared (--servers: each
with its reconciliation workers, as `zhiren serve --reconcile-workers N`, and waitress's 8 threads or
as many as given); the clients are this process. Prints, per backend, in one run:

- each worked example of the /sparql page (app/sparql_examples.py), by turns in a rotating order: its
  median through /sparql over HTTP; the same query on the bare store (Fuseki's own endpoint on a
  kept-alive connection, the query posted as it is and encoded before the clock starts (before 2026-12-08
  a form encoded on the clock, ~25 us more), or pyoxigraph in this process on a checkpoint of the embedded store, each
  writing the answer in the type the app answered in): the issue's overhead ratio (targets: <= 1 s,
  ratio <= 1.2); in brackets the ratio over our adapter (the worker process or the HTTP client, the
  read-only check, the row cap, the result writer; before 2026-12-07 the only baseline, which hid the
  adapter's own cost); the CPU per request of the app (its processes: the worker's query included; on
  Fuseki the server's CPU during the request is added) and of the bare store (this process for
  pyoxigraph, the Fuseki server's process for Fuseki: run a Fuseki of the bench's own, since the shared
  one's CPU counts its other clients' queries too) and their ratio, which the neighbours' load moves
  much less than the wall clock's; the load average while each example ran; and the query floor, the same
  app refusing an empty query (waitress, the request read, the endpoint's checks and a JSON answer: what a
  query pays before the store; queries are answered before Flask, see app/sparql.QueriesBeforeFlask).
  --against DIR serves the app of another commit's work tree (`git worktree add DIR COMMIT`)
  beside ours, measured in the same turns: before and after in one run (for reconciliation too, as one
  more server, with the first server's reconciliation workers). The clients keep their
  connections alive, as a session client (requests, Jena, a browser) does; one line gives the query floor
  alone, the HTTP floor of any route (a CORS preflight, OPTIONS /sparql: waitress, Flask and the app's hooks)
  and what a new connection per request (urllib, as SPARQLWrapper) costs instead;
- reconciliation, on each server: batches of 10 queries (names of the synthetic persons) from 4
  concurrent clients: p50/p95 per batch (target p95 <= 150 ms), and queries/s against the
  resolver's own rate in one process on the same names (target >= 0.9). The resolver and the
  servers are measured by turns, round after round in one window, and compared by their medians:
  measured one after the other, the ratio followed the neighbours' load (1.04 then 0.42 on the
  same code). Beside them, by turns, the CPU time per batch of each server (all its threads and
  processes) and of the resolver alone, whose ratio the neighbours move less than the wall clock's,
  and the HTTP floor: a no-op request (OPTIONS /reconcile) from the same 4 clients, its server CPU
  and rate; then each server's rate against the first's, round by round;
- search while a runaway SPARQL query (four-way cross join) runs into its time limit: /api/search
  p95 before and during (the query runs in the store's worker, so search must not starve).

    python bench/bench_api.py [--n 20000] [--only embedded,fuseki] [--mentions 5] [--data-dir DIR]
                              [--parts examples,reconcile,runaway] [--servers 0,2,0/1] [--stores embedded|servers]
                              [--port 5091] [--against DIR]

--stores servers puts the graph and search stores on Neo4j and Elasticsearch (the settings' ZHIREN_NEO4J_URI and
ZHIREN_ES_URL; `zhiren services up`) instead of SQLite and FTS5. The triple store is loaded only for the parts that
query it (examples, runaway): reconciliation reads the graph and search stores alone.

The issue's scale is --n 500000. --data-dir keeps the stores: a second run on the same folder reuses
the filled graph and search stores and each triple store whose load it recorded (a marker file per
stage, checked against the store's count), so the examples can be re-run without a 30-minute load.
On Fuseki the bench uses the dataset ZHIREN_FUSEKI_URL + "-test", which `zhiren services up` empties at
every start: for 500,000 persons loaded offline (tdb2.tdbloader; the Graph Store Protocol grows TDB2 past
this disk), start a Fuseki of the bench's own (ZHIREN_SERVICES_DIR, another port) whose served dataset
is that one (ZHIREN_FUSEKI_URL=.../NAME-test for `services up`, .../NAME for the bench).
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from http.client import HTTPConnection, RemoteDisconnected
from pathlib import Path
from typing import Any, TypeVar

from bench_store_load import synthetic
from proc_cpu import cpu_seconds, descendants
from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, Store, serialize

from zhiren.app.sparql_examples import EXAMPLES
from zhiren.authority.resolver import MentionContext, Resolver
from zhiren.ingest.demo_corpus import load_demo
from zhiren.ingest.reindex import reindex_all
from zhiren.nlp.extract import Extractor
from zhiren.ontology.sync import rebuild_triples
from zhiren.services.manager import fuseki_server
from zhiren.services.process import running_pid
from zhiren.settings import Settings, env_name, load_settings, setting_fields
from zhiren.store.factory import TRIPLES_DIR, open_graph, open_search, open_triples
from zhiren.store.triples.base import TripleStore
from zhiren.store.triples.oxigraph import OxigraphTripleStore

T = TypeVar("T")
BASE_PORT = 5091  # in the stores' URIs (their base), whatever port the app listens on
PORT = BASE_PORT  # the first server's (--port); the others' follow
THREADS = 8  # waitress's, as in `zhiren serve`
CLIENTS = 4
BATCH = 10
REPEAT = 5  # runs of each example at least, after one warm-up run
REPEAT_FOR_S = 0.5  # and more (up to MAX_REPEAT) while they took less than this in all: a 0.3 ms median of 5 is noise
MAX_REPEAT = 101
DIRECT_LIMIT_S = 120.0
STORES = {"embedded": ("embedded", "embedded"), "servers": ("neo4j", "elasticsearch")}
ES_PREFIX = "zhiren-bench-api"  # the bench's indexes beside the served ones on a shared Elasticsearch
TRIPLE_PARTS = {"examples", "runaway"}  # the parts that query the triple store
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def timed(run: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = run()
    return result, time.perf_counter() - started


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def fill(settings: Settings, n: int, mentions: int) -> list[str]:
    """Demo + n synthetic persons in the graph and search stores; the names reconciliation will ask for."""
    graph, search = open_graph(settings), open_search(settings)
    graph.migrate()
    search.setup()
    load_demo(graph, search, Extractor(statistical=False), batch_size=1000)
    names: list[str] = []
    for part in synthetic(n, 5000, mentions_per_person=mentions):
        graph.write(part)
        names += [name.text for name in part.names]
    reindex_all(graph, search, 5000)
    graph.close()
    search.close()
    return names


def load_triples(settings: Settings) -> int:
    graph, triples = open_graph(settings), open_triples(settings)
    try:
        return rebuild_triples(graph, triples, settings.base_uri, 5000)["triples"]
    finally:
        graph.close()
        triples.close()


def stage(marker: Path, run: Callable[[], T], check: Callable[[T], bool] = lambda _: True) -> tuple[T, float | None]:
    """Run a loading stage, or reuse what an earlier run on the same folder recorded in ``marker``
    (seconds None) if ``check`` still holds of it."""
    if marker.exists():
        done = json.loads(marker.read_text())
        if check(done):
            return done, None
    result, seconds = timed(run)
    marker.write_text(json.dumps(result, ensure_ascii=False))
    return result, seconds


def store_count(settings: Settings) -> int:
    triples = open_triples(settings)
    try:
        return triples.count()
    finally:
        triples.close()


def serve(settings: Settings, port: int, reconcile_workers: int, threads: int) -> None:
    """A child process: the app as `zhiren serve --reconcile-workers N` runs it (with ``threads`` waitress threads:
    8 in `zhiren serve`)."""
    from waitress import serve as waitress_serve

    from zhiren.app import create_app
    from zhiren.app.reconcile_worker import ReconcileWorkers

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth is 3": the clients' doing
    app = create_app(settings)
    if reconcile_workers:
        ReconcileWorkers(settings, reconcile_workers).init_app(app)
    waitress_serve(app, host="127.0.0.1", port=port, threads=threads, _quiet=True)


@dataclass(frozen=True)
class Server:
    """One of the servers compared: its port, its process (its workers are its descendants) and label."""

    port: int
    pid: int
    label: str

    def cpu_seconds(self) -> tuple[float, float]:
        """The CPU time of the web process and of every process it started (reconciliation workers, the triple
        store's)."""
        return cpu_seconds(self.pid), sum(cpu_seconds(pid) for pid in descendants(self.pid))


def http(
    path: str, data: dict[str, str] | None = None, accept: str = "application/json", port: int | None = None
) -> tuple[int, bytes]:
    port = port or PORT
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_for_server(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if http("/health", port=port)[0] in (200, 503):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the app on port {port} did not start")


def repeated(run: Callable[[], object]) -> float:
    """The median time of ``run`` over REPEAT runs at least, more while they took under REPEAT_FOR_S."""
    run()  # warm: caches, the store's pages
    times: list[float] = []
    while len(times) < MAX_REPEAT and (len(times) < REPEAT or sum(times) < REPEAT_FOR_S):
        times.append(timed(run)[1])
    return statistics.median(times)


@contextmanager
def direct_store(settings: Settings, folder: Path) -> Iterator[TripleStore]:
    """The same triples for the runs on the store directly, open beside the app's, so the two are measured by
    turns. A triple server answers both; an embedded store is held by one process, so the direct runs use a
    checkpoint of it (RocksDB hard-links the files: the same bytes, the same page cache), removed after."""
    copy = folder / "triples-direct.oxigraph"
    if settings.triples == "embedded":
        checkpoint(settings, copy)
    triples = OxigraphTripleStore(copy) if settings.triples == "embedded" else open_triples(settings)
    try:
        yield triples
    finally:
        triples.close()
        shutil.rmtree(copy, ignore_errors=True)


class KeptAlive:
    """One HTTP/1.1 connection to the app, reused request after request (reopened if the server closed it)."""

    def __init__(self, port: int | None = None, host: str = "127.0.0.1") -> None:
        self.conn = HTTPConnection(host, port or PORT, timeout=120)
        self.content_type = ""  # the last answer's

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        accept: str = "*/*",
        content_type: str = "application/x-www-form-urlencoded",
    ) -> int:
        """``body`` is a form (or ``content_type``), encoded before the clock starts (the query's encoding is the
        client's cost)."""
        headers = {"Accept": accept} | ({"Content-Type": content_type} if body else {})
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            self.conn.close()
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        response.read()
        self.content_type = response.getheader("Content-Type", "").split(";")[0]
        return response.status

    def close(self) -> None:
        self.conn.close()


EMPTY_QUERY = urllib.parse.urlencode({"query": " "}).encode()  # refused with a 400 before the store


def http_floor(client: KeptAlive, label: str) -> None:
    """What a query pays before the store (an empty one, refused), and what any request to the app costs: a CORS
    preflight of /sparql through Flask, on a kept-alive connection and on a new connection per request (the
    client's connect and urllib's handlers on top)."""
    query = repeated(lambda: client.request("POST", "/sparql", EMPTY_QUERY))
    kept = repeated(lambda: client.request("OPTIONS", "/sparql"))
    fresh = repeated(
        lambda: urllib.request.urlopen(
            urllib.request.Request(f"http://127.0.0.1:{PORT}/sparql", method="OPTIONS"), timeout=120
        ).read()
    )
    print(
        f"[{label}] query floor: an empty query refused (waitress, the request, the endpoint's checks) "
        f"{query * 1000:.2f} ms; HTTP floor: OPTIONS /sparql (waitress, Flask and the app's hooks) {kept * 1000:.2f} ms"
        f" on a kept-alive connection, {fresh * 1000:.2f} ms on a new connection per request (urllib, as SPARQLWrapper)"
    )


class RawStore:
    """The same query on the store itself, with no layer of ours: Fuseki's own endpoint on a kept-alive
    connection, or pyoxigraph in this process on a checkpoint of the embedded store, answering in the media type
    the app answered in with the store's own writer. What a client of the bare store waits for: the baseline of
    the issue's overhead ratio."""

    def __init__(self, settings: Settings, folder: Path) -> None:
        self.copy = folder / "triples-raw.oxigraph"
        self.store: Store | None = None
        self.client: KeptAlive | None = None
        self.path = ""
        if settings.triples == "embedded":
            checkpoint(settings, self.copy)
            self.store = Store.read_only(str(self.copy))
        else:
            url = urllib.parse.urlsplit(settings.fuseki_url)
            self.client, self.path = KeptAlive(url.port or 80, url.hostname or "127.0.0.1"), f"{url.path}/sparql"

    def query(self, sparql: str, media_type: str) -> None:
        if self.client is not None:
            body = _encoded(sparql)  # posted as it is, as our adapter posts it (the protocol's POST directly)
            assert self.client.request("POST", self.path, body, media_type, "application/sparql-query") == 200
            return
        assert self.store is not None
        answer = self.store.query(sparql, use_default_graph_as_union=True)
        if isinstance(answer, QueryBoolean | QuerySolutions):
            answer.serialize(format=QueryResultsFormat.from_media_type(media_type))
        else:
            serialize(answer, format=RdfFormat.from_media_type(media_type))

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        self.store = None
        shutil.rmtree(self.copy, ignore_errors=True)


@lru_cache(maxsize=len(EXAMPLES))
def _encoded(sparql: str) -> bytes:
    """A query's bytes, encoded once: the client's cost, before the clock starts, as for /sparql's forms."""
    return sparql.encode()


def checkpoint(settings: Settings, copy: Path) -> None:
    """A checkpoint of the embedded triple store at ``copy``: RocksDB hard-links the files (the same bytes, the
    same page cache)."""
    shutil.rmtree(copy, ignore_errors=True)
    copy.parent.mkdir(parents=True, exist_ok=True)
    Store.read_only(str(settings.data_dir / TRIPLES_DIR)).backup(str(copy))


# The app of another commit's work tree (--against), as `serve` runs it, with as many reconciliation workers as
# our first server (argv: port, workers).
AGAINST_APP = """
import sys, zhiren
from waitress import serve
from zhiren.app import create_app
from zhiren.app.reconcile_worker import ReconcileWorkers
from zhiren.settings import load_settings
print('[against] the app of', zhiren.__file__, flush=True)
settings = load_settings()
app = create_app(settings)
if int(sys.argv[2]):
    ReconcileWorkers(settings, int(sys.argv[2])).init_app(app)
serve(app, host='127.0.0.1', port=int(sys.argv[1]), threads=8, _quiet=True)
"""


@contextmanager
def against_app(
    tree: Path | None, settings: Settings, folder: Path, port: int, workers: int = 0, triples: bool = True
) -> Iterator[Server | None]:
    """Serve the app of ``tree`` (``git worktree add DIR COMMIT``) on ``port`` with ``workers`` reconciliation
    workers, its settings given through the environment; for the ``triples`` parts on an embedded triple store,
    in a data folder of its own with a checkpoint of it (two processes cannot open one; reconciliation reads the
    graph and search stores alone, and reads ours). Yields it (None: no tree)."""
    if tree is None:
        yield None
        return
    copied = triples and settings.triples == "embedded"
    if copied:
        settings = replace(settings, data_dir=folder / "against-app")
        checkpoint(replace(settings, data_dir=folder), settings.data_dir / TRIPLES_DIR)
    env = os.environ | {env_name(f.name): str(getattr(settings, f.name)) for f in setting_fields()}
    env["PYTHONPATH"] = str(tree)
    process = subprocess.Popen(
        [sys.executable, "-c", AGAINST_APP, str(port), str(workers)], env=env, cwd=tree
    )  # not ours first
    try:
        wait_for_server(port)
        yield Server(port, process.pid, f"against {tree} workers={workers}")
    finally:
        process.terminate()
        process.wait()
        if copied:
            shutil.rmtree(settings.data_dir, ignore_errors=True)


@dataclass(frozen=True)
class Example:
    """One example's medians by turns, in seconds: through /sparql (ours, and the --against app's), on the bare
    store, on our adapter (the store through our layer, without HTTP or Flask), and the query floor; the CPU
    time each app spent on a request (its process and those it started: on an embedded store, the worker's query
    too; on Fuseki, with the server's) and the bare store's (None when its process is not known), which the
    neighbours' load moves much less than the wall clock; and the 1-minute load average at its end."""

    slug: str
    ours: float
    against: float | None
    store: float
    adapter: float
    floor: float
    ours_cpu: float
    against_cpu: float | None
    store_cpu: float | None
    load: float


def store_cpu_clock(settings: Settings) -> Callable[[], float] | None:
    """The CPU seconds the bare store has used so far: this process's for pyoxigraph (RawStore runs it here),
    the Fuseki server's process's (its pid file under ZHIREN_SERVICES_DIR), or None if that is not running."""
    if settings.triples == "embedded":
        return time.process_time
    server = fuseki_server(settings)
    pid = running_pid(server.pid_file, server.marker)
    return None if pid is None else partial(cpu_seconds, pid)


def examples_through_app(
    settings: Settings, direct: TripleStore, raw: RawStore, label: str, server: Server, against: Server | None
) -> None:
    """Each example by turns, in a rotating order: on our adapter, on the bare store, through /sparql (and the
    --against app's), and the query floor; then the summary the issue asks for (ratio <= 1.2, each example <= 1 s)."""
    client, other = KeptAlive(server.port), KeptAlive(against.port) if against else None
    apps = {"ours": server} | ({"against": against} if against else {})
    store_clock = store_cpu_clock(settings)
    # The store's CPU in an app's request: Fuseki's (an embedded store's worker is one of the app's processes).
    served_by_store = store_clock if store_clock is not None and settings.triples != "embedded" else lambda: 0.0
    measured: list[Example] = []
    try:
        http_floor(client, label)
        for example in EXAMPLES:
            query = example.text(settings.base_uri)
            form = urllib.parse.urlencode({"query": query}).encode()
            status, seconds = timed(lambda: client.request("POST", "/sparql", form))  # noqa: B023
            if status != 200:
                print(f"[{label}] example {example.slug:18} /sparql answered {status} after {seconds:.1f} s")
                continue
            runs: dict[str, Callable[[], object]] = {
                "adapter": partial(direct.query, query, accept=client.content_type, timeout_s=DIRECT_LIMIT_S),
                "store": partial(raw.query, query, client.content_type),
                "ours": partial(client.request, "POST", "/sparql", form),
            }
            if other is not None:
                runs["against"] = partial(other.request, "POST", "/sparql", form)
            runs["floor"] = partial(client.request, "POST", "/sparql", EMPTY_QUERY)
            for run in runs.values():
                run()  # warm
            clocks: dict[str, Callable[[], float]] = {
                name: lambda app=app: sum(app.cpu_seconds()) + served_by_store() for name, app in apps.items()
            } | ({"store": store_clock} if store_clock is not None else {})
            times: dict[str, list[float]] = {name: [] for name in runs}
            cpu: dict[str, list[float]] = {name: [] for name in clocks}
            ours, order = times["ours"], list(runs)
            while len(ours) < MAX_REPEAT and (len(ours) < REPEAT or sum(ours) < REPEAT_FOR_S):
                order = order[1:] + order[:1]  # each in every place of a turn: what runs just before matters
                for name in order:
                    used = clocks[name]() if name in clocks else 0.0
                    times[name].append(timed(runs[name])[1])
                    if name in clocks:
                        cpu[name].append(clocks[name]() - used)
            m = {name: statistics.median(values) for name, values in times.items()}
            c = {name: statistics.median(values) for name, values in cpu.items()}
            measured.append(
                Example(
                    example.slug,
                    m["ours"],
                    m.get("against"),
                    m["store"],
                    m["adapter"],
                    m["floor"],
                    c["ours"],
                    c.get("against"),
                    c.get("store"),
                    os.getloadavg()[0],
                )
            )
            print(f"[{label}] example {example.slug:18} {describe(measured[-1])}")
    finally:
        client.close()
        if other is not None:
            other.close()
    if measured:
        print(f"[{label}] summary: {summary(measured, len(EXAMPLES))}")


def describe(example: Example) -> str:
    """One example's times and ratios: the app's over the bare store's (over our adapter's in brackets), and in
    CPU."""
    store_cpu = "" if example.store_cpu is None else f" (CPU {example.store_cpu * 1000:.2f})"
    cpu_ratio = "" if example.store_cpu is None else f"   CPU ratio {example.ours_cpu / example.store_cpu:5.2f}"
    line = (
        f"/sparql {example.ours * 1000:7.2f} ms (CPU {example.ours_cpu * 1000:.2f})   store "
        f"{example.store * 1000:7.2f} ms{store_cpu}   adapter {example.adapter * 1000:7.2f} ms   ratio "
        f"{example.ours / example.store:5.2f} [{example.ours / example.adapter:.2f}]{cpu_ratio}"
    )
    if example.against is not None and example.against_cpu is not None:
        line += (
            f" | against {example.against * 1000:7.2f} ms (CPU {example.against_cpu * 1000:.2f})   ratio "
            f"{example.against / example.store:5.2f} [{example.against / example.adapter:.2f}]"
        )
    return line + f" | query floor {example.floor * 1000:.2f} ms | load {example.load:.1f}"


def summary(measured: Sequence[Example], examples: int) -> str:
    """The issue's two targets over the examples that answered, for our app and the --against app, over the bare
    store and over our adapter."""

    def ratios(values: Sequence[float]) -> str:
        return (
            f"<= 1.2 in {sum(r <= 1.2 for r in values)} of {len(values)} (median {statistics.median(values):.2f}, "
            f"{min(values):.2f}-{max(values):.2f})"
        )

    line = (
        f"{sum(e.ours <= 1.0 for e in measured)} of {examples} examples answered within 1 s; overhead ratio over "
        f"the store {ratios([e.ours / e.store for e in measured])}, over our adapter "
        f"{ratios([e.ours / e.adapter for e in measured])}"
    )
    cpu_ratios = [e.ours_cpu / e.store_cpu for e in measured if e.store_cpu]
    if cpu_ratios:
        line += f"; in CPU over the store's {ratios(cpu_ratios)}"
    line += f"; load average {min(e.load for e in measured):.1f}-{max(e.load for e in measured):.1f}"
    againsts = [(e, e.against) for e in measured if e.against is not None]
    if againsts:
        line += (
            f"; the --against app over the store {ratios([a / e.store for e, a in againsts])}, over our adapter "
            f"{ratios([a / e.adapter for e, a in againsts])}; ours over it, example by example, median "
            f"{statistics.median(e.ours / a for e, a in againsts):.2f} in time, "
            f"{statistics.median(e.ours_cpu / (e.against_cpu or 1e-9) for e, _ in againsts):.2f} in CPU"
        )
    return line


@dataclass
class Figures:
    """What one server measured, round by round."""

    latencies: list[float] = field(default_factory=list)  # per batch, 4 clients at once
    rates: list[float] = field(default_factory=list)  # queries/s per round
    cpu: list[float] = field(default_factory=list)  # server CPU per batch
    web_cpu: list[float] = field(default_factory=list)  # of which its web process's
    floor_rates: list[float] = field(default_factory=list)
    floor_cpu: list[float] = field(default_factory=list)
    alone_cpu: list[float] = field(default_factory=list)  # one client at a time
    alone_latencies: list[float] = field(default_factory=list)


class Clients:
    """One kept-alive connection per client thread to one server, as OpenRefine's pooled HTTP client keeps."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.local = threading.local()
        self.opened: list[KeptAlive] = []

    def connection(self) -> KeptAlive:
        if not hasattr(self.local, "client"):
            self.local.client = KeptAlive(self.port)
            self.opened.append(self.local.client)
        client: KeptAlive = self.local.client
        return client

    def batch(self, body: bytes) -> float:
        status, seconds = timed(lambda: self.connection().request("POST", "/reconcile", body))
        assert status == 200, status
        return seconds

    def no_op(self, _: object) -> None:
        assert self.connection().request("OPTIONS", "/reconcile") == 200

    def close(self) -> None:
        for client in self.opened:
            client.close()


def reconciliation(
    settings: Settings, names: list[str], label: str, batches: int, rounds: int, servers: Sequence[Server]
) -> None:
    """Rounds of: the resolver alone on a round's queries, then each server in turn (the order rotating from
    round to round) on the same queries: the batches from 4 clients, as many no-op requests (a CORS preflight
    of /reconcile: waitress, Flask and the app's hooks) from the same clients, then the same batches from one
    client at a time. Besides the wall-clock rates, the CPU time per batch of the resolver (this process) and of
    each server (all its threads and the processes it started): their ratio is the rate the service would reach
    beside the resolver's on an otherwise idle core; the no-op's CPU is the HTTP floor a batch pays before any
    work of the service, and what a server spends on a batch beyond one client's is what its threads cost each
    other under one GIL (waiting, switching). Servers differ in how they answer (in the web server's threads, or
    by reconciliation workers); measured by turns in one window, their rates compare round by round."""
    rng = random.Random(5)
    per_round = max(1, batches // rounds)
    graph = open_graph(settings)
    clients = {server.label: Clients(server.port) for server in servers}
    figures = {server.label: Figures() for server in servers}
    resolver_rates, resolver_cpu = [], []

    def on_server(server: Server, run: Callable[[], T]) -> tuple[T, float, float, float]:
        """``run``'s result, wall-clock seconds, and the server's CPU seconds: in all, and its web process's."""
        web, helpers = server.cpu_seconds()
        result, wall = timed(run)
        web_after, helpers_after = server.cpu_seconds()
        return result, wall, web_after + helpers_after - web - helpers, web_after - web

    def measure(pool: ThreadPoolExecutor, server: Server, queries: int, bodies: list[bytes]) -> None:
        these, to = figures[server.label], clients[server.label]
        latencies, wall, cpu, web = on_server(server, lambda: list(pool.map(to.batch, bodies)))
        these.latencies += latencies
        these.rates.append(queries / wall)
        these.cpu.append(cpu / len(bodies))
        these.web_cpu.append(web / len(bodies))
        _, wall, cpu, _ = on_server(server, lambda: list(pool.map(to.no_op, bodies)))
        these.floor_rates.append(len(bodies) / wall)
        these.floor_cpu.append(cpu / len(bodies))
        one_by_one, _, cpu, _ = on_server(server, lambda: [to.batch(body) for body in bodies])
        these.alone_latencies += one_by_one
        these.alone_cpu.append(cpu / len(bodies))

    def form(queries: list[str]) -> bytes:
        payload = {f"q{k}": {"query": q} for k, q in enumerate(queries)}
        return urllib.parse.urlencode({"queries": json.dumps(payload, ensure_ascii=False)}).encode()

    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            warm = [form([rng.choice(names) for _ in range(BATCH)]) for _ in range(per_round)]
            for server in servers:  # each client's connection, each server thread's (or worker's) store connection
                list(pool.map(clients[server.label].batch, warm))
            for body in warm:  # and the resolver's, in this process
                for query in json.loads(urllib.parse.parse_qs(body.decode())["queries"][0]).values():
                    Resolver(graph).resolve(MentionContext(query["query"], "full"))
            for turn in range(rounds):
                queries = [rng.choice(names) for _ in range(per_round * BATCH)]
                started = time.process_time()
                _, alone = timed(lambda: [Resolver(graph).resolve(MentionContext(q, "full")) for q in queries])  # noqa: B023
                resolver_cpu.append((time.process_time() - started) / per_round)
                resolver_rates.append(len(queries) / alone)
                bodies = [form(queries[i : i + BATCH]) for i in range(0, len(queries), BATCH)]
                shift = turn % len(servers)
                for server in [*servers[shift:], *servers[:shift]]:
                    measure(pool, server, len(queries), bodies)
    finally:
        graph.close()
        for opened in clients.values():
            opened.close()
    own, theirs = statistics.median(resolver_rates), statistics.median(resolver_cpu) * 1000
    for server in servers:
        report_reconciliation(f"{label} {server.label}", figures[server.label], resolver_rates, resolver_cpu)
    first = servers[0]
    for server in servers[1:]:
        rounds_ratio = sorted(
            b / a for a, b in zip(figures[first.label].rates, figures[server.label].rates, strict=True)
        )
        print(
            f"[{label}] reconcile, {server.label} against {first.label}, round by round: rate x"
            f"{statistics.median(rounds_ratio):.2f} (per round {rounds_ratio[0]:.2f}-{rounds_ratio[-1]:.2f}); "
            f"the resolver alone: {own:,.0f} queries/s, {theirs:.2f} ms CPU per batch"
        )


def report_reconciliation(
    label: str, these: Figures, resolver_rates: Sequence[float], resolver_cpu: Sequence[float]
) -> None:
    """One server's figures against the resolver's, measured by turns (the issue's targets: p95 <= 150 ms,
    rate >= 0.9 of the resolver's)."""
    rate, own = statistics.median(these.rates), statistics.median(resolver_rates)
    ratios = sorted(s / r for s, r in zip(these.rates, resolver_rates, strict=True))
    cpu_ratios = sorted(r / s for s, r in zip(these.cpu, resolver_cpu, strict=True))
    ours, web, theirs, floor, single = (
        statistics.median(v) * 1000 for v in (these.cpu, these.web_cpu, resolver_cpu, these.floor_cpu, these.alone_cpu)
    )
    print(
        f"[{label}] reconcile: {len(these.latencies)} batches of {BATCH} from {CLIENTS} clients: p50 "
        f"{statistics.median(these.latencies) * 1000:.0f} ms, p95 {percentile(these.latencies, 0.95) * 1000:.0f} ms"
        f" per batch; medians over {len(these.rates)} rounds by turns: {rate:,.0f} queries/s against the "
        f"resolver's own {own:,.0f}/s in one process (ratio {rate / own:.2f}; per round {ratios[0]:.2f}-"
        f"{ratios[-1]:.2f})"
    )
    print(
        f"[{label}] reconcile CPU per batch (medians by turns): the server {ours:.2f} ms (all its threads and "
        f"processes; the web process {web:.2f}), the resolver alone {theirs:.2f} ms (ratio {theirs / ours:.2f}; "
        f"per round {cpu_ratios[0]:.2f}-{cpu_ratios[-1]:.2f}); HTTP floor: a no-op request (OPTIONS /reconcile) "
        f"from the same clients costs the server {floor:.2f} ms ({statistics.median(these.floor_rates):,.0f} "
        "requests/s)"
    )
    print(
        f"[{label}] reconcile from one client at a time: the server {single:.2f} ms CPU per batch (ratio "
        f"{theirs / single:.2f} to the resolver's), p50 {statistics.median(these.alone_latencies) * 1000:.1f} ms, "
        f"p95 {percentile(these.alone_latencies, 0.95) * 1000:.1f} ms; {CLIENTS} clients at once cost it "
        f"{ours - single:.2f} ms more per batch"
    )


def search_beside_runaway(label: str, names: list[str], timeout_s: int) -> None:
    rng = random.Random(9)

    def searches(count: int) -> list[float]:
        return [
            timed(lambda: http("/api/search?" + urllib.parse.urlencode({"q": rng.choice(names)})))[1]
            for _ in range(count)
        ]

    before = searches(60)
    outcome: dict[str, Any] = {}

    def runaway() -> None:
        (status, _), seconds = timed(lambda: http("/sparql", {"query": RUNAWAY}))
        outcome.update(status=status, seconds=seconds)

    thread = threading.Thread(target=runaway)
    thread.start()
    during: list[float] = []
    while thread.is_alive():
        during += searches(5)
    thread.join()
    print(
        f"[{label}] search p95 {percentile(before, 0.95) * 1000:.0f} ms alone, {percentile(during, 0.95) * 1000:.0f}"
        f" ms over {len(during)} searches while a runaway query ran (answered {outcome['status']} after "
        f"{outcome['seconds']:.1f} s for a {timeout_s} s limit)"
    )


def main() -> None:
    global PORT
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20_000, help="synthetic persons beside the demo")
    parser.add_argument("--only", default="embedded,fuseki", help="triple store backends, comma-separated")
    parser.add_argument("--batches", type=int, default=200, help="reconciliation batches of 10")
    parser.add_argument("--rounds", type=int, default=10, help="turns of resolver alone / service")
    parser.add_argument("--mentions", type=int, default=5, help="mentions per synthetic person (the footprint)")
    parser.add_argument("--data-dir", type=Path, help="keep (and reuse) the stores here instead of a temporary folder")
    parser.add_argument("--timeout", type=int, default=10, help="the SPARQL time limit for the runaway query")
    parser.add_argument(
        "--parts", default="examples,reconcile,runaway", help="what to measure on each backend, comma-separated"
    )
    parser.add_argument("--port", type=int, default=PORT, help="the first server's port; the others' follow")
    parser.add_argument(
        "--against",
        type=Path,
        help="a work tree of another commit (git worktree add DIR COMMIT) whose app answers the "
        "examples by turns with ours, on the next free port",
    )
    parser.add_argument(
        "--stores",
        choices=sorted(STORES),
        default="embedded",
        help="graph and search stores: SQLite and FTS5, or Neo4j and Elasticsearch",
    )
    parser.add_argument(
        "--servers",
        default="0,2",
        help="servers to compare by turns on reconciliation, comma-separated, each as its number of "
        f"reconciliation workers (0: answered in the web server's threads) and optionally "
        f"/waitress threads (default {THREADS}); the first also serves the other parts",
    )
    args = parser.parse_args()
    PORT = args.port
    parts = set(args.parts.split(","))
    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        folder = args.data_dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        graph, search = STORES[args.stores]
        base = replace(
            load_settings(),
            data_dir=folder,
            graph=graph,
            search=search,
            es_index_prefix=ES_PREFIX,
            sparql_timeout=args.timeout,
            sparql_rate_limit=0,
            base_uri=f"http://127.0.0.1:{BASE_PORT}/",
        )
        servers_tag = "" if args.stores == "embedded" else f"-{graph}-{search}"
        names, seconds = stage(
            folder / f"filled-{args.n}-{args.mentions}{servers_tag}.json", lambda: fill(base, args.n, args.mentions)
        )
        print(
            f"graph and search ({graph}, {search}): demo + {args.n:,} persons ({args.mentions} mentions each) "
            + (f"in {seconds:.0f} s" if seconds is not None else f"(reused from {folder})")
        )
        for label in args.only.split(","):
            settings = replace(base, triples=label)
            if label == "fuseki":
                settings = replace(settings, fuseki_url=settings.fuseki_url.rstrip("/") + "-test")
            if parts & TRIPLE_PARTS:
                count, seconds = stage(
                    folder / f"triples-{label}.json",
                    lambda: load_triples(settings),  # noqa: B023
                    lambda done: done == store_count(settings),  # noqa: B023
                )
                print(
                    f"[{label}] {count:,} triples "
                    + (
                        f"loaded in {seconds:.0f} s ({count / seconds:,.0f}/s)"
                        if seconds is not None
                        else "(reused: the store holds as many)"
                    )
                )
            # Only the first server opens the triple store (the others are asked nothing that needs it).
            processes, servers = [], []
            for k, spec in enumerate(args.servers.split(",")):
                workers, _, threads = spec.partition("/")
                process = multiprocessing.get_context("spawn").Process(
                    target=serve, args=(settings, PORT + k, int(workers), int(threads or THREADS)), daemon=True
                )
                process.start()
                processes.append(process)
                assert process.pid is not None  # started above
                servers.append(Server(PORT + k, process.pid, f"workers={workers} threads={threads or THREADS}"))
            try:
                for server in servers:
                    wait_for_server(server.port)
                if "examples" in parts:
                    raw = RawStore(settings, folder)
                    against = against_app(args.against, settings, folder, PORT + len(servers))
                    with direct_store(settings, folder) as direct, against as other:
                        try:
                            examples_through_app(settings, direct, raw, label, servers[0], other)
                        finally:
                            raw.close()
                if "reconcile" in parts:
                    workers = int(args.servers.split(",")[0].partition("/")[0])
                    against = against_app(args.against, settings, folder, PORT + len(servers), workers, triples=False)
                    with against as other:
                        reconciliation(
                            settings, names, label, args.batches, args.rounds, [*servers, *([other] if other else [])]
                        )
                if "runaway" in parts:
                    search_beside_runaway(label, names, args.timeout)
            finally:
                for process in processes:
                    process.terminate()
                    process.join()


if __name__ == "__main__":
    main()
