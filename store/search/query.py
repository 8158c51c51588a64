"""The query syntax of the search page and API, parsed once into clauses both backends translate.

- words separated by spaces must all match (AND; writing AND is allowed);
- ``"a phrase"`` (also “…”, 「…」, 『…』) matches its characters in a row, spaces inside ignored
  between Chinese characters; an unclosed quote runs to the end of the query;
- ``a OR b`` matches either; OR binds tighter than the spaces (``盛宣怀 铁路 OR 铁厂`` is
  盛宣怀 and either of the others);
- ``NOT word`` or ``-word`` (also before a phrase) must not match;
- AND, OR and NOT are operators only in capitals (``or`` is a word).

Each word is cut like indexed text (:mod:`store.search.analysis`): a run of Chinese characters
becomes a phrase of consecutive bigrams, so 杏荪 matches exactly wherever it stands. A query
that is a plain name (no operators or quotes) is also looked up by its whole-name key
(:mod:`store.search.keys`), and so is each word of a query that is only words joined by OR
(``盛宫保 OR 张香帅``: both persons rank above the letters naming them). A query with nothing to
search for (punctuation, operators, control characters only) or with every term excluded is
refused with a message, never run unfiltered.

A query of one Han character (盛; exclusions allowed) is a surname or a name's character more often
than a word, and its only term is a prefix of the index tokens, which the backends score apart
(FTS5's bm25 counts the tokens it covers, Elasticsearch scores a prefix as a constant). So it ranks
by rules both backends apply alike (:attr:`ParsedQuery.field_scored`): a one-character preferred
name, then the persons whose preferred name has it as the surname (keys.SURNAMED), then those
whose preferred name begins with it where it is no surname (keys.INITIAL: 道 of the monk 道安),
then everything else; within each, by where the character stands, the fields' weights summed
(names 5, title 3, text 1: a preferred name holding it before a variant name alone); then the
earliest year first (birth, or the document's date; none last), then the id. 盛 lists 盛康
(1814), 盛宣怀 (1844) and the rest of the family, then the letters naming them by date. Any query
holding a one-character term ranks alike: each term's fields summed, a word's (铁路 of 盛 铁路) as
a character's, since BM25 over a prefix and a word is the sum of two scores the backends compute
apart; and so does a single romanised word (Sheng, chang, xingsun), whose BM25 the backends
compute apart too: Sheng lists the persons surnamed 盛 by birth, as 盛 does, then those whose name
begins with a 聖 or 勝 that is no surname (the DDBC's 聖德太子, born 574, and its monks).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from zhiren.errors import InputError
from zhiren.store.search.analysis import fold, query_runs, run_tokens
from zhiren.store.search.keys import query_keys

OPERATORS = frozenset({"AND", "OR", "NOT"})
_QUOTES = str.maketrans(dict.fromkeys("“”„「」『』＂", '"'))
_ITEM = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_HAN_GAP = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff])\s+(?=[\u3400-\u9fff\uf900-\ufaff])")


class QueryProblem(StrEnum):
    """Why a query is refused, as the ``reason`` of its InputError: the search page says it in the
    reader's language from this code, the API gives both."""

    NOTHING = "nothing_to_search"  # punctuation, operators, control characters only
    EXCLUDED = "all_excluded"  # every term under NOT or -
    TOO_LONG = "too_long"  # longer than the page searches (details: length, limit)


@dataclass(frozen=True)
class QueryTerm:
    """A phrase of consecutive index tokens, or (one Han character) a prefix of tokens."""

    tokens: tuple[str, ...]
    prefix: bool = False


Conjunction = tuple[QueryTerm, ...]  # every term must match


