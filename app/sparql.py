"""The SPARQL 1.1 Protocol endpoint at ``/sparql``: read-only, time-limited, rate-limited.

GET ``?query=``, form POST ``query=``, or POST ``application/sparql-query``; the dataset by
``default-graph-uri``/``named-graph-uri``; other parameters (SPARQLWrapper's ``format``,
``output``, ``results``) are ignored. SELECT and ASK answer in SPARQL JSON, XML, CSV or TSV,
CONSTRUCT and DESCRIBE in Turtle, N-Triples, RDF/XML or JSON-LD, as ``Accept`` asks (q-values
honoured; 406 when none fits). The triple store runs the query to its end or stops it at
``ZHIREN_SPARQL_TIMEOUT`` (503 with a message); its result is whole before a status is sent,
so a slow query is never a 200 with a cut body. Rows past ``ZHIREN_SPARQL_MAX_ROWS`` are cut
and the answer says so in ``X-Result-Truncated``. Updates, ``LOAD`` and ``SERVICE`` are
refused (4xx with the reason). A browser asking for the page gets the YASGUI editor with
worked examples.

Queries are answered before Flask (:class:`QueriesBeforeFlask`, installed by ``create_app``): a query
needs none of Flask's request machinery, and it was the largest part of what the endpoint adds to the
store's own time. The page, CORS preflights and anything else at ``/sparql`` go through Flask.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from flask import Blueprint, Flask, Response, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MIMEAccept, MultiDict
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import parse_accept_header
from werkzeug.wrappers import Request

from zhiren.app.backends import backends
from zhiren.app.rate_limit import RateLimiter
from zhiren.app.security import EVERY_RESPONSE, every_response
from zhiren.app.sparql_examples import EXAMPLES
from zhiren.app.sparql_form import url_fields
from zhiren.errors import Forbidden, InputError, NotAcceptable, TooManyRequests, UnsupportedMediaType, ZhirenError
from zhiren.store.triples.base import GRAPH_TYPES, SOLUTION_TYPES, QueryResult, ResultKind
from zhiren.store.triples.guard import check_query

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

blueprint = Blueprint("sparql", __name__)
LIMITER = "zhiren_sparql_rate"
MAX_QUERY_CHARS = 100_000
MAX_CACHED_ACCEPT = 512  # longer Accept headers are matched afresh, so the cache stays small

# Media types clients send for the same formats (SPARQLWrapper's lists, browsers' generic ones).
SOLUTION_ALIASES = {
    "application/json": "application/sparql-results+json",
    "text/javascript": "application/sparql-results+json",
    "application/javascript": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
}
GRAPH_ALIASES = {
    "application/turtle": "text/turtle",
    "application/x-turtle": "text/turtle",
    "text/n3": "text/turtle",
    "text/rdf+n3": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json": "application/ld+json",
    "application/x-json+ld": "application/ld+json",
    "application/xml": "application/rdf+xml",
    "text/xml": "application/rdf+xml",
}


@blueprint.record_once
def _limiter(state: object) -> None:
    app = state.app  # type: ignore[attr-defined]
    app.extensions[LIMITER] = RateLimiter(app.config["ZHIREN_SETTINGS"].sparql_rate_limit)


CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Accept",
    "Access-Control-Expose-Headers": "X-Result-Truncated, Retry-After",
}


# What the skipped hooks add to an answer given before Flask: CORS (the blueprint's) and the app's own.
ANSWERED = (*CORS.items(), *EVERY_RESPONSE.items())


@blueprint.after_request
def _cors(response: Response) -> Response:
    response.headers.update(CORS)
    return response


@blueprint.errorhandler(ZhirenError)
def _error(exc: ZhirenError) -> Response:
    response = jsonify(exc.to_json())
    response.status_code = exc.http_status
    if isinstance(exc, TooManyRequests):
        response.headers["Retry-After"] = str(exc.details["retry_after"])
    return response


@blueprint.errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> Response:
    code = (exc.name or "error").lower().replace(" ", "_")
    response = jsonify({"error": {"code": code, "message": exc.description or code, "details": {}}})
    response.status_code = exc.code or 500
    return response


def negotiate(kind: ResultKind, accept_header: str | None) -> str:
    """The media type to answer in: the client's best by q-value among those the query form can give."""
    offered = GRAPH_TYPES if kind == "graph" else SOLUTION_TYPES
    if not accept_header:
        return offered[0]
    best = (_remembered_match if len(accept_header) <= MAX_CACHED_ACCEPT else _match)(kind, accept_header)
    if best is None:
        raise NotAcceptable(
            f"cannot answer this query in {accept_header!r}; offered: {', '.join(offered)}", field="Accept"
        )
    return best


