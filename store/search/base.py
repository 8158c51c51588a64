"""The search index port: documents and persons, found by Chinese text, names and romanisations.

Derived from the graph (``zhiren reindex`` rebuilds it). Both adapters index the units of
``store.search.analysis`` and pass the same contract suite in tests/contract.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from zhiren.store.search.analysis import suggest_keys, text_units
from zhiren.store.search.keys import KEY_TIERS, SIMILAR, TEXT, TIER_LABELS

# Relevance weights of the three indexed unit fields (title, body, names): FTS5's bm25 column
# weights and Elasticsearch's field boosts, so both backends rank alike.
BM25_WEIGHTS = (3.0, 1.0, 5.0)
# A hit's score: its key tier (store.search.keys) times this, plus its text relevance, so the
# tier decides and BM25 orders within it on both backends (BM25 here stays far below it).
TIER_SCALE = 1000.0

EntryType = Literal["person", "document"]
FACET_FIELDS = ("kind", "collection", "dynasty", "era", "native_place", "surname", "name_types", "decade")


@dataclass
class IndexEntry:
    """One searchable thing: a person (title = preferred name) or a document."""

    id: str
    type: EntryType
    title: str
    text: str = ""
    names: list[str] = field(default_factory=list)
    year: int | None = None
    # the last year the entry spans (a person's death year): a year range takes the entry when its
    # years [year, year_end] meet the range, so persons of the 1890s include those born before
    year_end: int | None = None
    facets: dict[str, list[str]] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)  # returned with each hit, never searched
    romanisations: dict[str, tuple[str, str]] = field(default_factory=dict)  # name → (pinyin, Wade-Giles)
    keys: dict[str, float] = field(default_factory=dict)  # whole-name key → tier (store.search.keys)
    # ``text`` analysed ahead (an ingest does it in its extraction workers, off the process that
    # writes); None: the adapter analyses it.
    text_units: str | None = None

    def body_units(self) -> str:
        """The index tokens of ``text``."""
        return self.text_units if self.text_units is not None else text_units(self.text)

    def suggest_keys(self) -> list[tuple[str, str]]:
        """(name, prefix key) of a person's names for the suggester (documents have none)."""
        if self.type != "person":
            return []
        return [
            (n, k) for n in dict.fromkeys(self.names) for k in suggest_keys(n, *self.romanisations.get(n, ("", "")))
        ]


@dataclass
class SearchQuery:
    q: str
    type: EntryType | None = None
    filters: dict[str, str] = field(default_factory=dict)  # facet field → value
    year_from: int | None = None
    year_to: int | None = None
    page: int = 1
    size: int = 20


@dataclass
class Hit:
    id: str
    type: EntryType
    title: str
    score: float
    snippet: str  # HTML-escaped, matches in <mark>
    data: dict[str, Any]
    match: str = "text"  # how it matched: preferred, name, surnamed (whole-name keys), text, similar


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]
    page: int
    size: int
    did_you_mean: str | None = None  # a similar name, when the query named no one exactly


def tier_score(tier: float, text_score: float) -> float:
    """The score both backends report: the key tier first, text relevance within it; a match
    only by a similar name scores below every text hit."""
    return TIER_SCALE * tier + text_score if tier != SIMILAR else text_score / TIER_SCALE


def match_label(tier: float) -> str:
    return TIER_LABELS.get(tier, TIER_LABELS[TEXT])


def did_you_mean(hits: Sequence[Hit], page: int) -> str | None:
    """The first similar name on the first page when no hit there matched a name key exactly."""
    exact = {TIER_LABELS[t] for t in KEY_TIERS if t != SIMILAR}
    if page != 1 or any(h.match in exact for h in hits):
        return None
    return next((h.title for h in hits if h.match == TIER_LABELS[SIMILAR]), None)


@dataclass
class Suggestion:
    id: str
    name: str  # the name that starts with the prefix
    title: str = ""  # the person's preferred name


class SearchIndex(Protocol):
    name: str
    # whether a search is CPU work in the calling process (the embedded index, a library) rather
    # than in an engine's own process: the web app runs fewer of those at once (app.api.searched)
    searches_in_process: bool

    def setup(self) -> None:
        """Create the index (template, tables); safe to run any number of times."""

    def index(self, entries: Sequence[IndexEntry]) -> None: ...
    def delete(self, ids: Sequence[str]) -> None: ...
    def refresh(self) -> None:
        """Make what was indexed visible to search (a no-op where writes are immediately visible)."""

    def search(self, query: SearchQuery) -> SearchResult: ...
    def suggest(self, prefix: str, limit: int = 10) -> list[Suggestion]:
        """Person names starting with ``prefix`` (Han, pinyin or Wade-Giles)."""

    def count(self) -> int: ...
    def clear(self) -> None: ...
    def close(self) -> None: ...


def best_suggestions(rows: Sequence[tuple[str, str, str, str]], limit: int) -> list[Suggestion]:
    """One suggestion per person (id, name, key, title): the name whose matching key is shortest
    (closest to the prefix), a Chinese name before a romanised one with as long a key."""
    best: dict[str, tuple[int, bool, str, str]] = {}
    for entry_id, name, key, title in rows:
        candidate = (len(key), name.isascii(), name, title)
        if entry_id not in best or candidate < best[entry_id]:
            best[entry_id] = candidate
    ranked = sorted(best.items(), key=lambda item: (item[1], item[0]))
    return [Suggestion(entry_id, name, title) for entry_id, (_, _, name, title) in ranked[:limit]]
