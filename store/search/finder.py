"""Persons by any name, for ``zhiren person find``: whom the search page would put first.

The graph's own name key (simplified script) answers first; then the search index's whole-name
keys add what that key cannot reach — romanisations (Sheng Hsuan-huai), the surname before a
字 or 号 (盛杏荪), a name in words the index matches, and last a name one character off (盛宣杯).
Persons are read back from the graph, so a merged one shows as its survivor.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhiren.authority.model import Person
from zhiren.authority.names import name_key
from zhiren.errors import NotFound
from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex, SearchQuery
from zhiren.store.search.keys import SIMILAR, TIER_LABELS


@dataclass
class FoundPerson:
    person: Person
    similar: bool  # found only by a name one character off


def find_persons(graph: GraphStore, search: SearchIndex, text: str, limit: int = 20) -> list[FoundPerson]:
    """Live persons named ``text`` (any name type, script or romanisation), best first."""
    found = {p.id: FoundPerson(p, False) for p in graph.find_persons_by_name(name_key(text), limit)}
    for hit in search.search(SearchQuery(text, type="person", size=limit)).hits:
        try:
            person = graph.get_person(hit.id, mention_limit=0).person
        except NotFound:  # the index is derived: an entry may outlive its person until the next sync
            continue
        if person.id not in found:
            found[person.id] = FoundPerson(person, hit.match == TIER_LABELS[SIMILAR])
    return list(found.values())[:limit]
