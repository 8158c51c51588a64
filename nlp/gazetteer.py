"""An in-memory list of known names with their persons, matched in text.

Fed from the authority (every name variant with its person id) and updated while the
service runs: :meth:`Gazetteer.add` and :meth:`Gazetteer.remove_person` take effect for
the next document, no rebuild.  Names are folded to simplified script so traditional
text matches simplified entries and the other way round.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from zhiren.nlp.found import Found
from zhiren.nlp.script import to_simplified

SCORE = 0.9
AMBIGUOUS_SCORE = 0.7
# The authority's name types (biogref ``name_type`` column) in the extract contract's terms.
AUTHORITY_NAME_TYPES: dict[str, str] = {
    "名": "full",
    "字": "courtesy",
    "号": "art",
    "讳": "taboo",
    "谥号": "posthumous",
    "官称": "title",
    "别名": "other",
    "排行": "other",
    "小名": "other",
}


class NameEntry(NamedTuple):
    """One name of one person: the surface, the person's id and preferred name, the kind."""

    name: str
    person_id: str
    person_name: str
    name_type: str = "full"


class Gazetteer:
    """Longest-match lookup of names (two characters or more) in a text."""

    def __init__(self, entries: Iterable[NameEntry] = ()) -> None:
        self._lock = threading.Lock()
        # Each name's entries as an insertion-ordered set: a popular courtesy name has hundreds.
        self._by_name: dict[str, dict[NameEntry, None]] = defaultdict(dict)
        # The lengths of the names by their first two characters, longest first.
        self._lengths: dict[str, list[int]] = {}
        self.add(entries)

    def __len__(self) -> int:
        return len(self._by_name)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._by_name

    def names(self) -> frozenset[str]:
        return frozenset(self._by_name)

    def add(self, entries: Iterable[NameEntry], *, folded: bool = False) -> list[str]:
        """Add names; returns the folded names that were new (to feed the segmenter).

        ``folded``: the names are already in folded form (an authority's name keys), which
        spares the folding of a million names when an ingest loads the whole authority.
        """
        new: list[str] = []
        keys: dict[str, str] = {}  # an authority repeats its names: fold each surface once
        with self._lock:
            for entry in entries:
                key = entry.name if folded else keys.get(entry.name)
                if key is None:
                    key = keys[entry.name] = to_simplified(entry.name.strip())
                if len(key) < 2:
                    continue
                if key not in self._by_name:
                    new.append(key)
                self._by_name[key][entry] = None
            self._reindex()
        return new

    def remove_person(self, person_id: str) -> None:
        """Forget every name of a person (merged away or deleted)."""
        with self._lock:
            for key in list(self._by_name):
                kept = {e: None for e in self._by_name[key] if e.person_id != person_id}
                if kept:
                    self._by_name[key] = kept
                else:
                    del self._by_name[key]
            self._reindex()

    def _reindex(self) -> None:
        lengths: dict[str, set[int]] = defaultdict(set)
        for key in self._by_name:
            lengths[key[:2]].add(len(key))
        self._lengths = {ch: sorted(ls, reverse=True) for ch, ls in lengths.items()}

    def lookup(self, name: str, family: str = "") -> NameEntry | None:
        """The entry of a name that belongs to exactly one person, else None.

        ``family``: only persons whose preferred name starts with this surname count
        (欧阳 + 小岑 finds 欧阳兆熊's courtesy name).
        """
        entries = list(self._by_name.get(to_simplified(name), ()))
        if family:
            entries = [e for e in entries if to_simplified(e.person_name).startswith(family)]
        return entries[0] if len({e.person_id for e in entries}) == 1 else None

    def find(self, text: str) -> list[Found]:
        """Longest known name at each position; a name of several persons carries no person.

        Candidates are looked up by the two characters at a position (every name has two or
        more), which few positions of a text start a name with, so most cost one look-up."""
        by_name, lengths = self._by_name, self._lengths
        found: list[Found] = []
        if not lengths:
            return found
        i, n = 0, len(text)
        while i < n:
            for length in lengths.get(text[i : i + 2], ()):
                entries = by_name.get(text[i : i + length])
                if entries:
                    found.append(_found(i, i + length, entries))
                    i += length - 1
                    break
            i += 1
        return found


def _found(start: int, end: int, entries: dict[NameEntry, None]) -> Found:
    first = next(iter(entries))
    if all(e.person_id == first.person_id for e in entries):  # stops at a second person: names have hundreds
        return Found(start, end, first.name_type, "gazetteer", SCORE,
                     person_id=first.person_id, person_name=first.person_name)  # fmt: skip
    return Found(start, end, first.name_type, "gazetteer", AMBIGUOUS_SCORE)
