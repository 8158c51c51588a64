"""Static character vectors for the PERSON model, built from the raw text it may learn from.

Why: the model's own embeddings only know a character from the few labelled sentences it
occurs in.  Vectors from the character contexts of more text (the training parts of the
NER corpora, about 416,000 CBDB names, the genealogy and late-Qing samples) put rare
given-name characters next to common ones (张 beside 彭, 陈, 吴).  Nothing is downloaded
and no dev or evaluation sentence is read.

Method (numpy only, deterministic): counts of each character's neighbours at offsets
-2, -1, +1 and +2 (positions kept apart), positive PMI with context smoothing 0.75, and
a seeded randomized SVD; rows are scaled by the square roots of the singular values and
normalised.  The vectors are stored as a spaCy pipeline folder that the training
config's ``[initialize] vectors`` loads.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy

from zhiren.nlp.script import to_simplified

OFFSETS = (-2, -1, 1, 2)
MIN_COUNT = 3
CONTEXTS = 4000
NAMES_PER_LINE = 20
SEED = 0

# Raw text beside the NER folder (relative to the shared data folder); names are a column.
RAW_TEXTS = ("genealogy/tongcheng-wu-vol01.txt", "late-qing/zeng_wenzheng_nianpu_juan1_excerpt.txt")
NAME_LIST = ("cbdb/names/cbdb_entity_names.csv", "name")


def read_names(data_root: Path) -> list[str]:
    """The CBDB person names (as written: traditional script), none when the list is absent."""
    path = data_root / NAME_LIST[0]
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [row[NAME_LIST[1]] for row in csv.DictReader(fh)]


def raw_lines(data_root: Path) -> list[str]:
    """The raw texts and the CBDB names (twenty to a line, 。 between), those that exist."""
    lines: list[str] = []
    for rel in RAW_TEXTS:
        if (data_root / rel).is_file():
            lines += (data_root / rel).read_text(encoding="utf-8").splitlines()
    names = read_names(data_root)
    lines += ["。".join(names[i : i + NAMES_PER_LINE]) for i in range(0, len(names), NAMES_PER_LINE)]
    return lines


def cooccurrences(lines: Sequence[str], vocab: Sequence[str], contexts: int) -> numpy.ndarray:
    """Counts [character, offset * contexts + neighbour] over the lines."""
    index = {c: i for i, c in enumerate(vocab)}
    counts = numpy.zeros((len(vocab), len(OFFSETS) * contexts), dtype=numpy.float32)
    for line in lines:
        ids = numpy.array([index.get(c, -1) for c in line], dtype=numpy.int64)
        for k, offset in enumerate(OFFSETS):
            if len(ids) <= abs(offset):
                continue
            here = ids[max(0, -offset) : len(ids) - max(0, offset)]
            there = ids[max(0, offset) : max(0, offset) + len(here)]
            ok = (here >= 0) & (there >= 0) & (there < contexts)
            numpy.add.at(counts, (here[ok], k * contexts + there[ok]), 1.0)
    return counts


def ppmi_svd(counts: numpy.ndarray, dim: int, seed: int = SEED) -> numpy.ndarray:
    """Unit-length rows of a rank-``dim`` factorisation of the positive PMI matrix."""
    total = counts.sum()
    rows = counts.sum(axis=1, keepdims=True)
    cols = counts.sum(axis=0, keepdims=True) ** 0.75
    cols = cols / cols.sum() * total
    with numpy.errstate(divide="ignore", invalid="ignore"):
        pmi = numpy.log(counts * total / (rows * cols))
    pmi[~numpy.isfinite(pmi)] = 0.0
    numpy.maximum(pmi, 0.0, out=pmi)
    rng = numpy.random.default_rng(seed)
    sketch = pmi @ rng.standard_normal((pmi.shape[1], dim + 20)).astype(numpy.float32)
    basis, _ = numpy.linalg.qr(sketch)
    u, s, _ = numpy.linalg.svd(basis.T @ pmi, full_matrices=False)
    vectors = (basis @ u[:, :dim]) * numpy.sqrt(s[:dim])
    return (vectors / (numpy.linalg.norm(vectors, axis=1, keepdims=True) + 1e-8)).astype(numpy.float32)


def char_vectors(texts: Iterable[str], dim: int = 64) -> tuple[list[str], numpy.ndarray]:
    """(characters, vectors) of the characters seen at least MIN_COUNT times (folded text)."""
    lines = [to_simplified(t) for t in texts if t.strip()]
    frequency = Counter(c for line in lines for c in line if not c.isspace())
    vocab = [c for c, n in sorted(frequency.items(), key=lambda item: (-item[1], item[0])) if n >= MIN_COUNT]
    counts = cooccurrences(lines, vocab, min(CONTEXTS, len(vocab)))
    return vocab, ppmi_svd(counts, min(dim, len(vocab) - 1))


def write_vectors(chars: Sequence[str], vectors: numpy.ndarray, path: Path) -> Path:
    """A blank spaCy pipeline folder holding the vectors (for ``[initialize] vectors``)."""
    import spacy
    from spacy.vectors import Vectors

    nlp = spacy.blank("zh")
    keys = [nlp.vocab.strings.add(c) for c in chars]
    nlp.vocab.vectors = Vectors(data=vectors, keys=keys, strings=nlp.vocab.strings)
    path.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(path)
    return path
