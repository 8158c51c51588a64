"""Building typed Name records: the folded key persons are found by, script and romanisations."""

from __future__ import annotations

from functools import lru_cache

from zhiren.authority.ids import stable_id
from zhiren.authority.model import Name, NameType, Script
from zhiren.nlp.romanize import pinyin, wade_giles
from zhiren.nlp.script import to_simplified

# Name types whose text carries no surname, so romanisation reads no surname first.
_NO_SURNAME = frozenset({NameType.COURTESY, NameType.ART, NameType.POSTHUMOUS, NameType.CHILDHOOD})


@lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """The key persons are found by: simplified script, no spaces or punctuation around it.

    Cached: an ingest asks it for every surface a few times, and names recur."""
    return to_simplified(text).strip().strip("·・. ")


def build_name(person_id: str, text: str, type_: NameType, *, preferred: bool = False) -> Name:
    """A Name whose id depends on the person it was first given to, its text and type."""
    has_surname = type_ not in _NO_SURNAME
    key = name_key(text)
    script = Script.SIMPLIFIED if key == text.strip() else Script.TRADITIONAL
    if text.isascii():
        script = Script.LATIN
    return Name(
        id=stable_id("n", person_id, text, type_.value),
        person_id=person_id,
        text=text,
        type=type_,
        script=script,
        key=key,
        pinyin="" if text.isascii() else pinyin(key, has_surname=has_surname),
        wade_giles="" if text.isascii() else wade_giles(key, has_surname=has_surname),
        preferred=preferred,
    )
