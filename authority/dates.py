"""A parsed historical date (nlp.dates) as the domain's HistDate: Gregorian parts, original text kept."""

from __future__ import annotations

from zhiren.authority.model import HistDate, Precision
from zhiren.nlp.dates import ParsedDate

CALENDAR = "chinese-lunisolar→gregorian"


def hist_date(text: str, parsed: ParsedDate | None) -> HistDate:
    """Year/month/day of the Gregorian day when known (a 12th lunar month may fall in the next year)."""
    if parsed is None or parsed.error is not None or parsed.year is None:
        return HistDate(text)
    parts = [int(p) for p in (parsed.date or str(parsed.year)).split("-") if p.isdigit()]
    month = parts[1] if len(parts) > 1 else None
    day = parts[2] if len(parts) > 2 else None
    precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    return HistDate(text, parts[0], month, day, precision, CALENDAR)
