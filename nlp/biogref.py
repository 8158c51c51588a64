"""Read a person authority in the biogref CSV shape into gazetteer entries.

biogref (used by DDBC and other authorities): ``primary_id, person_id, person_name,
born_year, died_year, gender, jiguan, dynasty``, one row per name, ``person_id:1`` the
preferred name; Zhiren adds optional ``name_type`` (名/字/号/讳/谥号/别名/官称/排行)
and ``script`` columns.  This only lists names; resolving with dates and places is the
authority layer's job.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from zhiren.nlp.gazetteer import AUTHORITY_NAME_TYPES, NameEntry

REQUIRED = ("primary_id", "person_id", "person_name")


class BiogrefError(ValueError):
    """The file is not in the biogref shape; says which row and column."""


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise BiogrefError(f"{path}: missing column(s) {', '.join(missing)}")
        yield from enumerate(reader, start=2)


def read_biogref(path: Path) -> list[NameEntry]:
    """Every name of every person, typed in the extract contract's terms.

    A 名 that is the end of the preferred name (国藩 of 曾国藩) is a given name.
    """
    rows = list(_rows(path))
    preferred: dict[str, str] = {}
    for number, row in rows:
        if not row["person_id"] or not row["person_name"]:
            raise BiogrefError(f"{path}:{number}: empty person_id or person_name")
        if row["primary_id"].endswith(":1") or row["person_id"] not in preferred:
            preferred[row["person_id"]] = row["person_name"]
    entries = []
    for _, row in rows:
        name, person = row["person_name"].strip(), row["person_id"]
        full = preferred[person]
        name_type = AUTHORITY_NAME_TYPES.get((row.get("name_type") or "名").strip(), "other")
        if name_type == "full" and name != full and full.endswith(name):
            name_type = "given"
        entries.append(NameEntry(name, person, full, name_type))
    return entries
