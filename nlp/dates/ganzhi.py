"""The sexagenary cycle (干支): years, and the double hours (时辰) named by branches."""

from __future__ import annotations

STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"

# 时辰: the branch names a two-hour period; 子 starts at 23:00 of the previous day.
HOUR_START: dict[str, int] = {b: (23 + 2 * i) % 24 for i, b in enumerate(BRANCHES)}


def cycle_index(ganzhi: str) -> int | None:
    """Position 0-59 of a stem-branch pair in the cycle, None for impossible pairs (甲丑)."""
    if len(ganzhi) != 2 or ganzhi[0] not in STEMS or ganzhi[1] not in BRANCHES:
        return None
    stem, branch = STEMS.index(ganzhi[0]), BRANCHES.index(ganzhi[1])
    if stem % 2 != branch % 2:
        return None
    return (6 * stem - 5 * branch) % 60


def year_ganzhi(year: int) -> str:
    """干支 of a Western year (as a lunar year's number); 1984 was 甲子."""
    index = (year - 4) % 60
    return STEMS[index % 10] + BRANCHES[index % 12]


def years_with_ganzhi(ganzhi: str, first: int, last: int) -> list[int]:
    """Every year in [first, last] that carries this 干支."""
    index = cycle_index(ganzhi)
    if index is None:
        return []
    start = first + (index - (first - 4)) % 60
    return list(range(start, last + 1, 60))


def hour_span(branch: str) -> str:
    """'15:00-17:00' for 申: the clock span of a 时辰."""
    start = HOUR_START[branch]
    return f"{start:02d}:00-{(start + 2) % 24:02d}:00"
