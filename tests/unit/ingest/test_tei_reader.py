"""TEI P5 manuscripts: the header as catalogue, the body as plain text, <persName> marks with offsets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from zhiren.authority.ids import stable_id
from zhiren.authority.model import DocumentKind, MentionRole, Precision
from zhiren.errors import InputError
from zhiren.ingest.readers.sheng import DocumentItem
from zhiren.ingest.readers.tei import read_tei

LETTER = Path(__file__).resolve().parents[2] / "fixtures" / "tei" / "sheng_letter.xml"
HEADER = (
    "<teiHeader><fileDesc><titleStmt><title>{title}</title><author>{author}</author></titleStmt></fileDesc>"
    "{profile}</teiHeader>"
)


def tei(tmp_path: Path, body: str, *, title: str = "信札", author: str = "盛宣怀", profile: str = "") -> Path:
    """A small TEI file without the namespace (the reader reads local names either way)."""
    path = tmp_path / "letter.xml"
    header = HEADER.format(title=title, author=author, profile=profile)
    path.write_text(f"<TEI>{header}\n<text><body>{body}</body></text></TEI>\n", encoding="utf-8")
    return path


def read_one(path: Path) -> DocumentItem:
    problems: list[InputError] = []
    [item] = read_tei(path, problems)
    assert problems == []
    return item


def test_the_header_is_the_catalogue_record() -> None:
    item = read_one(LETTER)
    document = item.document
    assert (document.id, document.kind, document.title) == (
        stable_id("d", "manuscript", "TEI-0001"),
        DocumentKind.MANUSCRIPT,
        "盛宣怀致李鸿章函",
    )
    assert (document.shelfmark, document.collection, document.meta) == (
        "TEI-0001",
        "上海图书馆",
        {"pages": 2, "责任者": "盛宣怀"},
    )
    assert document.date is not None
    assert (document.date.text, document.date.iso(), document.date.precision) == (
        "光绪二十二年四月初五日",
        "1896-05-17",
        Precision.DAY,
    )
    assert [(n.surface, n.role, n.field) for n in item.names] == [
        ("盛宣怀", MentionRole.AUTHOR, "author"),
        ("盛宣怀", MentionRole.SENDER, "sender"),
        ("李鸿章", MentionRole.RECIPIENT, "recipient"),
    ]
    assert (item.row.file, item.row.line) == (str(LETTER), 7)


def test_the_body_is_plain_text_with_pages_on_new_lines_and_editorial_matter_left_out() -> None:
    text = read_one(LETTER).document.text
    assert text.split("\n") == [
        "中堂钧鉴：",
        "前奉手谕，敬悉一切。张香帅来电，嘱将铁厂事宜妥为筹办，已与郑观应商定章程。",  # <note> left out
        "所需款项，拟先由招商局垫付。",  # page 2; <choice> read as its <corr>
        "肃此，敬请勋安。",
        "晚宣怀谨上",
    ]


def test_pers_names_are_marked_with_their_offsets_role_and_ref() -> None:
    item = read_one(LETTER)
    marked = [(m.surface, m.role, m.ref) for m in item.marked]
    assert marked == [
        ("中堂", MentionRole.RECIPIENT, "#lihongzhang"),
        ("张香帅", MentionRole.MENTIONED, "#zhangzhidong"),
        ("郑观应", MentionRole.MENTIONED, "#zhengguanying"),
        ("宣怀", MentionRole.SENDER, "#shengxuanhuai"),
    ]
    assert all(item.document.text[m.start : m.end] == m.surface for m in item.marked)


def test_nested_markup_inside_a_name_keeps_the_offsets(tmp_path: Path) -> None:
    name_markup = '<persName ref="x"><surname>盛</surname><forename>宣怀</forename></persName>'
    item = read_one(tei(tmp_path, f"<p>致{name_markup}。</p>"))
    [name] = item.marked
    assert (item.document.text, name.surface, name.start, name.end) == ("致盛宣怀。", "盛宣怀", 1, 4)


def test_a_date_without_when_is_read_as_a_chinese_date_and_a_bad_one_is_a_warning(tmp_path: Path) -> None:
    profile = "<profileDesc><creation><date>康熙七十年</date></creation></profileDesc>"
    item = read_one(tei(tmp_path, "<p>文</p>", profile=profile))
    assert item.document.date is not None and item.document.date.year is None
    [warning] = item.warnings
    assert str(warning).startswith(f"{tmp_path / 'letter.xml'}:1: date: date not understood")


def test_corresp_desc_gives_sender_recipients_and_the_date_when_creation_has_none(tmp_path: Path) -> None:
    profile = (
        "<profileDesc><correspDesc>"
        '<correspAction type="sent"><persName>盛宣怀</persName>'
        '<date when="1898-04">光绪二十四年三月</date></correspAction>'
        '<correspAction type="received"><persName>张之洞</persName><persName>刘坤一</persName></correspAction>'
        "</correspDesc></profileDesc>"
    )
    item = read_one(tei(tmp_path, "<p>文</p>", author="", profile=profile))
    assert [(n.surface, n.role) for n in item.names] == [
        ("盛宣怀", MentionRole.SENDER), ("张之洞", MentionRole.RECIPIENT), ("刘坤一", MentionRole.RECIPIENT)
    ]  # fmt: skip
    assert item.document.date is not None
    assert (item.document.date.text, item.document.date.iso()) == ("光绪二十四年三月", "1898-04")


def test_a_corresp_name_too_long_is_refused_with_its_field(tmp_path: Path) -> None:
    profile = f'<profileDesc><correspDesc><correspAction type="received"><persName>{"某" * 30}</persName>'
    profile += "</correspAction></correspDesc></profileDesc>"
    problems: list[InputError] = []
    assert list(read_tei(tei(tmp_path, "<p>文</p>", profile=profile), problems)) == []
    assert "recipient: name longer than" in str(problems[0])


def test_malformed_xml_is_an_input_error_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<TEI>\n<teiHeader>\n</fileDesc>\n</TEI>\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken.xml:3: not well-formed XML \(mismatched tag\)"):
        list(read_tei(path, []))


def test_a_doctype_is_refused_so_no_entity_is_expanded(tmp_path: Path) -> None:
    path = tmp_path / "laughs.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n<TEI>&lol2;</TEI>\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"laughs.xml:2: DOCTYPE declarations are refused"):
        list(read_tei(path, []))


def test_a_file_that_is_not_tei_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<html><body/></html>", encoding="utf-8")
    with pytest.raises(InputError, match=r"other.xml:1: not a TEI document \(the root is <html>\)"):
        list(read_tei(path, []))


def test_an_empty_title_or_an_overlong_author_rejects_the_manuscript(tmp_path: Path) -> None:
    problems: list[InputError] = []
    assert list(read_tei(tei(tmp_path, "<p>文</p>", title=""), problems)) == []
    assert list(read_tei(tei(tmp_path, "<p>文</p>", author="这是一个长度超过十二个字的名字呀"), problems)) == []
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'letter.xml'}:1: title: empty title",
        f"{tmp_path / 'letter.xml'}:1: author: name longer than 12 characters: 这是一个长度超过十二个字的名字呀…",
    ]


def test_ingest_manuscripts_reads_a_tei_file(tmp_path: Path) -> None:
    zhiren = Path(sys.executable).with_name("zhiren")
    env = {**os.environ, "ZHIREN_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [str(zhiren), "ingest", "manuscripts", str(LETTER)], capture_output=True, text=True, timeout=300, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "read 1  documents 1" in result.stdout
