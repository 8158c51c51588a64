"""The mapping to the Shanghai Library's vocabulary: their data and ours answer one query.

The library's platform writes persons with shl: terms (SHL-VOCABULARY.md); we link our persons to
theirs with owl:sameAs and map our terms to theirs in zhiren.ttl. ontology.shl restates our data in
their terms through those axioms, so a query written only in their vocabulary finds both.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import rdflib
from pyoxigraph import Quad, QuerySolutions, RdfFormat, Store, Triple

from tests.demo_rdf import BASE, ontology_graph, to_rdflib
from tests.factories import SHENG, SHENG_KANG, sample_batch
from zhiren.authority.model import PersonRecord
from zhiren.ontology.mapping import Uris, person_description
from zhiren.ontology.shl import shl_view

SHL_DATA = Path(__file__).resolve().parents[2] / "fixtures" / "shl" / "sheng_genealogy.ttl"
THEIR_SHENG = "http://data.library.sh.cn/jp/entity/person/a1b2c3d4e5f6g7h8"
SHL = rdflib.Namespace("http://www.library.sh.cn/ontology/")
BF1 = rdflib.Namespace("http://bibframe.org/vocab/")
# The terms SHL-VOCABULARY.md lists (as their platform code uses them) that the ontology maps to.
SHL_TERMS = {
    SHL.Person, SHL.courtesyName, SHL.pseudonym, SHL.posthumousTitle, SHL.temporalValue,
    BF1.label, BF1.Work, BF1.Instance, BF1.Item,
}  # fmt: skip


def our_sheng(external: dict[str, str]) -> list[Triple]:
    batch = sample_batch()
    (person,) = (p for p in batch.persons if p.id == SHENG)
    names = [n for n in batch.names if n.person_id == SHENG]
    relations = [r for r in batch.relations if r.type.value == "FATHER_OF"]
    record = PersonRecord(replace(person, external_ids=external, floruit="清"), names, relations, [])
    father = PersonRecord(next(p for p in batch.persons if p.id == SHENG_KANG), [], relations, [])
    uris = Uris(BASE)
    return person_description(uris, record) + person_description(uris, father)


def test_every_mapped_shanghai_term_is_one_the_library_uses() -> None:
    ontology = ontology_graph()
    axioms = (
        rdflib.OWL.equivalentClass,
        rdflib.OWL.equivalentProperty,
        rdflib.RDFS.subPropertyOf,
        rdflib.RDFS.subClassOf,
    )
    mapped = {
        term
        for p in axioms
        for s, o in ontology.subject_objects(p)
        for term in (s, o)
        if str(term).startswith((str(SHL), str(BF1)))
    }
    assert mapped == SHL_TERMS


def test_our_data_in_their_terms() -> None:
    view = to_rdflib(shl_view(our_sheng({}), BASE))
    sheng = rdflib.URIRef(f"{BASE}person/{SHENG}")
    assert (sheng, rdflib.RDF.type, SHL.Person) in view
    assert (sheng, SHL.courtesyName, rdflib.Literal("杏蓀", lang="zh-Hant")) in view
    assert (sheng, SHL.pseudonym, rdflib.Literal("愚斋", lang="zh-Hans")) in view
    assert (sheng, SHL.temporalValue, rdflib.Literal("清", lang="zh")) in view
    assert (sheng, BF1.label, rdflib.Literal("盛宣怀", lang="zh-Hans")) in view


def test_one_query_in_their_vocabulary_joins_their_record_and_ours_through_same_as() -> None:
    ours = our_sheng({"shl": THEIR_SHENG})
    store = Store()
    store.load(path=str(SHL_DATA), format=RdfFormat.TURTLE)
    store.extend(Quad(t.subject, t.predicate, t.object) for t in [*ours, *shl_view(ours, BASE)])
    answer = store.query(
        """
        PREFIX shl: <http://www.library.sh.cn/ontology/>
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        PREFIX rel: <http://purl.org/vocab/relationship/>
        SELECT ?ours ?their ?work ?our_father WHERE {
          ?ours a shl:Person ; owl:sameAs ?their ; shl:courtesyName ?our_name ; rel:childOf ?our_father .
          ?their a shl:Person ; shl:courtesyName ?their_name ; shl:relatedWork ?work .
          FILTER(STR(?our_name) = STR(?their_name))  # their tags are chs/cht, ours BCP 47
        }
        """
    )
    assert isinstance(answer, QuerySolutions)
    rows = [{v.value: s[v].value for v in answer.variables} for s in answer]  # type: ignore[union-attr]
    assert rows == [
        {
            "ours": f"{BASE}person/{SHENG}",
            "their": THEIR_SHENG,
            "work": "http://data.library.sh.cn/jp/resource/work/k9m8n7p6q5r4s3t2",
            "our_father": f"{BASE}person/{SHENG_KANG}",
        }
    ]


def test_an_shl_authority_id_becomes_their_person_uri_and_our_tags_are_bcp47() -> None:
    graph = to_rdflib(our_sheng({"shl": "x1y2z3", "wikidata": "Q1068437", "viaf": "12345"}))
    sheng = rdflib.URIRef(f"{BASE}person/{SHENG}")
    assert set(graph.objects(sheng, rdflib.OWL.sameAs)) == {
        rdflib.URIRef("http://data.library.sh.cn/entity/person/x1y2z3"),
        rdflib.URIRef("http://www.wikidata.org/entity/Q1068437"),
        rdflib.URIRef("http://viaf.org/viaf/12345"),
    }
    tags = {o.language for o in graph.objects() if isinstance(o, rdflib.Literal) and o.language}
    assert tags and not tags & {"chs", "cht", "en"}
