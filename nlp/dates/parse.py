"""Parse one date expression (a catalogue's 时间 field, a genealogy's birth date)."""

from __future__ import annotations

from zhiren.nlp.dates.find import find_dates
from zhiren.nlp.dates.model import DateProblem, ParsedDate
from zhiren.nlp.dates.reigns import dynasty_index, reigns_named
from zhiren.nlp.dates.resolve import DateParts, resolve

_EDGE = " \t\r\n，。、；：,.;:"


def parse_date(text: str, near_year: int | None = None) -> ParsedDate:
    """Read `text` as one date; never raises: an unreadable text gives an `error` object.

    `near_year` places a bare 干支 year (or an ambiguous reign) nearest to that year.
    """
    stripped = text.strip(_EDGE)
    if reigns_named(stripped):
        date = ParsedDate(text=text, normalised=stripped)
        return resolve(date, DateParts(reigns=reigns_named(stripped), reign_text=stripped,
                                       year_unknown=True), near_year)
    if stripped in dynasty_index():
        dynasty = dynasty_index()[stripped]
        return ParsedDate(text=text, normalised=stripped, dynasty=dynasty.name, precision="period",
                          year_range=(dynasty.first_year, dynasty.last_year))
    mentions = find_dates(stripped, near_year)
    if not mentions:
        return ParsedDate(text=text, normalised=stripped, calendar="unknown",
                          error=DateProblem("unparseable", f"no date expression in {text!r}"))
    first = mentions[0]
    date = ParsedDate(**{name: getattr(first, name) for name in ParsedDate.__slots__})
    date.text = text
    leftover = (stripped[:first.start] + stripped[first.end:]).strip(_EDGE)
    if leftover:
        date.warnings.append(DateProblem("unparsed-text", f"not part of the date: {leftover!r}",
                                         {"text": leftover}))
    return date
