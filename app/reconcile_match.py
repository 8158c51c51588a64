"""Answers to the reconciliation service's questions, from the stores and the product's one resolver.

A query becomes a :class:`MentionContext` (its name as the surface; its properties as the
evidence the resolver already weighs: a year inside the person's life, the native place,
persons it is related to) and :class:`Resolver` finds and scores the candidates exactly as
an ingest does. ``match`` is true only for the resolver's ``link``. What this module adds
is finding candidates for a romanised query (盛宣怀 is stored with its pinyin and Wade-Giles
keys; the search index's suggester finds the names by them), reading a query that is an id
or a URI, and writing names in the language the service's path asks for.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import opencc

from zhiren.app.i18n import translate
from zhiren.app.messages import VALUE_LABELS
from zhiren.app.presentation import related
from zhiren.app.reconcile_queries import PERSON_TYPE, PropertyValue, ReconQuery, year_of
from zhiren.authority.model import Name, NameType, Person, PersonRecord
from zhiren.authority.names import name_key
from zhiren.authority.resolver import Candidate, MentionContext, Resolver, fallback_keys, read_keys
from zhiren.errors import NotFound
from zhiren.nlp.romanize import display_forms
from zhiren.nlp.script import to_simplified
from zhiren.store.graph.base import GraphStore, begins_with_one
from zhiren.store.search.analysis import suggest_prefix
from zhiren.store.search.base import SearchIndex

# Language variants of the service, each its own path (the 0.2 query schema has no ``lang``).
LANGUAGES = ("zh-Hans", "zh-Hant", "en")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
PERSON_ID = re.compile(r"p[0-9a-hjkmnp-tv-z]{13}")
_PERSON_URI = re.compile(r"/person/(p[0-9a-hjkmnp-tv-z]{13})(?:\.[a-z]+)?/?$")
# The year properties in the order the resolver's one document year is taken from.
YEAR_PROPERTIES = ("year", "birth_year", "death_year")
# Feature ids (URL-safe, for feature_view) of the kind of name a query matched.
MATCHED_PREFIX = "matched_"
CANDIDATE_LIMIT = 50  # the resolver's own limit of candidates per key (PersonLookup's default)


# Kinds of name written without the surname, so romanised without one (as authority.names does).
NO_SURNAME = frozenset({NameType.COURTESY, NameType.ART, NameType.POSTHUMOUS, NameType.CHILDHOOD})


def name_kind_slug(kind: NameType) -> str:
    """名 → given, 字 → courtesy …: the ASCII word a feature id or property id carries."""
    return kind.name.lower()


# The feature of each kind of name a query matched, built once: an enum's .name is slow to read.
_MATCHED = {kind: MATCHED_PREFIX + name_kind_slug(kind) for kind in NameType}


@cache
def _to_traditional() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def render_name(text: str, lang: str | None, *, has_surname: bool = True) -> str:
    """A name in the service's language: as stored, simplified, traditional, or pinyin for ``en``."""
    if lang is None:
        return text
    return _rendered(text, lang, has_surname)


@lru_cache(maxsize=1 << 16)
def _rendered(text: str, lang: str, has_surname: bool) -> str:
    """Kept: a batch of 10 shows some 40 candidates, each its name and the names that matched, and
    converting each (OpenCC, pinyin) made /reconcile/en 0.7 ms a batch slower than /reconcile."""
    if not _HAN.search(text):
        return text
    if lang == "zh-Hans":
        return to_simplified(text)
    if lang == "zh-Hant":
        return str(_to_traditional().convert(text))
    return display_forms(text, has_surname=has_surname).pinyin


def romanised_keys(name: Name) -> set[str]:
    """The joined lower-case romanisations a Latin query must equal to match ``name``."""
    if not _HAN.search(name.text):
        return {suggest_prefix(name.text)}
    return {k.replace(" ", "") for k in (name.pinyin, name.wade_giles) if k}


