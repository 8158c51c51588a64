"""Training one register's corpora, and the joint model shipped with its modern partner."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from spacy.tokens import DocBin
from spacy.vocab import Vocab

from nlp.components import ROUTER
from nlp.pipeline import MODERN_DIR, load_person_model, load_routed_model, routes
from nlp.register import FILE_NAME, RegisterDetector
from nlp.train import TRAINING_CORPORA, build_corpora, build_detector, corpora_of, measure, train
from tests.unit.nlp_names.test_train import tiny_corpora


def sentences(path: Path) -> list[str]:
    return [doc.text for doc in DocBin().from_disk(path).get_docs(Vocab())]


def test_corpora_of_a_register() -> None:
    assert corpora_of(None) == TRAINING_CORPORA
    assert [c[0] for c in corpora_of("classical")] == ["chisiec/train.txt"]
    assert {c[3] for c in corpora_of("modern")} == {"modern"} and len(corpora_of("modern")) == 3
    with pytest.raises(ValueError, match="register"):
        corpora_of("vernacular")


def test_a_modern_model_reads_no_classical_sentence(tmp_path: Path) -> None:
    data = tiny_corpora(tmp_path / "data")
    joint, _ = build_corpora(data, tmp_path / "joint")
    modern, _ = build_corpora(data, tmp_path / "modern", "modern")
    classical, _ = build_corpora(data, tmp_path / "classical", "classical")
    assert len(sentences(joint)) == len(sentences(modern)) + len(sentences(classical))
    # CHisIEC is read twice, the modern corpora once plus one substituted copy each.
    assert len(sentences(classical)) == 2 * 2  # 2 of 3 sentences kept (every 20th held out)
    # The same substituted copies either way: a corpus's seed is its place in TRAINING_CORPORA.
    assert Counter(sentences(joint)) == Counter(sentences(modern)) + Counter(sentences(classical))


def test_the_detector_is_built_from_the_training_parts(tmp_path: Path) -> None:
    data = tiny_corpora(tmp_path / "data")
    path = build_detector(data, tmp_path / FILE_NAME)
    assert path.read_bytes() == build_detector(data, tmp_path / "again.tsv").read_bytes()
    assert isinstance(RegisterDetector.from_disk(path).weights, dict)


@pytest.mark.slow
def test_train_can_put_the_modern_model_and_the_detector_inside_the_best_folder(tmp_path: Path) -> None:
    data = tiny_corpora(tmp_path / "data")
    best = train(data, tmp_path / "out", max_steps=2, modern=True)
    assert routes(best) and (best / MODERN_DIR / "config.cfg").is_file()
    assert load_person_model(best).pipe_names == ["tok2vec", "ner"]
    assert load_routed_model(best).pipe_names == [ROUTER]
    scores = measure(best, data)
    assert scores["chisiec_dev"]["gold"] == 3
    alone = train(data, tmp_path / "alone", max_steps=2)  # the default: the joint model only
    assert not routes(alone) and not (alone / MODERN_DIR).exists()
