"""Curation latency on a large authority: merge, split and undo p50/p95, and the review queue listing.

Loads N synthetic persons (3 names, 5 mentions, 2 relations each; bench/bench_store_load.py's
generator) plus Q queued mentions, then times R merges, splits and their undos through the
Curator (snapshot read, checked transaction, audit entry), and one listing of all Q queued links.
Targets: merge/split/undo p95 ≤ 50 ms, 10,000 queued links listed ≤ 1 s.

    python bench/bench_curation.py [--n 500000] [--queued 10000] [--repeat 200] [--only embedded,neo4j] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from zhiren.authority.curation.curator import Curator
from zhiren.authority.curation.operations import Merge, Split
from zhiren.authority.model import LinkStatus, Mention
from zhiren.settings import load_settings
from zhiren.store.factory import open_graph
from zhiren.store.graph.base import GraphBatch, GraphStore

T = TypeVar("T")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from store_load import synthetic  # noqa: E402  (a sibling benchmark script, not a package)


def load(graph: GraphStore, n: int, queued: int) -> float:
    started = time.perf_counter()
    for batch in synthetic(n, 2000):
        graph.write(batch)
    rng = random.Random(3)
    rows = []
    for i in range(queued):
        person = rng.randrange(n)
        candidates = [{"person_id": f"p{person:08d}", "name": "某", "score": 0.6, "features": {"name": 0.45}}]
        rows.append(
            Mention(
                f"mq{i:07d}",
                f"d{person // 10:07d}",
                0,
                3,
                "某某某",
                None,
                confidence=0.6,
                status=LinkStatus.QUEUED,
                features={"candidates": candidates},
            )
        )
        if len(rows) == 2000:
            graph.write(GraphBatch(mentions=rows))
            rows = []
    graph.write(GraphBatch(mentions=rows))
    return time.perf_counter() - started


def timed(samples: list[float], action: Callable[..., T], *args: object) -> T:
    """Run ``action(*args)``, append its milliseconds to ``samples``, return its result."""
    started = time.perf_counter()
    result = action(*args)
    samples.append((time.perf_counter() - started) * 1000)
    return result


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return f"p50 {statistics.median(ordered):6.1f} ms  p95 {p95:6.1f} ms  max {ordered[-1]:6.1f} ms"


def run(backend: str, n: int, queued: int, repeat: int, data_dir: Path, keep: bool) -> None:
    graph = open_graph(replace(load_settings(), graph=backend, data_dir=data_dir))
    if graph.counts()["persons"] == n:
        print(f"[{backend}] re-using the {n:,} persons loaded by an earlier --keep run")
    else:
        graph.clear()
        seconds = load(graph, n, queued)
        print(f"[{backend}] loaded {n:,} persons and {queued:,} queued mentions in {seconds:.0f} s")
    curator = Curator(graph, "bench")
    rng = random.Random(11)
    times: dict[str, list[float]] = {"merge": [], "undo merge": [], "split": [], "undo split": []}
    for _ in range(repeat):
        a, b = rng.sample(range(1, n), 2)
        if abs(a - b) <= 1:  # neighbours are father and son in the synthetic lineage: kin cannot merge
            continue
        merged = timed(times["merge"], curator.run, Merge(f"p{a:08d}", f"p{b:08d}"))
        timed(times["undo merge"], curator.undo, merged.entry.id)
        pid = f"p{rng.randrange(n):08d}"
        split = timed(times["split"], curator.run, Split(pid, (f"n{pid[1:]}2",), (f"m{pid[1:]}4",)))
        timed(times["undo split"], curator.undo, split.entry.id)
    for name, samples in times.items():
        print(f"[{backend}] {name:<10} ×{len(samples)}  {percentiles(samples)}")
    listings: list[float] = []
    for _ in range(3):
        timed(listings, graph.queued_mentions, queued)
    print(f"[{backend}] review queue: {queued:,} queued links listed in median {statistics.median(listings):.0f} ms")
    if not keep:
        graph.clear()
    graph.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=500_000)
    parser.add_argument("--queued", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--only", default="embedded,neo4j")
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        metavar="DIR",
        help="keep the loaded stores (embedded ones in DIR) for the next run with the same --keep",
    )
    args = parser.parse_args()
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="zhiren-bench-"))
    for backend in args.only.split(","):
        run(backend, args.n, args.queued, args.repeat, data_dir, keep=args.keep is not None)


if __name__ == "__main__":
    main()
