"""Curation security over HTTP, each test a way in that was open (issue 19 items 3-7) and now is shut.

Open redirects after login, sessions outliving their token or a logout, CSRF, cookie flags and
security headers, and request bodies or parameters that made a 500 or wrote a bad value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import embedded_settings
from tests.factories import SHENG, sample_batch
from zhiren.app import create_app
from zhiren.authority.model import NameType
from zhiren.store.factory import open_graph

T1, T2 = "token-one", "token-two"
SECRET = "a-fixed-secret-key"  # the same key across restarts, so only the token differs


def build(tmp_path: Path, **overrides: Any) -> Flask:
    settings = {"api_token": T1, "secret_key": SECRET} | overrides
    return create_app(embedded_settings(tmp_path, **settings))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    graph = open_graph(embedded_settings(tmp_path))
    graph.write(sample_batch())
    graph.close()
    return tmp_path


@pytest.fixture
def app(data: Path) -> Iterator[Flask]:
    app = build(data)
    yield app
    app.extensions["zhiren"].close()


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def log_in(client: FlaskClient, token: str = T1, next_path: str | None = None) -> Any:
    page = client.get("/curate/login").get_data(as_text=True)
    form = {"csrf": csrf_of(page), "token": token, "curator": "bob"}
    if next_path is not None:
        form["next"] = next_path
    return client.post("/curate/login", data=form)


def logged_in(client: FlaskClient) -> bool:
    return client.get("/curate/").status_code == 200


def add_name(client: FlaskClient, text: str) -> Any:
    """A confirmed page write with the session's own CSRF token (taken from a page the session may see)."""
    page = client.get("/curate/login").get_data(as_text=True)
    return client.post(
        f"/curate/person/{SHENG}/add-name", data={"csrf": csrf_of(page), "text": text, "type": "号", "confirm": "1"}
    )


def names_of_sheng(data: Path) -> set[str]:
    graph = open_graph(embedded_settings(data))
    try:
        return {n.text for n in graph.get_person(SHENG).names}
    finally:
        graph.close()


# --- item 3: open redirect after login ------------------------------------------------------------

HOSTILE_NEXT = [
    "//evil.example/",
    "/\\evil.example/",
    "/\\/evil.example/",
    "/\t/evil.example/",  # ?next=/%09/evil.example/: browsers drop the tab and go to //evil.example/
    "/\n/evil.example/",
    "/\r\n/evil.example/",
    "/ /evil.example/",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "%2F%2Fevil.example/",
    "evil.example",
    "\\\\evil.example",
]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_never_redirects_off_site(app: Flask, target: str) -> None:
    client = app.test_client()
    response = log_in(client, next_path=target)
    assert response.status_code == 302 and response.headers["Location"] == "/curate/"
    page = client.get("/curate/login", query_string={"next": target}).get_data(as_text=True)
    assert 'name="next" value=""' in page


def test_the_issues_encoded_tab_and_slashes_in_the_query_string(app: Flask) -> None:
    client = app.test_client()
    for raw in ("/%09/evil.example/", "%2F%2Fevil.example", "/%5Cevil.example"):
        page = client.get(f"/curate/login?next={raw}").get_data(as_text=True)
        assert 'name="next" value=""' in page, raw


def test_a_path_on_this_site_is_kept(app: Flask) -> None:
    response = log_in(app.test_client(), next_path=f"/curate/person/{SHENG}?x=1")
    assert response.headers["Location"] == f"/curate/person/{SHENG}?x=1"


# --- item 4: a session is bound to its token, ends on logout, expires, and needs a token at all ----


def test_a_session_opened_under_one_token_is_dead_after_a_restart_with_another(data: Path, app: Flask) -> None:
    client = app.test_client()
    assert log_in(client).status_code == 302 and logged_in(client)
    saved = client.get_cookie("session")
    assert saved is not None
    restarted = build(data, api_token=T2).test_client()
    restarted.set_cookie("session", saved.value)
    assert not logged_in(restarted)
    restarted.set_cookie("session", saved.value)
    refused = add_name(restarted, "止叟")
    assert refused.status_code == 302 and "/curate/login" in refused.headers["Location"]
    assert "止叟" not in names_of_sheng(data)
    assert log_in(restarted, token=T2).status_code == 302 and add_name(restarted, "止叟").status_code == 302
    assert "止叟" in names_of_sheng(data)


