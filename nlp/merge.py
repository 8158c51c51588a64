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
    # Built whole rather than by _replace, which costs three times as much: one call per mention.
    return Found(
        best.start,
        best.end,
        best.name_type,
        best.method,
        round(score, 3),
        best.normalized,
        role,
        person.person_id if person else None,
        person.person_name if person else None,
    )


# Marks a name is followed by more often than anything else is.
_CLAUSE_MARKS = frozenset("，。、；：！？")


def settle(found: list[Found], text: str = "") -> list[Found]:
    """Non-overlapping mentions in text order.  Given the ``text``, of two spans from the same
    place and of the same priority the one a clause mark follows wins (提督何绍彩，: the model's
    何绍 stops inside the name; 知州游智开、: the post's reading 游智 stops before 开, which it
    took for a verb, the list's reads on to the 、)."""
    by_span: dict[tuple[int, int], list[Found]] = defaultdict(list)
    for f in found:
        if f.end > f.start:
            by_span[(f.start, f.end)].append(f)
    combined = [_combine(fs) for fs in by_span.values()]
    starts: dict[tuple[int, int], int] = defaultdict(int)
    for f in combined:
        starts[(f.start, PRIORITY.get(f.method, 0))] += 1

    def rank(f: Found) -> tuple[int, bool, float, int]:
        rivals = starts[(f.start, PRIORITY.get(f.method, 0))] > 1
        return PRIORITY.get(f.method, 0), rivals and text[f.end : f.end + 1] in _CLAUSE_MARKS, f.score, f.end - f.start

    candidates = sorted(combined, key=rank, reverse=True)
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
