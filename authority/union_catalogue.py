"""The union catalogue of genealogies (家谱联合目录): many libraries' records → one work per edition.

Like 中国家谱总目, a work is one edition of one clan's (or one branch's) genealogy, with one
holding per library.  Two records are joined by the match rule of
:mod:`authority.catalogue_match` (its docstring lists the features: surname, genre 宗谱/支谱/统宗谱,
branch, numbered edition, hall, edition year, printing, title prefix, 谱籍, 卷数, compilers,
ancestors), in three steps:

1. Blocking: records are compared only inside a block of one surname and one genre that share
   a character pair of their local 谱籍 (桐城, 歙县).  A record without a 谱籍 (or with a province
   only) is compared with the records of its surname and genre whose edition year is within one
   year of its own or unknown, and with all of them when it has no year.  Records that could be
   one work meet: different surnames and genres are vetoes, ``same`` needs one edition year, and
   two places the rule finds compatible (桐城 in 安徽桐城麻溪) share a pair of characters.
2. Clustering: ``same`` pairs are joined best score first, but never across a pair the rule
   called ``different`` (A = B and B = C do not make A = C when A ≠ C); such a blocked pair is
   listed with the doubtful pairs (its own decision still says ``same``).
3. Works: the id is ``stable_id`` of the work's normalised key (surname, genre, branch, local
   place, edition year, hall, numbered edition; each the value most of its records give), so
   it does not depend on the order records arrive in or on which libraries sent them.

Two records of one library that end in one work are kept as one holding with both record ids
and reported in ``same_library`` for a curator: a library may own two copies, or have
catalogued one twice.  Doubtful pairs are attached to the work of their first record, for the
review queue.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations

from zhiren.authority.catalogue_match import (
    CatalogueRecord,
    MatchDecision,
    Outcome,
    RecordKey,
    compare,
    match,
)
from zhiren.authority.ids import stable_id

__all__ = [
    "CatalogueRecord", "Holding", "MatchDecision", "Outcome", "Work", "candidate_pairs", "match", "union", "work_key",
]


@dataclass(frozen=True, slots=True)
class Holding:
    library: str
    records: tuple[str, ...]  # more than one: the library's duplicates, listed in Work.same_library


@dataclass
class Work:
    id: str
    key: str  # the normalised key the id is derived from
    holdings: list[Holding]
    same_library: list[MatchDecision] = field(default_factory=list)
    doubtful: list[MatchDecision] = field(default_factory=list)

    @property
    def records(self) -> list[str]:
        return [r for h in self.holdings for r in h.records]


def _placeless_pairs(placeless: list[int], members: list[int], keys: Sequence[RecordKey]) -> Iterator[tuple[int, int]]:
    """A record without 谱籍 needs the edition year to reach ``same``: it meets the records of its
    year (one year apart still goes to review) and those without a year, or all when it has none."""
    by_year: dict[int | None, list[int]] = defaultdict(list)
    for index in members:
        by_year[keys[index].edition.year].append(index)
    for index in placeless:
        year = keys[index].edition.year
        partners = members if year is None else [*by_year[year - 1], *by_year[year], *by_year[year + 1], *by_year[None]]
        yield from ((min(index, other), max(index, other)) for other in partners if other != index)


def candidate_pairs(keys: Sequence[RecordKey]) -> set[tuple[int, int]]:
    """Every pair (i < j) the blocking lets through (see the module docstring)."""
    by_class: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        by_class[key.title.surname, key.title.genre.value].append(index)
    pairs: set[tuple[int, int]] = set()
    for members in by_class.values():
        by_token: dict[str, list[int]] = defaultdict(list)
        placeless = []
        for index in members:
            tokens = keys[index].place.tokens()
            for token in tokens:
                by_token[token].append(index)
            if not tokens:
                placeless.append(index)
        for block in by_token.values():
            pairs.update(combinations(block, 2))
        pairs.update(_placeless_pairs(placeless, members, keys))
    return pairs


class _Clusters:
    """Union-find whose joins respect the rule's ``different`` decisions (cannot-link)."""

    def __init__(self, size: int, apart: set[tuple[int, int]]) -> None:
        self.parent = list(range(size))
        self.members: dict[int, list[int]] = {i: [i] for i in range(size)}
        self.apart = apart

    def root(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def join(self, i: int, j: int) -> bool:
        """Join the clusters of i and j unless a pair across them was found different."""
        ri, rj = self.root(i), self.root(j)
        if ri == rj:
            return True
        left, right = self.members[ri], self.members[rj]
        if any((min(x, y), max(x, y)) in self.apart for x in left for y in right):
            return False
        if len(left) < len(right):
            ri, rj, left, right = rj, ri, right, left
        self.parent[rj] = ri
        left.extend(right)
        del self.members[rj]
        return True


def _consensus(values: Iterable[object]) -> str:
    """The value most records give (ties: the smallest as text), empty when none gives one."""
    counts = Counter(str(v) for v in values if v)
    if not counts:
        return ""
    return min(counts, key=lambda v: (-counts[v], v))


def work_key(keys: Sequence[RecordKey]) -> str:
    """The normalised key of one work's records: what its id is derived from."""
    return "|".join(
        _consensus(getter(k) for k in keys)
        for getter in (
            lambda k: k.title.surname,
            lambda k: k.title.genre.value,
            lambda k: k.title.branch,
            lambda k: k.place.local,
            lambda k: k.edition.year,
            lambda k: k.hall,
            lambda k: k.title.ordinal,
        )
    )


def _holdings(keys: Sequence[RecordKey]) -> list[Holding]:
    by_library: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        by_library[key.record.library].append(key.record.id)
    return [Holding(library, tuple(ids)) for library, ids in sorted(by_library.items())]


def union(records: Sequence[CatalogueRecord], decided: Mapping[frozenset[str], Outcome] | None = None) -> list[Work]:
    """Join the records of many libraries into works (editions), in the order of their first record.

    ``decided`` holds curators' decisions on pairs of record ids (same or different): they
    replace the rule's outcome, so a pair decided once is never asked about again.
    """
    keys = [RecordKey(r) for r in records]
    decisions = {pair: compare(keys[pair[0]], keys[pair[1]]) for pair in sorted(candidate_pairs(keys))}
    index = {r.id: i for i, r in enumerate(records)}
    for ids, outcome in (decided or {}).items():
        if len(ids) == 2 and ids <= index.keys():
            i, j = sorted(index[r] for r in ids)
            decisions[i, j] = replace(decisions.get((i, j)) or compare(keys[i], keys[j]), outcome=outcome)
    apart = {pair for pair, d in decisions.items() if d.outcome is Outcome.DIFFERENT}
    clusters = _Clusters(len(keys), apart)
    doubtful = [pair for pair, d in decisions.items() if d.outcome is Outcome.DOUBTFUL]
    same = sorted((p for p, d in decisions.items() if d.outcome is Outcome.SAME), key=lambda p: -decisions[p].score)
    doubtful.extend(pair for pair in same if not clusters.join(*pair))

    groups = sorted(clusters.members.values(), key=min)
    work_of = {index: number for number, group in enumerate(groups) for index in group}
    work_keys = [work_key([keys[i] for i in sorted(group)]) for group in groups]
    shared = {k for k, n in Counter(work_keys).items() if n > 1}
    works = []
    for group, key in zip(groups, work_keys, strict=True):
        members = sorted(group)
        if key in shared:  # the rule kept apart records that agree on every key field
            key = f"{key}|{min(records[i].id for i in members)}"
        works.append(Work(stable_id("w", "genealogy-work", key), key, _holdings([keys[i] for i in members])))
    for work, group in zip(works, groups, strict=True):
        for i, j in combinations(sorted(group), 2):
            if records[i].library == records[j].library:
                work.same_library.append(decisions.get((i, j)) or compare(keys[i], keys[j]))
    for i, j in sorted(doubtful):
        works[work_of[i]].doubtful.append(decisions[i, j])
    return works
