"""Chinese analysis for search, done in Python so both search backends index the same units.

The Elasticsearch build we run has only core analyzers and FTS5 has none for Chinese, so
text is folded (traditional → simplified, width, variants) and cut here into overlapping
character bigrams; names also get pinyin and Wade-Giles keys. The result is a string of
whitespace-separated tokens for a whitespace-analyzed field (ES) or an FTS5 column.
A query is cut the same way (store.search.query) into phrases of consecutive tokens, so 杏荪
and 盛宣怀 match exactly, wherever they stand in a run of characters.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from operator import add
from typing import NamedTuple

import numpy

from zhiren.nlp.romanize import pinyin, wade_giles
from zhiren.nlp.script import to_simplified

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3007"
_RUN = re.compile(rf"[{_HAN}]+|[a-z0-9]+")
_IS_HAN = re.compile(rf"[{_HAN}]")


def fold(text: str) -> str:
    """Same length as ``text``: simplified script, half width, lower case."""
    return _fold_short(text) if len(text) <= 32 else to_simplified(text).lower()


@lru_cache(maxsize=200_000)
def _fold_short(text: str) -> str:
    """Names and titles are folded several times per entry (title, names, suggest keys): cache them."""
    return to_simplified(text).lower()


def _latin_fold(text: str) -> str:
    """ASCII letters for romanised queries: Hsüan → hsuan, Hsuan-huai → hsuanhuai, Ch'ien → chien."""
    stripped = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[-'’‘`]", "", stripped).lower()


def _run_tokens(run: str) -> list[str]:
    if len(run) == 1 or not _IS_HAN.match(run):
        return [run]
    return list(map(add, run[:-1], run[1:]))  # the bigrams; a fifth faster than slicing


def text_units(text: str) -> str:
    """Index tokens of running text: overlapping Han bigrams and lower-case Latin words."""
    return _short_text_units(text) if len(text) <= 32 else _text_units(text)


@lru_cache(maxsize=200_000)
def _short_text_units(text: str) -> str:
    """Cached: a person's title and summary are mostly its preferred name, cut twice per entry."""
    return _text_units(text)


def _text_units(text: str) -> str:
    """A run's bigrams, then its last character alone: that character starts no bigram, and a
    one-character query (a prefix of the tokens) would miss it (曰 in 王曰：, the commonest case in
    classical text). Appended after the bigrams, so the bigrams' positions stay consecutive for phrases."""
    folded = fold(text)
    if len(folded) >= _ARRAY_LENGTH and not _LATIN_CHARACTER.search(folded):
        return _han_units(folded)
    tokens: list[str] = []
    for run in _RUN.findall(folded):
        tokens += _run_tokens(run)
        if len(run) > 1 and _IS_HAN.match(run):
            tokens.append(run[-1])
    return " ".join(tokens)


# A text this long without Latin letters or digits (a letter, a chronicle) is cut with arrays:
# cutting an ingest's letters was a quarter of its extraction workers' time (py-spy), and a
# bigram string per character pair in Python costs about seven times the array work.
_ARRAY_LENGTH = 64
_LATIN_CHARACTER = re.compile(r"[a-z0-9]")
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F), (0x3007, 0x3007))
_SPACE = ord(" ")


def _han_units(folded: str) -> str:
    """:func:`_text_units` of a folded text whose runs are all Han: each Han character gives one
    token, itself followed by the next character when that is Han too (a run's bigrams, then its
    last character alone), tokens in text order. Built as rows of (character, next or 0, space);
    the zeros dropped (a text holds no NUL that is Han)."""
    points = numpy.frombuffer(folded.encode("utf-32-le"), dtype=numpy.uint32)
    han = numpy.zeros(len(points), dtype=bool)
    for low, high in _HAN_RANGES:
        han |= (points >= low) & (points <= high)
    rows = numpy.empty((len(points), 3), dtype=numpy.uint32)
    rows[:, 0] = points
    rows[:-1, 1] = numpy.where(han[1:], points[1:], 0)
    rows[-1, 1] = 0
    rows[:, 2] = _SPACE
    flat = rows[han].ravel()
    flat = flat[flat != 0]
    return flat[:-1].tobytes().decode("utf-32-le")


Romanisations = Mapping[str, tuple[str, str]]  # name → (pinyin key, Wade-Giles key) computed at ingest


def name_units(names: Iterable[str], known: Romanisations | None = None) -> str:
    """Index tokens of person names: bigrams, the whole name, its characters and romanisations.

    Whole names and single characters let a one-character surname or a two-character
    courtesy name match a name field exactly; romanised keys carry syllables, the
    joined given name and the joined full name so "Sheng Hsuan-huai" and "shengxuanhuai" both match.
    Romanisations stored with the names (``known``) are used as they are: computing them is
    most of the cost of indexing a person.
    """
    known = known or {}
    return " ".join(filter(None, [_analyse_name(name, *known.get(name, _NO_KEYS)).units for name in names]))


