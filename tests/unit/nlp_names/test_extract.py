"""The extract contract on good and bad documents (fast mode: rules and gazetteer)."""

from __future__ import annotations

from functools import cache

import pytest
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from zhiren.nlp.extract import Extractor, _in_a_list_of_places, _ner_found, _the_writer_s_yu
from zhiren.nlp.gazetteer import NameEntry

SHENG = [NameEntry("盛宣懷", "p1", "盛宣怀"), NameEntry("杏荪", "p1", "盛宣怀", "courtesy")]


@cache
def fast() -> Extractor:
    extractor = Extractor(statistical=False)
    extractor.add_names(SHENG)
    return extractor


def test_mentions_carry_offsets_kind_normal_form_and_person() -> None:
    text = "盛宣懷，字杏蓀，號愚齋。"
    record = fast().extract(text, doc_id="d1")
    assert record["id"] == "d1" and record["persons"] == [] and record["dates"] == []
    mentions = {m["text"]: m for m in record["mentions"]}
    assert mentions["盛宣懷"]["person"] == {"id": "p1", "name": "盛宣怀"}
    assert mentions["杏蓀"]["name_type"] == "courtesy"
    assert mentions["杏蓀"]["person"] == {"id": "p1", "name": "盛宣怀"}
    assert mentions["愚齋"]["normalized"] == "愚斋" and mentions["愚齋"]["person"] is None
    for m in record["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"] and m["label"] == "PERSON"


def test_offsets_survive_chunking_of_long_text() -> None:
    text = "无名之辈。" * 400 + "江公忠源至。"
    (mention,) = fast().extract(text)["mentions"]
    assert (mention["text"], mention["normalized"]) == ("江公忠源", "江忠源")
    assert mention["start"] == 2000


@pytest.mark.parametrize(
    ("text", "code"), [("", "empty_text"), ("  \n ", "empty_text"), ("\x00\x01\x02\x03\x04", "not_text")]
)
def test_bad_documents_become_error_objects(text: str, code: str) -> None:
    record = fast().extract(text, doc_id="x")
    assert record["error"]["code"] == code and record["mentions"] == []


def test_a_batch_goes_on_after_a_bad_document() -> None:
    records = list(fast().extract_many([("a", ""), ("b", "公讳国藩。"), ("c", "\x00" * 10)]))
    assert [r["id"] for r in records] == ["a", "b", "c"]
    assert [m["text"] for m in records[1]["mentions"]] == ["国藩"]


def test_odd_but_valid_text_does_not_crash() -> None:
    for text in ["（盛宣怀字杏荪【", "字□□，号□荪", "李" * 1_000_000, "》》》字"]:
        record = fast().extract(text)
        assert "error" not in record


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        fast().extract("x", kind="poem")


def test_two_processes_give_the_same_records() -> None:
    docs = [(str(i), "盛宣怀字杏荪，号愚斋。公讳国藩，字伯涵。" * (i + 1)) for i in range(6)]
    parallel = Extractor(statistical=False, n_process=2, batch_size=2)
    parallel.add_names(SHENG)
    assert list(parallel.extract_many(docs)) == list(fast().extract_many(docs))


def test_two_processes_with_the_statistical_model() -> None:
    docs = [(str(i), "曹操与刘备论英雄。公讳国藩，字伯涵。" * (i + 1)) for i in range(4)]
    single = Extractor(statistical=True)
    parallel = Extractor(statistical=True, n_process=2, batch_size=2)
    assert list(parallel.extract_many(docs)) == list(single.extract_many(docs))


def test_no_person_where_the_text_says_the_name_is_unknown() -> None:
    """配（未详）氏, 某氏, 某公: placeholders, not persons (the model reads 配 as a name)."""
    text = "配（未详）氏，生子二。某氏所言，不足为据。某公来函。配王氏。"
    for extractor in (fast(), Extractor()):
        assert [m["text"] for m in extractor.extract(text)["mentions"]] == ["王氏"]


def test_a_rank_of_nobility_after_a_name_the_model_read_is_left_out() -> None:
    """The model reads 伊藤伯爵 and 陆奥子爵 whole; titles after a name are not part of it."""
    text = "日本宰相伊藤伯爵、外务省卿陆奥子爵"
    doc = Doc(Vocab(), words=list(text), spaces=[False] * len(text))
    doc.ents = [Span(doc, 4, 8, "PERSON"), Span(doc, 13, 17, "PERSON")]
    assert [text[f.start : f.end] for f in _ner_found(doc, text)] == ["伊藤", "陆奥"]


