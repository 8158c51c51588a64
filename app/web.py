"""Pages and health: what the stores hold, whether each backend answers, persons and documents."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup, escape

from zhiren.app.api import SHOWN_VALUE, ParamProblem, clean_query, search_query, searched
from zhiren.app.backends import backends
from zhiren.app.errors import wants_json
from zhiren.app.i18n import label, translate
from zhiren.app.presentation import (
    MENTION_LIMIT,
    DateView,
    PersonPage,
    document_page,
    person_json,
    person_page,
    shown_date,
)
from zhiren.app.search_view import search_page
from zhiren.authority.model import HistDate
from zhiren.errors import BackendUnavailable, InputError
from zhiren.store.search.base import SearchQuery

blueprint = Blueprint("web", __name__)
MENTIONS_PER_PAGE = 200  # a person page lists its mentions a row per document by date, this many rows at a time


@blueprint.app_context_processor
def links() -> dict[str, Callable[[str], str]]:
    """``person_url(id)`` and ``document_url(id)``: url_for once per page, not once per row (a page
    of 2,000 mentions links each several times)."""
    person_prefix = url_for("web.person", person_id="_")[:-1]
    document_prefix = url_for("web.document", document_id="_")[:-1]
    return {
        "person_url": lambda person_id: person_prefix + quote(person_id, safe=""),
        "document_url": lambda document_id: document_prefix + quote(document_id, safe=""),
    }


def searched_words() -> str:
    """The words of ``?q=`` as the search reads them (control characters out, spaces folded), or
    nothing when they are too long to search: what the search box shows, never the raw parameter."""
    try:
        return clean_query(request.args.get("q", ""))
    except InputError:
        return ""


@blueprint.app_context_processor
def search_box() -> dict[str, str]:
    return {"search_box": searched_words()}


@blueprint.app_template_filter("when")
@lru_cache(maxsize=4096)
def when(date: HistDate | None) -> Markup:
    """A date as the source wrote it, with the Western date beside it when that says something else.

    Cached: a person page shows each letter's date twice (under its correspondent and in the
    timeline), and letters share dates; the markup of a date never changes."""
    if date is None:
        return Markup("")
    iso = date.iso()
    if not iso or iso == date.text:
        return escape(date.text)
    iso = escape(iso)  # plain concatenation: Markup.format cost a fifth of a 2,000-letter page
    return Markup(f'{escape(date.text)} <time datetime="{iso}">({iso})</time>')


@blueprint.app_template_filter("shown_date")
def shown_date_filter(date: Mapping[str, str | None] | None) -> DateView | None:
    """A date of a search hit's data (``{"text", "iso"}``) as the person page shows it: 民国五年 (1916)."""
    return None if not date else shown_date(date.get("text") or "", date.get("iso"))


def _probe(kind: str) -> dict[str, Any]:
    settings = backends().settings
    name = settings.graph if kind == "graph" else settings.search
    try:
        if kind == "graph":
            return {"backend": name, "ok": True, "counts": backends().graph.counts()}
        return {"backend": name, "ok": True, "counts": {"entries": backends().search.count()}}
    except BackendUnavailable as exc:
        return {"backend": name, "ok": False, "error": exc.message}


@blueprint.get("/health")
def health() -> tuple[Response, int]:
    """200 when every backend answers, 503 naming the one that doesn't."""
    stores = {"graph": _probe("graph"), "search": _probe("search")}
    ok = all(s["ok"] for s in stores.values())
    return jsonify({"status": "ok" if ok else "unavailable", **stores}), 200 if ok else 503


@blueprint.get("/")
def index() -> str:
    return render_template("index.html", graph=_probe("graph"), search=_probe("search"))


@blueprint.get("/search")
def search() -> ResponseReturnValue:
    """Hits with facets and pages; without words or filters, how to search. A query refused
    (nothing to search for, too long, a bad number) is said on the search page, in the reader's
    language and with the syntax, as a 400: never an error page of another language."""
    try:
        query = search_query()
    except InputError as problem:
        if wants_json():
            raise
        shown = SearchQuery(searched_words())
        page = search_page(shown, None)
        return render_template("search.html", query=shown, result=None, page=page, problem=problem), 400
    asked = query.q or query.filters or query.year_from is not None or query.year_to is not None
    result = searched(query) if asked else None
    return render_template("search.html", query=query, result=result, page=search_page(query, result))


def person_uri(person_id: str) -> str:
    """The stable URI a citation gives (the linked-data base, as the RDF names the person)."""
    return f"{backends().settings.base_uri}person/{person_id}"


@blueprint.get("/person/<person_id>")
def person(person_id: str) -> ResponseReturnValue:
    graph = backends().graph
    record = graph.get_person(person_id, mention_limit=MENTION_LIMIT)
    if record.redirected_from:
        return redirect(url_for("web.person", person_id=record.person.id), code=301)
    page = person_page(record, graph)
    pages = max(1, -(-len(page.mentions) // MENTIONS_PER_PAGE))
    number = min(_page_number("mentions"), pages)
    return render_template(
        "person.html",
        page=page,
        mentions=page.mentions[(number - 1) * MENTIONS_PER_PAGE : number * MENTIONS_PER_PAGE],
        mention_pages=(number, pages),
        mention_limit=MENTION_LIMIT,
        timeline=_timeline_items(page),
        uri=person_uri(record.person.id),
        retrieved=date.today().isoformat(),
    )


def _page_number(name: str) -> int:
    """A page number from the query string; past the last page reads as the last."""
    raw = request.args.get(name, "1")
    if not raw.isdecimal() or int(raw) < 1:
        raise InputError(
            f"must be a page number from 1, got {raw!r}",
            field=name,
            reason=ParamProblem.NOT_A_PAGE,
            value=raw[:SHOWN_VALUE],
        )
    return int(raw)


def _timeline_items(page: PersonPage) -> list[dict[str, Any]]:
    """The timeline as vis-timeline items: a Western date, the label in the reader's language, a link."""
    document_url = links()["document_url"]
    return [
        {
            "id": index,
            "start": f"{item.date.year:04d}-{item.date.month or 1:02d}-{item.date.day or 1:02d}",
            "content": item.text if item.document_id else translate(item.text),
            "title": f"{item.date.text} · {label(item.kind)}",
            "className": f"tl-{item.kind}",
            "href": document_url(item.document_id) if item.document_id else None,
        }
        for index, item in enumerate(page.timeline)
        if item.date.year is not None
    ]


@blueprint.get("/person/<person_id>.json")
def person_download(person_id: str) -> ResponseReturnValue:
    """The person as JSON (names, dates, kin and letters with the evidence ids), to cite or reuse."""
    graph = backends().graph
    record = graph.get_person(person_id, mention_limit=MENTION_LIMIT)
    if record.redirected_from:
        return redirect(url_for("web.person_download", person_id=record.person.id), code=301)
    response = jsonify(person_json(record, person_uri(record.person.id)))
    response.headers["Content-Disposition"] = f'attachment; filename="{record.person.id}.json"'
    return response


@blueprint.get("/document/<document_id>")
def document(document_id: str) -> str:
    graph = backends().graph
    doc, mentions = graph.get_document(document_id)
    return render_template("document.html", page=document_page(doc, mentions, graph))
