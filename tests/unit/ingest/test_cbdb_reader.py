"""CBDB-shaped seeds: persons, alternate names and kin, bad rows listed as file:line: field: message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from zhiren.authority.ids import stable_id
from zhiren.authority.model import NameType, Person, RelationType
from zhiren.errors import InputError
from zhiren.ingest.readers.biogref import SeedPerson
from zhiren.ingest.readers.cbdb import read_cbdb

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "cbdb"
PERSONS, EXPORT = FIXTURES / "persons.csv", FIXTURES / "export_persons.csv"
ALTNAMES, KIN, KIN_NAMED = FIXTURES / "altnames.csv", FIXTURES / "kin.csv", FIXTURES / "kin_named.csv"


def read(
    persons: Path, *, altnames: Path | None = None, kin: Path | None = None
) -> tuple[dict[str, SeedPerson], list[str], list[str]]:
    """Seeds by CBDB id, problems and warnings as the CLI prints them."""
    problems: list[InputError] = []
    warnings: list[InputError] = []
    seeds = list(read_cbdb(persons, problems, warnings, altnames=altnames, kin=kin))
    return {s.person.external_ids["cbdb"]: s for s in seeds}, [str(p) for p in problems], [str(w) for w in warnings]


def pid(cbdb: str) -> str:
    return stable_id("p", "cbdb", cbdb)


def test_biog_main_rows_become_persons_with_their_chinese_and_romanised_names() -> None:
    seeds, _, _ = read(PERSONS)
    wang = seeds["1762"]
    assert wang.person == Person(
        pid("1762"),
        "王安石",
        "male",
        wang.person.birth,
        wang.person.death,
        floruit="宋, index year 1081",
        native_place="臨川",
        status="seed",
        external_ids={"cbdb": "1762"},
    )
    assert wang.person.birth and wang.person.death and (wang.person.birth.year, wang.person.death.year) == (1021, 1086)
    assert [(n.text, n.type, n.preferred) for n in wang.names] == [
        ("王安石", NameType.GIVEN, True),
        ("Wang Anshi", NameType.ROMANISED, False),
    ]
    assert seeds["9001"].person.birth is None  # CBDB writes 0 for an unknown year
    assert seeds["7082"].person.native_place is None


def test_bad_person_rows_are_listed_and_skipped_and_good_ones_kept() -> None:
    seeds, problems, _ = read(PERSONS)
    assert list(seeds) == ["1762", "7082", "9001", "9002"]
    assert problems == [
        f"{PERSONS}:6: c_personid: duplicate person id 1762 (first at line 2)",
        f"{PERSONS}:7: c_personid: not a CBDB id: 'abc'",
        f"{PERSONS}:8: c_name_chn: name longer than 12 characters: 這是一個長度超過十二個字的名字呀…",
        f"{PERSONS}:9: c_birthyear: not a year: '一千'",
        f"{PERSONS}:10: c_female: not a gender: '2' (use 0/1, M/F or 男/女)",
    ]


def test_the_cbdb_export_header_is_read_and_homonyms_stay_two_persons() -> None:
    seeds, problems, _ = read(EXPORT)
    assert problems == []
    first, second = seeds["16834"].person, seeds["41546"].person
    assert first.preferred_name == second.preferred_name == "李繼和" and first.id != second.id
    assert (first.floruit, second.floruit) == ("宋, index year 963", "宋, index year 910")
    assert seeds["5134"].person.gender == "female"


def test_a_missing_required_column_fails_the_file_naming_each_accepted_header(tmp_path: Path) -> None:
    path = tmp_path / "persons.csv"
    path.write_text("c_personid,c_name\n1,Someone\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"persons.csv:1: missing required column\(s\): c_name_chn or nameHZ"):
        read(path)


def test_alternate_names_are_typed_by_their_cbdb_code() -> None:
    seeds, problems, warnings = read(PERSONS, altnames=ALTNAMES)
    assert [(n.text, n.type) for n in seeds["1762"].names[2:]] == [
        ("介甫", NameType.COURTESY),
        ("半山", NameType.ART),
        ("文", NameType.POSTHUMOUS),
    ]
    assert [(n.text, n.type) for n in seeds["7082"].names[2:]] == [("舜良", NameType.COURTESY)]
    assert problems[5:] == [
        f"{ALTNAMES}:7: c_alt_name_type_code: unknown CBDB alt-name code '99'",
        f"{ALTNAMES}:8: c_personid: person 8888 is in neither the persons nor the kin table",
    ]
    assert warnings == [f"{ALTNAMES}:6: c_alt_name_type_code: 王: a surname, not stored as a name"]


def test_reciprocal_kin_rows_give_one_edge_with_what_each_row_knows() -> None:
    seeds, problems, warnings = read(PERSONS, kin=KIN)
    relations = [r for s in seeds.values() for r in s.relations]
    assert len(relations) == 1
    [father] = relations
    assert (father.type, father.source_id, father.target_id) == (RelationType.FATHER_OF, pid("7082"), pid("1762"))
    assert father.attributes == {"source": "cbdb", "kin_code": 75, "birth_order": 3}
    assert father.id == stable_id("r", "FATHER_OF", pid("7082"), pid("1762"))
    assert problems[5:] == [
        f"{KIN}:5: c_kin_chn: person 1760 is not in the persons table and this row does not name them",
        f"{KIN}:6: c_kin_code: unknown CBDB kin code '999'",
        f"{KIN}:7: c_kin_code: unknown CBDB kin code 'abc'",
    ]
    assert warnings == [
        f"{KIN}:4: c_kin_code: kin code 244 is not a parent, child, spouse or sibling: not stored as an edge"
    ]


def test_kin_named_only_in_the_kin_table_become_persons_with_the_gender_their_kin_implies() -> None:
    seeds, problems, warnings = read(EXPORT, kin=KIN_NAMED)
    assert list(seeds) == ["16834", "41546", "5134", "1762", "1760", "38653", "1294"]
    assert [seeds[c].person.gender for c in ("1762", "1760", "38653", "1294")] == ["male", "male", "female", None]
    assert [n.text for n in seeds["38653"].names] == ["吳氏", "Wu Shi"]
    assert problems == [
        f"{KIN_NAMED}:6: c_kin_chn: person 5555 is not in the persons table and this row does not name them"
    ]
    assert warnings == [
        f"{KIN_NAMED}:5: c_kin_code: kin code 244 (孫女婿) is not a parent, child, spouse or sibling: "
        "not stored as an edge"
    ]
    # 弟 from one side and 兄 from the other: one edge from the elder, carried by the later of its two persons
    [sibling] = seeds["1760"].relations
    assert (sibling.type, sibling.source_id, sibling.target_id) == (RelationType.SIBLING_OF, pid("1762"), pid("1760"))
    assert sibling.attributes == {"source": "cbdb", "kin_code": 126, "source_elder": True}
    [spouse] = seeds["38653"].relations
    assert (spouse.type, spouse.source_id, spouse.target_id) == (RelationType.SPOUSE_OF, pid("1762"), pid("38653"))
    assert not seeds["1762"].relations


def test_ingest_cbdb_prints_rejected_rows_and_warnings(tmp_path: Path) -> None:
    zhiren = Path(sys.executable).with_name("zhiren")
    env = {**os.environ, "ZHIREN_DATA_DIR": str(tmp_path)}
    args = [str(zhiren), "ingest", "cbdb", str(PERSONS), "--altnames", str(ALTNAMES), "--kin", str(KIN)]
    result = subprocess.run(args, capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 1, result.stderr
    assert "read 12  documents 0  persons written 4" in result.stdout
    assert f"rejected: {KIN}:6: c_kin_code: unknown CBDB kin code '999'" in result.stdout
    assert f"warning: {KIN}:4: c_kin_code: kin code 244 is not a parent" in result.stdout
