"""Static character vectors: characters in the same contexts end up close, and reproducibly."""

from __future__ import annotations

from pathlib import Path

import numpy
import spacy

from zhiren.nlp.ner.char_vectors import char_vectors, raw_lines, write_vectors

TEXTS = [
    *[f"记者{s}明报道，{s}华说好。" for s in "张李王赵"],
    *[f"天气{w}冷，今天{w}热的。" for w in "很太真"],
] * 5


def cosine(chars: list[str], vectors: numpy.ndarray, a: str, b: str) -> float:
    return float(vectors[chars.index(a)] @ vectors[chars.index(b)])


def test_characters_of_the_same_contexts_are_close() -> None:
    chars, vectors = char_vectors(TEXTS, dim=8)
    assert vectors.shape == (len(chars), 8)
    assert numpy.all(numpy.linalg.norm(vectors, axis=1) <= 1.0 + 1e-3)
    assert cosine(chars, vectors, "张", "李") > cosine(chars, vectors, "张", "很") + 0.3
    assert cosine(chars, vectors, "很", "太") > cosine(chars, vectors, "很", "王") + 0.3


def test_vectors_are_reproducible_and_load_in_spacy(tmp_path: Path) -> None:
    chars, vectors = char_vectors(TEXTS, dim=8)
    again = char_vectors(TEXTS, dim=8)
    assert chars == again[0] and numpy.array_equal(vectors, again[1])
    nlp = spacy.load(write_vectors(chars, vectors, tmp_path / "vectors"))
    assert numpy.allclose(nlp.vocab["张"].vector, vectors[chars.index("张")])


def test_raw_lines_read_names_twenty_to_a_line(tmp_path: Path) -> None:
    names = tmp_path / "cbdb" / "names" / "cbdb_entity_names.csv"
    names.parent.mkdir(parents=True)
    names.write_text("name\n" + "".join(f"王{i}\n" for i in range(25)), encoding="utf-8")
    lines = raw_lines(tmp_path)
    assert len(lines) == 2 and lines[0].count("。") == 19
