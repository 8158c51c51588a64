"""The register detector: classical or modern Chinese from character unigrams and bigrams."""

from __future__ import annotations

from pathlib import Path

from nlp.register import CLASSICAL, MODERN, RegisterDetector, features, train_detector

CLASSICAL_TEXTS = ["亮曰：吾之志也。", "操乃引兵还。", "其人也孝，乃曰之。", "绍曰：吾其往也。"] * 3
MODERN_TEXTS = ["我们的同学是老师了。", "他们说这是我的书。", "今天的天气是好的了。", "我们都是学生。"] * 3


def detector() -> RegisterDetector:
    return train_detector({CLASSICAL: CLASSICAL_TEXTS, MODERN: MODERN_TEXTS}, min_count=2)


def test_features_are_characters_then_bigrams() -> None:
    assert features("之乎者") == ["之", "乎", "者", "之乎", "乎者"]
    assert features("") == []


def test_function_characters_decide_the_register() -> None:
    d = detector()
    assert d.weights["之"] > 0 > d.weights["的"]
    assert d.register("吾之言也，乃曰其志。") == CLASSICAL
    assert d.register("我们的老师是他们的同学了。") == MODERN


def test_text_without_clear_evidence_stays_classical() -> None:
    d = detector()
    assert d.score("") == 0.0
    assert d.register("") == CLASSICAL
    assert d.register("ABC 123") == CLASSICAL  # no known feature
    assert d.register("之的") == CLASSICAL  # weak, mixed evidence is not modern


def test_rare_features_are_left_out() -> None:
    d = train_detector({CLASSICAL: ["之之之"], MODERN: ["的"]}, min_count=2)
    assert "之" in d.weights and "的" not in d.weights


def test_a_detector_survives_the_disk_and_is_written_the_same_each_time(tmp_path: Path) -> None:
    d = detector()
    first = d.to_disk(tmp_path / "a.tsv")
    second = detector().to_disk(tmp_path / "b.tsv")
    assert first.read_bytes() == second.read_bytes()
    loaded = RegisterDetector.from_disk(first)
    assert loaded.weights == d.weights
    assert loaded.register("我们的老师是他们的同学了。") == MODERN
