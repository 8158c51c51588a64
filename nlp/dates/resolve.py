"""Turn the parts of a matched date into years and days: reign, 干支, lunar month and day."""

from __future__ import annotations

from dataclasses import dataclass

from zhiren.nlp.dates.ganzhi import cycle_index, hour_span, year_ganzhi, years_with_ganzhi
from zhiren.nlp.dates.lunar import find_month, jdn_to_iso, leap_month_of
from zhiren.nlp.dates.model import DateProblem, ParsedDate
from zhiren.nlp.dates.numerals import parse_month, parse_number
from zhiren.nlp.dates.reigns import Dynasty, Reign

CONTEXT_WINDOW = 60  # a bare 干支 year is placed within one cycle of the context year

# When a reused title (永乐: 前凉 and 明) has no dynasty or context, a source most likely
# means the reign of the unified dynasty; the choice is reported as a warning.
MAIN_LINE = frozenset({"西汉", "东汉", "西晋", "东晋", "隋", "唐", "北宋", "南宋", "元", "明", "清", "中华民国"})


@dataclass(slots=True)
class DateParts:
    """What the grammar read, after OCR repair: each part None when absent."""

    reigns: tuple[Reign, ...] = ()
    reign_text: str | None = None
    dynasty: Dynasty | None = None
    number: str | None = None
    ganzhi: str | None = None
    year_unknown: bool = False
    month: str | None = None
    leap: bool = False
    day: str | None = None
    hour: str | None = None
    later: bool = False  # 乾隆后丙子: the second time the 干支 came round in the reign


def iso_year(year: int) -> str:
    """Four-digit ISO year, with a sign before 1 CE."""
    return f"{year:04d}" if year >= 0 else f"-{-year:04d}"


def _problem(date: ParsedDate, code: str, message: str, **details: object) -> ParsedDate:
    date.error = DateProblem(code, message, dict(details))
    return date


def _warn(date: ParsedDate, code: str, message: str, **details: object) -> None:
    date.warnings.append(DateProblem(code, message, dict(details)))


def _prefer_main_line(date: ParsedDate, reigns: tuple[Reign, ...], near_year: int | None) -> tuple[Reign, ...]:
    """Narrow a reused title to the one unified-dynasty reign, unless context decides."""
    main = tuple(r for r in reigns if r.dynasty in MAIN_LINE)
    if near_year is not None or len(reigns) < 2 or len(main) != 1:
        return reigns
    others = [f"{r.dynasty}{r.name} {r.first_year}-{r.last_year}" for r in reigns if r not in main]
    _warn(date, "reign-title-reused", f"read as {main[0].dynasty}{main[0].name}; also {others}", alternatives=others)
    return main


def _pick_nearest(years: list[int], near_year: int | None) -> int | None:
    if len(years) == 1:
        return years[0]
    if near_year is None or not years:
        return None
    return min(years, key=lambda y: abs(y - near_year))


def _with_dynasty(parts: DateParts) -> tuple[Reign, ...]:
    """Reigns of the stated dynasty, or all of them when the dynasty names none."""
    if parts.dynasty is None:
        return parts.reigns
    same = tuple(r for r in parts.reigns if r.dynasty == parts.dynasty.name)
    return same or parts.reigns


def _resolve_year(date: ParsedDate, parts: DateParts, near_year: int | None) -> ParsedDate:
    """Set year, reign_year and reign from number / 干支 / context, or an error."""
    reigns = _with_dynasty(parts)
    if parts.ganzhi is not None and cycle_index(parts.ganzhi) is None:
        return _problem(date, "invalid-ganzhi", f"{parts.ganzhi} is not a 干支 pair", ganzhi=parts.ganzhi)
    if parts.number is not None:
        number = parse_number(parts.number) if parts.number != "元" else 1
        if number is None:
            return _problem(date, "unreadable-number", f"cannot read year number {parts.number}")
        fitting = [r for r in reigns if 1 <= number <= r.length]
        if not fitting:
            longest = max(reigns, key=lambda r: r.length)
            return _problem(
                date,
                "year-out-of-reign",
                f"{longest.name} lasted {longest.length} years, not {number}",
                reign=longest.name,
                reign_years=longest.length,
                reign_year=number,
            )
        if len(fitting) > 1 and parts.ganzhi:
            fitting = [r for r in fitting if year_ganzhi(r.year_of(number)) == parts.ganzhi] or fitting
        fitting = list(_prefer_main_line(date, tuple(fitting), near_year))
        chosen = _pick_nearest([r.year_of(number) for r in fitting], near_year)
        if chosen is None:
            return _ambiguous(date, [r.year_of(number) for r in fitting])
        reign = next(r for r in fitting if r.year_of(number) == chosen)
        date.year, date.reign_year = chosen, number
        if parts.ganzhi and year_ganzhi(chosen) != parts.ganzhi:
            in_reign = years_with_ganzhi(parts.ganzhi, reign.first_year, reign.last_year)
            _warn(
                date,
                "ganzhi-mismatch",
                f"{reign.name}{number}年 is {year_ganzhi(chosen)}, the text says {parts.ganzhi}",
                expected=year_ganzhi(chosen),
                found=parts.ganzhi,
                ganzhi_years=in_reign,
            )
    elif parts.ganzhi is not None and reigns:
        holding = tuple(r for r in reigns if years_with_ganzhi(parts.ganzhi, r.first_year, r.last_year))
        reigns = _prefer_main_line(date, holding, near_year) or reigns
        years = [y for r in reigns for y in years_with_ganzhi(parts.ganzhi, r.first_year, r.last_year)]
        if not years:
            r = reigns[0]
            return _problem(
                date,
                "ganzhi-not-in-reign",
                f"no {parts.ganzhi} year in {r.name} ({r.first_year}-{r.last_year})",
                reign=r.name,
                first_year=r.first_year,
                last_year=r.last_year,
            )
        chosen = max(years) if parts.later else _pick_nearest(sorted(set(years)), near_year)
        if chosen is None:
            return _ambiguous(date, sorted(set(years)))
        if parts.later:
            _warn(
                date,
                "later-cycle",
                f"后/又 {parts.ganzhi}: the later of {sorted(set(years))}"
                if len(set(years)) > 1
                else f"后/又 {parts.ganzhi}, but the reign has one {parts.ganzhi} year",
                candidates=sorted(set(years)),
            )
        elif len(set(years)) > 1:
            _warn(
                date,
                "year-from-context",
                f"{parts.ganzhi} placed nearest to {near_year}",
                near_year=near_year,
                candidates=sorted(set(years)),
            )
        reign = next(r for r in reigns if r.first_year <= chosen <= r.last_year)
        date.year, date.reign_year = chosen, chosen - reign.first_year + 1
    elif parts.ganzhi is not None:
        if near_year is None:
            _warn(date, "year-needs-context", f"{parts.ganzhi} recurs every 60 years")
            return date
        years = years_with_ganzhi(parts.ganzhi, near_year - CONTEXT_WINDOW, near_year + CONTEXT_WINDOW)
        date.year = _pick_nearest(years, near_year)
        _warn(date, "year-from-context", f"{parts.ganzhi} placed nearest to {near_year}", near_year=near_year)
    else:
        return _period(date, reigns, near_year)
    owner = next((r for r in reigns if date.year is not None and r.first_year <= date.year <= r.last_year), None)
    if owner is not None:
        date.reign, date.dynasty = owner.name, owner.dynasty
    return date


