"""Find every date expression in a text; reign dates (with 干支, OCR repair) are read here, the
other forms (month-day, Western, 韵目 day codes, dynasty periods) in `forms.py`."""

from __future__ import annotations

import re

from zhiren.nlp.dates.confusions import COMMON_GANZHI_CONFUSIONS, canonical_groups
from zhiren.nlp.dates.forms import gregorian_mention, month_day_mention, period_mention, telegram_mention
from zhiren.nlp.dates.ganzhi import BRANCHES, STEMS, years_with_ganzhi
from zhiren.nlp.dates.grammar import (
    DATE_RE,
    GANZHI_LABEL_RE,
    GREGORIAN_RE,
    LATER_MARKERS,
    MONTH_DAY_RE,
    PERIOD_RE,
    TELEGRAM_RE,
)
from zhiren.nlp.dates.lookalikes import alike
from zhiren.nlp.dates.model import DateMention, Repair
from zhiren.nlp.dates.numerals import parse_number
from zhiren.nlp.dates.reigns import (
    Reign,
    dynasty_index,
    longest_dynasty_ending,
    longest_reign_ending,
    reign_characters,
    reigns_named,
)
from zhiren.nlp.dates.resolve import DateParts, resolve


def _confused_reign(text: str, end: int, groups: dict[str, str]) -> Repair | None:
    """A two-character reign title with one character misread as a look-alike (乾降, 嘉床, 雍止),
    when exactly one reading is a reign that can hold the year part (开启 → 天启: 开 is itself a
    reign character, of 开元, so every look-alike is tried). Failing that, the one reading whose
    reign holds the 干支 once one of its characters is read as a look-alike too (祟正乙卯: 崇正
    holds no 乙卯, but 己卯 is 1639); the 干支's own repair follows when the date is resolved."""
    window = text[end - 2 : end] if end >= 2 else ""
    readings = {
        (index, right): reigns_named(window[:index] + right + window[index + 1 :])
        for index, ch in enumerate(window)
        for right in alike(ch) & reign_characters()
    }
    fits = {key for key, reigns in readings.items() if any(_year_fits(r, groups) for r in reigns)}
    ganzhi = groups.get("gz_a") or groups.get("gz")
    if not fits and ganzhi and "num" not in groups:
        fits = {key for key, reigns in readings.items() if reigns and _ganzhi_in_reign(ganzhi, reigns)}
    if len(fits) != 1:
        return None
    [(index, right)] = fits
    return Repair(end - 2 + index, window[index], right, "reign-title")


def _ganzhi_in_reign(ganzhi: str, reigns: tuple[Reign, ...]) -> tuple[int, str] | None:
    """The one (position, character) whose look-alike makes a 干支 the reign does not hold into
    one it does (崇正乙卯: no 乙卯 in 1628-1644, but 己卯 is 1639), or None."""
    fits = {
        (index, right)
        for index, ch in enumerate(ganzhi)
        for right in alike(ch) & set(STEMS if index == 0 else BRANCHES)
        if any(
            years_with_ganzhi(ganzhi[:index] + right + ganzhi[index + 1 :], r.first_year, r.last_year) for r in reigns
        )
    }
    return next(iter(fits)) if len(fits) == 1 else None


def _year_fits(reign: Reign, groups: dict[str, str]) -> bool:
    """Whether a reign can hold the year part: number within its length, 干支 within its span."""
    if "num" in groups:
        number = 1 if groups["num"] == "元" else parse_number(groups["num"])
        return number is not None and 1 <= number <= reign.length
    if "gz_a" in groups or "gz" in groups:
        ganzhi = groups.get("gz_a") or groups["gz"]
        return bool(years_with_ganzhi(ganzhi, reign.first_year, reign.last_year))
    return False


def _reign_before(text: str, start: int, groups: dict[str, str]) -> tuple[int, DateParts, list[Repair]]:
    """Look left of the year part for a reign title (one space allowed) and a dynasty."""
    end = start - 1 if start > 0 and text[start - 1] in " " + LATER_MARKERS else start
    later = end < start and text[end] in LATER_MARKERS and ("gz" in groups)
    found = longest_reign_ending(text, start) or longest_reign_ending(text, end)
    repairs: list[Repair] = []
    if found is None:
        for title_end in dict.fromkeys((start, end)):
            repair = _confused_reign(text, title_end, groups)
            if repair is not None:
                break
        else:
            return start, DateParts(), repairs
        repairs.append(repair)
        title = text[title_end - 2 : title_end].replace(repair.original, repair.repaired)
        found = (title_end - 2, title)
    begin, title = found
    parts = DateParts(reigns=reigns_named(title), reign_text=title, later=later and found[0] + len(title) == end)
    dynasty = longest_dynasty_ending(text, begin)
    if dynasty is not None and any(r.dynasty == dynasty[1].name for r in parts.reigns):
        begin, parts.dynasty = dynasty[0], dynasty[1]
    return begin, parts, repairs