def _match(kind: ResultKind, accept_header: str) -> str | None:
    offered: Sequence[str] = GRAPH_TYPES if kind == "graph" else SOLUTION_TYPES
    aliases = GRAPH_ALIASES if kind == "graph" else SOLUTION_ALIASES
    best = parse_accept_header(accept_header, MIMEAccept).best_match([*offered, *aliases])
    return None if best is None else aliases.get(best, best)


# Remembered by header: a client sends the same one with every query, and parsing it and matching it
# against the types and aliases on offer took ~40 µs a request, a tenth of the endpoint's own time.
_remembered_match = lru_cache(maxsize=256)(_match)


def query_parameters(request: Request) -> MultiDict[str, str]:
    """The query string's parameters (``request.args``, decoded by :func:`url_fields`)."""
    try:
        return MultiDict(url_fields(request.query_string))
    except UnicodeDecodeError:  # whatever werkzeug makes of it
        return request.args


def _form(request: Request, mimetype: str) -> MultiDict[str, str]:
    """An urlencoded body's fields (``request.form``, decoded by :func:`url_fields`), or a multipart form's."""
    if mimetype == "multipart/form-data":
        return request.form
    try:
        return MultiDict(url_fields(request.get_data()))  # the body cap (413) as request.form applies it
    except UnicodeDecodeError:
        return request.form  # parses the body kept by get_data


def _request_query(request: Request, args: MultiDict[str, str] | None = None) -> tuple[str | None, MultiDict[str, str]]:
    """The query text and the parameters that carry its dataset, from any of the protocol's three forms
    (``args``: the query string's parameters, if already read)."""
    mimetype = request.mimetype  # parsed at every reading
    if request.method in ("GET", "HEAD"):
        params = query_parameters(request) if args is None else args
    elif mimetype == "application/sparql-query":
        return request.get_data(as_text=True), query_parameters(request) if args is None else args
    elif mimetype == "application/sparql-update":
        raise Forbidden("this endpoint is read-only: SPARQL updates are not accepted", field="update")
    elif mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        params = _form(request, mimetype)
    else:
        raise UnsupportedMediaType(
            f"POST the query as application/sparql-query or a form, not {mimetype or 'no type'}",
            field="Content-Type",
        )
    if "update" in params:
        raise Forbidden("this endpoint is read-only: SPARQL updates are not accepted", field="update")
    queries = params.getlist("query")
    if len(queries) > 1:
        raise InputError("give exactly one query", field="query")
    return (queries[0] if queries else None), params


def page() -> str:
    """The editor (YASGUI) with the worked examples, for a browser that asks for /sparql with no query."""
    settings = backends().settings
    return render_template("sparql.html", examples=EXAMPLES, endpoint=request.base_url, base=settings.base_uri,
                           timeout=settings.sparql_timeout, max_rows=settings.sparql_max_rows)


@blueprint.route("/sparql", methods=["GET", "POST"])
def endpoint() -> ResponseReturnValue:
    """The editor for a browser that asks for the page with no query; anything else as a query (those
    with one are answered before Flask when the app is built by ``create_app``; HEAD comes here)."""
    asks_nothing = request.method == "GET" and not {"query", "update"} & request.args.keys()
    if asks_nothing and request.accept_mimetypes.best_match(["text/html", *SOLUTION_TYPES]) == "text/html":
        return page()
    return answer(request)


def answer(request: Request) -> Response:
    """A query's answer, whole, in the media type negotiated; raises ZhirenError or HTTPException.
    Needs an app context (the stores, the settings and the rate limiter are the app's)."""
    result = run_query(request)
    return Response(result.body, headers=answer_headers(result))