@dataclass(frozen=True)
class Clause:
    """One AND-ed part of a query: any of its alternatives matches; negated ones must not."""

    alternatives: tuple[Conjunction, ...]
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    clauses: tuple[Clause, ...] = ()
    keys: tuple[str, ...] = ()  # whole-name keys of a plain-name query or of names OR-ed (keys.query_keys)
    highlights: tuple[str, ...] = ()  # folded runs of the positive terms, for snippets

    @property
    def romanised_key(self) -> str:
        """The whole-name key of a romanised plain-name query ("Sheng Hsuan-huai"), else "": its
        matches are highlighted by the Han names of the persons it names, as the text has no Latin."""
        key = self.keys[0] if self.keys else ""
        return key if key.isascii() else ""

    def highlighting(self, names: Iterable[str]) -> tuple[str, ...]:
        """The snippet needles with ``names`` (persons a romanised query named) added, folded."""
        return tuple(dict.fromkeys([*self.highlights, *(fold(n) for n in names)]))

    @property
    def field_scored(self) -> tuple[QueryTerm, ...]:
        """The positive terms when one of them is a single Han character (盛, 盛 铁路; exclusions
        aside) or the query is one romanised word, else none: such a query ranks by the fields each
        term is in, not by BM25 (see the module's docstring)."""
        terms = tuple(t for c in self.positive for conjunction in c.alternatives for t in conjunction)
        if any(t.prefix for t in terms):
            return terms
        match terms:
            case (QueryTerm(tokens=(word,)),) if word.isascii() and word.isalpha():
                return terms
        return ()

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.negated)

    @property
    def negative(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.negated)


def _terms(text: str, phrase: bool) -> tuple[QueryTerm, ...]:
    """A word: one term per run of Han or Latin characters; a phrase: one term of all its runs' tokens."""
    runs = query_runs(_HAN_GAP.sub("", text) if phrase else text)
    if not runs:
        return ()
    if phrase and len(runs) > 1:
        return (QueryTerm(tuple(t for run in runs for t in run_tokens(run))),)
    return tuple(QueryTerm(tuple(run_tokens(run)), prefix=_is_single_han(run)) for run in runs)


def _is_single_han(run: str) -> bool:
    return len(run) == 1 and not run.isascii()


def parse(query: str) -> ParsedQuery:
    """Clauses of ``query``; an empty query gives none (browse by filters); InputError for a
    query that holds text but nothing to search for, or only excluded terms."""
    clauses: list[Clause] = []
    highlights: list[str] = []
    negate_next = join_next = False
    plain = True
    words: list[str] = []  # the words, when the query is only words and ORs (names OR-ed)
    for match in _ITEM.finditer(query.translate(_QUOTES)):
        dash, quoted, word = match.groups()
        if word is not None and word in OPERATORS:
            plain = False
            negate_next |= word == "NOT"
            join_next = word == "OR" and bool(clauses)
            continue
        negated = negate_next or bool(dash) or (word is not None and word.startswith("-") and len(word) > 1)
        text = quoted if quoted is not None else word.removeprefix("-") if negated else word
        plain = plain and quoted is None and not negated
        terms = _terms(text, phrase=quoted is not None)
        if not terms:
            continue
        words.append(text if quoted is None and not negated else "")
        if join_next and clauses[-1].negated == negated:
            clauses[-1] = Clause((*clauses[-1].alternatives, terms), negated)
        else:
            clauses.append(Clause((terms,), negated))
        if not negated:
            highlights += query_runs(text)
        negate_next = join_next = False
    if query.strip() and not clauses:
        raise InputError(
            "nothing to search for: no Chinese characters, letters or digits outside quotes and operators",
            field="q",
            reason=QueryProblem.NOTHING,
        )
    if clauses and not any(not c.negated for c in clauses):
        raise InputError(
            "every term is excluded (NOT or -): add a term to search for", field="q", reason=QueryProblem.EXCLUDED
        )
    if plain and clauses:
        keys = query_keys(query)
    elif len(clauses) == 1 and all(words):  # one clause of words OR-ed: each may name someone
        keys = tuple(dict.fromkeys(key for word in words for key in query_keys(word)))
    else:
        keys = ()
    return ParsedQuery(tuple(clauses), keys, tuple(dict.fromkeys(highlights)))
