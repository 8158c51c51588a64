"""The one text normalisation every finder reads: script folding, then OCR-confusion repairs.

Repairs are hooks supplied by the modules that know when a confusion is certain (the
genealogy parser knows 宇 stands for 字 before a courtesy name; the date parser knows
戎申 is 戊申).  A hook takes the folded text and returns it repaired plus a log of its
repairs; it must not change the length, so offsets stay offsets into the text as given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from zhiren.nlp.script import to_simplified

OcrRepair = Callable[[str], tuple[str, Sequence[object]]]


class LengthChanged(ValueError):
    """A repair hook broke the one rule hooks must keep."""


def normalize(text: str, repairs: Sequence[OcrRepair] = ()) -> tuple[str, list[object]]:
    """(normalised text of len(text) characters, the repairs' logs in order)."""
    folded = to_simplified(text)
    log: list[object] = []
    for repair in repairs:
        fixed, done = repair(folded)
        if len(fixed) != len(folded):
            name = getattr(repair, "__name__", repr(repair))
            raise LengthChanged(f"OCR repair {name} changed the text's length")
        folded = fixed
        log.extend(done)
    return folded, log
