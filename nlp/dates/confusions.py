"""Map OCR-confused characters in a matched date back to the real ones, logging each repair.

A repair is made only where the slot leaves one reading (the shape table in `lookalikes.py`):
戎 in the stem slot of a 干支 is 戊; 已/己 in the branch slot is 巳 only when the stem's parity
allows 巳 (乙已 → 乙巳, while 戊己 stays an impossible pair and is reported); 卜 among a year's
numerals is 十, 牛 after them 年.
"""

from __future__ import annotations

import re

from zhiren.nlp.dates.ganzhi import BRANCHES, STEMS
from zhiren.nlp.dates.grammar import DIGITS
from zhiren.nlp.dates.lookalikes import unique_readings
from zhiren.nlp.dates.model import Repair

_STEM_FIX = unique_readings(STEMS)
_BRANCH_FIX = unique_readings(BRANCHES)
_SLOT_FIX: dict[str, dict[str, tuple[str, str]]] = {  # slot → wrong → (right, rule)
    "num": {wrong: (right, "numeral-lookalike") for wrong, right in unique_readings(DIGITS).items()},
    "nian_n": {"牛": ("年", "nian-after-number")},
    "nian_a": {"牛": ("年", "nian-after-ganzhi")},
    "nian": {"牛": ("年", "nian-after-ganzhi")},
    "month": {"入": ("八", "month-ba"), "平": ("十", "month-shi")},
    "day": {"平": ("十", "day-shi"), "入": ("八", "day-ba")},
    "hour": {
        "已": ("巳", "hour-branch"),
        "己": ("巳", "hour-branch"),
        "晨": ("辰", "hour-branch"),
        "戍": ("戌", "hour-branch"),
    },
}


# Any character some slot may repair: most dates have none and skip the repair pass.
_CONFUSABLE = re.compile(
    "[" + "".join(sorted({*_STEM_FIX, *_BRANCH_FIX, *(c for table in _SLOT_FIX.values() for c in table)})) + "]"
)
# The confusions of a 干支 so common in genealogies that a 干支 read through them is a date even
# without a reign before it (甲戍年); one read through a rarer look-alike needs the reign.
COMMON_GANZHI_CONFUSIONS = frozenset("戎已己成戍")


def _fix_ganzhi(pair: str) -> tuple[str, list[tuple[int, str, str, str]]]:
    """Repair a stem-branch pair; returns the pair and (index, old, new, rule) edits."""
    edits: list[tuple[int, str, str, str]] = []
    stem, branch = pair[0], pair[1]
    if stem in _STEM_FIX:
        edits.append((0, stem, _STEM_FIX[stem], "ganzhi-stem"))
        stem = _STEM_FIX[stem]
    if branch in _BRANCH_FIX and stem in STEMS:
        fixed = _BRANCH_FIX[branch]
        if STEMS.index(stem) % 2 == BRANCHES.index(fixed) % 2:
            edits.append((1, branch, fixed, "ganzhi-branch"))
            branch = fixed
    return stem + branch, edits


def canonical_groups(match: re.Match[str]) -> tuple[dict[str, str], list[Repair], str]:
    """Repaired text of each matched group, the repairs (absolute offsets), normalised text."""
    if not _CONFUSABLE.search(match.group(0)):  # the common case: nothing to repair
        found = {k: v for k, v in match.groupdict().items() if v is not None}
        return found, [], match.group(0)
    chars = list(match.group(0))
    base = match.start()
    groups: dict[str, str] = {}
    repairs: list[Repair] = []

    def apply(name: str, index: int, old: str, new: str, rule: str) -> None:
        offset = match.start(name) + index
        chars[offset - base] = new
        repairs.append(Repair(offset, old, new, rule))

    for name, value in match.groupdict().items():
        if value is None:
            continue
        if name in ("gz", "gz_a"):
            fixed, edits = _fix_ganzhi(value)
            for index, old, new, rule in edits:
                apply(name, index, old, new, rule)
            groups[name] = fixed
        elif name in _SLOT_FIX:
            table = _SLOT_FIX[name]
            out = []
            for index, ch in enumerate(value):
                if ch in table:
                    apply(name, index, ch, *table[ch])
                out.append(table[ch][0] if ch in table else ch)
            groups[name] = "".join(out)
        else:
            groups[name] = value
    return groups, sorted(repairs, key=lambda r: r.offset), "".join(chars)
