"""Word segmentation with jieba-fast-dat, and the name dictionary fed into it.

Names must be in jieba's dictionary before text is segmented, else a name glued to its
neighbour (字杏荪, 藩致) is never a word of its own.  One process-wide segmenter: jieba
builds its double-array trie once (about a second) and every pipeline shares it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import jieba_fast_dat as jieba

NAME_TAG = "nr"
# A frequency high enough that a listed name beats the dictionary's split of it.
NAME_FREQ = 2000

_lock = threading.Lock()


@cache
def segmenter() -> jieba.Tokenizer:
    """The shared jieba tokenizer, initialised quietly on first use."""
    jieba.setLogLevel(40)
    jieba.dt.initialize()
    return jieba.dt


@cache
def word_tags() -> dict[str, str]:
    """word → part-of-speech tag: jieba's own dictionary (jieba-fast-dat keeps no table),
    overridden by the names added with :func:`add_names`.  Read-only for callers."""
    tags: dict[str, str] = {}
    path = Path(jieba.__file__).with_name("dict.txt")
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


_added: set[str] = set()
# The dictionary's own tag of each name added (x where it knew no such word).
_before_added: dict[str, str] = {}
# Names added but not yet in jieba's dictionary: they enter it before the next segmentation.
# The fast mode never segments, and adding 91,000 names to jieba was a third of an ingest's gazetteer load.
_pending: list[tuple[str, str]] = []


def load() -> None:
    """Build the segmenter and read its tag table now rather than on the first document."""
    segmenter()
    word_tags()


def word_tag(word: str) -> str:
    """The dictionary tag of a word: ``nr`` for names we added, ``x`` when unknown."""
    return word_tags().get(word, "x")


def dictionary_tag(word: str) -> str:
    """The tag jieba's own dictionary gives a word, whatever names were added since (欣然 is an
    adverb, though an authority lists it as 向荣's 字): ``x`` when unknown."""
    return _before_added.get(word) or word_tags().get(word, "x")


def add_names(names: Iterable[str], tag: str = NAME_TAG) -> int:
    """Add names (and their variants) to the segmenter's dictionary, in effect for the next
    segmentation (their tags at once); returns how many were new."""
    tags = word_tags()
    added = 0
    with _lock:
        for name in names:
            if len(name) < 2 or name in _added:
                continue
            _pending.append((name, tag))
            _before_added[name] = tags.get(name, "x")
            tags[name] = tag
            _added.add(name)
            added += 1
    return added


def apply_names() -> jieba.Tokenizer:
    """The segmenter, with every name added so far in its dictionary: called by each
    segmentation, and by a pipeline that segments before it forks workers (else each
    worker would add them)."""
    tokenizer = segmenter()
    if _pending:
        with _lock:
            for name, tag in _pending:
                tokenizer.add_word(name, NAME_FREQ, tag)
            _pending.clear()
    return tokenizer


def words(text: str) -> list[str]:
    """Segment text into words (jieba's precise mode with its HMM for unknown words)."""
    return list(apply_names().lcut(text))
