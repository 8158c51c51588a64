"""JSON API: search and suggest over the SearchIndex port, with the request checks the page shares."""

from __future__ import annotations

import os
import threading
import unicodedata
from enum import StrEnum
from typing import Any

from flask import Blueprint, Response, jsonify, request

from zhiren.app.backends import backends
from zhiren.errors import InputError
from zhiren.store.search.base import FACET_FIELDS, SearchQuery, SearchResult
from zhiren.store.search.query import QueryProblem, parse

blueprint = Blueprint("api", __name__, url_prefix="/api")
MAX_PAGE_SIZE = 100
MAX_QUERY_LENGTH = 200
MAX_RESULT_WINDOW = 10_000  # how deep paging reaches (Elasticsearch's default result window)
SUGGEST_LIMIT = 10
SHOWN_VALUE = 50  # how much of a refused value an error repeats


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity; every CPU where that is not known, as on macOS)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# Searches of the embedded index running at once in this process: one fewer than its CPUs, at least
# one. The others wait on the semaphore, holding neither a core nor the GIL, so a short request (a
# suggestion: 0.3 ms of lookup) competes with that many searches only, not with every server thread
# running one. On two cores under bench_search's 8 clients (embedded, 200,000 letters, by turns):
# suggest p95 24-27 ms with every thread searching, 6-7 with one at once on a quiet machine (36-42,
# 24-28 with two, 14-16 with one at load 3-9); search p95 unchanged (50-54 ms quiet), its p50 20 ->
# 25 ms and queries/s 8 % fewer (a long search holds the slot). Not for an engine in its own process
# (Elasticsearch at 1,000,000 letters): there one search at a time also brought suggest p95 from
# 45-70 to 9-15 ms, but cost a third of the queries/s and raised search p95 1.2-1.5x, since the
# engine's own threads no longer overlap.
_SEARCH_SLOTS = threading.BoundedSemaphore(max(1, usable_cpus() - 1))


def searched(query: SearchQuery) -> SearchResult:
    """The search index's answer; an embedded index's once one of the process's slots is free (_SEARCH_SLOTS)."""
    index = backends().search
    if not index.searches_in_process:
        return index.search(query)
    with _SEARCH_SLOTS:
        return index.search(query)


class ParamProblem(StrEnum):
    """Why a request parameter is refused, as the ``reason`` of its InputError: pages say it in
    the reader's language from this code and the details (templates/_problem.html)."""

    NOT_INTEGER = "not_integer"  # details: value
    OUT_OF_RANGE = "out_of_range"  # details: low, high
    NOT_A_PAGE = "not_a_page_number"  # details: value
    NOT_A_TYPE = "not_a_type"
    YEARS_REVERSED = "years_reversed"  # details: year_from, year_to
    TOO_DEEP = "too_deep"  # details: limit


def _int_arg(name: str, default: int | None, low: int = 0, high: int = 10**6) -> int | None:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    text = raw.strip()
    if not (text.isascii() and text.lstrip("+-").isdigit()):  # int() would take ² or ٣
        raise InputError(
            f"must be an integer, got {raw!r}", field=name, reason=ParamProblem.NOT_INTEGER, value=raw[:SHOWN_VALUE]
        )
    value = int(text)
    if not low <= value <= high:
        raise InputError(
            f"must be between {low} and {high}", field=name, reason=ParamProblem.OUT_OF_RANGE, low=low, high=high
        )
    return value


def clean_query(raw: str, field: str = "q") -> str:
    """The query as searched and echoed: control, format (bidi) and private-use characters
    removed, whitespace runs made one space; longer than MAX_QUERY_LENGTH is refused (400),
    never searched cut and echoed whole."""
    kept = "".join(
        " " if c.isspace() else c for c in raw if c.isspace() or unicodedata.category(c) not in {"Cc", "Cf", "Co", "Cs"}
    )
    query = " ".join(kept.split())
    if len(query) > MAX_QUERY_LENGTH:
        raise InputError(
            f"is {len(query)} characters long; at most {MAX_QUERY_LENGTH} are searched",
            field=field,
            reason=QueryProblem.TOO_LONG,
            length=len(query),
            limit=MAX_QUERY_LENGTH,
        )
    return query


def search_query() -> SearchQuery:
    """The query of the current request, validated; shared by the page and the API."""
    kind = request.args.get("type") or None
    if kind not in (None, "person", "document"):
        raise InputError("must be person or document", field="type", reason=ParamProblem.NOT_A_TYPE)
    q = clean_query(request.args.get("q", ""))
    if request.args.get("q", "").strip() and not q:
        raise InputError(
            "nothing to search for: only control or formatting characters", field="q", reason=QueryProblem.NOTHING
        )
    parse(q)  # a query with nothing to search for is refused here, before any backend runs
    year_from = _int_arg("year_from", None, -3000, 3000)
    year_to = _int_arg("year_to", None, -3000, 3000)
    if year_from is not None and year_to is not None and year_from > year_to:
        raise InputError(
            f"year_from {year_from} is after year_to {year_to}",
            field="year_from",
            reason=ParamProblem.YEARS_REVERSED,
            year_from=year_from,
            year_to=year_to,
        )
    size = _int_arg("size", 20, 1, MAX_PAGE_SIZE) or 20
    page = _int_arg("page", 1, 1, MAX_RESULT_WINDOW) or 1
    if page * size > MAX_RESULT_WINDOW:
        raise InputError(
            f"only the first {MAX_RESULT_WINDOW} results can be paged: narrow the search",
            field="page",
            reason=ParamProblem.TOO_DEEP,
            limit=MAX_RESULT_WINDOW,
        )
    filters = {f: clean_query(request.args[f], f) for f in FACET_FIELDS if request.args.get(f, "").strip()}
    return SearchQuery(
        q=q,
        type=kind,  # type: ignore[arg-type]
        filters={f: v for f, v in filters.items() if v},
        year_from=year_from,
        year_to=year_to,
        page=page,
        size=size,
    )


def last_page(total: int, size: int) -> int:
    return max(1, -(-min(total, MAX_RESULT_WINDOW) // size))


@blueprint.get("/search")
def search() -> Response:
    """Hits, facets with counts, the query as searched, and a similar name when none matched exactly."""
    query = search_query()
    result = searched(query)
    # Built by hand: dataclasses.asdict deep-copies every hit's data, a tenth of a request's time.
    hits = [
        {
            "id": h.id,
            "type": h.type,
            "title": h.title,
            "score": h.score,
            "match": h.match,
            "snippet_html": h.snippet,
            "data": h.data,
        }
        for h in result.hits
    ]
    body: dict[str, Any] = {
        "query": query.q,
        "total": result.total,
        "page": result.page,
        "size": result.size,
        "pages": last_page(result.total, result.size),
        "hits": hits,
        "facets": {k: [{"value": v, "count": n} for v, n in values] for k, values in result.facets.items()},
        "did_you_mean": result.did_you_mean,
    }
    return jsonify(body)


@blueprint.get("/suggest")
def suggest() -> Response:
    """Up to 10 person names starting with ``q`` (Han in either script, pinyin or Wade-Giles), as one types."""
    q = clean_query(request.args.get("q", ""))
    limit = _int_arg("limit", SUGGEST_LIMIT, 1, SUGGEST_LIMIT) or SUGGEST_LIMIT
    found = backends().search.suggest(q, limit) if q else []
    return jsonify({"query": q, "suggestions": [{"id": s.id, "name": s.name, "title": s.title} for s in found]})
