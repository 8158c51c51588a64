"""The reconciliation service OpenRefine speaks (W3C Reconciliation API 0.2) at ``/reconcile``.

``/reconcile`` answers names as stored; ``/reconcile/zh-Hans``, ``/reconcile/zh-Hant`` and
``/reconcile/en`` (pinyin) are each a whole service in that language, since the 0.2 query
has no ``lang``. Every answer carries CORS headers (OpenRefine and the W3C testbench call
from the browser). Errors are JSON ``{"error": {"code", "message", "details": {"field"}}}``:
400 for a bad query, 413 over ``batchSize``. Previews and feature pages are loaded by
OpenRefine in ``<iframe sandbox="">``: plain HTML and inline CSS, no scripts, and a
Content-Security-Policy that forbids them. Under ``zhiren serve`` the batches (``queries``, ``extend``)
are answered by worker processes (``app.reconcile_worker``), so that several clients' batches run at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from zhiren.app.backends import backends
from zhiren.app.presentation import related
from zhiren.app.reconcile_match import (
    EXTEND_PROPERTIES,
    MATCHED_PREFIX,
    NO_SURNAME,
    Reconciler,
    name_kind_label,
    name_kind_slug,
    render_label,
    render_name,
)
from zhiren.app.reconcile_queries import BATCH_SIZE, PERSON_TYPE, QUERY_PROPERTIES
from zhiren.app.reconcile_worker import EXTENSION as WORKERS
from zhiren.app.reconcile_worker import FIELDS, ReconcileWorkers, answer
from zhiren.authority import resolver
from zhiren.authority.model import NameType
from zhiren.errors import InputError, NotFound, ZhirenError

blueprint = Blueprint("reconcile", __name__, url_prefix="/reconcile")
LANG_RULE = "/<any('zh-Hans','zh-Hant','en'):lang>"
PREVIEW_SIZE = (430, 300)
PREVIEW_ROWS = 12  # kin and correspondents each shown in a preview
MAX_SUGGESTIONS = 20
PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def _route(rule: str, **options: Any) -> Callable[[Callable[..., ResponseReturnValue]], Callable[..., Any]]:
    """Register a view under /reconcile and under each language's /reconcile/<lang>."""

    def register(view: Callable[..., ResponseReturnValue]) -> Callable[..., Any]:
        blueprint.add_url_rule(rule, view_func=view, defaults={"lang": None}, **options)
        blueprint.add_url_rule(LANG_RULE + rule, view_func=view, **options)
        return view

    return register


@blueprint.after_request
def _cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    return response


@blueprint.errorhandler(ZhirenError)
def _error(exc: ZhirenError) -> tuple[Response, int]:
    return jsonify(exc.to_json()), exc.http_status


@blueprint.errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> tuple[Response, int]:
    code = (exc.name or "error").lower().replace(" ", "_")
    return jsonify({"error": {"code": code, "message": exc.description or code, "details": {}}}), exc.code or 500


def _field(name: str) -> str | None:
    """A form field of a POST (OpenRefine) or a query parameter of a GET (the testbench's extend).

    Asked by membership, not ``.get``: werkzeug's ``MultiDict.get`` raises and catches a
    ``BadRequestKeyError`` (an HTTPException, costly to build) for each missing key, and a batch
    asked for five missing ones."""
    for values in (request.form, request.args):
        if name in values:
            return values[name]
    return None


def _reconciler(lang: str | None) -> Reconciler:
    return Reconciler(backends().graph, backends().search, lang)


@_route("", methods=["GET", "POST"])
def service(lang: str | None) -> ResponseReturnValue:
    """The manifest, or the answers to ``queries``, or the data of ``extend``: by the server's reconciliation
    workers when it has them (``zhiren serve``), else in this thread."""
    for field in FIELDS:
        text = _field(field)
        if text is None:
            continue
        workers: ReconcileWorkers | None = current_app.extensions.get(WORKERS)
        if workers is not None:
            status, body = workers.answer(field, lang, text)
        else:
            status, body = answer(backends().graph, backends().search, lang, field, text)
        return Response(body, status=status, mimetype="application/json")
    return jsonify(manifest(lang))


