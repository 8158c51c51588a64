"""The extract and nlp commands, through click's runner on the command objects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from zhiren.cli.nlp import extract, nlp_group
from zhiren.errors import InputError
from zhiren.settings import Settings

LETTER = "杏荪仁兄大人阁下：久违雅教。李鸿章字少荃。弟宣怀顿首。"


def run(args: list[str], stdin: bytes | None = None) -> tuple[int, list[dict[str, Any]], str]:
    result = CliRunner().invoke(extract, args, input=stdin, obj=Settings())
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, records, result.stderr


def test_plain_text_from_stdin_is_one_document() -> None:
    code, records, err = run(["--fast", "--kind", "letter", "-"], LETTER.encode())
    assert code == 0 and len(records) == 1
    record = records[0]
    assert set(record) == {"id", "mentions", "persons", "dates"}
    got = {(m["text"], m["name_type"]) for m in record["mentions"]}
    assert {("杏荪", "courtesy"), ("少荃", "courtesy"), ("宣怀", "given")} <= got
    for m in record["mentions"]:
        assert LETTER[m["start"] : m["end"]] == m["text"]
    assert "read 1 documents" in err


def test_json_lines_with_bad_lines_go_on_and_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "公讳国藩，字伯涵。"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "c", "text": ""}),
        json.dumps({"id": "d", "body": "x"}),
        json.dumps({"id": 5, "text": "盛宫保鉴：来电悉。"}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, records, err = run(["--fast", str(path)])
    assert code == 1
    assert [r["id"] for r in records] == ["a", None, "c", "d", "5"]
    assert [r.get("error", {}).get("code") for r in records] == [
        None, "invalid_json", "empty_text", "missing_text", None
    ]  # fmt: skip
    assert f"{path}:2:" in err


def test_traditional_big5_file_keeps_offsets_into_the_given_text(tmp_path: Path) -> None:
    text = "盛宣懷，字杏蓀，號愚齋，江蘇武進人。"
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    code, records, _ = run(["--fast", str(path)])
    assert code == 0
    mentions = records[0]["mentions"]
    assert [(m["text"], m["normalized"]) for m in mentions] == [("杏蓀", "杏荪"), ("愚齋", "愚斋")]


def test_binary_file_is_rejected_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "junk.bin"
    path.write_bytes(bytes(range(256)) * 16)
    result = CliRunner().invoke(extract, ["--fast", str(path)], obj=Settings())
    assert isinstance(result.exception, InputError)
    assert result.exception.file == str(path)


def test_missing_file_is_an_input_error() -> None:
    result = CliRunner().invoke(extract, ["--fast", "/nonexistent/x.txt"], obj=Settings())
    assert isinstance(result.exception, InputError)


def test_accurate_mode_uses_the_shipped_model() -> None:
    code, records, _ = run(["-"], "曹操与刘备论英雄。".encode())
    assert code == 0
    assert {m["text"] for m in records[0]["mentions"]} >= {"曹操", "刘备"}


def test_eval_scores_a_bioes_file(tmp_path: Path) -> None:
    path = tmp_path / "gold.bioes"
    rows = [("曹", "B-PER"), ("操", "E-PER"), ("与", "O"), ("刘", "B-PER"), ("备", "E-PER"), ("论", "O")]
    path.write_text("".join(f"{c}\t{t}\n" for c, t in rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(nlp_group, ["eval", "--ner", str(path)], obj=Settings())
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["gold"] == 2 and 0.0 <= scores["f1"] <= 1.0


@pytest.mark.parametrize("args", [["eval", "--ner", "/nonexistent.bio"], ["train", "--data", "/nonexistent"]])
def test_nlp_commands_reject_missing_paths(args: list[str]) -> None:
    result = CliRunner().invoke(nlp_group, args, obj=Settings())
    assert isinstance(result.exception, InputError)
