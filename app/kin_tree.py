"""A person's kinship tree as the page draws it: ancestors by generation, spouses with their
kind (配, 继配), siblings, and descendants nested by line in birth order.

Kin edges are stored once (FATHER_OF, MOTHER_OF, SPOUSE_OF, SIBLING_OF); this reads them from
the person outwards. Generations beyond parents and children come from the kin's own records,
one store read per ancestor or child walked (a few: the walk stops at :data:`GENERATIONS`),
never per correspondent. Genealogy placeholders (配（未详）氏, 某氏, a bare kin term) are left
out: they are extraction noise, not persons a reader can open.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from zhiren.authority.kinship import FEMALE, MALE, reverse_term, term_for_other
from zhiren.authority.model import Person, PersonRecord, Relation, RelationType
from zhiren.store.graph.base import GraphStore

SPOUSE_ORDER = {"妻": 0, "夫": 0, "继配": 1, "再继配": 2, "侧室": 3, "妾": 4}  # first wife first
GENERATIONS = 3  # up and down from the person
MAX_NODES = 200
PARENT = (RelationType.FATHER_OF, RelationType.MOTHER_OF)
ANCESTOR_PREFIX = ("", "祖", "曾祖", "高祖")  # 父, 祖父, 曾祖父, 高祖父 by generations above

_PLACEHOLDER = re.compile(r"未详|未祥|不详|失考|无考|無考|^某+氏?$|^[（(].*[)）]氏?$|^配")


def is_placeholder(name: str) -> bool:
    """A genealogy's stand-in for someone unnamed (配（未详）氏, 某氏) or a bare kin term (长子, 妻)."""
    text = name.strip()
    return not text or bool(_PLACEHOLDER.search(text)) or reverse_term(text, None) is not None


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


def _spouse_term(relation: Relation, other: Person | None) -> str:
    """配, 继配, 侧室 … as the genealogy wrote it; else 妻/夫 by gender."""
    kind = relation.attributes.get("kind")
    if isinstance(kind, str) and kind:
        return "妻" if kind == "配" else kind
    return {MALE: "夫", FEMALE: "妻"}.get((other.gender if other else None) or "", "配")


class _Walk:
    def __init__(self, graph: GraphStore) -> None:
        self.graph = graph
        self.seen: set[str] = set()

    def record(self, person_id: str) -> PersonRecord:
        return self.graph.get_person(person_id, mention_limit=0)

    def kin(self, record: PersonRecord, persons: dict[str, Person]) -> list[tuple[Relation, Person]]:
        """The record's kin edges with the person at the other end (placeholders and unknown ends left out)."""
        me = record.person.id
        found = []
        for relation in record.relations:
            if relation.type in (RelationType.WROTE_TO, RelationType.AUTHOR_OF):
                continue
            other = persons.get(relation.target_id if relation.source_id == me else relation.source_id)
            if other is not None and not is_placeholder(other.preferred_name):
                found.append((relation, other))
        return found

    def node(self, relation: Relation, me: str, other: Person) -> KinNode:
        term = term_for_other(relation, me, other.gender) or ""
        if relation.type == RelationType.SPOUSE_OF:
            term = _spouse_term(relation, other)
        return KinNode(other.id, other.preferred_name, term, _order(relation))

    def descendants(self, parent: str, depth: int) -> tuple[list[KinNode], list[KinNode]]:
        """(spouses, children in birth order) of ``parent``, children walked ``depth`` more generations."""
        if depth <= 0 or len(self.seen) >= MAX_NODES:
            return [], []
        record = self.record(parent)
        persons = self.graph.get_persons(
            [r.source_id if r.target_id == parent else r.target_id for r in record.relations]
        )
        return self._below(record, persons, depth)

    def _below(
        self, record: PersonRecord, persons: dict[str, Person], depth: int
    ) -> tuple[list[KinNode], list[KinNode]]:
        me = record.person.id
        spouses, children = [], []
        for relation, other in self.kin(record, persons):
            if other.id in self.seen:
                continue
            if relation.type == RelationType.SPOUSE_OF:
                self.seen.add(other.id)
                spouses.append(self.node(relation, me, other))
            elif relation.type in PARENT and relation.source_id == me:
                self.seen.add(other.id)
                child = self.node(relation, me, other)
                child.spouses, child.children = self.descendants(other.id, depth - 1)
                children.append(child)
        children.sort(key=lambda n: (n.birth_order is None, n.birth_order or 0, n.name))
        spouses.sort(key=lambda n: (SPOUSE_ORDER.get(n.term, len(SPOUSE_ORDER)), n.name))
        return spouses, children


def kin_tree(record: PersonRecord, persons: dict[str, Person], graph: GraphStore) -> KinTree:
    """The tree around ``record``; ``persons`` holds the record's related persons (read in one call)."""
    walk = _Walk(graph)
    me = record.person.id
    walk.seen.add(me)
    ancestors: list[list[KinNode]] = []
    siblings: list[KinNode] = []
    parents = []
    for relation, other in walk.kin(record, persons):
        if relation.type in PARENT and relation.target_id == me:
            parents.append(walk.node(relation, me, other))
        elif relation.type == RelationType.SIBLING_OF:
            siblings.append(walk.node(relation, me, other))
    walk.seen.update(n.person_id for n in parents + siblings)
    generation = parents
    for _ in range(GENERATIONS):
        if not generation:
            break
        ancestors.append(sorted(generation, key=lambda n: n.term != "父"))
        above: list[KinNode] = []
        for node in generation:
            if len(walk.seen) >= MAX_NODES:
                break
            parent_record = walk.record(node.person_id)
            parent_persons = graph.get_persons(
                [r.source_id for r in parent_record.relations if r.type in PARENT and r.target_id == node.person_id]
            )
            for relation, other in walk.kin(parent_record, parent_persons):
                if relation.type in PARENT and relation.target_id == node.person_id and other.id not in walk.seen:
                    walk.seen.add(other.id)
                    parent = "父" if relation.type == RelationType.FATHER_OF else "母"
                    prefix = ("外" if node.term.endswith("母") else "") + ANCESTOR_PREFIX[len(ancestors)]
                    above.append(KinNode(other.id, other.preferred_name, prefix + parent, below=node.person_id))
        generation = above
    spouses, children = walk._below(record, persons, GENERATIONS)
    return KinTree(ancestors, spouses, siblings, children)
