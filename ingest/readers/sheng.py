"""Sheng Xuanhuai archive items (CSV/JSONL): a letter or telegram with its sender and recipient.

档号 is the item's identity: a second row with the same 档号 in one file is rejected.
Sender and recipient come from catalogue fields, not from the text, so their mentions carry
no offsets (start = end = -1) and name the field they came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from zhiren.authority.dates import hist_date
from zhiren.authority.ids import stable_id
from zhiren.authority.model import Document, DocumentKind, HistDate, MentionRole
from zhiren.errors import InputError
from zhiren.ingest.readers.table import Row, read_rows
from zhiren.nlp.dates import parse_date

REQUIRED = ("档号", "题名")
COLLECTION = "盛宣怀档案"
MAX_NAME_LENGTH = 12
TELEGRAM_GENRES = {"电", "電", "电报", "電報"}
DIARY_GENRES = {"日记", "日記"}  # a diary entry filed in the archive: a manuscript, written to nobody
_NAME_SEPARATORS = re.compile(r"[、,，;；/ ]+")


@dataclass
class CatalogueName:
    """A person named by a catalogue field (发文者, 收文者, 责任者)."""

    surface: str
    role: MentionRole
    field: str


@dataclass
class MarkedName:
    """A person name the source itself marks in the text (a TEI <persName>), with its offsets."""

    surface: str
    start: int
    end: int
    role: MentionRole = MentionRole.MENTIONED
    ref: str | None = None  # the source's identifier of the person (@ref), if it gives one


@dataclass
class DocumentItem:
    """One source record turned into a document, plus the persons its catalogue fields name.

    ``marked`` are names an editor already marked in the text (TEI); readers of plain text leave it empty.
    """

    row: Row
    document: Document
    names: list[CatalogueName] = field(default_factory=list)
    warnings: list[InputError] = field(default_factory=list)
    marked: list[MarkedName] = field(default_factory=list)


def catalogue_names(row: Row, column: str, role: MentionRole) -> list[CatalogueName]:
    names = []
    for surface in _NAME_SEPARATORS.split(row.get(column)):
        if not surface:
            continue
        if len(surface) > MAX_NAME_LENGTH:
            raise row.problem(column, f"name longer than {MAX_NAME_LENGTH} characters: {surface[:20]}…")
        names.append(CatalogueName(surface, role, column))
    return names


def document_date(row: Row, column: str, warnings: list[InputError]) -> HistDate | None:
    """The normalised date; a date we can't read is kept as text with a warning, not dropped."""
    raw = row.get(column)
    if not raw:
        return None
    date, problem = _read_date(raw)
    if problem is not None:
        warnings.append(row.problem(column, f"date not understood ({problem}); kept as text"))
    return date


@lru_cache(maxsize=20_000)
def _read_date(raw: str) -> tuple[HistDate, str | None]:
    """The date and why it is not understood, if it isn't.  Cached: an archive's dates recur (a
    reign year and month), and parsing one was three quarters of reading a row."""
    parsed = parse_date(raw)
    if parsed.error is not None or parsed.year is None:
        return hist_date(raw, parsed), parsed.error.message if parsed.error else "no year"
    return hist_date(raw, parsed), None


def read_sheng(path: Path, problems: list[InputError]) -> Iterator[DocumentItem]:
    seen: dict[str, int] = {}
    for row in read_rows(path, REQUIRED, problems):
        try:
            shelfmark = row.get("档号")
            if not shelfmark:
                raise row.problem("档号", "empty shelfmark")
            if shelfmark in seen:
                raise row.problem("档号", f"duplicate 档号 {shelfmark} (first at line {seen[shelfmark]})")
            title = row.get("题名")
            if not title:
                raise row.problem("题名", "empty title")
            names = catalogue_names(row, "发文者", MentionRole.SENDER)
            names += catalogue_names(row, "收文者", MentionRole.RECIPIENT)
        except InputError as problem:
            problems.append(problem)
            continue
        seen[shelfmark] = row.line
        warnings: list[InputError] = []
        genre = row.get("文种")
        document = Document(
            id=stable_id("d", "sheng", shelfmark),
            kind=_kind(genre),
            title=title,
            text=row.get("全文"),
            date=document_date(row, "时间", warnings),
            collection=COLLECTION,
            shelfmark=shelfmark,
            meta={k: row.get(k) for k in ("年号", "文种", "版本类型", "数量", "尺寸") if row.get(k)},
        )
        yield DocumentItem(row, document, names, warnings)


def _kind(genre: str | None) -> DocumentKind:
    """The document kind 文种 gives: telegrams and diary entries apart, every other genre (函, 禀 …) a letter."""
    if genre in TELEGRAM_GENRES:
        return DocumentKind.TELEGRAM
    return DocumentKind.MANUSCRIPT if genre in DIARY_GENRES else DocumentKind.LETTER
