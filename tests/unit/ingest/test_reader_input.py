"""Input the readers once answered with a traceback or a silent loss (issue 19, items 8-10).

Each case is now an error naming file:line (and the field) for the bad record only, the good
records kept; or, where the record is fine but spelled differently, read as intended.
"""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zhiren.authority.model import DocumentKind
from zhiren.errors import InputError
from zhiren.ingest.readers.genealogy import read_genealogies
from zhiren.ingest.readers.manuscripts import read_manuscripts
from zhiren.ingest.readers.sheng import read_sheng
from zhiren.ingest.readers.table import MAX_FIELD_CHARS

HEADER = "档号,题名,发文者,收文者,时间,全文"


def write(tmp_path: Path, name: str, data: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def sheng(path: Path) -> tuple[list[str], list[str]]:
    problems: list[InputError] = []
    shelfmarks = [item.document.shelfmark or "" for item in read_sheng(path, problems)]
    return shelfmarks, [str(p) for p in problems]


def test_a_csv_field_over_the_limit_rejects_its_record_only(tmp_path: Path) -> None:
    long = "杏" * (MAX_FIELD_CHARS + 1)
    rows = [HEADER, "A1,一,张之洞,盛宣怀,,短", f'A2,二,张之洞,盛宣怀,,"{long}"', "A3,三,张之洞,盛宣怀,,短"]
    path = write(tmp_path, "items.csv", "\n".join(rows) + "\n")
    assert sheng(path) == (["A1", "A3"], [f"{path}:3: 全文: longer than 131,072 characters (an unclosed quote?)"])


def test_a_field_at_the_limit_is_kept_in_every_format(tmp_path: Path) -> None:
    text = "杏" * MAX_FIELD_CHARS
    csv_path = write(tmp_path, "items.csv", f"{HEADER}\nA1,一,张之洞,盛宣怀,,{text}\n")
    jsonl_path = write(tmp_path, "items.jsonl", f'{{"档号": "A1", "题名": "一", "全文": "{text}"}}\n')
    for path in (csv_path, jsonl_path):
        [item] = read_sheng(path, [])
        assert item.document.text == text


def test_the_genre_gives_the_kind_a_diary_a_manuscript(tmp_path: Path) -> None:
    """文种 电 is a telegram and 日记 a diary entry (a manuscript, no letter: it has no recipient);
    函, 禀 and a genre not given are letters."""
    rows = ["A1,函稿,函", "A2,电稿,電報", "A3,日记一则,日记", "A4,日記,日記", "A5,禀,禀", "A6,无文种,"]
    path = write(tmp_path, "items.csv", "档号,题名,文种\n" + "\n".join(rows) + "\n")
    kinds = [item.document.kind for item in read_sheng(path, [])]
    letter, telegram, manuscript = DocumentKind.LETTER, DocumentKind.TELEGRAM, DocumentKind.MANUSCRIPT
    assert kinds == [letter, telegram, manuscript, manuscript, letter, letter]


@pytest.mark.parametrize("line_end", ["\r", "\r\n", "\n"], ids=["CR", "CRLF", "LF"])
def test_every_line_ending_reads_the_same(tmp_path: Path, line_end: str) -> None:
    rows = [HEADER, "A1,一,张之洞,盛宣怀,,甲", "A2,,张之洞,盛宣怀,,乙", "A3,三,张之洞,盛宣怀,,丙"]
    path = write(tmp_path, "items.csv", line_end.join(rows) + line_end)
    assert sheng(path) == (["A1", "A3"], [f"{path}:3: 题名: empty title"])


def test_a_json_array_element_that_is_no_object_is_rejected_with_its_line(tmp_path: Path) -> None:
    text = '[\n  {"档号": "A1", "题名": "一"},\n  "stray",\n  {"档号": "A2", "题名": "二"},\n  [1, 2]\n]\n'
    path = write(tmp_path, "items.json", text)
    assert sheng(path) == (
        ["A1", "A2"],
        [
            f"{path}:3: record 2 must be a JSON object, not a string",
            f"{path}:5: record 4 must be a JSON object, not an array",
        ],
    )


def test_json_records_are_named_by_the_line_they_start_on(tmp_path: Path) -> None:
    text = '[{"档号": "A1", "题名": "一"}\n,\n\n  {"档号": "A2",\n "题名": ""} ]'
    path = write(tmp_path, "items.json", text)
    assert sheng(path) == (["A1"], [f"{path}:4: 题名: empty title"])


def test_a_nested_value_is_rejected_not_stringified(tmp_path: Path) -> None:
    path = write(tmp_path, "items.jsonl", '{"档号": "A1", "题名": {"a": 1}}\n{"档号": "A2", "题名": "二"}\n')
    assert sheng(path) == (["A2"], [f"{path}:1: 题名: expected text or a number, not an object"])


def test_a_jsonl_line_is_one_record_even_with_unicode_line_separators(tmp_path: Path) -> None:
    """str.splitlines() also splits at U+2028, U+0085 …, which JSON strings may hold raw."""
    path = write(tmp_path, "items.jsonl", '{"档号": "A1", "题名": "一\u2028二\x85三"}\n')
    assert sheng(path) == (["A1"], [])


def test_traditional_headers_in_big5_are_folded(tmp_path: Path) -> None:
    text = "檔號,題名,發文者,收文者,時間,全文\nA1,張之洞致盛宣懷函,張之洞,盛宣懷,光緒二十二年四月,杏蓀仁兄\n"
    path = write(tmp_path, "items.csv", text, "big5")
    [item] = read_sheng(path, problems := [])
    assert problems == [] and item.document.title == "張之洞致盛宣懷函"  # values are kept as written
    assert [n.surface for n in item.names] == ["張之洞", "盛宣懷"] and item.document.date is not None


def test_english_column_aliases(tmp_path: Path) -> None:
    text = '{"Shelfmark": "A1", "title": "一", "sender": "张之洞", "recipient": "盛宣怀", "text": "杏荪"}\n'
    [item] = read_sheng(write(tmp_path, "items.jsonl", text), problems := [])
    assert problems == [] and item.document.shelfmark == "A1" and item.document.text == "杏荪"
    assert [n.surface for n in item.names] == ["张之洞", "盛宣怀"]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("档号,题名,全文,题名", "column 题名 appears twice (题名: columns 2 and 4); keep one"),
        ("档号,題名,title", "column 题名 appears twice (題名 and title: columns 2 and 3); keep one"),
    ],
)
def test_a_repeated_csv_column_fails_the_file(tmp_path: Path, header: str, message: str) -> None:
    path = write(tmp_path, "items.csv", f"{header}\nA1,一,二,三\n")
    with pytest.raises(InputError) as caught:
        sheng(path)
    assert str(caught.value) == f"{path}:1: {message}"


