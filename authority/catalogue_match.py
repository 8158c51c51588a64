"""Whether two genealogy catalogue records describe the same work: the union-catalogue match rule.

A work here is one edition (版本) of one clan's or branch's genealogy, as in 中国家谱总目
(上海图书馆编, 2008): the 总目 gathered over 70,000 records from the holding libraries, merged
the duplicates (about 40 %) into one entry listing every holder, and lists a clan's successive
重修/续修 editions as entries of their own.  So two records are the same work only when they
describe the same edition; docs/union-catalogue.md gives the sources and the decisions.

Every feature is read from the normalised fields (:mod:`authority.catalogue_keys`) and has a
state: agree, compatible (consistent at different precision), missing (one side silent),
conflict, or veto.

Vetoes (outcome ``different`` whatever else agrees):
  surname     the 氏 of the titles differ
  genre       宗谱/族谱/家谱/家乘 (clan) vs 支谱/房谱 (branch) vs 统宗谱/通谱 (union)
  branch      both titles name a branch (荣华股, 三房) and the branches differ
  ordinal     both titles number the edition (四修 vs 五修) and the numbers differ
  hall        both give a 堂号 (field or edition statement) and the halls differ
  edition     both edition years are known and two or more years apart, or one year falls
              outside the other record's period (道光间)

Weighted features (score = the sum, clamped to 0..1):
  edition_year   +0.30 same year; +0.10 inside a period (道光间); -0.15 one year apart
  title          +0.15 same title naming a place or branch; +0.05 same bare title (吴氏宗谱)
                 or a prefix the other record's 谱籍 supplies (桐城 in 安徽桐城); -0.10 two
                 prefixes that name different places (吴家柴 vs 高甸)
  place          +0.10 same 谱籍 (with or without the province or prefecture written before it:
                 江苏武进 = 江苏常州武进); +0.05 one inside the other (安徽桐城 vs 安徽桐城麻溪); -0.20 neither
  hall           +0.10 same 堂号
  compilers      +0.15 a compiler in common (lists cut with 等 still meet); -0.15 none in common
  juan           +0.15 a 卷数 total in common (十三卷 = 十二卷首一卷); -0.15 none
  printing       +0.05 same kind (刻本, 木活字本 …); -0.05 different kind, or a reproduction
                 (复印本, 影印本) against an original
  ancestors      +0.05 a 始祖/始迁祖 name in common; -0.10 none
  branch         -0.10 a branch named by one title only

The first veto ends the comparison: its decision lists the features read up to the veto.
Outcome: ``same`` when the edition years agree, nothing conflicts and the score is at least
0.60; else ``doubtful`` (the review queue) from 0.35; else ``different``.  So two records are
never joined on title and place alone, and any disagreement goes to a curator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any, Protocol

from zhiren.authority.catalogue_keys import (
    EditionKey,
    Genre,
    JuanKey,
    PlaceKey,
    Printing,
    TitleKey,
    ancestor_names,
    compiler_names,
    edition_key,
    hall_key,
    juan_key,
    place_key,
    prefix_fits_place,
    title_key,
)
from zhiren.authority.ids import stable_id

SAME_THRESHOLD = 0.60
DOUBTFUL_THRESHOLD = 0.35


class FieldSource(Protocol):
    """A catalogue row by its Chinese column names: a dict, or the genealogy reader's Row."""

    def get(self, key: str, /) -> str | None: ...


