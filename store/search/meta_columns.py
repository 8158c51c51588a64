"""The embedded index's ``entry_meta`` held in memory as numpy columns indexed by rowid.

A query matching most of the index (之, 仁兄: 200,000 letters) is filtered, counted by facet and
ranked from its matches' rowids alone, read from the full-text index in one string: looking each
match up in ``entry_meta`` and filtering it in SQL took 15-30 ms a search (a B-tree seek a match,
and a subquery per facet filter); the same from these arrays takes 1-3 ms. The columns are read
once, and brought forward whenever the index's generation (bumped by every write, in the write's
own transaction) says another connection or process changed it: from the rows the writes since
logged as changed (an ingest batch of 1,000 letters: ~10-30 ms, against ~250 to read them whole
at 300,000 entries, 0.4-0.9 s for the first search after each batch before). A search reads the
generation and every match in one read transaction, so the arrays always describe the rows it sees.
"""

from __future__ import annotations

import copy
import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping

import numpy

from zhiren.store.search.base import FACET_FIELDS, SearchQuery

# A facet string (entries.facets, facet_sets.facets) joins its pairs with PAIR, a pair's field and value with VALUE.
PAIR, VALUE = "\x1f", "\x1e"
SEPARATORS = str.maketrans("", "", PAIR + VALUE)  # taken out of values
# A rank is below 2**32 (an index of at most four billion entries); the class of a candidate is
# shifted above it, so one integer sorts by class, then rank.
_RANK_BITS = 32
_NO_YEAR = -(2**62)  # a NULL year: below every bound, and kept out of "year <= bound" by name
_ID_SEPARATOR = "\x1f"  # between the ids read in one string
# Writes that changed more than 1/_WHOLE_FROM of the rows are caught up with by reading entry_meta
# whole: each changed row costs about as much as reading ten rows whole.
_WHOLE_FROM = 10


def rowids(db: sqlite3.Connection, sql: str, params: Collection[object]) -> numpy.ndarray:
    """The integers ``sql`` returns as one ``group_concat`` string (200,000 rowids: 9 ms, against 49
    to fetch them as rows), ascending when the statement reads them so."""
    joined = db.execute(sql, list(params)).fetchone()[0]
    return numpy.fromstring(joined or "", dtype=numpy.int64, sep=",")


def _id_array(ids: list[str]) -> numpy.ndarray:
    """Ids as UTF-8 bytes (numpy compares those as SQLite's BINARY collation orders the text)."""
    return numpy.array([i.encode() for i in ids], dtype=bytes) if ids else numpy.zeros(0, dtype="S1")


def _year_order(years: numpy.ndarray) -> numpy.ndarray:
    """Years as the earliest-first order sorts them: entries without one last."""
    return numpy.where(years == _NO_YEAR, -_NO_YEAR, years)


def _ranks(order: numpy.ndarray, size: int) -> numpy.ndarray:
    """Each rowid's place in ``order`` (0 for a rowid not in it)."""
    rank = numpy.zeros(size, dtype=numpy.int64)
    rank[order] = numpy.arange(len(order))
    return rank


def facet_lists(counts: Mapping[str, int]) -> dict[str, list[tuple[str, int]]]:
    """Counts by ``field<US>value`` pair as the API gives them: every facet field, its values by
    count, then value."""
    facets: dict[str, list[tuple[str, int]]] = {f: [] for f in FACET_FIELDS}
    for pair, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        field, value = pair.split(VALUE, 1)
        facets.setdefault(field, []).append((value, n))
    return facets