def _type(lang: str | None) -> dict[str, str]:
    return {"id": PERSON_TYPE, "name": _reconciler(lang).type_name(), "description": "a historical person 历史人物"}


def manifest(lang: str | None) -> dict[str, Any]:
    """Ids are the persons' URIs under ``ZHIREN_BASE_URI``; the pages and services are on this host."""
    root = url_for(".service", lang=lang, _external=True)
    site = request.host_url.rstrip("/")
    base = backends().settings.base_uri
    suffix = f" ({lang})" if lang else ""
    return {
        "versions": ["0.2"],
        "name": f"Zhiren 知人 person-name authority{suffix}",
        "identifierSpace": f"{base}person/",
        "schemaSpace": f"{base}ontology#",
        "view": {"url": f"{site}/person/{{{{id}}}}"},
        "feature_view": {"url": f"{root}/features/{{{{id}}}}"},
        "preview": {"url": f"{root}/preview/{{{{id}}}}", "width": PREVIEW_SIZE[0], "height": PREVIEW_SIZE[1]},
        "defaultTypes": [_type(lang)],
        "suggest": {
            kind: {"service_url": root, "service_path": f"/suggest/{kind}"} for kind in ("entity", "type", "property")
        },
        "extend": {
            "propose_properties": {"service_url": root, "service_path": "/propose_properties"},
            "property_settings": [],
        },
        "batchSize": BATCH_SIZE,
    }


def _prefix() -> str:
    prefix = request.args.get("prefix", "").strip()
    if not prefix:
        raise InputError("give the text typed so far as ?prefix=", field="prefix")
    return prefix[:100]


@_route("/suggest/entity")
def suggest_entity(lang: str | None) -> Response:
    """Persons whose name (Han, pinyin or Wade-Giles) starts with the prefix."""
    reconciler = _reconciler(lang)
    graph = backends().graph
    result = []
    for suggestion in backends().search.suggest(_prefix(), MAX_SUGGESTIONS):
        try:
            person = graph.get_person(suggestion.id, mention_limit=0).person
        except NotFound:  # the index may lag a merge for a moment
            continue
        item = {"id": person.id, "name": render_name(person.preferred_name, lang)}
        if description := reconciler.describe(person):
            item["description"] = description
        result.append(item)
    return jsonify({"result": result})


@_route("/suggest/type")
def suggest_type(lang: str | None) -> Response:
    prefix = _prefix().lower()
    kind = _type(lang)
    return jsonify({"result": [kind] if any(w.lower().startswith(prefix) for w in kind["name"].split()) else []})


def _properties(prefix: str = "") -> list[dict[str, str]]:
    """Properties a query may use (with a description) and those data extension returns."""
    found: dict[str, dict[str, str]] = {}
    for prop in QUERY_PROPERTIES.values():
        found[prop.id] = {"id": prop.id, "name": prop.name, "description": prop.description}
    for pid, name in EXTEND_PROPERTIES.items():
        found.setdefault(pid, {"id": pid, "name": name})
    words = prefix.lower()
    return [p for p in found.values() if not words or p["id"].startswith(words) or words in p["name"].lower()]


@_route("/suggest/property")
def suggest_property(lang: str | None) -> Response:
    return jsonify({"result": _properties(_prefix())})


@_route("/propose_properties")
def propose_properties(lang: str | None) -> Response:
    kind = request.args.get("type", PERSON_TYPE)
    if kind != PERSON_TYPE:
        raise InputError(f"unknown type {kind!r}; this service holds {PERSON_TYPE}", field="type")
    raw_limit = request.args.get("limit", "")
    if raw_limit and not raw_limit.isdigit():
        raise InputError("must be a whole number", field="limit")
    proposals = [{"id": pid, "name": name} for pid, name in EXTEND_PROPERTIES.items()]
    limit = int(raw_limit) if raw_limit else len(proposals)
    return jsonify({"type": PERSON_TYPE, "limit": limit, "properties": proposals[:limit]})


def _page(html: str, status: int = 200) -> Response:
    """A preview or feature page; a missing one is a JSON error to a client that asks for JSON."""
    if status == 404 and request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json":
        raise NotFound(f"nothing at {request.path}", field="id")
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    return response


