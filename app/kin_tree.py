"""A person's kinship tree as the page draws it: ancestors by generation, spouses with their
kind (配, 继配), siblings, and descendants nested by line in birth order.

Kin edges are stored once (FATHER_OF, MOTHER_OF, SPOUSE_OF, SIBLING_OF); this reads them from
the person outwards, a generation at a time: one :meth:`GraphStore.kin_relations` and one
:meth:`GraphStore.get_persons` per generation beyond the person's own (the walk stops at
:data:`GENERATIONS`), never a read per person. Genealogy placeholders (配（未详）氏, 某氏, a bare kin term) are left
out: they are extraction noise, not persons a reader can open.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeGuard

from zhiren.authority.kinship import FEMALE, MALE, reverse_term, term_for_other
from zhiren.authority.model import Person, PersonRecord, Relation, RelationType
from zhiren.nlp.placeholders import UNKNOWN
from zhiren.store.graph.base import KIN_TYPES, GraphStore

SPOUSE_ORDER = {"妻": 0, "夫": 0, "继配": 1, "再继配": 2, "侧室": 3, "妾": 4}  # first wife first
GENERATIONS = 3  # up and down from the person
MAX_NODES = 200
PARENT = (RelationType.FATHER_OF, RelationType.MOTHER_OF)
ANCESTOR_PREFIX = ("", "祖", "曾祖", "高祖")  # 父, 祖父, 曾祖父, 高祖父 by generations above

# A stored name that is only a stand-in: 某, 某氏, （缺）氏, 配… (a name such as 盛某某 stays: a curator kept it)
_STAND_IN = re.compile(r"^某+氏?$|^[（(].*[)）]氏?$|^配")


def is_placeholder(name: str) -> bool:
    """A genealogy's stand-in for someone unnamed (配（未详）氏, 某氏) or a bare kin term (长子, 妻)."""
    text = name.strip()
    if not text or any(u in text for u in UNKNOWN) or _STAND_IN.search(text):
        return True
    return reverse_term(text, None) is not None


@dataclass
class KinNode:
    """One kin person in the tree, with the term that names them from the one above."""

    person_id: str
    name: str
    term: str
    birth_order: int | None = None
    below: str | None = None  # an ancestor: the person of the generation below whose parent this is
    spouses: list[KinNode] = field(default_factory=list)
    children: list[KinNode] = field(default_factory=list)


@dataclass
class KinTree:
    ancestors: list[list[KinNode]]  # nearest generation first: [[父, 母], [祖父 …], …]
    spouses: list[KinNode]
    siblings: list[KinNode]
    children: list[KinNode]  # each with its own spouses and children

    def empty(self) -> bool:
        return not (self.ancestors or self.spouses or self.siblings or self.children)

    def elements(self, person: Person, term: Callable[[str], str] = str) -> list[dict[str, object]]:
        """Cytoscape nodes and edges; each node's ``generation`` (ancestors negative) ranks the layout.
        ``term`` gives a kin term in the reader's language (the edges' labels)."""
        nodes: dict[str, dict[str, object]] = {
            person.id: {"data": {"id": person.id, "label": person.preferred_name, "generation": 0, "self": 1}}
        }
        edges: list[dict[str, object]] = []

        def add(node: KinNode, generation: int, anchor: str, upward: bool = False) -> None:
            data = {"id": node.person_id, "label": node.name, "generation": generation}
            nodes.setdefault(node.person_id, {"data": data})
            source, target = (node.person_id, anchor) if upward else (anchor, node.person_id)
            edge = {"id": f"{source}>{target}", "source": source, "target": target, "label": term(node.term)}
            edges.append({"data": edge})
            for wife in node.spouses:
                add(wife, generation, node.person_id)
            for child in node.children:
                add(child, generation + 1, node.person_id)

        for depth, generation in enumerate(self.ancestors, 1):
            for node in generation:
                add(node, -depth, node.below or person.id, upward=True)
        for node in self.spouses + self.siblings:
            add(node, 0, person.id)
        for node in self.children:
            add(node, 1, person.id)
        return list(nodes.values()) + edges


def _order(relation: Relation) -> int | None:
    order = relation.attributes.get("birth_order")
    return order if isinstance(order, int) else None


def _spouse_term(relation: Relation, other: Person) -> str:
    """配, 继配, 侧室 … as the genealogy wrote it of the wife (the edge's target: the line is the
    husband's), 夫 for the husband seen from her page; else 妻/夫 by gender."""
    kind = relation.attributes.get("kind")
    if isinstance(kind, str) and kind:
        if other.id != relation.target_id:
            return "夫"
        return "妻" if kind == "配" else kind
    return {MALE: "夫", FEMALE: "妻"}.get(other.gender or "", "配")