def _date_at(text: str, match: re.Match[str], near_year: int | None) -> DateMention | None:
    """The mention for one grammar match, or None when the match is not a date by itself."""
    groups, repairs, normalised = canonical_groups(match)
    begin, parts, title_repairs = _reign_before(text, match.start(), groups)
    has_month = "month" in groups or "unknown_month" in groups
    if not parts.reigns and ("gz" not in groups or not ("nian" in groups or has_month)):
        return None  # 二十年, 享年, a lone 甲子: not dates without a reign
    if not parts.reigns and any(
        r.rule.startswith("ganzhi") and r.original not in COMMON_GANZHI_CONFUSIONS for r in repairs
    ):
        return None  # 王子年幼: a 干支 only through a rare look-alike needs a reign to be a date
    parts.number = groups.get("num")
    parts.ganzhi = groups.get("gz_a") or groups.get("gz")
    parts.year_unknown = "unknown_year" in groups
    parts.month = groups.get("month")
    parts.leap = "leap" in groups
    parts.day = groups.get("day")
    parts.hour = groups.get("hour")
    label = GANZHI_LABEL_RE.search(text, max(0, begin - 4), begin)
    if label is not None and parts.reigns and parts.ganzhi is None:
        begin, parts.ganzhi = label.start(), label.group("gz")
    prefix = list(text[begin : match.start()])
    for repair in title_repairs:
        prefix[repair.offset - begin] = repair.repaired
    mention = DateMention(
        text=text[begin : match.end()],
        normalised="".join(prefix) + normalised,
        repairs=title_repairs + repairs,
        start=begin,
        end=match.end(),
    )
    resolve(mention, parts, near_year)
    if mention.error is not None and mention.error.code == "ganzhi-not-in-reign" and parts.ganzhi:
        return _with_ganzhi_repaired(mention, parts, match, near_year) or mention
    return mention


def _with_ganzhi_repaired(
    mention: DateMention, parts: DateParts, match: re.Match[str], near_year: int | None
) -> DateMention | None:
    """The mention read again with its 干支 repaired to the one look-alike the reign holds."""
    assert parts.ganzhi is not None
    found = _ganzhi_in_reign(parts.ganzhi, parts.reigns)
    if found is None:
        return None
    index, right = found
    slot = "gz_a" if match.group("gz_a") else "gz"
    offset = match.start(slot) + index
    repair = Repair(offset, parts.ganzhi[index], right, "ganzhi-lookalike-in-reign")
    normalised = list(mention.normalised)
    normalised[offset - mention.start] = right
    again = DateMention(
        text=mention.text,
        normalised="".join(normalised),
        repairs=sorted([*mention.repairs, repair], key=lambda r: r.offset),
        start=mention.start,
        end=mention.end,
    )
    parts.ganzhi = parts.ganzhi[:index] + right + parts.ganzhi[index + 1 :]
    resolve(again, parts, near_year)
    return again


def find_dates(text: str, near_year: int | None = None) -> list[DateMention]:
    """Every date expression in `text`, in order; a bare 干支 year or a month and day without
    a year is placed by the previous resolved year (or `near_year`). Never raises: problems
    are in `error`."""
    mentions: list[DateMention] = []
    context = near_year
    position = 0
    while (match := DATE_RE.search(text, position)) is not None:
        mention = _date_at(text, match, context)
        if mention is None:
            position = match.start() + 1
            continue
        mentions.append(mention)
        context = mention.year if mention.year is not None else context
        position = match.end()
    taken = [(m.start, m.end) for m in mentions]
    extra = [gregorian_mention(m) for m in GREGORIAN_RE.finditer(text)]
    done, context = 0, near_year  # mentions are in text order: one pass finds each context
    for match in MONTH_DAY_RE.finditer(text):
        while done < len(mentions) and mentions[done].end <= match.start():
            context = mentions[done].year if mentions[done].year is not None else context
            done += 1
        extra.append(month_day_mention(match, context))
    extra += [telegram_mention(m) for m in TELEGRAM_RE.finditer(text)]
    # The pattern names more dynasties than the table dates (晋, 秦, 北宋 …): only dated ones become periods.
    extra += [period_mention(m) for m in PERIOD_RE.finditer(text) if m.group("dynasty") in dynasty_index()]
    for mention in extra:  # in order of priority: a Western date wins over its month-day
        if all(mention.end <= s or mention.start >= e for s, e in taken):
            mentions.append(mention)
            taken.append((mention.start, mention.end))
    return sorted(mentions, key=lambda m: m.start)
