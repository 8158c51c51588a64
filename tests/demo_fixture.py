"""Loading the demo corpus into any pair of stores, for tests on every backend."""

from __future__ import annotations

from functools import cache

from zhiren.ingest.demo_corpus import load_demo
from zhiren.ingest.pipeline import Summary
from zhiren.nlp.extract import Extractor
from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex


@cache
def fast_extractor() -> Extractor:
    """Built once per test session: building the spaCy pipeline takes about a second."""
    return Extractor(statistical=False)


def load(graph: GraphStore, search: SearchIndex) -> list[Summary]:
    summaries, problems = load_demo(graph, search, fast_extractor(), batch_size=10)
    assert problems == []
    return summaries
