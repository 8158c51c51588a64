"""Corpus readers: the tag schemes and offsets of each annotated corpus."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import shared_data
from zhiren.nlp.ner.data import (
    Annotated,
    read_char_tagged,
    read_corpus,
    spans_from_tags,
    split_sentences,
    without_titles,
)


def test_bioes_and_bio_spans() -> None:
    assert spans_from_tags(["B-PER", "I-PER", "E-PER", "O", "S-PER", "B-LOC", "E-LOC"]) == ((0, 3), (4, 5))
    assert spans_from_tags(["B-PER", "I-PER", "B-PER", "O", "I-PER"]) == ((0, 2), (2, 3), (4, 5))


def test_each_corpus_person_label_and_no_other() -> None:
    # Weibo's PER.NOM and the literary corpus's Person-Nominal are mentions like 女人, not names.
    tags = ["B-PER.NAM", "I-PER.NAM", "B-PER.NOM", "I-PER.NOM", "S-NAME", "B-Person-Name", "I-Person-Name"]
    assert spans_from_tags(tags) == ((0, 2), (4, 5), (5, 7))
    assert spans_from_tags(["B-NR", "E-NR", "B-Person-Nominal", "E-Person-Nominal", "S-NS"]) == ((0, 2),)


def test_char_file_with_tab_or_space(tmp_path: Path) -> None:
    path = tmp_path / "x.bio"
    path.write_text("曾\tB-PER\n国 I-PER\n藩\tE-PER\n \n曰\tO\n\n亮\tS-PER\n", encoding="utf-8")
    assert list(read_char_tagged(path)) == [Annotated("曾国藩 曰", ((0, 3),)), Annotated("亮", ((0, 1),))]


def test_jsonl_spans_are_trimmed_of_spaces(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    record = {
        "text": "记者 施宇翔 报道",
        "entity_list": [{"entity_type": "person_name", "entity": " 施宇翔", "entity_index": {"begin": 2, "end": 6}}],
    }
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert list(read_corpus(path)) == [Annotated("记者 施宇翔 报道", ((3, 6),))]


def test_long_documents_are_cut_outside_spans() -> None:
    doc = Annotated("甲" * 150 + "。李鸿章。" + "乙" * 150 + "。", ((151, 154),))
    parts = list(split_sentences(doc, max_chars=100))
    assert "".join(p.text for p in parts) == doc.text
    assert [p.text[s:e] for p in parts for s, e in p.spans] == ["李鸿章"]


def test_real_corpora_person_counts() -> None:
    data = shared_data("ner")
    assert sum(len(d.spans) for d in read_corpus(data / "chisiec" / "dev.txt")) == 1660
    assert sum(len(d.spans) for d in read_corpus(data / "cluener" / "dev.jsonl")) == 451
    # the counts each new corpus's SOURCE.md gives for its person label
    for rel, persons in [
        ("msra/train.txt", 14047),
        ("weibo/train.txt", 578),
        ("resume/train.txt", 952),
        ("chinese-literature/train.txt", 4104),
        ("c-clue/train.txt", 10905),
        ("guner2023/train.txt", 6665),
        ("evahan2025/trainset_A.txt", 9267),
        ("evahan2022-zuozhuan/train.txt", 10625),
    ]:
        assert sum(len(d.spans) for d in read_corpus(data / rel)) == persons, rel


def test_titles_follow_the_modern_convention() -> None:
    doc = Annotated("王女士和张某见到庄先生、张洁清先生与汤恩伯。", ((0, 3), (4, 6), (8, 11), (12, 17), (18, 21)))
    out = without_titles(doc)
    assert out.text == doc.text
    assert [out.text[s:e] for s, e in out.spans] == ["张洁清", "汤恩伯"]
    assert without_titles(Annotated("欧阳先生", ((0, 4),))).spans == ()
    assert without_titles(Annotated("王某某", ((0, 3),))).spans == ()
    assert without_titles(Annotated("李经理", ((0, 3),))).spans == ()