class MetaColumns:
    """Every entry's type, years, length, facet set and place in the earliest-first order, by rowid; and
    every facet set's (field, value) pairs. Read whole in ~250 ms at 300,000 entries; after a write,
    brought forward from the rows it changed alone (``advanced``), as the index's log of writes
    names them."""

    generation: int
    size: int  # the rowids' bound
    lengths_known: bool  # every entry's length is known (an index is filled from FTS5's own when set up)
    _types: list[str]  # a type's code is its place here
    # by rowid (an absent rowid holds the empty value each column is made with)
    _facet_set: numpy.ndarray
    _year: numpy.ndarray
    _last_year: numpy.ndarray
    _type: numpy.ndarray
    _tokens: numpy.ndarray
    _rank: numpy.ndarray
    _order: numpy.ndarray  # the rowids earliest first, and their ids as bytes
    _order_ids: numpy.ndarray
    _sets: int  # the facet sets' ids' bound
    _code: dict[str, int]  # a (field, value) pair's number, its place in _pairs
    _pairs: list[str]
    _value_set: numpy.ndarray  # with _value_pair: every facet set's pairs, one a place
    _value_pair: numpy.ndarray

    @classmethod
    def read(cls, db: sqlite3.Connection, generation: int) -> MetaColumns:
        """Read whole from ``db`` inside the caller's read transaction, at ``generation``."""
        meta = cls()
        meta.generation = generation
        meta._types = [r[0] for r in db.execute("SELECT DISTINCT type FROM entry_meta")]
        type_code = "CASE type " + " ".join(f"WHEN ? THEN {i}" for i in range(len(meta._types))) + " END"
        row = db.execute(
            f"SELECT group_concat(rowid), group_concat(facet_set), group_concat(coalesce(year, {_NO_YEAR})),"
            f" group_concat(coalesce(year_end, year, {_NO_YEAR})), group_concat({type_code if meta._types else 0}),"
            f" max(rowid), group_concat(coalesce(tokens, -1)), group_concat(id, '{_ID_SEPARATOR}') FROM entry_meta",
            meta._types,
        ).fetchone()
        size = (row[5] or 0) + 1
        where = numpy.fromstring(row[0] or "", dtype=numpy.int64, sep=",")

        def column(values: str | None, empty: int) -> numpy.ndarray:
            array = numpy.full(size, empty, dtype=numpy.int64)
            array[where] = numpy.fromstring(values or "", dtype=numpy.int64, sep=",")
            return array

        meta._facet_set = column(row[1], 0)
        meta._year = column(row[2], _NO_YEAR)
        meta._last_year = column(row[3], _NO_YEAR)  # coalesce(year_end, year): what a range's start is tested on
        meta._type = column(row[4], -1)
        meta._tokens = column(row[6], -1)  # a row's tokens, all columns (what bm25 reads as its length)
        meta.size = size
        meta.lengths_known = not numpy.any(meta._tokens[where] < 0)
        ids = _id_array(row[7].split(_ID_SEPARATOR) if row[7] else [])
        if len(ids) != len(where):  # an id holding the separator: read one by one
            ids = _id_array([r[0] for r in db.execute("SELECT id FROM entry_meta ORDER BY rowid")])
        # the order equal scores are ranked in (sqlite._earliest): year, entries without one last, id
        # (sorted here: 12 ms at 300,000 entries, against 280 for SQLite's ORDER BY); its ids kept
        # beside it, for a later write's rows to find their places in it
        earliest = numpy.lexsort((ids, _year_order(meta._year[where])))
        meta._order, meta._order_ids = where[earliest], ids[earliest]
        meta._rank = _ranks(meta._order, size)
        meta._sets = 0
        meta._code, meta._pairs = {}, []
        meta._value_set = meta._value_pair = numpy.zeros(0, dtype=numpy.int64)
        meta._read_sets(db)
        return meta

    def _read_sets(self, db: sqlite3.Connection) -> None:
        """The facet sets made since those held (a set is never changed, and removed only by clearing
        the index, which nothing brings forward: see ``advanced``)."""
        sets = (db.execute("SELECT max(id) FROM facet_sets").fetchone()[0] or 0) + 1
        if sets == self._sets:
            return
        pairs = db.execute(
            f"SELECT set_id, field || '{VALUE}' || value FROM facet_set_values WHERE set_id >= ?", (self._sets,)
        ).fetchall()
        self._sets = sets
        self._code = {**self._code}
        for _, pair in pairs:
            self._code.setdefault(pair, len(self._code))
        self._pairs = list(self._code)
        self._value_set = numpy.concatenate([self._value_set, numpy.array([s for s, _ in pairs], dtype=numpy.int64)])
        self._value_pair = numpy.concatenate(
            [self._value_pair, numpy.array([self._code[pair] for _, pair in pairs], dtype=numpy.int64)]
        )

    def advanced(self, db: sqlite3.Connection, generation: int) -> MetaColumns | None:
        """These columns brought to ``generation`` (inside the caller's read transaction) from the rows
        the writes since changed, as a new object (searches still reading this one keep it as it was);
        None when the log does not name every write since (an index cleared or upgraded, or a log
        pruned past this generation) or when the writes changed so many rows that reading the
        whole is as cheap: the caller reads it whole then.

        A write's rows are found by its log (``sqlite.SqliteSearchIndex``: every write adds a row
        naming its generation and the rows it deleted or added), not by rowids above the last seen:
        a replaced entry may get back the rowid it had, and deletions leave no row."""
        logged, joined = db.execute(
            "SELECT count(*), group_concat(nullif(rowids, '')) FROM meta_log WHERE generation > ?", (self.generation,)
        ).fetchone()
        if logged != generation - self.generation:
            return None
        changed = numpy.unique(numpy.fromstring(joined or "", dtype=numpy.int64, sep=","))
        if len(changed) > len(self._order) // _WHOLE_FROM:
            return None
        rows = db.execute(
            f"SELECT rowid, facet_set, coalesce(year, {_NO_YEAR}), coalesce(year_end, year, {_NO_YEAR}), type,"
            " coalesce(tokens, -1), id FROM entry_meta WHERE rowid IN (SELECT value FROM json_each(?))"
            " ORDER BY year IS NULL, year, id",
            (json.dumps(changed.tolist()),),
        ).fetchall()
        new = copy.copy(self)
        new.generation = generation
        new._types = [*self._types, *dict.fromkeys(r[4] for r in rows if r[4] not in self._types)]
        new.size = max(self.size, int(changed[-1]) + 1 if len(changed) else 0)
        where = numpy.array([r[0] for r in rows], dtype=numpy.int64)

        def column(old: numpy.ndarray, values: list[int], empty: int) -> numpy.ndarray:
            array = numpy.full(new.size, empty, dtype=numpy.int64)
            array[: self.size] = old
            array[changed] = empty
            array[where] = values
            return array

        new._facet_set = column(self._facet_set, [r[1] for r in rows], 0)
        new._year = column(self._year, [r[2] for r in rows], _NO_YEAR)
        new._last_year = column(self._last_year, [r[3] for r in rows], _NO_YEAR)
        new._type = column(self._type, [new._types.index(r[4]) for r in rows], -1)
        new._tokens = column(self._tokens, [r[5] for r in rows], -1)
        new.lengths_known = not numpy.any((new._type >= 0) & (new._tokens < 0))
        # the earliest-first order without the changed rows, and the rows as they are now put in
        # their places: by year (none last), then by id among the same year
        gone = numpy.zeros(new.size, dtype=bool)
        gone[changed] = True
        kept = ~gone[self._order]
        order, ids = self._order[kept], self._order_ids[kept]
        years = _year_order(new._year[order])
        added_years = _year_order(new._year[where])
        added_ids = _id_array([r[6] for r in rows])
        low = numpy.searchsorted(years, added_years, side="left")
        high = numpy.searchsorted(years, added_years, side="right")
        at = [lo + int(numpy.searchsorted(ids[lo:hi], i)) for lo, hi, i in zip(low, high, added_ids, strict=True)]
        if added_ids.itemsize > ids.itemsize:  # a longer id than any held: room for it
            ids = ids.astype(added_ids.dtype)
        new._order = numpy.insert(order, at, where)  # rows given the same place go in their given (sorted) order
        new._order_ids = numpy.insert(ids, at, added_ids)
        new._rank = _ranks(new._order, new.size)
        new._read_sets(db)
        return new

    def passing(self, matched: numpy.ndarray, query: SearchQuery) -> numpy.ndarray:
        """Which of the ``matched`` rowids pass the query's type, year range and facet filters (as
        SqliteSearchIndex's SQL filters decide: a row without a year passes no year bound)."""
        keep = numpy.ones(len(matched), dtype=bool)
        if query.type:
            keep &= self._type[matched] == (self._types.index(query.type) if query.type in self._types else -2)
        if query.year_from is not None:
            keep &= self._last_year[matched] >= query.year_from
        if query.year_to is not None:
            year = self._year[matched]
            keep &= (year <= query.year_to) & (year != _NO_YEAR)
        if query.filters:
            allowed = numpy.ones(self._sets, dtype=bool)
            for field, value in query.filters.items():
                with_pair = numpy.zeros(self._sets, dtype=bool)
                code = self._code.get(f"{field}{VALUE}{value.translate(SEPARATORS)}")
                if code is not None:
                    with_pair[self._value_set[self._value_pair == code]] = True
                allowed &= with_pair
            keep &= allowed[self._facet_set[matched]]
        return keep

    def first(self, matched: numpy.ndarray, classes: numpy.ndarray, wanted: int) -> numpy.ndarray:
        """The positions in ``matched`` (rowids) of its ``wanted`` first entries, by ``classes``
        (lower first) and then earliest (year, none last, id), in that order."""
        key = (classes << _RANK_BITS) | self._rank[matched]
        if wanted < len(key):
            chosen = numpy.argpartition(key, wanted)[:wanted]
            return chosen[numpy.argsort(key[chosen], kind="stable")]
        return numpy.argsort(key, kind="stable")

    def ranked(self, rows: numpy.ndarray, tiers: numpy.ndarray, scores: numpy.ndarray, wanted: int) -> numpy.ndarray:
        """The positions in ``rows`` of the ``wanted`` first by tier (higher first), score (lower
        first), then earliest (year, none last, id), in that order: sqlite._rank_key's order. The
        rows of tier 0 (text matches: nearly all of 200,000) are cut to the ``wanted`` best by a
        partition on their scores and on the ranks of those tied with the last, never sorted whole."""
        plain = numpy.flatnonzero(tiers == 0)
        if wanted < len(plain):
            score = scores[plain]
            last = numpy.partition(score, wanted - 1)[wanted - 1]
            better, tied = plain[score < last], plain[score == last]
            need = wanted - len(better)  # at least one: ``last`` is the wanted-th best
            if need < len(tied):
                tied = tied[numpy.argpartition(self._rank[rows[tied]], need - 1)[:need]]
            plain = numpy.concatenate([better, tied])
        chosen = numpy.concatenate([numpy.flatnonzero(tiers != 0), plain])  # other tiers: named entries, few
        order = numpy.lexsort((self._rank[rows[chosen]], scores[chosen], -tiers[chosen]))
        return chosen[order][:wanted]

    def lengths(self, matched: numpy.ndarray) -> numpy.ndarray:
        """The tokens of the ``matched`` rowids (their texts' lengths, as FTS5's bm25 takes them)."""
        return self._tokens[matched]

    def counted(self, matched: numpy.ndarray) -> tuple[int, dict[str, list[tuple[str, int]]]]:
        """The total and facet counts of the ``matched`` rowids: entries per facet set, then per
        value through the sets' pairs."""
        sets = self._facet_set[matched]
        per_set = numpy.bincount(sets, minlength=self._sets)
        per_pair = numpy.bincount(
            self._value_pair, weights=per_set[self._value_set], minlength=len(self._pairs)
        ).astype(numpy.int64)
        present = numpy.flatnonzero(per_pair)
        return len(sets), facet_lists(
            dict(zip((self._pairs[i] for i in present), per_pair[present].tolist(), strict=True))
        )


