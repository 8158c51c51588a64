"""Parse one person line of a 世系 text into a Person (links across lines come later)."""

from __future__ import annotations

from dataclasses import dataclass

from zhiren.nlp.dates import Repair, find_dates
from zhiren.nlp.genealogy.events import assign_events, find_burial
from zhiren.nlp.genealogy.head import Head, parse_head, read_rank, read_style_name
from zhiren.nlp.genealogy.kin import find_daughters, find_sons, find_spouses
from zhiren.nlp.genealogy.layout import SourceLine
from zhiren.nlp.genealogy.model import Person
from zhiren.nlp.genealogy.patterns import SONS_RE
from zhiren.nlp.genealogy.repair import repair_line, repair_surname_marks


@dataclass(slots=True)
class ParsedLine:
    """A person read from one line, the head it was read from, and the line's repairs."""

    person: Person
    head: Head
    repairs: list[Repair]


def parse_person_line(line: SourceLine, surname: str | None, generation: int | None,
                      near_year: int | None) -> ParsedLine | None:
    """The person of this entry (one line, or a line and its continuation lines)."""
    head = parse_head(line.text, surname)
    if head is None:
        return None
    marked, shi_repairs = repair_surname_marks(line.text)
    spouses = find_spouses(marked, head.end)
    son_markers = list(SONS_RE.finditer(marked, head.end))
    head_stop = min([s.start for s in spouses] + [m.start() for m in son_markers] + [len(marked)])
    text, repairs = repair_line(marked, head.end, head_stop)
    repairs = [*head.repairs, *shi_repairs, *repairs]
    dates = find_dates(text, near_year)
    repairs += [r for d in dates for r in d.repairs]
    person = Person(local_id=f"L{line.number}", name=head.name, line=line.number,
                    start=line.start, end=line.end, generation=generation, father_text=head.ref)
    person.spouses = spouses
    date_spans = [(d.start, d.end) for d in dates]
    spouse_spans = [(s.start, s.start + len(s.text)) for s in spouses]
    person.children = find_sons(text, son_markers, date_spans, spouse_spans)
    person.daughters = find_daughters(text, head.end, date_spans, spouse_spans)
    region = text[head.end:head_stop]
    person.courtesy_name = read_style_name(region, "字")
    person.art_name = read_style_name(region, "号")
    person.genealogy_name = read_style_name(region, "谱名")
    person.rank = read_rank(region)
    assign_events(person, text, dates)
    person.burial = find_burial(text, head.end)
    _to_document_offsets(person, line.start)
    return ParsedLine(person, head, [_shift(r, line.start) for r in repairs])


def _shift(repair: Repair, offset: int) -> Repair:
    return Repair(repair.offset + offset, repair.original, repair.repaired, repair.rule)


def _to_document_offsets(person: Person, offset: int) -> None:
    """Offsets inside a line become offsets inside the document."""
    for child in person.children:
        child.start += offset
    for daughter in person.daughters:
        daughter.start += offset
    events = [person.birth, person.death]
    for spouse in person.spouses:
        spouse.start += offset
        events += [spouse.birth, spouse.death]
    for event in events:
        if event is not None:
            event.start += offset
            event.end += offset
