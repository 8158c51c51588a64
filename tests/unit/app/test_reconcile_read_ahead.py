"""A reconciliation batch's read-ahead builds, of a full name's style key (宣怀 of 张宣怀), only the
bearers of the query's surname, and every query still gets exactly what it gets alone."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import embedded_settings
from zhiren.app.reconcile_match import Reconciler
from zhiren.app.reconcile_queries import PropertyValue, ReconQuery
from zhiren.authority.model import NameType, Person
from zhiren.authority.names import build_name
from zhiren.store.factory import open_graph, open_search
from zhiren.store.graph.base import GraphBatch, GraphStore
from zhiren.store.search.base import SearchIndex

# 宣怀 is the 字 of 张甲 and of twelve men surnamed 王, the 号 of 李乙, and the given name of 张宣怀.
WANG = [f"p_wang{i:02d}" for i in range(12)]


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[GraphStore, SearchIndex]]:
    settings = embedded_settings(tmp_path)
    graph, search = open_graph(settings), open_search(settings)
    persons = [Person("p_zhang", "张甲"), Person("p_li", "李乙"), Person("p_zhang2", "张宣怀", gender="male")]
    persons += [Person(p, f"王{i}") for i, p in enumerate(WANG)]
    names = [build_name(p.id, p.preferred_name, NameType.GIVEN, preferred=True) for p in persons]
    names += [build_name(p, "宣怀", NameType.COURTESY) for p in ["p_zhang", *WANG]]
    names.append(build_name("p_li", "宣怀", NameType.ART))
    graph.write(GraphBatch(persons=persons, names=names))
    yield graph, search
    graph.close()
    search.close()


class Reads:
    """The graph's own answers to name_candidates_many, kept as they pass (a spy, not a stand-in)."""

    def __init__(self, graph: GraphStore) -> None:
        self.seen: list[dict[str, list[str]]] = []
        read = graph.name_candidates_many

        def keep(keys: Sequence[str], limit: int = 50, initials: Mapping[str, Any] | None = None) -> Any:
            found = read(keys, limit, initials)
            self.seen.append({key: [p.id for p, _ in bearers] for key, bearers in found.items()})
            return found

        graph.name_candidates_many = keep  # type: ignore[method-assign]


def _alone_and_together(graph: GraphStore, search: SearchIndex, queries: list[ReconQuery]) -> tuple[Any, Any, Reads]:
    """Each query answered alone (no read-ahead), then the batch, whose graph reads are kept."""
    alone = {q.key: Reconciler(graph, search).answer(q) for q in queries}
    reads = Reads(graph)
    return alone, Reconciler(graph, search).answer_all(queries), reads


def test_a_full_names_style_key_is_read_for_its_surname_only(stores: tuple[GraphStore, SearchIndex]) -> None:
    graph, search = stores
    queries = [ReconQuery("q0", "张宣怀"), ReconQuery("q1", "李宣怀")]
    alone, together, reads = _alone_and_together(graph, search, queries)
    assert together == alone
    assert [r["id"] for r in together["q0"]] == ["p_zhang2", "p_zhang"]  # the man so named, and 张甲 字宣怀
    assert [r["id"] for r in together["q1"]] == ["p_li"]
    assert reads.seen[0]["宣怀"] == ["p_li", "p_zhang"]  # none of the twelve 王


def test_a_style_key_a_query_asks_for_itself_is_read_whole(stores: tuple[GraphStore, SearchIndex]) -> None:
    graph, search = stores
    queries = [
        ReconQuery("q0", "张宣怀"),
        ReconQuery("q1", "宣怀"),
        ReconQuery("q2", "张宣怀", properties=[("related", [PropertyValue("宣怀")])]),
    ]
    alone, together, reads = _alone_and_together(graph, search, queries)
    assert together == alone
    assert len(reads.seen[0]["宣怀"]) == 14 and len(together["q1"]) == 5


def test_a_style_key_read_for_two_surnames_and_cut_by_the_limit_is_read_again_for_one(
    stores: tuple[GraphStore, SearchIndex],
) -> None:
    """Fifty more men surnamed 王 bear 宣怀 before 李乙 in id order: read ahead for 王 and 李 together,
    the limit fills with 王 alone; 李宣怀 is then asked for 李 alone and still finds 李乙."""
    graph, search = stores
    more = [f"p_a{i:02d}" for i in range(50)]
    graph.write(
        GraphBatch(
            persons=[Person(p, f"王{p}") for p in more], names=[build_name(p, "宣怀", NameType.COURTESY) for p in more]
        )
    )
    queries = [ReconQuery("q0", "王宣怀"), ReconQuery("q1", "李宣怀")]
    alone, together, reads = _alone_and_together(graph, search, queries)
    assert together == alone
    assert reads.seen[0]["宣怀"] == more  # cut at the limit before 李乙
    assert [r["id"] for r in together["q1"]] == ["p_li"]
