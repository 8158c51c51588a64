"""What every name finder returns: a typed span, before overlaps between finders are settled."""

from __future__ import annotations

from typing import NamedTuple

# The name kinds of the `zhiren extract` contract.
NAME_TYPES = ("full", "courtesy", "art", "taboo", "posthumous", "title", "given", "kin", "other")

# Characters that may occur in a name: CJK ideographs (incl. extension A and B) and □,
# which transcriptions use for an illegible character.
NAME_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002a6df□"
NAME_CHAR_CLASS = f"[{NAME_CHARS}]"


class Found(NamedTuple):
    """A name found by one method, offsets into the (folded) text, end exclusive."""

    start: int
    end: int
    name_type: str
    method: str
    score: float
    normalized: str | None = None  # None: the surface itself, folded
    role: str | None = None  # sender | recipient | kin, when the formula says so
    person_id: str | None = None
    person_name: str | None = None
