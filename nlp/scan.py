"""Search a pattern only from the characters a match can start with.

Python's regular expressions skip ahead to a possible start on their own only when a pattern
begins with a literal or a character class.  A pattern that begins with an optional part or
with alternatives of several characters (愚弟, 二月初三, 光绪二年) is tried at every position of
the text instead, which made such patterns most of the fast mode's time in regular
expressions: a date's pattern cost ten times what scanning for its first characters costs.
:class:`Scanner` works out from the parsed pattern every character a match can begin with and
tries the pattern only where one stands, so it finds exactly the matches the pattern finds.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # the parser behind re.compile; sre_parse is its deprecated alias
from collections.abc import Iterator
from itertools import repeat
from re._constants import (
    ASSERT,
    ASSERT_NOT,
    AT,
    ATOMIC_GROUP,
    BRANCH,
    IN,
    LITERAL,
    MAX_REPEAT,
    MIN_REPEAT,
    POSSESSIVE_REPEAT,
    RANGE,
    SUBPATTERN,
)
from typing import Any

Ranges = list[tuple[int, int]]


class _AnyCharacter(Exception):
    """The pattern may start with a character no finite class lists (., [^…], \\s)."""


def _sequence(items: Any) -> tuple[Ranges, bool]:
    """The first characters of a sequence of pattern items, and whether it can match nothing."""
    ranges: Ranges = []
    for op, av in items:
        first, empty = _item(op, av)
        ranges += first
        if not empty:
            return ranges, False
    return ranges, True


def _item(op: Any, av: Any) -> tuple[Ranges, bool]:
    if op is LITERAL:
        return [(av, av)], False
    if op is IN:
        ranges: Ranges = []
        for kind, value in av:
            if kind is LITERAL:
                ranges.append((value, value))
            elif kind is RANGE:
                ranges.append(value)
            else:  # NEGATE, CATEGORY (\s, \w)
                raise _AnyCharacter
        return ranges, False
    if op is SUBPATTERN:
        _, add_flags, _, items = av
        if add_flags & re.IGNORECASE:
            raise _AnyCharacter
        return _sequence(items)
    if op is ATOMIC_GROUP:
        return _sequence(av)
    if op is BRANCH:
        ranges, empty = [], False
        for alternative in av[1]:
            first, can_be_empty = _sequence(alternative)
            ranges += first
            empty |= can_be_empty
        return ranges, empty
    if op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT):
        least, _, items = av
        first, empty = _sequence(items)
        return first, empty or least == 0
    if op in (ASSERT, ASSERT_NOT, AT):  # look-arounds and anchors read no character
        return [], True
    raise _AnyCharacter


def first_characters(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A character class of every character a match of ``pattern`` can start with; None when
    that is any character or a match can be empty (the pattern is then searched as it is)."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        ranges, empty = _sequence(sre_parse.parse(pattern.pattern, pattern.flags))
    except _AnyCharacter:
        return None
    if empty:
        return None
    return _character_class(ranges)


def _character_class(ranges: Ranges) -> re.Pattern[str]:
    body = "".join(
        re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"
        for low, high in sorted(set(ranges))
    )
    return re.compile(f"[{body}]")


def _size(ranges: Ranges) -> int:
    return sum(high - low + 1 for low, high in ranges)


def _required_in_sequence(items: Any) -> Ranges | None:
    """Characters one of which every match of the sequence holds: the fewest any of its items
    must consume; None if it need consume none."""
    options = [ranges for op, av in items if (ranges := _required(op, av)) is not None]
    return min(options, key=_size) if options else None


def _required(op: Any, av: Any) -> Ranges | None:
    if op in (LITERAL, IN):
        try:
            return _item(op, av)[0]
        except _AnyCharacter:
            return None
    if op is SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _required_in_sequence(av[3])
    if op is ATOMIC_GROUP:
        return _required_in_sequence(av)
    if op is BRANCH:
        options = [_required_in_sequence(alternative) for alternative in av[1]]
        return None if any(o is None for o in options) else [r for o in options if o for r in o]
    if op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT) and av[0] >= 1:
        return _required_in_sequence(av[2])
    return None  # look-arounds, anchors, optional parts: nothing a match must consume


def required_characters(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A character class one of whose characters every match of ``pattern`` holds (年 of a Western
    year, 月 of a month and day): a text without any has no match.  None where there is no such
    class or the pattern ignores case."""
    if pattern.flags & re.IGNORECASE:
        return None
    ranges = _required_in_sequence(sre_parse.parse(pattern.pattern, pattern.flags))
    return _character_class(ranges) if ranges else None


class Scanner:
    """A compiled pattern with ``finditer`` and ``search`` that try it only where a match can start.

    Only for patterns Python cannot skip ahead for itself: one that begins with a literal or a
    character class is searched faster by ``re`` alone.
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = re.compile(pattern, flags)
        self._starts = first_characters(self.pattern)
        # Most texts hold no date: a text without 月 has no month and day, one without 年 no Western year.
        self._required = required_characters(self.pattern)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """The first match at or after ``pos``, as ``self.pattern.search(text, pos)`` finds it."""
        if self._required is not None and self._required.search(text, pos) is None:
            return None
        if self._starts is None:
            return self.pattern.search(text, pos)
        return next(self._matches_from(text, pos), None)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches ``self.pattern.finditer(text)`` yields: a match from each possible start,
        those that begin inside the one before left out (none of them is empty)."""
        if self._required is not None and self._required.search(text) is None:
            return
        if self._starts is None:
            yield from self.pattern.finditer(text)
            return
        end = 0
        for found in self._matches_from(text, 0):
            if found.start() >= end:
                end = found.end()
                yield found

    def _matches_from(self, text: str, pos: int) -> Iterator[re.Match[str]]:
        """The match at each possible start from ``pos`` on, in order (the loops run in C)."""
        assert self._starts is not None
        starts = map(re.Match.start, self._starts.finditer(text, pos))
        return filter(None, map(self.pattern.match, repeat(text), starts))


class LineEndScanner:
    """A pattern whose every match ends at the end of a line (``$`` of re.MULTILINE) after the
    blanks that close it, searched only in each line's last characters.

    ``body`` is what comes before those blanks: no match starts further back from them than the
    longest ``body`` can be, so only that stretch of a line (and the line break before it, which
    ``body`` may start with) is read, where re would try the pattern after every mark of a long
    text (a telegram's sender line ends the text; a letter's clauses are all tried for it).
    """

    def __init__(self, body: str, blanks: str) -> None:
        self.pattern = re.compile(f"{body}[{re.escape(blanks)}]*$", re.MULTILINE)
        self._longest = sre_parse.parse(body).getwidth()[1]
        self._blanks = blanks

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches ``self.pattern.finditer(text)`` yields, line by line."""
        start = 0
        for line in text.split("\n"):
            end = start + len(line)
            closing = len(line) - len(line.rstrip(self._blanks))
            found = self.pattern.search(text, max(start - 1, end - closing - self._longest, 0), end)
            if found is not None:
                yield found
            start = end + 1
