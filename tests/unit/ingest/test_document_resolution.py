"""The ingest resolves a document's mentions together (Resolver.reconsider after its own pass):
a short form before the full name follows the person the document links later."""

from __future__ import annotations

from pathlib import Path

from zhiren.authority.model import Document, DocumentKind, HistDate, LinkStatus
from zhiren.authority.names import name_key
from zhiren.ingest.pipeline import Pipeline
from zhiren.ingest.readers.biogref import read_biogref
from zhiren.ingest.readers.sheng import DocumentItem, MarkedName
from zhiren.store.graph.sqlite import SqliteGraphStore
from zhiren.store.search.sqlite import SqliteSearchIndex

AUTHORITY = Path(__file__).resolve().parents[3] / "ingest" / "demo" / "authority.csv"


def test_a_signature_before_the_full_name_links_to_him(tmp_path: Path) -> None:
    graph, search = SqliteGraphStore(tmp_path / "g.sqlite"), SqliteSearchIndex(tmp_path / "s.sqlite")
    graph.migrate()
    search.setup()
    Pipeline(graph, search).ingest_seed(read_biogref(AUTHORITY, "demo", []), lambda n: None)
    text = "宣。寒电敬悉，已饬各局昼夜递送。盛宣怀谨禀。"
    at = text.index("盛宣怀")
    document = Document("d_sig", DocumentKind.LETTER, "禀", text, date=HistDate("光绪二十二年", 1896))
    marked = [MarkedName("宣", 0, 1), MarkedName("盛宣怀", at, at + 3)]
    summary = Pipeline(graph, search).ingest_documents([DocumentItem(None, document, marked=marked)], lambda n: None)  # type: ignore[arg-type]

    [sheng] = graph.find_persons_by_name(name_key("盛宣怀"))
    _, mentions = graph.get_document("d_sig")
    by_surface = {m.surface: m for m in mentions}
    assert by_surface["盛宣怀"].person_id == sheng.id
    signature = by_surface["宣"]
    assert (signature.person_id, signature.status) == (sheng.id, LinkStatus.LINKED)
    assert "same_document" in signature.features["candidates"][0]["features"]
    assert (summary.linked, summary.unlinked, summary.persons_created) == (2, 0, 0)
    graph.close()
    search.close()
