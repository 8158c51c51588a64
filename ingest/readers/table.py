"""Rows of a CSV, JSON Lines or JSON file with their line numbers, whatever the encoding.

Every reader builds on this, so they all report problems the same way: ``file:line: field: message``.
Column names are folded like the text (檔號 → 档号, full-width → half-width) and documented
English aliases (``shelfmark``, ``title`` …) stand for the Chinese names, so a file written in
traditional script, or by an English-language export, reads as the readers expect.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import sys
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from zhiren.errors import InputError
from zhiren.nlp.decode import UndecodableInput, decode_bytes
from zhiren.nlp.script import to_simplified

# The longest field a record may have, in characters (the csv module's own default limit). A
# longer one rejects its record in every format: a page of OCR or a letter is far shorter, so
# a longer field is a file cut wrong (an unclosed quote swallowing the rest of the file).
MAX_FIELD_CHARS = 131_072

# English column names accepted for the Chinese ones (README, "Column names").
COLUMN_ALIASES = {
    "shelfmark": "档号",
    "title": "题名",
    "sender": "发文者",
    "recipient": "收文者",
    "date": "时间",
    "reign": "年号",
    "genre": "文种",
    "edition_type": "版本类型",
    "quantity": "数量",
    "size": "尺寸",
    "text": "全文",
    "author": "责任者",
    "holder": "收藏",
    "record_id": "记录号",
    "page": "页码",
    "place": "谱籍",
    "hall_name": "堂号",
    "first_ancestor": "始祖",
    "first_migrant_ancestor": "始迁祖",
    "notable_persons": "名人",
    "edition": "版本",
    "volumes": "卷数",
    "collector": "收藏者",
    "abstract": "提要",
    "surname": "姓氏",
    "lineage_files": "世系文件",
}

# Line ends of every platform: CRLF (Windows), LF, and a lone CR (classic Mac OS, some exports).
_LINE_END = re.compile(r"\r\n|\r|\n")
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_BOM_ENCODINGS = {codecs.BOM_UTF8: "utf-8", codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}


@dataclass(frozen=True)
class Row:
    file: str
    line: int
    values: dict[str, str]

    def get(self, field: str) -> str:
        return (self.values.get(field) or "").strip()

    def problem(self, field: str | None, message: str) -> InputError:
        return InputError(message, file=self.file, line=self.line, field=field)

    def column(self, *names: str) -> str:
        """The first of ``names`` this row has (exports spell one column differently), else the first."""
        return next((name for name in names if name in self.values), names[0])


# A required column: one header, or a tuple of headers any one of which will do.
Column = str | tuple[str, ...]


@lru_cache(maxsize=4096)
def column_name(raw: str) -> str:
    """The name a reader knows a column by: folded to simplified script and half width, or the
    Chinese name an English alias stands for (any case)."""
    folded = to_simplified(raw.strip())
    return COLUMN_ALIASES.get(folded.lower(), folded)


def _missing(required: Sequence[Column], present: Collection[str]) -> list[str]:
    alternatives = [(c,) if isinstance(c, str) else c for c in required]
    return [" or ".join(names) for names in alternatives if not any(n in present for n in names)]


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from None
    except ValueError as exc:  # a name holding a NUL character, which no file can have
        raise InputError(f"cannot read: {exc}", file=str(path)) from None
    try:
        return decode_bytes(data, str(path))[0]
    except UndecodableInput:
        raise InputError(why_undecodable(data), file=str(path)) from None


def why_undecodable(data: bytes) -> str:
    """Where the bytes stop being text: the first byte the file's own encoding (its byte-order
    mark's, else UTF-8) cannot read, or the first control character when they do decode."""
    bom = next((b for b in _BOM_ENCODINGS if data.startswith(b)), b"")
    encoding = _BOM_ENCODINGS.get(bom, "utf-8")
    try:
        text = data[len(bom) :].decode(encoding)
    except UnicodeDecodeError as exc:
        at = len(bom) + exc.start
        expected = f"{encoding.upper()} as its byte-order mark says" if bom else "UTF-8, GB18030/GBK, Big5 or UTF-16"
        return f"not text in {expected}: byte {at} (0x{data[at]:02x}) cannot be decoded; convert the file to UTF-8"
    bad = next((i for i, ch in enumerate(text) if (ch < " " and ch not in "\t\n\r\f") or ch == "\ufffd"), None)
    if bad is None:
        return "not text in UTF-8, GB18030/GBK, Big5 or UTF-16; convert the file to UTF-8"
    at = len(bom) + len(text[:bad].encode(encoding))
    return f"binary data, not text: U+{ord(text[bad]):04X} at byte {at}"


def _header(path: Path, raw: list[str], required: Sequence[Column]) -> list[str]:
    """The CSV header's column names; a repeated or missing required column fails the file."""
    names = [column_name(h) for h in raw]
    first: dict[str, int] = {}
    for number, name in enumerate(names, 1):
        if name and name in first:
            spelled = " and ".join(dict.fromkeys((raw[first[name] - 1].strip(), raw[number - 1].strip())))
            raise InputError(
                f"column {name} appears twice ({spelled}: columns {first[name]} and {number}); keep one",
                file=str(path),
                line=1,
            )
        first.setdefault(name, number)
    missing = _missing(required, set(names))
    if missing:
        raise InputError(f"missing required column(s): {', '.join(missing)}", file=str(path), line=1)
    return names


