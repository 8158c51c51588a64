"""Curation operations as pure functions of a Snapshot: each checks its preconditions and returns the after-state.

Operations never touch a store, so both graph backends refuse and change alike, and
``--dry-run`` is the same computation without the write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from zhiren.authority.curation.snapshot import Scope, Snapshot
from zhiren.authority.dates import hist_date
from zhiren.authority.ids import new_id
from zhiren.authority.kinship import kin_codes, kin_edge, relation_for_kin_term
from zhiren.authority.model import REVIEWED, HistDate, LinkStatus, Name, NameType, Person, Precision, RelationType
from zhiren.authority.names import build_name, name_key
from zhiren.errors import Conflict, InputError, NotFound
from zhiren.nlp.dates import parse_date

MAX_NAME_LENGTH = 40
KIN_RELATIONS = frozenset(RelationType) - {RelationType.WROTE_TO, RelationType.AUTHOR_OF}


class Operation(Protocol):
    name: ClassVar[str]

    def scope(self) -> Scope: ...

    def params(self) -> dict[str, Any]: ...

    def apply(self, snapshot: Snapshot) -> Snapshot:
        """The after-state of ``snapshot`` (a copy the operation may edit)."""


def live_person(snapshot: Snapshot, person_id: str, field_name: str = "person") -> Person:
    person = snapshot.person(person_id)
    if person is None:
        raise NotFound(f"no person {person_id}", field=field_name, id=person_id)
    if person.merged_into:
        raise Conflict(
            f"person {person_id} was merged into {person.merged_into}: use that id",
            field=field_name,
            id=person_id,
            merged_into=person.merged_into,
        )
    return person


def _reviewed(person: Person) -> None:
    person.status = REVIEWED


def _repoint(
    snapshot: Snapshot,
    old: str,
    new: str,
    *,
    names: set[str] | None = None,
    mentions: set[str] | None = None,
    relations: set[str] | None = None,
) -> None:
    """Move names, mentions and relation ends of ``old`` to ``new`` (all of them when a set is None)."""
    for name in snapshot.names:
        if name.person_id == old and (names is None or name.id in names):
            name.person_id, name.preferred = new, False
    for mention in snapshot.mentions:
        if mention.person_id == old and (mentions is None or mention.id in mentions):
            mention.person_id = new
    for relation in snapshot.relations:
        if relations is None or relation.id in relations:
            relation.source_id = new if relation.source_id == old else relation.source_id
            relation.target_id = new if relation.target_id == old else relation.target_id


def _ensure_preferred(snapshot: Snapshot, person: Person) -> None:
    """Exactly one preferred name, and ``preferred_name`` agreeing with it."""
    names = snapshot.names_of(person.id)
    preferred = [n for n in names if n.preferred]
    if not preferred and names:
        chosen = next((n for n in names if n.text == person.preferred_name), None) or min(
            names, key=lambda n: (n.type != NameType.GIVEN, n.type.value, n.text)
        )
        chosen.preferred = True
        preferred = [chosen]
    if preferred:
        person.preferred_name = preferred[0].text


@dataclass(frozen=True)
class Merge:
    """Everything of ``merged_id`` moves to ``survivor_id``; the merged id then redirects to it."""

    survivor_id: str
    merged_id: str
    name: ClassVar[str] = "merge"

    def scope(self) -> Scope:
        return Scope((self.survivor_id, self.merged_id))

    def params(self) -> dict[str, Any]:
        return {"survivor": self.survivor_id, "merged": self.merged_id}

    def apply(self, snapshot: Snapshot) -> Snapshot:
        if self.survivor_id == self.merged_id:
            raise InputError("cannot merge a person into itself", field="merged", id=self.merged_id)
        survivor = live_person(snapshot, self.survivor_id, "survivor")
        live_person(snapshot, self.merged_id, "merged")
        pair = {self.survivor_id, self.merged_id}
        kin = [r for r in snapshot.relations if {r.source_id, r.target_id} == pair and r.type in KIN_RELATIONS]
        if kin:
            raise Conflict(
                f"{kin[0].source_id} {kin[0].type.value} {kin[0].target_id}: kin cannot be one person "
                "(remove the relation first if it is wrong)",
                field="merged",
            )
        _repoint(snapshot, self.merged_id, self.survivor_id)
        snapshot.relations = [r for r in snapshot.relations if r.source_id != r.target_id]  # letters to oneself
        for person in snapshot.persons:
            if person.id == self.merged_id or person.merged_into == self.merged_id:
                person.merged_into = self.survivor_id
        _reviewed(survivor)
        return snapshot


@dataclass(frozen=True)
class Split:
    """Names, mentions and relations of ``person_id`` move to a new person (a wrongly merged homonym)."""

    person_id: str
    name_ids: tuple[str, ...] = ()
    mention_ids: tuple[str, ...] = ()
    relation_ids: tuple[str, ...] = ()
    new_name: str | None = None
    new_id: str = field(default_factory=lambda: new_id("p"))
    name: ClassVar[str] = "split"

    def scope(self) -> Scope:
        return Scope((self.person_id, self.new_id))

    def params(self) -> dict[str, Any]:
        return {
            "person": self.person_id,
            "new_person": self.new_id,
            "names": list(self.name_ids),
            "mentions": list(self.mention_ids),
            "relations": list(self.relation_ids),
            "name": self.new_name,
        }

    def apply(self, snapshot: Snapshot) -> Snapshot:
        person = live_person(snapshot, self.person_id)
        if snapshot.person(self.new_id) is not None:
            raise Conflict(f"person {self.new_id} already exists", field="new_person", id=self.new_id)
        if not (self.name_ids or self.mention_ids or self.relation_ids):
            raise InputError("nothing to split off: give names, mentions or relations", field="names")
        self._check_owned("names", self.name_ids, {n.id for n in snapshot.names_of(self.person_id)})
        self._check_owned(
            "mentions", self.mention_ids, {m.id for m in snapshot.mentions if m.person_id == self.person_id}
        )
        self._check_owned(
            "relations",
            self.relation_ids,
            {r.id for r in snapshot.relations if self.person_id in (r.source_id, r.target_id)},
        )
        if set(self.name_ids) >= {n.id for n in snapshot.names_of(self.person_id)}:
            raise InputError(f"cannot split off every name of {self.person_id}", field="names")
        moved = [n for n in snapshot.names_of(self.person_id) if n.id in self.name_ids]
        surfaces = [m.surface for m in snapshot.mentions if m.id in self.mention_ids]
        text = self.new_name or (moved[0].text if moved else surfaces[0] if surfaces else None)
        if not text:
            raise InputError("give the new person a name (--name) when only relations move", field="name")
        new = Person(self.new_id, text, status=REVIEWED)
        snapshot.persons.append(new)
        _repoint(
            snapshot,
            self.person_id,
            self.new_id,
            names=set(self.name_ids),
            mentions=set(self.mention_ids),
            relations=set(self.relation_ids),
        )
        if not any(n.text == text for n in moved):
            snapshot.names.append(build_name(self.new_id, _valid_text(text), NameType.GIVEN))
        _ensure_preferred(snapshot, new)
        _ensure_preferred(snapshot, person)
        _reviewed(person)
        return snapshot

    def _check_owned(self, what: str, wanted: tuple[str, ...], owned: set[str]) -> None:
        foreign = [i for i in wanted if i not in owned]
        if foreign:
            raise InputError(f"{what} not held by {self.person_id}: {', '.join(foreign)}", field=what)


def _valid_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise InputError("a name cannot be empty", field="name")
    if len(text) > MAX_NAME_LENGTH:
        raise InputError(f"a name is at most {MAX_NAME_LENGTH} characters", field="name")
    return text


def _find_name(snapshot: Snapshot, person_id: str, ref: str) -> Name:
    """A name of the person by id or by its text (simplified or traditional)."""
    names = snapshot.names_of(person_id)
    found = (
        [n for n in names if n.id == ref]
        or [n for n in names if n.text == ref]
        or [n for n in names if n.key == name_key(ref)]
    )
    if not found:
        raise NotFound(f"{person_id} has no name {ref!r}", field="name", id=person_id)
    if len(found) > 1:
        raise InputError(
            f"{ref!r} names {len(found)} names of {person_id}: give a name id ({', '.join(n.id for n in found)})",
            field="name",
        )
    return found[0]


@dataclass(frozen=True)
class SinglePerson:
    """Operations on one person's own record (names, fields, external ids): mentions are not read."""

    person_id: str

    def scope(self) -> Scope:
        return Scope((self.person_id,), person_mentions=False)


