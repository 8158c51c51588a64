"""CBDB kinship codes read as our stored edges, and each kin term read from the other end.

Only parents, children, spouses and siblings are stored (one edge per pair, reverse kin derived
when read), so a code such as 孫女婿 (granddaughter's husband) maps to no edge: callers report it.
The codes and terms are re-expressed from CBDB's KINSHIP_CODES in ``kinship.tsv`` (DATA-SOURCES.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from zhiren.authority.ids import stable_id
from zhiren.authority.model import SYMMETRIC_RELATIONS, Relation, RelationType
from zhiren.nlp.script import to_simplified

MALE, FEMALE = "male", "female"

# Every code KINSHIP_CODES defines, as inclusive (first, last) runs: a code outside them is a typo,
# not kin we choose not to store.
_CBDB_CODE_RUNS = (
    (-1, 0), (2, 4), (6, 6), (8, 34), (36, 36), (38, 42), (44, 44), (46, 52), (56, 59), (61, 67), (70, 70),
    (72, 80), (82, 82), (84, 84), (86, 88), (90, 94), (96, 98), (100, 100), (103, 105), (107, 107), (111, 112),
    (117, 119), (121, 121), (125, 128), (130, 138), (141, 144), (147, 147), (149, 153), (156, 159), (162, 173),
    (176, 186), (188, 188), (190, 191), (193, 199), (201, 202), (204, 207), (210, 214), (220, 224), (226, 227),
    (229, 232), (234, 235), (238, 240), (243, 245), (248, 248), (250, 256), (259, 267), (269, 272), (275, 299),
    (301, 301), (303, 305), (307, 309), (312, 312), (315, 315), (320, 321), (323, 323), (325, 327), (329, 408),
    (410, 447), (450, 476), (480, 494), (497, 505), (507, 512), (514, 519), (521, 575),
)  # fmt: skip


class KinRole(StrEnum):
    """What the kin is to the person a kin code is read from."""

    FATHER = "father"
    MOTHER = "mother"
    SON = "son"
    DAUGHTER = "daughter"
    HUSBAND = "husband"
    WIFE = "wife"
    BROTHER = "brother"
    SISTER = "sister"
    ELDER_BROTHER = "elder_brother"
    ELDER_SISTER = "elder_sister"
    YOUNGER_BROTHER = "younger_brother"
    YOUNGER_SISTER = "younger_sister"


@dataclass(frozen=True)
class _Role:
    term: str  # the plain term (長子 is a 子)
    gender: str  # of the kin
    relation: RelationType | None  # None: FATHER_OF or MOTHER_OF by the person's gender
    kin_is_source: bool
    elder_is_source: bool  # the edge runs from the elder sibling to the younger
    reverse: tuple[KinRole, KinRole, str]  # the person seen from the kin: if male, if female, if unknown


_K = KinRole
_SIBLING = RelationType.SIBLING_OF
_ROLES: dict[KinRole, _Role] = {
    _K.FATHER: _Role("父", MALE, RelationType.FATHER_OF, True, False, (_K.SON, _K.DAUGHTER, "子女")),
    _K.MOTHER: _Role("母", FEMALE, RelationType.MOTHER_OF, True, False, (_K.SON, _K.DAUGHTER, "子女")),
    _K.SON: _Role("子", MALE, None, False, False, (_K.FATHER, _K.MOTHER, "父母")),
    _K.DAUGHTER: _Role("女", FEMALE, None, False, False, (_K.FATHER, _K.MOTHER, "父母")),
    _K.HUSBAND: _Role("夫", MALE, RelationType.SPOUSE_OF, True, False, (_K.WIFE, _K.WIFE, "妻")),
    _K.WIFE: _Role("妻", FEMALE, RelationType.SPOUSE_OF, False, False, (_K.HUSBAND, _K.HUSBAND, "夫")),
    _K.BROTHER: _Role("兄弟", MALE, _SIBLING, False, False, (_K.BROTHER, _K.SISTER, "兄弟姊妹")),
    _K.SISTER: _Role("姊妹", FEMALE, _SIBLING, False, False, (_K.BROTHER, _K.SISTER, "兄弟姊妹")),
    _K.ELDER_BROTHER: _Role("兄", MALE, _SIBLING, True, True, (_K.YOUNGER_BROTHER, _K.YOUNGER_SISTER, "弟妹")),
    _K.ELDER_SISTER: _Role("姊", FEMALE, _SIBLING, True, True, (_K.YOUNGER_BROTHER, _K.YOUNGER_SISTER, "弟妹")),
    _K.YOUNGER_BROTHER: _Role("弟", MALE, _SIBLING, False, True, (_K.ELDER_BROTHER, _K.ELDER_SISTER, "兄姊")),
    _K.YOUNGER_SISTER: _Role("妹", FEMALE, _SIBLING, False, True, (_K.ELDER_BROTHER, _K.ELDER_SISTER, "兄姊")),
}  # fmt: skip


@dataclass(frozen=True)
class KinCode:
    """One row of our table: a CBDB code, its term, what the kin is, the birth order it gives."""

    code: int
    term: str
    kin: KinRole
    birth_order: int | None = None

    @property
    def kin_gender(self) -> str:
        return _ROLES[self.kin].gender

    @property
    def person_gender(self) -> str | None:
        """The gender the code implies for the person (a man has a 妻), else None."""
        as_male, as_female, _ = _ROLES[self.kin].reverse
        return _ROLES[as_male].gender if as_male == as_female else None


@dataclass(frozen=True)
class KinLink:
    """How a kin code is stored: the edge type, which end is its source, what the edge records."""

    code: int
    term: str
    type: RelationType
    person_is_source: bool
    birth_order: int | None = None
    elder_is_source: bool = False

    def ends(self, person_id: str, kin_id: str) -> tuple[str, str]:
        """(source, target) of the edge."""
        return (person_id, kin_id) if self.person_is_source else (kin_id, person_id)

    def attributes(self) -> dict[str, Any]:
        """``birth_order`` of the child (the key the lineage writer uses too), ``source_elder`` for siblings."""
        attributes: dict[str, Any] = {}
        if self.birth_order is not None:
            attributes["birth_order"] = self.birth_order
        if self.elder_is_source:
            attributes["source_elder"] = True
        return attributes


@cache
def kin_codes() -> dict[int, KinCode]:
    """Our table, by CBDB code."""
    text = (Path(__file__).parent / "kinship.tsv").read_text(encoding="utf-8")
    table = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, term, _cbdb_rel, kin, order = line.split("\t")
            table[int(code)] = KinCode(int(code), term, KinRole(kin), int(order) if order else None)
    return table


@cache
def _roles_by_term() -> dict[str, KinRole]:
    """Plain terms (父, 妻, 弟 …) and our table's terms, in both scripts."""
    terms = {role.term: kin for kin, role in _ROLES.items()} | {c.term: c.kin for c in kin_codes().values()}
    return terms | {to_simplified(term): kin for term, kin in terms.items()}


