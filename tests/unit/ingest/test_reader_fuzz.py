"""Property-based fuzzing of every reader (issue 19): generated records, in every encoding, line
ending and format we accept, with hostile values (quotes, separators, line breaks, control
characters, very long fields, nested JSON).

What must hold: no exception but InputError (and that only for a file we cannot read at all);
every problem and warning names the file and a line; every record is either read with exactly
its values or rejected — never half read, never silently dropped.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhiren.errors import InputError
from zhiren.ingest.readers.biogref import read_biogref
from zhiren.ingest.readers.cbdb import read_cbdb
from zhiren.ingest.readers.genealogy import read_genealogies
from zhiren.ingest.readers.manuscripts import read_manuscripts
from zhiren.ingest.readers.sheng import read_sheng
from zhiren.ingest.readers.table import MAX_FIELD_CHARS, column_name, read_rows
from zhiren.ingest.readers.tei import read_tei
from zhiren.nlp.decode import looks_like_text

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEI = Path(__file__).resolve().parents[2] / "fixtures" / "tei" / "sheng_letter.xml"

# Characters every accepted encoding can write (GBK and Big5 share these), then those only the
# Unicode encodings can: the hostile ones a CSV or JSON writer must quote or escape.
COMMON = "盛宣懷張之洞李一二三年月日人大中光緒杏公函電孫翁 abcXYZ019.-_/()"
HOSTILE = ",\"'\n\r\t;、，|\\{}[]:"
UNICODE_ONLY = "张鸿档题\u2028\u0085\x00\x01\x1b\ufeff\U00020000😀"
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "gbk", "big5")
# Column names as a file in traditional script spells them (Big5 cannot write 档 or 题).
TRADITIONAL = {
    "档号": "檔號",
    "题名": "題名",
    "发文者": "發文者",
    "时间": "時間",
    "文种": "文種",
    "责任者": "責任者",
    "记录号": "記錄號",
    "页码": "頁碼",
    "谱籍": "譜籍",
    "备注": "備註",
}


def values(unicode: bool) -> st.SearchStrategy[str]:
    alphabet = COMMON + HOSTILE + (UNICODE_ONLY if unicode else "")
    short = st.text(alphabet=alphabet, max_size=12)
    return st.one_of(short, short, short, st.builds(lambda c, n: c * n, st.sampled_from('杏,"\n'), st.integers(1, 3)))


@st.composite
def files(draw: st.DrawFn, columns: tuple[str, ...]) -> tuple[str, str, str, list[dict[str, Any]]]:
    """(suffix, encoding, line end, records): records over ``columns`` plus stray ones, some fields
    missing in JSON, a few values over the length limit or not text."""
    suffix = draw(st.sampled_from((".csv", ".jsonl", ".json")))
    encoding = draw(st.sampled_from(ENCODINGS))
    unicode = encoding.startswith("utf")
    header = [*columns, *draw(st.lists(st.sampled_from(("备注", "note", "x")), max_size=1, unique=True))]
    records = []
    for _ in range(draw(st.integers(0, 6))):
        record: dict[str, Any] = {c: draw(values(unicode)) for c in header}
        if suffix != ".csv" and draw(st.integers(0, 5)) == 0:
            record.pop(draw(st.sampled_from(header)))
        if suffix != ".csv" and draw(st.integers(0, 10)) == 0:
            record[draw(st.sampled_from(header))] = draw(st.sampled_from([None, 7, 1.5, True, [1], {"a": "b"}]))
        records.append(record)
    return suffix, encoding, draw(st.sampled_from(("\n", "\r\n", "\r"))), records


def encoded(suffix: str, encoding: str, line_end: str, records: list[dict[str, Any]], header: list[str]) -> bytes:
    if not encoding.startswith("utf"):
        header = [TRADITIONAL.get(h, h) for h in header]
        records = [{TRADITIONAL.get(k, k): v for k, v in r.items()} for r in records]
    if suffix == ".csv":
        out = io.StringIO()
        # The csv module quotes a value holding a line end only if it is in ``lineterminator``:
        # with a bare CR or LF as line end, quote everything, or the file itself is ambiguous.
        quoting = csv.QUOTE_MINIMAL if line_end == "\r\n" else csv.QUOTE_ALL
        writer = csv.DictWriter(out, header, lineterminator=line_end, quoting=quoting)
        writer.writeheader()
        writer.writerows(records)
        text = out.getvalue()
    elif suffix == ".jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + line_end for r in records)
    else:
        text = json.dumps(records, ensure_ascii=False, indent=1).replace("\n", line_end)
    if encoding == "utf-16":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    return text.encode(encoding)


def file_bytes(case: tuple[str, str, str, list[dict[str, Any]]], columns: tuple[str, ...]) -> bytes:
    """The generated file: every record under one header in CSV, each as it is in JSON."""
    suffix, encoding, line_end, records = case
    header = list(dict.fromkeys([*columns, *(k for r in records for k in r)]))
    rows = [{k: r.get(k, "") for k in header} for r in records] if suffix == ".csv" else records
    return encoded(suffix, encoding, line_end, rows, header)


@contextmanager
def written(data: bytes, suffix: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        yield path


def named(problem: object, path: Path) -> None:
    """A problem is an InputError naming this file and a line of it."""
    assert isinstance(problem, InputError), repr(problem)
    assert problem.file == str(path) and isinstance(problem.line, int) and problem.line >= 1, str(problem)


def run(reader: Callable[[Path, list[InputError]], Iterator[Any]], path: Path) -> tuple[list[Any], list[InputError]]:
    """The reader's items and problems; an InputError for the whole file counts as one problem."""
    problems: list[InputError] = []
    try:
        items = list(reader(path, problems))
    except InputError as failed:
        assert failed.file in (str(path), None), str(failed)
        return [], [failed]
    for problem in problems:
        named(problem, path)
    return items, problems


