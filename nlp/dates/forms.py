"""Date forms without a reign title: month and day (year from context), Western dates,
telegram 韵目 day codes and dynasty periods."""

from __future__ import annotations

import datetime
import re

from zhiren.nlp.dates.confusions import canonical_groups
from zhiren.nlp.dates.model import DateMention, DateProblem
from zhiren.nlp.dates.numerals import parse_month, parse_number
from zhiren.nlp.dates.reigns import dynasty_index
from zhiren.nlp.dates.resolve import DateParts, iso_year, resolve_day
from zhiren.nlp.dates.yunmu import day_of_code


def month_day_mention(match: re.Match[str], year: int | None) -> DateMention:
    """十月十一日亥时 in a text whose last dated year before it is `year`."""
    groups, repairs, normalised = canonical_groups(match)
    mention = DateMention(text=match.group(0), normalised=normalised, repairs=repairs,
                          start=match.start(), end=match.end())
    parts = DateParts(month=groups["month"], leap="leap" in groups, day=groups["day"],
                      hour=groups.get("hour"))
    if year is None:
        mention.lunar_month, mention.lunar_day = parse_month(groups["month"]), parse_number(groups["day"])
        mention.warnings.append(DateProblem("year-needs-context", "a month and day with no year before it"))
        return mention
    mention.year = year
    mention.warnings.append(DateProblem("year-from-context", f"year taken from the text before: {year}",
                                        {"near_year": year}))
    resolve_day(mention, parts)
    return mention


def gregorian_mention(match: re.Match[str]) -> DateMention:
    """1898年6月11日: a Western date; checked, not converted."""
    mention = DateMention(text=match.group(0), normalised=match.group(0), calendar="gregorian",
                          start=match.start(), end=match.end())
    year, month, day = (parse_number(match.group(g)) if match.group(g) else None
                        for g in ("year", "month", "day"))
    mention.year = year
    mention.date, mention.precision = iso_year(year or 0), "year"
    if month is not None:
        mention.date, mention.precision = f"{mention.date}-{month:02d}", "month"
    if day is not None:
        try:
            mention.date = datetime.date(year or 0, month or 0, day).isoformat()
            mention.precision = "day"
        except ValueError as exc:
            mention.error = DateProblem("no-such-day", f"{match.group(0)}: {exc}")
    return mention


def telegram_mention(match: re.Match[str]) -> DateMention:
    """[三月]寒电: a day of the month named by its 韵目 code; year and calendar unstated."""
    mention = DateMention(text=match.group(0), normalised=match.group(0), calendar="unspecified",
                          start=match.start(), end=match.end())
    mention.day_code = match.group("code")
    mention.lunar_day = day_of_code(mention.day_code)
    if match.group("tmonth"):
        mention.lunar_month = parse_month(match.group("tmonth").replace("入", "八"))
    mention.precision = "day"
    return mention


def period_mention(match: re.Match[str]) -> DateMention:
    """元代, 明季: the span of a dynasty."""
    dynasty = dynasty_index()[match.group("dynasty")]
    mention = DateMention(text=match.group(0), normalised=match.group(0),
                          start=match.start(), end=match.end())
    mention.dynasty, mention.precision = dynasty.name, "period"
    mention.year_range = (dynasty.first_year, dynasty.last_year)
    return mention
