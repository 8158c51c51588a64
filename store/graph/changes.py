"""Rules both graph adapters apply inside a write transaction: curation's concurrency check, and
what an ingest may not undo of the curators' work."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

from zhiren.authority.curation.audit import AuditEntry
from zhiren.authority.curation.snapshot import Snapshot
from zhiren.authority.model import Relation
from zhiren.errors import Conflict
from zhiren.store.graph.base import GraphBatch


def require_unchanged(current: Snapshot, entry: AuditEntry) -> None:
    """Refuse the change if another curator (or an ingest) changed these rows since they were read."""
    if current.same_as(entry.before):
        return
    changed = sorted(
        {p.id for p in current.persons} ^ {p.id for p in entry.before.persons}
        | {p.id for p in current.persons for q in entry.before.persons if p.id == q.id and p != q}
    ) or list(entry.scope.person_ids)
    raise Conflict(
        f"{', '.join(changed)} changed while this {entry.operation} was prepared: nothing written; reload, retry",
        field="person",
        ids=changed,
    )


def referenced_persons(batch: GraphBatch) -> set[str]:
    """Every person id a batch writes or points at."""
    return (
        {p.id for p in batch.persons}
        | {n.person_id for n in batch.names}
        | {m.person_id for m in batch.mentions if m.person_id}
        | {end for r in batch.relations for end in (r.source_id, r.target_id)}
    )


CuratedRows = Callable[[list[str]], Iterable[tuple[str, str | None]]]


def curated_persons(found: Iterable[tuple[str, str | None]], fetch: CuratedRows) -> dict[str, str | None]:
    """The curated persons a batch touches (reviewed or merged away) and, following merges, the
    persons they were merged into. ``found`` holds (id, merged_into) of the curated persons among
    the batch's own ids; ``fetch`` is the adapter's query for the same among further ids."""
    curated = dict(found)
    wanted = [target for target in curated.values() if target and target not in curated]
    while wanted:
        rows = list(fetch(wanted))
        curated.update(rows)
        wanted = [target for _, target in rows if target and target not in curated]
    return curated


def one_per_id(relations: Sequence[Relation]) -> list[Relation]:
    """A batch's relations with one row per id, the evidence of its repeats unioned in order: a
    statement that first looks for the stored relation sees none of the batch's own rows."""
    by_id: dict[str, Relation] = {}
    for relation in relations:
        seen = by_id.get(relation.id)
        if seen is not None:  # rare: copied only then, as every batch's relations pass here
            relation = replace(relation, evidence=list(dict.fromkeys([*seen.evidence, *relation.evidence])))
        by_id[relation.id] = relation
    return list(by_id.values())


def respect_curation(batch: GraphBatch, curated: Mapping[str, str | None]) -> GraphBatch:
    """The batch an ingest may write once curators have worked on some of its persons.

    ``curated`` maps each curated person the batch touches (reviewed, or merged away) to the
    person it was merged into (None when it is live); chains are followed.  A re-run of a
    source must not bring back what a curator changed: such persons keep their fields and
    their names (no rewritten preferred flag, no name a curator removed or moved), and
    mentions and relations of a merged person go to the person it was merged into (a relation
    that would join a person to itself is dropped, as the merge dropped it).  Stored relations
    keep their ends: the adapters do not move an existing relation on an ingest write.
    """
    if not curated:
        return batch

    def live(person_id: str) -> str:
        seen = {person_id}
        while (target := curated.get(person_id)) and target not in seen:
            seen.add(target)
            person_id = target
        return person_id

    relations = [replace(r, source_id=live(r.source_id), target_id=live(r.target_id)) for r in batch.relations]
    return GraphBatch(
        persons=[p for p in batch.persons if p.id not in curated],
        names=[n for n in batch.names if n.person_id not in curated],
        documents=batch.documents,
        mentions=[
            replace(m, person_id=live(m.person_id)) if m.person_id and m.person_id in curated else m
            for m in batch.mentions
        ],
        relations=[r for r in relations if r.source_id != r.target_id],
    )
