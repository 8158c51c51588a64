"""The PERSON model as the accurate pipeline loads it."""

from __future__ import annotations

import spacy
from thinc.api import NumpyOps

from zhiren.nlp.pipeline import MODEL_DIR, load_person_model

SENTENCES = [
    "太祖高皇帝姓刘氏，讳邦，字季，沛丰邑中阳里人也。",
    "曾国藩字伯涵，号涤生，湖南湘乡人，与李鸿章、左宗棠同时。",
    "记者王小明昨天在北京采访了张伟教授和他的学生李娜。",
    "杏荪仁兄大人阁下：前奉手书，敬悉一是。宣怀顿首。",
]


def test_the_model_computes_through_numpy_with_the_predictions_of_training_time() -> None:
    """Matrix products by numpy's BLAS (thinc's BLIS wheel uses its slow generic kernel here),
    same entities as the model loaded the way training scored it."""
    loaded = load_person_model()
    ops = {type(node.ops) for node in loaded.get_pipe("tok2vec").model.walk()}
    assert ops == {NumpyOps} and not loaded.get_pipe("tok2vec").model.ops.use_blis
    as_trained = spacy.load(MODEL_DIR)
    for ours, theirs in zip(loaded.pipe(SENTENCES), as_trained.pipe(SENTENCES), strict=True):
        assert [(e.start_char, e.end_char) for e in ours.ents] == [(e.start_char, e.end_char) for e in theirs.ents]
    assert any(doc.ents for doc in loaded.pipe(SENTENCES))
