"""Split a 世系 text into blocks with offsets: headings (第N世), person entries (a person line
and any continuation lines that carry more of its fields), and other lines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from zhiren.nlp.dates.numerals import parse_number
from zhiren.nlp.genealogy.head import starts_person_line

_HEADING = re.compile(r"^\s*第(?P<n>[一二三四五六七八九十百〇零两壹贰叁肆伍陆柒捌玖拾佰\d]+)[世丗代]\s*[:：]?\s*$")
# A line that goes on with a person's fields (wife, sons, daughters, dates, burial).
_CONTINUATION = re.compile(r"[配妣娶葬故适]|[子女][一二三四五六七八九十]|[年月日]")
_FORMAL = str.maketrans("壹贰叁肆伍陆柒捌玖拾佰", "一二三四五六七八九十百")  # 大写 numerals


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One line: 1-based number, offsets of its text in the document, the text without newline."""

    number: int
    start: int
    text: str

    @property
    def end(self) -> int:
        """Offset just past the line's text."""
        return self.start + len(self.text)


def source_lines(text: str) -> Iterator[SourceLine]:
    """Every line with its offsets; '\\r\\n' and '\\r' count as line ends like '\\n'."""
    offset = 0
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        body = raw.rstrip("\r\n")
        yield SourceLine(number, offset, body)
        offset += len(raw)


def generation_of_heading(line: str) -> int | None:
    """N of a '第N世:' heading, None for any other line."""
    match = _HEADING.match(line)
    if match is None:
        return None
    digits = match.group("n")
    return int(digits) if digits.isdigit() else parse_number(digits.translate(_FORMAL))


@dataclass(frozen=True, slots=True)
class Block:
    """'heading' (with its generation), 'entry' (a person's text, maybe several lines) or 'other'."""

    kind: str
    line: SourceLine
    generation: int | None = None


def blocks(text: str) -> Iterator[Block]:
    """The blocks of a text in order; blank lines separate entries and are not reported."""
    entry: SourceLine | None = None
    for line in source_lines(text):
        generation = generation_of_heading(line.text)
        continues = (entry is not None and generation is None and line.text.strip()
                     and not starts_person_line(line.text) and _CONTINUATION.search(line.text))
        if continues and entry is not None:
            entry = SourceLine(entry.number, entry.start, text[entry.start:line.end])
            continue
        if entry is not None:
            yield Block("entry", entry)
            entry = None
        if generation is not None:
            yield Block("heading", line, generation)
        elif starts_person_line(line.text):
            entry = line
        elif line.text.strip():
            yield Block("other", line)
    if entry is not None:
        yield Block("entry", entry)
