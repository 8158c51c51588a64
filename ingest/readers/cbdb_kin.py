"""CBDB kin (KIN_DATA: c_personid, c_kin_id, c_kin_code; or the CBDB export shape that also names
both ends: c_name_chn, c_kin_chn, c_kinrel_chn …) → kin edges, persons known only from kin.

Parents, children, spouses and siblings become one edge each, stored from the end our kinship
table says (authority/kinship.py), so CBDB's reciprocal rows (A 子 B, B 父 A) give one relation;
other kin (孫女婿 …) is listed as a warning, a code CBDB does not define is a problem of its row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zhiren.authority.kinship import is_cbdb_kin_code, kin_codes, kin_edge, relation_for_kin_code
from zhiren.authority.model import Relation, RelationType
from zhiren.errors import InputError
from zhiren.ingest.readers.biogref import SeedPerson
from zhiren.ingest.readers.cbdb_persons import SOURCE, cbdb_id, checked_name, seed_person
from zhiren.ingest.readers.table import Row, read_rows

KIN_CODE = "c_kin_code"
REQUIRED = ("c_personid", "c_kin_id", KIN_CODE)
KIN_NAME = ("c_kin_chn", "c_kin_name_chn")


@dataclass(frozen=True)
class _Kin:
    """One good row: "kin is <code> of person", both as CBDB ids."""

    row: Row
    person: str
    kin: str
    code: int


def _code(row: Row) -> int:
    raw = row.get(KIN_CODE)
    if not raw.lstrip("-").isdecimal() or not is_cbdb_kin_code(int(raw)):
        raise row.problem(KIN_CODE, f"unknown CBDB kin code {raw!r}")
    return int(raw)


def _new_person(row: Row, cbdb: str, names: tuple[str, ...], romanised: str) -> SeedPerson:
    """A person the persons table lacks, from the names this row gives (none given: a problem)."""
    column = row.column(*names)
    if not row.get(column):
        raise row.problem(column, f"person {cbdb} is not in the persons table and this row does not name them")
    return seed_person(cbdb, checked_name(row, column), row.get(romanised))


def _kin(row: Row, seeds: dict[str, SeedPerson]) -> _Kin:
    """The row checked; persons it introduces are added only when the whole row is good."""
    kin = _Kin(row, cbdb_id(row, "c_personid"), cbdb_id(row, "c_kin_id"), _code(row))
    new: dict[str, SeedPerson] = {}
    for cbdb, names, romanised in ((kin.person, ("c_name_chn",), "c_name"), (kin.kin, KIN_NAME, "c_kin_name")):
        if cbdb not in seeds and cbdb not in new:
            new[cbdb] = _new_person(row, cbdb, names, romanised)
    seeds.update(new)
    return kin


def _infer_genders(rows: list[_Kin], seeds: dict[str, SeedPerson]) -> None:
    """Persons of unknown gender take the one their kin implies (a 妻 is a woman, a man has one)."""
    for kin in rows:
        entry = kin_codes().get(kin.code)
        if entry is None:
            continue
        for cbdb, gender in ((kin.kin, entry.kin_gender), (kin.person, entry.person_gender)):
            if seeds[cbdb].person.gender is None:
                seeds[cbdb].person.gender = gender


def _directed(relation: Relation) -> bool:
    """Whether the direction says something (spouses, parents, siblings of known seniority)."""
    return relation.type != RelationType.SIBLING_OF or "source_elder" in relation.attributes


class _Edges:
    """Relations by id: a reciprocal row adds what it knows, a contradicting one is reported."""

    def __init__(self) -> None:
        self.by_id: dict[str, Relation] = {}
        self.lines: dict[str, int] = {}

    def add(self, relation: Relation, row: Row, warnings: list[InputError]) -> None:
        old = self.by_id.get(relation.id)
        if old is None or (_directed(relation) and not _directed(old)):
            self.by_id[relation.id] = relation
            self.lines[relation.id] = row.line
        elif _directed(old) and old.source_id != relation.source_id:
            warnings.append(row.problem(KIN_CODE, f"contradicts line {self.lines[relation.id]}, which is kept"))
        else:
            old.attributes = {**relation.attributes, **old.attributes}


def _relation(kin: _Kin, seeds: dict[str, SeedPerson]) -> Relation | None:
    link = relation_for_kin_code(kin.code, seeds[kin.person].person.gender)
    if link is None:
        return None
    return kin_edge(link, seeds[kin.person].person.id, seeds[kin.kin].person.id, source=SOURCE, kin_code=kin.code)


def read_kin(path: Path, seeds: dict[str, SeedPerson], problems: list[InputError], warnings: list[InputError]) -> None:
    """Adds kin-only persons to ``seeds`` and each edge to the later-yielded of its two persons."""
    rows: list[_Kin] = []
    for row in read_rows(path, REQUIRED, problems):
        try:
            rows.append(_kin(row, seeds))
        except InputError as problem:
            problems.append(problem)
    _infer_genders(rows, seeds)
    edges = _Edges()
    for kin in rows:
        seeds[kin.person].lines.append(kin.row.line)
        relation = _relation(kin, seeds)
        if relation is None:
            term = f" ({kin.row.get('c_kinrel_chn')})" if kin.row.get("c_kinrel_chn") else ""
            message = f"kin code {kin.code}{term} is not a parent, child, spouse or sibling: not stored as an edge"
            warnings.append(kin.row.problem(KIN_CODE, message))
        else:
            edges.add(relation, kin.row, warnings)
    position = {seed.person.id: index for index, seed in enumerate(seeds.values())}
    by_id = {seed.person.id: seed for seed in seeds.values()}
    for relation in edges.by_id.values():
        later = max(relation.source_id, relation.target_id, key=position.__getitem__)
        by_id[later].relations.append(relation)
