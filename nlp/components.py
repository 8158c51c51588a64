"""The rule and gazetteer finders as spaCy components, each writing its own span group.

Each component stores what it found in ``doc.spans[<its name>]`` (name type as the span
label, person id as ``kb_id``) and the full :class:`~nlp.found.Found` objects in
``doc.user_data`` under the same name (span extensions are keyed by offsets only, so two
components finding the same span would overwrite each other there).  Each can be run
and tested alone; :func:`nlp.merge.settle` combines them afterwards.  A document's
kind (genealogy, letter, manuscript, text; passed as ``component_cfg={name: {"kind": …}}``
to ``nlp.pipe``, which also reaches worker processes) switches the rules that only make
sense for it.
"""

from __future__ import annotations

from typing import cast

import numpy
from spacy.attrs import LEMMA
from spacy.language import Language
from spacy.tokens import Doc, Span
from thinc.types import Ints2d

from zhiren.nlp.appositions import (
    find_bracketed_names,
    find_envoys_by_syllable,
    find_introductions,
    find_japanese_names,
    find_office_appositions,
)
from zhiren.nlp.char_tokens import doc_text
from zhiren.nlp.diary_frames import find_diary_frames
from zhiren.nlp.formulas import (
    find_declarations,
    find_kin_names,
    find_lineage_names,
    find_ordinal_kin,
    find_women_by_surname,
)
from zhiren.nlp.found import Found
from zhiren.nlp.gazetteer import Gazetteer
from zhiren.nlp.honorifics import find_honorifics
from zhiren.nlp.letters import find_dated_signature, find_letter_names, find_telegram_names, find_title_line

GAZETTEER = "zhiren_gazetteer"
FORMULAS = "zhiren_formulas"
HONORIFICS = "zhiren_honorifics"
LETTERS = "zhiren_letters"
RELEASE_FEATURES = "zhiren_release_features"
SPAN_GROUPS = (GAZETTEER, FORMULAS, HONORIFICS, LETTERS)


def store(doc: Doc, key: str, found: list[Found]) -> Doc:
    """Write Found objects as a span group (token i is character i: see char_tokens)."""
    doc.spans[key] = [Span(doc, f.start, f.end, label=f.name_type, kb_id=f.person_id or "") for f in found]
    doc.user_data[key] = found
    return doc


def found_in(doc: Doc, key: str) -> list[Found]:
    """What the component ``key`` found in doc (empty if it did not run).

    Docs that come back from ``nlp.pipe(n_process=2)`` went through msgpack, which turns
    the named tuples into lists.
    """
    return [f if isinstance(f, Found) else Found(*f) for f in doc.user_data.get(key, [])]


class GazetteerComponent:
    """Known names with their persons; ``component.gazetteer`` is updated at run time."""

    def __init__(self) -> None:
        self.gazetteer = Gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        return store(doc, GAZETTEER, self.gazetteer.find(doc_text(doc)))


@Language.factory(GAZETTEER)
def make_gazetteer(nlp: Language, name: str) -> GazetteerComponent:
    return GazetteerComponent()


def pipeline_gazetteer(nlp: Language) -> Gazetteer | None:
    """The gazetteer of a pipeline that has the gazetteer component."""
    if GAZETTEER not in nlp.pipe_names:
        return None
    component = nlp.get_pipe(GAZETTEER)
    return component.gazetteer if isinstance(component, GazetteerComponent) else None


def formula_names(text: str, kind: str = "text") -> list[Found]:
    """讳/字/号/谥 declarations, X氏, kin lists; 世系 line heads for genealogies."""
    found = find_declarations(text) + find_women_by_surname(text) + find_kin_names(text)
    if kind == "genealogy":
        found += find_lineage_names(text)
    else:
        found += find_ordinal_kin(text)
    return found


@Language.component(FORMULAS)
def formulas_component(doc: Doc, kind: str = "text") -> Doc:
    return store(doc, FORMULAS, formula_names(doc_text(doc), kind))


class KnownNames:
    """Names declared in the text (讳/字/号) or listed in the pipeline's gazetteer."""

    def __init__(self, declared: frozenset[str], gazetteer: Gazetteer | None) -> None:
        self.declared, self.gazetteer = declared, gazetteer

    def __contains__(self, name: object) -> bool:
        return name in self.declared or (self.gazetteer is not None and name in self.gazetteer)


def honorific_names(text: str, gazetteer: Gazetteer | None) -> list[Found]:
    """盛宫保, 张香帅, 江公忠源, and X公 for names the text declares or the gazetteer lists; a
    name after an office (总兵娄云庆), introduced by 者 (罗建祥者，嘉义令也) or in brackets after an office
    (军门（永福）); a name in a diary's
    formulas of calls (赴橘农之约)."""
    declared = frozenset(text[f.start : f.end] for f in find_declarations(text))
    known = KnownNames(declared, gazetteer)
    return (
        find_honorifics(text, known)
        + find_office_appositions(text)
        + find_japanese_names(text)
        + find_envoys_by_syllable(text)
        + find_introductions(text)
        + find_bracketed_names(text)
        + find_diary_frames(text)
    )


class HonorificsComponent:
    """:func:`honorific_names` as a component: it reads the pipeline's gazetteer as it is at each call."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        return store(doc, HONORIFICS, honorific_names(doc_text(doc), pipeline_gazetteer(self.nlp)))


@Language.factory(HONORIFICS)
def make_honorifics(nlp: Language, name: str) -> HonorificsComponent:
    return HonorificsComponent(nlp)


def letter_names(text: str, kind: str = "text") -> list[Found]:
    """Salutations, signatures and telegram lines (not in genealogies, which have none); in letters only, the
    title line (复童米孙) and the one-character signature before a closing date (in a chronicle 卒。同治… is
    a sentence, not a signature)."""
    if kind == "genealogy":
        return []
    found = find_letter_names(text) + find_telegram_names(text)
    return found + find_dated_signature(text) + find_title_line(text) if kind == "letter" else found


@Language.component(LETTERS)
def letters_component(doc: Doc, kind: str = "text") -> Doc:
    return store(doc, LETTERS, letter_names(doc_text(doc), kind))


def rule_names(text: str, kind: str, gazetteer: Gazetteer) -> list[Found]:
    """What the gazetteer and the rule components find in ``text``, in :data:`SPAN_GROUPS`
    order, without a Doc: the fast mode's path, where building a Doc of characters and its
    span groups would cost a fifth of the extraction and nothing reads the tokens."""
    return (
        gazetteer.find(text) + formula_names(text, kind) + honorific_names(text, gazetteer) + letter_names(text, kind)
    )


RULE_COMPONENTS: tuple[str, ...] = (FORMULAS, HONORIFICS, LETTERS)
KIND_COMPONENTS: tuple[str, ...] = (FORMULAS, LETTERS)


@Language.component(RELEASE_FEATURES)
def release_features(doc: Doc) -> Doc:
    """Clear the hashed bigram features once the model has read them: their strings are not
    stored (see char_tokens), and a doc sent between processes must be able to name them."""
    doc.from_array([LEMMA], cast(Ints2d, numpy.zeros((len(doc), 1), dtype="uint64")))
    return doc
