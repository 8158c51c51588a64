"""Property-based fuzzing of every HTTP route: arbitrary paths, query strings, bodies and headers.

The routes are read from the app's own URL map, so a route added later is fuzzed without editing
this file. Whatever arrives, the answer is never a 500 and never a traceback; where JSON is asked
(``/api/…``, ``/health``, ``Accept: application/json``) an error is ``{"error": {code, message,
details}}``, and a 400 names its field. Half the requests carry the curation token and a live
curator session with its CSRF token, so the write paths are reached, not only their doors.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from flask import Flask
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import embedded_settings
from tests.factories import LETTER, SHENG, ZHANG, sample_batch
from zhiren.app import create_app
from zhiren.store.factory import open_graph

TOKEN = "fuzz-token"
KNOWN_IDS = [SHENG, ZHANG, LETTER, "p_none", "e_none"]
PARAMS = [
    "q", "type", "page", "size", "year_from", "year_to", "limit", "after", "min_score", "source", "person",
    "before", "next", "lang", "kind", "collection", "format", "query", "queries", "callback", "cursor",
]  # fmt: skip
FIELDS = [
    "text", "type", "merged", "names", "mentions", "relations", "name", "fields", "ids", "cbdb", "birth", "gender",
    "term", "kin", "relation", "target", "mention", "decision", "person", "other", "reason", "dry_run", "version",
    "by", "confirm", "token", "curator", "next", "query", "queries",
]  # fmt: skip

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=10,
)
PATH_PART = st.sampled_from(KNOWN_IDS) | TEXT.filter(bool)
DEEP = "[" * 10_000  # Python's JSON parser recursed once per bracket: RecursionError, a 500
# values that broke a route once: deep nesting for a parser, NUL and bidi, digits int() or float() misread, sizes
HOSTILE = st.sampled_from(
    [DEEP, '{"a":' * 5_000, "\x00", "\u202e", "²", "١", "nan", "-1", "9" * 30, "x" * 2_000, "//evil.example"]
)
VALUE = TEXT | st.sampled_from(KNOWN_IDS) | HOSTILE
QUERY = st.dictionaries(st.sampled_from(PARAMS) | TEXT, VALUE, max_size=5).map(urlencode) | st.binary(max_size=80).map(
    lambda raw: quote_from_bytes(raw, safe="=&")
)  # any bytes, as a client escapes them
BODY = (
    st.dictionaries(st.sampled_from(FIELDS), JSON | st.sampled_from(KNOWN_IDS), max_size=6).map(
        lambda d: ("json", json.dumps(d).encode())
    )
    | st.dictionaries(st.sampled_from(FIELDS), VALUE, max_size=6).map(lambda d: ("form", urlencode(d).encode()))
    | st.binary(max_size=200).map(lambda b: ("raw", b))
    | HOSTILE.map(lambda text: ("json", text.encode()))
    | st.none().map(lambda _: ("none", b""))
)
HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30)
HEADERS = st.fixed_dictionaries(
    {},
    optional={
        "Accept": st.sampled_from(["application/json", "text/html", "*/*", "application/ld+json", ""]) | HEADER_TEXT,
        "X-Curator": HEADER_TEXT,
        "X-Forwarded-Proto": st.sampled_from(["https", "http", "gopher"]),
        "Accept-Language": st.sampled_from(["zh", "en", "zh-Hant", "*"]) | HEADER_TEXT,
        "Cookie": HEADER_TEXT,
    },
)


def _routes() -> list[tuple[str, str]]:
    """(rule, method) for every route but static files, read from an app that opens no store."""
    app = create_app(embedded_settings(Path("unused"), api_token=TOKEN))
    return sorted(
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    )


ROUTES = _routes()


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    data = tmp_path_factory.mktemp("fuzz")
    graph = open_graph(embedded_settings(data))
    graph.write(sample_batch())
    graph.close()
    app = create_app(embedded_settings(data, api_token=TOKEN, secret_key="fuzz-secret"))
    yield app
    app.extensions["zhiren"].close()


def log_in(app: Flask) -> dict[str, str]:
    """A curator's session cookie and its CSRF token, for the requests that carry them."""
    client = app.test_client()
    page = client.get("/curate/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    client.post("/curate/login", data={"csrf": csrf, "token": TOKEN, "curator": "fuzz"})
    page = client.get("/curate/").get_data(as_text=True)
    cookie = client.get_cookie("session")
    assert cookie is not None, page
    return {"cookie": cookie.value, "csrf": re.search(r'name="csrf" value="([^"]+)"', page).group(1)}  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def curator(app: Flask) -> dict[str, str]:
    return log_in(app)


def fill(rule: str, parts: list[str]) -> str:
    """The rule with each ``<converter:name>`` replaced by the next generated part, percent-encoded."""
    values = iter(parts)
    return re.sub(r"<[^>]+>", lambda _: quote(next(values), safe=""), rule)


def check(path: str, headers: dict[str, str], response: Any) -> None:
    text = response.get_data(as_text=True)
    assert response.status_code < 500, f"{path}: {response.status_code} {text[:500]}"
    assert "Traceback" not in text and 'File "' not in text, f"{path}: {text[:500]}"
    wants_json = path.startswith("/api/") or path == "/health" or headers.get("Accept") == "application/json"
    if wants_json and response.status_code >= 400 and response.status_code != 405:
        error = response.get_json(silent=True)
        assert isinstance(error, dict) and set(error.get("error", {})) >= {"code", "message", "details"}, (
            f"{path}: {response.status_code} {text[:300]}"
        )
        if response.status_code == 400:
            assert error["error"]["details"].get("field"), f"{path}: a 400 without its field: {text[:300]}"


@pytest.mark.parametrize(("rule", "method"), ROUTES, ids=[f"{m} {r}" for r, m in ROUTES])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    parts=st.lists(PATH_PART, min_size=3, max_size=3),
    query=QUERY,
    body=BODY,
    headers=HEADERS,
    authorised=st.booleans(),
)
@example(  # every parameter and field at once holding what broke a parser
    parts=[SHENG] * 3,
    query=urlencode(dict.fromkeys(PARAMS, DEEP)),
    body=("form", urlencode(dict.fromkeys(FIELDS, DEEP)).encode()),
    headers={"Accept": "application/json"},
    authorised=True,
)
@example(parts=[SHENG] * 3, query="", body=("json", DEEP.encode()), headers={}, authorised=True)
def test_no_request_gets_a_500_or_a_traceback(
    app: Flask,
    curator: dict[str, str],
    rule: str,
    method: str,
    parts: list[str],
    query: str,
    body: tuple[str, bytes],
    headers: dict[str, str],
    authorised: bool,
) -> None:
    path = fill(rule, parts)
    kind, payload = body
    client = app.test_client()
    if authorised:
        client.set_cookie("session", curator["cookie"])
        headers = {**headers, "Authorization": f"Bearer {TOKEN}"}
        if kind == "form":
            payload += f"&csrf={curator['csrf']}".encode()
    content_type = {"json": "application/json", "form": "application/x-www-form-urlencoded"}.get(kind)
    response = client.open(
        path,
        method=method,
        query_string=query,
        data=payload if method != "GET" else None,
        headers=headers,
        content_type=content_type if method != "GET" else None,
    )
    check(path, headers, response)
    if authorised and rule == "/curate/logout":
        curator.update(log_in(app))  # that request may have ended the session the others share
