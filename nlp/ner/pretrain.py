"""Pretraining the PERSON model's tok2vec on raw text: masked characters, predicted as their static vectors.

spaCy's own objectives rebuild each masked doc from its words, which drops the features our
tok2vec reads (the character bigram, the jieba word position and tag).  Here a masked
character becomes one private-use character, so token i stays character i, and the features
are computed again on the masked text: no bigram or jieba tag can leak the hidden character,
and their embedding rows are trained too.

The raw text is the training parts of the annotated corpora (never a dev or evaluation
sentence), the genealogy and late-Qing texts and the CBDB names.  Measured on the previous,
smaller data (2.7 million characters; model card), at two seeds: People's Daily +0.02 and
+0.08, CLUENER +0.02 and +0.01, CHisIEC -0.003 and -0.001.  Not measured on the present
data (6.3 million characters, over 30 minutes an epoch on this shared machine), so the
shipped model is not pretrained; ``zhiren nlp train --pretrain`` runs it.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy
from spacy.ml.models.multi_task import get_vectors_loss
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab
from thinc.api import CosineDistance, Linear, Maxout, Model, chain, list2array, zero_init

from zhiren.nlp.char_tokens import TEXT_KEY, set_features
from zhiren.nlp.script import to_simplified

MASK = "\ue000"  # a private-use character: no text has it
PIECE_CHARS = 480  # raw texts are cut at a sentence end before this length
MIN_CHARS = 5


def raw_pieces(texts: Sequence[str], seed: int) -> list[str]:
    """Folded texts cut at sentence ends into pieces of at most PIECE_CHARS, shuffled (seeded)."""
    pieces = []
    for text in texts:
        rest = to_simplified(text).strip()
        while len(rest) > PIECE_CHARS:
            cut = max(rest.rfind(end, 0, PIECE_CHARS) for end in "。！？；")
            cut = cut + 1 if cut > 100 else PIECE_CHARS
            pieces.append(rest[:cut])
            rest = rest[cut:]
        if len(rest) >= MIN_CHARS:
            pieces.append(rest)
    random.Random(seed).shuffle(pieces)
    return pieces


def write_raw_text(texts: Sequence[str], path: Path, seed: int) -> Path:
    """The pretraining corpus as spaCy's JsonlCorpus reads it: one ``{"text": …}`` per line."""
    with path.open("w", encoding="utf-8") as out:
        for piece in raw_pieces(texts, seed):
            out.write(json.dumps({"text": piece}, ensure_ascii=False) + "\n")
    return path


def masked_copies(docs: Sequence[Doc], chars: list[str], mask_prob: float) -> tuple[numpy.ndarray, list[Doc]]:
    """BERT's recipe per character: 80 % the mask, 10 % a random character, 10 % itself."""
    n = sum(len(doc) for doc in docs)
    keep = numpy.random.uniform(0.0, 1.0, (n,)) >= mask_prob
    rolls = numpy.random.random((n,))
    picks = numpy.random.randint(0, len(chars), (n,))
    i = 0
    masked = []
    for doc in docs:
        words = []
        for token in doc:
            word = token.text
            if not keep[i]:
                if rolls[i] < 0.8:
                    word = MASK
                elif rolls[i] < 0.9:
                    word = chars[picks[i]]
            words.append(word)
            i += 1
        copy = Doc(doc.vocab, words=words, spaces=[False] * len(words))
        copy.user_data[TEXT_KEY] = "".join(words)
        masked.append(set_features(copy))
    return keep, masked


def _vector_chars(vocab: Vocab) -> list[str]:
    return [c for c in (vocab.strings[int(key)] for key in vocab.vectors) if len(c) == 1]


def _masked_model(vocab: Vocab, wrapped: Model, mask_prob: float) -> Model:
    """``wrapped`` run on masked docs; the loss's gradient kept only at the masked positions."""
    chars = _vector_chars(vocab)

    def forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[Any, Callable[[Any], Any]]:
        keep, masked = masked_copies(docs, chars, mask_prob)
        unmasked = keep.astype("float32").reshape((keep.shape[0], 1))
        output, backprop = model.layers[0](masked, is_train)

        def backward(d_output: Any) -> Any:
            d_output *= 1 - unmasked
            return backprop(d_output)

        return output, backward

    def init(model: Model, X: Any = None, Y: Any = None) -> None:
        inner = model.layers[0]
        inner.initialize(X=X, Y=Y)
        for dim in inner.dim_names:
            if inner.has_dim(dim):
                model.set_dim(dim, inner.get_dim(dim))

    return Model("masked-characters", forward, layers=[wrapped], init=init, dims=dict.fromkeys(wrapped.dim_names))


@registry.architectures("zhiren.PretrainMaskedVectors.v1")
def masked_vectors_objective(
    maxout_pieces: int, hidden_size: int, mask_prob: float = 0.15
) -> Callable[[Vocab, Model], Model]:
    """The ``[pretraining.objective]``: each masked character's static vector, by cosine distance."""

    def create(vocab: Vocab, tok2vec: Model) -> Model:
        output: Model = chain(
            list2array(),
            Maxout(nO=hidden_size, nI=tok2vec.get_dim("nO"), nP=maxout_pieces, normalize=True, dropout=0.0),
            Linear(nO=vocab.vectors.shape[1], nI=hidden_size, init_W=zero_init),
        )
        model = _masked_model(vocab, chain(tok2vec, output), mask_prob)
        model.set_ref("tok2vec", tok2vec)
        model.set_ref("output_layer", output)
        model.attrs["loss"] = partial(get_vectors_loss, distance=CosineDistance(normalize=True, ignore_zeros=True))
        return model

    return create
