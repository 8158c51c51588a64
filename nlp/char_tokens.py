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
from spacy.attrs import LEMMA, SHAPE, TAG
from spacy.lang.lex_attrs import word_shape
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

    A model trained with name statistics (``nlp/ner/name_chars.py``) keeps their table in
    its ``tokenizer`` file: each listed character's SHAPE gets its code appended.  Without
    a table the tokenizer has no state and writes nothing.
    """

    def __init__(self, vocab: Vocab, features: bool = True) -> None:
        self.vocab = vocab
        self.features = features
        self.name_chars: dict[str, str] = {}

    def __call__(self, text: str) -> Doc:
        doc = Doc(self.vocab, words=list(text), spaces=[False] * len(text))
        doc.user_data[TEXT_KEY] = text
        return set_features(doc) if self.features else doc

    def initialize(
        self,
        get_examples: Callable[[], Any] | None = None,
        *,
        nlp: spacy.Language | None = None,
        name_chars: str | None = None,
        pkuseg_model: str | None = None,
        pkuseg_user_dict: str | None = None,
    ) -> None:
        """``[initialize.tokenizer] name_chars``: the table file training built (none: no table).
        The pkuseg settings are what spaCy's Chinese defaults fill in for their own tokenizer;
        this one has no use for them."""
        if name_chars:
            self._use_name_chars(Path(name_chars).read_text(encoding="utf-8"))

    def _use_name_chars(self, table: str) -> None:
        """Append each character's code to its SHAPE: the lexemes made from now on (the vocab's
        SHAPE getter) and those made already (vectors and strings are loaded first)."""
        self.name_chars = dict(line.split("\t") for line in table.splitlines() if line)
        codes = self.name_chars

        def shape(string: str) -> str:
            return word_shape(string) + codes.get(string, "")

        # This vocab's own copy (spaCy's .pyi stub omits the attribute the Cython class has).
        getters = {**self.vocab.lex_attr_getters, SHAPE: shape}  # type: ignore[attr-defined]
        self.vocab.lex_attr_getters = getters  # type: ignore[attr-defined]
        for lexeme in self.vocab:
            lexeme.shape_ = shape(lexeme.orth_)

    def _table(self) -> str:
        return "".join(f"{c}\t{code}\n" for c, code in sorted(self.name_chars.items()))

    def to_disk(self, path: Path, **kwargs: Any) -> None:
        if self.name_chars:
            Path(path).write_text(self._table(), encoding="utf-8")

    def from_disk(self, path: Path, **kwargs: Any) -> CharTokenizer:
        if Path(path).is_file():
            self._use_name_chars(Path(path).read_text(encoding="utf-8"))
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        return self._table().encode("utf-8")

    def from_bytes(self, data: bytes, **kwargs: Any) -> CharTokenizer:
        if data:
            self._use_name_chars(data.decode("utf-8"))
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
