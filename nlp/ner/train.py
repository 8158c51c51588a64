"""Rebuild the shipped PERSON model from the annotated corpora, reproducibly.

Training data (paths relative to a data folder, ``../shared/data/ner`` in development):
CHisIEC train (three times) and GuNER 2023 (二十四史, traditional script, folded) for
pre-modern text; CLUENER train, Boson and MSRA train for modern text (the People's Daily
1998 dev and test sets are carved out of MSRA and every sentence sharing text with them was
removed from it, so all of People's Daily dev is a held-out dev set now).  Classical text is
16 % of the training characters; with CHisIEC twice and MSRA substituted it was 6 % and
CHisIEC dev lost 0.013 (model card).  Model selection uses a held-out twentieth of each
training corpus, never the dev sets the model card reports.  The further corpora of the
data folder (Weibo, Resume, literary prose, C-CLUE, EvaHan 2025, 左传) feed the static
vectors only.

- Modern corpora follow one convention for titles (``ner_data.without_titles``: 王女士 and
  张某 are not person spans, as in CLUENER and People's Daily; Boson marked 687 of them).
- CLUENER and Boson get one name-substituted copy of their sentences
  (``nlp.ner_augment``; replacement names from the corpus's own training part).  CHisIEC
  gets none: substituting authority names there cost 0.01-0.04 F1 on CHisIEC dev, whose
  persons are largely the training part's (see the model card).
- Static character vectors (``nlp.char_vectors``) from the training parts of every corpus
  in ``RAW_TEXT_CORPORA``, the CBDB names and the raw genealogy and late-Qing texts.
- Name statistics (``nlp.ner.name_chars``): how much more often each character occurs in
  the CBDB names than in the training parts' text, and whether it opens names, appended to
  its SHAPE; the table is built here and saved in the model (its ``tokenizer`` file).
- The tok2vec pretrained on the same texts (``nlp.pretrain``) only when asked
  (``pretraining=True``, ``zhiren nlp train --pretrain``): the shipped model has none.

Fixed seeds: the same data gives the same model.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path

from spacy.tokens import Doc, DocBin, Span
from spacy.util import load_config, load_model_from_config
from spacy.vocab import Vocab

from zhiren.nlp.ner.augment import Chooser, augment, classical_chooser, modern_chooser, read_authority_names, span_names
from zhiren.nlp.ner.char_vectors import char_vectors, raw_lines, read_names, write_vectors
from zhiren.nlp.ner.data import Annotated, read_corpus, without_titles
from zhiren.nlp.ner.name_chars import name_char_table, write_table
from zhiren.nlp.ner.pretrain import write_raw_text
from zhiren.nlp.script import to_simplified

CONFIG_PATH = Path(__file__).with_name("config.cfg")
LABEL = "PERSON"
SEED = 0

# (relative path, how many times its training part is repeated, name-substituted copies
# of its sentences, register: "classical" or "modern").  What the shipped model learns from.
Corpus = tuple[str, int, float, str]
TRAINING_CORPORA: tuple[Corpus, ...] = (
    ("chisiec/train.txt", 3, 0, "classical"),
    ("guner2023/train.txt", 1, 0, "classical"),
    ("cluener/train.jsonl", 1, 1, "modern"),
    ("boson/boson.jsonl", 1, 1, "modern"),
    ("msra/train.txt", 1, 0, "modern"),
)
# Every corpus whose training part's text (not its labels) feeds the static vectors and
# the pretraining: the above and the corpora measured in ablations (model card).  The
# traditional-script ones (GuNER, EvaHan, 左传) are folded like all text.
RAW_TEXT_CORPORA: tuple[tuple[str, str], ...] = (
    ("chisiec/train.txt", "classical"),
    ("c-clue/train.txt", "classical"),
    ("guner2023/train.txt", "classical"),
    ("evahan2025/trainset_A.txt", "classical"),
    ("evahan2025/trainset_B.txt", "classical"),
    ("evahan2022-zuozhuan/train.txt", "classical"),
    ("cluener/train.jsonl", "modern"),
    ("boson/boson.jsonl", "modern"),
    ("msra/train.txt", "modern"),
    ("weibo/train.txt", "modern"),
    ("resume/train.txt", "modern"),
    ("chinese-literature/train.txt", "modern"),
)
# The CBDB name statistics as a token feature (nlp/ner/name_chars.py), in the shipped model
# (model card, run E against D: the same recipe without them).
NAME_CHARS = True
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


def substitution_chooser(register: str, kept: list[Annotated], authority: list[str], seed: int) -> Chooser:
    """Where a corpus's replacement names come from: the authorities for classical text
    (the corpus's own training names when no authority file is there), else the corpus."""
    rng = random.Random(seed)
    if register == "classical":
        return classical_chooser(authority or span_names(kept), rng)
    return modern_chooser(span_names(kept), rng)


def training_parts(data_dir: Path, rel: str, register: str) -> tuple[list[Annotated], list[Annotated]]:
    """(kept, held) of one training corpus: its training part and its model-selection twentieth."""
    docs = list(read_corpus(data_dir / rel))
    if register == "modern":
        docs = [without_titles(d) for d in docs]
    held = [d for i, d in enumerate(docs) if i % HELD_OUT_EVERY == 0]
    kept = [d for i, d in enumerate(docs) if i % HELD_OUT_EVERY != 0]
    return kept, held


def corpus_texts(data_dir: Path) -> list[str]:
    """The text of the training parts of every corpus in RAW_TEXT_CORPORA."""
    return [d.text for rel, register in RAW_TEXT_CORPORA for d in training_parts(data_dir, rel, register)[0]]


def unannotated_texts(data_dir: Path) -> list[str]:
    """The training parts' texts and the raw texts beside them: what vectors and pretraining read."""
    return [*corpus_texts(data_dir), *raw_lines(data_dir.parent)]


def build_name_chars(data_dir: Path, work_dir: Path) -> Path:
    """The name-character table (``nlp.ner.name_chars``): CBDB names against the corpora's text."""
    return write_table(
        name_char_table(read_names(data_dir.parent), corpus_texts(data_dir)), work_dir / "name_chars.tsv"
    )


def build_vectors(data_dir: Path, work_dir: Path) -> Path:
    """Static character vectors from the training parts and the raw texts beside them."""
    chars, vectors = char_vectors(unannotated_texts(data_dir))
    return write_vectors(chars, vectors, work_dir / "vectors")


def pretrain_tok2vec(data_dir: Path, work_dir: Path, settings: dict[str, object]) -> Path:
    """The config's ``[pretraining]`` run on the unannotated texts; returns the tok2vec weights."""
    from spacy.training.pretrain import pretrain

    raw = write_raw_text(unannotated_texts(data_dir), work_dir / "raw.jsonl", SEED)
    config = load_config(CONFIG_PATH, overrides={**settings, "paths.raw_text": str(raw)}, interpolate=True)
    filled = load_model_from_config(config, auto_fill=True).config  # as `spacy train` fills it
    output = work_dir / "pretrain"
    output.mkdir(parents=True, exist_ok=True)
    pretrain(filled.interpolate(), output, silent=False)
    return output / "model-last.bin"


def build_corpora(data_dir: Path, work_dir: Path, corpora: tuple[Corpus, ...] = TRAINING_CORPORA) -> tuple[Path, Path]:
    """Write train.spacy and select.spacy (model-selection set) into work_dir."""
    work_dir.mkdir(parents=True, exist_ok=True)
    train: list[Annotated] = []
    select: list[Annotated] = []
    classical = any(copies and register == "classical" for _, _, copies, register in corpora)
    authority = read_authority_names(data_dir.parent) if classical else []
    for index, (rel, repeat, copies, register) in enumerate(corpora):
        kept, held = training_parts(data_dir, rel, register)
        train.extend(kept * repeat)
        if copies:
            choose = substitution_chooser(register, kept, authority, SEED + index)
            train.extend(augment(kept, choose, copies))
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
    corpora: tuple[Corpus, ...] = TRAINING_CORPORA,
    pretraining: bool = False,
    name_chars: bool = NAME_CHARS,
) -> Path:
    """Train the model; returns the folder of the best checkpoint (``model-best``).

    ``overrides`` are config settings by dotted name, e.g.
    ``{"components.tok2vec.model.encode.width": 96}`` for the wider variant the model card
    compares; an ``initialize.vectors`` or ``paths.init_tok2vec`` given there is used as
    it is instead of being built.  ``corpora`` and ``pretraining=False`` are for the
    ablations the model card reports (which corpora, with and without pretraining);
    ``name_chars`` adds the CBDB name statistics to the characters' SHAPE
    (``nlp.ner.name_chars``; the table is saved inside the model).
    """
    from spacy.cli.train import train as spacy_train

    import zhiren.nlp.char_tokens  # noqa: F401  (registers the tokenizer the config names)

    train_path, select_path = build_corpora(data_dir, output_dir / "corpora", corpora)
    settings: dict[str, object] = {
        **(overrides or {}),
        "paths.train": str(train_path),
        "paths.dev": str(select_path),
    }
    config = load_config(CONFIG_PATH, overrides=settings)
    static = config["components"]["tok2vec"]["model"]["embed"]["include_static_vectors"]
    if static and "initialize.vectors" not in settings:
        settings["initialize.vectors"] = str(build_vectors(data_dir, output_dir / "corpora"))
    if pretraining and config["pretraining"] and "paths.init_tok2vec" not in settings:
        settings["paths.init_tok2vec"] = str(pretrain_tok2vec(data_dir, output_dir / "corpora", settings))
    if name_chars:
        settings["initialize.tokenizer"] = {"name_chars": str(build_name_chars(data_dir, output_dir / "corpora"))}
    if max_steps is not None:
        settings["training.max_steps"] = max_steps
    spacy_train(CONFIG_PATH, output_dir, overrides=settings)
    return output_dir / "model-best"