def test_without_a_token_curation_is_disabled_and_says_so(data: Path, app: Flask) -> None:
    client = app.test_client()
    log_in(client)
    saved = client.get_cookie("session")
    csrf = csrf_of(client.get("/curate/").get_data(as_text=True))
    assert saved is not None
    disabled = build(data, api_token="").test_client()
    disabled.set_cookie("session", saved.value)
    page = disabled.get("/curate/")
    text = page.get_data(as_text=True)
    assert page.status_code == 403 and "本服务器未启用编审" in text and 'name="token"' not in text
    assert "Curation is disabled" not in text  # the reader's language, as every page
    english = disabled.get("/curate/", query_string={"lang": "en"}).get_data(as_text=True)
    assert "Curation is disabled on this server" in english and "ZHIREN_API_TOKEN" in english
    login_page = disabled.get("/curate/login").get_data(as_text=True)
    assert 'name="token"' not in login_page
    write = disabled.post(f"/curate/person/{SHENG}/add-name", data={"csrf": csrf, "text": "止叟", "confirm": "1"})
    assert write.status_code == 403
    login = disabled.post("/curate/login", data={"csrf": csrf, "token": "", "curator": "bob"})
    assert login.status_code == 403
    api = disabled.post(
        f"/api/curation/persons/{SHENG}/add-name", json={"text": "止叟"}, headers={"Authorization": "Bearer "}
    )
    assert api.status_code in (401, 403)
    assert "止叟" not in names_of_sheng(data)


def test_a_cookie_saved_before_logout_opens_nothing_after_it(data: Path, app: Flask) -> None:
    client = app.test_client()
    log_in(client)
    saved = client.get_cookie("session")
    assert saved is not None
    csrf = csrf_of(client.get("/curate/").get_data(as_text=True))
    assert client.post("/curate/logout", data={"csrf": csrf}).status_code == 302
    assert not logged_in(client)
    replay = app.test_client()
    replay.set_cookie("session", saved.value)
    assert not logged_in(replay)
    replay.set_cookie("session", saved.value)
    assert add_name(replay, "止叟").status_code == 302 and "止叟" not in names_of_sheng(data)


def test_a_session_past_its_lifetime_is_over(data: Path) -> None:
    client = build(data, session_lifetime=0).test_client()
    assert log_in(client).status_code == 302
    assert not logged_in(client)


def test_logging_in_replaces_the_session_id_so_a_planted_cookie_is_useless(app: Flask) -> None:
    client = app.test_client()
    log_in(client)
    first = client.get_cookie("session")
    log_in(client)
    second = client.get_cookie("session")
    assert first is not None and second is not None and first.value != second.value
    replay = app.test_client()
    replay.set_cookie("session", first.value)
    assert not logged_in(replay)



def test_logging_out_deletes_the_cookie_and_a_cookieless_request_gets_none(app: Flask) -> None:
    """The session shortcuts (app/security.SessionCookie) skip only what Flask would skip."""
    client = app.test_client()
    log_in(client)
    assert client.get_cookie("session") is not None and logged_in(client)
    csrf = csrf_of(client.get("/curate/").get_data(as_text=True))
    logout = client.post("/curate/logout", data={"csrf": csrf})
    assert "session=;" in logout.headers["Set-Cookie"] and "Cookie" in logout.headers["Vary"]
    assert client.get_cookie("session") is None
    anonymous = app.test_client().get("/health")
    assert "Set-Cookie" not in anonymous.headers and "Cookie" not in anonymous.headers.get("Vary", "")


# --- CSRF ----------------------------------------------------------------------------------------


def test_forms_without_or_with_a_wrong_csrf_token_are_refused(data: Path, app: Flask) -> None:
    client = app.test_client()
    assert client.post("/curate/login", data={"token": T1, "curator": "bob"}).status_code == 403
    assert client.post("/curate/login", data={"csrf": "forged", "token": T1, "curator": "bob"}).status_code == 403
    log_in(client)
    other = app.test_client()
    log_in(other)
    someone_elses = csrf_of(other.get("/curate/").get_data(as_text=True))
    form = {"text": "止叟", "type": "号", "confirm": "1"}
    for csrf in (None, "", "forged", someone_elses):
        sent = form if csrf is None else {**form, "csrf": csrf}
        refused = client.post(f"/curate/person/{SHENG}/add-name", data=sent)
        assert refused.status_code == 403 and "CSRF" in refused.get_data(as_text=True)
    assert "止叟" not in names_of_sheng(data)


# --- item 5: cookie flags and security headers ---------------------------------------------------


def session_cookie_header(client: FlaskClient, **how: Any) -> str:
    page = client.get("/curate/login", **how).get_data(as_text=True)
    response = client.post("/curate/login", data={"csrf": csrf_of(page), "token": T1, "curator": "bob"}, **how)
    assert response.status_code == 302
    cookie: str = response.headers["Set-Cookie"]
    return cookie


