"""Cut a long text into pieces for ``nlp.pipe``: a 1 MB Doc costs far more than its sentences.

Pieces end at sentence ends; a sentence longer than the limit (a 10 MB line with no
punctuation) is cut at the last comma or space before the limit, else at the limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MAX_CHARS = 300
_SENTENCE = re.compile(r"[^。！？；!?\n]*[。！？；!?\n]*[”’」』）)]?")
_SOFT_BREAK = re.compile(r"[，,、：:\s]")


def chunks(text: str, max_chars: int = MAX_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pairs covering text exactly, each piece at most max_chars long.

    Whole sentences are gathered until a piece is at least half the limit.
    """
    start = 0
    for m in _SENTENCE.finditer(text):
        end = m.end()
        if end - start > max_chars and m.start() > start:  # the gathered sentences first
            yield start, text[start : m.start()]
            start = m.start()
        while end - start > max_chars:
            window = text[start : start + max_chars]
            breaks = [b.end() for b in _SOFT_BREAK.finditer(window)]
            cut = start + (breaks[-1] if breaks and breaks[-1] > max_chars // 2 else max_chars)
            yield start, text[start:cut]
            start = cut
        if end - start >= max_chars // 2:
            yield start, text[start:end]
            start = end
    if start < len(text):
        yield start, text[start:]