def test_a_reign_title_before_a_year_is_a_date_s_not_a_name() -> None:
    """郭嵩焘's diary as printed: 〔光绪四年〕十一月初一日 — the model reads 〔光绪 (with the editor's bracket)
    as a name; a reign title before a year is a date.  光绪 before no year stays the model's reading."""
    text = "〔光绪四年〕十一月初一日。光绪来"
    doc = Doc(Vocab(), words=list(text), spaces=[False] * len(text))
    doc.ents = [Span(doc, 0, 3, "PERSON"), Span(doc, 13, 15, "PERSON")]
    assert [text[f.start : f.end] for f in _ner_found(doc, text)] == ["光绪"]


def test_an_army_by_its_commander_s_surname_is_no_name_in_a_letter() -> None:
    """王军, 冯军, 王两军: forces by their commanders' surnames, which the model reads as names in
    张之洞's telegrams; 冯军门 is a post.  In other texts 王军 may be a man's name and stays."""
    text = "王军老营械足，举动素稳；冯军新集械粗，剽悍轻敌。大约王军宜锐进、冯军宜缓发，洞当斟酌策励。"
    accurate = Extractor(statistical=True)
    assert [m["text"] for m in accurate.extract(text, kind="letter")["mentions"]] == []
    assert "王军" in [m["text"] for m in accurate.extract(text, kind="text")["mentions"]]


def test_yu_before_each_item_of_a_list_is_at_not_a_surname() -> None:
    """战捷于瓦店、于南顿、于扶沟: the model's 于瓦店, 于南顿, 于扶沟 are places after "at"; 于荫霖 in a list of names
    (丁日昌、于荫霖至) is a man of the surname 于."""
    text = "战捷于瓦店、于南顿、于扶沟。丁日昌、于荫霖至"
    places = [text.index(p) for p in ("于瓦店", "于南顿", "于扶沟")]
    assert all(_in_a_list_of_places(text, at, at + 3) for at in places)
    man = text.index("于荫霖")
    assert not _in_a_list_of_places(text, man, man + 3)


def test_the_writer_s_yu_is_i_not_a_man_of_the_surname() -> None:
    """镜湖自撰年谱: the writer calls himself 余 (余曰, 余谓), and the model read 余任慈溪 and 余俟臧均 as men of the
    surname 余; in a text without such a 余 (余联沅观察) the model's 余 names stand."""
    text = "余谓孝廉曰：以余任慈溪，月课取过。余俟臧均之着人送到。"
    assert _the_writer_s_yu(text, text.index("余任"), writes_yu=True)
    assert not _the_writer_s_yu("余联沅观察与各国领事议定", 0, writes_yu=False)
    looked = "抚军又顾余曰：不妨。"  # 顾余, "looked at me": not a man 顾余, whose 余 every lone 余 would follow
    assert _the_writer_s_yu(looked, looked.index("顾余"), True, looked.index("顾余") + 2)
    extractor = Extractor(statistical=True)
    assert not [m for m in extractor.extract(text)["mentions"] if m["text"].startswith("余")]


def test_the_crown_prince_and_a_first_wife_by_their_titles_alone_are_no_names() -> None:
    """镜湖自撰年谱: 皇后将太子抱入宫中 and 李中丞元配病故: the model read 太子 and 元配 as names."""
    text = "皇后将太子抱入宫中。李中丞元配病故"
    doc = Doc(Vocab(), words=list(text), spaces=[False] * len(text))
    doc.ents = [Span(doc, 3, 5, "PERSON"), Span(doc, 13, 15, "PERSON")]
    assert _ner_found(doc, text) == []


def test_a_memorial_s_formulas_are_no_names() -> None:
    """左宗棠's memorials: the model read 伏乞 (伏乞圣鉴, "humbly beg") and 陈明 of 合并陈明 ("to state") as men of
    the surnames 伏 and 陈; a 陈明 no such word comes before is left to the model."""
    text = "合并陈明。伏乞圣鉴。陈明来见。"
    doc = Doc(Vocab(), words=list(text), spaces=[False] * len(text))
    doc.ents = [Span(doc, 2, 4, "PERSON"), Span(doc, 5, 7, "PERSON"), Span(doc, 10, 12, "PERSON")]
    assert [text[f.start : f.end] for f in _ner_found(doc, text)] == ["陈明"]
    assert _ner_found(doc, text)[0].start == 10