_NO_KEYS = ("", "")


class _NameAnalysis(NamedTuple):
    units: str  # whitespace-separated index tokens
    suggest_keys: tuple[str, ...]


@lru_cache(maxsize=200_000)
def _analyse_name(name: str, pinyin_key: str = "", wade_giles_key: str = "") -> _NameAnalysis:
    """Cached: the same names (surnames, common given names) recur across an authority."""
    folded = fold(name)
    han = "".join(_IS_HAN.findall(folded))
    if not han:
        return _NameAnalysis(_latin_name_units(folded.strip()), (_latin_fold(name).replace(" ", ""),))
    keys = (pinyin_key or pinyin(han), wade_giles_key or wade_giles(han))
    whole = folded.strip()
    tokens = _run_tokens(han) if whole == han else text_units(whole).split()  # one run of Han: its bigrams
    tokens.extend(dict.fromkeys([han, *han]))
    for key in dict.fromkeys(keys):  # Wade-Giles often equals pinyin (huang sun li): once, or its tf doubles
        syllables = key.split()
        if syllables:
            tokens.extend([*syllables, "".join(syllables[1:]), "".join(syllables)])
    suggest = tuple(dict.fromkeys([han, *(k.replace(" ", "") for k in keys)]))
    return _NameAnalysis(" ".join(filter(None, tokens)), suggest)


def _latin_name_units(folded: str) -> str:
    return " ".join([*text_units(folded).split(), *_latin_fold(folded).split()])


_TONE_DIGIT = re.compile(r"(?<=[a-z])[1-5](?![0-9])")
_PINYIN_V = re.compile(r"\b([ln])v(e?)\b")


def query_runs(query: str) -> list[str]:
    """The folded runs of Han characters and of Latin letters or digits in a query, cut like
    indexed text; romanised words lose tone marks or digits (xuān, xuan1), apostrophes and
    hyphens (Hsuan-huai), and pinyin's typed v for ü (lv, nve)."""
    latin = _PINYIN_V.sub(r"\1u\2", _TONE_DIGIT.sub("", _latin_fold(fold(query))))
    return _RUN.findall(latin)


def run_tokens(run: str) -> list[str]:
    """The index tokens of one run: its bigrams (Han) or itself (Latin, one character)."""
    return _run_tokens(run)


def snippet(text: str, highlights: Iterable[str], width: int = 60) -> str:
    """An HTML-escaped excerpt around the first match of a folded query run, matches in <mark>.

    Computed on the folded text (same length as the original), then cut from the original,
    so a query in simplified script highlights a traditional source. Each run's matches are
    found left to right without overlapping one another, and only as far as the excerpt ends
    (str.find: a search's twenty snippets were a tenth of its CPU through re).
    """
    folded = fold(text)
    needles = [n for n in set(highlights) if n]
    found = [at for n in needles if (at := folded.find(n)) >= 0]
    if not found:
        cut = text[:width]
        return html.escape(cut) + ("…" if len(text) > width else "")
    start = max(0, min(found) - width // 3)
    end = min(len(text), start + width)
    inside = [span for n in needles for span in _spans(folded, n, end) if span[0] >= start]
    # at one start the longest match first: 盛宣怀 over 盛 or 盛宣
    marks = _non_overlapping(sorted(inside, key=lambda p: (p[0], -p[1])))
    out, cursor = [], start
    for s, e in marks:
        out += [html.escape(text[cursor:s]), "<mark>", html.escape(text[s:e]), "</mark>"]
        cursor = e
    out.append(html.escape(text[cursor:end]))
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else "")


def _spans(folded: str, needle: str, end: int) -> Iterable[tuple[int, int]]:
    """The matches of ``needle`` in ``folded`` that end by ``end``, each search resuming after the last match."""
    at = folded.find(needle, 0, end)
    while at >= 0:
        yield at, at + len(needle)
        at = folded.find(needle, at + len(needle), end)


def _non_overlapping(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for s, e in spans:
        if not kept or s >= kept[-1][1]:
            kept.append((s, e))
    return kept


def suggest_keys(name: str, pinyin_key: str = "", wade_giles_key: str = "") -> tuple[str, ...]:
    """Prefix keys of a name for the suggester: folded Han form, joined pinyin and Wade-Giles."""
    return _analyse_name(name, pinyin_key, wade_giles_key).suggest_keys


def suggest_prefix(prefix: str) -> str:
    """The user's prefix folded the way :func:`suggest_keys` folds names."""
    return _latin_fold(fold(prefix)).replace(" ", "")
