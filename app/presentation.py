"""What the pages show, computed from graph records (kept out of templates so both stay simple)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zhiren.authority.kinship import term_for_other
from zhiren.authority.model import Document, Mention, PersonRecord, RelationType
from zhiren.store.graph.base import GraphStore

# How a stored relation reads from each end: kin as the other's kin term (authority.kinship:
# 长子, 父, 妻 …), letters and authorship as below. Reverse kin is derived here, never stored.
RELATION_LABELS: dict[RelationType, tuple[str, str]] = {
    RelationType.WROTE_TO: ("致函 wrote to", "来函 received from"),
    RelationType.AUTHOR_OF: ("撰 author of", "撰者 written by"),
}


@dataclass
class RelatedPerson:
    label: str
    person_id: str
    name: str
    evidence: int


def related(record: PersonRecord, graph: GraphStore) -> dict[str, list[RelatedPerson]]:
    """Kin and correspondents grouped by how they read from this person."""
    others = {r.target_id if r.source_id == record.person.id else r.source_id for r in record.relations}
    persons = _persons(graph, others)
    names = {p.id: p.preferred_name for p in persons}
    genders = {p.id: p.gender for p in persons}
    groups: dict[str, list[RelatedPerson]] = {"kin": [], "correspondents": []}
    for relation in record.relations:
        outgoing = relation.source_id == record.person.id
        other = relation.target_id if outgoing else relation.source_id
        term = term_for_other(relation, record.person.id, genders.get(other))
        label = term or RELATION_LABELS[relation.type][0 if outgoing else 1]
        group = "correspondents" if relation.type == RelationType.WROTE_TO else "kin"
        groups[group].append(RelatedPerson(label, other, names.get(other, other), len(relation.evidence)))
    for people in groups.values():
        people.sort(key=lambda r: (r.label, -r.evidence, r.name))
    return groups


def _persons(graph: GraphStore, ids: set[str]) -> list[Any]:
    return [graph.get_person(i, mention_limit=0).person for i in sorted(ids)]


@dataclass
class MentionView:
    mention: Mention
    document_title: str
    why: str


def explain(mention: Mention) -> str:
    """One line saying why a mention was linked, from the features the resolver stored."""
    features = mention.features
    candidates = features.get("candidates") or []
    if not candidates:
        return f"{mention.method}: {features.get('decision', mention.status.value)}"
    best = candidates[0]
    reasons = ", ".join(f"{k} {v:+.2f}" for k, v in best.get("features", {}).items())
    return f"{mention.method}: {features.get('decision')} at {mention.confidence:.2f} ({reasons})"


def mention_views(record: PersonRecord, graph: GraphStore, limit: int = 100) -> list[MentionView]:
    titles: dict[str, str] = {}
    views = []
    for mention in record.mentions[:limit]:
        if mention.document_id not in titles:
            titles[mention.document_id] = graph.get_document(mention.document_id)[0].title
        views.append(MentionView(mention, titles[mention.document_id], explain(mention)))
    return views


@dataclass
class Segment:
    text: str
    mention: Mention | None = None


def segments(document: Document, mentions: list[Mention]) -> list[Segment]:
    """The text cut into plain runs and mention runs (overlaps dropped, longest first wins)."""
    spans = sorted(
        (m for m in mentions if 0 <= m.start < m.end <= len(document.text)), key=lambda m: (m.start, -(m.end - m.start))
    )
    out, cursor = [], 0
    for mention in spans:
        if mention.start < cursor:
            continue
        if mention.start > cursor:
            out.append(Segment(document.text[cursor : mention.start]))
        out.append(Segment(document.text[mention.start : mention.end], mention))
        cursor = mention.end
    if cursor < len(document.text):
        out.append(Segment(document.text[cursor:]))
    return out


@dataclass
class Holding:
    library: str
    records: list[tuple[str, str]]  # (record id, title as that library wrote it)


def holdings(document: Document, graph: GraphStore) -> list[Holding]:
    """A union-catalogue work's holdings, each library with its records."""
    found = []
    for holding in document.meta.get("holdings", []):
        records = [(rid, graph.get_document(rid)[0].title) for rid in holding["records"]]
        found.append(Holding(holding["library"] or "?", records))
    return found
