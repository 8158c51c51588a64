"""Result types of lineage parsing; each has `to_json()` giving the documented JSON object."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zhiren.nlp.dates import ParsedDate, Repair


@dataclass(slots=True)
class LifeEvent:
    """A birth or death: the source text and, when it reads as a date, its normal form."""

    text: str
    start: int
    end: int
    date: ParsedDate | None = None

    def to_json(self) -> dict[str, Any]:
        """{text, year, date, precision} plus offsets and the date's error and warnings."""
        parsed = self.date
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "year": parsed.year if parsed else None,
            "date": parsed.date if parsed else None,
            "precision": parsed.precision if parsed else None,
            "error": parsed.error.to_json() if parsed and parsed.error else None,
            "warnings": [w.to_json() for w in parsed.warnings] if parsed else [],
        }


@dataclass(slots=True)
class Spouse:
    """A wife (配, 妣, 继配, 侧室 …): `name` is 'X氏' when the surname is known."""

    kind: str
    text: str
    start: int
    name: str | None = None
    surname: str | None = None
    father_name: str | None = None
    birth: LifeEvent | None = None
    death: LifeEvent | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON object of one spouse."""
        return {
            "kind": self.kind, "text": self.text, "start": self.start, "name": self.name,
            "surname": self.surname, "father_name": self.father_name,
            "birth": self.birth.to_json() if self.birth else None,
            "death": self.death.to_json() if self.death else None,
        }


@dataclass(slots=True)
class Child:
    """A son listed under 子N; `local_id` is filled when he has his own line."""

    name: str
    start: int
    notes: list[str] = field(default_factory=list)
    local_id: str | None = None

    @property
    def died_young(self) -> bool:
        """(殇), (夭), (殀): died before adulthood."""
        return "died-young" in self.notes

    def to_json(self) -> dict[str, Any]:
        """JSON object of one son."""
        return {"name": self.name, "local_id": self.local_id, "start": self.start,
                "died_young": self.died_young, "notes": self.notes}


@dataclass(slots=True)
class Daughter:
    """A daughter listed under 女N, with whom she married (适)."""

    order: int | None
    married_to: str | None
    start: int

    def to_json(self) -> dict[str, Any]:
        """JSON object of one daughter."""
        return {"order": self.order, "married_to": self.married_to, "start": self.start}


@dataclass(slots=True)
class Person:
    """One person's line of a 世系 text, with links resolved across the document."""

    local_id: str
    name: str
    line: int
    start: int
    end: int
    generation: int | None = None
    father_text: str | None = None
    father: str | None = None
    birth_order: int | None = None
    courtesy_name: str | None = None
    art_name: str | None = None
    genealogy_name: str | None = None
    rank: int | None = None
    birth: LifeEvent | None = None
    death: LifeEvent | None = None
    spouses: list[Spouse] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)
    daughters: list[Daughter] = field(default_factory=list)
    burial: str | None = None
    name_variants: list[str] = field(default_factory=list)

    def to_json(self, surname: str | None = None) -> dict[str, Any]:
        """The `persons` entry of the extract output."""
        return {
            "local_id": self.local_id,
            "name": self.name,
            "full_name": (surname + self.name) if surname else None,
            "name_variants": self.name_variants,
            "courtesy_name": self.courtesy_name,
            "art_name": self.art_name,
            "genealogy_name": self.genealogy_name,
            "rank": self.rank,
            "father": self.father,
            "father_text": self.father_text,
            "birth_order": self.birth_order,
            "generation": self.generation,
            "birth": self.birth.to_json() if self.birth else None,
            "death": self.death.to_json() if self.death else None,
            "spouses": [s.to_json() for s in self.spouses],
            "children": [c.to_json() for c in self.children],
            "daughters": [d.to_json() for d in self.daughters],
            "burial": self.burial,
            "source": {"line": self.line, "start": self.start, "end": self.end},
        }


@dataclass(frozen=True, slots=True)
class Unparsed:
    """A line that matched no pattern, kept with the reason."""

    line: int
    start: int
    end: int
    text: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        """JSON object of one unparsed line."""
        return {"line": self.line, "start": self.start, "end": self.end, "text": self.text,
                "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Problem:
    """A document-level problem, such as a cycle of father links."""

    code: str
    message: str
    local_ids: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """JSON object of one problem."""
        return {"code": self.code, "message": self.message, "local_ids": list(self.local_ids)}


@dataclass(slots=True)
class LineageResult:
    """Everything read from one lineage text; offsets refer to the text as given."""

    surname: str | None
    persons: list[Person] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The genealogy part of the extract output."""
        return {
            "surname": self.surname,
            "persons": [p.to_json(self.surname) for p in self.persons],
            "unparsed": [u.to_json() for u in self.unparsed],
            "repairs": [r.to_json() for r in self.repairs],
            "problems": [p.to_json() for p in self.problems],
        }
