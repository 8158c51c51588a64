"""CBDB persons (BIOG_MAIN or the CBDB export shape) and their alternate names (ALTNAME_DATA).

Person ids derive from the CBDB id exactly as ``zhiren ingest authority --source cbdb`` derives
them from a biogref export of CBDB, so both seeds land on the same persons. CBDB writes 0 for an
unknown year; numeric dynasty codes (c_dy) and place ids are not names and are not shown.
"""

from __future__ import annotations

from pathlib import Path

from zhiren.authority.ids import stable_id
from zhiren.authority.model import HistDate, NameType, Person
from zhiren.authority.names import build_name
from zhiren.errors import InputError
from zhiren.ingest.readers.biogref import MAX_NAME_LENGTH as MAX_TITLE_LENGTH
from zhiren.ingest.readers.biogref import SeedPerson, read_year
from zhiren.ingest.readers.table import Row, read_rows

SOURCE = "cbdb"
MAX_NAME_LENGTH = 12
PERSON_ID = ("c_personid", "nameID")
NAME = ("c_name_chn", "nameHZ")
ROMANISED = ("c_name", "namePY")
GENDER = ("c_female", "sex")
DYNASTY = ("c_dynasty_chn", "dynasty", "c_dy")
ALT_NAME = "c_alt_name_chn"
ALT_NAME_TYPE = "c_alt_name_type_code"
GENDERS = {"0": "male", "M": "male", "男": "male", "1": "female", "F": "female", "女": "female"}

# CBDB ALTNAME_CODES → our name types (CC BY-NC-SA 4.0 facts, see DATA-SOURCES.md). 俗姓 (12) and
# 本姓 (18) are surnames, not names a person is called by: reported, not stored.
ALT_NAME_TYPES: dict[int, NameType | None] = {
    -1: NameType.ALIAS,  # [missing data]
    0: NameType.ALIAS,  # 未詳
    3: NameType.ALIAS,  # 别名、曾用名
    4: NameType.COURTESY,  # 字
    5: NameType.ART,  # 室名、別號
    6: NameType.POSTHUMOUS,  # 諡號
    7: NameType.ALIAS,  # 行第 (birth-order name)
    8: NameType.TITLE,  # 封爵
    9: NameType.CHILDHOOD,  # 小名
    10: NameType.CHILDHOOD,  # 小字
    11: NameType.TITLE,  # 賜號
    12: None,  # 俗姓
    13: NameType.ALIAS,  # 俗名 (a monk's secular name)
    14: NameType.TITLE,  # 廟號
    15: NameType.TITLE,  # 尊號
    16: NameType.TITLE,  # 廟額
    17: NameType.ALIAS,  # 其他譯名 (another transliteration in characters)
    18: None,  # 本姓
    19: NameType.ART,  # 法號
}
# Titles and posthumous names of emperors run long; a personal name longer than 12 is a shifted column.
_LONG_NAME_TYPES = {NameType.TITLE, NameType.POSTHUMOUS}


def person_id(cbdb_id: str) -> str:
    return stable_id("p", SOURCE, cbdb_id)


def cbdb_id(row: Row, column: str) -> str:
    raw = row.get(column)
    if not raw.isdecimal():
        raise row.problem(column, f"not a CBDB id: {raw!r}")
    return str(int(raw))


def checked_name(row: Row, column: str, limit: int = MAX_NAME_LENGTH) -> str:
    text = row.get(column)
    if not text:
        raise row.problem(column, "empty name")
    if len(text) > limit:
        raise row.problem(column, f"name longer than {limit} characters: {text[:20]}…")
    return text


def seed_person(cbdb: str, name: str, romanised: str, gender: str | None = None) -> SeedPerson:
    """A CBDB person with its Chinese name (preferred) and its romanisation; dates are set by the caller."""
    pid = person_id(cbdb)
    names = [build_name(pid, name, NameType.GIVEN, preferred=True)]
    if romanised:
        names.append(build_name(pid, romanised, NameType.ROMANISED))
    return SeedPerson(Person(pid, name, gender, status="seed", external_ids={SOURCE: cbdb}), names)


def _year(row: Row, *columns: str) -> HistDate | None:
    date = read_year(row, row.column(*columns))
    return None if date is None or date.year == 0 else date


def _floruit(row: Row) -> str | None:
    dynasty = row.get(row.column(*DYNASTY))
    dynasty = "" if dynasty.isdecimal() else dynasty
    index_year = _year(row, "c_index_year", "indexyear")
    parts = [dynasty, f"index year {index_year.year}" if index_year else ""]
    return ", ".join(p for p in parts if p) or None


def _gender(row: Row) -> str | None:
    column = row.column(*GENDER)
    raw = row.get(column)
    if raw and raw not in GENDERS:
        raise row.problem(column, f"not a gender: {raw!r} (use 0/1, M/F or 男/女)")
    return GENDERS.get(raw)


def _person(row: Row) -> SeedPerson:
    seed = seed_person(
        cbdb_id(row, row.column(*PERSON_ID)),
        checked_name(row, row.column(*NAME)),
        row.get(row.column(*ROMANISED)),
        _gender(row),
    )
    seed.person.birth, seed.person.death = _year(row, "c_birthyear"), _year(row, "c_deathyear")
    seed.person.floruit = _floruit(row)
    seed.person.native_place = row.get("c_index_addr_chn") or None
    seed.lines.append(row.line)
    return seed


def read_persons(path: Path, problems: list[InputError]) -> dict[str, SeedPerson]:
    """Persons by CBDB id, in file order; a second row with the same id is rejected."""
    persons: dict[str, SeedPerson] = {}
    for row in read_rows(path, (PERSON_ID, NAME), problems):
        try:
            seed = _person(row)
            cbdb = seed.person.external_ids[SOURCE]
            if cbdb in persons:
                first = persons[cbdb].lines[0]
                raise row.problem(row.column(*PERSON_ID), f"duplicate person id {cbdb} (first at line {first})")
        except InputError as problem:
            problems.append(problem)
            continue
        persons[cbdb] = seed
    return persons


def _alt_name_type(row: Row) -> NameType | None:
    raw = row.get(ALT_NAME_TYPE)
    if not raw.lstrip("-").isdecimal() or int(raw) not in ALT_NAME_TYPES:
        raise row.problem(ALT_NAME_TYPE, f"unknown CBDB alt-name code {raw!r}")
    return ALT_NAME_TYPES[int(raw)]


def read_alt_names(
    path: Path, persons: dict[str, SeedPerson], problems: list[InputError], warnings: list[InputError]
) -> None:
    """Adds each alternate name to its person; a name of a person not in the tables is rejected."""
    for row in read_rows(path, ("c_personid", ALT_NAME, ALT_NAME_TYPE), problems):
        try:
            cbdb = cbdb_id(row, "c_personid")
            if cbdb not in persons:
                raise row.problem("c_personid", f"person {cbdb} is in neither the persons nor the kin table")
            type_ = _alt_name_type(row)
            text = checked_name(row, ALT_NAME, MAX_TITLE_LENGTH if type_ in _LONG_NAME_TYPES else MAX_NAME_LENGTH)
        except InputError as problem:
            problems.append(problem)
            continue
        if type_ is None:
            warnings.append(row.problem(ALT_NAME_TYPE, f"{text}: a surname, not stored as a name"))
            continue
        seed = persons[cbdb]
        name = build_name(seed.person.id, text, type_)
        if all(n.id != name.id for n in seed.names):
            seed.names.append(name)
        seed.lines.append(row.line)
