"""CPU and wall time of single searches on an existing embedded index, one client, no server.

bench_search.py's mix says how the queries fare together; this says what each named query costs
the process, the figure to compare code with (issue 21: 之, 不, 王, 张, 盛, the phrase 仁兄).
Run it with another checkout's code first on PYTHONPATH to compare by turns (the index file is
read only):

    python bench/search_cpu.py FOLDER/embedded/search.sqlite [--runs 7] [--page 1] [QUERY ...]

Prints, per query, the 50th and 95th percentiles of the CPU and wall milliseconds over the runs
(each query is run once before timing), the total it reports, and the first hits' ids (to see
that two checkouts answer alike).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from zhiren.store.search.base import SearchQuery
from zhiren.store.search.sqlite import SqliteSearchIndex

QUERIES = ("之", "不", "王", "张", "盛", '"仁兄"', "仁兄")


def _cut(samples: list[float], percent: int) -> float:
    """The ``percent`` percentile (inclusive: the slowest run for 95 % of a handful)."""
    return statistics.quantiles(samples, n=100, method="inclusive")[percent - 1] if len(samples) > 1 else samples[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("index", type=Path, help="an embedded search.sqlite (bench_search.py --keep FOLDER)")
    parser.add_argument("queries", nargs="*", default=list(QUERIES))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--page", type=int, default=1)
    args = parser.parse_intermixed_args()
    if not args.index.exists():
        raise SystemExit(f"{args.index}: no such index file")
    index = SqliteSearchIndex(args.index)
    index.setup()  # what an index made by an earlier version lacks (the app's factory does it too)
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
