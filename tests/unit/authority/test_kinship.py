"""Our kinship table: CBDB codes read as stored edges, and each kin term read from the other end."""

from __future__ import annotations

import csv

import pytest

from tests.conftest import shared_data
from zhiren.authority.kinship import KinRole, is_cbdb_kin_code, kin_codes, relation_for_kin_code, reverse_term
from zhiren.authority.model import RelationType

F, M, S, S1, S2, D, D1, H, W, C, B, B_ELDER, B_YOUNGER, Z_ELDER, SDH = (
    75, 111, 180, 182, 183, 176, 327, 134, 135, 168, 118, 125, 126, 164, 244,
)  # fmt: skip


def test_parents_are_the_source_of_the_edge_to_the_person() -> None:
    father = relation_for_kin_code(F, "male")
    mother = relation_for_kin_code(M, "female")
    assert father is not None and mother is not None
    assert (father.type, father.ends("person", "kin"), father.term) == (RelationType.FATHER_OF, ("kin", "person"), "父")
    assert (mother.type, mother.ends("person", "kin")) == (RelationType.MOTHER_OF, ("kin", "person"))


def test_children_make_the_person_their_father_or_mother_with_the_birth_order_the_code_gives() -> None:
    eldest = relation_for_kin_code(S1, "male")
    assert eldest is not None
    assert (eldest.type, eldest.ends("A", "B"), eldest.attributes()) == (
        RelationType.FATHER_OF,
        ("A", "B"),
        {"birth_order": 1},
    )
    second = relation_for_kin_code(S2, "female")
    assert second is not None and (second.type, second.birth_order) == (RelationType.MOTHER_OF, 2)
    daughter = relation_for_kin_code(D1, None)  # CBDB's c_female 0 stands for men and unknowns alike
    assert daughter is not None and (daughter.type, daughter.birth_order) == (RelationType.FATHER_OF, 1)
    son = relation_for_kin_code(S, "male")
    assert son is not None and son.attributes() == {}


def test_spouses_run_from_husband_to_wife_and_siblings_from_elder_to_younger() -> None:
    wife, husband, concubine = (relation_for_kin_code(c, g) for c, g in ((W, "male"), (H, "female"), (C, "male")))
    assert wife and husband and concubine
    assert {wife.type, husband.type, concubine.type} == {RelationType.SPOUSE_OF}
    assert wife.ends("A", "B") == ("A", "B") and husband.ends("A", "B") == ("B", "A")
    younger, elder = relation_for_kin_code(B_YOUNGER, "male"), relation_for_kin_code(B_ELDER, "male")
    assert younger and elder and younger.type == elder.type == RelationType.SIBLING_OF
    assert younger.ends("A", "B") == ("A", "B") and elder.ends("A", "B") == ("B", "A")
    assert younger.attributes() == elder.attributes() == {"source_elder": True}
    brother = relation_for_kin_code(B, "male")
    assert brother is not None and brother.attributes() == {}


def test_kin_we_do_not_store_as_direct_edges_gives_none_but_is_a_cbdb_code() -> None:
    assert relation_for_kin_code(SDH, "male") is None  # 孫女婿
    assert is_cbdb_kin_code(SDH) and is_cbdb_kin_code(0) and not is_cbdb_kin_code(99999)
    assert relation_for_kin_code(99999, "male") is None


@pytest.mark.parametrize(
    ("code_or_term", "gender_of_other", "expected"),
    [
        (S1, "male", "父"),
        (S1, "female", "母"),
        ("長子", "male", "父"),
        ("长子", "female", "母"),
        ("妻", "male", "夫"),
        (W, None, "夫"),
        ("夫", "female", "妻"),
        ("弟", "male", "兄"),
        ("弟", "female", "姊"),
        (B_ELDER, "male", "弟"),
        (Z_ELDER, "female", "妹"),
        ("女", "male", "父"),
        ("女", "female", "母"),
        (F, "male", "子"),
        (F, "female", "女"),
        (F, None, "子女"),
        ("兄弟", "female", "姊妹"),
        (str(D), "male", "父"),
    ],
)
def test_reverse_term_reads_the_person_from_the_kin(
    code_or_term: int | str, gender_of_other: str | None, expected: str
) -> None:
    assert reverse_term(code_or_term, gender_of_other) == expected


def test_reverse_term_of_kin_outside_the_table_is_none() -> None:
    assert reverse_term(SDH, "male") is None and reverse_term("孫女婿", "male") is None


def test_codes_imply_genders_where_they_can() -> None:
    table = kin_codes()
    assert (table[W].kin_gender, table[W].person_gender) == ("female", "male")
    assert (table[S1].kin_gender, table[S1].person_gender) == ("male", None)
    assert table[F].kin is KinRole.FATHER


def test_every_code_matches_cbdbs_kinship_codes_and_the_edge_types_of_its_steps() -> None:
    """Each code exists in KINSHIP_CODES with our term, one step (up, down, marriage, collateral) as our edge says."""
    path = shared_data("cbdb/code-tables/KINSHIP_CODES.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        cbdb = {int(r["c_kincode"]): r for r in csv.DictReader(handle)}
    assert {code for code in cbdb if is_cbdb_kin_code(code)} == set(cbdb)
    assert not any(is_cbdb_kin_code(code) for code in range(-5, 600) if code not in cbdb)
    steps = {RelationType.SPOUSE_OF: ("0", "0", "1", "0"), RelationType.SIBLING_OF: ("0", "0", "0", "1")}
    for code, entry in kin_codes().items():
        row = cbdb[code]
        assert entry.term in [t.strip() for t in row["c_kinrel_chn"].split(";")], code
        link = relation_for_kin_code(code, "male")
        assert link is not None
        parent_or_child = ("0", "1", "0", "0") if link.person_is_source else ("1", "0", "0", "0")
        step = (row["c_upstep"], row["c_dwnstep"], row["c_marstep"], row["c_colstep"])
        assert step == steps.get(link.type, parent_or_child), code
