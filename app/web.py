"""Pages and health: what the stores hold, and whether each backend answers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from zhiren.app.api import search_query
from zhiren.app.backends import backends
from zhiren.app.presentation import holdings, mention_views, related, segments
from zhiren.app.search_view import search_page
from zhiren.authority.model import DocumentKind
from zhiren.errors import BackendUnavailable

blueprint = Blueprint("web", __name__)


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
def search() -> str:
    """Hits with facets and pages; without words or filters, how to search."""
    query = search_query()
    asked = query.q or query.filters or query.year_from is not None or query.year_to is not None
    result = backends().search.search(query) if asked else None
    return render_template("search.html", query=query, result=result, page=search_page(query, result))


@blueprint.get("/person/<person_id>")
def person(person_id: str) -> ResponseReturnValue:
    graph = backends().graph
    record = graph.get_person(person_id)
    if record.redirected_from:
        return redirect(url_for("web.person", person_id=record.person.id), code=301)
    names: dict[str, list[str]] = {}
    for name in record.names:
        names.setdefault(name.type.value, []).append(name.text)
    return render_template(
        "person.html", record=record, names=names, related=related(record, graph), mentions=mention_views(record, graph)
    )


@blueprint.get("/document/<document_id>")
def document(document_id: str) -> str:
    graph = backends().graph
    doc, mentions = graph.get_document(document_id)
    catalogue = [m for m in mentions if m.start < 0]
    work = holdings(doc, graph) if doc.kind == DocumentKind.WORK else []
    return render_template(
        "document.html", doc=doc, segments=segments(doc, mentions), catalogue=catalogue, holdings=work
    )
