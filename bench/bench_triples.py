"""The triple store on synthetic persons (3 names, a father, 5 mentions each): mapping, load, export,
sync lag per ingest batch, and example queries, on each triple store backend.

Prints per backend, in one run: mapping rate (graph → triples), full rebuild (triples/s), full
export per format through the port, gzipped as `zhiren export` writes it (triples/s; the
issue's target is >= 100,000/s), the lag the triple sync adds to each ingest batch (p50/p95), and
each example query's median over 5 runs, each with the machine's load average beside it.
Fuseki needs `zhiren services up`.

    python bench/bench_triples.py [--n 20000] [--batch 1000] [--only embedded,fuseki]
                                  [--mentions 5] [--formats nt ttl jsonld]

At the issue's 500,000 persons, --mentions 1 (about 68 triples a person instead of 116), one export
format and --no-baseline keep a run near the hour.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TypeVar

from bench_store_load import synthetic
from pyoxigraph import NamedNode, Quad, QueryTriples, RdfFormat, Store, serialize

from zhiren.ontology.sync import all_graphs, rebuild_triples, sync_triples
from zhiren.settings import load_settings
from zhiren.store.factory import open_triples
from zhiren.store.graph.base import GraphBatch, outbox_ids
from zhiren.store.graph.sqlite import SqliteGraphStore
from zhiren.store.triples.base import EXPORT_FORMATS, ExportFormat, TripleStore
from zhiren.store.triples.dumps import GZIP_LEVEL, write_dump
from zhiren.store.triples.results import EXPORT_RDF_FORMATS

T = TypeVar("T")
BASE = "http://127.0.0.1:5000/"
ZR = f"PREFIX zr: <{BASE}ontology#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
QUERIES = {
    "a person's names by type": ZR + "SELECT ?type ?name WHERE { <%(person)s> zr:hasName ?n . "
    "?n zr:nameType ?type ; <http://www.w3.org/2008/05/skos-xl#literalForm> ?name }",
    "descendants to depth 3": ZR + "SELECT ?d WHERE { <%(person)s> zr:fatherOf/zr:fatherOf?/zr:fatherOf? ?d }",
    "documents naming two persons": ZR
    + "SELECT DISTINCT ?doc WHERE { ?a zr:refersTo <%(person)s> ; zr:inDocument ?doc ."
    " ?b zr:refersTo <%(other)s> ; zr:inDocument ?doc }",
    "persons by name prefix (FILTER)": ZR
    + 'SELECT ?p WHERE { ?p skos:prefLabel ?l . FILTER(STRSTARTS(?l, "盛")) } LIMIT 100',
    "count persons": ZR + "SELECT (COUNT(*) AS ?n) WHERE { ?p a zr:Person }",
}


class _Discard:
    """A binary sink that only counts: the export's own cost, not the disk's."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        return None


