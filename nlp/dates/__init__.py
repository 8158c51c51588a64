"""Historical Chinese dates: reign years (年号), 干支, lunar months and days, 韵目代日.

Public API: `find_dates(text)` for every date in a text, `parse_date(text)` for one
expression. Both return dataclasses with `to_json()` and never raise on bad dates.
"""

from zhiren.nlp.dates.find import find_dates
from zhiren.nlp.dates.model import DateMention, DateProblem, ParsedDate, Repair
from zhiren.nlp.dates.parse import parse_date

__all__ = ["DateMention", "DateProblem", "ParsedDate", "Repair", "find_dates", "parse_date"]
