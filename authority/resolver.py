"""The resolver: a mention's candidates by name key, a score from evidence, and a decision.

Decisions: ``link`` (score ≥ link threshold and clear of the runner-up), ``review`` (between
the thresholds, or two candidates too close to call — homonyms are never joined by name
alone), ``new`` (no candidate and the surface is a full name: a new person), ``none``
(no candidate and nothing to create a person from). Every decision keeps the features that
made it, so a page can explain the link.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from zhiren.authority.model import Name, NameType, Person, PersonRecord
from zhiren.authority.names import name_key

Decision = Literal["link", "review", "new", "none"]

# How much a match on each kind of name says by itself (before other evidence).
NAME_WEIGHT = {
    NameType.GIVEN: 0.55,
    NameType.TABOO: 0.55,
    NameType.COURTESY: 0.45,
    NameType.ART: 0.45,
    NameType.POSTHUMOUS: 0.5,
    NameType.ALIAS: 0.4,
    NameType.CHILDHOOD: 0.35,
    NameType.TITLE: 0.4,
    NameType.ROMANISED: 0.4,
}
ONLY_CANDIDATE = 0.15
LIFE_FITS = 0.25
OUTSIDE_LIFE = -0.6
KIN_OR_CORRESPONDENT = 0.25
SAME_NATIVE_PLACE = 0.1
CATALOGUE_ROLE = 0.45
PARTIAL_NAME = 0.3
CLEAR_MARGIN = 0.15
STYLE_NAMES = frozenset({NameType.COURTESY, NameType.ART})
HONORIFIC_SUFFIXES = (
    ("太夫人", "氏"),
    ("夫人", "氏"),
    ("孺人", "氏"),
    ("先生", ""),
    ("公", ""),
    ("翁", ""),
    ("君", ""),
)
# Salutations that name a correspondent by rank alone: only the catalogue says who is meant.
RANK_ONLY = frozenset({"中堂", "宫保", "宫保大人", "大人", "阁下", "钧座", "大臣", "京堂", "观察", "制军", "帅"})


class PersonLookup(Protocol):
    """What the resolver needs of a store (GraphStore satisfies it)."""

    def name_candidates(self, key: str, limit: int = 50) -> list[tuple[Person, list[Name]]]: ...
    def related_among(self, ids: Sequence[str], others: Collection[str]) -> set[str]: ...
    def name_candidates_related(
        self, key: str, others: Collection[str], limit: int = 50
    ) -> tuple[list[tuple[Person, list[Name]]], set[str]]: ...
    def get_person(self, person_id: str, mention_limit: int = 500) -> PersonRecord: ...


@dataclass
class MentionContext:
    """What is known around a mention when it is resolved."""

    surface: str
    name_type: str = "full"  # the extract contract's name_type
    year: int | None = None  # the document's year
    co_person_ids: Collection[str] = ()  # persons already resolved in the same document
    native_place: str | None = None
    role: str = "mentioned"
    catalogue: Mapping[str, Sequence[str]] = field(default_factory=dict)  # role → persons the catalogue names


@dataclass
class Candidate:
    person_id: str
    preferred_name: str
    score: float
    features: dict[str, float]


@dataclass
class Resolution:
    decision: Decision
    person_id: str | None
    score: float
    candidates: list[Candidate] = field(default_factory=list)

    def explain(self) -> dict[str, object]:
        """Method, score and the features of each candidate: stored with the mention."""
        return {
            "decision": self.decision,
            "score": round(self.score, 3),
            "candidates": [
                {
                    "person_id": c.person_id,
                    "name": c.preferred_name,
                    "score": round(c.score, 3),
                    "features": {k: round(v, 3) for k, v in c.features.items()},
                }
                for c in self.candidates[:5]
            ],
        }


def _life_feature(person: Person, year: int | None, role: str) -> float | None:
    born = person.birth.year if person.birth else None
    died = person.death.year if person.death else None
    if year is None or (born is None and died is None):
        return None
    if (born is not None and year < born) or (died is not None and year > died + (0 if role != "mentioned" else 30)):
        return OUTSIDE_LIFE
    if born is not None and year < born + 12 and role in {"sender", "author"}:
        return OUTSIDE_LIFE
    return LIFE_FITS


def honorific_variant(key: str) -> str | None:
    """竹亭公 → 竹亭, 江太夫人 → 江氏: the name inside a respectful form of address."""
    for suffix, replacement in HONORIFIC_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)] + replacement
    return None


def style_key(key: str) -> str | None:
    """盛杏荪, 张香涛, 李少荃: a surname before a 字 or 号, looked up as that name (of a person of that surname)."""
    return key[1:] if 3 <= len(key) <= 4 else None


def fallback_keys(key: str) -> list[str]:
    """The keys a mention is looked up by, in order, when its own key has no candidates (an ingest prefetches them)."""
    return [k for k in (honorific_variant(key), style_key(key)) if k]


def looks_like_full_name(surface: str, name_type: str) -> bool:
    return name_type in {"full", "given"} and 2 <= len(surface) <= 4


class Resolver:
    def __init__(self, lookup: PersonLookup, link_threshold: float = 0.75, review_threshold: float = 0.45) -> None:
        self.lookup = lookup
        self.link_threshold = link_threshold
        self.review_threshold = review_threshold
        # person id → the person and the characters of its names met among candidates so far
        self._seen: dict[str, tuple[Person, set[str]]] = {}

    def candidates(self, context: MentionContext) -> list[Candidate]:
        key = name_key(context.surface)
        others = context.co_person_ids
        found, related = self._found(key, others)
        self._remember(found)
        known = {person.id for person, _ in found}
        extras = []
        for person_id in context.catalogue.get(context.role, ()):
            if person_id not in known and (person := self._catalogue_person(person_id, key)):
                found.append((person, []))
                known.add(person_id)
                extras.append(person_id)
        if extras and others:
            related |= self.lookup.related_among(extras, others)
        scored = [
            self._score(person, names, context, only=len(found) == 1, related=person.id in related)
            for person, names in found
        ]
        return sorted(scored, key=lambda c: (-c.score, c.person_id))

    def _found(self, key: str, others: Collection[str]) -> tuple[list[tuple[Person, list[Name]]], set[str]]:
        """Candidates by the key itself, else by its honorific variant, else surname + 字/号 by its
        style key; with those related to ``others``, asked in the same look-up."""
        found, related = self.lookup.name_candidates_related(key, others)
        variant = honorific_variant(key)
        if not found and variant:
            found, related = self.lookup.name_candidates_related(variant, others)
        style = style_key(key)
        if found or style is None:
            return found, related
        found, related = self.lookup.name_candidates_related(style, others)
        styled = [
            (person, [n for n in names if n.type in STYLE_NAMES])
            for person, names in found
            if person.preferred_name.startswith(key[0]) and any(n.type in STYLE_NAMES for n in names)
        ]
        return styled, related & {person.id for person, _ in styled}

    def _remember(self, found: list[tuple[Person, list[Name]]]) -> None:
        for person, names in found:
            self._seen.setdefault(person.id, (person, set()))[1].update(
                char for n in names if n.type != NameType.ROMANISED for char in n.key
            )

    def _catalogue_person(self, person_id: str, key: str) -> Person | None:
        """The person the catalogue names, when a signature (宣, 宣怀) or salutation (香帅, 中堂) fits them.

        Fitting means sharing a character with one of the person's names: one met among earlier
        candidates (the catalogue's own 发文者 mention) settles it without reading the person."""
        rank_only = key in RANK_ONLY or any(key.endswith(rank) and len(key) <= len(rank) + 2 for rank in RANK_ONLY)
        seen = self._seen.get(person_id)
        if seen and (rank_only or set(key) & seen[1]):
            return seen[0]
        record = self.lookup.get_person(person_id, mention_limit=0)
        names = (n for n in record.names if n.type != NameType.ROMANISED)
        return record.person if rank_only or any(set(key) & set(n.key) for n in names) else None

    def _score(
        self, person: Person, matched: list[Name], context: MentionContext, only: bool, related: bool
    ) -> Candidate:
        features: dict[str, float] = {}
        features["name"] = (
            max((NAME_WEIGHT.get(n.type, 0.4) + (0.05 if n.preferred else 0.0)) for n in matched)
            if matched
            else PARTIAL_NAME
        )
        if person.id in context.catalogue.get(context.role, ()):
            features["catalogue_" + context.role] = CATALOGUE_ROLE
        if only:
            features["only_candidate"] = ONLY_CANDIDATE
        life = _life_feature(person, context.year, context.role)
        if life is not None:
            features["life_dates"] = life
        if related:
            features["kin_or_correspondent"] = KIN_OR_CORRESPONDENT
        if (
            context.native_place
            and person.native_place
            and name_key(context.native_place) == name_key(person.native_place)
        ):
            features["native_place"] = SAME_NATIVE_PLACE
        score = max(0.0, min(1.0, sum(features.values())))
        return Candidate(person.id, person.preferred_name, score, features)

    def resolve(self, context: MentionContext) -> Resolution:
        candidates = self.candidates(context)
        if not candidates:
            decision: Decision = "new" if looks_like_full_name(context.surface, context.name_type) else "none"
            return Resolution(decision, None, 0.0, [])
        best = candidates[0]
        runner_up = candidates[1].score if len(candidates) > 1 else 0.0
        clear = best.score - runner_up >= CLEAR_MARGIN
        if best.score >= self.link_threshold and clear:
            return Resolution("link", best.person_id, best.score, candidates)
        if best.score >= self.review_threshold or not clear:
            return Resolution("review", best.person_id, best.score, candidates)
        decision = "new" if looks_like_full_name(context.surface, context.name_type) else "none"
        return Resolution(decision, None, best.score, candidates)