SHENG = ("档号", "题名", "发文者", "收文者", "时间", "全文")


@FUZZ
@given(files(SHENG))
def test_read_rows_reads_each_record_whole_or_rejects_it_by_line(
    case: tuple[str, str, str, list[dict[str, Any]]],
) -> None:
    suffix, encoding, records = case[0], case[1], case[3]
    data = file_bytes(case, SHENG)
    with written(data, suffix) as path:
        problems: list[InputError] = []
        try:
            rows = list(read_rows(path, ("档号",), problems))
        except InputError as failed:
            # Only a file we cannot read at all: one whose bytes GBK/Big5 detection refuses, or one
            # whose text is more than a twentieth control characters (hostile values in a short file),
            # which nlp.decode takes for binary data.
            junk = not looks_like_text(data.decode(encoding, errors="replace"))
            assert encoding in ("gbk", "big5") or junk, str(failed)
            assert failed.file == str(path) and "byte" in failed.message, str(failed)
            return
        for problem in problems:
            named(problem, path)
        assert len(rows) + len(problems) == len(records), (rows, [str(p) for p in problems])
        rejected = {p.line for p in problems}
        assert not rejected & {r.line for r in rows}
        kept = iter(r for r in records if _acceptable(r, suffix))
        for row in rows:
            record = next(kept)
            expected = {column_name(k): _as_read(v, suffix) for k, v in record.items()}
            assert row.values == expected


def _acceptable(record: dict[str, Any], suffix: str) -> bool:
    """Whether the reader must keep this record (else it must reject it, by line)."""
    if suffix != ".csv" and ("档号" not in record or any(isinstance(v, dict | list) for v in record.values())):
        return False
    return all(len(_as_read(v, suffix)) <= MAX_FIELD_CHARS for v in record.values())


def _as_read(value: Any, suffix: str) -> str:
    """A value as the readers give it: text; in CSV, line ends inside a value read as LF."""
    if value is None:
        return ""
    text = str(value)
    return text.replace("\r\n", "\n").replace("\r", "\n") if suffix == ".csv" else text


READERS: dict[str, tuple[tuple[str, ...], Callable[[Path, list[InputError]], Iterator[Any]]]] = {
    "sheng": ((*SHENG, "文种"), read_sheng),
    "manuscripts": (("题名", "责任者", "时间", "收藏", "记录号", "页码", "全文"), read_manuscripts),
    "genealogy": (("题名", "谱籍", "姓氏", "记录号", "世系文件"), read_genealogies),
    "biogref": (
        ("primary_id", "person_id", "person_name", "name_type", "born_year", "died_year", "gender"),
        lambda path, problems: read_biogref(path, "fuzz", problems),
    ),
    "cbdb": (
        ("c_personid", "c_name", "c_name_chn", "c_birthyear", "c_deathyear", "c_female", "c_dynasty_chn"),
        lambda path, problems: read_cbdb(path, problems, []),
    ),
}


def _reader_test(name: str) -> Callable[..., None]:
    columns, reader = READERS[name]

    @FUZZ
    @given(files(columns))
    def test(case: tuple[str, str, str, list[dict[str, Any]]]) -> None:
        with written(file_bytes(case, columns), case[0]) as path:
            items, _ = run(reader, path)
            assert len(items) <= len(case[3])
            for item in items:
                for warning in getattr(item, "warnings", []):
                    named(warning, path)

    test.__name__ = f"test_{name}_reader_never_raises_and_names_every_problem"
    return test


test_sheng_reader = _reader_test("sheng")
test_manuscripts_reader = _reader_test("manuscripts")
test_genealogy_reader = _reader_test("genealogy")
test_biogref_reader = _reader_test("biogref")
test_cbdb_reader = _reader_test("cbdb")


@FUZZ
@given(st.data())
def test_tei_reader_never_raises_on_a_damaged_file(data: st.DataObject) -> None:
    """The TEI fixture with a slice replaced by hostile text: a clear InputError or items, nothing else."""
    text = TEI.read_text(encoding="utf-8")
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 40)))
    inserted = data.draw(st.text(alphabet=COMMON + HOSTILE + "<>&/=#;x" + UNICODE_ONLY, max_size=20))
    encoding = data.draw(st.sampled_from(("utf-8", "utf-16")))
    damaged = text[:start] + inserted + text[end:]
    raw = codecs.BOM_UTF16_LE + damaged.encode("utf-16-le") if encoding == "utf-16" else damaged.encode()
    with written(raw, ".xml") as path:
        run(read_tei, path)