@dataclass(frozen=True, slots=True)
class CatalogueRecord:
    """One holding library's record of a genealogy, its fields as the library wrote them."""

    id: str
    library: str
    title: str
    place: str = ""
    hall: str = ""
    compilers: str = ""
    edition: str = ""
    juan: str = ""
    ancestor: str = ""
    migrant_ancestor: str = ""

    @classmethod
    def from_row(cls, row: FieldSource) -> CatalogueRecord:
        """From the columns the genealogy reader reads: 记录号, 收藏者, 题名, 谱籍, 堂号, 责任者, 版本,
        卷数, 始祖, 始迁祖.  Without a 记录号 the id is derived from the fields, as the reader does.
        """

        def field(name: str) -> str:
            return (row.get(name) or "").strip()

        values = {
            "library": field("收藏者"),
            "title": field("题名"),
            "place": field("谱籍"),
            "hall": field("堂号"),
            "compilers": field("责任者"),
            "edition": field("版本"),
            "juan": field("卷数"),
            "ancestor": field("始祖"),
            "migrant_ancestor": field("始迁祖"),
        }
        key = field("记录号") or stable_id("r", *(values[k] for k in ("library", "title", "place", "hall", "edition")))
        return cls(id=key, **values)


@dataclass(frozen=True)
class RecordKey:
    """A record with every field normalised once (union() compares each record many times)."""

    record: CatalogueRecord

    @cached_property
    def title(self) -> TitleKey:
        return title_key(self.record.title)

    @cached_property
    def place(self) -> PlaceKey:
        return place_key(self.record.place)

    @cached_property
    def edition(self) -> EditionKey:
        return edition_key(self.record.edition)

    @cached_property
    def hall(self) -> str:
        return hall_key(self.record.hall) or self.edition.hall

    @cached_property
    def juan(self) -> JuanKey:
        return juan_key(self.record.juan or self.title.rest)

    @cached_property
    def compilers(self) -> frozenset[str]:
        return compiler_names(self.record.compilers)

    @cached_property
    def ancestors(self) -> frozenset[str]:
        surname = self.title.surname
        return ancestor_names(self.record.ancestor, surname) | ancestor_names(self.record.migrant_ancestor, surname)


class State(StrEnum):
    AGREE = "agree"
    COMPATIBLE = "compatible"
    MISSING = "missing"
    CONFLICT = "conflict"
    VETO = "veto"


class Outcome(StrEnum):
    SAME = "same"
    DOUBTFUL = "doubtful"
    DIFFERENT = "different"


@dataclass(frozen=True, slots=True)
class Feature:
    """One compared field: its state, what it added to the score, and the values a curator needs to see."""

    name: str
    state: State
    weight: float
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "state": self.state.value, "weight": self.weight, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class MatchDecision:
    a: str
    b: str
    outcome: Outcome
    score: float
    features: tuple[Feature, ...]

    @property
    def decided_by(self) -> tuple[Feature, ...]:
        """The features that made the outcome: the veto, else every feature that was not silent."""
        if self.features[-1].state is State.VETO:
            return self.features[-1:]
        return tuple(f for f in self.features if f.state is not State.MISSING)

    def to_json(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "outcome": self.outcome.value,
            "score": self.score,
            "features": [f.to_json() for f in self.features],
        }


# Weight of each (feature, state); a state not listed weighs 0.
WEIGHTS: dict[str, dict[State, float]] = {
    "edition_year": {State.AGREE: 0.30, State.COMPATIBLE: 0.10, State.CONFLICT: -0.15},
    "title": {State.AGREE: 0.15, State.COMPATIBLE: 0.05, State.CONFLICT: -0.10},
    "place": {State.AGREE: 0.10, State.COMPATIBLE: 0.05, State.CONFLICT: -0.20},
    "hall": {State.AGREE: 0.10},
    "compilers": {State.AGREE: 0.15, State.CONFLICT: -0.15},
    "juan": {State.AGREE: 0.15, State.CONFLICT: -0.15},
    "printing": {State.AGREE: 0.05, State.CONFLICT: -0.05},
    "ancestors": {State.AGREE: 0.05, State.CONFLICT: -0.10},
    "branch": {State.CONFLICT: -0.10},
}
BARE_TITLE_AGREES = 0.05  # 吴氏宗谱 = 吴氏宗谱 says much less than 皖桐吴氏宗谱 = 皖桐吴氏宗谱

Comparison = tuple[State, str]


