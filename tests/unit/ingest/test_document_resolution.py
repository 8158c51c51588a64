"""The ingest resolves a document's mentions together (Resolver.reconsider after its own pass):
a short form before the full name follows the person the document links later."""

from __future__ import annotations

from pathlib import Path

from zhiren.authority.model import Document, DocumentKind, HistDate, LinkStatus, Name, NameType, Person
from zhiren.authority.names import name_key
from zhiren.ingest.pipeline import Pipeline
from zhiren.ingest.readers.biogref import read_biogref
from zhiren.ingest.readers.sheng import DocumentItem, MarkedName
from zhiren.nlp.extract import Extractor
from zhiren.store.graph.base import GraphBatch
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


def test_surname_and_a_post_is_not_the_man_the_letter_writes_with_another_office(tmp_path: Path) -> None:
    """As Resolver.resolve_document decides (tests/unit/authority/test_resolver.py), the ingest too:
    曾道宪德 holds an intendant's post in this letter (左宗棠's, blind10), so its 曾总兵 (曾玉明) is
    someone else, while 曾公 follows him; 潘抚台 follows the 潘鼎新 the letter writes with no post."""
    graph, search = SqliteGraphStore(tmp_path / "g.sqlite"), SqliteSearchIndex(tmp_path / "s.sqlite")
    graph.migrate()
    search.setup()
    persons = [
        Person(pid, text, birth=HistDate(str(born), born), death=HistDate(str(died), died))
        for pid, text, born, died in (("zeng", "曾宪德", 1810, 1880), ("pan", "潘鼎新", 1828, 1888))
    ]
    names = [
        Name(f"n-{p.id}", p.id, p.preferred_name, NameType.GIVEN, key=name_key(p.preferred_name), preferred=True)
        for p in persons
    ]
    names.append(Name("n-zeng-given", "zeng", "宪德", NameType.GIVEN, key=name_key("宪德")))  # 曾道宪德 is read by it
    graph.write(GraphBatch(persons=persons, names=names))
    text = "曾道宪德所禀各情，或即指此。除吴提督、曾总兵外，又有洪道等彼此势不相下。曾公所言亦是。"
    text += "潘抚台来函，潘鼎新已抵沪。"
    document = Document("d_posts", DocumentKind.LETTER, "函", text, date=HistDate("同治二年", 1863))
    pipeline = Pipeline(graph, search, extractor=Extractor(statistical=False))
    pipeline.ingest_documents([DocumentItem(None, document)], lambda n: None)  # type: ignore[arg-type]

    _, mentions = graph.get_document("d_posts")
    linked = {text[m.start : m.end]: m.person_id for m in mentions if m.status == LinkStatus.LINKED}
    assert linked.get("曾道宪德") == "zeng" and linked.get("曾公") == "zeng"
    assert linked.get("潘抚台") == "pan" and linked.get("潘鼎新") == "pan"
    assert "曾总兵" not in linked or linked["曾总兵"] != "zeng"
    graph.close()
    search.close()
