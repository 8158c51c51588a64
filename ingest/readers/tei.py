"""TEI P5 manuscripts: one file, one manuscript, read into the DocumentItem the CSV reader yields.

The header is the catalogue: titleStmt/title, titleStmt/author (role author), msDesc/msIdentifier
idno (shelfmark) and repository (holder), profileDesc/creation/date (its ISO @when, else its text
read as a Chinese date). A letter's profileDesc/correspDesc names its sender and recipient: the
<persName>s of correspAction @type="sent" and "received" (roles sender and recipient, so the
ingest records WROTE_TO as for an archive item), and the sent action's date stands in for a
missing creation date. The body becomes the plain text, pages (<pb/>) joined by a line break as
manuscripts.PAGE_BREAK joins CSV pages, so a manuscript has the same id and text either way.
<persName> elements become marked names with their offsets in that text. A DOCTYPE is refused,
so no entity is ever declared or expanded.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from zhiren.authority.ids import stable_id
from zhiren.authority.model import Document, DocumentKind, HistDate, MentionRole, Precision
from zhiren.errors import InputError
from zhiren.ingest.readers.manuscripts import COLLECTION, PAGE_BREAK
from zhiren.ingest.readers.sheng import CatalogueName, DocumentItem, MarkedName, catalogue_names, document_date
from zhiren.ingest.readers.table import Row, read_text

# Elements whose end ends a line of the plain text.
BLOCKS = frozenset(
    {"ab", "closer", "dateline", "div", "head", "l", "lg", "opener", "p", "postscript", "salute", "signed"}
)
SKIPPED = frozenset({"note", "fw", "del"})  # editors' notes, running heads, struck-out text
READINGS = ("reg", "corr", "expan")  # the reading a <choice> is read as
ROLES = {"signed": MentionRole.SENDER, "salute": MentionRole.RECIPIENT}
_LAYOUT = re.compile(r"\s*\n\s*")  # the file's line breaks and indentation, not the manuscript's
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _local(element: ET.Element) -> str:
    return element.tag.rpartition("}")[2]


def _children(element: ET.Element | None, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child) == name] if element is not None else []


def _find(element: ET.Element | None, *path: str) -> ET.Element | None:
    for name in path:
        element = next(iter(_children(element, name)), None)
    return element


def _flat(text: str | None) -> str:
    return _LAYOUT.sub("", text or "")


def _parse(path: Path) -> tuple[ET.Element, dict[ET.Element, int]]:
    """The root and the line each element starts on; malformed XML is an InputError at its line."""
    text = read_text(path)
    doctype = text.find("<!DOCTYPE")
    if doctype >= 0:
        line = text.count("\n", 0, doctype) + 1
        raise InputError("DOCTYPE declarations are refused (entities are never expanded)", file=str(path), line=line)
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start",))
    lines: dict[ET.Element, int] = {}
    try:
        for number, chunk in enumerate(io.StringIO(text, newline=""), 1):  # the line breaks expat counts
            parser.feed(chunk)
            lines.update((event[-1], number) for event in parser.read_events() if isinstance(event[-1], ET.Element))
        parser.close()
    except ET.ParseError as exc:
        reason = str(exc).split(":")[0]
        raise InputError(f"not well-formed XML ({reason})", file=str(path), line=exc.position[0]) from None
    root = next(iter(lines))
    if _local(root) != "TEI":
        raise InputError(f"not a TEI document (the root is <{_local(root)}>)", file=str(path), line=lines[root])
    return root, lines


class _PlainText:
    """The body's text as one string, with the offsets of the names marked in it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.pages = 0
        self.marked: list[MarkedName] = []

    def add(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.size += len(text)

    def line_break(self) -> None:
        if self.parts and not self.parts[-1].endswith(PAGE_BREAK):
            self.add(PAGE_BREAK)

    def walk(self, element: ET.Element, role: MentionRole) -> None:
        name = _local(element)
        if name in SKIPPED:
            return
        if name in {"pb", "lb"}:
            if name == "pb":
                self.pages += 1
            self.line_break()
            return
        role = ROLES.get(name, role)
        first, start = len(self.parts), self.size
        self.add(_flat(element.text))
        children = list(element)
        if name == "choice":
            children = [next((c for c in children if _local(c) in READINGS), children[0])] if children else []
        for child in children:
            self.walk(child, role)
            self.add(_flat(child.tail))
        if name == "persName" and self.size > start:
            self.marked.append(MarkedName("".join(self.parts[first:]), start, self.size, role, element.get("ref")))
        if name in BLOCKS:
            self.line_break()

    def text(self) -> str:
        return "".join(self.parts).rstrip(PAGE_BREAK)


def _header_row(path: Path, lines: dict[ET.Element, int], field: str, elements: list[ET.Element]) -> Row:
    """One header field as a Row, so the CSV readers' checks report its file and line."""
    line = lines[elements[0]] if elements else 1
    return Row(str(path), line, {field: "、".join(_flat("".join(e.itertext())).strip() for e in elements)})


def _when(when: str, text: str) -> HistDate | None:
    """An ISO @when (1898, 1898-04, 1898-04-12) as a HistDate that keeps the date's text; None if invalid."""
    match = _ISO.fullmatch(when)
    if match is None:
        return None
    year, month, day = (int(p) if p else None for p in match.groups())
    try:
        date(year or 1, month or 1, day or 1)
    except ValueError:
        return None
    precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    return HistDate(text or when, year, month, day, precision)


def _date(
    path: Path, lines: dict[ET.Element, int], header: ET.Element | None, warnings: list[InputError]
) -> HistDate | None:
    element = _find(header, "profileDesc", "creation", "date")
    if element is None:
        element = next((_find(a, "date") for a in _corresp_actions(header, "sent")), None)
    row = _header_row(path, lines, "date", [element] if element is not None else [])
    when = element.get("when", "") if element is not None else ""
    parsed = _when(when, row.get("date")) if when else None
    if when and parsed is None:
        warnings.append(row.problem("date", f"@when is not an ISO date: {when!r}; the text is read instead"))
    return parsed or document_date(row, "date", warnings)


def _corresp_actions(header: ET.Element | None, kind: str) -> list[ET.Element]:
    return [a for a in _children(_find(header, "profileDesc", "correspDesc"), "correspAction") if a.get("type") == kind]


def _correspondents(path: Path, lines: dict[ET.Element, int], header: ET.Element | None) -> list[CatalogueName]:
    """Sender and recipient names of correspDesc, checked as the CSV readers check 发文者/收文者."""
    names = []
    for kind, field, role in (("sent", "sender", MentionRole.SENDER), ("received", "recipient", MentionRole.RECIPIENT)):
        persons = [p for action in _corresp_actions(header, kind) for p in _children(action, "persName")]
        names += catalogue_names(_header_row(path, lines, field, persons), field, role)
    return names


def read_tei(path: Path, problems: list[InputError]) -> Iterator[DocumentItem]:
    """The one manuscript of a TEI file (nothing, with a problem, when its header is unusable)."""
    root, lines = _parse(path)
    header = _find(root, "teiHeader")
    title_stmt = _find(header, "fileDesc", "titleStmt")
    ms_identifier = _find(header, "fileDesc", "sourceDesc", "msDesc", "msIdentifier")
    title = _header_row(path, lines, "title", _children(title_stmt, "title")[:1])
    author = _header_row(path, lines, "author", _children(title_stmt, "author"))
    idno = _header_row(path, lines, "idno", _children(ms_identifier, "idno")[:1]).get("idno")
    repository = _header_row(path, lines, "repository", _children(ms_identifier, "repository")[:1]).get("repository")
    if not title.get("title"):
        problems.append(title.problem("title", "empty title"))
        return
    try:
        names = catalogue_names(author, "author", MentionRole.AUTHOR) + _correspondents(path, lines, header)
    except InputError as problem:
        problems.append(problem)
        return
    warnings: list[InputError] = []
    body = _PlainText()
    for element in _children(_find(root, "text"), "body"):
        body.walk(element, MentionRole.MENTIONED)
    document = Document(
        id=stable_id("d", "manuscript", idno or f"{title.get('title')}|{author.get('author')}"),
        kind=DocumentKind.MANUSCRIPT,
        title=title.get("title"),
        text=body.text(),
        date=_date(path, lines, header, warnings),
        collection=repository or COLLECTION,
        shelfmark=idno or None,
        meta={"pages": max(1, body.pages), **({"责任者": author.get("author")} if author.get("author") else {})},
    )
    yield DocumentItem(title, document, names, warnings, body.marked)
