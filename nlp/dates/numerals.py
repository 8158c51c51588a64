"""Chinese numerals as written in dates (二十六, 廿三, 初九, 一千八百), to int."""

from __future__ import annotations

DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
_TENS: dict[str, int] = {"廿": 20, "卅": 30, "卌": 40}
_NAMED_MONTHS: dict[str, int] = {"正": 1, "元": 1, "冬": 11, "腊": 12, "臘": 12}


def parse_number(text: str) -> int | None:
    """Read a Chinese numeral; None when the text is not one (so callers can flag it)."""
    text = text.removeprefix("初")
    if not text:
        return None
    if text.isdigit():  # Arabic digits, half or full width
        return int(text)
    if all(ch in DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(DIGITS[ch]) for ch in text))  # positional: 一八九八
    total, current = 0, 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        elif ch in _TENS:
            total += _TENS[ch]
            current = 0
        else:
            return None
    return total + current


def parse_month(text: str) -> int | None:
    """Month names: 正月, 冬月 and 腊月 as well as numbers."""
    if text in _NAMED_MONTHS:
        return _NAMED_MONTHS[text]
    return parse_number(text)


def to_chinese(number: int) -> str:
    """Write 1-99 the way reign years are written (二十六, 十一); used to render dates."""
    if not 0 < number < 100:
        raise ValueError(f"only 1-99 are written as reign years, not {number}")
    names = "〇一二三四五六七八九"
    tens, units = divmod(number, 10)
    if tens == 0:
        return names[units]
    head = "" if tens == 1 else names[tens]
    return head + "十" + (names[units] if units else "")
