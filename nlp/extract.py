"""Text in, the `zhiren extract` JSON object out: person-name mentions with offsets and kinds.

The text is folded to simplified script (same length, see :mod:`nlp.script`), cut into
sentence pieces, run through the pipeline in batches, and every finder's spans are
settled into one mention per stretch of text.  Offsets are into the text as given.
``persons`` and ``dates`` belong to the genealogy and date parsers and are left empty here.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby, islice
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from zhiren.nlp.appositions import reads_on, with_bracketed_names, with_former_names
from zhiren.nlp.char_tokens import doc_text
from zhiren.nlp.chunks import MAX_CHARS, chunks
from zhiren.nlp.components import KIND_COMPONENTS, SPAN_GROUPS, found_in, pipeline_gazetteer, rule_names
from zhiren.nlp.coref import (
    county_references,
    given_name_speakers,
    lone_characters,
    posthumous_references,
    style_references,
    surname_references,
)
from zhiren.nlp.dates import find_dates
from zhiren.nlp.dates.reigns import reigns_named
from zhiren.nlp.decode import looks_like_text
from zhiren.nlp.enumeration import listed_courtesy_names, listed_names
from zhiren.nlp.found import Found
from zhiren.nlp.gazetteer import Gazetteer, NameEntry, is_a_province_s_commander
from zhiren.nlp.genealogy import parse_lineage
from zhiren.nlp.letters import at_salutations, closing_formulas
from zhiren.nlp.merge import settle
from zhiren.nlp.normalize import OcrRepair, normalize
from zhiren.nlp.pipeline import build_pipeline
from zhiren.nlp.placeholders import names_no_one
from zhiren.nlp.recurrence import recurring_names, recurring_sons
from zhiren.nlp.segment import add_names, apply_names
from zhiren.nlp.surnames import SINGLE_SURNAMES, surname_length

KINDS = ("genealogy", "letter", "manuscript", "text")
NER_SCORE = 0.8
# Longest piece of a text the fast pipeline (rules and gazetteer, no model) reads at once.
FAST_PIECE_CHARS = 2000
SINGLE_CHARACTER_SCORE = 0.5
Record = dict[str, Any]


def error_record(doc_id: str | None, code: str, message: str, **details: Any) -> Record:
    """The per-document error object: the batch goes on, this document says what was wrong."""
    return {
        "id": doc_id,
        "error": {"code": code, "message": message, "details": details},
        "mentions": [],
        "persons": [],
        "dates": [],
    }


# What the PERSON model marks (CHisIEC annotates kin terms and 公 "his excellency") but the
# extract contract does not count as a name: kin terms alone, pronoun-like 公, a clan X氏, the crown prince
# and the empresses by their title alone (皇后将太子抱入宫中).
NOT_NAMES = frozenset(
    {"公", "君", "祖", "曾祖", "高祖", "先祖", "考", "妣", "父", "母", "仲父", "叔父", "伯父",
     "季父", "从父", "兄", "弟", "子", "先生", "夫人", "太夫人", "配", "继配", "续配", "元配", "娶", "适", "妻",
     "太子", "皇后", "太后"}
)  # fmt: skip


# Ranks of nobility the model reads with the name before them (伊藤伯爵, 陆奥子爵): titles after a
# name are not part of it.
NOBLE_TITLES = ("伯爵", "子爵", "侯爵", "公爵", "男爵")


# An editor's bracket the model may take into a span (〔光绪四年〕 of a diary's printed edition).
_EDITOR_BRACKETS = "〔〕［］[]（）()"
_YEAR_NUMERALS = re.compile("[元一二三四五六七八九十廿卅]+年")


def _is_reign_year(doc_chars: str, end: int, text: str) -> bool:
    """〔光绪 before 四年: a reign title, with an editor's bracket or not, before a year is a date's,
    not a man's name (the model read 〔光绪 in 郭嵩焘's diary)."""
    return bool(reigns_named(text.strip(_EDITOR_BRACKETS))) and _YEAR_NUMERALS.match(doc_chars, end) is not None


def _in_a_list_of_places(doc_chars: str, start: int, end: int) -> bool:
    """战捷于瓦店、于南顿、于扶沟: 于 (a surname, and "at") before each item of a 、 list is the preposition, and
    the items are places (the model read 于瓦店, 于南顿, 于扶沟 as men); a man of the surname 于 in a list of
    names (丁日昌、于荫霖) has no other 于 item beside him."""
    if doc_chars[start : start + 1] != "于":
        return False
    after_one = doc_chars[max(0, start - 1) : start] == "、" and doc_chars[max(0, start - 4) : start - 3] == "于"
    return doc_chars[end : end + 2] == "、于" or after_one


# A memorial's and a letter's formulas the model reads as men of the surnames 伏 and 陈: 伏 + a verb of asking
# or waiting ("humbly": 伏乞圣鉴, 伏祈训示, 伏希酌之, 伏候谕旨) and 陈明 after what a report is stated with
# (合并陈明, 附片陈明, 据实陈明: "to state"); 陈明 elsewhere may be a man's name.
_FORMULA_WORDS = re.compile("伏[乞祈希惟念候恳]|(?<=合并|附片|据实|逐一|分别|一并|另行)陈明")


# A writer who calls himself 余 (余曰, 余谓之曰, 余乃 …): the model reads 余 and what follows as a man of
# that surname (余任慈溪, 余俟臧均).
_WRITER_S_YU = re.compile("余[曰谓问答告对亦乃遂即因于与往至见]")


def _the_writer_s_yu(doc_chars: str, start: int, writes_yu: bool, end: int | None = None) -> bool:
    """余任慈溪, 余俟臧均之着人送到: in a text whose writer calls himself 余 (before a verb or a particle no
    name ends in: 余曰, 余与, 余乃), a name the model reads beginning with 余 is "I" and what follows, and one
    ending in it a verb and "me" (抚军又顾余曰, 当将藩司印交余: whose 余 then passed for a given name, and every
    lone 余 of the text with it); a man of the surname 余 the list holds is the gazetteer's to find."""
    ends_in_yu = end is not None and end - start >= 2 and doc_chars[end - 1 : end] == "余"
    return writes_yu and (doc_chars[start : start + 1] == "余" or ends_in_yu)


