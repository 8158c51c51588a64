"""Property: any sequence of merges, splits, renames and name edits, undone in reverse order, restores the graph.

Runs on both graph adapters. Refused operations are part of the sequence too: they must write
nothing. After every step no name, mention or relation points at a missing person.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import LI, SHENG, SHENG_KANG, ZHANG, sample_batch
from zhiren.authority.curation.curator import Curator
from zhiren.authority.curation.operations import AddName, Merge, Operation, RemoveName, Rename, Split
from zhiren.authority.curation.snapshot import Scope, Snapshot
from zhiren.authority.model import NameType
from zhiren.errors import ZhirenError
from zhiren.store.graph.base import GraphStore

PERSONS = (SHENG, SHENG_KANG, ZHANG, LI)
TEXTS = ("止叟", "杏蓀", "愚斋", "盛宫保", "孝达", "少荃")

person = st.sampled_from(PERSONS)
text = st.sampled_from(TEXTS)
Step = Callable[[GraphStore], Operation]


def _split(person_id: str, take_names: int, take_mentions: int) -> Step:
    def build(graph: GraphStore) -> Operation:
        record = graph.get_person(person_id)
        names = tuple(n.id for n in record.names[1 : 1 + take_names])
        mentions = tuple(m.id for m in record.mentions[:take_mentions])
        return Split(record.person.id, names, mentions)

    return build


steps: st.SearchStrategy[Step] = st.one_of(
    st.builds(lambda a, b: lambda g: Merge(a, b), person, person),
    st.builds(_split, person, st.integers(0, 2), st.integers(0, 2)),
    st.builds(lambda p, t: lambda g: Rename(p, t), person, text),
    st.builds(lambda p, t, k: lambda g: AddName(p, t, k), person, text, st.sampled_from(list(NameType)[:4])),
    st.builds(lambda p, t: lambda g: RemoveName(p, t), person, text),
)


def everything(graph: GraphStore) -> Snapshot:
    """The whole little graph: every person ever created (split ones included) with all their rows."""
    ids = tuple(p.id for batch in graph.iter_persons() for p in (r.person for r in batch))
    merged = tuple(e.params.get("merged", "") for e in graph.audit_entries(limit=1000))
    return graph.snapshot(Scope(tuple(dict.fromkeys((*PERSONS, *ids, *merged))))).sorted()


def assert_no_dangling(snapshot: Snapshot) -> None:
    ids = {p.id for p in snapshot.persons}
    assert all(n.person_id in ids for n in snapshot.names)
    assert all(m.person_id in ids for m in snapshot.mentions if m.person_id)
    assert all({r.source_id, r.target_id} <= ids for r in snapshot.relations)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=st.lists(steps, min_size=1, max_size=6))
def test_undo_in_reverse_order_restores_the_graph(graph: GraphStore, sequence: list[Step]) -> None:
    graph.clear()
    graph.write(sample_batch())
    curator = Curator(graph, "property")
    start = everything(graph)
    done = []
    for step in sequence:
        try:
            operation = step(graph)
            done.append(curator.run(operation).entry)
        except ZhirenError:
            pass  # refused: must have written nothing, checked by the final comparison
        assert_no_dangling(everything(graph))
    for entry in reversed(done):
        curator.undo(entry.id)
    assert everything(graph) == start
