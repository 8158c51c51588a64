"""Name-substitution augmentation of the PERSON model's training sentences.

Why: the model's errors are mostly recall.  It learns the names it has seen more than the
contexts names stand in, so it cuts unfamiliar names short (张洁清 → 张洁) and misses
names it never met.  An extra copy of the training sentences, in which every person span
is replaced by another plausible name, teaches the context and the boundaries instead of
the names.  (Measured, see nlp/models/MODEL_CARD.md: it helps modern text a little; on
CHisIEC, whose dev persons are mostly its training persons, it costs more than it gives,
so ``nlp.train`` substitutes modern corpora only.)

Where the replacements come from (never from the dev or evaluation sets):

- classical text (CHisIEC): the name authorities, CBDB's ``cbdb_entity_names.csv`` and
  DDBC's biogref ``person_name``, matched in length; a one-character mention (操, 亮) gets
  the given name of an authority name, a one-character given name;
- modern text: names seen as person spans in the same corpus's training part, or names
  composed from a surname and a given name seen there (so 张 + 洁清 can meet).

Within one sentence the same name always gets the same replacement, so repeated mentions
stay repeated, and a short form of a name there follows it (曹操 … 操 → 王安石 … 石).
Offsets are recomputed; texts are not folded here (training folds them).
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Literal

from zhiren.nlp.ner.data import Annotated
from zhiren.nlp.surnames import surname_length

Chooser = Callable[[str], str]
Kind = Literal["one", "han", "other"]

# Relative to the shared data folder (the parent of the NER corpora folder).
AUTHORITY_FILES: tuple[tuple[str, str], ...] = (
    ("cbdb/names/cbdb_entity_names.csv", "name"),
    ("authority/ddbc/biogref_ddbc_data.csv", "person_name"),
)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
MAX_AUTHORITY_NAME = 4


def is_han(text: str) -> bool:
    """Only CJK ideographs (no brackets, 〇, letters or punctuation)."""
    return _HAN.fullmatch(text) is not None


def name_kind(name: str) -> Kind:
    """``one`` for one character, ``han`` for a 2-4 character surname + given name, else ``other``."""
    if len(name) == 1:
        return "one"
    if is_han(name) and len(name) <= 4 and 0 < surname_length(name) < len(name):
        return "han"
    return "other"


def _short_form(name: str, longer: dict[str, str]) -> str | None:
    """The replacement of a short mention of an already replaced longer name in the same
    sentence: 操 after 曹操 → 王安石 becomes 石 (given name), 胡 after 胡锦涛 a surname."""
    for old, new in longer.items():
        if len(new) <= len(name) or len(old) <= len(name):
            continue
        if old.endswith(name):
            return new[-len(name) :]
        if old.startswith(name):
            return new[: len(name)]
    return None


def replacements_for(names: Iterable[str], choose: Chooser) -> dict[str, str]:
    """One replacement per distinct name, longest first so that short forms follow their
    full name (same replacement for the same name throughout a sentence)."""
    replacements: dict[str, str] = {}
    for name in sorted(dict.fromkeys(names), key=len, reverse=True):
        replacements[name] = _short_form(name, replacements) or choose(name) or name
    return replacements


def substitute(doc: Annotated, choose: Chooser) -> Annotated:
    """The sentence with each person span replaced by ``choose(name)``, spans moved along."""
    replacements = replacements_for((doc.text[s:e] for s, e in sorted(doc.spans)), choose)
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    position = length = 0
    for start, end in sorted(doc.spans):
        name = doc.text[start:end]
        new = replacements[name]
        parts.append(doc.text[position:start])
        length += start - position
        spans.append((length, length + len(new)))
        parts.append(new)
        length += len(new)
        position = end
    parts.append(doc.text[position:])
    return Annotated("".join(parts), tuple(spans))


def augment(
    docs: Iterable[Annotated], choose: Chooser, copies: float = 1.0, *, all_sentences: bool = True
) -> list[Annotated]:
    """Substituted copies of the sentences, ``copies`` per sentence on average (a fraction
    takes sentences spread evenly over the corpus).

    Sentences without persons are copied unchanged (``all_sentences``) so that the share
    of sentences with persons stays the corpus's own: copying only those made the model
    find names everywhere (precision fell by 0.02-0.07 on the dev sets).
    """
    chosen = [d for d in docs if all_sentences or d.spans]
    n = round(copies * len(chosen))
    return [substitute(chosen[i * len(chosen) // n], choose) for i in range(n)]


def read_authority_names(data_root: Path) -> list[str]:
    """Names of 2-4 ideographs from the authority files found under ``data_root``, in file order."""
    names: list[str] = []
    for rel, column in AUTHORITY_FILES:
        path = data_root / rel
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                name = (row.get(column) or "").strip()
                if 2 <= len(name) <= MAX_AUTHORITY_NAME and is_han(name):
                    names.append(name)
    return names


def _by_length(names: Iterable[str]) -> dict[int, list[str]]:
    pools: dict[int, list[str]] = {}
    for name in names:
        pools.setdefault(len(name), []).append(name)
    return pools


def classical_chooser(names: Sequence[str], rng: random.Random, same_length: float = 0.8) -> Chooser:
    """Replacements for pre-modern text from authority names.

    A one-character mention gets a one-character given name (the last character of a
    two-character name); longer mentions get a name of the same length (or, with
    probability ``1 - same_length``, of 2 or 3 characters, so lengths also vary).
    """
    pools = _by_length(n for n in names if is_han(n))
    two = pools.get(2, [])
    short = two + pools.get(3, [])
    if not short:
        raise ValueError("no names of two or three characters to substitute with")

    def choose(name: str) -> str:
        if len(name) == 1:
            return rng.choice(two or short)[-1]
        pool = pools.get(len(name)) if rng.random() < same_length else None
        return rng.choice(pool or short)

    return choose


def modern_chooser(names: Sequence[str], rng: random.Random, composed: float = 0.5) -> Chooser:
    """Replacements for modern text from the person spans of the same training corpus.

    A Chinese name (surname + given name) becomes, with probability ``composed``, a
    surname and a given name drawn from different training names, else another whole
    training name of that kind; one-character mentions get a surname; other names
    (foreign, Latin letters) another training name of their kind.
    """
    by_kind: dict[Kind, list[str]] = {"one": [], "han": [], "other": []}
    surnames: list[str] = []
    given: list[str] = []
    for name in names:
        kind = name_kind(name)
        by_kind[kind].append(name)
        if kind == "han":
            cut = surname_length(name)
            surnames.append(name[:cut])
            given.append(name[cut:])

    def choose(name: str) -> str:
        kind = name_kind(name)
        if kind == "one":
            return rng.choice(surnames) if surnames else name
        if kind == "han" and surnames and rng.random() < composed:
            return rng.choice(surnames) + rng.choice(given)
        pool = by_kind[kind] or by_kind["han"]
        return rng.choice(pool) if pool else name

    return choose


def span_names(docs: Iterable[Annotated]) -> list[str]:
    """The person names of the sentences, once per mention, in order."""
    return [d.text[s:e] for d in docs for s, e in d.spans]
