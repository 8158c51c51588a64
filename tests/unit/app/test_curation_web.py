"""Curation over HTTP: bearer token on the API, CSRF and login on the pages, previews, stale edits, escaping."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.conftest import embedded_settings
from tests.factories import SHENG, ZHANG, queued_mention, sample_batch
from zhiren.app import create_app
from zhiren.authority.model import Person
from zhiren.store.factory import open_graph
from zhiren.store.graph.base import GraphBatch

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[FlaskClient]:
    settings = embedded_settings(tmp_path, api_token=TOKEN)
    graph = open_graph(settings)
    graph.write(sample_batch())
    queued = queued_mention()
    hostile = Person("p_evil", "<script>alert(1)</script>")
    graph.write(GraphBatch(persons=[hostile], mentions=[queued]))
    graph.close()
    app = create_app(settings)
    with app.test_client() as test_client:
        yield test_client
    app.extensions["zhiren"].close()


def test_api_needs_the_bearer_token(client: FlaskClient) -> None:
    missing = client.get("/api/curation/queue")
    assert missing.status_code == 401 and missing.json["error"]["details"]["field"] == "Authorization"  # type: ignore[index]
    assert client.get("/api/curation/queue", headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.post(f"/api/curation/persons/{SHENG}/add-name", json={"text": "止叟"}).status_code == 401
    queue = client.get("/api/curation/queue", headers=AUTH)
    assert queue.status_code == 200 and [i["mention"]["id"] for i in queue.json["items"]] == ["m_q"]  # type: ignore[index]


def test_api_operations_dry_run_conflict_audit_and_undo(client: FlaskClient) -> None:
    version = client.get(f"/api/curation/persons/{SHENG}", headers=AUTH).json["version"]  # type: ignore[index]
    dry = client.post(
        f"/api/curation/persons/{SHENG}/add-name",
        headers=AUTH,
        json={"text": "止叟", "type": "号", "dry_run": True, "by": "alice"},
    ).json
    assert dry["written"] is False  # type: ignore[index]
    added = {
        "kind": "name_added",
        "name": "止叟",
        "name_type": "号",
        "person": SHENG,
        "text": "新增名称 止叟（号），属 p_sheng",
    }
    changes = dry["entry"]["changes"]  # type: ignore[index]
    named = [c for c in changes if c["kind"] == "name_added"]
    assert len(named) == 1 and named[0] == named[0] | added
    assert named[0]["old"] is None and named[0]["count"] is None  # every key, null where the kind has none
    assert {"kind": "field_changed", "field": "status", "old": "auto", "new": "reviewed"}.items() <= changes[0].items()
    in_english = client.post(
        f"/api/curation/persons/{SHENG}/add-name?lang=en",
        headers=AUTH,
        json={"text": "止叟", "type": "号", "dry_run": True},
    ).json["entry"]["changes"]  # type: ignore[index]
    assert [c["text"] for c in in_english] == [
        "p_sheng's status: linked automatically → reviewed",
        "name 止叟 (art name) added to p_sheng",
    ]
    written = client.post(
        f"/api/curation/persons/{SHENG}/add-name",
        headers=AUTH,
        json={"text": "止叟", "type": "号", "version": version, "reason": "见年谱"},
    )
    assert written.status_code == 200 and written.json["written"] is True  # type: ignore[index]
    stale = client.post(
        f"/api/curation/persons/{SHENG}/add-name", headers=AUTH, json={"text": "补楼", "type": "号", "version": version}
    )
    assert stale.status_code == 409 and stale.json["error"]["details"]["field"] == "version"  # type: ignore[index]
    bad = client.post(f"/api/curation/persons/{SHENG}/set", headers=AUTH, json={"fields": {"birth": "某年"}})
    assert bad.status_code == 400 and bad.json["error"]["details"]["field"] == "birth"  # type: ignore[index]
    merged = client.post(f"/api/curation/persons/{SHENG}/merge", headers=AUTH, json={"merged": SHENG})
    assert merged.status_code == 400 and merged.json["error"]["details"]["field"] == "merged"  # type: ignore[index]
    assert client.post("/api/curation/persons/p_none/rename", headers=AUTH, json={"text": "x"}).status_code == 404
    log = client.get(f"/api/curation/audit?person={SHENG}", headers=AUTH).json["items"]  # type: ignore[index]
    assert [e["operation"] for e in log] == ["add-name"] and log[0]["reason"] == "见年谱"
    undone = client.post(f"/api/curation/undo/{log[0]['id']}", headers=AUTH, json={})
    assert undone.status_code == 200
    again = client.post(f"/api/curation/undo/{log[0]['id']}", headers=AUTH, json={})
    assert again.status_code == 409 and "already undone" in again.json["error"]["message"]  # type: ignore[index]
    review = client.post("/api/curation/review", headers=AUTH, json={"mention": "m_q", "decision": "accept"})
    assert review.status_code == 200 and client.get("/api/curation/queue", headers=AUTH).json["items"] == []  # type: ignore[index]


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found
    return found.group(1)


def _login(client: FlaskClient) -> str:
    page = client.get("/curate/login").get_data(as_text=True)
    response = client.post("/curate/login", data={"csrf": _csrf(page), "token": TOKEN, "curator": "bob"})
    assert response.status_code == 302
    return _csrf(client.get("/curate/").get_data(as_text=True))


def test_pages_need_login_and_csrf(client: FlaskClient) -> None:
    assert client.get("/curate/").status_code == 302
    page = client.get("/curate/login").get_data(as_text=True)
    assert "<h1>编审员登录</h1>" in page and "您的姓名" in page  # the reader's language, Chinese by default
    assert "<h1>Curator login</h1>" in client.get("/curate/login?lang=en").get_data(as_text=True)
    client.get("/?lang=zh")
    wrong = client.post("/curate/login", data={"csrf": _csrf(page), "token": "nope", "curator": "bob"})
    assert wrong.status_code == 403
    csrf = _login(client)
    forged = client.post(f"/curate/person/{SHENG}/add-name", data={"text": "止叟", "type": "号"})
    assert forged.status_code == 403 and "CSRF" in forged.get_data(as_text=True)
    assert csrf


def test_person_edit_previews_then_writes_and_the_queue_decides(client: FlaskClient) -> None:
    csrf = _login(client)
    edit = client.get(f"/curate/person/{SHENG}").get_data(as_text=True)
    version = re.search(r'name="version" value="([^"]+)"', edit).group(1)  # type: ignore[union-attr]
    form = {"csrf": csrf, "version": version, "text": "止叟", "type": "号", "reason": "年谱"}
    preview = client.post(f"/curate/person/{SHENG}/add-name", data=form).get_data(as_text=True)
    assert "新增名称 止叟（号），属 p_sheng" in preview and 'name="confirm" value="1"' in preview
    assert "+ name" not in preview  # the change line in the reader's language, not the CLI's English
    english_preview = client.post(f"/curate/person/{SHENG}/add-name?lang=en", data=form).get_data(as_text=True)
    client.get("/?lang=zh")
    assert "name 止叟 (art name) added to p_sheng" in english_preview
    assert "<button>写入此修改</button>" in preview and "<legend>添加名称</legend>" in edit  # the reader's language
    english = client.get(f"/curate/person/{SHENG}?lang=en").get_data(as_text=True)
    client.get("/?lang=zh")
    assert "<legend>Add a name</legend>" in english and "<h2>Edit</h2>" in english and "审核队列" not in english
    assert "止叟" not in client.get(f"/curate/person/{SHENG}").get_data(as_text=True).split("<h2>编辑")[0]
    done = client.post(f"/curate/person/{SHENG}/add-name", data={**form, "confirm": "1"}, follow_redirects=True)
    assert "已写入：添加名称（审计记录 " in done.get_data(as_text=True)
    stale = client.post(f"/curate/person/{SHENG}/add-name", data={**form, "text": "补楼", "confirm": "1"})
    assert stale.status_code == 409
    queue = client.get("/curate/").get_data(as_text=True)
    assert "<mark>盛宫保</mark>" in queue
    decided = client.post(
        "/curate/review",
        data={"csrf": csrf, "mention": "m_q", "decision": "person", "person": SHENG, "other": ZHANG},
        follow_redirects=True,
    )
    assert "已记录：链接到所选人物，提及 m_q" in decided.get_data(as_text=True)
    audit = client.get("/curate/audit").get_data(as_text=True)
    assert "bob · 审核提及 decision=person mention=m_q" in audit and "bob · 添加名称" in audit
    assert f"移至 {ZHANG}（已审核）" in audit
    assert "理由：年谱" in audit and "review" not in audit.split("<h1>")[1]  # no code left in English
    english = client.get("/curate/audit?lang=en").get_data(as_text=True)
    client.get("/?lang=zh")
    assert "bob · review a mention decision=person" in english and "reason: 年谱" in english


def test_curator_pages_escape_what_they_show(client: FlaskClient) -> None:
    _login(client)
    page = client.get("/curate/person/p_evil").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_kin_added_over_the_api_reads_from_both_persons_pages(client: FlaskClient) -> None:
    added = client.post(f"/api/curation/persons/{SHENG}/add-kin", headers=AUTH, json={"term": "長子", "kin": ZHANG})
    assert added.status_code == 200
    assert "长子" in client.get(f"/person/{SHENG}").get_data(as_text=True)
    son_page = client.get(f"/person/{ZHANG}").get_data(as_text=True)
    assert re.search(r"父(</span>)?\s*<a href=\"/person/p_sheng\">盛宣怀</a>", son_page)  # the reverse term
    unknown = client.post(f"/api/curation/persons/{SHENG}/add-kin", headers=AUTH, json={"term": "舅", "kin": ZHANG})
    assert unknown.status_code == 400 and unknown.json["error"]["details"]["field"] == "term"  # type: ignore[index]