def _ner_found(doc: Doc, doc_chars: str) -> list[Found]:
    """The model's PERSON entities (``doc_chars``: the doc's text, see doc_text), a rank of
    nobility after the name left out; one-character names (亮, 操) are right in 史书 prose and
    mostly wrong elsewhere, so they get a low score rather than being dropped."""
    found = []
    writes_yu = _WRITER_S_YU.search(doc_chars) is not None
    for ent in doc.ents:
        text = doc_chars[ent.start_char : ent.end_char]  # ent.text would join its tokens
        if (
            text in NOT_NAMES
            or (len(text) <= 3 and text.endswith("氏"))
            or _is_reign_year(doc_chars, ent.end_char, text)
            or _in_a_list_of_places(doc_chars, ent.start_char, ent.end_char)
            or _the_writer_s_yu(doc_chars, ent.start_char, writes_yu, ent.end_char)
            or _FORMULA_WORDS.fullmatch(doc_chars, ent.start_char, ent.end_char) is not None
        ):
            continue
        end = ent.end_char
        if len(text) >= 4 and text.endswith(NOBLE_TITLES):
            text, end = text[:-2], end - 2
        name_type = "full" if len(text) >= 2 and surname_length(text) else "given"
        score = NER_SCORE if len(text) >= 2 else SINGLE_CHARACTER_SCORE
        found.append(Found(ent.start_char, end, name_type, "ner", score))
    return found


def _in_letters(found: list[Found], text: str) -> list[Found]:
    """The model's names minus those a letter's or telegram's conventions rule out: inside a
    closing formula (肃此, 即请勋安), and a force by its commander's surname (刘军, 冯军, 王两军; not
    军门 or 军机, posts).  Only in letters: elsewhere 王军 may well be a man's name."""
    closings = closing_formulas(text)
    return [
        f
        for f in found
        if f.method != "ner"
        or not (
            any(a <= f.start and f.end <= b for a, b in closings)
            or _is_army(text[f.start : f.end], text[f.end : f.end + 1])
        )
    ]


def _is_army(name: str, after: str) -> bool:
    counted = len(name) == 3 and name[1] in "两二三四诸各"
    return (len(name) == 2 or counted) and name[-1] == "军" and name[0] in SINGLE_SURNAMES and after not in ("门", "机")


_NAME_CHAR = re.compile("[\u4e00-\u9fff]")


def _inside_a_longer_name(folded: str, f: Found, starts: set[int]) -> bool:
    """A listed surname + one character that the document writes on into a name of three (李应 of 李应俊, 马良 of
    都司马良勋: see :func:`~zhiren.nlp.appositions.reads_on`): the gazetteer's reading gives way, so the post's
    reading and its recurrences name the man; decided on the whole document, which a piece of it may not show.  Not
    a given name listed alone, nor one another name found follows (允中宁夏 … 允中宁夏: 鱼允中 and 赵宁夏)."""
    return (
        f.method == "gazetteer"
        and f.name_type == "full"
        and f.end - f.start == 2
        and folded[f.start] in SINGLE_SURNAMES
        and f.end not in starts
        and _NAME_CHAR.match(folded, f.end) is not None
        and reads_on(folded, folded[f.start : f.end + 1])
    )