@dataclass(frozen=True)
class Rename(SinglePerson):
    """Make ``text`` the preferred name (an existing name of the person, or a new one of ``name_type``)."""

    text: str = ""
    name_type: NameType = NameType.GIVEN
    name: ClassVar[str] = "rename"

    def params(self) -> dict[str, Any]:
        return {"person": self.person_id, "text": self.text, "type": self.name_type.value}

    def apply(self, snapshot: Snapshot) -> Snapshot:
        person = live_person(snapshot, self.person_id)
        text = _valid_text(self.text)
        existing = [n for n in snapshot.names_of(person.id) if n.text == text]
        if not existing:
            existing = [build_name(person.id, text, self.name_type)]
            snapshot.names.append(existing[0])
        for name in snapshot.names_of(person.id):
            name.preferred = name is existing[0]
        person.preferred_name = text
        _reviewed(person)
        return snapshot


@dataclass(frozen=True)
class AddName(SinglePerson):
    text: str = ""
    name_type: NameType = NameType.ALIAS
    name: ClassVar[str] = "add-name"

    def params(self) -> dict[str, Any]:
        return {"person": self.person_id, "text": self.text, "type": self.name_type.value}

    def apply(self, snapshot: Snapshot) -> Snapshot:
        person = live_person(snapshot, self.person_id)
        added = build_name(person.id, _valid_text(self.text), self.name_type)
        if any(n.text == added.text and n.type == added.type for n in snapshot.names_of(person.id)):
            raise Conflict(f"{person.id} already has the {added.type.value} {added.text}", field="name")
        snapshot.names.append(added)
        _reviewed(person)
        return snapshot


