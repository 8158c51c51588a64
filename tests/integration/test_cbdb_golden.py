"""CBDB's own golden rows (Kaifeng people, 王安石's direct kin) read and stored in the embedded graph."""

from __future__ import annotations

import re

import pytest

from tests.conftest import shared_data
from zhiren.authority.ids import stable_id
from zhiren.authority.model import RelationType
from zhiren.errors import InputError
from zhiren.ingest.readers.biogref import SeedPerson
from zhiren.ingest.readers.cbdb import read_cbdb
from zhiren.store.graph.base import GraphBatch
from zhiren.store.graph.sqlite import SqliteGraphStore


def pid(cbdb: int) -> str:
    return stable_id("p", "cbdb", cbdb)


WANG_ANSHI = pid(1762)


@pytest.fixture(scope="module")
def golden() -> tuple[list[SeedPerson], list[InputError], list[InputError]]:
    persons = shared_data("cbdb/golden/kaifeng_yin__People_UTF8.csv")
    kin = shared_data("cbdb/golden/wang_anshi_direct_kin.csv")
    problems: list[InputError] = []
    warnings: list[InputError] = []
    return list(read_cbdb(persons, problems, warnings, kin=kin)), problems, warnings


@pytest.fixture(scope="module")
def graph(
    golden: tuple[list[SeedPerson], list[InputError], list[InputError]], tmp_path_factory: pytest.TempPathFactory
) -> SqliteGraphStore:
    seeds, _, _ = golden
    store = SqliteGraphStore(tmp_path_factory.mktemp("cbdb") / "graph.sqlite")
    store.migrate()
    store.write(
        GraphBatch(
            persons=[s.person for s in seeds],
            names=[n for s in seeds for n in s.names],
            relations=[r for s in seeds for r in s.relations],
        )
    )
    return store


def test_every_golden_row_is_read(golden: tuple[list[SeedPerson], list[InputError], list[InputError]]) -> None:
    seeds, problems, warnings = golden
    assert problems == []
    # 107 Kaifeng people, 王安石 and 24 of his 25 kin (呂嘉問 is also a Kaifeng person)
    assert len(seeds) == 132 and len({s.person.id for s in seeds}) == 132
    assert sum(len(s.names) for s in seeds) == 264  # each: the Chinese name and its romanisation
    assert sum(len(s.relations) for s in seeds) == 9
    assert len(warnings) == 16


def test_homonyms_stay_two_persons_in_the_graph(graph: SqliteGraphStore) -> None:
    found = graph.find_persons_by_name("李继和")
    assert sorted(p.external_ids["cbdb"] for p in found) == ["16834", "41546"]
    assert {p.floruit for p in found} == {"宋, index year 963", "宋, index year 910"}


def test_wang_anshis_direct_kin_become_the_right_edges(graph: SqliteGraphStore) -> None:
    record = graph.get_person(WANG_ANSHI, mention_limit=0)
    assert record.person.gender == "male"  # implied by his 妻
    edges = {(r.type, r.source_id, r.target_id, r.attributes.get("birth_order")) for r in record.relations}
    assert edges == {
        (RelationType.FATHER_OF, pid(7082), WANG_ANSHI, None),  # 父 王益
        (RelationType.MOTHER_OF, pid(5134), WANG_ANSHI, None),  # 母 吳氏
        (RelationType.SIBLING_OF, WANG_ANSHI, pid(1760), None),  # 弟 王安禮
        (RelationType.SIBLING_OF, WANG_ANSHI, pid(7076), None),  # 弟 王安國
        (RelationType.SIBLING_OF, pid(21944), WANG_ANSHI, None),  # 兄 王安仁
        (RelationType.SPOUSE_OF, WANG_ANSHI, pid(38653), None),  # 妻 吳氏
        (RelationType.FATHER_OF, WANG_ANSHI, pid(3968), None),  # 子 王雱
        (RelationType.FATHER_OF, WANG_ANSHI, pid(21968), None),  # 子 王滂
        (RelationType.FATHER_OF, WANG_ANSHI, pid(41576), 1),  # 長女 王氏
    }
    assert all(r.attributes["source"] == "cbdb" for r in record.relations)
    brother = graph.get_person(pid(1760), mention_limit=0)
    assert brother.person.preferred_name == "王安禮" and brother.person.gender == "male"


def test_kin_not_stored_as_edges_are_listed_by_code(
    golden: tuple[list[SeedPerson], list[InputError], list[InputError]],
) -> None:
    _, _, warnings = golden
    codes = sorted(int(match[1]) for w in warnings if (match := re.search(r"kin code (\d+) \(", w.message)))
    assert codes == [64, 76, 137, 159, 173, 178, 179, 179, 181, 181, 240, 244, 254, 255, 282, 332]
    assert all(w.field == "c_kin_code" and w.line for w in warnings)
