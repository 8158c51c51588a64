"""What the search page shows around the hits: facets with counts, the filters in force, the pages.

Every link is built from the query as searched (:class:`SearchQuery`), so it keeps the words,
the result type, every filter, the year range and the page size; choosing a facet or a type
goes back to page 1, and a page link changes the page only. Kept out of the template so that
stays a layout.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from flask import url_for

from zhiren.app.api import last_page
from zhiren.authority.model import NameType
from zhiren.store.search.base import FACET_FIELDS, SearchQuery, SearchResult
from zhiren.store.search.eras import first_year

# Each facet's heading (a label of the message catalogue) and how many values it shows.
FACET_TITLES = {
    "kind": "文献类型",
    "collection": "全宗",
    "dynasty": "朝代",
    "era": "年号",
    "native_place": "籍贯",
    "surname": "姓氏",
    "name_types": "名号类型",
    "decade": "年代",
}
FACET_VALUES_SHOWN = 12  # the rest fold under "more", up to FACET_VALUES_LISTED
FACET_VALUES_LISTED = 50  # Elasticsearch's buckets per facet (store.search.elasticsearch.FACET_BUCKETS)
TIME_FACETS = frozenset({"decade", "dynasty", "era"})
NAME_TYPE_ORDER = {t.value: i for i, t in enumerate(NameType)}
PAGE_WINDOW = 2  # pages shown on each side of the current one, besides the first and the last


def search_url(query: SearchQuery, **changes: Any) -> str:
    """/search for ``query`` with ``changes`` (filters: a dict replacing them; page); defaults left out."""
    changed = replace(query, **changes)
    args: dict[str, Any] = {
        "q": changed.q,
        "type": changed.type,
        **changed.filters,
        "year_from": changed.year_from,
        "year_to": changed.year_to,
        "size": changed.size if changed.size != SearchQuery.size else None,
        "page": changed.page if changed.page != 1 else None,
    }
    return url_for("web.search", **{k: v for k, v in args.items() if v not in (None, "")})


@dataclass
class FacetValue:
    value: str
    count: int
    url: str  # toggles this value: sets it, or removes it when it is on
    on: bool


@dataclass
class Facet:
    field: str
    title: str
    values: list[FacetValue]
    more: list[FacetValue]  # past the first FACET_VALUES_SHOWN: folded, but reachable


@dataclass
class PageLink:
    number: int | None  # None: a gap (…)
    url: str = ""
    current: bool = False


@dataclass
class SearchPage:
    query: SearchQuery
    result: SearchResult | None
    facets: list[Facet]
    pages: list[PageLink]
    previous_url: str | None
    next_url: str | None
    last_page: int
    first_number: int  # the number of the first hit on this page (numbering continues across pages)
    past_end: bool  # a page after the last: say so, never "N results" over an empty list
    last_page_url: str
    type_urls: dict[str | None, str]
    did_you_mean_url: str | None


def _in_reading_order(field: str, values: list[FacetValue]) -> list[FacetValue]:
    """A time facet's values (decade, dynasty, reign era) in time's order, as a historian reads
    them (道光 咸丰 同治 光绪), values of unknown date after them as counted; name types in the
    person page's order (名 字 号 … romanisation); other facets as counted."""
    if field == "name_types":
        return sorted(values, key=lambda v: NAME_TYPE_ORDER.get(v.value, len(NAME_TYPE_ORDER)))
    if field not in TIME_FACETS:
        return values
    starts = {v.value: first_year(field, v.value) for v in values}
    return sorted(values, key=lambda v: (starts[v.value] is None, starts[v.value] or 0))


def _facets(query: SearchQuery, result: SearchResult) -> list[Facet]:
    facets = []
    for field in FACET_FIELDS:
        values = []
        for value, count in result.facets.get(field, [])[:FACET_VALUES_LISTED]:
            on = query.filters.get(field) == value
            filters = {k: v for k, v in query.filters.items() if k != field} | ({} if on else {field: value})
            values.append(FacetValue(value, count, search_url(query, filters=filters, page=1), on))
        if values:
            # which values show is decided by their counts, the order they show in by time or type
            shown, more = values[:FACET_VALUES_SHOWN], values[FACET_VALUES_SHOWN:]
            ordered = _in_reading_order(field, shown), _in_reading_order(field, more)
            facets.append(Facet(field, FACET_TITLES[field], *ordered))
    return facets


def _pages(query: SearchQuery, last: int) -> list[PageLink]:
    wanted = {1, last, *range(query.page - PAGE_WINDOW, query.page + PAGE_WINDOW + 1)}
    links: list[PageLink] = []
    for number in sorted(n for n in wanted if 1 <= n <= last):
        if links and links[-1].number is not None and number - links[-1].number > 1:
            links.append(PageLink(None))
        links.append(PageLink(number, search_url(query, page=number), number == query.page))
    return links


def search_page(query: SearchQuery, result: SearchResult | None) -> SearchPage:
    types = {t: search_url(query, type=t, page=1) for t in (None, "person", "document")}
    if result is None:
        return SearchPage(query, None, [], [], None, None, 1, 1, False, search_url(query), types, None)
    last = last_page(result.total, result.size)
    return SearchPage(
        query=query,
        result=result,
        facets=_facets(query, result),
        pages=_pages(query, last) if last > 1 else [],
        previous_url=search_url(query, page=min(query.page - 1, last)) if query.page > 1 else None,
        next_url=search_url(query, page=query.page + 1) if query.page < last else None,
        last_page=last,
        first_number=(query.page - 1) * query.size + 1,
        past_end=query.page > last,
        last_page_url=search_url(query, page=last),
        type_urls=types,
        did_you_mean_url=search_url(query, q=result.did_you_mean, page=1) if result.did_you_mean else None,
    )
