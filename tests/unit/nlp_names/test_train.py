"""The training entry point end to end, on tiny corpora in each corpus's own format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.tokens import DocBin
from spacy.vocab import Vocab

from zhiren.nlp.ner.train import (
    EVALUATION_SETS,
    RAW_TEXT_CORPORA,
    TRAINING_CORPORA,
    build_corpora,
    measure,
    train,
    unannotated_texts,
)
from zhiren.nlp.pipeline import load_person_model

SENTENCES = ["曹操与刘备论英雄。", "诸葛亮字孔明。", "孙权据江东。"]


# Each corpus's own person label (files not listed here use PER); zuozhuan is traditional.
LABELS = {"weibo": "PER.NAM", "resume": "NAME", "chinese-literature": "Person-Name", "evahan2025": "NR"}
TRADITIONAL = ["曹操與劉備論英雄。", "諸葛亮字孔明。", "孫權據江東。"]


def tiny_corpora(root: Path) -> Path:
    """Three sentences in each corpus the trainer and the evaluation read, in its own format."""

    def char_lines(label: str, sentences: list[str]) -> str:
        rows = []
        for sentence in sentences:
            n = 3 if sentence.startswith(("诸葛亮", "諸葛亮")) else 2  # the person opens each sentence
            inside = ["B-" + label] + ["I-" + label] * (n - 2) + ["E-" + label]
            tags = inside + ["O"] * (len(sentence) - n)
            rows += [f"{ch}\t{tag}" for ch, tag in zip(sentence, tags, strict=True)] + [""]
        return "\n".join(rows) + "\n"

    def json_lines(label: str) -> str:
        return "".join(
            json.dumps({"text": s, "entity_list": [{"entity_type": label, "entity": s[:2],
                        "entity_index": {"begin": 0, "end": 2}}]}, ensure_ascii=False) + "\n"
            for s in SENTENCES
        )  # fmt: skip

    files = {rel for rel, *_ in (*TRAINING_CORPORA, *RAW_TEXT_CORPORA)} | {rel for _, rel in EVALUATION_SETS}
    for rel in files:
        corpus = rel.split("/")[0]
        if rel.endswith(".jsonl"):
            body = json_lines("person_name" if corpus == "boson" else "name")
        elif corpus == "evahan2022-zuozhuan":
            body = char_lines("NR", TRADITIONAL)
        else:
            body = char_lines(LABELS.get(corpus, "PER"), SENTENCES)
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(body, encoding="utf-8")
    return root


def test_corpora_hold_out_every_twentieth_sentence(tmp_path: Path) -> None:
    train_path, select_path = build_corpora(tiny_corpora(tmp_path / "data"), tmp_path / "work")
    vocab = Vocab()
    train_docs = list(DocBin().from_disk(train_path).get_docs(vocab))
    select_docs = list(DocBin().from_disk(select_path).get_docs(vocab))
    # every corpus holds out its first sentence (of three): one per corpus for selection
    assert len(select_docs) == len(TRAINING_CORPORA)
    assert {d.text for d in select_docs} == {SENTENCES[0]}  # zuozhuan's traditional text is folded
    assert {e.text for d in select_docs for e in d.ents} == {"曹操"}
    persons = {e.text for d in train_docs for e in d.ents}  # with the substituted copies' names
    assert {"诸葛亮", "孙权"} <= persons and "曹操" not in persons


def test_vectors_read_every_corpus_text_but_no_held_out_sentence(tmp_path: Path) -> None:
    texts = unannotated_texts(tiny_corpora(tmp_path / "data"))
    # two sentences (the first of three is held out) from each corpus, folded later
    assert len(texts) == 2 * len(RAW_TEXT_CORPORA)
    assert SENTENCES[0] not in texts and TRADITIONAL[0] not in texts
    assert TRADITIONAL[1] in texts  # 左传's text, still traditional here


@pytest.mark.slow
def test_train_writes_a_loadable_model_and_its_scores(tmp_path: Path) -> None:
    data = tiny_corpora(tmp_path / "data")
    best = train(data, tmp_path / "out", max_steps=2)
    nlp = load_person_model(best)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    scores = measure(best, data)
    assert set(scores) == {name for name, _ in EVALUATION_SETS}
    assert scores["chisiec_dev"]["gold"] == 3
    assert scores["peoples_daily_heldout_fold"]["gold"] == 1  # every fifth sentence
    assert scores["peoples_daily_dev"]["gold"] == 3