def test_a_repeated_json_key_rejects_its_record(tmp_path: Path) -> None:
    path = write(tmp_path, "items.jsonl", '{"档号": "A1", "题名": "一", "題名": "二"}\n{"档号": "A2", "题名": "二"}\n')
    assert sheng(path) == (["A2"], [f"{path}:1: 题名: field 题名 appears twice (题名 and 題名); keep one"])


def test_a_page_number_problem_is_a_warning_and_the_page_is_kept(tmp_path: Path) -> None:
    text = "记录号,题名,页码,全文\nM1,日记,²,第二页\nM1,日记,１,第一页\n"
    problems: list[InputError] = []
    [manuscript] = read_manuscripts(write(tmp_path, "m.csv", text), problems)
    assert problems == [] and manuscript.document.text == "第一页\n第二页"
    assert [str(w) for w in manuscript.warnings] == [
        f"{tmp_path / 'm.csv'}:2: 页码: not a page number: '²'; page kept in file order"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("档号,题名\nA1,一\n".encode() + b"\x81\xff\xfe\x00\x00" * 3, "byte 21 (0x81) cannot be decoded"),
        (codecs.BOM_UTF16_LE + "档号".encode("utf-16-le") + b"\x00\xd8", "byte 6 (0x00) cannot be decoded"),
        (b"\x00\x01\x02\x03" * 10, "binary data, not text: U+0000 at byte 0"),
    ],
    ids=["not-utf8", "broken-utf16", "binary"],
)
def test_an_undecodable_file_says_where_once(tmp_path: Path, data: bytes, message: str) -> None:
    path = write(tmp_path, "items.csv", data)
    with pytest.raises(InputError) as caught:
        sheng(path)
    said = str(caught.value)
    assert said.startswith(f"{path}: ") and said.count(str(path)) == 1 and message in said, said


# --- found by the fuzzers (tests/unit/ingest/test_reader_fuzz.py) ------------------------------


def test_a_lineage_file_name_holding_a_nul_is_a_problem_of_its_record(tmp_path: Path) -> None:
    """Path.read_bytes raised ValueError (embedded null byte): an internal error, the file lost."""
    path = write(tmp_path, "records.jsonl", '{"题名": "桐城吴氏宗谱", "世系文件": "a\\u0000b.txt"}\n')
    problems: list[InputError] = []
    [record] = read_genealogies(path, problems)
    assert record.volumes == [] and [(p.line, p.field) for p in problems] == [(1, "世系文件")]
    assert "embedded null byte" in str(problems[0])


def test_json_array_lines_are_counted_at_cr_line_ends_too(tmp_path: Path) -> None:
    path = write(tmp_path, "items.json", '[\r {"档号": "A1", "题名": "一"},\r {"档号": "A2", "题名": ""}\r]')
    assert sheng(path) == (["A1"], [f"{path}:3: 题名: empty title"])


def test_the_cli_keeps_the_good_records_and_exits_1(tmp_path: Path) -> None:
    """The issue's reproduction as a curator meets it: before, "internal error" and 0 documents."""
    long = "杏" * (MAX_FIELD_CHARS + 1)
    rows = ["檔號,題名,發文者,全文", "A1,一,張之洞,甲", f"A2,二,張之洞,{long}", "A3,三,張之洞,丙"]
    path = write(tmp_path, "items.csv", "\r".join(rows) + "\r")
    env = {**os.environ, "ZHIREN_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run(
        [str(Path(sys.executable).with_name("zhiren")), "ingest", "sheng", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 1, result.stderr
    assert "read 2  documents 2" in result.stdout
    assert f"rejected: {path}:3: 全文: longer than 131,072 characters" in result.stdout
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