@_route("/preview/<entity_id>")
def preview(lang: str | None, entity_id: str) -> Response:
    """What a match can rest on: names by kind, life dates, native place, kin and correspondents."""
    graph = backends().graph
    try:
        record = graph.get_person(entity_id, mention_limit=0)
    except NotFound:
        return _page(render_template("reconcile_preview.html", record=None, entity_id=entity_id), 404)
    names: dict[str, dict[str, None]] = {}  # by kind, each shown form once (盛宣怀 and 盛宣懷 read alike in zh-Hant)
    for name in record.names:
        shown = render_name(name.text, lang, has_surname=name.type not in NO_SURNAME)
        names.setdefault(name_kind_label(name.type, lang), {})[shown] = None
    groups = related(record, graph)
    return _page(
        render_template(
            "reconcile_preview.html",
            record=record,
            entity_id=entity_id,
            name=render_name(record.person.preferred_name, lang),
            summary=_reconciler(lang).describe(record.person),
            names={kind: list(shown) for kind, shown in names.items()},
            kin=[(render_label(r.label, lang), render_name(r.name, lang)) for r in groups["kin"][:PREVIEW_ROWS]],
            correspondents=[
                (render_label(r.label, lang), render_name(r.name, lang))
                for r in groups["correspondents"][:PREVIEW_ROWS]
            ],
            uri=f"{backends().settings.base_uri}person/{record.person.id}",
        )
    )


def feature_explanations() -> dict[str, str]:
    """What each feature id in a candidate means, with the resolver's own weights."""
    weights = ", ".join(f"{kind.value} {weight:+.2f}" for kind, weight in resolver.NAME_WEIGHT.items())
    explained = {
        "name": f"The kind of name the query matched, weighted by what it says alone: {weights} "
        "(+0.05 for the preferred name); a surname before a 字/号 scores "
        f"{resolver.PARTIAL_NAME:+.2f}.",
        "only_candidate": f"No other person bears the name: {resolver.ONLY_CANDIDATE:+.2f}; "
        f"{resolver.ONLY_LISTED:+.2f} when the name is one the person is listed under (two characters or more) "
        "and nothing speaks against it.",
        "surname_agrees": f"A surname before a 字/号/谥号 is the person's own: {resolver.SURNAME_AGREES:+.2f}.",
        "same_document": "A stronger form of this person's name is already linked in the same document: "
        f"{resolver.SAME_DOCUMENT:+.2f}.",
        "life_dates": f"The query's year (year, birth_year or death_year) lies inside the person's life: "
        f"{resolver.LIFE_FITS:+.2f}; outside it: {resolver.OUTSIDE_LIFE:+.2f}.",
        "kin_or_correspondent": "The person is kin to, or exchanged letters with, a person the query names as "
        f"related: {resolver.KIN_OR_CORRESPONDENT:+.2f}.",
        "native_place": f"The query's native place is the person's: {resolver.SAME_NATIVE_PLACE:+.2f}.",
        "identifier": "The query was this person's id or URI: an exact match.",
        "redirected": "The id was merged into this person (the survivor answers for it).",
    }
    for kind in NameType:
        explained[MATCHED_PREFIX + name_kind_slug(kind)] = (
            f"The query matched a {name_kind_label(kind, 'en')} ({kind.value}) of the person "
            "(in any script, or its pinyin or Wade-Giles)."
        )
    return explained


@_route("/features/<feature_id>")
def feature(lang: str | None, feature_id: str) -> Response:
    """The feature_view page: what one feature of a candidate means."""
    explained = feature_explanations()
    text = explained.get(feature_id)
    if text is None and feature_id.startswith("catalogue_"):
        text = (
            f"The catalogue names the person as the document's {feature_id.removeprefix('catalogue_')}: "
            f"{resolver.CATALOGUE_ROLE:+.2f}."
        )
    threshold = resolver.Resolver(backends().graph).link_threshold
    html = render_template(
        "reconcile_feature.html",
        feature_id=feature_id,
        text=text,
        features=explained,
        threshold=threshold,
        margin=resolver.CLEAR_MARGIN,
    )
    return _page(html, 200 if text else 404)
