"""The embedded index's two ways of ranking give the same pages: every match scored and sorted
(few matches), and the best candidates alone (many: store.search.sqlite.TOP_K_FROM).

One generated index is read through two adapters, one of which takes every query of one match or
more the second way; hits, their order, scores and match kinds, totals and facet counts must agree
for one-character queries (in names, titles, texts; a surname; with filters and on later pages),
words and phrases ranked by BM25, whole names (preferred, surname + 字, one wrong character) and a
romanised word.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator

import numpy
import pytest

from zhiren.authority.model import Document, DocumentKind, HistDate, NameType, Person, PersonRecord, Precision
from zhiren.authority.names import build_name
from zhiren.store.search.base import IndexEntry, SearchQuery
from zhiren.store.search.entries import document_entry, person_entry
from zhiren.store.search.meta_columns import MetaColumns
from zhiren.store.search.sqlite import _LOGGED, SqliteSearchIndex

SURNAMES = "王张盛李"
GIVEN = "之宣怀杏荪文德仁兄康洞"
CLAUSES = ("仁兄大人阁下", "前奉手书敬悉一切", "不胜感激之至", "铁路之事", "不必远念", "盛宫保近安", "王事靡盬", "顿首")


def _entries(rng: random.Random) -> Iterator[IndexEntry]:
    names = []
    for i in range(160):
        full = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        courtesy = "".join(rng.choice(GIVEN) for _ in range(2))
        birth = HistDate(f"{1800 + i % 60}", 1800 + i % 60, precision=Precision.YEAR) if i % 7 else None
        person = Person(f"p{i:04d}", full, birth=birth, native_place=rng.choice(("武进", "南皮", None)))
        record = PersonRecord(
            person,
            [
                build_name(person.id, full, NameType.GIVEN, preferred=True),
                build_name(person.id, courtesy, NameType.COURTESY),
            ],
            [],
            [],
        )
        names.append(full)
        yield person_entry(record)
    for i in range(700):
        text = "，".join(rng.choice(CLAUSES) for _ in range(rng.randint(2, 6))) + "。"
        sender, recipient = rng.choice(names), rng.choice(names)
        year = 1862 + i % 50
        date = HistDate(f"光绪{year - 1874}年", year, precision=Precision.YEAR) if i % 9 else None
        kind = rng.choice((DocumentKind.LETTER, DocumentKind.TELEGRAM))
        entry = document_entry(Document(f"d{i:05d}", kind, f"{sender}致{recipient}函", text, date=date), [])
        entry.names = rng.sample(names, rng.randint(0, 2))  # the persons a letter mentions
        yield entry


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SqliteSearchIndex, SqliteSearchIndex]]:
    path = tmp_path_factory.mktemp("top_k") / "search.sqlite"
    writer = SqliteSearchIndex(path)
    writer.setup()
    writer.index(list(_entries(random.Random(7))))
    writer.close()
    exact, top = SqliteSearchIndex(path), SqliteSearchIndex(path, top_k_from=1)
    yield exact, top
    exact.close()
    top.close()


QUERIES = ["之", "不", "王", "张", "盛", "仁", "仁兄", '"仁兄大人"', "之至", "盛宫保", "宫保 近安"]
QUERIES += ["王 之", "之 仁兄", "不 之 盛"]  # a character beside others, each required
NAMES = ["盛宣怀", "盛杏荪", "宣怀", "盛宣杯", "王之", "Sheng", "wang"]
VARIANTS: list[dict[str, object]] = [
    {},
    {"page": 2, "size": 7},
    {"page": 4, "size": 20},
    {"page": 40},
    {"type": "document"},
    {"type": "person", "size": 5},
    {"filters": {"kind": "letter"}},
    {"filters": {"decade": "1890s"}, "page": 2, "size": 5},
    {"year_from": 1880, "year_to": 1900},
    {"filters": {"collection": "无此全宗"}},  # nothing passes
]


@pytest.mark.parametrize("q", QUERIES + NAMES)
def test_the_best_candidates_give_the_pages_every_match_gives(
    indexes: tuple[SqliteSearchIndex, SqliteSearchIndex], q: str
) -> None:
    exact, top = indexes
    for variant in VARIANTS:
        query = SearchQuery(q, **variant)  # type: ignore[arg-type]
        expected, found = exact.search(query), top.search(query)
        assert [(h.id, h.score, h.match) for h in found.hits] == [(h.id, h.score, h.match) for h in expected.hits], (
            q,
            variant,
        )
        assert (found.total, found.facets) == (expected.total, expected.facets), (q, variant)
        assert bool(found.hits) == ((query.page - 1) * query.size < expected.total), (q, variant)


def test_a_common_character_is_ranked_from_candidates_and_still_counted_whole(
    indexes: tuple[SqliteSearchIndex, SqliteSearchIndex],
) -> None:
    """之 matches most entries: the top-k index answers it with every match counted in the total."""
    exact, top = indexes
    result = top.search(SearchQuery("之"))
    assert result.total > 500 and result.total == exact.search(SearchQuery("之")).total
    assert [h.match for h in result.hits[:1]] != ["text"] or result.hits[0].type == "person"


def test_what_another_connection_writes_is_counted_by_the_next_search(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The candidates' way holds entry_meta in memory: a write through another connection (an
    ingest's process) is seen by the next search, in its total, facets and pages, and so is a delete."""
    path = tmp_path_factory.mktemp("written") / "search.sqlite"
    entries = list(_entries(random.Random(11)))
    writer = SqliteSearchIndex(path)
    writer.setup()
    writer.index(entries[:400])
    exact, top = SqliteSearchIndex(path), SqliteSearchIndex(path, top_k_from=1)
    queries = [SearchQuery(q, **variant) for q in ("之", "仁兄") for variant in VARIANTS[:8]]  # type: ignore[arg-type]
    try:
        for change in (lambda: writer.index(entries[400:]), lambda: writer.delete([e.id for e in entries[::3]])):
            top.search(queries[0])  # read into memory before the write
            change()
            for query in queries:
                expected, found = exact.search(query), top.search(query)
                assert [(h.id, h.score) for h in found.hits] == [(h.id, h.score) for h in expected.hits], query
                assert (found.total, found.facets) == (expected.total, expected.facets), query
    finally:
        for index in (writer, exact, top):
            index.close()


