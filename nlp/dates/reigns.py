"""The reign-title (年号) and dynasty tables, loaded once from the TSV files beside this module."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

_HERE = Path(__file__).parent


@dataclass(frozen=True, slots=True)
class Reign:
    """One reign title of one dynasty, with the Western years of its 元年 and its last year."""

    name: str
    dynasty: str
    first_year: int
    last_year: int

    def year_of(self, reign_year: int) -> int:
        """Western year of the Nth year of the reign (元年 = first_year)."""
        return self.first_year + reign_year - 1

    @property
    def length(self) -> int:
        """How many years the reign counted."""
        return self.last_year - self.first_year + 1


@dataclass(frozen=True, slots=True)
class Dynasty:
    """A dynasty or state with its year span."""

    name: str
    english: str
    first_year: int
    last_year: int


def _rows(name: str) -> list[list[str]]:
    text = (_HERE / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def reign_index() -> dict[str, tuple[Reign, ...]]:
    """Every spelling (simplified, traditional, alias) → the reigns it can mean."""
    index: dict[str, list[Reign]] = {}
    for name, traditional, dynasty, first, last, _source in _rows("reigns.tsv"):
        reign = Reign(name, dynasty, int(first), int(last))
        for spelling in {name, traditional}:
            index.setdefault(spelling, []).append(reign)
    for alias, canonical, dynasty, _why in _rows("reign-aliases.tsv"):
        index.setdefault(alias, []).extend(r for r in index[canonical] if r.dynasty == dynasty)
    return {k: tuple(v) for k, v in index.items()}


@cache
def dynasty_index() -> dict[str, Dynasty]:
    """Dynasty names (simplified and traditional, with and without 大/皇 prefix) → dynasty."""
    index: dict[str, Dynasty] = {}
    for name, traditional, english, first, last in _rows("dynasties.tsv"):
        dynasty = Dynasty(name, english, int(first), int(last))
        for spelling in {name, traditional}:
            index.setdefault(spelling, dynasty)
    for single in ("明", "清", "元", "宋", "唐"):
        for prefix in ("大", "皇"):
            index.setdefault(prefix + single, index[single])
    return index


@cache
def reign_characters() -> frozenset[str]:
    """Every character of every reign title's spellings: the vocabulary a misread title is read back into."""
    return frozenset(ch for spelling in reign_index() for ch in spelling)


def reigns_named(name: str) -> tuple[Reign, ...]:
    """The reigns a title can mean; several for titles reused by dynasties (至元, 太平)."""
    return reign_index().get(name, ())


def longest_reign_ending(text: str, end: int) -> tuple[int, str] | None:
    """The longest known reign title that ends at text[end]; (start, title) or None."""
    index = reign_index()
    for size in (4, 3, 2):
        start = end - size
        if start >= 0 and text[start:end] in index:
            return start, text[start:end]
    return None


def longest_dynasty_ending(text: str, end: int) -> tuple[int, Dynasty] | None:
    """The longest dynasty name that ends at text[end]; (start, dynasty) or None."""
    index = dynasty_index()
    for size in (4, 3, 2, 1):
        start = end - size
        if start >= 0 and text[start:end] in index:
            return start, index[text[start:end]]
    return None