def _ambiguous(date: ParsedDate, years: list[int]) -> ParsedDate:
    return _problem(date, "ambiguous-year", f"the text fits {len(years)} years: {years}", candidates=years)


def _period(date: ParsedDate, reigns: tuple[Reign, ...], near_year: int | None) -> ParsedDate:
    """A reign without a year: the span of the reign."""
    reigns = _prefer_main_line(date, reigns, near_year)
    if len(reigns) > 1 and near_year is not None:
        reigns = (min(reigns, key=lambda r: abs((r.first_year + r.last_year) / 2 - near_year)),)
    if len(reigns) != 1:
        return _ambiguous(date, [r.first_year for r in reigns])
    reign = reigns[0]
    date.reign, date.dynasty = reign.name, reign.dynasty
    date.year_range = (reign.first_year, reign.last_year)
    date.precision = "period"
    return date


def resolve(date: ParsedDate, parts: DateParts, near_year: int | None) -> ParsedDate:
    """Fill `date` from `parts`; problems become `error`/`warnings`, never exceptions."""
    if parts.ganzhi:
        date.ganzhi = parts.ganzhi
    if parts.reigns:
        date.reign = parts.reigns[0].name if len(parts.reigns) == 1 else parts.reign_text
        date.dynasty = parts.dynasty.name if parts.dynasty else None
    if parts.year_unknown:
        return _period(date, _with_dynasty(parts), near_year)
    _resolve_year(date, parts, near_year)
    if date.error or date.year is None:
        return date
    date.precision, date.date = "year", iso_year(date.year)
    if parts.month is None:
        return date
    return resolve_day(date, parts)


def resolve_day(date: ParsedDate, parts: DateParts) -> ParsedDate:
    """Lunar month and day → Gregorian; the hour when the day is known."""
    assert date.year is not None and parts.month is not None
    month = parse_month(parts.month)
    if month is None or not 1 <= month <= 12:
        return _problem(
            date,
            "month-out-of-range",
            f"no month {parts.month}: a lunar year has months 1-12 (a leap month repeats one of them)",
            month=month,
        )
    date.lunar_month, date.leap_month = month, parts.leap
    try:
        lunar = find_month(date.year, month, parts.leap)
    except ValueError as exc:
        return _problem(date, "calendar-range", f"no lunar calendar for {date.year}: {exc}")
    if lunar is None:
        leap = leap_month_of(date.year)
        return _problem(
            date,
            "no-such-leap-month",
            f"{date.year} has no leap month {month}"
            + (f"; its leap month is {leap}" if leap else "; it has no leap month"),
            leap_month=leap,
        )
    if parts.day is None:
        date.precision, date.date = "month", jdn_to_iso(lunar.first_jdn + 14)[:7]
        return date
    day = parse_number(parts.day)
    if day is None or not 1 <= day <= lunar.days:
        date.precision, date.date = "month", jdn_to_iso(lunar.first_jdn + 14)[:7]
        return _problem(
            date,
            "no-such-day",
            f"month {month} of {date.year} has {lunar.days} days, not {parts.day}",
            days_in_month=lunar.days,
        )
    date.lunar_day = day
    date.precision, date.date = "day", jdn_to_iso(lunar.first_jdn + day - 1)
    if parts.hour:
        date.hour, date.hour_span, date.precision = parts.hour + "时", hour_span(parts.hour), "hour"
    return date
