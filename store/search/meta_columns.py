"""The embedded index's ``entry_meta`` held in memory as numpy columns indexed by rowid.

A query matching most of the index (之, 仁兄: 200,000 letters) is filtered, counted by facet and
ranked from its matches' rowids alone, read from the full-text index in one string: looking each
match up in ``entry_meta`` and filtering it in SQL took 15-30 ms a search (a B-tree seek a match,
and a subquery per facet filter); the same from these arrays takes 1-3 ms. The columns are read
once and again whenever the index's generation (bumped by every write, in the write's own
transaction) says another connection or process changed it; a search reads the generation and
every match in one read transaction, so the arrays always describe the rows it sees.
"""

from __future__ import annotations

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


def rowids(db: sqlite3.Connection, sql: str, params: Collection[object]) -> numpy.ndarray:
    """The integers ``sql`` returns as one ``group_concat`` string (200,000 rowids: 9 ms, against 49
    to fetch them as rows), ascending when the statement reads them so."""
    joined = db.execute(sql, list(params)).fetchone()[0]
    return numpy.fromstring(joined or "", dtype=numpy.int64, sep=",")


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
    every facet set's (field, value) pairs. Read whole in ~200 ms at 300,000 entries (the order by
    year and id is most of it)."""

    def __init__(self, db: sqlite3.Connection, generation: int) -> None:
        """Read from ``db`` inside the caller's read transaction, at ``generation``."""
        self.generation = generation
        self._types = [r[0] for r in db.execute("SELECT DISTINCT type FROM entry_meta")]
        type_code = "CASE type " + " ".join(f"WHEN ? THEN {i}" for i in range(len(self._types))) + " END"
        row = db.execute(
            f"SELECT group_concat(rowid), group_concat(facet_set), group_concat(coalesce(year, {_NO_YEAR})),"
            f" group_concat(coalesce(year_end, year, {_NO_YEAR})), group_concat({type_code if self._types else 0}),"
            " max(rowid), group_concat(coalesce(tokens, -1)) FROM entry_meta",
            self._types,
        ).fetchone()
        size = (row[5] or 0) + 1
        where = numpy.fromstring(row[0] or "", dtype=numpy.int64, sep=",")

        def column(values: str | None, empty: int) -> numpy.ndarray:
            array = numpy.full(size, empty, dtype=numpy.int64)
            array[where] = numpy.fromstring(values or "", dtype=numpy.int64, sep=",")
            return array

        self._facet_set = column(row[1], 0)
        self._year = column(row[2], _NO_YEAR)
        self._last_year = column(row[3], _NO_YEAR)  # coalesce(year_end, year): what a range's start is tested on
        self._type = column(row[4], -1)
        self._tokens = column(row[6], -1)  # a row's tokens, all columns (what bm25 reads as its length)
        # every entry's length is known (an index is filled from FTS5's own when set up)
        self.lengths_known = not numpy.any(self._tokens[where] < 0)
        # the order equal scores are ranked in (sqlite._earliest): year, entries without one last, id
        earliest = rowids(
            db, "SELECT group_concat(rowid) FROM (SELECT rowid FROM entry_meta ORDER BY year IS NULL, year, id)", ()
        )
        self._rank = numpy.zeros(size, dtype=numpy.int64)
        self._rank[earliest] = numpy.arange(len(earliest))
        self.size = size  # the rowids' bound
        self._sets = (db.execute("SELECT max(id) FROM facet_sets").fetchone()[0] or 0) + 1
        pairs = db.execute(f"SELECT set_id, field || '{VALUE}' || value FROM facet_set_values").fetchall()
        self._code = {pair: i for i, pair in enumerate(dict.fromkeys(pair for _, pair in pairs))}
        self._pairs = list(self._code)
        self._value_set = numpy.array([set_id for set_id, _ in pairs], dtype=numpy.int64)
        self._value_pair = numpy.array([self._code[pair] for _, pair in pairs], dtype=numpy.int64)

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
