"""Link each person to a father's line, repair names the lineage contradicts, find cycles.

Evidence for 'F is P's father': the father reference names F (in full, abbreviated as
凤公 for 鸣凤, or one OCR character apart) and F's own line lists P among its sons. A
reference with no line in the text keeps the father's name instead of a local id.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from zhiren.nlp.dates import Repair
from zhiren.nlp.genealogy.head import FatherReading
from zhiren.nlp.genealogy.line import ParsedLine
from zhiren.nlp.genealogy.model import Person, Problem
from zhiren.nlp.genealogy.names import fold, one_char_apart

MIN_SCORE = 3


@dataclass(frozen=True, slots=True)
class _Link:
    score: int
    distance: int
    father: Person
    reading: FatherReading


class _Keys:
    """Folded name and folded son names of one person, computed once."""

    __slots__ = ("name", "sons")

    def __init__(self, person: Person) -> None:
        self.name = fold(person.name)
        self.sons = [fold(c.name) for c in person.children]


class _Index:
    """Persons by generation and then by folded name, by character (for 凤公 = 鸣凤) and by
    listed son; a person of generation g looks for fathers in g - 1 only."""

    def __init__(self, persons: list[Person], keys: dict[int, _Keys]) -> None:
        self.tables: dict[int | None, dict[str, list[Person]]] = defaultdict(lambda: defaultdict(list))
        for person in persons:
            table = self.tables[person.generation]
            own = keys[id(person)]
            entries = {"=" + own.name, *("@" + ch for ch in own.name),
                       *("<" + son for son in own.sons)}
            for entry in entries:
                table[entry].append(person)

    def candidates(self, person: Person, reading: FatherReading, son: str) -> list[Person]:
        """Persons that may be meant: same or near name, or listing this son."""
        if person.generation is None:
            tables = list(self.tables.values())
        else:
            tables = [self.tables.get(person.generation - 1, {})]
        key = fold(reading.name)
        entries = ["=" + key, "<" + son]  # a misread reference is found through the son list
        if len(key) == 1:
            entries.append("@" + key)
        found: dict[int, Person] = {}
        for table in tables:
            for entry in entries:
                for candidate in table.get(entry, ()):
                    found[id(candidate)] = candidate
        return list(found.values())


def _score(person: _Keys, father: _Keys, reading: FatherReading) -> int:
    """How well 'father' fits as the father meant by 'reading' (0: not at all)."""
    ref, name, son = fold(reading.name), father.name, person.name
    if ref == name:
        name_score = 3
    elif len(ref) < len(name) and ref in name:
        name_score = 2
    elif one_char_apart(ref, name):
        name_score = 1
    else:
        name_score = 0
    sons = father.sons
    if son in sons:
        son_score = 3
    elif reading.order and len(sons) >= reading.order and one_char_apart(sons[reading.order - 1], son):
        son_score = 2
    else:
        son_score = 0
    if name_score == 0 and son_score < 3:
        return 0
    in_order = bool(reading.order and len(sons) >= reading.order and sons[reading.order - 1] == son)
    return name_score + son_score + int(in_order)


def link_fathers(parsed: list[ParsedLine]) -> tuple[list[Repair], list[Problem]]:
    """Set `father`, `birth_order` and children's `local_id`; return repairs and problems."""
    persons = [p.person for p in parsed]
    keys = {id(p): _Keys(p) for p in persons}
    index = _Index(persons, keys)
    links: dict[str, _Link] = {}
    repairs: list[Repair] = []
    for item in parsed:
        person = item.person
        own = keys[id(person)]
        best: _Link | None = None
        for reading in item.head.readings:
            for father in index.candidates(person, reading, own.name):
                if father is person:
                    continue
                score = _score(own, keys[id(father)], reading)
                distance = person.line - father.line if father.line < person.line else 10**9
                if score >= MIN_SCORE and (best is None or (score, -distance) > (best.score, -best.distance)):
                    best = _Link(score, distance, father, reading)
        if best is None:
            _unlinked(person, item.head.readings)
            continue
        links[person.local_id] = best
        person.father, person.birth_order = best.father.local_id, best.reading.order
    repairs += _repair_names(parsed, links)
    for item in parsed:
        if item.person.local_id in links:
            repairs += _reference_repairs(item, links[item.person.local_id])
    _link_children(persons, links)
    return repairs, _cycles(persons)


