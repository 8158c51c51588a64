"""A TEI manuscript ingested: the names its <persName> marks become mentions at their offsets,
read as the extractor reads the same span, and no span gets a second (extracted) mention."""

from __future__ import annotations

import os
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

from zhiren.authority.names import name_key
from zhiren.store.graph.sqlite import SqliteGraphStore

ZHIREN = Path(sys.executable).with_name("zhiren")
ROOT = Path(__file__).resolve().parents[3]


def test_marked_names_are_mentions_once_and_resolve(tmp_path: Path) -> None:
    env = {**os.environ, "ZHIREN_DATA_DIR": str(tmp_path)}
    for args in (
        ("authority", str(ROOT / "ingest/demo/authority.csv")),
        ("manuscripts", str(ROOT / "tests/fixtures/tei/sheng_letter.xml")),
    ):
        result = subprocess.run([str(ZHIREN), "ingest", *args], capture_output=True, text=True, env=env, timeout=300)
        assert result.returncode == 0, result.stderr
    graph = SqliteGraphStore(tmp_path / "graph.sqlite")
    [batch] = list(graph.iter_documents())
    document, mentions = graph.get_document(batch[0].id)
    in_text = sorted((m for m in mentions if m.start >= 0), key=lambda m: m.start)
    assert all(a.end <= b.start for a, b in pairwise(in_text))  # no span twice
    marked = {m.surface: m for m in in_text if m.method == "marked"}
    assert set(marked) == {"中堂", "张香帅", "郑观应", "宣怀"}
    assert all(document.text[m.start : m.end] == m.surface for m in marked.values())
    [zhang] = graph.find_persons_by_name(name_key("张之洞"))
    assert marked["张香帅"].person_id == zhang.id
    assert marked["宣怀"].role.value == "sender"
    [sheng] = graph.find_persons_by_name(name_key("盛宣怀"))
    [li] = graph.find_persons_by_name(name_key("李鸿章"))
    wrote = [r for r in graph.get_person(sheng.id).relations if r.type.value == "WROTE_TO"]
    assert [(r.source_id, r.target_id) for r in wrote] == [(sheng.id, li.id)]  # from correspDesc
    assert {m.document_id for m in graph.get_mentions(wrote[0].evidence).values()} == {document.id}
    graph.close()
