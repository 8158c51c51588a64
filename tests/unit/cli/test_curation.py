"""The curator's commands end to end on the embedded store: review queue, person edits, audit, undo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.cli.conftest import zhiren

DEMO = Path(__file__).resolve().parents[3] / "ingest" / "demo"
TWO_KEZHUANG = (
    "primary_id,person_id,person_name,born_year,died_year,gender,jiguan,dynasty,name_type\n"
    "A:1,A,王仁堪,1849,1893,男,福州,清,名\nA:2,A,可庄,1849,1893,男,福州,清,字\n"
    "B:1,B,陈可庄,1850,1900,男,杭州,清,名\nB:2,B,可庄,1850,1900,男,杭州,清,字\n"
)
LETTER = (
    "档号,题名,发文者,收文者,时间,全文\nQ1,致可庄函,盛宣怀,可庄,光绪十年,可庄仁兄大人阁下：前奉手书。弟盛宣怀顿首。\n"
)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo authority plus two persons whose 字 is 可庄, and a letter to 可庄: two queued links."""
    folder = tmp_path_factory.mktemp("curation")
    (folder / "auth.csv").write_text(TWO_KEZHUANG, encoding="utf-8")
    (folder / "items.csv").write_text(LETTER, encoding="utf-8")
    for args in (
        ("authority", str(folder / "auth.csv")),
        ("authority", str(DEMO / "authority.csv")),
        ("sheng", str(folder / "items.csv")),
    ):
        assert zhiren(folder / "data", "ingest", *args).returncode == 0
    return folder / "data"


def test_review_lists_queued_links_with_candidates_features_and_passage(data: Path) -> None:
    links = [json.loads(line) for line in zhiren(data, "review", "list", "--json").stdout.splitlines()]
    assert len(links) == 2
    assert {c["name"] for c in links[0]["candidates"]} == {"王仁堪", "陈可庄"}
    assert all("features" in c and c["score"] > 0 for c in links[0]["candidates"])
    assert any(link["passage"]["after"].startswith("仁兄大人阁下") for link in links)
    assert zhiren(data, "review", "--min-score", "0.9", "list", "--json").stdout == ""


def test_interactive_review_records_decisions_then_audit_and_undo(data: Path) -> None:
    links = [json.loads(line) for line in zhiren(data, "review", "list", "--json").stdout.splitlines()]
    wang = next(c["person_id"] for c in links[0]["candidates"] if c["name"] == "王仁堪")
    choice = str(1 + [c["person_id"] for c in links[0]["candidates"]].index(wang))
    result = zhiren(data, "review", "--by", "alice", stdin=f"{choice}\nr\n")
    assert result.returncode == 0, result.stderr
    assert "2 decision(s) recorded" in result.stdout
    assert zhiren(data, "review", "list", "--json").stdout == ""
    shown = json.loads(zhiren(data, "person", "show", "--json", wang).stdout)
    assert links[0]["mention"]["id"] in {m["id"] for m in shown["mentions"]}
    log = zhiren(data, "audit").stdout.splitlines()
    assert len(log) == 2 and all("alice  review" in line for line in log)
    reingest = zhiren(data, "ingest", "sheng", "--restart", str(data.parent / "items.csv"))
    assert reingest.returncode == 0 and "queued for review 0" in reingest.stdout  # decisions are kept
    assert zhiren(data, "review", "list", "--json").stdout == ""
    newest = log[0].split()[0]
    undone = zhiren(data, "undo", newest, "--reason", "was a person after all")
    assert undone.returncode == 0 and "undo" in undone.stdout
    assert len(zhiren(data, "review", "list", "--json").stdout.splitlines()) == 1
    again = zhiren(data, "undo", newest)
    assert again.returncode == 1 and "already undone" in again.stderr and "Traceback" not in again.stderr


def test_person_edits_dry_run_and_refusals(data: Path) -> None:
    missing = zhiren(data, "person", "show", "p_missing")
    assert missing.returncode == 1 and "no person p_missing" in missing.stderr
    found = zhiren(data, "person", "find", "王仁堪")
    assert found.returncode == 0 and found.stdout.count("\n") == 1
    person = found.stdout.split()[0]
    assert zhiren(data, "person", "find", "无此人").returncode == 1
    dry = zhiren(data, "person", "add-name", person, "宁斋", "--type", "号", "--dry-run")
    assert dry.returncode == 0 and "+ name 宁斋 (号)" in dry.stdout and "nothing written" in dry.stdout
    assert "宁斋" not in zhiren(data, "person", "show", person).stdout
    assert zhiren(data, "person", "add-name", person, "宁斋", "--type", "号").returncode == 0
    assert "宁斋 (号)" in zhiren(data, "person", "show", person).stdout
    assert zhiren(data, "person", "set", person, "floruit=光绪").returncode == 0
    again = zhiren(data, "person", "set", person, "floruit=光绪", "--dry-run")
    assert again.returncode == 0 and "  no change\n" in again.stdout, again.stdout + again.stderr
    bad = zhiren(data, "person", "set", person, "birth=某年")
    assert bad.returncode == 1 and "birth: not a date" in bad.stderr
    self_merge = zhiren(data, "person", "merge", person, person)
    assert self_merge.returncode == 1 and "itself" in self_merge.stderr


def test_the_cli_checks_its_fields_as_the_api_does(data: Path) -> None:
    """One builder for every front end: the same name types, the same refusals naming the same field."""
    person = zhiren(data, "person", "find", "王仁堪").stdout.split()[0]
    title = zhiren(data, "person", "add-name", person, "翰林", "--type", "官称", "--dry-run")
    assert title.returncode == 0 and "+ name 翰林 (title)" in title.stdout
    unknown = zhiren(data, "person", "add-name", person, "翰林", "--type", "绰号")
    assert unknown.returncode == 1 and "type: unknown name type '绰号'" in unknown.stderr and "號" in unknown.stderr
    for hostile in ("宁\x00斋", "宁\u202e斋"):
        refused = zhiren(data, "person", "rename", person, hostile)
        assert refused.returncode == 1 and "text: " in refused.stderr and "U+" in refused.stderr
    assert "宁\x00斋" not in zhiren(data, "person", "show", person).stdout
    field = zhiren(data, "person", "set", person, "nickname=x")
    assert field.returncode == 1 and "nickname: unknown field" in field.stderr
    decided = zhiren(data, "review", "decide", "m_none", "accept")
    assert decided.returncode == 1 and "mention: no mention m_none" in decided.stderr
