"""Build the name-finding spaCy pipeline: characters, the PERSON model, gazetteer, rules.

Accurate mode loads the shipped statistical model (``nlp/models/person_ner``, read from
the package folder, never downloaded); fast mode leaves it out and keeps the gazetteer
and the rules.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

import zhiren.nlp.components  # noqa: F401  (registers the components added below)
from zhiren.nlp.char_tokens import CHAR_FEATURES, blank_pipeline
from zhiren.nlp.components import GAZETTEER, RELEASE_FEATURES, RULE_COMPONENTS
from zhiren.nlp.segment import load as load_segmenter

MODEL_DIR = Path(__file__).with_name("models") / "person_ner"


class ModelMissing(RuntimeError):
    """The statistical model is not in the package; rebuild it with `zhiren nlp train`."""


def load_person_model(path: Path = MODEL_DIR, *, features_in_pipeline: bool = False) -> Language:
    """The trained tok2vec + ner pipeline, from a folder on disk.

    ``features_in_pipeline`` moves the jieba features from the tokenizer into a first
    pipeline step (same features, same predictions) so that docs can be tokenized in one
    process and annotated in another.
    """
    if not (path / "config.cfg").is_file():
        raise ModelMissing(f"no PERSON model at {path}; build it with `zhiren nlp train`")
    if not features_in_pipeline:
        return spacy.load(path)
    nlp = spacy.load(path, config={"nlp": {"tokenizer": {"features": False}}})
    nlp.add_pipe(CHAR_FEATURES, first=True)
    return nlp


def build_pipeline(*, statistical: bool = True, model_dir: Path = MODEL_DIR) -> Language:
    """The full pipeline; ``statistical=False`` is the fast mode without the model."""
    load_segmenter()
    if statistical:
        nlp = load_person_model(model_dir, features_in_pipeline=True)
        nlp.add_pipe(RELEASE_FEATURES)
    else:
        nlp = blank_pipeline(features=False)
    nlp.add_pipe(GAZETTEER)
    for name in RULE_COMPONENTS:
        nlp.add_pipe(name)
    return nlp
