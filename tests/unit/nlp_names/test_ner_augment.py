"""Name substitution: offsets, consistency, where the names come from, reproducibility."""

from __future__ import annotations

import random
from pathlib import Path

from tests.conftest import shared_data
from zhiren.nlp.ner.augment import (
    augment,
    classical_chooser,
    is_han,
    modern_chooser,
    name_kind,
    read_authority_names,
    span_names,
    substitute,
)
from zhiren.nlp.ner.data import Annotated

SENTENCE = Annotated("操谓备曰：「今天下英雄，唯使君与操耳。」", ((0, 1), (2, 3), (16, 17)))


def spans_text(doc: Annotated) -> list[str]:
    return [doc.text[s:e] for s, e in doc.spans]


def test_substitute_moves_the_offsets_with_longer_and_shorter_names() -> None:
    doc = Annotated("张洁清与李鹏同行，张洁清先到。", ((0, 3), (4, 6), (9, 12)))
    out = substitute(doc, {"张洁清": "欧阳修", "李鹏": "诸葛孔明"}.__getitem__)
    assert out.text == "欧阳修与诸葛孔明同行，欧阳修先到。"
    assert spans_text(out) == ["欧阳修", "诸葛孔明", "欧阳修"]
    out = substitute(doc, {"张洁清": "王", "李鹏": "李"}.__getitem__)
    assert out.text == "王与李同行，王先到。"
    assert spans_text(out) == ["王", "李", "王"]


def test_the_same_name_gets_the_same_replacement_within_a_sentence() -> None:
    calls: list[str] = []

    def choose(name: str) -> str:
        calls.append(name)
        return "懿" if name == "操" else "亮"

    out = substitute(SENTENCE, choose)
    assert sorted(calls) == ["备", "操"]
    assert spans_text(out) == ["懿", "亮", "懿"]
    assert out.text == "懿谓亮曰：「今天下英雄，唯使君与懿耳。」"


def test_adjacent_spans_and_text_without_persons() -> None:
    doc = Annotated("刘备关羽", ((0, 2), (2, 4)))
    out = substitute(doc, lambda name: name + "某")
    assert out == Annotated("刘备某关羽某", ((0, 3), (3, 6)))
    assert substitute(Annotated("无人。", ()), lambda name: "甲") == Annotated("无人。", ())


def test_augment_keeps_the_share_of_sentences_with_persons() -> None:
    docs = [SENTENCE, Annotated("天下大乱。", ())]
    out = augment(docs, lambda name: "某", copies=2)
    assert [d.text[:4] for d in out] == ["某谓某曰", "某谓某曰", "天下大乱", "天下大乱"]
    only = augment(docs, lambda name: "某", copies=2, all_sentences=False)
    assert len(only) == 2 and all(d.text.startswith("某谓某曰") for d in only)


def test_classical_replacements_match_length_and_use_given_names() -> None:
    authority = ["曹操", "刘备", "孙权", "诸葛亮", "司马懿", "欧阳文忠"]
    choose = classical_chooser(authority, random.Random(0), same_length=1.0)
    for _ in range(50):
        assert choose("亮") in {"操", "备", "权"}  # the given name of a 2-character name
        assert choose("郭嘉") in {"曹操", "刘备", "孙权"}
        assert choose("荀文若") in {"诸葛亮", "司马懿"}
        assert choose("东方曼倩") == "欧阳文忠"


def test_modern_replacements_come_from_the_training_names() -> None:
    names = ["张洁清", "李鹏", "王", "卡洛斯·阿马特", "芭芭拉·弗兰克林"]
    choose = modern_chooser(names, random.Random(0))
    for _ in range(50):
        new = choose("胡锦涛")
        assert new[0] in "张李" and new[1:] in {"洁清", "鹏"}
        assert choose("江") in {"张", "李"}
        assert choose("克林顿·比尔") in {"卡洛斯·阿马特", "芭芭拉·弗兰克林"}
    assert span_names([SENTENCE]) == ["操", "备", "操"]


def test_substitution_is_reproducible_with_a_seed() -> None:
    authority = ["曹操", "刘备", "孙权", "诸葛亮", "司马懿", "袁绍", "吕布"]

    def run() -> list[Annotated]:
        return augment([SENTENCE] * 5, classical_chooser(authority, random.Random(7)))

    assert run() == run()


def test_name_kinds() -> None:
    assert name_kind("亮") == "one"
    assert name_kind("诸葛亮") == "han"
    assert name_kind("卡洛斯·阿马特") == "other"
    assert name_kind("Kevin Rose") == "other"
    assert is_han("曾国藩") and not is_han("[諔-又]震") and not is_han("A君")


def test_authority_names_from_the_files(tmp_path: Path) -> None:
    cbdb = tmp_path / "cbdb" / "names" / "cbdb_entity_names.csv"
    cbdb.parent.mkdir(parents=True)
    cbdb.write_text("name\n王安石\n護國庇民妙靈昭應天后\n王\n", encoding="utf-8")
    ddbc = tmp_path / "authority" / "ddbc" / "biogref_ddbc_data.csv"
    ddbc.parent.mkdir(parents=True)
    ddbc.write_text("primary_id,person_id,person_name\nA1:1,A1,[諔-又]震\nA1:2,A1,寂震\n", encoding="utf-8")
    assert read_authority_names(tmp_path) == ["王安石", "寂震"]
    assert read_authority_names(tmp_path / "missing") == []


def test_real_authorities_give_many_names() -> None:
    root = shared_data("cbdb/names/cbdb_entity_names.csv").parents[2]
    names = read_authority_names(root)
    assert len(names) > 300_000
    assert all(2 <= len(n) <= 4 and is_han(n) for n in names[:1000])


def test_short_forms_follow_their_full_name() -> None:
    doc = Annotated("曹操至，操曰：「胡锦涛、胡。」", ((0, 2), (4, 5), (8, 11), (12, 13)))
    out = substitute(doc, {"曹操": "王安石", "胡锦涛": "李鹏"}.__getitem__)
    assert spans_text(out) == ["王安石", "石", "李鹏", "李"]
    assert out.text == "王安石至，石曰：「李鹏、李。」"


def test_a_fraction_of_a_copy_takes_sentences_spread_over_the_corpus() -> None:
    docs = [Annotated(f"{c}曰。", ((0, 1),)) for c in "甲乙丙丁"]
    out = augment(docs, lambda name: name + "某", copies=0.5)
    assert [d.text for d in out] == ["甲某曰。", "丙某曰。"]
    assert len(augment(docs, lambda name: "某", copies=2)) == 8
    assert augment(docs, lambda name: "某", copies=0) == []