def is_cbdb_kin_code(code: int) -> bool:
    """Whether CBDB defines ``code`` at all (stored as an edge or not)."""
    return any(first <= code <= last for first, last in _CBDB_CODE_RUNS)


def relation_for_kin_code(code: int, person_gender: str | None) -> KinLink | None:
    """The edge for "the kin is <code> of the person"; None for kin we don't store as direct edges.

    A person whose gender is unknown is read as a man, as CBDB does (its c_female is 0 for both).
    """
    entry = kin_codes().get(code)
    if entry is None:
        return None
    role = _ROLES[entry.kin]
    parent = RelationType.MOTHER_OF if person_gender == FEMALE else RelationType.FATHER_OF
    return KinLink(
        code,
        entry.term,
        role.relation or parent,
        not role.kin_is_source,
        entry.birth_order,
        role.elder_is_source,
    )


def reverse_term(code_or_term: int | str, gender_of_other: str | None) -> str | None:
    """The person as the kin calls them: 長子 → 父 (母 if the person is a woman), 妻 → 夫, 弟 → 兄.

    ``gender_of_other`` is the gender of the person the term was said of; unknown gives the term
    for either (子女, 兄姊). None for a code or term outside our table.
    """
    if isinstance(code_or_term, int) or code_or_term.lstrip("-").isdecimal():
        entry = kin_codes().get(int(code_or_term))
        kin = entry.kin if entry else None
    else:
        kin = _roles_by_term().get(code_or_term.strip())
    if kin is None:
        return None
    as_male, as_female, either = _ROLES[kin].reverse
    if gender_of_other == MALE:
        return _ROLES[as_male].term
    if gender_of_other == FEMALE:
        return _ROLES[as_female].term
    return either


