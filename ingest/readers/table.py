"""Rows of a CSV, JSON Lines or JSON file with their line numbers, whatever the encoding.

Every reader builds on this, so they all report problems the same way: ``file:line: field: message``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from zhiren.errors import InputError
from zhiren.nlp.decode import UndecodableInput, decode_bytes


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


def _missing(required: Sequence[Column], present: Collection[str]) -> list[str]:
    alternatives = [(c,) if isinstance(c, str) else c for c in required]
    return [" or ".join(names) for names in alternatives if not any(n in present for n in names)]


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from None
    try:
        return decode_bytes(data, str(path))[0]
    except UndecodableInput as exc:
        raise InputError(str(exc), file=str(path)) from None


def _csv_rows(path: Path, text: str, problems: list[InputError]) -> Iterator[Row]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for record in reader:
        line = reader.line_num
        if None in record:
            problems.append(InputError("more values than columns (an unquoted comma?)", file=str(path), line=line))
        elif any(v is None for v in record.values()):
            problems.append(
                InputError("fewer values than columns (the file may end mid-record)", file=str(path), line=line)
            )
        else:
            yield Row(str(path), line, {k.strip(): v for k, v in record.items()})


def _jsonl_rows(path: Path, text: str, problems: list[InputError]) -> Iterator[Row]:
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(InputError(f"not valid JSON ({exc.msg})", file=str(path), line=number))
            continue
        if not isinstance(value, dict):
            problems.append(InputError("each line must be a JSON object", file=str(path), line=number))
            continue
        yield Row(str(path), number, {str(k): "" if v is None else str(v) for k, v in value.items()})


def read_rows(path: Path, required: Sequence[Column], problems: list[InputError]) -> Iterator[Row]:
    """Rows of ``path`` (.csv, .jsonl or .json array).

    A malformed record is appended to ``problems`` and skipped; a file we cannot read at all
    (encoding, type, a missing required column) raises InputError before any row is yielded.
    """
    text = read_text(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        header = next(csv.reader(io.StringIO(text)), [])
        missing = _missing(required, {c.strip() for c in header})
        if missing:
            raise InputError(f"missing required column(s): {', '.join(missing)}", file=str(path), line=1)
        yield from _csv_rows(path, text, problems)
    elif suffix in {".jsonl", ".ndjson"}:
        for row in _jsonl_rows(path, text, problems):
            missing = _missing(required, row.values)
            if missing:
                problems.append(row.problem(missing[0], "required field missing"))
            else:
                yield row
    elif suffix == ".json":
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg})", file=str(path), line=exc.lineno) from None
        if not isinstance(items, list):
            raise InputError("expected a JSON array of records", file=str(path))
        for index, item in enumerate(items, 1):
            row = Row(str(path), index, {str(k): "" if v is None else str(v) for k, v in item.items()})
            missing = _missing(required, row.values)
            if missing:
                problems.append(row.problem(missing[0], f"record {index}: required field missing"))
            else:
                yield row
    else:
        raise InputError("unsupported file type (use .csv, .jsonl or .json)", file=str(path))
