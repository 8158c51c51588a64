"""Build the name-finding spaCy pipeline: characters, the PERSON model, gazetteer, rules.

Accurate mode loads the shipped statistical model (``nlp/models/person_ner``, read from
the package folder, never downloaded); fast mode leaves it out and keeps the gazetteer
and the rules.

A model folder may hold a second, modern-only model (``modern/``) and a register detector
(``register.tsv``, see :mod:`nlp.register`).  Then the folder's own model (trained on both
registers) reads the pieces the detector does not find clearly modern, and the modern
model reads the others: one model per piece of text, never both.  The shipped folder has
neither (measured, not shipped: see the model card); ``nlp.train.train(modern=True)``
builds such a folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

import nlp.components  # noqa: F401  (registers the components added below)
from nlp.char_tokens import CHAR_FEATURES, blank_pipeline, doc_text
from nlp.components import GAZETTEER, RELEASE_FEATURES, ROUTER, RULE_COMPONENTS
from nlp.register import FILE_NAME as REGISTER_FILE
from nlp.register import MODERN, RegisterDetector
from nlp.segment import load as load_segmenter

MODEL_DIR = Path(__file__).with_name("models") / "person_ner"
MODERN_DIR = "modern"
# Kinds of document whose pieces are routed; genealogies, letters and manuscripts are
# read by the joint model (their language is classical, or close to it).
ROUTED_KINDS = frozenset({"text"})
MODEL_COMPONENTS = ("tok2vec", "ner")

Component = Callable[[Doc], Doc]


class RegisterRouter:
    """The tok2vec + ner of two models; each doc goes through one pair.

    Both models must share the static vectors (the docs carry the first model's vocab),
    which ``nlp.train`` guarantees: it builds them from every corpus whatever the register.
    """

    def __init__(self) -> None:
        self.classical: Sequence[Component] = ()
        self.modern: Sequence[Component] = ()
        self.detector = RegisterDetector({})

    def route(self, docs: Iterable[Doc], kind: str = "text") -> tuple[list[Doc], list[Doc]]:
        """(classical, modern) docs; only ``ROUTED_KINDS`` reach the modern model."""
        classical: list[Doc] = []
        modern: list[Doc] = []
        for doc in docs:
            routed = kind in ROUTED_KINDS and self.detector.register(doc_text(doc)) == MODERN
            (modern if routed else classical).append(doc)
        return classical, modern

    def __call__(self, doc: Doc, kind: str = "text") -> Doc:
        return next(self.pipe([doc], kind=kind))

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 128, kind: str = "text") -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            for components, group in zip((self.classical, self.modern), self.route(batch, kind), strict=True):
                for component in components:
                    if group:
                        group = _run(component, group, batch_size)
            yield from batch  # the components annotate the docs in place


def _run(component: Any, docs: list[Doc], batch_size: int) -> list[Doc]:
    if hasattr(component, "pipe"):
        return list(component.pipe(docs, batch_size=batch_size))
    return [component(doc) for doc in docs]


@Language.factory(ROUTER)
def make_register_router(nlp: Language, name: str) -> RegisterRouter:
    return RegisterRouter()


def routes(path: Path) -> bool:
    """Whether the model folder holds a modern model and a register detector."""
    return (path / MODERN_DIR / "config.cfg").is_file() and (path / REGISTER_FILE).is_file()


def _add_router(nlp: Language, path: Path) -> None:
    """Move the folder model's tok2vec + ner into a router beside the modern model's."""
    classical = [nlp.remove_pipe(name)[1] for name in MODEL_COMPONENTS]
    modern_nlp = spacy.load(path / MODERN_DIR, exclude=["tokenizer"])
    router = cast(RegisterRouter, nlp.add_pipe(ROUTER))
    router.classical = classical
    router.modern = [modern_nlp.get_pipe(name) for name in MODEL_COMPONENTS]
    router.detector = RegisterDetector.from_disk(path / REGISTER_FILE)


class ModelMissing(RuntimeError):
    """The statistical model is not in the package; rebuild it with `zhiren nlp train`."""


def load_person_model(path: Path = MODEL_DIR, *, features_in_pipeline: bool = False) -> Language:
    """The trained tok2vec + ner pipeline, from a folder on disk.

    ``features_in_pipeline`` moves the jieba features from the tokenizer into a first
    pipeline step (same features, same predictions) so that docs can be tokenized in one
    process and annotated in another.  This is the folder's own model only; see
    :func:`load_routed_model` for the model with its modern partner.
    """
    if not (path / "config.cfg").is_file():
        raise ModelMissing(f"no PERSON model at {path}; build it with `zhiren nlp train`")
    if not features_in_pipeline:
        return spacy.load(path)
    nlp = spacy.load(path, config={"nlp": {"tokenizer": {"features": False}}})
    nlp.add_pipe(CHAR_FEATURES, first=True)
    return nlp


def load_routed_model(path: Path = MODEL_DIR, *, features_in_pipeline: bool = False) -> Language:
    """What the extractor runs: the folder's model, and when the folder also holds a modern
    model and a register detector (:func:`routes`), a router that gives each doc to one
    of the two.  Otherwise the same as :func:`load_person_model`."""
    nlp = load_person_model(path, features_in_pipeline=features_in_pipeline)
    if routes(path):
        _add_router(nlp, path)
    return nlp


def build_pipeline(*, statistical: bool = True, model_dir: Path = MODEL_DIR) -> Language:
    """The full pipeline; ``statistical=False`` is the fast mode without the model."""
    load_segmenter()
    if statistical:
        nlp = load_routed_model(model_dir, features_in_pipeline=True)
        nlp.add_pipe(RELEASE_FEATURES)
    else:
        nlp = blank_pipeline(features=False)
    nlp.add_pipe(GAZETTEER)
    for name in RULE_COMPONENTS:
        nlp.add_pipe(name)
    return nlp
