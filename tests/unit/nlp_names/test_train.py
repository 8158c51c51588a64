"""The training entry point end to end, on tiny corpora in each corpus's own format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zhiren.nlp.ner.train import build_corpora, measure, train
from zhiren.nlp.pipeline import load_person_model

SENTENCES = ["曹操与刘备论英雄。", "诸葛亮字孔明。", "孙权据江东。"]


def tiny_corpora(root: Path) -> Path:
    """Three sentences in each of the four formats the trainer reads."""

    def char_lines(scheme: str) -> str:
        rows = []
        for sentence in SENTENCES:
            n = 3 if sentence.startswith("诸葛亮") else 2  # the person opens each sentence
            inside = ["B-PER"] + ["I-PER"] * (n - 1)
            if scheme == "bioes":
                inside[-1] = "E-PER"
            tags = inside + ["O"] * (len(sentence) - n)
            rows += [f"{ch}\t{tag}" for ch, tag in zip(sentence, tags, strict=True)] + [""]
        return "\n".join(rows) + "\n"

    def json_lines(label: str) -> str:
        return "".join(
            json.dumps({"text": s, "entity_list": [{"entity_type": label, "entity": s[:2],
                        "entity_index": {"begin": 0, "end": 2}}]}, ensure_ascii=False) + "\n"
            for s in SENTENCES
        )  # fmt: skip

    for rel, body in [
        ("chisiec/train.txt", char_lines("bioes")),
        ("chisiec/dev.txt", char_lines("bioes")),
        ("peoples-daily/dev.bio", char_lines("bio")),
        ("cluener/train.jsonl", json_lines("name")),
        ("cluener/dev.jsonl", json_lines("name")),
        ("boson/boson.jsonl", json_lines("person_name")),
    ]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(body, encoding="utf-8")
    return root


def test_corpora_hold_out_every_twentieth_sentence(tmp_path: Path) -> None:
    train_path, select_path = build_corpora(tiny_corpora(tmp_path / "data"), tmp_path / "work")
    assert train_path.stat().st_size > 0 and select_path.stat().st_size > 0


@pytest.mark.slow
def test_train_writes_a_loadable_model_and_its_scores(tmp_path: Path) -> None:
    data = tiny_corpora(tmp_path / "data")
    best = train(data, tmp_path / "out", max_steps=2)
    nlp = load_person_model(best)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    scores = measure(best, data)
    assert set(scores) == {"chisiec_dev", "cluener_dev", "peoples_daily_heldout_fold"}
    assert scores["chisiec_dev"]["gold"] == 3