class ReconcileLookup:
    """The graph as the resolver's ``PersonLookup``, also answering romanised keys.

    A Latin key (``Sheng Hsuan-huai``, ``shengxuanhuai``) is looked up through the search
    index's suggester (which keys names by their pinyin and Wade-Giles), then kept only where
    one of the person's names romanises to exactly that key. It remembers each candidate and
    the names it matched, so a result can say which kind of name matched.
    """

    def __init__(self, graph: GraphStore, search: SearchIndex) -> None:
        self.graph = graph
        self.search = search
        self.persons: dict[str, Person] = {}
        self.matched: dict[str, list[Name]] = {}
        self._read: dict[str, list[tuple[Person, list[Name]]]] = {}  # Han key → its candidates, read ahead
        # style key → its bearers of the surnames asked (the first CANDIDATE_LIMIT of them), and those surnames
        self._styled: dict[str, tuple[list[tuple[Person, list[Name]]], set[str]]] = {}

    def read_ahead(self, keys: Collection[str]) -> None:
        """Read the candidates of these keys and of the style keys the resolver asks with them
        (:func:`read_keys`) in one graph read (a batch of OpenRefine's queries) instead of one per
        query; then, in a second, those of the honorific variants of the keys without any
        (asking for every variant up front doubled the read). A style key (宣怀 of 盛宣怀) that
        no query asks for itself is read for its queries' surnames only: the resolver keeps none
        of its other bearers, and building the first 50 of a crowded one for each full name was
        a third of a batch at 500,000 persons."""
        wanted = [key for key in dict.fromkeys(keys) if _HAN.search(key)]
        if not wanted:
            return
        surnames: dict[str, set[str]] = {}
        for key in wanted:
            for style in read_keys(key)[1:]:
                surnames.setdefault(style, set()).add(key[0])
        styles = {style: initials for style, initials in surnames.items() if style not in wanted}
        read = self.graph.name_candidates_many([*wanted, *styles], CANDIDATE_LIMIT, styles)
        self._read.update((key, found) for key, found in read.items() if key not in styles)
        self._styled.update((key, (found, styles[key])) for key, found in read.items() if key in styles)
        fallbacks = [k for key in wanted if not self._read[key] for k in fallback_keys(key) if k not in self._read]
        if fallbacks:
            self._read.update(self.graph.name_candidates_many(list(dict.fromkeys(fallbacks)), CANDIDATE_LIMIT))

    def name_candidates(self, key: str, limit: int = 50, initials: str = "") -> list[tuple[Person, list[Name]]]:
        return self._candidates(key, (), limit, initials)[0]

    def related_among(self, ids: Sequence[str], others: Collection[str]) -> set[str]:
        return self.graph.related_among(ids, others)

    def get_person(self, person_id: str, mention_limit: int = 500) -> PersonRecord:
        return self.graph.get_person(person_id, mention_limit)

    def name_candidates_related(
        self, key: str, others: Collection[str], limit: int = 50, initials: str = ""
    ) -> tuple[list[tuple[Person, list[Name]]], set[str]]:
        """The resolver's look-up: its key, its honorific variant (read whole when asked: a key
        read ahead only for its style is read again as a variant), or a query's style key for its
        surname, answered from the bearers of the surnames read ahead when that read holds all of
        that surname's first ``limit`` (it was read for that surname alone, or the limit did not cut it)."""
        return self._candidates(key, others, limit, initials)

    def _candidates(
        self, key: str, others: Collection[str], limit: int, initials: str
    ) -> tuple[list[tuple[Person, list[Name]]], set[str]]:
        asked_for_surnames = initials and not others and limit == CANDIDATE_LIMIT
        of_surnames = self._read_of_surnames(key, initials) if asked_for_surnames else None
        if key in self._read and not others and not initials and limit <= CANDIDATE_LIMIT:
            found, related_ids = self._read[key][:limit], set[str]()
        elif of_surnames is not None:
            found, related_ids = of_surnames, set[str]()
        elif _HAN.search(key):
            found, related_ids = self.graph.name_candidates_related(key, others, limit, initials)
        else:
            found = self._romanised(key, limit)
            ids = [person.id for person, _ in found]
            related_ids = self.graph.related_among(ids, others) if found and others else set()
        for person, names in found:
            self.persons[person.id] = person
            self.matched[person.id] = names
        return found, related_ids

    def _read_of_surnames(self, key: str, initials: str) -> list[tuple[Person, list[Name]]] | None:
        """The bearers of ``key`` of these surnames, from what was read ahead; None when that read
        may have cut some off (read for other surnames too, up to the limit, or for none)."""
        if key in self._read and len(self._read[key]) < CANDIDATE_LIMIT:  # read whole: every surname's bearers
            return [c for c in self._read[key] if begins_with_one(c[0], initials)]
        styled, surnames = self._styled.get(key, ([], set()))
        whole = len(styled) < CANDIDATE_LIMIT or surnames == set(initials)
        if surnames and set(initials) <= surnames and whole:
            return [c for c in styled if begins_with_one(c[0], initials)]
        return None

    def _romanised(self, key: str, limit: int) -> list[tuple[Person, list[Name]]]:
        wanted = suggest_prefix(key)
        if not wanted:
            return []
        found = []
        for suggestion in self.search.suggest(key, limit):
            try:
                record = self.graph.get_person(suggestion.id, mention_limit=0)
            except NotFound:  # the index is derived and may lag a curator's merge
                continue
            names = [n for n in record.names if wanted in romanised_keys(n)]
            if names and record.redirected_from is None:
                found.append((record.person, names))
        return found


