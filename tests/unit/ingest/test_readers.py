"""Readers report bad input as file:line: field: message, skip the bad record and keep the good ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhiren.errors import InputError
from zhiren.ingest.readers.biogref import read_biogref
from zhiren.ingest.readers.manuscripts import read_manuscripts
from zhiren.ingest.readers.sheng import read_sheng

HEADER = "档号,题名,发文者,收文者,时间,全文\n"


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_good_rows_are_read_with_dates_and_catalogue_names(tmp_path: Path) -> None:
    path = write(tmp_path, "items.csv", HEADER + "A1,张之洞致盛宣怀函,张之洞,盛宣怀,光绪二十二年四月初五日,杏荪仁兄\n")
    problems: list[InputError] = []
    [item] = read_sheng(path, problems)
    assert problems == []
    assert item.document.shelfmark == "A1" and item.document.date is not None
    assert (item.document.date.year, item.document.date.month, item.document.date.day) == (1896, 5, 17)
    assert [(n.surface, n.role.value) for n in item.names] == [("张之洞", "sender"), ("盛宣怀", "recipient")]


def test_bad_records_are_listed_and_skipped(tmp_path: Path) -> None:
    rows = [
        "A1,一,张之洞,盛宣怀,,",
        "A1,重复,张之洞,盛宣怀,,",
        "A2,长名,这是一个长度超过十二个字的名字呀,盛宣怀,,",
        "A3,,张之洞,盛宣怀,,",
        "A4,好,李鸿章,盛宣怀,康熙七十年,",
    ]
    path = write(tmp_path, "items.csv", HEADER + "\n".join(rows) + "\n")
    problems: list[InputError] = []
    items = list(read_sheng(path, problems))
    assert [i.document.shelfmark for i in items] == ["A1", "A4"]
    assert [str(p) for p in problems] == [
        f"{path}:3: 档号: duplicate 档号 A1 (first at line 2)",
        f"{path}:4: 发文者: name longer than 12 characters: 这是一个长度超过十二个字的名字呀…",
        f"{path}:5: 题名: empty title",
    ]
    [warning] = items[1].warnings
    assert str(warning).startswith(f"{path}:6: 时间: date not understood") and items[1].document.date is not None
    assert items[1].document.date.text == "康熙七十年" and items[1].document.date.year is None


def test_missing_required_column_fails_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "items.csv", "题名,发文者\n一,张之洞\n")
    with pytest.raises(InputError, match=r"items.csv:1: missing required column\(s\): 档号"):
        list(read_sheng(path, []))


def test_file_ending_mid_record_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "items.csv", HEADER + "A1,一,张之洞,盛宣怀,,全文\nA2,二,张之洞\n")
    problems: list[InputError] = []
    assert [i.document.shelfmark for i in read_sheng(path, problems)] == ["A1"]
    assert [str(p) for p in problems] == [f"{path}:3: fewer values than columns (the file may end mid-record)"]


def test_gbk_file_is_decoded(tmp_path: Path) -> None:
    path = write(tmp_path, "items.csv", HEADER + "A1,张之洞致盛宣怀函,张之洞,盛宣怀,,杏荪仁兄大人阁下\n", "gb18030")
    [item] = read_sheng(path, [])
    assert item.document.title == "张之洞致盛宣怀函"


def test_jsonl_and_bad_json_line(tmp_path: Path) -> None:
    good = '{"档号": "J1", "题名": "函", "发文者": "盛宣怀"}\n'
    [item] = read_sheng(write(tmp_path, "a.jsonl", good), [])
    assert item.names[0].surface == "盛宣怀"
    problems: list[InputError] = []
    assert len(list(read_sheng(write(tmp_path, "b.jsonl", good + "{broken\n"), problems))) == 1
    assert str(problems[0]).endswith("b.jsonl:2: not valid JSON (Expecting property name enclosed in double quotes)")


def test_unsupported_file_type(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unsupported file type"):
        list(read_sheng(write(tmp_path, "a.xlsx", "x"), []))


def test_biogref_groups_variants_and_types_them(tmp_path: Path) -> None:
    text = (
        "primary_id,person_id,person_name,born_year,died_year,gender,jiguan,dynasty,name_type\n"
        "X:1,X,盛宣怀,1844,1916,男,武进,清,名\nX:2,X,杏荪,1844,1916,男,武进,清,字\n"
        "X:3,X,愚斋,1844,1916,男,武进,清,号\nY:1,Y,无名,abc,,,,,\nZ:1,Z,某,,,,,,爵位\n"
    )
    problems: list[InputError] = []
    [person] = read_biogref(write(tmp_path, "a.csv", text), "t", problems)
    assert person.person.preferred_name == "盛宣怀" and person.person.birth and person.person.birth.year == 1844
    assert [(n.text, n.type.value, n.preferred) for n in person.names] == [
        ("盛宣怀", "名", True),
        ("杏荪", "字", False),
        ("愚斋", "号", False),
    ]
    assert [p.field for p in problems] == ["born_year", "name_type"]


def test_biogref_external_id_columns_give_the_person_s_ids_in_other_authorities(tmp_path: Path) -> None:
    text = "primary_id,person_id,person_name,cbdb,ddbc,viaf\nX:1,X,张之洞,,A023994,\nX:2,X,孝达,1762,,\nY:1,Y,无名,,,\n"
    problems: list[InputError] = []
    first, second = read_biogref(write(tmp_path, "a.csv", text), "t", problems)
    assert problems == []
    assert first.person.external_ids == {"t": "X", "ddbc": "A023994", "cbdb": "1762"}
    assert second.person.external_ids == {"t": "Y"}


def test_manuscript_pages_are_joined_in_page_order_with_the_author(tmp_path: Path) -> None:
    text = (
        "记录号,题名,责任者,时间,收藏,页码,全文\nM1,日记,盛宣怀,光绪三十四年,馆,2,第二页\n"
        "M1,日记,盛宣怀,光绪三十四年,馆,1,第一页\nM2,札,张謇,,馆,x,一页\n"
    )
    problems: list[InputError] = []
    first, second = read_manuscripts(write(tmp_path, "m.csv", text), problems)
    assert first.document.text == "第一页\n第二页" and first.document.meta["pages"] == 2
    assert [(n.surface, n.role.value) for n in first.names] == [("盛宣怀", "author")]
    assert second.document.kind.value == "manuscript"
    # The page is kept (in file order): a warning on its manuscript, not a rejected record.
    assert problems == [] and [w.field for w in second.warnings] == ["页码"]
    assert str(second.warnings[0]).endswith("m.csv:4: 页码: not a page number: 'x'; page kept in file order")
