"""Neo4j reads a key's bearers by person id from the index on (key, person_id): read from each
name, person_id was most of a reconciliation batch's read at 500,000 persons, and the planner takes
the index on key alone unless the query names the other."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from zhiren.settings import Settings
from zhiren.store.factory import open_graph
from zhiren.store.graph import cypher
from zhiren.store.graph.neo4j import Neo4jGraphStore


def _steps(plan: dict[str, Any]) -> list[str]:
    details = [f"{plan['operatorType']} {plan.get('args', {}).get('Details', '')}"]
    return details + [step for child in plan.get("children", []) for step in _steps(child)]


def test_bearers_of_a_key_are_read_from_the_index_on_key_and_person(server_settings: Settings) -> None:
    store = open_graph(replace(server_settings, graph="neo4j"))
    assert isinstance(store, Neo4jGraphStore)
    try:
        summary = store.driver.execute_query(
            "EXPLAIN " + cypher.NAME_CANDIDATES_MANY, keys=["仲文"], limit=50, initials={}, database_=store.database
        ).summary
    finally:
        store.close()
    assert summary.plan is not None
    seeks = [step for step in _steps(summary.plan) if step.startswith("NodeIndexSeek")]
    assert any("Name(key, person_id)" in step for step in seeks), seeks
