"""CPU and wall time of single searches on an existing embedded index, one client, no server.

bench_search.py's mix says how the queries fare together; this says what each named query costs
the process, the figure to compare code with (issue 21: 之, 不, 王, 张, 盛, the phrase 仁兄).
Run it with another checkout's code first on PYTHONPATH to compare by turns (the index file is
read only):

    python bench/search_cpu.py FOLDER/embedded/search.sqlite [--runs 7] [--page 1] [QUERY ...]
    python bench/search_cpu.py FOLDER/embedded/search.sqlite --mix [--documents 200000 --persons 100000]
    python bench/search_cpu.py FOLDER/embedded/search.sqlite --after-write [--batch 1000] [--runs 7] [QUERY]

Prints, per query, the 50th and 95th percentiles of the CPU and wall milliseconds over the runs
(each query is run once before timing), the total it reports, and the first hits' ids (to see
that two checkouts answer alike). With --mix, bench_search.py's 2,000 probes instead (generated
again from its seeds: the index must be the one it kept at these sizes): each is run once, then
timed once in the mix's order by a second adapter (so nothing it keeps in memory carries over,
as in a fresh server), and the CPU per query kind is printed with a digest of every answer (ids,
scores, match kinds, snippets, totals, facets, suggestions) that two checkouts must share.
With --after-write, the first search after each write (an ingest batch) against the same search
asked again: the writes replace, delete and add back BATCH of bench_search's letters as they
were, through another adapter (as an ingest's process writes beside the app's), so the index
answers as before and keeps its sizes; it is changed on disk (run each checkout on a copy).
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time
from pathlib import Path

import bench_search  # the mix of probes (this folder is on the path when the script runs)

from zhiren.store.search.base import SearchQuery
from zhiren.store.search.sqlite import SqliteSearchIndex

QUERIES = ("之", "不", "王", "张", "盛", '"仁兄"', "仁兄")


def _cut(samples: list[float], percent: int) -> float:
    """The ``percent`` percentile (inclusive: the slowest run for 95 % of a handful)."""
    return statistics.quantiles(samples, n=100, method="inclusive")[percent - 1] if len(samples) > 1 else samples[0]


def mix(path: Path, documents: int, persons: int) -> None:
    """bench_search's probes, one client: CPU per kind, timed by an adapter that saw none of them."""
    text, samples = bench_search.prose(), []
    generated = [person for person, _ in bench_search.generate_persons(persons)]
    for _ in bench_search.generate_letters(documents, generated, text, samples):
        pass  # only the samples the phrase probes cut from
    probes = bench_search.probes(generated, samples, text, 2000)
    digest = hashlib.sha256()
    first = SqliteSearchIndex(path)
    for probe in probes:
        if probe.search:
            r = first.search(probe.search)
            hits = [(h.id, round(h.score, 6), h.match, h.snippet) for h in r.hits]
            digest.update(repr((r.total, hits, r.facets)).encode())
        else:
            digest.update(repr([(s.id, s.name) for s in first.suggest(probe.prefix)]).encode())
    first.close()
    timed, cpu = SqliteSearchIndex(path), {}
    try:
        for probe in probes:
            started = time.thread_time()
            timed.search(probe.search) if probe.search else timed.suggest(probe.prefix)
            cpu.setdefault(probe.kind, []).append((time.thread_time() - started) * 1000)
    finally:
        timed.close()
    cpu["search"] = [ms for kind, samples in cpu.items() if kind != "suggest" for ms in samples]
    for kind, samples in sorted(cpu.items()):
        print(
            f"{kind:<8} n {len(samples):>5}  cpu mean {statistics.mean(samples):6.1f} p50 {_cut(samples, 50):6.1f}"
            f" p95 {_cut(samples, 95):6.1f} max {max(samples):6.1f}  sum {sum(samples) / 1000:6.2f} s",
            flush=True,
        )
    print(f"answers digest {digest.hexdigest()[:16]}")


def after_write(path: Path, query: SearchQuery, batch: int, runs: int, persons: int) -> None:
    """CPU and wall of the first search after a write, and of the same search asked again."""
    generated = [person for person, _ in bench_search.generate_persons(persons)]
    letters = list(bench_search.generate_letters(batch, generated, bench_search.prose(), []))
    ids = [letter.id for letter in letters]
    writes = (
        ("replace", lambda w: w.index(letters)),
        ("delete", lambda w: w.delete(ids)),
        ("add", lambda w: w.index(letters)),
    )
    writer, reader = SqliteSearchIndex(path), SqliteSearchIndex(path)
    times: dict[str, list[tuple[float, float]]] = {}
    try:
        reader.search(query)
        for run in range(runs * len(writes)):
            what, write = writes[run % len(writes)]
            write(writer)
            for when in (what, "again"):
                started_cpu, started = time.thread_time(), time.perf_counter()
                reader.search(query)
                times.setdefault(when, []).append(
                    ((time.thread_time() - started_cpu) * 1000, (time.perf_counter() - started) * 1000)
                )
    finally:
        writer.close()
        reader.close()
    for when, samples in times.items():
        cpu, wall = [c for c, _ in samples], [w for _, w in samples]
        label = "asked again" if when == "again" else f"after {when}"
        print(
            f"{query.q} {label:<15} n {len(samples):>3}  cpu p50 {_cut(cpu, 50):7.1f} max {max(cpu):7.1f}"
            f"  wall p50 {_cut(wall, 50):7.1f} max {max(wall):7.1f} ms",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path, help="an embedded search.sqlite (bench_search.py --keep FOLDER)")
    parser.add_argument("queries", nargs="*", default=list(QUERIES))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--page", type=int, default=1)
    parser.add_argument("--mix", action="store_true", help="bench_search.py's probes instead of QUERY")
    parser.add_argument("--documents", type=int, default=200_000, help="--mix: the letters the index holds")
    parser.add_argument("--persons", type=int, default=100_000, help="--mix: the persons the index holds")
    parser.add_argument("--after-write", action="store_true", help="the first search after each write (QUERY: 之)")
    parser.add_argument("--batch", type=int, default=1000, help="--after-write: the letters a write changes")
    args = parser.parse_intermixed_args()
    if not args.index.exists():
        raise SystemExit(f"{args.index}: no such index file")
    index = SqliteSearchIndex(args.index)
    index.setup()  # what an index made by an earlier version lacks (the app's factory does it too)
    if args.mix or args.after_write:
        index.close()
        if args.after_write:
            query = SearchQuery(args.queries[0] if args.queries != list(QUERIES) else "之")
            after_write(args.index, query, args.batch, args.runs, args.persons)
        else:
            mix(args.index, args.documents, args.persons)
        return
    try:
        for q in args.queries:
            query = SearchQuery(q, page=args.page)
            result = index.search(query)
            cpu, wall = [], []
            for _ in range(args.runs):
                started_cpu, started = time.thread_time(), time.perf_counter()
                index.search(query)
                cpu.append((time.thread_time() - started_cpu) * 1000)
                wall.append((time.perf_counter() - started) * 1000)
            first = " ".join(h.id for h in result.hits[:5])
            print(
                f"{q:<10} cpu p50 {_cut(cpu, 50):7.1f} p95 {_cut(cpu, 95):7.1f}  wall p50 {_cut(wall, 50):7.1f}"
                f" p95 {_cut(wall, 95):7.1f} ms  total {result.total:>7}  {first}",
                flush=True,
            )
    finally:
        index.close()


if __name__ == "__main__":
    main()
