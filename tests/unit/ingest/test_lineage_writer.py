"""A parsed 世系 text written as persons and kin: a wife the genealogy does not name is no person."""

from __future__ import annotations

from pathlib import Path

from zhiren.authority.model import RelationType
from zhiren.authority.resolver import Resolver
from zhiren.ingest.lineage_writer import LineageWriter
from zhiren.nlp.genealogy import parse_lineage
from zhiren.store.graph.sqlite import SqliteGraphStore

TEXT = "第一世:\n康 隆公子 配某氏 子一 宣怀\n第二世:\n宣怀 康长子 配董氏 继配（未详）氏\n"


def test_unnamed_wives_are_no_persons_named_ones_are(tmp_path: Path) -> None:
    graph = SqliteGraphStore(tmp_path / "g.sqlite")
    graph.migrate()
    out = LineageWriter(Resolver(graph), "d_lineage", TEXT, "盛").write(parse_lineage(TEXT, surname="盛"))
    names = sorted(p.preferred_name for p in out.persons)
    assert "董氏" in names and not [n for n in names if "某" in n or "未详" in n], names
    spouses = [r for r in out.relations if r.type == RelationType.SPOUSE_OF]
    assert len(spouses) == 1 and spouses[0].attributes["kind"] == "配"