def _exact(a: object, b: object, veto: bool = False) -> Comparison:
    """Two values that either are equal or are not (surname, genre, hall, ordinal)."""
    if not a or not b:
        return State.MISSING, f"{a or '—'} / {b or '—'}"
    if a == b:
        return State.AGREE, str(a)
    return (State.VETO if veto else State.CONFLICT), f"{a} ≠ {b}"


def _sets(a: frozenset[str], b: frozenset[str]) -> Comparison:
    """Name lists (compilers, ancestors): one name in common is enough, as lists are cut with 等."""
    if not a or not b:
        return State.MISSING, f"{'、'.join(sorted(a)) or '—'} / {'、'.join(sorted(b)) or '—'}"
    common = a & b
    if common:
        return State.AGREE, "、".join(sorted(common))
    return State.CONFLICT, f"{'、'.join(sorted(a))} ≠ {'、'.join(sorted(b))}"


def compare_surname(a: RecordKey, b: RecordKey) -> Comparison:
    return _exact(a.title.surname, b.title.surname, veto=True)


def compare_genre(a: RecordKey, b: RecordKey) -> Comparison:
    ga, gb = a.title.genre, b.title.genre
    if Genre.OTHER in (ga, gb):
        return State.MISSING, f"{ga} / {gb}"
    return _exact(ga.value, gb.value, veto=True)


def compare_branch(a: RecordKey, b: RecordKey) -> Comparison:
    ba, bb = a.title.branch, b.title.branch
    if ba and bb:
        return _exact(ba, bb, veto=True)
    if ba or bb:
        return State.CONFLICT, f"{ba or '—'} / {bb or '—'}"
    return State.MISSING, "—"


def compare_ordinal(a: RecordKey, b: RecordKey) -> Comparison:
    return _exact(a.title.ordinal, b.title.ordinal, veto=True)


def compare_hall(a: RecordKey, b: RecordKey) -> Comparison:
    return _exact(a.hall, b.hall, veto=True)


def compare_edition_year(a: RecordKey, b: RecordKey) -> Comparison:
    ya, yb = a.edition.year, b.edition.year
    if ya and yb:
        if ya == yb:
            return State.AGREE, str(ya)
        return (State.CONFLICT if abs(ya - yb) == 1 else State.VETO), f"{ya} ≠ {yb}"
    year, span = (ya, b.edition.span) if ya else (yb, a.edition.span)
    if year and span:
        inside = span[0] <= year <= span[1]
        return (State.COMPATIBLE if inside else State.VETO), f"{year} {'in' if inside else 'outside'} {span}"
    return State.MISSING, f"{ya or a.edition.span or '—'} / {yb or b.edition.span or '—'}"


def compare_printing(a: RecordKey, b: RecordKey) -> Comparison:
    pa, pb = a.edition.printing, b.edition.printing
    if pa and pb and Printing.REPRODUCTION in (pa, pb) and pa != pb:
        return State.CONFLICT, f"{pa} ≠ {pb}: a reproduction is not the edition it copies"
    return _exact(pa and pa.value, pb and pb.value)


def compare_title(a: RecordKey, b: RecordKey) -> Comparison:
    """The prefixes before the surname: 桐城 vs 皖桐 fit one 谱籍, 吴家柴 vs 高甸 do not."""
    ta, tb = a.title, b.title
    if ta.prefix == tb.prefix:
        return State.AGREE, ta.prefix or "(bare title)"
    context_a, context_b = a.place.full + ta.prefix, b.place.full + tb.prefix
    fits_a, fits_b = prefix_fits_place(ta.prefix, context_b), prefix_fits_place(tb.prefix, context_a)
    if not (ta.prefix and tb.prefix):
        return (State.COMPATIBLE if fits_a or fits_b else State.MISSING), f"{ta.prefix or '—'} / {tb.prefix or '—'}"
    if fits_a and fits_b:
        return State.COMPATIBLE, f"{ta.prefix} ~ {tb.prefix}"
    return State.CONFLICT, f"{ta.prefix} ≠ {tb.prefix}"


