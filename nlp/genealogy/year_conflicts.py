"""A birth date whose number and 干支 disagree, settled by the family's other dates.

乾隆二年丁丑: the number says 1737, the 干支 says 1757 — one of the two characters was misread or
miscopied.  The date parser keeps the number and warns (``ganzhi-mismatch``, with the 干支's years
in the reign).  Here, once fathers are linked, the reading that fits the family wins: a son is
born when his father is 14 to 70, and after his elder brothers and before his younger ones (by
their 长/次/三 order).  When the number's year does not fit and exactly one of the 干支's does,
the date is read again by its 干支, with a ``ganzhi-trusted`` warning saying why; the number's
year that fits is kept and its warning says so.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from zhiren.nlp.dates import DateProblem, parse_date
from zhiren.nlp.genealogy.model import Person

FATHER_AGE = (14, 70)
# The reign year's number and its 年, right before the 干支 (乾隆二年丁丑 → 乾隆丁丑).
_NUMBER_BEFORE_GANZHI = re.compile(r"[元〇零一二三四五六七八九十百廿卅两]{1,4}年[ ]?(?=[甲乙丙丁戊己庚辛壬癸])")


def _birth_year(person: Person) -> int | None:
    date = person.birth.date if person.birth else None
    return date.year if date is not None and date.error is None else None


def _conflict(person: Person) -> DateProblem | None:
    date = person.birth.date if person.birth else None
    if date is None:
        return None
    return next((w for w in date.warnings if w.code == "ganzhi-mismatch"), None)


def _fits(year: int, person: Person, father: Person | None, brothers: Iterable[Person]) -> bool:
    father_year = _birth_year(father) if father else None
    if father_year is not None and not FATHER_AGE[0] <= year - father_year <= FATHER_AGE[1]:
        return False
    for brother in brothers:
        other = _birth_year(brother)
        if other is None or brother.birth_order is None or person.birth_order is None or _conflict(brother):
            continue
        if (brother.birth_order < person.birth_order and other > year) or (
            brother.birth_order > person.birth_order and other < year
        ):
            return False
    return True


def settle_year_conflicts(persons: list[Person]) -> None:
    """Re-read the birth dates whose number and 干支 disagree by the father's and brothers' dates."""
    by_id = {p.local_id: p for p in persons}
    sons: dict[str, list[Person]] = defaultdict(list)
    for person in persons:
        if person.father in by_id:
            sons[person.father].append(person)
    for person in persons:
        warning = _conflict(person)
        if warning is None or person.birth is None or person.birth.date is None:
            continue
        date = person.birth.date
        father = by_id.get(person.father or "")
        brothers = [b for b in sons.get(person.father or "", ()) if b is not person]
        ganzhi_years = [y for y in warning.details.get("ganzhi_years", ()) if isinstance(y, int)]
        fitting = [y for y in ganzhi_years if _fits(y, person, father, brothers)]
        assert date.year is not None  # a mismatch is only reported for a year read by its number
        if _fits(date.year, person, father, brothers):
            warning.details["kept"] = "number: it fits the father's and brothers' dates"
            continue
        if len(fitting) != 1:
            continue
        again = parse_date(_NUMBER_BEFORE_GANZHI.sub("", date.normalised, count=1))
        if again.year != fitting[0] or again.error is not None:
            continue
        again.text, again.repairs = date.text, date.repairs
        again.warnings = [
            *date.warnings,
            DateProblem(
                "ganzhi-trusted",
                f"{date.year} (by the number) does not fit the father's and brothers' dates; "
                f"{again.year} (by the 干支 {again.ganzhi}) does",
                {"number_year": date.year, "ganzhi_year": again.year},
            ),
        ]
        person.birth.date = again
