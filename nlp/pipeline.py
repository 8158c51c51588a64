"""Build the name-finding spaCy pipeline: characters, the PERSON model, gazetteer, rules.

Accurate mode loads the shipped statistical model (``nlp/models/person_ner``, read from
the package folder, never downloaded); fast mode leaves it out and keeps the gazetteer
and the rules.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import numpy
import spacy
from spacy.language import Language
from thinc.api import use_ops

import zhiren.nlp.components  # noqa: F401  (registers the components added below)
from zhiren.nlp.char_tokens import CHAR_FEATURES, blank_pipeline
from zhiren.nlp.components import GAZETTEER, RELEASE_FEATURES, RULE_COMPONENTS
from zhiren.nlp.segment import load as load_segmenter

MODEL_DIR = Path(__file__).with_name("models") / "person_ner"


def one_blas_thread() -> None:
    """Have numpy's OpenBLAS compute in the calling process's one thread.

    The model's matrix products go through numpy (see :func:`load_person_model`); the
    extractor uses a second core with a second process (``Extractor(n_process=2)``), and
    OpenBLAS's own threads on top of that spin against it and against everything else on
    the machine: 1.5x the CPU time per document on two busy cores (model card, speed).
    Does nothing when numpy's BLAS is not the OpenBLAS its wheels bundle.
    """
    for library in (Path(numpy.__file__).parent.parent / "numpy.libs").glob("libscipy_openblas*.so"):
        set_threads = getattr(ctypes.CDLL(str(library)), "scipy_openblas_set_num_threads64_", None)
        if set_threads is not None:
            set_threads(1)


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
    # The layers' matrix products through numpy (OpenBLAS) instead of thinc's default BLIS,
    # whose wheel falls back to its generic reference kernel on this machine's CPU (AMD EPYC
    # with AVX-512): a third of the tok2vec's time (model card, speed); same predictions.
    # Training keeps BLIS, so `zhiren nlp train` still rebuilds the shipped weights exactly.
    one_blas_thread()
    with use_ops("numpy", use_blis=False):
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