def _letter(i: int | str, text: str, year: int | None, collection: str | None = None) -> IndexEntry:
    date = HistDate(f"{year}", year, precision=Precision.YEAR) if year else None
    id_ = f"d{i:05d}" if isinstance(i, int) else i
    return document_entry(Document(id_, DocumentKind.LETTER, f"王之致盛宣怀函{i}", text, date, collection), [])


def _writes(entries: list[IndexEntry]) -> list[tuple[str, list[IndexEntry], list[str]]]:
    """Writes between two searches, each (what it does, entries to index, ids to delete): new
    entries (a new collection, so a new facet set; one undated), entries replaced by others of
    other years and texts, the entry of the highest rowid replaced (its rowid given again) and
    deleted, a delete of nothing, and two writes at once; ids of CJK characters, and one holding the
    separator MetaColumns reads ids with."""
    added = [
        _letter(900 + i, "仁兄大人阁下，铁路之事不必远念。", 1850 + i if i % 4 else None, "新全宗") for i in range(15)
    ]
    added += [_letter(i, "之事", 1851, "新全宗") for i in ("d函00950", "d\x1f00951", "d00952")]
    replaced = [_letter(i, "之" * (i % 5 + 1) + "盛宫保近安。", 1830 + i) for i in range(100, 110)]
    return [
        ("add", added, []),
        ("replace", replaced, []),
        ("replace the last", [_letter(109, "王事靡盬，顿首。", 1899)], []),
        ("delete", [], [e.id for e in entries[200:212]] + ["d00109"]),
        ("delete nothing", [], ["no-such-entry"]),
        ("add and delete", [*added[:3], _letter(914, "之", None)], ["d00900", "p0003"]),
    ]