def run_query(request: Request, args: MultiDict[str, str] | None = None) -> QueryResult:
    """The store's answer to the request's query, checked, rate-limited and negotiated (``args``: the query
    string's parameters, if already read); raises ZhirenError or HTTPException. Needs an app context."""
    query, params = _request_query(request, args)
    if query is None:
        raise InputError("give a SPARQL query as ?query=, a form field or an application/sparql-query body",
                         field="query")
    if not query.strip():
        raise InputError("the query is empty", field="query")
    if len(query) > MAX_QUERY_CHARS:
        raise InputError(f"the query is longer than {MAX_QUERY_CHARS} characters", field="query")
    client = request.remote_addr or "unknown"
    wait = current_app.extensions[LIMITER].retry_after(client)
    if wait:
        raise TooManyRequests(f"too many queries from {client}: try again in {wait} s", retry_after=wait)
    media_type = negotiate(check_query(query), request.headers.get("Accept"))
    stores = backends()
    settings = stores.settings
    return stores.triples.query(
        query,
        accept=media_type,
        timeout_s=settings.sparql_timeout,
        max_rows=settings.sparql_max_rows,
        default_graph_uris=params.getlist("default-graph-uri"),
        named_graph_uris=params.getlist("named-graph-uri"),
    )


def answer_headers(result: QueryResult) -> list[tuple[str, str]]:
    """An answer's own headers (its type, ``Vary``, the truncation flag); the body's length is the caller's."""
    headers = [("Content-Type", f"{result.media_type}; charset=utf-8"), ("Vary", "Accept")]
    if result.truncated:
        headers.append(("X-Result-Truncated", f"true; max-rows={backends().settings.sparql_max_rows}"))
    return headers


class QueriesBeforeFlask:
    """WSGI middleware: a GET with a ``query`` parameter or any POST to ``/sparql`` is answered by
    :func:`run_query` in the app's context, without Flask's request context, URL matching, session and
    after-request hooks (none of which a query uses: it keeps no session, the pages' language and
    links mean nothing to it); its response carries what those hooks would add to it (CORS, the
    app's security headers). Everything else goes on to Flask.

    Why: the issue's target is the endpoint within 1.2 times the bare store's time, the bare store
    answers most worked examples in 0.2–5 ms at 500,000 persons, and what the endpoint adds is fixed
    (0.6–0.9 ms there). Flask's request machinery was the largest part of it the app could shed: a
    form POST cost 143 µs in Flask in process, 57 µs this way; through waitress ``ASK {}`` went from
    0.46 to 0.28 ms of server CPU, and the worked examples' CPU ×0.87–0.97 (bench/bench_api.py
    --against). Then the two largest parts left: decoding the form (``urllib``'s Python loop over the
    escapes of a query's punctuation and Chinese; now :mod:`app.sparql_form`) and werkzeug's
    response object (an answer's headers are a list given to ``start_response``; errors still build
    one): a worked example's form POST 81–85 → 22–24 µs of CPU in process, by turns. werkzeug's
    request is kept (the body cap, multipart forms).

    Install it inside any proxy fix (the rate limit keys on the client's address)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.flask: WSGIApplication = app.wsgi_app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != "/sparql":
            return self.flask(environ, start_response)
        incoming = Request(environ)
        args = query_parameters(incoming) if incoming.method == "GET" else None
        if not (incoming.method == "POST" or (args is not None and "query" in args)):
            return self.flask(environ, start_response)
        config = self.app.config
        incoming.max_content_length = config["MAX_CONTENT_LENGTH"]
        incoming.max_form_memory_size = config["MAX_FORM_MEMORY_SIZE"]
        incoming.max_form_parts = config["MAX_FORM_PARTS"]
        with self.app.app_context():
            try:
                result = run_query(incoming, args)
                headers = [*answer_headers(result), ("Content-Length", str(len(result.body))), *ANSWERED]
                start_response("200 OK", headers)
                return [result.body]
            except ZhirenError as exc:
                response = _error(exc)
            except HTTPException as exc:
                response = _http_error(exc)
            except Exception as exc:  # as Flask does with a view's: logged, and a 500 in the endpoint's JSON
                self.app.logger.exception("Exception on /sparql [%s]", incoming.method)
                response = _http_error(InternalServerError(original_exception=exc))
            response.headers.update(CORS)
            every_response(response)
        return response(environ, start_response)