def timed(run: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = run()
    return result, time.perf_counter() - started


def load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def fill_graph(graph: SqliteGraphStore, n: int, batch: int, mentions: int) -> None:
    for part in synthetic(n, batch, mentions_per_person=mentions):
        graph.write(part)


def sync_lags(graph: SqliteGraphStore, triples: TripleStore, n: int, batch: int, mentions: int) -> list[float]:
    """Write new batches to the graph as an ingest does; time the triple sync each batch then needs."""
    lags = []
    for part in _renumbered(synthetic(n, batch, seed=11, mentions_per_person=mentions), prefix="x"):
        graph.write(part)
        touched = outbox_ids(part)
        _, seconds = timed(lambda: sync_triples(graph, triples, *touched, BASE))  # noqa: B023
        lags.append(seconds)
    return lags


def _renumbered(batches: Iterator[GraphBatch], prefix: str) -> Iterator[GraphBatch]:
    """New ids for a second run of the generator, so its batches add persons instead of rewriting."""
    for b in batches:
        yield GraphBatch(
            persons=[replace(p, id=prefix + p.id) for p in b.persons],
            names=[replace(x, id=prefix + x.id, person_id=prefix + x.person_id) for x in b.names],
            documents=[replace(d, id=prefix + d.id) for d in b.documents],
            mentions=[
                replace(m, id=prefix + m.id, document_id=prefix + m.document_id, person_id=prefix + (m.person_id or ""))
                for m in b.mentions
            ],
            relations=[
                replace(r, id=prefix + r.id, source_id=prefix + r.source_id, target_id=prefix + r.target_id)
                for r in b.relations
            ],
        )


def raw_rates(graph: SqliteGraphStore, folder: Path, formats: Sequence[ExportFormat]) -> dict[str, float]:
    """The same load and exports from pyoxigraph itself in this process (an on-disk store as ours,
    no worker, no pipe), gzipped the same way: the engine's own rates, for the ratios."""
    quads = serialize(
        (Quad(t.subject, t.predicate, t.object, NamedNode(iri)) for iri, ts in all_graphs(graph, BASE) for t in ts),
        format=RdfFormat.N_QUADS,
    )
    where = folder / "raw-oxigraph"
    store = Store(str(where))
    _, seconds = timed(partial(store.bulk_load, quads, format=RdfFormat.N_QUADS))
    rates: dict[str, float] = {"load": len(store) / seconds}
    for fmt in formats:
        _, seconds = timed(partial(_raw_export, store, fmt))
        rates[fmt] = len(store) / seconds
    del store  # closes it: a second copy of the triples on disk (10 GB at 500,000 persons) is not kept
    shutil.rmtree(where)
    return rates


def _raw_export(store: Store, fmt: ExportFormat) -> None:
    with gzip.GzipFile(fileobj=_Discard(), mode="wb", compresslevel=GZIP_LEVEL, mtime=0) as zipped:
        found = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        assert isinstance(found, QueryTriples)
        found.serialize(zipped, EXPORT_RDF_FORMATS[fmt])  # type: ignore[arg-type]  # a GzipFile writes bytes


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_backend(name: str, graph: SqliteGraphStore, folder: Path, args: argparse.Namespace) -> None:
    n, batch, formats = args.n, args.batch, args.formats
    settings = replace(load_settings(), triples=name, data_dir=folder, base_uri=BASE)
    if name == "fuseki":
        settings = replace(settings, fuseki_url=settings.fuseki_url.rstrip("/") + "-test")
    triples = open_triples(settings)
    try:
        raw = raw_rates(graph, folder, formats) if name == "embedded" and args.baseline else {}
        counts, seconds = timed(lambda: rebuild_triples(graph, triples, BASE, batch))
        total = counts["triples"]
        versus = f"; pyoxigraph bulk_load alone: {raw['load']:,.0f}/s" if raw else ""
        print(
            f"[{name}] rebuild with mapping: {total:,} triples, {seconds:.1f} s, {total / seconds:,.0f}/s{versus}"
            f" ({load()})"
        )
        for fmt in formats:
            sink = _Discard()
            _, seconds = timed(lambda: write_dump(triples, fmt, sink))  # noqa: B023
            ratio = (
                f"; pyoxigraph alone: {raw[fmt]:,.0f}/s, ours/raw {total / seconds / raw[fmt]:.2f}"
                if raw
                else ""
            )
            print(f"[{name}] export {fmt:6} (gzip): {total / seconds:,.0f} triples/s ({sink.size / 1e6:.1f} MB){ratio}"
                  f" ({load()})")
        lags = sync_lags(graph, triples, n // 10, batch, args.mentions)
        print(
            f"[{name}] sync lag per ingest batch of {batch} persons: p50 {statistics.median(lags) * 1000:.0f} ms, "
            f"p95 {percentile(lags, 0.95) * 1000:.0f} ms over {len(lags)} batches ({load()})"
        )
        values = {"person": f"{BASE}person/p{n // 2:08d}", "other": f"{BASE}person/p{n // 2 + 1:08d}"}
        for title, query in QUERIES.items():
            runs = []
            for _ in range(5):
                result, seconds = timed(lambda: triples.query(query % values, timeout_s=60))  # noqa: B023
                runs.append(seconds)
            print(f"[{name}] query {title!r}: median {statistics.median(runs) * 1000:.1f} ms ({result.count} rows)"
                  f" ({load()})")
        triples.clear()
    finally:
        triples.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20_000, help="synthetic persons")
    parser.add_argument("--batch", type=int, default=1000, help="persons per ingest batch")
    parser.add_argument("--only", default="embedded,fuseki", help="backends, comma-separated")
    parser.add_argument("--mentions", type=int, default=5, help="mentions per synthetic person (the footprint)")
    parser.add_argument("--baseline", action=argparse.BooleanOptionalAction, default=True,
                        help="pyoxigraph's own load and export rates beside ours (doubles an embedded run)")
    parser.add_argument("--formats", nargs="+", choices=EXPORT_FORMATS, default=EXPORT_FORMATS, help="export formats")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-triples-") as tmp:
        folder = Path(tmp)
        graph = SqliteGraphStore(folder / "graph.sqlite")
        graph.migrate()
        _, seconds = timed(lambda: fill_graph(graph, args.n, args.batch, args.mentions))
        print(f"graph: {args.n:,} persons ({args.mentions} mentions each) written in {seconds:.1f} s ({load()})")
        mapped, seconds = timed(lambda: sum(len(t) for _, t in all_graphs(graph, BASE, args.batch)))
        print(f"mapping (graph → triples, no store): {mapped:,} triples in {seconds:.1f} s = {mapped / seconds:,.0f}/s"
              f" ({load()})")
        for name in args.only.split(","):
            bench_backend(name, graph, folder / name, args)
        graph.close()


if __name__ == "__main__":
    main()
