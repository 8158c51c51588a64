"""A spaCy tokenizer that makes one token per character and records jieba's words on them.

Chinese names start and end anywhere inside jieba's words (字杏荪, 藩致), so the NER model
reads characters; what segmentation knows is kept as features: each token's ``tag`` is
its position in its jieba word plus the word's dictionary tag (``Bnr``, ``Ens``, ``Sx``)
and its ``lemma`` is the character bigram starting at it (the attributes are borrowed:
this pipeline has no tagger or lemmatizer).  Token i is character i, so
entity offsets are character offsets with no mapping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from itertools import chain
from operator import add
from pathlib import Path
from typing import Any, cast

import numpy
import spacy
from spacy.attrs import LEMMA, TAG
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab
from thinc.types import Ints2d

from zhiren.nlp.segment import word_tags, words


@cache
def _position_tag_ids(length: int, tag: str, strings: StringStore) -> tuple[int, ...]:
    """Tags of the characters of a word (S for one character, else B, M…, E, then the word's
    tag), as ids of the pipeline's string store, which keeps them: tags are few."""
    tags = ["S" + tag] if length == 1 else ["B" + tag, *(["M" + tag] * (length - 2)), "E" + tag]
    return tuple(strings.add(t) for t in tags)


def _bigrams(text: str) -> Iterator[str]:
    """``text[i : i + 2]`` for every i (the last is one character), without a slice per character."""
    return map(add, text, chain(text[1:], ("",)))


def _features(text: str, strings: StringStore) -> numpy.ndarray:
    """Per character (rows): the hash of the bigram starting here, and the id of its position
    in its jieba word + the word's tag."""
    tag_of = word_tags().get
    values = numpy.empty((len(text), 2), dtype="uint64")
    values[:, 0] = numpy.fromiter(map(get_string_id, _bigrams(text)), "uint64", len(text))
    tags = chain.from_iterable(_position_tag_ids(len(w), tag_of(w, "x"), strings) for w in words(text))
    values[:, 1] = numpy.fromiter(tags, "uint64", len(text))
    return values


TEXT_KEY = "zhiren_text"


def doc_text(doc: Doc) -> str:
    """The doc's text; ``doc.text`` rebuilds it token by token, which rules can't afford."""
    text = doc.user_data.get(TEXT_KEY)
    return text if isinstance(text, str) else doc.text


def set_features(doc: Doc) -> Doc:
    """Write the jieba features on a character doc (its tokens' ``lemma`` and ``tag``)."""
    text = doc_text(doc)
    if not text:
        return doc
    # Bigrams are hashed, not stored: a long-running service must not grow its string
    # store with every bigram it has seen.  Tags are few and stored.
    doc.from_array([LEMMA, TAG], cast(Ints2d, _features(text, doc.vocab.strings)))
    return doc


CHAR_FEATURES = "zhiren_char_features"


@spacy.Language.component(CHAR_FEATURES)
def char_features_component(doc: Doc) -> Doc:
    """The features as a pipeline step instead of in the tokenizer: with ``nlp.pipe(n_process=2)``
    spaCy tokenizes in the parent and ships docs to the workers, which then compute them."""
    return set_features(doc)


class CharTokenizer:
    """One token per character, no spaces between tokens; features from jieba.

    ``features=False`` leaves the features out: the fast pipeline has no model to read them,
    and the multi-process pipeline computes them in :data:`CHAR_FEATURES` instead.
    """

    def __init__(self, vocab: Vocab, features: bool = True) -> None:
        self.vocab = vocab
        self.features = features

    def __call__(self, text: str) -> Doc:
        doc = Doc(self.vocab, words=list(text), spaces=[False] * len(text))
        doc.user_data[TEXT_KEY] = text
        return set_features(doc) if self.features else doc

    # The tokenizer has no state of its own; these let nlp.to_disk/from_disk pass it by.
    def to_disk(self, path: Path, **kwargs: Any) -> None:
        return None

    def from_disk(self, path: Path, **kwargs: Any) -> CharTokenizer:
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> CharTokenizer:
        return self


@spacy.registry.tokenizers("zhiren.char_tokenizer.v1")
def create_char_tokenizer(features: bool = True) -> Callable[[spacy.Language], CharTokenizer]:
    def make(nlp: spacy.Language) -> CharTokenizer:
        return CharTokenizer(nlp.vocab, features)

    return make


def blank_pipeline(*, features: bool = True) -> spacy.Language:
    """``spacy.blank("zh")`` with the character tokenizer."""
    tokenizer = {"@tokenizers": "zhiren.char_tokenizer.v1", "features": features}
    return spacy.blank("zh", config={"nlp": {"tokenizer": tokenizer}})
