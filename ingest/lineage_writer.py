"""A parsed lineage volume → persons, names, mentions and kin relations with evidence.

Each person's line is resolved against the authority by full name and birth year: a person the
authority already knows (盛宣怀 born 1844) gets the genealogy's names and kin; anyone else becomes
a genealogy person. Fathers named but without a line of their own, wives and sons without lines
become persons too, so every FATHER_OF / SPOUSE_OF has both ends. Reverse kin is never stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zhiren.authority.dates import hist_date
from zhiren.authority.ids import stable_id
from zhiren.authority.model import (
    HistDate,
    LinkStatus,
    Mention,
    MentionRole,
    Name,
    NameType,
    Person,
    Relation,
    RelationType,
)
from zhiren.authority.names import build_name
from zhiren.authority.resolver import MentionContext, Resolver
from zhiren.errors import NotFound
from zhiren.nlp.genealogy import LifeEvent, LineageResult
from zhiren.nlp.genealogy import Person as LineagePerson
from zhiren.store.graph.base import GraphBatch

GENEALOGY = "genealogy"  # status of persons known only from a lineage text


@dataclass
class LineageBatch:
    persons: list[Person] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    linked_to_authority: int = 0

    def graph_batch(self) -> GraphBatch:
        return GraphBatch(self.persons, self.names, (), self.mentions, self.relations)


def _date(event: LifeEvent | None) -> HistDate | None:
    return hist_date(event.text, event.date) if event is not None else None


def _relation(type_: RelationType, source: str, target: str, evidence: str, **attributes: object) -> Relation:
    return Relation(
        stable_id("r", type_.value, source, target),
        type_,
        source,
        target,
        evidence=[evidence],
        attributes={k: v for k, v in attributes.items() if v is not None},
    )


class LineageWriter:
    def __init__(self, resolver: Resolver, document_id: str, text: str, surname: str | None) -> None:
        self.resolver = resolver
        self.document_id = document_id
        self.text = text
        self.surname = surname or ""
        self.out = LineageBatch()
        self.ids: dict[str, str] = {}

    def _full(self, name: str) -> str:
        return name if not self.surname or name.startswith(self.surname) else self.surname + name

    def _exists(self, person_id: str) -> bool:
        try:
            self.resolver.lookup.get_person(person_id, mention_limit=0)
        except NotFound:
            return False
        return True

    def _new_person(self, key: str, name: str, **facts: object) -> str:
        person_id = stable_id("p", GENEALOGY, self.document_id, key)
        self.out.persons.append(Person(person_id, name, status=GENEALOGY, **facts))  # type: ignore[arg-type]
        self.out.names.append(build_name(person_id, name, NameType.GIVEN, preferred=True))
        return person_id

    def _mention(self, person_id: str, start: int, end: int, role: MentionRole, method: str) -> str:
        mention_id = stable_id("m", self.document_id, start, end, role.value)
        self.out.mentions.append(
            Mention(
                mention_id,
                self.document_id,
                start,
                end,
                self.text[start:end],
                person_id,
                role,
                method,
                1.0,
                LinkStatus.LINKED,
                {"method": method},
            )
        )
        return mention_id

    def _authority_match(self, full: str, birth: HistDate | None) -> str | None:
        """The authority person this line is, when the resolver links it; genealogy persons of other
        volumes are not candidates (joining two genealogies is the union catalogue's review)."""
        resolution = self.resolver.resolve(MentionContext(full, "full", birth.year if birth else None, role="subject"))
        if resolution.decision != "link" or not resolution.person_id:
            return None
        person = self.resolver.lookup.get_person(resolution.person_id, mention_limit=0).person
        return person.id if person.status != GENEALOGY else None

    def _line_person(self, person: LineagePerson) -> str:
        full = self._full(person.name)
        birth = _date(person.birth)
        own_id = stable_id("p", GENEALOGY, self.document_id, person.local_id)
        if self._exists(own_id):
            return own_id  # written by an earlier run: keep it, whatever the authority holds now
        matched = self._authority_match(full, birth)
        if matched:
            person_id = matched
            self.out.linked_to_authority += 1
        else:
            person_id = self._new_person(person.local_id, full, birth=birth, death=_date(person.death), gender="male")
        for text, kind in (
            (person.courtesy_name, NameType.COURTESY),
            (person.art_name, NameType.ART),
            (person.genealogy_name, NameType.ALIAS),
        ):
            if text:
                self.out.names.append(build_name(person_id, text, kind))
        return person_id

    def write(self, result: LineageResult) -> LineageBatch:
        for person in result.persons:
            self.ids[person.local_id] = self._line_person(person)
        for person in result.persons:
            self._kin(person)
        return self.out

    def _kin(self, person: LineagePerson) -> None:
        child_id = self.ids[person.local_id]
        end = (
            min(person.end, person.start + len(person.name))
            if self.text[person.start :].startswith(person.name)
            else person.end
        )
        evidence = self._mention(child_id, person.start, end, MentionRole.SUBJECT, "lineage")
        if person.father:
            father_id = self.ids.get(person.father) or self._new_person(
                "father:" + person.father, self._full(person.father), gender="male"
            )
            self.out.relations.append(
                _relation(RelationType.FATHER_OF, father_id, child_id, evidence, birth_order=person.birth_order)
            )
        for index, spouse in enumerate(person.spouses):
            if not spouse.name or spouse.name.lstrip("某") == "氏":
                continue  # 配（未详）氏, 配某氏: the genealogy names no one, so there is no person to create or link
            spouse_id = self._new_person(
                f"spouse:{person.local_id}:{index}",
                spouse.name,
                gender="female",
                birth=_date(spouse.birth),
                death=_date(spouse.death),
            )
            self.out.relations.append(
                _relation(
                    RelationType.SPOUSE_OF,
                    child_id,
                    spouse_id,
                    evidence,
                    kind=spouse.kind,
                    father_name=spouse.father_name,
                )
            )
        for order, child in enumerate(person.children, 1):
            if child.local_id:
                continue  # the child's own line gives the FATHER_OF with its own evidence
            son_id = self._new_person(f"son:{person.local_id}:{order}", self._full(child.name), gender="male")
            self.out.relations.append(
                _relation(
                    RelationType.FATHER_OF,
                    child_id,
                    son_id,
                    evidence,
                    birth_order=order,
                    died_young=child.died_young or None,
                )
            )