def _mention(text: str, folded: str, f: Found) -> Record:
    person = {"id": f.person_id, "name": f.person_name} if f.person_id else None
    return {
        "start": f.start,
        "end": f.end,
        "text": text[f.start : f.end],
        "label": "PERSON",
        "name_type": f.name_type,
        "normalized": f.normalized or folded[f.start : f.end],
        "score": f.score,
        "person": person,
        "role": f.role,
    }


class Extractor:
    """One pipeline, built once, used for many documents."""

    def __init__(
        self,
        *,
        statistical: bool = True,
        batch_size: int = 64,
        n_process: int = 1,
        ocr_repairs: Sequence[OcrRepair] = (),
    ) -> None:
        """``ocr_repairs``: hooks run on the folded text of every document (see nlp.normalize)."""
        self.statistical = statistical
        self.nlp: Language = build_pipeline(statistical=statistical)
        # The model's cost grows faster than a piece's length; the rules' does not: fast mode
        # reads longer pieces.
        self.piece_chars = MAX_CHARS if statistical else FAST_PIECE_CHARS
        # Pieces per model batch: 64 took 2-3 % less CPU than 128 and 25 % less than 256
        # (smaller matrices stay in cache; model card, speed).
        self.batch_size = batch_size
        self.n_process = n_process
        self.ocr_repairs = tuple(ocr_repairs)
        # Looked up once: every mention is linked through it (spaCy's get_pipe builds lists).
        gazetteer = pipeline_gazetteer(self.nlp)
        if gazetteer is None:
            raise RuntimeError("the pipeline has no gazetteer component")
        self.gazetteer: Gazetteer = gazetteer

    def add_names(self, entries: Iterable[NameEntry], *, folded: bool = False) -> int:
        """Teach the gazetteer and the segmenter new names; effective for the next document.

        ``folded``: the names are already folded (see :meth:`Gazetteer.add`).
        """
        new = self.gazetteer.add(entries, folded=folded)
        add_names(new)
        if self.statistical:  # the model's features segment the text: names in jieba now, not per worker
            apply_names()
        return len(new)

    def _link(self, f: Found, folded: str) -> Found:
        """A person for a mention whose normal form is a known name (江忠源 of 江公忠源), or
        whose surname and courtesy name are (欧阳 + 小岑 of 欧阳兆熊)."""
        if f.person_id:
            return f
        name = f.normalized or folded[f.start : f.end]
        entry = self.gazetteer.lookup(name)
        surname = name[: surname_length(name)]
        if entry is None and surname and len(name) > len(surname) + 1:
            entry = self.gazetteer.lookup(name[len(surname) :], family=surname)
        if entry is None:
            return f
        return f._replace(person_id=entry.person_id, person_name=entry.person_name)

    def extract(self, text: str, *, doc_id: str | None = None, kind: str = "text") -> Record:
        """The contract object for one document."""
        return next(self.extract_many([(doc_id, text)], kind=kind))

    def extract_many(self, documents: Iterable[tuple[str | None, str]], *, kind: str = "text") -> Iterator[Record]:
        """Contract objects in input order; a bad document yields an error object.

        With ``n_process > 1`` whole documents go to forked worker processes, each with a
        copy of this extractor (its gazetteer included): only texts and result objects
        cross between processes, which costs far less than spaCy's own ``n_process``
        (measured: 36 KB/s against 120 KB/s for one process on the same text).
        """
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
        if self.n_process == 1:
            return self._extract_serial(documents, kind)
        return self._extract_parallel(documents, kind)

    def _extract_parallel(self, documents: Iterable[tuple[str | None, str]], kind: str) -> Iterator[Record]:
        global _WORKER_EXTRACTOR
        _WORKER_EXTRACTOR = self
        iterator = iter(documents)
        batches = ((batch, kind) for batch in iter(lambda: tuple(islice(iterator, PARALLEL_BATCH)), ()))
        with multiprocessing.get_context("fork").Pool(self.n_process) as pool:
            for records in pool.imap(_extract_batch, batches):
                yield from records

    def _extract_serial(self, documents: Iterable[tuple[str | None, str]], kind: str) -> Iterator[Record]:
        texts: dict[int, tuple[str | None, str, str]] = {}

        def pieces() -> Iterator[tuple[str, tuple[int, int]]]:
            for index, (doc_id, text) in enumerate(documents):
                folded = normalize(text, self.ocr_repairs)[0]
                texts[index] = (doc_id, text, folded)
                if not text.strip() or not looks_like_text(text):
                    yield "", (index, -1)
                    continue
                for offset, piece in chunks(folded, self.piece_chars):
                    yield piece, (index, offset)

        for index, group in groupby(self._found(pieces(), kind), key=lambda item: item[1][0]):
            found: list[Found] = []
            invalid = False
            for piece_found, (_, offset) in group:
                if offset < 0:
                    invalid = True
                    continue
                if offset:
                    piece_found = [f._replace(start=f.start + offset, end=f.end + offset) for f in piece_found]
                found += piece_found
            doc_id, text, folded = texts.pop(index)
            if invalid:
                yield _invalid(doc_id, text)
                continue
            starts = {f.start for f in found}
            found = [f for f in found if not _inside_a_longer_name(folded, f, starts)]
            settled = lone_characters(folded, settle(at_salutations(folded, found), folded))
            listed = listed_names(folded, settled) + listed_courtesy_names(folded, settled)
            found = settled + listed + recurring_names(folded, settled + listed)
            found += recurring_sons(folded, found)
            linked = [self._link(f, folded) for f in settle(found, folded)]
            linked = self.gazetteer.with_another_s_alone(folded, linked)  # the model's 作梅 after 李作梅
            linked = self.gazetteer.with_bearers_named(folded, linked)
            linked = self.gazetteer.with_zhang_of_bearers_named(folded, linked)
            read_anew = with_bracketed_names(folded, linked, self.gazetteer)  # the same list, a few replaced
            read_anew = with_former_names(folded, read_anew)
            linked = [f if f is before else self._link(f, folded) for f, before in zip(read_anew, linked, strict=True)]
            tried = set(linked)  # linked once already: only the references added next need it
            settled = [
                f if f in tried else self._link(f, folded)
                for f in surname_references(folded, linked, self.gazetteer)
                if not names_no_one(folded[f.start : f.end], folded[f.end : f.end + 4])
                and not is_a_province_s_commander(folded, f.start, f.end)  # the model's 湘帅 beside 湘军
            ]
            settled = style_references(folded, county_references(folded, posthumous_references(folded, settled)))
            settled = given_name_speakers(folded, settled)
            mentions = [_mention(text, folded, f) for f in settled]
            yield {"id": doc_id, "mentions": mentions, **structure(text, kind)}

    def _found(
        self, pieces: Iterator[tuple[str, tuple[int, int]]], kind: str
    ) -> Iterator[tuple[list[Found], tuple[int, int]]]:
        """What every finder found in each piece: through the spaCy pipeline when the model
        reads it, else the rule components' finders straight on the text (see rule_names)."""
        if not self.statistical:
            gazetteer = self.gazetteer
            for piece, key in pieces:
                yield rule_names(piece, kind, gazetteer), key
            return
        cfg = {name: {"kind": kind} for name in KIND_COMPONENTS}
        for doc, key in self.nlp.pipe(pieces, as_tuples=True, batch_size=self.batch_size, component_cfg=cfg):
            text = doc_text(doc)
            found = _ner_found(doc, text) + [f for group in SPAN_GROUPS for f in found_in(doc, group)]
            yield (_in_letters(found, text) if kind == "letter" else found), key


# The extractor a forked worker inherits from the process that started the pool.
_WORKER_EXTRACTOR: Extractor | None = None
PARALLEL_BATCH = 8


def _extract_batch(job: tuple[tuple[tuple[str | None, str], ...], str]) -> list[Record]:
    documents, kind = job
    assert _WORKER_EXTRACTOR is not None, "a worker runs only in a pool started by an Extractor"
    return list(_WORKER_EXTRACTOR._extract_serial(documents, kind))


def structure(text: str, kind: str) -> Record:
    """Dates in any text; for a genealogy also the lineage: persons, and the lines and repairs behind them."""
    record: Record = {"persons": [], "dates": [d.to_json() for d in find_dates(text)]}
    if kind == "genealogy":
        lineage = parse_lineage(text).to_json()
        record["persons"] = lineage.pop("persons")
        record["lineage"] = lineage
    return record


def _invalid(doc_id: str | None, text: str) -> Record:
    if not text.strip():
        return error_record(doc_id, "empty_text", "the document has no text")
    return error_record(doc_id, "not_text", "the document is mostly control characters (binary data?)")