def _too_long(row: Row) -> InputError | None:
    field = next((k for k, v in row.values.items() if len(v) > MAX_FIELD_CHARS), None)
    if field is None:
        return None
    return row.problem(field or None, f"longer than {MAX_FIELD_CHARS:,} characters (an unclosed quote?)")


def _csv_rows(path: Path, text: str, required: Sequence[Column], problems: list[InputError]) -> Iterator[Row]:
    # Fields are measured below, against one limit for every format; the csv module's own limit
    # (the same number) raised an error that stopped the whole file.
    csv.field_size_limit(sys.maxsize)
    reader = csv.reader(io.StringIO(_LINE_END.sub("\n", text), newline=""))
    try:
        header = _header(path, next(reader, []), required)
        for values in reader:
            if not values:
                continue
            line = reader.line_num
            if len(values) > len(header):
                problems.append(InputError("more values than columns (an unquoted comma?)", file=str(path), line=line))
            elif len(values) < len(header):
                problems.append(
                    InputError("fewer values than columns (the file may end mid-record)", file=str(path), line=line)
                )
            else:
                row = Row(str(path), line, {k: v for k, v in zip(header, values, strict=True) if k})
                problem = _too_long(row)
                if problem is None:
                    yield row
                else:
                    problems.append(problem)
    except csv.Error as exc:
        problems.append(
            InputError(
                f"not CSV from here on ({exc}); the rest of the file is skipped", file=str(path), line=reader.line_num
            )
        )


def _record(path: Path, line: int, value: Any, required: Sequence[Column], what: str) -> Row | InputError:
    """One JSON value as a row, or why it is none."""
    if not isinstance(value, _Pairs):
        return InputError(f"{what} must be a JSON object, not {_json_type(value)}", file=str(path), line=line)
    values: dict[str, str] = {}
    spelled: dict[str, str] = {}
    for key, item in value:
        name = column_name(key)
        if name in spelled:
            return InputError(
                f"field {name} appears twice ({spelled[name]} and {key.strip()}); keep one",
                file=str(path),
                line=line,
                field=name,
            )
        if isinstance(item, _Pairs | list):
            return InputError(
                f"expected text or a number, not {_json_type(item)}", file=str(path), line=line, field=name
            )
        spelled[name] = key.strip()
        values[name] = "" if item is None else str(item)
    row = Row(str(path), line, values)
    missing = _missing(required, values)
    if missing:
        return row.problem(missing[0], "required field missing")
    return _too_long(row) or row


class _Pairs(list[tuple[str, Any]]):
    """A JSON object as its key-value pairs in order, so a repeated key is seen, not overwritten."""


def _json_type(value: Any) -> str:
    if isinstance(value, _Pairs):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    return "null" if value is None else f"{json.dumps(value)}"


def _json_rows(path: Path, text: str, required: Sequence[Column], problems: list[InputError]) -> Iterator[Row]:
    for number, raw in enumerate(_LINE_END.split(text), 1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw, object_pairs_hook=_Pairs)
        except json.JSONDecodeError as exc:
            problems.append(InputError(f"not valid JSON ({exc.msg})", file=str(path), line=number))
            continue
        except RecursionError:
            problems.append(InputError("nested too deeply", file=str(path), line=number))
            continue
        record = _record(path, number, value, required, "each line")
        if isinstance(record, Row):
            yield record
        else:
            problems.append(record)


def _json_array(path: Path, text: str, required: Sequence[Column], problems: list[InputError]) -> Iterator[Row]:
    """The records of a JSON array, each with the line it starts on."""
    try:
        items = json.loads(text, object_pairs_hook=_Pairs)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg})", file=str(path), line=exc.lineno) from None
    except RecursionError:
        raise InputError("nested too deeply", file=str(path)) from None
    if not isinstance(items, list) or isinstance(items, _Pairs):
        raise InputError("expected a JSON array of records", file=str(path))
    decoder = json.JSONDecoder(object_pairs_hook=_Pairs)
    position = _skip_space(text, text.index("[") + 1)
    line = 1 + len(_LINE_END.findall(text, 0, position))
    for index in range(1, len(items) + 1):
        value, end = decoder.raw_decode(text, position)
        record = _record(path, line, value, required, f"record {index}")
        if isinstance(record, Row):
            yield record
        else:
            problems.append(record)
        following = _skip_space(text, end)
        if text.startswith(",", following):
            following = _skip_space(text, following + 1)
        line += len(_LINE_END.findall(text, position, following))
        position = following


def _skip_space(text: str, position: int) -> int:
    """The position of the first character at or after ``position`` that is not JSON whitespace."""
    match = _JSON_SPACE.match(text, position)
    return match.end() if match else position


def read_rows(path: Path, required: Sequence[Column], problems: list[InputError]) -> Iterator[Row]:
    """Rows of ``path`` (.csv, .jsonl or .json array).

    A malformed record is appended to ``problems`` and skipped; a file we cannot read at all
    (encoding, type, a missing or repeated column) raises InputError before any row is yielded.
    """
    text = read_text(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield from _csv_rows(path, text, required, problems)
    elif suffix in {".jsonl", ".ndjson"}:
        yield from _json_rows(path, text, required, problems)
    elif suffix == ".json":
        yield from _json_array(path, text, required, problems)
    else:
        raise InputError("unsupported file type (use .csv, .jsonl or .json)", file=str(path))
