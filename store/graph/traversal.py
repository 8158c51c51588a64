"""Breadth-first neighbourhood and shortest path over any store that can list relations by person.

Both adapters share it so they return the same persons and the same path (ties broken by
relation id) — depth stays small (a few hops), so one indexed lookup per hop is enough.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from zhiren.authority.model import Person, Relation
from zhiren.store.graph.base import Subgraph

RelationsTouching = Callable[[Sequence[str]], list[Relation]]
PersonsById = Callable[[Sequence[str]], list[Person]]

_CHUNK = 400


def _touching(relations_touching: RelationsTouching, ids: Sequence[str]) -> Iterator[Relation]:
    for i in range(0, len(ids), _CHUNK):
        yield from sorted(relations_touching(ids[i : i + _CHUNK]), key=lambda r: r.id)


def neighbourhood(
    start: str, depth: int, limit: int, relations_touching: RelationsTouching, persons: PersonsById
) -> Subgraph:
    seen = {start}
    frontier = [start]
    relations: dict[str, Relation] = {}
    for _ in range(depth):
        next_frontier = []
        for relation in _touching(relations_touching, frontier):
            relations[relation.id] = relation
            for end in (relation.source_id, relation.target_id):
                if end not in seen and len(seen) < limit:
                    seen.add(end)
                    next_frontier.append(end)
        frontier = next_frontier
        if not frontier:
            break
    kept = sorted((r for r in relations.values() if r.source_id in seen and r.target_id in seen), key=lambda r: r.id)
    return Subgraph(sorted(persons(sorted(seen)), key=lambda p: p.id), kept)


def shortest_path(
    source: str, target: str, max_depth: int, relations_touching: RelationsTouching, persons: PersonsById
) -> Subgraph | None:
    parents: dict[str, Relation | None] = {source: None}
    frontier = [source]
    for _ in range(max_depth):
        if target in parents or not frontier:
            break
        next_frontier = []
        for relation in _touching(relations_touching, frontier):
            for near, far in ((relation.source_id, relation.target_id), (relation.target_id, relation.source_id)):
                if near in parents and far not in parents:
                    parents[far] = relation
                    next_frontier.append(far)
        frontier = next_frontier
    if target not in parents:
        return None
    ids, path = [target], []
    step = parents[target]
    while step is not None:
        path.append(step)
        previous = step.source_id if step.target_id == ids[-1] else step.target_id
        ids.append(previous)
        step = parents[previous]
    by_id = {p.id: p for p in persons(ids)}
    return Subgraph([by_id[i] for i in reversed(ids)], list(reversed(path)))