@pytest.mark.parametrize(
    ("settings", "how", "secure"),
    [
        ({}, {}, False),
        ({}, {"base_url": "https://localhost"}, True),
        ({}, {"headers": {"X-Forwarded-Proto": "https"}}, False),  # no trusted proxy: a client cannot claim HTTPS
        ({"trusted_proxies": 1}, {"headers": {"X-Forwarded-Proto": "https"}}, True),
        ({"cookie_secure": "always"}, {}, True),
        ({"cookie_secure": "never"}, {"base_url": "https://localhost"}, False),
    ],
)
def test_the_session_cookie_is_httponly_samesite_and_secure_over_https(
    data: Path, settings: dict[str, Any], how: dict[str, Any], secure: bool
) -> None:
    cookie = session_cookie_header(build(data, **settings).test_client(), **how)
    flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert "httponly" in flags and "samesite=lax" in cookie.lower()
    assert ("secure" in flags) is secure


@pytest.mark.parametrize("path", ["/curate/login", "/curate/", "/api/curation/queue"])
def test_curation_responses_carry_the_security_headers(app: Flask, path: str) -> None:
    client = app.test_client()
    log_in(client)
    headers = client.get(path, headers={"Authorization": f"Bearer {T1}"}).headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"


def test_every_response_is_nosniff(app: Flask) -> None:
    assert app.test_client().get("/health").headers["X-Content-Type-Options"] == "nosniff"


# --- item 6: 500s and bad values with a valid token ----------------------------------------------

AUTH = {"Authorization": f"Bearer {T1}"}


def field_of(response: Any) -> str:
    assert response.status_code == 400, response.get_data(as_text=True)
    field: str = response.json["error"]["details"]["field"]
    return field


@pytest.mark.parametrize("path", ["/api/curation/queue", "/api/curation/audit"])
@pytest.mark.parametrize("limit", ["²", "١", "1.5", "-1", "0", "1001", "", " 5", "5 ", "0x10", "99999999999999999999"])
def test_a_limit_that_is_not_a_plain_number_in_range_is_a_400_naming_it(app: Flask, path: str, limit: str) -> None:
    assert field_of(app.test_client().get(path, query_string={"limit": limit}, headers=AUTH)) == "limit"


@pytest.mark.parametrize("score", ["nan", "inf", "-0.1", "2", "١", "x"])
def test_a_min_score_out_of_range_is_a_400(app: Flask, score: str) -> None:
    response = app.test_client().get("/api/curation/queue", query_string={"min_score": score}, headers=AUTH)
    assert field_of(response) == "min_score"


@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"a":' * 100_000, b"\xff\xfe", b"{not json", b"[1, 2]", b'"text"'])
def test_a_body_that_is_not_a_shallow_json_object_is_a_400_naming_the_body(app: Flask, body: bytes) -> None:
    response = app.test_client().post("/api/curation/review", data=body, headers=AUTH, content_type="application/json")
    assert field_of(response) == "body"


def test_a_body_over_the_cap_is_refused_before_it_is_read(data: Path) -> None:
    client = build(data, max_request_bytes=1000).test_client()
    response = client.post(f"/api/curation/persons/{SHENG}/add-name", data=b"x" * 2000, headers=AUTH)
    assert response.status_code == 413 and response.json["error"]["code"] == "request_entity_too_large"


@pytest.mark.parametrize(
    ("operation", "body", "field"),
    [
        ("add-name", {"text": "x", "type": ["a"]}, "type"),
        ("rename", {"text": "\u0000"}, "text"),
        ("rename", {"text": True}, "text"),
        ("merge", {"merged": ["p_li"]}, "merged"),
        ("set", {"fields": {"birth": ["1844"]}}, "birth"),
        ("rename", {"text": "止叟", "by": "bob\x00"}, "by"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(
    data: Path, app: Flask, operation: str, body: dict[str, Any], field: str
) -> None:
    before = names_of_sheng(data)
    assert (
        field_of(app.test_client().post(f"/api/curation/persons/{SHENG}/{operation}", json=body, headers=AUTH)) == field
    )
    assert names_of_sheng(data) == before


# --- item 7: one name-type list for the CLI, the API and the pages ------------------------------


@pytest.mark.parametrize(("label", "stored"), [("號", NameType.ART), ("官称", NameType.TITLE)])
def test_the_api_and_the_pages_take_the_name_types_the_cli_takes(
    data: Path, app: Flask, label: str, stored: NameType
) -> None:
    client = app.test_client()
    response = client.post(
        f"/api/curation/persons/{SHENG}/add-name", json={"text": "止叟", "type": label}, headers=AUTH
    )
    assert response.status_code == 200, response.json
    log_in(client)
    page = client.get("/curate/").get_data(as_text=True)
    form = {"csrf": csrf_of(page), "text": "补楼", "type": label, "confirm": "1"}
    assert client.post(f"/curate/person/{SHENG}/add-name", data=form).status_code == 302
    graph = open_graph(embedded_settings(data))
    try:
        types = {n.text: n.type for n in graph.get_person(SHENG).names}
    finally:
        graph.close()
    assert types["止叟"] == stored and types["补楼"] == stored