@dataclass(frozen=True)
class RemoveName(SinglePerson):
    ref: str = ""
    name: ClassVar[str] = "remove-name"

    def params(self) -> dict[str, Any]:
        return {"person": self.person_id, "name": self.ref}

    def apply(self, snapshot: Snapshot) -> Snapshot:
        person = live_person(snapshot, self.person_id)
        doomed = _find_name(snapshot, person.id, self.ref)
        if len(snapshot.names_of(person.id)) == 1:
            raise InputError(f"cannot remove the only name of {person.id}", field="name")
        if doomed.preferred:
            raise InputError(f"{doomed.text} is the preferred name of {person.id}: rename first", field="name")
        snapshot.names = [n for n in snapshot.names if n.id != doomed.id]
        _reviewed(person)
        return snapshot


SETTABLE = ("birth", "death", "floruit", "native_place", "gender")
GENDERS = ("male", "female", "unknown")


def parse_life_date(text: str, field_name: str) -> HistDate:
    """A Gregorian year (``1844``, ``-145``) or a reign date (``道光二十四年``), keeping the text."""
    text = text.strip()
    if re.fullmatch(r"-?\d{1,4}", text):
        return HistDate(text, int(text), precision=Precision.YEAR)
    parsed = parse_date(text)
    date = hist_date(text, parsed)
    if date.year is None:
        reason = parsed.error.message if parsed.error else "no date found"
        raise InputError(f"not a date: {text!r} ({reason})", field=field_name)
    return date


@dataclass(frozen=True)
class SetFields(SinglePerson):
    """Dates, native place, gender, floruit; an empty value clears the field."""

    values: tuple[tuple[str, str], ...] = ()
    name: ClassVar[str] = "set"

    def params(self) -> dict[str, Any]:
        return {"person": self.person_id, **dict(self.values)}

    def apply(self, snapshot: Snapshot) -> Snapshot:
        person = live_person(snapshot, self.person_id)
        if not self.values:
            raise InputError(f"nothing to set: give one of {', '.join(SETTABLE)}", field="fields")
        for key, raw in self.values:
            setattr(person, key, _field_value(key, raw))
        _reviewed(person)
        return snapshot


def _field_value(key: str, raw: str) -> HistDate | str | None:
    if key not in SETTABLE:
        raise InputError(f"unknown field {key!r} (settable: {', '.join(SETTABLE)})", field=key)
    raw = raw.strip()
    if not raw:
        return None
    if key in ("birth", "death"):
        return parse_life_date(raw, key)
    if key == "gender" and raw not in GENDERS:
        raise InputError(f"gender is one of {', '.join(GENDERS)}", field="gender")
    return raw


EXTERNAL_ID_PATTERNS = {
    "cbdb": re.compile(r"\d{1,7}"),
    "viaf": re.compile(r"\d{1,22}"),
    "wikidata": re.compile(r"Q[1-9]\d*"),
    "shl": re.compile(r"https?://\S+"),
}


@dataclass(frozen=True)
class LinkExternal(SinglePerson):
    """Identifiers of the same person elsewhere (CBDB, VIAF, Wikidata, the Shanghai Library); empty unlinks."""

    ids: tuple[tuple[str, str], ...] = ()
    name: ClassVar[str] = "link-external"

    def params(self) -> dict[str, Any]:
        return {"person": self.person_id, **dict(self.ids)}

    def apply(self, snapshot: Snapshot) -> Snapshot:
        person = live_person(snapshot, self.person_id)
        if not self.ids:
            raise InputError(f"give at least one of {', '.join(EXTERNAL_ID_PATTERNS)}", field="ids")
        external = dict(person.external_ids)
        for scheme, value in self.ids:
            value = value.strip()
            if not value:
                external.pop(scheme, None)
            elif not EXTERNAL_ID_PATTERNS[scheme].fullmatch(value):
                raise InputError(f"not a {scheme} identifier: {value!r}", field=scheme)
            else:
                external[scheme] = value
        person.external_ids = external
        _reviewed(person)
        return snapshot


