"""The register router: each piece of text goes through one model, picked by its register."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc, Span

from nlp.char_tokens import blank_pipeline
from nlp.components import KIND_COMPONENTS, ROUTER
from nlp.pipeline import MODEL_DIR, MODERN_DIR, RegisterRouter, load_person_model, load_routed_model, routes
from nlp.register import CLASSICAL, FILE_NAME, MODERN, train_detector

CLASSICAL_TEXTS = ["亮曰：吾之志也。", "操乃引兵还。", "其人也孝，乃曰之。"] * 3
MODERN_TEXTS = ["我们的同学是老师了。", "他们说这是我的书。", "今天的天气是好的了。"] * 3


class Marker:
    """A stand-in model: marks the first character of each doc it reads."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.seen: list[str] = []

    def __call__(self, doc: Doc) -> Doc:
        self.seen.append(doc.text)
        doc.ents = [Span(doc, 0, 1, label=self.label)]
        return doc


def router() -> tuple[RegisterRouter, Marker, Marker]:
    r = RegisterRouter()
    classical, modern = Marker("CLASSICAL"), Marker("MODERN")
    r.classical, r.modern = [classical], [modern]
    r.detector = train_detector({CLASSICAL: CLASSICAL_TEXTS, MODERN: MODERN_TEXTS}, min_count=2)
    return r, classical, modern


def test_each_doc_goes_through_one_model_in_input_order() -> None:
    r, classical, modern = router()
    nlp = blank_pipeline(features=False)
    texts = ["吾之志也。", "我们的老师了。", "乃曰之。", "他们是我的同学。"]
    docs = list(r.pipe((nlp(t) for t in texts), batch_size=3))
    assert [d.text for d in docs] == texts
    assert [d.ents[0].label_ for d in docs] == ["CLASSICAL", "MODERN", "CLASSICAL", "MODERN"]
    assert classical.seen == ["吾之志也。", "乃曰之。"] and modern.seen == ["我们的老师了。", "他们是我的同学。"]


def test_only_plain_text_is_routed() -> None:
    r = router()[0]
    nlp = blank_pipeline(features=False)
    for kind in ("genealogy", "letter", "manuscript"):
        assert r(nlp("我们的老师了。"), kind=kind).ents[0].label_ == "CLASSICAL"
    assert r(nlp("我们的老师了。")).ents[0].label_ == "MODERN"
    assert ROUTER in KIND_COMPONENTS  # the extractor passes the document kind


def test_a_folder_without_modern_model_does_not_route(tmp_path: Path) -> None:
    assert not routes(tmp_path)
    (tmp_path / MODERN_DIR).mkdir()
    (tmp_path / MODERN_DIR / "config.cfg").write_text("", encoding="utf-8")
    assert not routes(tmp_path)  # no detector either
    (tmp_path / FILE_NAME).write_text("", encoding="utf-8")
    assert routes(tmp_path)


@pytest.mark.skipif(not (MODEL_DIR / "config.cfg").is_file(), reason="no shipped model")
def test_a_routed_folder_loads_both_models_sharing_the_vectors(tmp_path: Path) -> None:
    """The shipped model twice, as the joint and as the 'modern' one: same predictions."""
    folder = tmp_path / "model"
    folder.mkdir()
    for item in MODEL_DIR.iterdir():
        if item.name not in (MODERN_DIR, FILE_NAME):
            (folder / item.name).symlink_to(item)
    (folder / MODERN_DIR).symlink_to(MODEL_DIR)
    train_detector({CLASSICAL: CLASSICAL_TEXTS, MODERN: MODERN_TEXTS}, min_count=2).to_disk(folder / FILE_NAME)
    plain = load_person_model(MODEL_DIR)
    assert load_person_model(folder).pipe_names == ["tok2vec", "ner"]  # the folder's own model only
    routed = load_routed_model(folder)
    assert routed.pipe_names[-1] == ROUTER and "ner" not in routed.pipe_names
    texts = ["曹操与刘备论英雄。", "我们的老师王小明说了。"]
    for want, got in zip(plain.pipe(texts), routed.pipe(texts), strict=True):
        assert [(e.start_char, e.end_char) for e in got.ents] == [(e.start_char, e.end_char) for e in want.ents]
    parallel = load_routed_model(folder, features_in_pipeline=True)
    assert parallel.pipe_names[0] != ROUTER and parallel.pipe_names[-1] == ROUTER
