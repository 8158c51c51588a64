"""Pretraining's raw text and masking: pieces cut at sentence ends, masks that keep offsets and features."""

from __future__ import annotations

import json
from pathlib import Path

import numpy

from zhiren.nlp.char_tokens import blank_pipeline
from zhiren.nlp.ner.pretrain import MASK, PIECE_CHARS, masked_copies, raw_pieces, write_raw_text

LONG = "盛宣懷字杏蓀，號愚齋。" * 60  # 660 characters, sentences of 11


def test_long_texts_are_cut_at_a_sentence_end_and_folded() -> None:
    pieces = raw_pieces([LONG, "短", "曾國藩字伯涵。"], seed=0)
    assert all(len(p) <= PIECE_CHARS for p in pieces)
    assert "短" not in pieces  # under five characters: nothing to learn from
    assert sorted(len(p) for p in pieces) == [7, 187, 473]  # 473 = 43 sentences of 11
    assert all(p.endswith("。") for p in pieces)
    assert "盛宣怀字杏荪，号愚斋。" in "".join(pieces)  # folded to simplified script
    assert raw_pieces([LONG, "曾國藩字伯涵。"], seed=0) == raw_pieces([LONG, "曾國藩字伯涵。"], seed=0)


def test_raw_text_is_json_lines_of_text(tmp_path: Path) -> None:
    path = write_raw_text(["曾國藩字伯涵。"], tmp_path / "raw.jsonl", seed=0)
    assert [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] == [{"text": "曾国藩字伯涵。"}]


def test_masking_keeps_one_token_per_character_and_recomputes_the_features() -> None:
    nlp = blank_pipeline()
    docs = [nlp("盛宣怀字杏荪号愚斋" * 20), nlp("曾国藩字伯涵")]
    numpy.random.seed(0)
    keep, masked = masked_copies(docs, ["甲", "乙"], mask_prob=0.3)
    assert keep.shape == (sum(len(d) for d in docs),)
    assert 0.2 < 1 - keep.mean() < 0.4
    flat = [t.text for d in masked for t in d]
    original = [t.text for d in docs for t in d]
    assert [len(d) for d in masked] == [len(d) for d in docs]
    assert all(m == o for m, o, k in zip(flat, original, keep, strict=True) if k)
    assert {m for m, k in zip(flat, keep, strict=True) if not k} <= {MASK, "甲", "乙", *original}
    assert MASK in flat
    hidden = flat.index(MASK)
    assert masked[0][hidden].lemma != docs[0][hidden].lemma  # hashed: the bigram feature does not leak the character