@cache
def _codes_by_term() -> dict[str, int]:
    """Terms of our table in both scripts, and the plain terms (女, 夫, 妻 …) read as their role's plain code."""
    by_term: dict[str, int] = {}
    for entry in kin_codes().values():
        by_term.setdefault(entry.term, entry.code)
        by_term.setdefault(to_simplified(entry.term), entry.code)
    for term, kin in _roles_by_term().items():
        plain = next((c.code for c in kin_codes().values() if c.kin == kin and c.birth_order is None), None)
        if plain is not None:
            by_term.setdefault(term, plain)
    return by_term


def relation_for_kin_term(term: str, person_gender: str | None) -> KinLink | None:
    """:func:`relation_for_kin_code` for a term (長子, 长子, 妻, 弟 …); None for a term we don't store as an edge."""
    code = _codes_by_term().get(term.strip())
    return relation_for_kin_code(code, person_gender) if code is not None else None


def kin_edge(link: KinLink, person_id: str, kin_id: str, **attributes: Any) -> Relation:
    """The stored edge: one id per type and pair (symmetric kin with sorted ends), so either side's row is one edge."""
    source, target = link.ends(person_id, kin_id)
    ends = sorted((source, target)) if link.type in SYMMETRIC_RELATIONS else (source, target)
    return Relation(
        stable_id("r", link.type.value, *ends),
        link.type,
        source,
        target,
        attributes={**attributes, **link.attributes()},
    )


def _child_term(gender: str | None, order: int | None) -> str:
    kin = {MALE: KinRole.SON, FEMALE: KinRole.DAUGHTER}.get(gender or "")
    if kin is None:
        return "子女"
    ranked = next((c.term for c in kin_codes().values() if c.kin == kin and c.birth_order == order), None)
    return ranked if order and ranked else _ROLES[kin].term


def term_for_other(relation: Relation, person_id: str, other_gender: str | None) -> str | None:
    """What the other end of a kin edge is to ``person_id``, as a kin term (長子, 父, 妻, 弟 …); None if not kin."""
    outgoing = relation.source_id == person_id
    order = relation.attributes.get("birth_order")
    if relation.type in (RelationType.FATHER_OF, RelationType.MOTHER_OF):
        if outgoing:
            return to_simplified(_child_term(other_gender, order if isinstance(order, int) else None))
        return "父" if relation.type == RelationType.FATHER_OF else "母"
    if relation.type == RelationType.SPOUSE_OF:
        return {MALE: "夫", FEMALE: "妻"}.get(other_gender or "", "配")
    if relation.type == RelationType.SIBLING_OF:
        if not relation.attributes.get("source_elder"):
            return {MALE: "兄弟", FEMALE: "姊妹"}.get(other_gender or "", "兄弟姊妹")
        elder = KinRole.YOUNGER_BROTHER if outgoing else KinRole.ELDER_BROTHER  # the other is younger if we are source
        if other_gender == FEMALE:
            elder = KinRole.YOUNGER_SISTER if outgoing else KinRole.ELDER_SISTER
        return _ROLES[elder].term
    return None