@dataclass
class Reconciler:
    """One request's answers in one language (``lang`` None: names as stored)."""

    graph: GraphStore
    search: SearchIndex
    lang: str | None = None

    def answer_all(self, queries: Sequence[ReconQuery]) -> dict[str, list[dict[str, Any]]]:
        """Each query's candidates by its key, their names' candidates read in one go."""
        lookup = ReconcileLookup(self.graph, self.search)
        lookup.read_ahead({name_key(q.query) for q in queries if q.query})
        return {query.key: self.answer(query, lookup) for query in queries}

    def answer(self, query: ReconQuery, lookup: ReconcileLookup | None = None) -> list[dict[str, Any]]:
        """The query's candidates, best first, at most ``query.limit`` (``lookup``: one that read
        the batch's candidates ahead)."""
        if query.types and PERSON_TYPE not in query.types:
            return []  # we hold persons only: nothing of the asked types
        by_id = self._by_identifier(query.query)
        if by_id is not None:
            return by_id
        if not query.query:
            return []  # properties alone name no one the resolver could look up
        lookup = lookup or ReconcileLookup(self.graph, self.search)
        resolution = Resolver(lookup).resolve(self._context(query, lookup))
        linked = resolution.decision == "link"
        return [
            self._result(c, lookup.persons.get(c.person_id), lookup.matched.get(c.person_id, []), linked and i == 0)
            for i, c in enumerate(resolution.candidates[: query.limit])
        ]

    def _by_identifier(self, text: str) -> list[dict[str, Any]] | None:
        """A query that is one of our person ids or URIs: that person (or, merged, its survivor), else none."""
        uri = _PERSON_URI.search(text)
        person_id = uri.group(1) if uri else text if PERSON_ID.fullmatch(text) else None
        if person_id is None:
            return None
        try:
            record = self.graph.get_person(person_id, mention_limit=0)
        except NotFound:
            return []
        features = {"identifier": 1.0} | ({"redirected": 1.0} if record.redirected_from else {})
        candidate = Candidate(record.person.id, record.person.preferred_name, 1.0, features)
        return [self._result(candidate, record.person, [], True)]

    def _context(self, query: ReconQuery, lookup: ReconcileLookup) -> MentionContext:
        values = dict(query.properties)
        where = {pid: f"queries.{query.key}.properties[{i}].v" for i, (pid, _) in enumerate(query.properties)}
        year = next((year_of(values[p][0], where[p]) for p in YEAR_PROPERTIES if p in values), None)
        place = values["native_place"][0].text if "native_place" in values else None
        others = {pid for v in values.get("related", []) for pid in self._persons_named(v, lookup)}
        return MentionContext(query.query, "full", year, tuple(sorted(others)), native_place=place)

    def _persons_named(self, value: PropertyValue, lookup: ReconcileLookup) -> list[str]:
        """The persons a ``related`` value may be: a reconciled id (ours), else every bearer of the name."""
        if value.entity_id:
            found = self._by_identifier(value.entity_id)
            if found:
                return [str(found[0]["id"])]
        if not value.text:
            return []
        return [person.id for person, _ in lookup.name_candidates(name_key(value.text))]

    def _result(self, candidate: Candidate, person: Person | None, matched: list[Name], match: bool) -> dict[str, Any]:
        features = [{"id": k, "value": round(v, 3)} for k, v in candidate.features.items()]
        features += [{"id": _MATCHED[kind], "value": True} for kind in dict.fromkeys(n.type for n in matched)]
        result: dict[str, Any] = {
            "id": candidate.person_id,
            "name": render_name(candidate.preferred_name, self.lang),
            "score": round(candidate.score, 3),
            "match": match,
            "type": [{"id": PERSON_TYPE, "name": self.type_name()}],
            "features": features,
        }
        description = self.describe(person, matched)
        if description:
            result["description"] = description
        return result

    def type_name(self) -> str:
        return "Person" if self.lang == "en" else "人物 Person"

    def describe(self, person: Person | None, matched: Sequence[Name] = ()) -> str:
        """Life dates, native place and the names that matched: what tells homonyms apart at a glance."""
        if person is None:
            return ""
        born = person.birth.year if person.birth else None
        died = person.death.year if person.death else None
        parts = [f"{born or '?'}–{died or '?'}"] if born or died else []
        if person.native_place:
            parts.append(render_name(person.native_place, self.lang, has_surname=False))
        for name in matched:
            shown = render_name(name.text, self.lang, has_surname=name.type not in NO_SURNAME)
            parts.append(f"{name_kind_label(name.type, self.lang)} {shown}")
        return " · ".join(dict.fromkeys(parts))

    # --- data extension -------------------------------------------------------------------

    def extend(self, ids: Sequence[str], properties: Sequence[str]) -> dict[str, Any]:
        rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for entity_id in ids:
            try:
                record = self.graph.get_person(entity_id, mention_limit=0)
            except NotFound:
                rows[entity_id] = {pid: [] for pid in properties}
                continue
            values = self._values(record)
            rows[entity_id] = {pid: values.get(pid, []) for pid in properties}
        meta = [self._meta(pid) for pid in properties]
        return {"meta": meta, "rows": rows}

    def _meta(self, pid: str) -> dict[str, Any]:
        meta: dict[str, Any] = {"id": pid, "name": EXTEND_PROPERTIES[pid]}
        if pid in ENTITY_PROPERTIES:
            meta["type"] = {"id": PERSON_TYPE, "name": self.type_name()}
        return meta

    def _values(self, record: PersonRecord) -> dict[str, list[dict[str, Any]]]:
        person = record.person
        values: dict[str, list[dict[str, Any]]] = {
            "birth_year": [{"int": person.birth.year}] if person.birth and person.birth.year else [],
            "death_year": [{"int": person.death.year}] if person.death and person.death.year else [],
            "native_place": [{"str": render_name(person.native_place, self.lang, has_surname=False)}]
            if person.native_place
            else [],
            "gender": [{"str": person.gender}] if person.gender else [],
        }
        for name in record.names:
            shown = render_name(name.text, self.lang, has_surname=name.type not in NO_SURNAME)
            values.setdefault("names_" + name_kind_slug(name.type), []).append({"str": shown})
        for scheme, value in person.external_ids.items():
            if scheme in EXTERNAL_SCHEMES:
                values[scheme] = [{"str": value}]
        groups = related(record, self.graph)
        for group in ("kin", "correspondents"):
            values[group] = [{"id": r.person_id, "name": render_name(r.name, self.lang)} for r in groups[group]]
        return values


