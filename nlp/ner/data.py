"""Readers for the annotated NER corpora, all reduced to (text, PERSON spans).

Each corpus marks persons its own way (``PER`` in CHisIEC, People's Daily, MSRA, C-CLUE
and GuNER; ``NR`` in EvaHan and 左传; ``NAME`` in Resume; ``PER.NAM`` in Weibo, whose
``PER.NOM`` are nominal mentions; ``Person-Name`` in the literary-prose corpus; CLUENER
``name``, Boson ``person_name``); training and evaluation only need the text and the
person spans, end exclusive.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from zhiren.nlp.surnames import surname_length

PERSON_LABELS = frozenset({"PER", "PERSON", "name", "person_name", "NR", "NAME", "PER.NAM", "Person-Name"})


class Annotated(NamedTuple):
    """One sentence and its person spans as (start, end) character offsets."""

    text: str
    spans: tuple[tuple[int, int], ...]


def spans_from_tags(tags: list[str]) -> tuple[tuple[int, int], ...]:
    """Person spans from BIO or BIOES tags; a span ends where its tags stop continuing it."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        is_person = label in PERSON_LABELS
        continues = is_person and prefix in {"I", "M", "E"} and start is not None
        if start is not None and not continues:
            spans.append((start, i))
            start = None
        if is_person and not continues:
            start = i
        if is_person and prefix in {"E", "S"} and start is not None:
            spans.append((start, i + 1))
            start = None
    return tuple(spans)


def read_char_tagged(path: Path) -> Iterator[Annotated]:
    """Char-per-line ``char<TAB or space>tag`` files, sentences separated by blank lines."""
    chars: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if not line:
                if chars:
                    yield Annotated("".join(chars), spans_from_tags(tags))
                chars, tags = [], []
                continue
            if line.strip() == "":  # a whitespace character without a tag
                chars.append(" ")
                tags.append("O")
                continue
            char, tag = line.split("\t", 1) if "\t" in line else line.rsplit(" ", 1)
            chars.append(char[:1] or " ")
            tags.append(tag.strip() or "O")
    if chars:
        yield Annotated("".join(chars), spans_from_tags(tags))


def read_entity_jsonl(path: Path) -> Iterator[Annotated]:
    """CLUENER/Boson JSON Lines (``entity_list`` with exclusive ``entity_index``)."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            record = json.loads(line)
            text: str = record["text"]
            spans = set()
            for entity in record["entity_list"]:
                if entity["entity_type"] not in PERSON_LABELS:
                    continue
                begin, end = entity["entity_index"]["begin"], entity["entity_index"]["end"]
                while begin < end and text[begin].isspace():
                    begin += 1
                while end > begin and text[end - 1].isspace():
                    end -= 1
                if begin < end:
                    spans.add((begin, end))
            yield Annotated(text, tuple(sorted(spans)))


_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』]?|\n+")


def split_sentences(doc: Annotated, max_chars: int = 200) -> Iterator[Annotated]:
    """Cut a long annotated document at sentence ends that no person span crosses."""
    cuts = [m.end() for m in _SENTENCE_END.finditer(doc.text)]
    start = 0
    for cut in [*cuts, len(doc.text)]:
        if cut - start < max_chars and cut != len(doc.text):
            continue
        if any(s < cut < e for s, e in doc.spans):
            continue
        if cut > start:
            spans = tuple((s - start, e - start) for s, e in doc.spans if start <= s and e <= cut)
            yield Annotated(doc.text[start:cut], spans)
            start = cut


def read_corpus(path: Path) -> Iterator[Annotated]:
    """Any supported corpus file, by its suffix; long documents cut into sentences."""
    reader = read_entity_jsonl if path.suffix == ".jsonl" else read_char_tagged
    for doc in reader(path):
        yield from split_sentences(doc)


# Titles and placeholders after a surname (王女士, 张某, 庄先生): Boson marks such mentions
# as persons, CLUENER and People's Daily do not (CLUENER train: 7 marked against 170
# unmarked; their names are marked without the title: 张洁清先生 → 张洁清).
TITLES = (
    "先生", "女士", "小姐", "太太", "某某", "某", "总", "老师", "师傅", "经理", "老板",
    "大爷", "大妈", "大伯", "老伯", "大姐", "大叔", "大哥",
)  # fmt: skip
NAME_TITLES = ("先生", "女士", "小姐")


def without_titles(doc: Annotated) -> Annotated:
    """The modern corpora's convention for titles: a surname with a title or 某 (王女士,
    张某) is not a person span; a full name with 先生/女士/小姐 loses the title."""
    spans: list[tuple[int, int]] = []
    for start, end in doc.spans:
        name = doc.text[start:end]
        title = next((t for t in TITLES if name.endswith(t) and len(name) > len(t)), None)
        if title is None:
            spans.append((start, end))
            continue
        given = name[: -len(title)]
        if 0 < len(given) == surname_length(given):
            continue  # surname + title: not a name
        if title in NAME_TITLES and len(given) >= 2:
            spans.append((start, end - len(title)))
        else:
            spans.append((start, end))
    return Annotated(doc.text, tuple(spans))
