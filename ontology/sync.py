"""Keep the triple store in step with the graph: the graphs of touched persons, documents and relations, or all.

The graph is the source of truth; the triple store holds one named graph per person, relation and
curation entry, and each document as a described resource (ontology.mapping), so bringing an
entity up to date is replacing its graph or its description.
This layer may not import the stores (ARCHITECTURE.md), so it states the few reads and writes it
needs as protocols; GraphStore and the TripleStore adapters satisfy them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol

from pyoxigraph import NamedNode, Triple

from zhiren.authority.curation.audit import AuditEntry
from zhiren.authority.model import Document, DocumentKind, Mention, PersonRecord, Relation
from zhiren.collection import collection_paused
from zhiren.errors import NotFound
from zhiren.ontology.mapping import (
    Descriptions,
    Uris,
    agent_graph,
    agents_of,
    audit_triples,
    document_triples,
    merged_person_triples,
    person_triples,
    relation_triples,
)

# The triple store's name in the graph's outbox of pending ids (store/derived.py).
TRIPLES = "triples"
AUDIT_PAGE = 500
Graphs = list[tuple[str, Sequence[Triple]]]  # named graphs and described resources (Uris.descriptions)


class GraphSource(Protocol):
    def get_person(self, person_id: str, mention_limit: int = 500) -> PersonRecord: ...
    def person_records(self, person_ids: Sequence[str]) -> dict[str, PersonRecord]: ...
    def relations_by_id(self, relation_ids: Sequence[str]) -> dict[str, Relation]: ...
    def documents_with_mentions(self, document_ids: Sequence[str]) -> dict[str, tuple[Document, list[Mention]]]: ...
    def iter_persons(self, batch_size: int = 1000) -> Iterator[list[PersonRecord]]: ...
    def iter_documents(self, batch_size: int = 1000, kind: DocumentKind | None = None) -> Iterator[list[Document]]: ...
    def audit_entries(
        self, person_id: str | None = None, limit: int = 50, before: str | None = None
    ) -> list[AuditEntry]: ...
    def audit_entries_of(self, person_ids: Sequence[str]) -> list[AuditEntry]: ...


class TripleSink(Protocol):
    def put_graphs(
        self,
        graphs: Iterable[tuple[str, Sequence[Triple]]],
        *,
        fresh: bool = False,
        described: Descriptions | None = None,
    ) -> int: ...
    def clear(self) -> None: ...


def person_graphs(graph: GraphSource, uris: Uris, person_ids: Iterable[str]) -> Graphs:
    """The current graph of each person (empty when it no longer exists), and of every curation
    entry that touched one of them (an undo changes an older entry too), read in one go."""
    out: Graphs = []
    wanted = list(dict.fromkeys(person_ids))
    live = graph.person_records(wanted)
    for person_id in wanted:
        try:
            record = live.get(person_id) or graph.get_person(person_id, mention_limit=0)
        except NotFound:
            out.append((uris.graph("person", person_id), []))
            continue
        if record.redirected_from:
            out.append((uris.graph("person", person_id), merged_person_triples(uris, person_id, record.person.id)))
            continue
        out.append((uris.graph("person", person_id), person_triples(uris, record)))
    entries = graph.audit_entries_of(wanted)
    out += [(uris.graph("audit", e.id), audit_triples(uris, e)) for e in entries]
    return out + [agent_graph(uris, a) for a in agents_of(uris, entries=entries)]


def document_descriptions(graph: GraphSource, uris: Uris, document_ids: Iterable[str]) -> Graphs:
    """The current description of each document (empty when deleted), and the graphs of the agents
    its mentions name."""
    out: Graphs = []
    agents: set[NamedNode] = set()
    wanted = list(dict.fromkeys(document_ids))
    found = graph.documents_with_mentions(wanted)
    for document_id in wanted:
        if document_id not in found:
            out.append((uris.entity("document", document_id).value, []))
            continue
        document, mentions = found[document_id]
        out.append((uris.entity("document", document_id).value, document_triples(uris, document, mentions)))
        agents |= agents_of(uris, mentions)
    return out + [agent_graph(uris, a) for a in agents]


def relation_graphs(graph: GraphSource, uris: Uris, relation_ids: Iterable[str]) -> Graphs:
    """The current graph of each relation (empty when it no longer exists)."""
    wanted = list(dict.fromkeys(relation_ids))
    found = graph.relations_by_id(wanted)
    return [(uris.graph("relation", i), relation_triples(uris, found[i]) if i in found else []) for i in wanted]


def pending_graphs(
    graph: GraphSource,
    uris: Uris,
    person_ids: Sequence[str],
    document_ids: Sequence[str],
    relation_ids: Sequence[str],
) -> Graphs:
    """The graphs of these persons (with the curation entries that touched them), documents and relations."""
    with collection_paused():  # the mapping makes a million short-lived objects and no cycle
        persons = person_graphs(graph, uris, person_ids)
        documents = document_descriptions(graph, uris, document_ids)
        return persons + documents + relation_graphs(graph, uris, relation_ids)


def sync_triples(
    graph: GraphSource,
    triples: TripleSink,
    person_ids: Sequence[str],
    document_ids: Sequence[str],
    relation_ids: Sequence[str],
    base_uri: str,
) -> int:
    """Replace the graphs of these persons, documents and relations by what the graph store holds
    now (a merged id gets its redirect, a deleted one loses its graph or description, the curation entries that
    touched the persons are rewritten); the triples written."""
    uris = Uris(base_uri)
    graphs = pending_graphs(graph, uris, person_ids, document_ids, relation_ids)
    return triples.put_graphs(graphs, described=uris.descriptions)


def triples_sink(
    graph: GraphSource, triples: TripleSink, base_uri: str
) -> Callable[[Sequence[str], Sequence[str], Sequence[str]], None]:
    """The triple store as a derived store of the outbox (store/derived.py's Sink): fed by ingest
    batches and by curation changes alike."""

    def take(person_ids: Sequence[str], document_ids: Sequence[str], relation_ids: Sequence[str]) -> None:
        sync_triples(graph, triples, person_ids, document_ids, relation_ids, base_uri)

    return take


def rebuild_triples(
    graph: GraphSource,
    triples: TripleSink,
    base_uri: str,
    batch_size: int = 1000,
    progress: Callable[[int], object] = lambda n: None,
) -> dict[str, int]:
    """Clear the triple store and write every person, relation, merged id, document and curation entry."""
    counts: dict[str, int] = {}
    triples.clear()
    graphs = all_graphs(graph, base_uri, batch_size, counts, progress)
    counts["triples"] = triples.put_graphs(graphs, fresh=True, described=Uris(base_uri).descriptions)
    return counts


def all_graphs(
    graph: GraphSource,
    base_uri: str,
    batch_size: int = 1000,
    counts: dict[str, int] | None = None,
    progress: Callable[[int], object] = lambda n: None,
) -> Iterator[tuple[str, Sequence[Triple]]]:
    """Every named graph and described document the graph store gives, lazily: persons (each
    followed by the relations it is the source of), documents, curation entries, then the ids
    merged away (found in the curation log: the store lists live persons only).
    ``counts`` receives how many of each kind were given."""
    uris = Uris(base_uri)
    tally = counts if counts is not None else {}

    def count(what: str, n: int) -> None:
        tally[what] = tally.get(what, 0) + n
        progress(n)

    live: set[str] = set()
    agents: set[NamedNode] = set()
    for records in graph.iter_persons(batch_size):
        relations = 0
        for record in records:
            live.add(record.person.id)
            yield uris.graph("person", record.person.id), person_triples(uris, record)
            for relation in record.relations:
                if relation.source_id == record.person.id:
                    relations += 1
                    yield uris.graph("relation", relation.id), relation_triples(uris, relation)
        count("persons", len(records))
        count("relations", relations)
    for documents in graph.iter_documents(batch_size):
        for document, mentions in graph.documents_with_mentions([d.id for d in documents]).values():
            yield uris.entity("document", document.id).value, document_triples(uris, document, mentions)
            yield from _new_agents(uris, agents_of(uris, mentions), agents)
        count("documents", len(documents))
    merged: set[str] = set()
    for entry in _every_audit_entry(graph):
        yield uris.graph("audit", entry.id), audit_triples(uris, entry)
        yield from _new_agents(uris, agents_of(uris, entries=[entry]), agents)
        merged.update(p.id for p in entry.after.persons if p.merged_into)
        count("audit entries", 1)
    for person_id in sorted(merged - live):
        try:
            record = graph.get_person(person_id, mention_limit=0)
        except NotFound:
            continue
        if record.redirected_from:
            yield uris.graph("person", person_id), merged_person_triples(uris, person_id, record.person.id)
            count("merged ids", 1)


def _new_agents(uris: Uris, found: set[NamedNode], given: set[NamedNode]) -> Iterator[tuple[str, list[Triple]]]:
    """The graphs of agents not given yet in this pass (each agent's graph once per dump)."""
    for agent in found - given:
        given.add(agent)
        yield agent_graph(uris, agent)


def _every_audit_entry(graph: GraphSource) -> Iterator[AuditEntry]:
    before: str | None = None
    while True:
        page = graph.audit_entries(limit=AUDIT_PAGE, before=before)
        yield from page
        if len(page) < AUDIT_PAGE:
            return
        before = page[-1].at
