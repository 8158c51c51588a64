"""Rebuild the shipped PERSON model from the annotated corpora, reproducibly.

Training data (paths relative to a data folder, ``../shared/data/ner`` in development):
CHisIEC train (pre-modern, twice, so classical text weighs as much as modern), CLUENER
train, Boson, and four fifths of People's Daily dev (the fifth fold is held out for
evaluation).  Model selection uses a held-out twentieth of each training corpus, never
the dev sets the model card reports.  Fixed seeds: the same data gives the same model.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path

from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

from nlp.ner_data import Annotated, read_corpus
from nlp.script import to_simplified

CONFIG_PATH = Path(__file__).with_name("ner_config.cfg")
LABEL = "PERSON"
SEED = 0

# (relative path, how many times its training part is repeated)
TRAINING_CORPORA: tuple[tuple[str, int], ...] = (
    ("chisiec/train.txt", 2),
    ("cluener/train.jsonl", 1),
    ("boson/boson.jsonl", 1),
    ("peoples-daily/dev.bio", 1),
)
PEOPLES_DAILY = "peoples-daily/dev.bio"
HELD_OUT_EVERY = 20
PD_FOLDS = 5


def peoples_daily_fold(docs: list[Annotated], fold: int = 0) -> tuple[list[Annotated], list[Annotated]]:
    """(train, test) split of People's Daily dev: every fifth sentence is held out."""
    test = [d for i, d in enumerate(docs) if i % PD_FOLDS == fold]
    train = [d for i, d in enumerate(docs) if i % PD_FOLDS != fold]
    return train, test


def _to_doc(vocab: Vocab, item: Annotated) -> Doc:
    text = to_simplified(item.text)
    doc = Doc(vocab, words=list(text), spaces=[False] * len(text))
    doc.ents = [Span(doc, s, e, label=LABEL) for s, e in item.spans]  # token i = char i
    return doc


def _write(docs: Iterable[Annotated], path: Path) -> int:
    vocab = Vocab()
    bin_ = DocBin(attrs=["ENT_IOB", "ENT_TYPE"], store_user_data=False)
    n = 0
    for item in docs:
        bin_.add(_to_doc(vocab, item))
        n += 1
    bin_.to_disk(path)
    return n


def build_corpora(data_dir: Path, work_dir: Path) -> tuple[Path, Path]:
    """Write train.spacy and select.spacy (model-selection set) into work_dir."""
    work_dir.mkdir(parents=True, exist_ok=True)
    train: list[Annotated] = []
    select: list[Annotated] = []
    for rel, repeat in TRAINING_CORPORA:
        docs = list(read_corpus(data_dir / rel))
        if rel == PEOPLES_DAILY:
            docs = peoples_daily_fold(docs)[0]
        held = [d for i, d in enumerate(docs) if i % HELD_OUT_EVERY == 0]
        kept = [d for i, d in enumerate(docs) if i % HELD_OUT_EVERY != 0]
        train.extend(kept * repeat)
        select.extend(held)
    random.Random(SEED).shuffle(train)
    _write(train, work_dir / "train.spacy")
    _write(select, work_dir / "select.spacy")
    return work_dir / "train.spacy", work_dir / "select.spacy"


def train(
    data_dir: Path,
    output_dir: Path,
    *,
    max_steps: int | None = None,
    overrides: dict[str, object] | None = None,
) -> Path:
    """Train the model; returns the folder of the best checkpoint (``model-best``).

    ``overrides`` are config settings by dotted name, e.g.
    ``{"components.tok2vec.model.encode.width": 96}`` for the wider variant the model card
    compares.
    """
    from spacy.cli.train import train as spacy_train

    import nlp.char_tokens  # noqa: F401  (registers the tokenizer the config names)

    train_path, select_path = build_corpora(data_dir, output_dir / "corpora")
    settings: dict[str, object] = {
        **(overrides or {}),
        "paths.train": str(train_path),
        "paths.dev": str(select_path),
    }
    if max_steps is not None:
        settings["training.max_steps"] = max_steps
    spacy_train(CONFIG_PATH, output_dir, overrides=settings)
    return output_dir / "model-best"


# Reported evaluation sets: (name, relative path); People's Daily is its held-out fold.
EVALUATION_SETS: tuple[tuple[str, str], ...] = (
    ("chisiec_dev", "chisiec/dev.txt"),
    ("cluener_dev", "cluener/dev.jsonl"),
    ("peoples_daily_heldout_fold", PEOPLES_DAILY),
)


def measure(model_dir: Path, data_dir: Path) -> dict[str, dict[str, float]]:
    """PERSON exact-span scores of a trained model on the reported evaluation sets."""
    from nlp.evaluate import evaluate_docs
    from nlp.pipeline import load_person_model

    nlp = load_person_model(model_dir)
    results = {}
    for name, rel in EVALUATION_SETS:
        docs = list(read_corpus(data_dir / rel))
        if rel == PEOPLES_DAILY:
            docs = peoples_daily_fold(docs)[1]
        results[name] = evaluate_docs(docs, nlp)
    return results
