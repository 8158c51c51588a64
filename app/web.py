"""Pages and health: what the stores hold, and whether each backend answers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, render_template

from app.backends import backends
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
