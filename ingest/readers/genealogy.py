"""Genealogy catalogue records (CSV/JSONL/JSON) with the lineage text volumes attached to them.

Columns: 题名 (required), 责任者, 谱籍, 堂号, 始祖, 始迁祖, 名人, 版本, 卷数, 收藏者, 提要, and
optionally 姓氏 (else read from 题名, e.g. 桐城吴氏宗谱 → 吴), 记录号 (the holding library's record
id) and 世系文件 (lineage text files, relative to the records file, separated by ``;``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from zhiren.authority.ids import stable_id
from zhiren.authority.model import Document, DocumentKind
from zhiren.errors import InputError
from zhiren.ingest.readers.table import read_rows, read_text

REQUIRED = ("题名",)
CATALOGUE_FIELDS = ("责任者", "谱籍", "堂号", "始祖", "始迁祖", "名人", "版本", "卷数", "收藏者", "提要")
_SURNAME_IN_TITLE = re.compile(r"([\u4e00-\u9fff]{1,2})氏")


@dataclass
class LineageVolume:
    document: Document
    surname: str | None


@dataclass
class GenealogyItem:
    record: Document
    volumes: list[LineageVolume] = field(default_factory=list)


def surname_of(title: str, given: str) -> str | None:
    if given:
        return given
    match = _SURNAME_IN_TITLE.search(title)
    return match.group(1)[-1] if match else None


def read_genealogies(path: Path, problems: list[InputError]) -> Iterator[GenealogyItem]:
    for row in read_rows(path, REQUIRED, problems):
        title = row.get("题名")
        if not title:
            problems.append(row.problem("题名", "empty title"))
            continue
        key = row.get("记录号") or "|".join(row.get(f) for f in ("题名", "谱籍", "堂号", "版本", "收藏者"))
        meta = {f: row.get(f) for f in CATALOGUE_FIELDS if row.get(f)}
        record = Document(
            stable_id("d", "genealogy", key),
            DocumentKind.RECORD,
            title,
            row.get("提要"),
            collection="家谱",
            shelfmark=row.get("记录号") or None,
            meta=meta,
        )
        item = GenealogyItem(record)
        surname = surname_of(title, row.get("姓氏"))
        for number, name in enumerate(n.strip() for n in row.get("世系文件").split(";") if n.strip()):
            file = path.parent / name
            try:
                text = read_text(file)
            except InputError as exc:
                problems.append(row.problem("世系文件", str(exc)))
                continue
            volume = Document(
                stable_id("d", "lineage", record.id, name),
                DocumentKind.GENEALOGY,
                f"{title} 世系 {number + 1}",
                text,
                collection="家谱",
                meta={"record": record.id, "file": name},
            )
            item.volumes.append(LineageVolume(volume, surname))
        if item.volumes:  # the record's page links its volumes; each volume's meta.record links back
            record.meta["volumes"] = [v.document.id for v in item.volumes]
        yield item