class _Walk:
    """Generation by generation: one kin read and one person read per generation, however wide."""

    def __init__(self, graph: GraphStore, record: PersonRecord, persons: dict[str, Person]) -> None:
        self.graph = graph
        self.root = record.person.id
        self.root_kin = [r for r in record.relations if r.type in KIN_TYPES]
        self.root_persons = persons
        self.seen = {self.root}

    def generation(self, ids: list[str]) -> tuple[list[Relation], dict[str, Person]]:
        """The kin edges of ``ids`` and the persons at their other ends (the root's are read already)."""
        if ids == [self.root]:
            return self.root_kin, self.root_persons
        if not ids:
            return [], {}
        relations = self.graph.kin_relations(ids)
        ends = sorted({end for r in relations for end in (r.source_id, r.target_id)} - set(ids))
        return relations, self.graph.get_persons(ends)

    def new(self, person: Person | None) -> TypeGuard[Person]:
        """A person not yet in the tree and not a placeholder; marked as seen."""
        if person is None or person.id in self.seen or is_placeholder(person.preferred_name):
            return False
        self.seen.add(person.id)
        return True

    def ancestors(self) -> list[list[KinNode]]:
        generations: list[list[KinNode]] = []
        below = [self.root]
        while below and len(generations) < GENERATIONS and len(self.seen) < MAX_NODES:
            relations, persons = self.generation(below)
            terms = {n.person_id: n.term for g in generations[-1:] for n in g}
            found = []
            for relation in relations:
                parent = persons.get(relation.source_id)
                if relation.type in PARENT and relation.target_id in below and self.new(parent):
                    term = "父" if relation.type == RelationType.FATHER_OF else "母"
                    maternal = terms.get(relation.target_id, "").endswith("母")
                    prefix = ("外" if maternal else "") + ANCESTOR_PREFIX[len(generations)]
                    found.append(KinNode(parent.id, parent.preferred_name, prefix + term, below=relation.target_id))
            if found:
                generations.append(sorted(found, key=lambda n: (n.term.endswith("母"), n.name)))
            below = [n.person_id for n in found]
        return generations

    def descendants(self) -> tuple[list[KinNode], list[KinNode]]:
        """(spouses, children) of the root; each child carries its own spouses and children."""
        root = KinNode(self.root, "", "")
        above = {self.root: root}
        for _ in range(GENERATIONS):
            if not above or len(self.seen) >= MAX_NODES:
                break
            relations, persons = self.generation(list(above))
            below: dict[str, KinNode] = {}
            for relation in relations:
                if relation.type == RelationType.SPOUSE_OF:
                    ends = [e for e in (relation.source_id, relation.target_id) if e in above]
                    other = persons.get(relation.target_id if relation.source_id in ends else relation.source_id)
                    if ends and self.new(other):
                        above[ends[0]].spouses.append(_node(relation, ends[0], other))
                elif relation.type in PARENT and relation.source_id in above:
                    child = persons.get(relation.target_id)
                    if self.new(child):
                        node = _node(relation, relation.source_id, child)
                        above[relation.source_id].children.append(node)
                        below[child.id] = node
            for node in above.values():
                node.children.sort(key=lambda n: (n.birth_order is None, n.birth_order or 0, n.name))
                node.spouses.sort(key=lambda n: (SPOUSE_ORDER.get(n.term, len(SPOUSE_ORDER)), n.name))
            above = below
        return root.spouses, root.children


def _node(relation: Relation, me: str, other: Person) -> KinNode:
    term = term_for_other(relation, me, other.gender) or ""
    if relation.type == RelationType.SPOUSE_OF:
        term = _spouse_term(relation, other)
    return KinNode(other.id, other.preferred_name, term, _order(relation))


def kin_tree(record: PersonRecord, persons: dict[str, Person], graph: GraphStore) -> KinTree:
    """The tree around ``record``; ``persons`` holds the record's related persons (read in one call).

    Siblings come from the record itself; ancestors and descendants a generation per read."""
    walk = _Walk(graph, record, persons)
    me = record.person.id
    siblings = [
        _node(r, me, other)
        for r in walk.root_kin
        if r.type == RelationType.SIBLING_OF
        and walk.new(other := persons.get(r.target_id if r.source_id == me else r.source_id))
    ]
    ancestors = walk.ancestors()
    spouses, children = walk.descendants()
    return KinTree(ancestors, spouses, siblings, children)
