"""Checks a SPARQL query before any store sees it: a query (not an update) that reaches no other server.

Parsing is pyoxigraph's (an empty in-memory store parses the query and evaluates nothing until
read, so a syntax error comes back with its line and column for both adapters alike).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pyoxigraph import QueryBoolean, QuerySolutions, Store

from zhiren.store.triples.base import QueryRejected, ResultKind

# What can hold the word SERVICE without being the keyword: strings, IRIs, comments, variables,
# prefixed names. Removed before the keyword is looked for.
_NOT_KEYWORDS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*"
    r"|[?$]\w+"
    r"|[^\W\d][\w.-]*:[\w.-]*|:[\w.-]*",
)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_UPDATE = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)
_EMPTY = Store()
# The endpoint checks a query to pick its answer's media type, then the adapter checks it again
# before running it, and clients repeat their queries (a page's examples, a dashboard's polls):
# a check costs 50-190 µs for a worked example (pyoxigraph's parse and the keyword scan), more than
# Oxigraph takes to answer the smaller ones. The kind is a function of the text alone, and a rejected
# query raises, which is never cached. At the endpoint's 100,000-character cap 64 entries hold 6.4 MB.
CHECKED_QUERIES = 64


@lru_cache(maxsize=CHECKED_QUERIES)
def check_query(sparql: str) -> ResultKind:
    """The kind of result ``sparql`` gives; raises QueryRejected (with the parser's message and
    position) unless it is a plain query."""
    keywords = _NOT_KEYWORDS.sub(" ", sparql)
    try:
        parsed = _EMPTY.query(sparql)
    except SyntaxError as exc:
        if _UPDATE.search(keywords):
            raise QueryRejected("SPARQL updates are not accepted here: the store is read-only", field="query") from None
        raise QueryRejected(f"SPARQL syntax {exc}", field="query") from None
    if _SERVICE.search(keywords):
        raise QueryRejected("SERVICE is not allowed: this endpoint queries its own data only", field="query")
    if isinstance(parsed, QueryBoolean):
        return "boolean"
    return "solutions" if isinstance(parsed, QuerySolutions) else "graph"
