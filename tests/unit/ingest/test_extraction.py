"""extract_ahead: records in input order, the same from worker processes as in-process."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from zhiren.ingest.extraction import AHEAD, Job, extract_ahead
from zhiren.nlp.extract import Extractor
from zhiren.nlp.gazetteer import NameEntry

LETTERS = [
    "杏荪仁兄大人阁下：前奉手书，敬悉一切。香帅处已有电来。弟张之洞顿首。",
    "",
    "中堂钧鉴：寒电敬悉，已饬各局昼夜递送。宣。删。",
    "少荃中堂阁下：铁路借款之事，已与诸公商定。宣怀谨禀。",
]
ITEMS = [f"{i}:{LETTERS[i % len(LETTERS)]}" for i in range(3 * (AHEAD + 2) * 4)]


def job(item: str) -> Job | None:
    doc_id, text = item.split(":", 1)
    return (doc_id, text, "letter") if text else None


@contextmanager
def no_timer(stage: str) -> Iterator[None]:
    yield


def chunked(items: list[str], size: int = 4) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def extractor(processes: int) -> Extractor:
    built = Extractor(statistical=False, n_process=processes)
    built.add_names([NameEntry("盛宣怀", "p_sheng", "盛宣怀"), NameEntry("杏荪", "p_sheng", "盛宣怀", "courtesy")])
    return built


def test_worker_processes_give_the_records_of_one_process_in_input_order() -> None:
    serial = list(extract_ahead(extractor(1), chunked(ITEMS), job, no_timer))
    parallel = list(extract_ahead(extractor(2), chunked(ITEMS), job, no_timer))
    assert [chunk for chunk, _ in parallel] == list(chunked(ITEMS))
    assert parallel == serial
    records = [record for _, chunk_records in serial for record in chunk_records]
    assert [r["id"] if r else None for r in records] == [i.split(":")[0] if job(i) else None for i in ITEMS]
    assert records[0] is not None and records[0]["mentions"][0]["person"]["id"] == "p_sheng"


def test_without_an_extractor_every_item_has_no_record() -> None:
    assert list(extract_ahead(None, chunked(ITEMS[:3]), job, no_timer)) == [(ITEMS[:3], [None, None, None])]


def test_an_error_in_a_worker_reaches_the_caller() -> None:
    def bad_kind(item: str) -> Job:
        return (item, "文", "poem")

    with pytest.raises(ValueError, match="kind must be one of"):
        list(extract_ahead(extractor(2), chunked(ITEMS), bad_kind, no_timer))