def _unlinked(person: Person, readings: tuple[FatherReading, ...]) -> None:
    """No father line: keep the father's name (the reading with a birth order, if any)."""
    if not readings:
        return
    reading = next((r for r in readings if r.order is not None), readings[0])
    person.father, person.birth_order = reading.name, reading.order


def _reference_repairs(item: ParsedLine, link: _Link) -> list[Repair]:
    """祥子四子 → 祥公四子; 振黄长子 → 振还长子 when 振还 lists the son."""
    head, reading = item.head, link.reading
    base = item.person.start + head.ref_start
    repairs = []
    if reading.gong_repair is not None:
        repairs.append(Repair(base + reading.gong_repair, "子", "公", "father-ref-gong"))
    ref, name = reading.name, link.father.name  # the father's name after name repairs
    if one_char_apart(fold(ref), fold(name)):
        position = next(i for i, (a, b) in enumerate(zip(fold(ref), fold(name), strict=True)) if a != b)
        repairs.append(Repair(base + position, ref[position], name[position], "father-ref-by-lineage"))
    return repairs


def _repair_names(parsed: list[ParsedLine], links: dict[str, _Link]) -> list[Repair]:
    """A name its father's son list spells otherwise is repaired when more lines agree with
    the son list than with the name (沈忠 ← 審忠 listed by 期觉 and named by two sons)."""
    references = Counter(fold(found.reading.name) for found in links.values())
    by_id = {item.person.local_id: item.person for item in parsed}
    brothers: dict[str, set[str]] = defaultdict(set)  # father id → his linked sons' names
    for local_id, found in links.items():
        brothers[found.father.local_id].add(fold(by_id[local_id].name))
    repairs = []
    for item in parsed:
        person, link = item.person, links.get(item.person.local_id)
        if link is None:
            continue
        own = fold(person.name)
        sons = [fold(c.name) for c in link.father.children]
        if own in sons:
            continue
        order = link.reading.order
        listed = sons[order - 1] if order and len(sons) >= order else None
        if listed is None or not one_char_apart(listed, own):
            continue
        if listed in brothers[link.father.local_id]:  # another son's own line
            continue
        if 1 + references[listed] > 1 + references[own]:
            position = next(i for i, (a, b) in enumerate(zip(own, listed, strict=True)) if a != b)
            repairs.append(Repair(person.start + item.head.name_start + position,
                                  person.name[position], listed[position], "name-by-lineage"))
            person.name_variants.append(person.name)
            person.name = listed
        else:
            person.name_variants.append(listed)
    return repairs


def _link_children(persons: list[Person], links: dict[str, _Link]) -> None:
    """Each listed son gets the local id of the line that names him and his father."""
    sons_of: dict[str, list[Person]] = defaultdict(list)
    for person in persons:
        if person.local_id in links:
            sons_of[links[person.local_id].father.local_id].append(person)
    for father in persons:
        for child in father.children:
            key = fold(child.name)
            match = next((p for p in sons_of[father.local_id]
                          if key == fold(p.name) or key in map(fold, p.name_variants)), None)
            child.local_id = match.local_id if match else None


def _cycles(persons: list[Person]) -> list[Problem]:
    """Every cycle of father links (A father of B father of A), reported once."""
    father_of = {p.local_id: p.father for p in persons}
    seen: set[frozenset[str]] = set()
    problems = []
    for start in father_of:
        path: list[str] = []
        current: str | None = start
        while current in father_of and current not in path:
            path.append(current)
            current = father_of[current]
        if current in path:
            cycle = path[path.index(current):]
            key = frozenset(cycle)
            if key not in seen:
                seen.add(key)
                problems.append(Problem("father-cycle", " → ".join([*cycle, cycle[0]]) + " by father links",
                                        tuple(cycle)))
    return problems