# Reported evaluation sets: (name, relative path).  The first three are the dev sets the
# issue names; "peoples_daily_heldout_fold" is the fifth of People's Daily dev that the
# previous models never trained on (so the two can be compared), "peoples_daily_dev" all
# of it (no model since MSRA train trains on any of it).  The others are further signals.
EVALUATION_SETS: tuple[tuple[str, str], ...] = (
    ("chisiec_dev", "chisiec/dev.txt"),
    ("cluener_dev", "cluener/dev.jsonl"),
    ("peoples_daily_heldout_fold", PEOPLES_DAILY),
    ("peoples_daily_dev", PEOPLES_DAILY),
    ("c_clue_dev", "c-clue/dev.txt"),
    ("weibo_dev", "weibo/dev.txt"),
    ("resume_dev", "resume/dev.txt"),
)


def measure(model_dir: Path, data_dir: Path) -> dict[str, dict[str, float]]:
    """PERSON exact-span scores of a trained model on the reported evaluation sets."""
    from zhiren.nlp.ner.evaluate import evaluate_docs
    from zhiren.nlp.pipeline import load_person_model

    nlp = load_person_model(model_dir)
    results = {}
    for name, rel in EVALUATION_SETS:
        docs = list(read_corpus(data_dir / rel))
        if name == "peoples_daily_heldout_fold":
            docs = peoples_daily_fold(docs)[1]
        results[name] = evaluate_docs(docs, nlp)
    return results
