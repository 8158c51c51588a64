"""A document ingest gives the same graph with extraction in worker processes and writes beside resolution."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zhiren.ingest.demo_corpus import DEMO_DIR
from zhiren.ingest.pipeline import Pipeline
from zhiren.ingest.readers.biogref import read_biogref
from zhiren.ingest.readers.sheng import read_sheng
from zhiren.nlp.extract import Extractor
from zhiren.store.graph.sqlite import SqliteGraphStore
from zhiren.store.search.sqlite import SqliteSearchIndex


def ingest_letters(folder: Path, processes: int, batch_size: int) -> tuple[dict[str, Any], list[int]]:
    """Every stored mention with its decision, and the documents stored when each progress call came."""
    graph, search = SqliteGraphStore(folder / "g.sqlite"), SqliteSearchIndex(folder / "s.sqlite")
    graph.migrate()
    search.setup()
    Pipeline(graph, search).ingest_seed(read_biogref(DEMO_DIR / "authority.csv", "demo", []), lambda n: None)
    committed: list[int] = []
    extractor = Extractor(statistical=False, n_process=processes)
    pipeline = Pipeline(graph, search, batch_size=batch_size, extractor=extractor)
    pipeline.ingest_documents(
        read_sheng(DEMO_DIR / "sheng_items.csv", []), lambda n: committed.append(graph.counts()["documents"])
    )
    documents = [d for batch in graph.iter_documents() for d in batch]
    stored = {
        d.id: [(m.id, m.person_id, m.status, m.confidence, m.features) for m in graph.get_document(d.id)[1]]
        for d in documents
    }
    result = {"mentions": stored, "counts": graph.counts(), "indexed": search.count()}
    graph.close()
    search.close()
    return result, committed


def test_worker_processes_and_the_writer_thread_change_nothing(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    serial, _ = ingest_letters(tmp_path / "one", processes=1, batch_size=4)
    parallel, committed = ingest_letters(tmp_path / "two", processes=2, batch_size=4)
    assert parallel == serial
    assert serial["counts"]["documents"] == 33
    assert committed == [min(33, 4 * (i + 1)) for i in range(9)]  # progress only once a batch is stored
