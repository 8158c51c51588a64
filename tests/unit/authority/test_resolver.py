"""The resolver's evidence rules on a tiny real-shaped authority (embedded store)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import LI, SHENG, ZHANG, name, sample_batch
from zhiren.authority.model import HistDate, NameType, Person, Precision
from zhiren.authority.resolver import MentionContext, Resolver
from zhiren.store.graph.base import GraphBatch
from zhiren.store.graph.sqlite import SqliteGraphStore


@pytest.fixture
def resolver(tmp_path: Path) -> Iterator[Resolver]:
    graph = SqliteGraphStore(tmp_path / "g.sqlite")
    graph.migrate()
    graph.write(sample_batch())
    twin = Person("p_li_twin", "李鸿章", birth=HistDate("1950", 1950, precision=Precision.YEAR))
    graph.write(GraphBatch(persons=[twin], names=[name(twin.id, "李鸿章", NameType.GIVEN, preferred=True)]))
    yield Resolver(graph)
    graph.close()


def test_a_unique_courtesy_name_with_fitting_dates_links(resolver: Resolver) -> None:
    result = resolver.resolve(MentionContext("杏荪", "courtesy", year=1898))
    assert (result.decision, result.person_id) == ("link", SHENG)
    assert result.candidates[0].features["life_dates"] > 0


def test_surname_before_a_courtesy_name(resolver: Resolver) -> None:
    result = resolver.resolve(MentionContext("盛杏荪", "full", year=1898))
    assert result.person_id == SHENG and result.decision == "link"


def test_homonyms_are_told_apart_by_dates_or_left_for_review(resolver: Resolver) -> None:
    bare = resolver.resolve(MentionContext("李鸿章", "full"))
    assert bare.decision == "review" and {c.person_id for c in bare.candidates} == {LI, "p_li_twin"}
    dated = resolver.resolve(MentionContext("李鸿章", "full", year=1980, role="sender"))
    assert dated.candidates[0].person_id == "p_li_twin"


def test_a_letter_after_the_senders_death_counts_against(resolver: Resolver) -> None:
    result = resolver.resolve(MentionContext("盛宣怀", "full", year=1930, role="sender"))
    assert result.decision != "link" and result.candidates[0].features["life_dates"] < 0


def test_signature_resolves_to_the_catalogue_sender(resolver: Resolver) -> None:
    context = MentionContext("洞", "given", year=1898, role="sender", catalogue={"sender": [ZHANG]})
    result = resolver.resolve(context)
    assert (result.decision, result.person_id) == ("link", ZHANG)
    assert "catalogue_sender" in result.candidates[0].features


def test_unknown_full_name_is_new_and_unknown_title_is_left(resolver: Resolver) -> None:
    assert resolver.resolve(MentionContext("王小二", "full")).decision == "new"
    assert resolver.resolve(MentionContext("某公", "title")).decision == "none"
