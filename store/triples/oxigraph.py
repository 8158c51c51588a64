"""Embedded triple store: Oxigraph (pyoxigraph, RocksDB) in the data folder.

Queries run in a forked child process that reads the parent's open store (a fork sees the
store as it was at that instant, without reopening it: RocksDB allows one process to open a
store for writing, and a read-only open beside a writer is undefined). Oxigraph has no query
timeout and a signal cannot interrupt it, so at the deadline the child is killed; the parent
never blocks on a runaway query and answers the next one at once. The child leaves with
``os._exit`` (multiprocessing's fork does), so it never flushes or closes the parent's files.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import BinaryIO

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
)

from zhiren.errors import BackendUnavailable, ZhirenError
from zhiren.store.triples.base import ExportFormat, QueryResult, QueryTimeout
from zhiren.store.triples.guard import check_query
from zhiren.store.triples.results import boolean_result, graph_result, solutions_result

EXPORT_RDF_FORMATS: dict[ExportFormat, RdfFormat] = {
    "nt": RdfFormat.N_TRIPLES,
    "ttl": RdfFormat.TURTLE,
    "jsonld": RdfFormat.JSON_LD,
}
_FORK = multiprocessing.get_context("fork")
_EVERYTHING = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


class OxigraphTripleStore:
    name = "embedded"

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        try:
            self._store = Store(str(path))
        except OSError as exc:
            raise BackendUnavailable(
                "embedded triple store",
                f"cannot open {path}: {exc}",
                hint="another zhiren process may hold it open; stop it, or use ZHIREN_TRIPLES=fuseki",
            ) from None
        self.path = path

    def put_graphs(self, graphs: Iterable[tuple[str, Sequence[Triple]]], *, fresh: bool = False) -> int:
        quads: list[Quad] = []
        for iri, triples in graphs:
            graph = NamedNode(iri)
            if not fresh:
                self._store.remove_graph(graph)
            quads.extend(Quad(t.subject, t.predicate, t.object, graph) for t in triples)
        if fresh:
            self._store.bulk_extend(quads)
        else:
            self._store.extend(quads)
        return len(quads)

    def delete_graphs(self, iris: Iterable[str]) -> None:
        for iri in iris:
            self._store.remove_graph(NamedNode(iri))

    def clear(self) -> None:
        self._store.clear()

    def count(self) -> int:
        return len(self._store)

    def graph_iris(self) -> set[str]:
        return {g.value for g in self._store.named_graphs() if isinstance(g, NamedNode)}

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
        receiver, sender = _FORK.Pipe(duplex=False)
        args = (sender, sparql, accept, max_rows, tuple(default_graph_uris), tuple(named_graph_uris))
        child = _FORK.Process(target=self._answer, args=args, daemon=True)
        deadline = time.monotonic() + timeout_s
        child.start()
        sender.close()
        try:
            if not receiver.poll(max(0.0, deadline - time.monotonic())):
                raise QueryTimeout(timeout_s)
            outcome = receiver.recv()
        except EOFError:
            raise ZhirenError(f"the query worker died (exit code {child.exitcode})") from None
        finally:
            receiver.close()
            if child.is_alive():
                child.kill()
            child.join()
        if isinstance(outcome, ZhirenError):
            raise outcome
        assert isinstance(outcome, QueryResult)
        return outcome

    def _answer(
        self,
        sender: Connection,
        sparql: str,
        accept: str,
        max_rows: int,
        default_graph_uris: tuple[str, ...],
        named_graph_uris: tuple[str, ...],
    ) -> None:
        """In the child: run the query, send the written result (or the error) back."""
        try:
            sender.send(self._run(sparql, accept, max_rows, default_graph_uris, named_graph_uris))
        except (SyntaxError, OSError, ValueError) as exc:
            sender.send(ZhirenError(f"query failed: {exc}"))

    def _run(
        self,
        sparql: str,
        accept: str,
        max_rows: int,
        default_graph_uris: Sequence[str],
        named_graph_uris: Sequence[str],
    ) -> QueryResult:
        if default_graph_uris or named_graph_uris:
            defaults: list[NamedNode | BlankNode | DefaultGraph] = [NamedNode(u) for u in default_graph_uris]
            answer = self._store.query(
                sparql,
                default_graph=defaults or DefaultGraph(),
                named_graphs=[NamedNode(u) for u in named_graph_uris] or None,
            )
        else:
            answer = self._store.query(sparql, use_default_graph_as_union=True)
        if isinstance(answer, QueryBoolean):
            return boolean_result(bool(answer), accept)
        if isinstance(answer, QuerySolutions):
            names = [v.value for v in answer.variables]
            rows = (tuple(solution[v] for v in names) for solution in answer)
            return solutions_result(names, rows, accept, max_rows)
        return graph_result(answer, accept, max_rows)

    def export(self, fmt: ExportFormat, out: BinaryIO) -> None:
        triples = self._store.query(_EVERYTHING, use_default_graph_as_union=True)
        assert isinstance(triples, QueryTriples)
        triples.serialize(out, EXPORT_RDF_FORMATS[fmt])

    def flush(self) -> None:
        self._store.flush()

    def close(self) -> None:
        self._store.flush()
        del self._store
