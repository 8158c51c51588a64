"""The demo corpus of ingest/demo: an authority seed, then Sheng-archive items resolved against it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from zhiren.errors import InputError
from zhiren.ingest.pipeline import Pipeline, Summary
from zhiren.ingest.readers.biogref import read_biogref
from zhiren.ingest.readers.genealogy import read_genealogies
from zhiren.ingest.readers.manuscripts import read_manuscripts
from zhiren.ingest.readers.sheng import read_sheng
from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex

if TYPE_CHECKING:
    from zhiren.nlp.extract import Extractor

DEMO_DIR = Path(__file__).resolve().parent / "demo"


def load_demo(
    graph: GraphStore,
    search: SearchIndex,
    extractor: Extractor,
    batch_size: int,
    progress: Callable[[int], object] = lambda n: None,
) -> tuple[list[Summary], list[InputError]]:
    """Ingest the demo (idempotent); returns each step's summary and any rejected rows."""
    problems: list[InputError] = []
    seed = Pipeline(graph, search, batch_size=batch_size).ingest_seed(
        read_biogref(DEMO_DIR / "authority.csv", "demo", problems), progress
    )
    letters = Pipeline(graph, search, batch_size=batch_size, extractor=extractor).ingest_documents(
        read_sheng(DEMO_DIR / "sheng_items.csv", problems), progress
    )
    manuscripts = Pipeline(graph, search, batch_size=batch_size, extractor=extractor).ingest_documents(
        read_manuscripts(DEMO_DIR / "manuscripts.csv", problems), progress
    )
    lineage = Pipeline(graph, search, batch_size=batch_size).ingest_genealogies(
        read_genealogies(DEMO_DIR / "genealogy_records.csv", problems), progress
    )
    return [seed, letters, manuscripts, lineage], problems