class TermRows:
    """The rows holding a term and its column weights (see SqliteSearchIndex._column_weights), kept
    for the terms searched last, up to ``budget`` bytes (8 a row), for the generation they were read at: a
    common character (之: 200,000 rows, 19 ms of full-text reads) asked again, on another page or
    with other filters, is filtered and ranked from memory (2-4 ms)."""

    def __init__(self, budget: int) -> None:
        self._budget = budget
        self._held: OrderedDict[tuple[int, str], tuple[numpy.ndarray, numpy.ndarray]] = OrderedDict()
        self._lock = threading.Lock()

    def get(
        self, generation: int, term: str, read: Callable[[], tuple[numpy.ndarray, numpy.ndarray]]
    ) -> tuple[numpy.ndarray, numpy.ndarray]:
        """The rows and weights of ``term`` at ``generation``, from ``read`` when not held (read-only arrays)."""
        key = (generation, term)
        with self._lock:
            if key in self._held:
                self._held.move_to_end(key)
                return self._held[key]
        rows, weights = _compact(*read())
        rows.flags.writeable = weights.flags.writeable = False
        with self._lock:
            self._held[key] = (rows, weights)
            for old in [k for k in self._held if k[0] != generation]:  # a write made them stale
                del self._held[old]
            size = sum(r.nbytes + w.nbytes for r, w in self._held.values())
            while size > self._budget and len(self._held) > 1:
                r, w = self._held.popitem(last=False)[1]
                size -= r.nbytes + w.nbytes
        return rows, weights


def _compact(rows: numpy.ndarray, weights: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Ascending rowids as 32-bit integers and weights as 32-bit floats where they hold them exactly
    (8 bytes a row instead of 16: the mix of bench_search asks 245 terms, 9.8 million rows)."""
    if len(rows) and rows[-1] < 2**31:
        rows = rows.astype(numpy.int32)
    narrow = weights.astype(numpy.float32)
    return rows, narrow if numpy.array_equal(narrow, weights) else weights
