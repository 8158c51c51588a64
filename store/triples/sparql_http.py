"""A SPARQL 1.1 server as the triple store: Fuseki here, any server with the same protocols elsewhere.

Reads go to ``URL/sparql`` (SPARQL 1.1 Protocol); a replace drops the graphs through
``URL/update`` (SPARQL 1.1 Update, ``DROP SILENT GRAPH``) and POSTs their triples as N-Quads to
``URL/data`` (the Graph Store Protocol endpoint; Fuseki, RDF4J and GraphDB take a dataset there):
measured here for an ingest batch's 1,101 graphs (116,488 triples), 8.8 s against 16.6 s as one
``DROP`` + ``INSERT DATA`` update. The two requests are not one transaction: a failure between
them leaves those graphs empty until the caller retries (the ingest outbox keeps the ids pending
until the sink returns; ``zhiren reindex --triples`` rebuilds everything).
The server answers queries over the union of the named graphs (Fuseki: ``unionDefaultGraph``,
which `zhiren services` configures), so described resources (the documents, ``quads.DescriptionRule``)
are kept in one named graph for them all, and replaced by an update deleting what their property
path reaches in it.

Queries are posted as they are (``application/sparql-query``), their parameters in the URL.
Time limit: the query is sent with Fuseki's ``timeout`` parameter (seconds; the server stops
it and answers 503) and the HTTP read is bounded by the same deadline plus a grace, so a
server that ignores the parameter is cut off here. Rows are read as a stream and the
connection is dropped at ``max_rows``, so a huge result never crosses the wire whole.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from functools import partial
from http.client import HTTPConnection, HTTPException, HTTPResponse, HTTPSConnection, RemoteDisconnected
from typing import NoReturn
from urllib.parse import urlencode, urlsplit

import httpx
from pyoxigraph import (
    Literal,
    NamedNode,
    Quad,
    RdfFormat,
    Triple,
    parse,
    serialize,
)

from zhiren.errors import BackendUnavailable, StoreRejected
from zhiren.settings import Settings
from zhiren.store.triples.base import BinaryWriter, ExportFormat, QueryRejected, QueryResult, QueryTimeout
from zhiren.store.triples.guard import check_query
from zhiren.store.triples.quads import (
    DescriptionRule,
    QuadChunk,
    in_graph,
    quad_chunks,
    quads_as_triples,
    send_overlapped,
)
from zhiren.store.triples.results import (
    EXPORT_RDF_FORMATS,
    CappedLines,
    boolean_result,
    capped,
    graph_result,
    solutions_result,
)

GRACE_S = 2.0  # past the query's own limit, before the HTTP read gives up on the server
CONNECT_TIMEOUT_S = 5.0
READ_CHUNK = 1 << 16  # bytes per read of a query's answer
UPDATE_BATCH = 500  # graphs per SPARQL Update request
# Quads per Graph Store Protocol POST, each one TDB2 transaction: TDB2 copies the index blocks a
# transaction touches, so fewer, larger loads leave less dead space behind (2,000,000 quads of
# 100-quad graphs into an empty dataset, by turns: 150,000 a POST grew it by 2.05 GB at 23-32k
# quads/s, 500,000 by 1.30 GB at 37k/s, 1,000,000 by 1.16 GB at 32-36k/s); a rebuild at 500,000
# persons grew it ~3 GB a minute at 150,000. 500,000 quads is about 75 MB of N-Quads in memory.
LOAD_BATCH = 500_000
# Jena's name for the union of the named graphs, readable through the Graph Store Protocol.
EXPORT_CHUNK = 1 << 20  # bytes per read of an export's stream
_NQUADS = "application/n-quads"
_NTRIPLES = "application/n-triples"
# A graph the server holds with this many triples is compared with its new statements rather than
# dropped and loaded again (``SparqlHttpTripleStore._replace``); reading it back costs less than
# loading it from this size on.
DIFF_LEAST = 2_000
_DECIMAL = NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


class SparqlHttpTripleStore:
    name = "fuseki"

    def __init__(self, url: str, client: httpx.Client | None = None) -> None:
        self.url = url.rstrip("/")
        self._http = client or httpx.Client(timeout=httpx.Timeout(60.0, connect=5.0), trust_env=False)
        self._queries = QueryConnections(f"{self.url}/sparql")

    def _send(self, method: str, endpoint: str, what: str, **kwargs: object) -> httpx.Response:
        try:
            response = self._http.request(method, f"{self.url}/{endpoint}", **kwargs)  # type: ignore[arg-type]
        except httpx.TransportError as exc:
            raise BackendUnavailable(self.name, f"{self.url}: {exc}") from None
        if response.status_code >= 400:
            raise StoreRejected(self.name, what, [(self.url, f"HTTP {response.status_code}: {response.text[:500]}")])
        return response

    def _update(self, statements: Sequence[str], what: str) -> None:
        body = ";\n".join(statements)
        self._send("POST", "update", what, content=body.encode(), headers={"Content-Type": "application/sparql-update"})

    def put_graphs(
        self,
        graphs: Iterable[tuple[str, Sequence[Triple]]],
        *,
        fresh: bool = False,
        described: DescriptionRule | None = None,
    ) -> int:
        return self.put_quads(quad_chunks(graphs, LOAD_BATCH, described), fresh=fresh)

    def put_quads(self, chunks: Iterable[QuadChunk], *, fresh: bool = False) -> int:
        return send_overlapped(iter(chunks), partial(self._replace, fresh=fresh))

    def _replace(self, chunk: QuadChunk, *, fresh: bool) -> None:
        """Bring the chunk's graphs to their new statements: a graph the server lacks is loaded, a
        small one dropped and loaded, and a large one (a correspondent's, grown by a few relations
        since the last sync) compared with what the server holds, so only the difference is
        written: the server's load rate bounds an ingest, and such a graph is rewritten at every
        catch-up. A described resource's statements are deleted by their path and loaded again."""
        described = chunk.described
        held = {} if fresh else self._sizes([iri for iri in chunk.iris if not chunk.is_described(iri)])
        loads: list[bytes | memoryview] = []
        drops: list[str] = []
        deletes: list[str] = []
        for iri, statements in chunk.parts():
            if described is not None and chunk.is_described(iri):
                loads.append(in_graph(bytes(statements), described.graph))
                continue
            difference = self._difference(iri, statements) if held.get(iri, 0) >= DIFF_LEAST else None
            if difference is None:
                drops += [iri] if iri in held else []
                loads.append(statements)
            else:
                deletes += [difference[0]] if difference[0] else []
                loads.append(difference[1])
        if described is not None and not fresh:
            self._delete_descriptions([iri for iri in chunk.iris if chunk.is_described(iri)], described)
        self.delete_graphs(drops)
        for start in range(0, len(deletes), UPDATE_BATCH):
            self._update(deletes[start : start + UPDATE_BATCH], "delete changed statements")
        body = b"".join(loads)
        if body:
            self._send("POST", "data", "load quads", content=body, headers={"Content-Type": _NQUADS})

    def _delete_descriptions(self, roots: Sequence[str], described: DescriptionRule) -> None:
        """Delete what these resources' descriptions hold: the statements of each resource and of the
        subjects its path reaches, in the descriptions' graph. The resources the server holds are
        found first: most of an ingest's are new, and a query finding none took 6-31 ms where an
        update deleting nothing took 130-190 (TDB2's write transaction; 1,000 documents, under load)."""
        graph = NamedNode(described.graph)
        for start in range(0, len(roots), UPDATE_BATCH):
            values = " ".join(str(NamedNode(iri)) for iri in roots[start : start + UPDATE_BATCH])
            held = self._select_json(  # a statement about it or naming it, as the embedded worker asks
                f"SELECT DISTINCT ?r WHERE {{ GRAPH {graph} {{ VALUES ?r {{ {values} }}"
                " { ?r ?p ?o } UNION { ?s ?p ?r } } }"
            )
            if not held:
                continue
            values = " ".join(str(NamedNode(row["r"]["value"])) for row in held)
            self._update(
                [
                    f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {graph} {{ VALUES ?r {{ {values} }}"
                    f" ?r ({described.parts})? ?s . ?s ?p ?o }} }}"
                ],
                "delete descriptions",
            )

    def _sizes(self, iris: Sequence[str]) -> dict[str, int]:
        """The triples the server holds in each of these graphs (a graph it lacks is left out)."""
        held: dict[str, int] = {}
        for start in range(0, len(iris), UPDATE_BATCH):
            values = " ".join(str(NamedNode(iri)) for iri in iris[start : start + UPDATE_BATCH])
            rows = self._select_json(
                f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
            )
            held.update((row["g"]["value"], int(row["n"]["value"])) for row in rows)
        return held

    def _difference(self, iri: str, statements: memoryview) -> tuple[str, bytes] | None:
        """What to change in a graph the server holds: the update deleting the statements no longer
        wanted ("" for none) and the wanted ones it lacks as N-Quads. None when most changed (a drop
        and a load is cheaper) or when a stale literal holds a backslash (SPARQL reads \\u escapes
        before parsing, so N-Triples escapes are not always SPARQL's). Terms are compared by value
        where the server rewrites them (TDB2 gives a decimal ``1`` back as ``1.0``)."""
        graph = NamedNode(iri)
        response = self._send("GET", "data", "read graph", params={"graph": iri}, headers={"Accept": _NTRIPLES})
        held = {_comparable(q.triple): q.triple for q in parse(response.content, format=RdfFormat.N_TRIPLES)}
        wanted = {_comparable(q.triple): q for q in parse(bytes(statements), format=RdfFormat.N_QUADS)}
        stale = [held[key] for key in held.keys() - wanted.keys()]
        text = (serialize(stale, format=RdfFormat.N_TRIPLES) or b"").decode()
        if 2 * len(stale) > len(held) or "\\" in text:
            return None
        added = serialize([wanted[key] for key in wanted.keys() - held.keys()], format=RdfFormat.N_QUADS) or b""
        return (f"DELETE DATA {{ GRAPH {graph} {{ {text} }} }}" if stale else ""), added

    def delete_graphs(self, iris: Iterable[str]) -> None:
        drops = [f"DROP SILENT GRAPH {NamedNode(iri)}" for iri in iris]
        for start in range(0, len(drops), UPDATE_BATCH):
            self._update(drops[start : start + UPDATE_BATCH], "delete graphs")

    def run_behind(self, niceness: int) -> None:
        """The server's priority is its administrator's."""

    def clear(self) -> None:
        self._update(["DROP SILENT ALL"], "clear")

    def _select_json(self, sparql: str) -> list[dict[str, dict[str, str]]]:
        response = self._send(
            "POST", "sparql", "query", data={"query": sparql}, headers={"Accept": "application/sparql-results+json"}
        )
        bindings: list[dict[str, dict[str, str]]] = response.json()["results"]["bindings"]
        return bindings

    def count(self) -> int:
        rows = self._select_json("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"]["value"])

    def graph_iris(self) -> set[str]:
        rows = self._select_json("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return {row["g"]["value"] for row in rows if row["g"]["type"] == "uri"}

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
        kind = check_query(sparql)
        wire = {"solutions": "text/tab-separated-values", "graph": "application/n-triples"}.get(
            kind, "application/sparql-results+json"
        )
        # The query posted as it is (the protocol's POST directly): form-encoding a query's punctuation and
        # Chinese is a Python loop per byte (25 µs for a worked example), its decoding another on the server.
        params = [("timeout", f"{timeout_s:g}")]
        params += [("default-graph-uri", u) for u in default_graph_uris]
        params += [("named-graph-uri", u) for u in named_graph_uris]
        deadline = time.monotonic() + timeout_s + GRACE_S
        connection = self._queries.get()
        try:
            response = connection.post(urlencode(params), sparql.encode(), wire, timeout_s + GRACE_S)
            if response.status >= 400:
                self._refused(response.status, response.read().decode(errors="replace").strip()[:1000], timeout_s)
            if kind == "boolean":
                return boolean_result(bool(json.loads(response.read())["boolean"]), accept)
            read = partial(_read_until, response, deadline, timeout_s)
            answer = capped(read, max_rows if kind == "graph" else max_rows + 1)  # solutions: a header line too
            if answer.more:  # the rest of the body is still coming: the connection cannot carry another request
                connection.close()
            return graph_result(answer, accept) if kind == "graph" else solutions_result(answer, accept)
        except TimeoutError:
            connection.close()
            raise QueryTimeout(timeout_s) from None
        except (OSError, HTTPException) as exc:
            connection.close()
            raise BackendUnavailable(self.name, f"{self.url}: {exc}") from None

    def _refused(self, status: int, message: str, timeout_s: float) -> NoReturn:
        if status == 503:
            raise QueryTimeout(timeout_s)
        if status == 400:
            raise QueryRejected(message, field="query")
        raise StoreRejected(self.name, "query", [(self.url, f"HTTP {status}: {message}")])

    def _check_status(self, response: httpx.Response, timeout_s: float) -> None:
        if response.status_code >= 400:
            self._refused(response.status_code, response.read().decode(errors="replace").strip()[:1000], timeout_s)

    def export(self, fmt: ExportFormat, out: BinaryWriter) -> None:
        """The dataset as the server streams it (the Graph Store Protocol's GET of the whole
        dataset, N-Quads), each quad written as a triple: the graphs hold disjoint triples, so
        their quads are the union graph. Not Jena's union graph: with 512 MB of heap Fuseki
        streamed all 10.9 M quads of a dataset this way in 49 s, but ran out of memory after
        3.1 M triples of its union graph (it had answered 200 and ended the body with "Java
        heap space"). For ``nt`` each line's graph term is cut off as it comes; the other
        formats are re-serialized by pyoxigraph.

        A body that does not end with a whole statement is refused (StoreRejected)."""
        with self._http.stream("GET", f"{self.url}/data", headers={"Accept": _NQUADS}, timeout=None) as response:
            self._check_status(response, 0)
            chunks = self._whole(response.iter_bytes(EXPORT_CHUNK))
            if fmt != "nt":
                self._reserialize(chunks, RdfFormat.N_QUADS, fmt, out)
                return
            for chunk in quads_as_triples(chunks):
                out.write(chunk)

    def _whole(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        """The chunks as they come; at the end, StoreRejected unless the last line is a statement."""
        tail = b""
        for chunk in chunks:
            tail = (tail + chunk[-_TAIL:])[-_TAIL:]
            yield chunk
        if tail and not tail.rstrip(b"\r\n").endswith(b"."):
            last = tail.rstrip().rsplit(b"\n", 1)[-1].decode("utf-8", "replace")
            raise StoreRejected(self.name, "export", [(self.url, f"the answer broke off with: {last}")])

    def _reserialize(self, chunks: Iterator[bytes], source: RdfFormat, fmt: ExportFormat, out: BinaryWriter) -> None:
        """The body parsed by pyoxigraph and written as ``fmt`` (each quad as a triple); a body
        that is not RDF (a message after a failure) is StoreRejected, as in :meth:`_whole`."""
        try:
            found = parse(_ByteStream(chunks), format=source)  # type: ignore[arg-type]
            triples = (q.triple if isinstance(q, Quad) else q for q in found)
            serialize(triples, out, format=EXPORT_RDF_FORMATS[fmt])  # type: ignore[arg-type]  # pyoxigraph only writes
        except SyntaxError as exc:
            raise StoreRejected(self.name, "export", [(self.url, f"the answer is not RDF: {exc}")]) from None

    def close(self) -> None:
        self._http.close()
        self._queries.close()


_TAIL = 200  # bytes of an exported body kept to check that it ends with a whole statement


def _comparable(triple: Triple) -> Triple:
    """The triple with a decimal object in one lexical form (value-equal literals compare equal)."""
    value = triple.object
    if isinstance(value, Literal) and value.datatype == _DECIMAL:
        canonical = format(Decimal(value.value).normalize(), "f")
        return Triple(triple.subject, triple.predicate, Literal(canonical, datatype=_DECIMAL))
    return triple


def _read_until(response: HTTPResponse, deadline: float, timeout_s: float, out: CappedLines) -> None:
    """The body into ``out`` as it comes, checking the deadline between reads (``out`` stops the
    read at its cap)."""
    while chunk := response.read1(READ_CHUNK):
        if time.monotonic() > deadline:
            raise TimeoutError
        out.write(chunk)
    response.read()  # nothing left, but only a read past the end frees the connection for the next request


class QueryConnection:
    """One connection to the server's query endpoint, kept alive from query to query.

    Queries go through :mod:`http.client` rather than the httpx client the writes use: a query's
    round trip through httpx cost 0.45-0.85 ms more CPU than through http.client (``ASK {}`` on the
    local Fuseki, by turns, under load), which at a few milliseconds a query is most of what
    ``/sparql`` adds to the store's own time. A connection the server closed while it lay idle is
    opened again and the query sent once more (queries change nothing)."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self._factory = HTTPSConnection if parts.scheme == "https" else HTTPConnection
        self._host, self._port, self._path = parts.hostname or "localhost", parts.port, parts.path
        self._connection: HTTPConnection | None = None

    def post(self, params: str, query: bytes, accept: str, timeout_s: float) -> HTTPResponse:
        """``query`` as an ``application/sparql-query`` body, the other parameters (``params``, encoded) in the URL."""
        headers = {"Accept": accept, "Content-Type": "application/sparql-query"}
        target = f"{self._path}?{params}" if params else self._path
        for attempt in (1, 2):
            reused = self._connection is not None
            if self._connection is None:
                self._connection = self._factory(self._host, self._port, timeout=CONNECT_TIMEOUT_S)
                self._connection.connect()
            assert self._connection.sock is not None
            self._connection.sock.settimeout(timeout_s)
            try:
                self._connection.request("POST", target, body=query, headers=headers)
                return self._connection.getresponse()
            except (RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if not reused or attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class QueryConnections:
    """A :class:`QueryConnection` per thread (the app's server threads query at once)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()
        self._all: list[QueryConnection] = []
        self._lock = threading.Lock()

    def get(self) -> QueryConnection:
        connection: QueryConnection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = QueryConnection(self.url)
            with self._lock:
                self._all.append(connection)
        return connection

    def close(self) -> None:
        with self._lock:
            for connection in self._all:
                connection.close()


class _ByteStream:
    """A readable file over an iterator of chunks, for pyoxigraph's streaming parser.

    The parser reads about 2 KB at a time: a read copies what it returns and no more (slicing
    off the rest of a megabyte chunk at each read would copy it hundreds of times)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks, self._buffer, self._at = chunks, b"", 0

    def read(self, size: int = -1) -> bytes:
        if size < 0:
            rest = self._buffer[self._at :] + b"".join(self._chunks)
            self._buffer, self._at = b"", 0
            return rest
        while len(self._buffer) - self._at < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer, self._at = self._buffer[self._at :] + chunk, 0
        out = self._buffer[self._at : self._at + size]
        self._at += len(out)
        return out


def connect_sparql_http(settings: Settings) -> SparqlHttpTripleStore:
    """The store at ``settings.fuseki_url``, checked with ``ASK {}``."""
    store = SparqlHttpTripleStore(settings.fuseki_url)
    store.query("ASK {}", timeout_s=5.0)
    return store