EXTERNAL_SCHEMES = ("cbdb", "viaf", "wikidata", "shl")
ENTITY_PROPERTIES = frozenset({"kin", "correspondents"})
NAME_KIND_LABELS = {
    NameType.GIVEN: "given name",
    NameType.COURTESY: "courtesy name",
    NameType.ART: "art name",
    NameType.TABOO: "taboo name",
    NameType.POSTHUMOUS: "posthumous name",
    NameType.ALIAS: "alias",
    NameType.CHILDHOOD: "childhood name",
    NameType.TITLE: "title",
    NameType.ROMANISED: "romanised name",
}


@cache
def name_kind_label(kind: NameType, lang: str | None) -> str:
    """A name kind as the service's language says it (title and romanised are codes, not words).
    Kept per kind and language: each candidate's description names the kinds that matched."""
    return NAME_KIND_LABELS[kind] if lang == "en" else render_label(VALUE_LABELS.get(kind.value, kind.value), lang)


def render_label(text: str, lang: str | None) -> str:
    """A Chinese label of the pages (a kin term, 来函 …) in the service's language."""
    if lang == "en":
        return translate(text, "en")
    return render_name(text, lang, has_surname=False)


EXTEND_PROPERTIES: dict[str, str] = {
    "birth_year": "birth year 生年",
    "death_year": "death year 卒年",
    "native_place": "native place 籍贯",
    "gender": "gender 性别",
    **{"names_" + name_kind_slug(kind): f"{NAME_KIND_LABELS[kind]}s {kind.value}" for kind in NameType},
    "kin": "kin 亲属",
    "correspondents": "correspondents 通信人",
    "cbdb": "CBDB id",
    "viaf": "VIAF id",
    "wikidata": "Wikidata id",
    "shl": "Shanghai Library URI",
}
