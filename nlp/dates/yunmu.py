"""韵目代日: telegrams name the day of the month by a rhyme-group character (寒 = 14th)."""

from __future__ import annotations

# The telegraph office convention (平水韵 rhyme heads): 1-15 上平声, 16-29 上声 and 去声,
# 30 卅 and 31 世; the second spellings are the traditional forms and the rarer 陷/引.
_ORDER = "东冬江支微鱼虞齐佳灰真文元寒删铣筱巧皓哿马养漾敬有宥感俭艳卅世"
_VARIANTS = {"東": 1, "魚": 6, "齊": 8, "眞": 11, "刪": 15, "銑": 16, "篠": 17,
             "馬": 21, "養": 22, "儉": 28, "豔": 29, "艷": 29, "陷": 30, "引": 31}

DAY_CODES: dict[str, int] = {ch: i + 1 for i, ch in enumerate(_ORDER)} | _VARIANTS


def day_of_code(code: str) -> int | None:
    """Day of month for a 韵目 character, None when it is not one."""
    return DAY_CODES.get(code)