@dataclass(frozen=True)
class RemoveRelation:
    """Drop one relation between two persons (a kin or correspondence link made in error)."""

    relation_id: str
    source_id: str
    target_id: str
    name: ClassVar[str] = "remove-relation"

    def scope(self) -> Scope:
        return Scope((self.source_id, self.target_id), person_mentions=False)

    def params(self) -> dict[str, Any]:
        return {"relation": self.relation_id}

    def apply(self, snapshot: Snapshot) -> Snapshot:
        if not any(r.id == self.relation_id for r in snapshot.relations):
            raise NotFound(f"no relation {self.relation_id}", field="relation", id=self.relation_id)
        snapshot.relations = [r for r in snapshot.relations if r.id != self.relation_id]
        return snapshot


@dataclass(frozen=True)
class AddKin:
    """KIN is TERM of PERSON (B is A's 長子): stored once as the edge it means; the reverse (父) is derived.

    An unknown gender of the kin is set from the term (a 長子 is male), as part of the same change.
    """

    person_id: str
    term: str
    kin_id: str
    name: ClassVar[str] = "add-kin"

    def scope(self) -> Scope:
        return Scope((self.person_id, self.kin_id), person_mentions=False)

    def params(self) -> dict[str, Any]:
        return {"person": self.person_id, "term": self.term, "kin": self.kin_id}

    def apply(self, snapshot: Snapshot) -> Snapshot:
        person = live_person(snapshot, self.person_id)
        kin = live_person(snapshot, self.kin_id, "kin")
        if person.id == kin.id:
            raise InputError("a person cannot be their own kin", field="kin")
        link = relation_for_kin_term(self.term, person.gender)
        if link is None:
            raise InputError(
                f"{self.term!r} is not kin stored as an edge: use 父 母 子 女 夫 妻 兄 弟 姊 妹 "
                "or a CBDB term such as 長子, 二女, 妾",
                field="term",
            )
        relation = kin_edge(link, person.id, kin.id, source="curator", kin_term=self.term)
        if any(r.id == relation.id for r in snapshot.relations):
            raise Conflict(f"{kin.id} is already recorded as {self.term} of {person.id}", field="kin")
        snapshot.relations.append(relation)
        kin.gender = kin.gender or kin_codes()[link.code].kin_gender
        _reviewed(person)
        return snapshot


DECISIONS = ("accept", "person", "new", "reject")


@dataclass(frozen=True)
class Review:
    """A curator's decision on one mention: accept the best candidate, choose a person, new person, not a person."""

    mention_id: str
    decision: str
    person_id: str | None = None  # the chosen person ("person"), or the candidate ("accept")
    current_person_id: str | None = None  # where the mention points now, so its person is in scope
    new_person_id: str = field(default_factory=lambda: new_id("p"))
    name: ClassVar[str] = "review"

    def scope(self) -> Scope:
        target = self.new_person_id if self.decision == "new" else self.person_id
        persons = tuple(dict.fromkeys(p for p in (target, self.current_person_id) if p))
        return Scope(persons, (self.mention_id,), person_mentions=False)

    def params(self) -> dict[str, Any]:
        person = self.new_person_id if self.decision == "new" else self.person_id
        return {"mention": self.mention_id, "decision": self.decision, "person": person}

    def apply(self, snapshot: Snapshot) -> Snapshot:
        mention = next((m for m in snapshot.mentions if m.id == self.mention_id), None)
        if mention is None:
            raise NotFound(f"no mention {self.mention_id}", field="mention", id=self.mention_id)
        if mention.person_id != self.current_person_id:
            raise Conflict(f"mention {mention.id} changed since it was listed", field="mention", id=mention.id)
        if self.decision == "reject":
            mention.person_id, mention.status = None, LinkStatus.REJECTED
        elif self.decision == "new":
            key = _valid_text(name_key(mention.surface))
            snapshot.persons.append(Person(self.new_person_id, key, status=REVIEWED))
            snapshot.names.append(build_name(self.new_person_id, key, NameType.GIVEN, preferred=True))
            mention.person_id, mention.status = self.new_person_id, LinkStatus.REVIEWED
        elif self.decision in ("accept", "person") and self.person_id:
            mention.person_id = live_person(snapshot, self.person_id).id
            mention.status = LinkStatus.REVIEWED
        else:
            raise InputError(f"decision is one of {', '.join(DECISIONS)} (person needs an id)", field="decision")
        mention.features = {**mention.features, "review": self.decision}
        return snapshot