def test_a_write_between_two_searches_answers_as_a_fresh_index(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A search after a write brings the columns it held forward from the rows the write changed
    (MetaColumns.advanced): its pages, totals and facets are those of an adapter reading the index
    anew, and of the whole sort."""
    path = tmp_path_factory.mktemp("advanced") / "search.sqlite"
    entries = list(_entries(random.Random(5)))
    writer = SqliteSearchIndex(path)
    writer.setup()
    writer.index(entries)
    held = SqliteSearchIndex(path, top_k_from=1)
    queries = [SearchQuery(q, **variant) for q in ("之", "仁兄", "盛", "王 之") for variant in VARIANTS]  # type: ignore[arg-type]
    try:
        for what, written, deleted in _writes(entries):
            held.search(queries[0])  # the columns in memory before the write
            if written:
                writer.index(written)
            if deleted:
                writer.delete(deleted)
            fresh, exact = SqliteSearchIndex(path, top_k_from=1), SqliteSearchIndex(path)
            try:
                for query in queries:
                    found, expected = held.search(query), fresh.search(query)
                    assert [(h.id, h.score, h.match) for h in found.hits] == [
                        (h.id, h.score, h.match) for h in expected.hits
                    ], (what, query)
                    assert (found.total, found.facets) == (expected.total, expected.facets), (what, query)
                    assert [h.id for h in exact.search(query).hits] == [h.id for h in found.hits], (what, query)
            finally:
                fresh.close()
                exact.close()
    finally:
        writer.close()
        held.close()


def _described(meta: MetaColumns, db: sqlite3.Connection) -> tuple[object, ...]:
    """What searches read of the columns, for every entry in the index: the earliest-first order,
    lengths, counts, and which pass each kind of filter."""
    present = numpy.array([r[0] for r in db.execute("SELECT rowid FROM entry_meta")], dtype=numpy.int64)
    filters = [
        SearchQuery("之", type="person"),
        SearchQuery("之", year_from=1860, year_to=1890),
        SearchQuery("之", filters={"collection": "新全宗"}),
        SearchQuery("之", filters={"kind": "letter", "decade": "1850s"}),
    ]
    earliest = present[meta.first(present, numpy.zeros(len(present), dtype=numpy.int64), len(present))].tolist()
    ordered = [r[0] for r in db.execute("SELECT rowid FROM entry_meta ORDER BY year IS NULL, year, id")]
    assert earliest == ordered  # as sqlite._earliest orders equal scores
    return (
        earliest,
        meta.lengths(present).tolist(),
        meta.counted(present),
        [present[meta.passing(present, query)].tolist() for query in filters],
        meta.lengths_known,
    )


def test_columns_brought_forward_are_the_columns_read_whole(tmp_path_factory: pytest.TempPathFactory) -> None:
    """After each write the logged rows alone bring the columns to what reading entry_meta whole
    gives; not after clearing the index (nothing logged), nor for a reader more writes behind than
    the log keeps."""
    path = tmp_path_factory.mktemp("brought") / "search.sqlite"
    entries = list(_entries(random.Random(3)))
    index = SqliteSearchIndex(path)
    index.setup()
    index.index(entries)
    db = index._file.db

    def generation() -> int:
        return int(db.execute("SELECT n FROM generation").fetchone()[0])

    meta = MetaColumns.read(db, generation())
    try:
        for what, written, deleted in _writes(entries):
            if written:
                index.index(written)
            if deleted:
                index.delete(deleted)
            advanced = meta.advanced(db, generation())
            assert advanced is not None, what
            assert _described(advanced, db) == _described(MetaColumns.read(db, generation()), db), what
            meta = advanced
        for _ in range(_LOGGED):
            index.delete(["no-such-entry"])
        assert meta.advanced(db, generation()) is not None  # the last _LOGGED writes are logged
        index.delete(["no-such-entry"])
        assert meta.advanced(db, generation()) is None  # the log no longer goes back to it
        meta = MetaColumns.read(db, generation())
        index.clear()
        assert meta.advanced(db, generation()) is None
    finally:
        index.close()
