"""Authority seeds from CBDB-shaped tables, so a library can start from an existing authority.

A persons table (BIOG_MAIN or the CBDB export shape, cbdb_persons.py), optional alternate names
(ALTNAME_DATA) and optional kin (KIN_DATA, cbdb_kin.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from zhiren.errors import InputError
from zhiren.ingest.readers.biogref import SeedPerson
from zhiren.ingest.readers.cbdb_kin import read_kin
from zhiren.ingest.readers.cbdb_persons import read_alt_names, read_persons


def read_cbdb(
    persons: Path,
    problems: list[InputError],
    warnings: list[InputError],
    *,
    altnames: Path | None = None,
    kin: Path | None = None,
) -> Iterator[SeedPerson]:
    """Persons of the persons table in file order, then persons known only from the kin table.

    Every table is read before the first person is yielded (kin can name anyone); bad rows go to
    ``problems``, kin not stored as edges and surnames to ``warnings``.
    """
    seeds = read_persons(persons, problems)
    if kin is not None:
        read_kin(kin, seeds, problems, warnings)
    if altnames is not None:
        read_alt_names(altnames, seeds, problems, warnings)
    yield from seeds.values()
