"""What the outbox costs an ingest's graph writes: the synthetic batches of bench_store_load.py
(3 names, 2 relations, 5 mentions per person) written with their ids pending for the search
index and cleared after, against the same batches without, in turn, on each graph adapter.

Prints persons/s of each side per round, the medians and their ratio (with outbox / without).

    python bench/bench_outbox.py [--n 20000] [--batch 1000] [--rounds 3] [--only embedded,neo4j]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from dataclasses import replace
from pathlib import Path

from bench_store_load import synthetic, timed

from zhiren.settings import Settings, load_settings
from zhiren.store.derived import SEARCH
from zhiren.store.factory import open_graph
from zhiren.store.graph.base import GraphBatch, GraphStore, outbox_ids


def write_plain(store: GraphStore, batches: list[GraphBatch]) -> None:
    for batch in batches:
        store.write(batch)


def write_with_outbox(store: GraphStore, batches: list[GraphBatch]) -> None:
    """As the pipeline does: the batch with its outbox rows, then (once indexed) the rows cleared."""
    for batch in batches:
        store.write(replace(batch, pending_for=(SEARCH,)))
        store.clear_pending(SEARCH, outbox_ids(batch))


def bench(settings: Settings, n: int, batch: int, rounds: int) -> None:
    rates: dict[str, list[float]] = {"without": [], "with outbox": []}
    for seed in range(rounds + 1):  # round 0 warms up and is not counted
        for label, write in (("without", write_plain), ("with outbox", write_with_outbox)):
            batches = list(synthetic(n if seed else max(batch, n // 10), batch, seed=31 + seed))
            with tempfile.TemporaryDirectory() as folder:
                store = open_graph(replace(settings, data_dir=Path(folder)))
                store.clear()
                rate = timed(f"{store.name}: {label}", len(batches) * batch, lambda: write(store, batches))  # noqa: B023
                if seed:
                    rates[label].append(rate)
                store.clear()
                store.close()
    medians = {label: statistics.median(r) for label, r in rates.items()}
    for label, rate in medians.items():
        print(f"  median of {rounds}: {label:<20} {rate:>10,.0f} persons/s")
    print(f"  {settings.graph}: with outbox / without (medians) {medians['with outbox'] / medians['without']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="persons per round")
    parser.add_argument("--batch", type=int, default=1_000, help="persons per write batch")
    parser.add_argument("--rounds", type=int, default=3, help="counted rounds; medians are reported")
    parser.add_argument("--only", default="embedded,neo4j")
    args = parser.parse_args()
    base = load_settings()
    print(f"outbox: {args.n:,} persons per round, batches of {args.batch:,}")
    for graph in args.only.split(","):
        bench(replace(base, graph=graph), args.n, args.batch, args.rounds)


if __name__ == "__main__":
    main()
