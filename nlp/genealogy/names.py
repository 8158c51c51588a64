"""Name keys for matching across lines: script folding (鵾 = 鹍) and one-character variants."""

from __future__ import annotations

from functools import cache, lru_cache

from opencc import OpenCC


@cache
def _converter() -> OpenCC:
    """Built on first use, not at import (OpenCC loads its dictionaries)."""
    return OpenCC("t2s")


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """The simplified-script form of a name, so 審忠 and 审忠 compare equal."""
    return str(_converter().convert(name))


def one_char_apart(a: str, b: str) -> bool:
    """Same length, exactly one position different: the trace of one OCR confusion."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1
