"""Result types of date parsing: what was read, what it means, and what went wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Repair:
    """One OCR-confusion repair: where, what the source said, what we read, and by which rule."""

    offset: int
    original: str
    repaired: str
    rule: str

    def to_json(self) -> dict[str, Any]:
        """JSON object for the repair log."""
        return {"offset": self.offset, "original": self.original,
                "repaired": self.repaired, "rule": self.rule}


@dataclass(frozen=True, slots=True)
class DateProblem:
    """Why a date could not be (fully) normalised; `code` is stable, `message` is for people."""

    code: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """JSON object in the API's error shape."""
        return {"code": self.code, "message": self.message, "details": self.details}


@dataclass(slots=True)
class ParsedDate:
    """One date expression read and normalised.

    `year` is the Western number of the lunar year (康熙元年 = 1662); `date` is the exact
    proleptic-Gregorian day (ISO) when the day is known, else `YYYY-MM` or `YYYY`, so a
    12th-month day may fall in `year + 1`. `precision` is hour|day|month|year|period.
    """

    text: str
    normalised: str
    calendar: str = "chinese-lunisolar"
    dynasty: str | None = None
    reign: str | None = None
    reign_year: int | None = None
    ganzhi: str | None = None
    lunar_month: int | None = None
    leap_month: bool = False
    lunar_day: int | None = None
    hour: str | None = None
    hour_span: str | None = None
    day_code: str | None = None
    year: int | None = None
    year_range: tuple[int, int] | None = None
    date: str | None = None
    precision: str | None = None
    repairs: list[Repair] = field(default_factory=list)
    warnings: list[DateProblem] = field(default_factory=list)
    error: DateProblem | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON object documented for `dates` in the extract output."""
        return {
            "text": self.text,
            "normalised": self.normalised,
            "calendar": self.calendar,
            "dynasty": self.dynasty,
            "reign": self.reign,
            "reign_year": self.reign_year,
            "ganzhi": self.ganzhi,
            "lunar": {"month": self.lunar_month, "leap": self.leap_month, "day": self.lunar_day},
            "hour": self.hour,
            "hour_span": self.hour_span,
            "day_code": self.day_code,
            "year": self.year,
            "year_range": list(self.year_range) if self.year_range else None,
            "date": self.date,
            "precision": self.precision,
            "repairs": [r.to_json() for r in self.repairs],
            "warnings": [w.to_json() for w in self.warnings],
            "error": self.error.to_json() if self.error else None,
        }


@dataclass(slots=True)
class DateMention(ParsedDate):
    """A date found in a text: `start`/`end` are 0-based offsets, end exclusive, into the text."""

    start: int = 0
    end: int = 0

    def to_json(self) -> dict[str, Any]:
        """Offsets followed by the parsed fields."""
        return {"start": self.start, "end": self.end, **ParsedDate.to_json(self)}
