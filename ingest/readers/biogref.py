"""Authority seeds in the biogref CSV shape (DDBC and others): one row per name variant.

``primary_id`` ends in ``:1`` for the preferred name; optional ``name_type`` (名/字/号/讳/谥号/
别名/官称/排行/小名) and ``script`` columns type the variants; optional ``cbdb``, ``viaf``,
``wikidata``, ``shl`` and ``ddbc`` columns give the person's ids in those authorities (on any of
its rows), which the person page links and the RDF gives as ``owl:sameAs``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from zhiren.authority.ids import stable_id
from zhiren.authority.model import NAME_TYPE_LABELS as NAME_TYPES
from zhiren.authority.model import HistDate, Name, NameType, Person, Precision, Relation
from zhiren.authority.names import build_name
from zhiren.errors import InputError
from zhiren.ingest.readers.table import Row, read_rows

REQUIRED = ("primary_id", "person_id", "person_name")
EXTERNAL_ID_COLUMNS = ("cbdb", "viaf", "wikidata", "shl", "ddbc")
MAX_NAME_LENGTH = 40  # posthumous titles of emperors and monks' dharma titles run long


@dataclass
class SeedPerson:
    """One person of an authority file with all its names, and the rows they came from.

    ``relations`` are kin edges whose other end was yielded earlier or by the same person,
    so a batch never writes an edge before both of its persons.
    """

    person: Person
    names: list[Name] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


def read_year(row: Row, column: str) -> HistDate | None:
    """A Western year column (``1844``, ``-140``); not a number is a problem of the row."""
    raw = row.get(column)
    if not raw:
        return None
    try:
        return HistDate(raw, int(float(raw)), precision=Precision.YEAR)
    except (ValueError, OverflowError):
        raise row.problem(column, f"not a year: {raw!r}") from None


def _name_type(row: Row, preferred: bool) -> NameType:
    raw = row.get("name_type")
    if not raw:
        return NameType.GIVEN if preferred else NameType.ALIAS
    if raw not in NAME_TYPES:
        raise row.problem("name_type", f"unknown name type {raw!r} (use one of {', '.join(NAME_TYPES)})")
    return NAME_TYPES[raw]


def read_biogref(path: Path, source: str, problems: list[InputError]) -> Iterator[SeedPerson]:
    """Persons in file order; bad rows are appended to ``problems`` and skipped."""
    current: SeedPerson | None = None
    for row in read_rows(path, REQUIRED, problems):
        try:
            text = row.get("person_name")
            if not text:
                raise row.problem("person_name", "empty name")
            if len(text) > MAX_NAME_LENGTH:
                raise row.problem("person_name", f"name longer than {MAX_NAME_LENGTH} characters")
            local_id = row.get("person_id")
            preferred = row.get("primary_id").endswith(":1")
            name_type = _name_type(row, preferred)
            birth, death = read_year(row, "born_year"), read_year(row, "died_year")
        except InputError as problem:
            problems.append(problem)
            continue
        person_id = stable_id("p", source, local_id)
        if current is None or current.person.id != person_id:
            if current is not None:
                yield current
            current = SeedPerson(
                Person(
                    person_id,
                    text,
                    gender={"男": "male", "女": "female"}.get(row.get("gender")),
                    birth=birth,
                    death=death,
                    native_place=row.get("jiguan") or None,
                    floruit=row.get("dynasty") or None,
                    status="seed",
                    external_ids={source: local_id},
                )
            )
        current.person.external_ids |= {column: value for column in EXTERNAL_ID_COLUMNS if (value := row.get(column))}
        if preferred:
            current.person.preferred_name = text
        current.names.append(build_name(person_id, text, name_type, preferred=preferred))
        current.lines.append(row.line)
    if current is not None:
        yield current
