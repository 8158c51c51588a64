"""parse_lineage: a whole 世系 text → persons with fathers, wives, sons, dates, and the repair log."""

from __future__ import annotations

from zhiren.nlp.genealogy.layout import blocks
from zhiren.nlp.genealogy.line import ParsedLine, parse_person_line
from zhiren.nlp.genealogy.linking import link_fathers
from zhiren.nlp.genealogy.model import LineageResult, Unparsed
from zhiren.nlp.genealogy.year_conflicts import settle_year_conflicts

NOT_A_PERSON = "no 'NAME FATHER…子' at the start of the line, and no heading (第N世)"


def parse_lineage(text: str, surname: str | None = None) -> LineageResult:
    """Read every line: 第N世 headings set the generation, person entries become persons,
    anything else is kept in `unparsed` with the reason. Offsets refer to `text` as given."""
    result = LineageResult(surname=surname)
    parsed: list[ParsedLine] = []
    generation: int | None = None
    near_year: int | None = None
    for block in blocks(text):
        line = block.line
        if block.kind == "heading":
            generation = block.generation
            continue
        outcome = parse_person_line(line, surname, generation, near_year) if block.kind == "entry" else None
        if outcome is None:
            result.unparsed.append(Unparsed(line.number, line.start, line.end, line.text, NOT_A_PERSON))
            continue
        parsed.append(outcome)
        result.repairs += outcome.repairs
        birth = outcome.person.birth
        if birth is not None and birth.date is not None and birth.date.year is not None:
            near_year = birth.date.year
    repairs, problems = link_fathers(parsed)
    result.persons = [p.person for p in parsed]
    settle_year_conflicts(result.persons)
    result.repairs = sorted(result.repairs + repairs, key=lambda r: r.offset)
    result.problems = problems
    return result
