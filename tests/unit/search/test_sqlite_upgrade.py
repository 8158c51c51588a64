"""An embedded index written by an earlier version (no entry_meta table) answers as before once opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from zhiren.authority.model import Document, DocumentKind, HistDate, NameType, Person, PersonRecord
from zhiren.authority.names import build_name
from zhiren.store.search.base import SearchQuery
from zhiren.store.search.entries import document_entry, person_entry
from zhiren.store.search.sqlite import SqliteSearchIndex


def _letters() -> list[Document]:
    return [
        Document(f"d{i}", DocumentKind.LETTER, f"盛宣怀致友人函{i}", "前奉手书敬悉一切，铁厂事宜容再面商。",
                 date=HistDate(f"光绪{i + 1}年", 1875 + i), collection="盛宣怀档案")
        for i in range(3)
    ]  # fmt: skip


def test_an_index_without_entry_meta_is_filled_from_its_entries(tmp_path: Path) -> None:
    path = tmp_path / "search.sqlite"
    index = SqliteSearchIndex(path)
    index.setup()
    index.index([document_entry(d, []) for d in _letters()])
    before = index.search(SearchQuery("铁厂", filters={"collection": "盛宣怀档案"}))
    index.close()
    with sqlite3.connect(path) as db:  # as the earlier version left it
        db.execute("DROP TABLE entry_meta")

    upgraded = SqliteSearchIndex(path)
    upgraded.setup()
    after = upgraded.search(SearchQuery("铁厂", filters={"collection": "盛宣怀档案"}))
    browsed = upgraded.search(SearchQuery("", type="document"))
    upgraded.close()

    assert before.total == after.total == browsed.total == 3
    assert [h.id for h in after.hits] == [h.id for h in before.hits]
    assert after.facets == before.facets


def test_an_index_without_year_end_gains_it_and_still_filters_by_year(tmp_path: Path) -> None:
    path = tmp_path / "search.sqlite"
    index = SqliteSearchIndex(path)
    index.setup()
    index.index([document_entry(d, []) for d in _letters()])
    index.close()
    with sqlite3.connect(path) as db:  # as the version before life spans left it
        db.execute("ALTER TABLE entry_meta DROP COLUMN year_end")

    upgraded = SqliteSearchIndex(path)
    upgraded.setup()
    later = upgraded.search(SearchQuery("", type="document", year_from=1876))
    upgraded.close()
    assert sorted(h.id for h in later.hits) == ["d1", "d2"]  # 1876 and 1877: a document's year is its end


def test_an_index_without_the_prefix_index_answers_and_gets_it_at_its_reindex(tmp_path: Path) -> None:
    """The full-text table of an earlier version has no one-character prefix index: a one-character
    query finds the same there, and clearing (what `zhiren reindex` does first) makes the table anew."""
    path = tmp_path / "search.sqlite"
    with sqlite3.connect(path) as db:  # as the version before the prefix index made it
        db.execute(
            "CREATE VIRTUAL TABLE entries_fts USING fts5("
            "title_units, body_units, name_units, tokenize = 'unicode61 remove_diacritics 0')"
        )
    index = SqliteSearchIndex(path)
    index.setup()
    index.index([document_entry(d, []) for d in _letters()])
    assert [h.id for h in index.search(SearchQuery("铁")).hits] == ["d0", "d1", "d2"]

    def fts_options() -> str:
        with sqlite3.connect(path) as db:
            return str(db.execute("SELECT sql FROM sqlite_master WHERE name = 'entries_fts'").fetchone()[0])

    assert "prefix" not in fts_options()
    index.clear()
    assert "prefix = '1'" in fts_options() and index.count() == 0
    index.index([document_entry(d, []) for d in _letters()])
    assert [h.id for h in index.search(SearchQuery("铁")).hits] == ["d0", "d1", "d2"]
    index.close()


def test_the_lengths_kept_are_fts5s_and_an_index_without_them_gains_fts5s_own(tmp_path: Path) -> None:
    """entry_meta.tokens is the length bm25 reads (FTS5's docsize, all columns), for Han, Latin and
    digits, supplementary-plane characters and romanised names; an index made before it is filled
    from FTS5's own when opened."""
    path = tmp_path / "search.sqlite"
    index = SqliteSearchIndex(path)
    index.setup()
    person = Person("p1", "盛宣怀", native_place="武进")
    names = [build_name("p1", "盛宣怀", NameType.GIVEN, preferred=True), build_name("p1", "杏荪", NameType.COURTESY)]
    odd = Document("d9", DocumentKind.LETTER, "𠀀𠀁致X2函", "abc 12 三四，𠀀五 Sheng-xuan 〇六。", date=None)
    index.index(
        [person_entry(PersonRecord(person, names, [], [])), *(document_entry(d, []) for d in [*_letters(), odd])]
    )
    index.close()

    def lengths() -> dict[int, tuple[int, int]]:
        with sqlite3.connect(path) as db:
            return {
                r[0]: (r[1], sum(_varints(r[2])))
                for r in db.execute(
                    "SELECT e.rowid, e.tokens, d.sz FROM entry_meta e JOIN entries_fts_docsize d ON d.id = e.rowid"
                )
            }

    written = lengths()
    assert len(written) == 5 and all(kept == fts5 > 0 for kept, fts5 in written.values())
    with sqlite3.connect(path) as db:  # as the version before the lengths left it
        db.execute("ALTER TABLE entry_meta DROP COLUMN tokens")
    upgraded = SqliteSearchIndex(path)
    upgraded.setup()
    upgraded.close()
    assert lengths() == written


def _varints(blob: bytes) -> list[int]:
    """FTS5's docsize: one SQLite varint per column."""
    values, value = [], 0
    for byte in blob:
        value = value << 7 | byte & 0x7F
        if not byte & 0x80:
            values.append(value)
            value = 0
    return values
