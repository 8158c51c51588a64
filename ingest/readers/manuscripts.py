"""Celebrity manuscripts (名人手稿): CSV/JSON Lines, one row per page, pages joined in order.

Columns: 题名 (required), 责任者 (the author, one or more names), 时间, 收藏 (holder), 记录号
(groups the pages of one manuscript; else 题名 + 责任者), 页码 (page number, optional) and 全文
(the OCR text of the page). The author becomes a catalogue mention with role ``author``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from zhiren.authority.ids import stable_id
from zhiren.authority.model import Document, DocumentKind, MentionRole
from zhiren.errors import InputError
from zhiren.ingest.readers.sheng import DocumentItem, catalogue_names, document_date
from zhiren.ingest.readers.table import Row, read_rows

REQUIRED = ("题名", "全文")
PAGE_BREAK = "\n"
COLLECTION = "名人手稿"  # when the source names no holder


def _page_number(row: Row) -> tuple[int | None, InputError | None]:
    """The page's number, or None and why, when 页码 is given but is no number: the page is
    kept in file order, so that is a warning, not a rejection."""
    raw = row.get("页码")
    if not raw:
        return None, None
    try:
        return int(raw), None  # full-width digits (１２) read as numbers too
    except ValueError:
        return None, row.problem("页码", f"not a page number: {raw!r}; page kept in file order")


def read_manuscripts(path: Path, problems: list[InputError]) -> Iterator[DocumentItem]:
    """Manuscripts in order of first appearance; each is complete once the file has been read."""
    pages: dict[str, list[tuple[int, int, Row]]] = {}
    page_warnings: dict[str, list[InputError]] = {}
    for row in read_rows(path, REQUIRED, problems):
        if not row.get("题名"):
            problems.append(row.problem("题名", "empty title"))
            continue
        key = row.get("记录号") or f"{row.get('题名')}|{row.get('责任者')}"
        page, warning = _page_number(row)
        if warning is not None:
            page_warnings.setdefault(key, []).append(warning)
        pages.setdefault(key, []).append((page if page is not None else 10**9, row.line, row))
    for key, rows in pages.items():
        rows.sort(key=lambda item: (item[0], item[1]))
        first = rows[0][2]
        try:
            names = catalogue_names(first, "责任者", MentionRole.AUTHOR)
        except InputError as problem:
            problems.append(problem)
            continue
        warnings = page_warnings.get(key, [])
        document = Document(
            id=stable_id("d", "manuscript", key),
            kind=DocumentKind.MANUSCRIPT,
            title=first.get("题名"),
            text=PAGE_BREAK.join(r.get("全文") for _, _, r in rows),
            date=document_date(first, "时间", warnings),
            collection=first.get("收藏") or first.get("收藏者") or COLLECTION,
            shelfmark=first.get("记录号") or None,
            meta={"pages": len(rows), **({"责任者": first.get("责任者")} if first.get("责任者") else {})},
        )
        yield DocumentItem(first, document, names, warnings)
