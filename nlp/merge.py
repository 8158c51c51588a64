"""Settle what several finders said about the same stretch of text into one mention each.

Formulas know the kind of a name best (字 says courtesy), honorific and letter rules
know the shape, the gazetteer knows the person, the statistical model only that it is a
name.  Where spans coincide their knowledge is combined; where they overlap the more
specific method wins, then the higher score, then the longer span.
"""

from __future__ import annotations

from collections import defaultdict

from zhiren.nlp.found import Found

PRIORITY: dict[str, int] = {
    "formula": 4,
    "lineage": 4,
    "letter": 3,
    "telegram": 3,
    "honorific": 3,
    "style": 3,
    "gazetteer": 2,
    "enumeration": 1,
    "apposition": 1,
    "frame": 2,
    "ner": 1,
}


def _rank(f: Found) -> tuple[int, float, int]:
    return PRIORITY.get(f.method, 0), f.score, f.end - f.start


def _combine(same_span: list[Found]) -> Found:
    """One Found for one span: the best-ranked, plus the person and role the others know."""
    best = max(same_span, key=_rank)
    person = next((f for f in same_span if f.person_id), None)
    role = best.role or next((f.role for f in same_span if f.role), None)
    agreeing = len({f.method for f in same_span})
    score = min(0.99, best.score + 0.05 * (agreeing - 1))
    return best._replace(
        role=role,
        score=round(score, 3),
        person_id=person.person_id if person else None,
        person_name=person.person_name if person else None,
    )


def settle(found: list[Found]) -> list[Found]:
    """Non-overlapping mentions in text order."""
    by_span: dict[tuple[int, int], list[Found]] = defaultdict(list)
    for f in found:
        if f.end > f.start:
            by_span[(f.start, f.end)].append(f)
    candidates = sorted((_combine(fs) for fs in by_span.values()), key=_rank, reverse=True)
    taken = bytearray()
    kept: list[Found] = []
    for f in candidates:
        if len(taken) < f.end:
            taken.extend(b"\0" * (f.end - len(taken)))
        if any(taken[f.start : f.end]):
            continue
        taken[f.start : f.end] = b"\1" * (f.end - f.start)
        kept.append(f)
    return sorted(kept)
