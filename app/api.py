"""JSON API: search over the SearchIndex port."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Blueprint, Response, jsonify, request

from zhiren.app.backends import backends
from zhiren.errors import InputError
from zhiren.store.search.base import FACET_FIELDS, SearchQuery

blueprint = Blueprint("api", __name__, url_prefix="/api")
MAX_PAGE_SIZE = 100


def _int_arg(name: str, default: int | None, low: int = 0, high: int = 10**6) -> int | None:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InputError(f"must be an integer, got {raw!r}", field=name) from None
    if not low <= value <= high:
        raise InputError(f"must be between {low} and {high}", field=name)
    return value


def search_query() -> SearchQuery:
    """The query of the current request, validated; shared by the page and the API."""
    kind = request.args.get("type") or None
    if kind not in (None, "person", "document"):
        raise InputError("must be person or document", field="type")
    return SearchQuery(
        q=request.args.get("q", "")[:200],
        type=kind,  # type: ignore[arg-type]
        filters={f: request.args[f] for f in FACET_FIELDS if request.args.get(f)},
        year_from=_int_arg("year_from", None, -3000, 3000),
        year_to=_int_arg("year_to", None, -3000, 3000),
        page=_int_arg("page", 1, 1, 10_000) or 1,
        size=_int_arg("size", 20, 1, MAX_PAGE_SIZE) or 20,
    )


@blueprint.get("/search")
def search() -> Response:
    result = backends().search.search(search_query())
    body: dict[str, Any] = asdict(result)
    body["facets"] = {k: [{"value": v, "count": n} for v, n in values] for k, values in result.facets.items()}
    for hit in body["hits"]:
        hit["snippet_html"] = hit.pop("snippet")
    return jsonify(body)