def _same_place(a: PlaceKey, b: PlaceKey) -> bool:
    """Places are written from the largest unit down, so 常州武进 names the county 武进 names."""
    if a.full == b.full:
        return True
    shorter, longer = sorted((a.local, b.local), key=len)
    return bool(shorter) and longer.endswith(shorter)


def _within(broad: PlaceKey, narrow: PlaceKey) -> bool:
    """桐城 within 安徽桐城麻溪; a province alone (安徽) within any place of that province."""
    if broad.local:
        return broad.local in narrow.full
    return narrow.full.startswith(broad.full)


def compare_place(a: RecordKey, b: RecordKey) -> Comparison:
    pa, pb = a.place, b.place
    if not pa.full or not pb.full:
        return State.MISSING, f"{pa.full or '—'} / {pb.full or '—'}"
    if _same_place(pa, pb):
        return State.AGREE, max(pa.full, pb.full, key=len)
    if _within(pa, pb) or _within(pb, pa):
        return State.COMPATIBLE, f"{pa.full} ~ {pb.full}"
    return State.CONFLICT, f"{pa.full} ≠ {pb.full}"


def compare_juan(a: RecordKey, b: RecordKey) -> Comparison:
    ja, jb = a.juan, b.juan
    if ja.counts() and jb.counts():
        common = ja.counts() & jb.counts()
        if common:
            return State.AGREE, f"{max(common)}卷"
        return State.CONFLICT, f"{ja.main}+{ja.extra} ≠ {jb.main}+{jb.extra}"
    if ja.undivided and jb.undivided:
        return State.AGREE, "不分卷"
    if (ja.undivided and jb.counts()) or (jb.undivided and ja.counts()):
        return State.CONFLICT, "不分卷 vs a count"
    return State.MISSING, "—"


def compare_compilers(a: RecordKey, b: RecordKey) -> Comparison:
    return _sets(a.compilers, b.compilers)


def compare_ancestors(a: RecordKey, b: RecordKey) -> Comparison:
    return _sets(a.ancestors, b.ancestors)


COMPARISONS: tuple[tuple[str, Callable[[RecordKey, RecordKey], Comparison]], ...] = (
    ("surname", compare_surname),
    ("genre", compare_genre),
    ("edition_year", compare_edition_year),  # the veto most candidate pairs end on: other editions
    ("hall", compare_hall),
    ("ordinal", compare_ordinal),
    ("branch", compare_branch),
    ("printing", compare_printing),
    ("title", compare_title),
    ("place", compare_place),
    ("juan", compare_juan),
    ("compilers", compare_compilers),
    ("ancestors", compare_ancestors),
)


def _weight(name: str, state: State, a: RecordKey) -> float:
    if name == "title" and state is State.AGREE and not a.title.specific:
        return BARE_TITLE_AGREES
    return WEIGHTS.get(name, {}).get(state, 0.0)


def compare(a: RecordKey, b: RecordKey) -> MatchDecision:
    """The rule of the module docstring on two normalised records; the first veto ends it."""
    ids = a.record.id, b.record.id
    features = []
    for name, comparison in COMPARISONS:
        state, detail = comparison(a, b)
        features.append(Feature(name, state, _weight(name, state, a), detail))
        if state is State.VETO:
            return MatchDecision(*ids, Outcome.DIFFERENT, 0.0, tuple(features))
    states = {f.name: f.state for f in features}
    score = round(max(0.0, min(1.0, sum(f.weight for f in features))), 2)
    if states["edition_year"] is State.AGREE and State.CONFLICT not in states.values() and score >= SAME_THRESHOLD:
        outcome = Outcome.SAME
    elif score >= DOUBTFUL_THRESHOLD:
        outcome = Outcome.DOUBTFUL
    else:
        outcome = Outcome.DIFFERENT
    return MatchDecision(*ids, outcome, score, tuple(features))


def match(a: CatalogueRecord, b: CatalogueRecord) -> MatchDecision:
    """Whether ``a`` and ``b`` are one work (one edition), with the score and every feature."""
    return compare(RecordKey(a), RecordKey(b))
