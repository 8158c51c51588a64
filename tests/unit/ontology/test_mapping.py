"""Graph → RDF on the demo corpus: what a person, a letter, a merge and a curation change become."""

from __future__ import annotations

from dataclasses import replace

import rdflib
from pyoxigraph import Quad, Store, Triple
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from tests.demo_rdf import BASE, entity, ontology_graph, to_rdflib, zr
from tests.factories import LETTER, SHENG, SHENG_KANG, ZHANG, sample_batch
from zhiren.authority.curation.audit import AuditEntry
from zhiren.authority.curation.snapshot import Scope, Snapshot
from zhiren.authority.model import PersonRecord, RelationType
from zhiren.ontology.mapping import (
    Uris,
    audit_triples,
    document_triples,
    merged_person_triples,
    person_description,
    person_triples,
    relation_triples,
)
from zhiren.store.graph.sqlite import SqliteGraphStore

SKOSXL = rdflib.Namespace("http://www.w3.org/2008/05/skos-xl#")
REL = rdflib.Namespace("http://purl.org/vocab/relationship/")
BF = rdflib.Namespace("http://id.loc.gov/ontologies/bibframe/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
SCHEMA = rdflib.Namespace("http://schema.org/")
URIS = Uris(BASE)
FATHER_OF, WROTE_TO = RelationType.FATHER_OF, RelationType.WROTE_TO


def sample_record(person_id: str) -> PersonRecord:
    batch = sample_batch()
    (person,) = (p for p in batch.persons if p.id == person_id)
    names = [n for n in batch.names if n.person_id == person_id]
    relations = [r for r in batch.relations if person_id in (r.source_id, r.target_id)]
    return PersonRecord(person, names, relations, [])


def test_every_term_the_export_uses_is_declared_in_the_ontology(demo_triples: list[Triple]) -> None:
    ontology = ontology_graph()
    vocab = f"{BASE}ontology#"
    used = {
        term
        for t in to_rdflib(demo_triples)
        for term in t
        if isinstance(term, rdflib.URIRef) and str(term).startswith(vocab)
    }
    assert len(used) > 40
    undeclared = sorted(str(term) for term in used if (term, RDF.type, None) not in ontology)
    assert undeclared == []
    documented = {s for s in ontology.subjects(RDFS.label, None)} | {s for s in ontology.subjects(SKOS.prefLabel, None)}
    assert sorted(str(term) for term in used - documented) == []


def test_a_person_with_typed_names_in_each_script_and_romanisation() -> None:
    graph = to_rdflib(person_triples(URIS, sample_record(SHENG)))
    sheng = entity("person", SHENG)
    assert (sheng, RDF.type, zr("Person")) in graph
    assert (sheng, SKOS.prefLabel, rdflib.Literal("盛宣怀", lang="zh-Hans")) in graph
    assert (sheng, zr("courtesyName"), rdflib.Literal("杏蓀", lang="zh-Hant")) in graph
    assert (sheng, zr("artName"), rdflib.Literal("愚斋", lang="zh-Hans")) in graph
    assert (sheng, SCHEMA.birthDate, rdflib.Literal("1844", datatype=XSD.gYear)) in graph
    assert (sheng, zr("birthDateText"), rdflib.Literal("道光二十四年", lang="zh")) in graph
    (courtesy,) = graph.subjects(SKOSXL.literalForm, rdflib.Literal("杏蓀", lang="zh-Hant"))
    assert (courtesy, zr("nameType"), zr("CourtesyName")) in graph
    assert (courtesy, zr("nameOf"), sheng) in graph
    assert (courtesy, zr("pinyin"), rdflib.Literal("xing sun", lang="zh-Latn-pinyin")) in graph
    assert (courtesy, zr("wadeGiles"), rdflib.Literal("hsing sun", lang="zh-Latn-wadegile")) in graph
    assert len(set(graph.objects(sheng, zr("hasName")))) == 4


def test_a_relation_is_a_graph_of_its_own_with_its_evidence_and_the_rel_inverse() -> None:
    (father_of,) = (r for r in sample_record(SHENG_KANG).relations if r.id == "r_father")
    graph = to_rdflib(relation_triples(URIS, father_of))
    kang, sheng = entity("person", SHENG_KANG), entity("person", SHENG)
    assert (kang, zr("fatherOf"), sheng) in graph and (sheng, REL.childOf, kang) in graph
    relation = entity("relation", "r_father")
    assert (relation, zr("relationSubject"), kang) in graph
    assert (relation, zr("relationProperty"), zr("fatherOf")) in graph
    assert (relation, PROV.wasDerivedFrom, entity("mention", "m1")) in graph
    assert (relation, zr("confidence"), rdflib.Literal("1", datatype=XSD.decimal)) in graph


def test_neither_person_s_graph_repeats_a_relation_but_the_source_s_uri_describes_it() -> None:
    kang, sheng = entity("person", SHENG_KANG), entity("person", SHENG)
    for person in (SHENG_KANG, SHENG):  # a letter adds to a relation: neither person is rewritten
        assert not set(to_rdflib(person_triples(URIS, sample_record(person)))).intersection(
            to_rdflib(relation_triples(URIS, next(r for r in sample_record(SHENG).relations if r.id == "r_father")))
        )
    father = to_rdflib(person_description(URIS, sample_record(SHENG_KANG)))
    son = to_rdflib(person_description(URIS, sample_record(SHENG)))
    assert (kang, zr("fatherOf"), sheng) in father and (sheng, REL.childOf, kang) in father
    assert (kang, zr("fatherOf"), sheng) not in son  # stated by its source only


def test_a_letter_is_a_bibframe_work_with_instance_item_and_its_mentions_as_evidence() -> None:
    batch = sample_batch()
    graph = to_rdflib(document_triples(URIS, batch.documents[0], batch.mentions))
    work = entity("document", LETTER)
    instance, item = rdflib.URIRef(f"{work}#instance"), rdflib.URIRef(f"{work}#item")
    assert {zr("Letter"), zr("Document"), BF.Work} <= set(graph.objects(work, RDF.type))
    assert (instance, BF.instanceOf, work) in graph and (item, BF.itemOf, instance) in graph
    (shelfmark,) = graph.objects(item, BF.shelfMark)
    assert (shelfmark, RDFS.label, rdflib.Literal("SX-0001")) in graph
    assert (work, DCTERMS.date, rdflib.Literal("1898-04", datatype=XSD.gYearMonth)) in graph
    sender = entity("mention", "m3")
    assert (sender, zr("inDocument"), work) in graph
    assert (sender, zr("refersTo"), entity("person", ZHANG)) in graph
    assert (sender, zr("role"), zr("SenderRole")) in graph
    assert (
        sender,
        zr("passage"),
        rdflib.Literal("阁下：前奉手书，敬悉一切。盛宫保近安。弟张之洞顿首。", lang="zh"),
    ) in graph
    assert (sender, PROV.wasAttributedTo, rdflib.URIRef(f"{BASE}agent/method/rule")) in graph
    contributors = {graph.value(c, BF.agent) for c in graph.objects(work, BF.contribution)}
    assert contributors == {entity("person", ZHANG), entity("person", SHENG)}  # sender and recipient


def test_an_agent_named_twice_in_one_role_is_one_contribution() -> None:
    """The catalogue names a letter's sender, and so does his signature: one bf:Contribution."""
    batch = sample_batch()
    signature = replace(batch.mentions[2], id="m3-catalogue", start=-1, end=-1, method="catalogue:发文者")
    graph = to_rdflib(document_triples(URIS, batch.documents[0], [*batch.mentions, signature]))
    contributions = set(graph.objects(entity("document", LETTER), BF.contribution))
    roles = sorted((str(graph.value(c, BF.agent)), str(graph.value(c, BF.role))) for c in contributions)
    assert len(contributions) == len(roles) == 2 and len(set(roles)) == 2
    assert len(set(graph.subjects(RDF.type, BF.Contribution))) == 2


def test_a_document_s_parts_path_reaches_every_subject_of_its_description() -> None:
    """A store replaces a document's description by what Uris.descriptions' path reaches from the
    Work: every subject the mapping writes for it (titles, Instance, Item, shelf mark,
    contributions, mentions) must be reached, or a rewrite would leave stale statements."""
    batch = sample_batch()
    statements = document_triples(URIS, batch.documents[0], batch.mentions)
    store = Store()
    store.extend(Quad(t.subject, t.predicate, t.object) for t in statements)
    work = entity("document", LETTER)
    rule = URIS.descriptions
    assert str(work).startswith(rule.prefix)
    reached = {row["s"].value for row in store.query(f"SELECT ?s WHERE {{ <{work}> ({rule.parts})? ?s }}")}
    written = {t.subject.value for t in statements}
    assert len(written) > 8 and written == reached


def test_a_merged_id_keeps_its_uri_and_names_the_survivor() -> None:
    graph = to_rdflib(merged_person_triples(URIS, "p_old", SHENG))
    old = entity("person", "p_old")
    assert (old, OWL.sameAs, entity("person", SHENG)) in graph
    assert (old, DCTERMS.isReplacedBy, entity("person", SHENG)) in graph
    assert (old, RDF.type, zr("MergedPerson")) in graph and (old, RDF.type, zr("Person")) not in graph


def test_a_curation_change_is_a_prov_activity() -> None:
    entry = AuditEntry(
        "a_1", "2026-12-06T10:00:00.000000+00:00", "王编目", "merge", {}, "同一人", Scope((SHENG,)),
        Snapshot(), Snapshot(), person_ids=[SHENG, "p_old"], undone_by="a_2",
    )  # fmt: skip
    graph = to_rdflib(audit_triples(URIS, entry))
    activity = entity("audit", "a_1")
    assert (activity, RDF.type, PROV.Activity) in graph
    time = rdflib.Literal("2026-12-06T10:00:00.000000+00:00", datatype=XSD.dateTime)
    assert (activity, PROV.startedAtTime, time) in graph
    assert (
        activity,
        PROV.wasAssociatedWith,
        rdflib.URIRef(f"{BASE}agent/curator/%E7%8E%8B%E7%BC%96%E7%9B%AE"),
    ) in graph
    assert set(graph.objects(activity, zr("changed"))) == {entity("person", SHENG), entity("person", "p_old")}
    assert (activity, zr("undoneBy"), entity("audit", "a_2")) in graph
    assert (activity, RDFS.comment, rdflib.Literal("同一人", lang="zh")) in graph


def test_the_demo_persons_carry_their_kin_and_correspondents(
    demo_graph: SqliteGraphStore, demo_triples: list[Triple]
) -> None:
    graph = to_rdflib(demo_triples)
    (sheng,) = graph.subjects(SKOS.prefLabel, rdflib.Literal("盛宣怀", lang="zh-Hans"))
    sheng_id = str(sheng).rsplit("/", 1)[1]
    relations = demo_graph.get_person(sheng_id).relations
    children = {entity("person", r.target_id) for r in relations if (r.type, r.source_id) == (FATHER_OF, sheng_id)}
    writers = {entity("person", r.source_id) for r in relations if (r.type, r.target_id) == (WROTE_TO, sheng_id)}
    assert len(children) >= 4 and set(graph.objects(sheng, zr("fatherOf"))) == children
    assert {child for child in children if (child, REL.childOf, sheng) in graph} == children
    assert len(writers) >= 3 and writers <= set(graph.subjects(zr("wroteTo"), sheng))
    assert (sheng, zr("courtesyName"), rdflib.Literal("杏荪", lang="zh-Hans")) in graph
    assert demo_graph.counts()["persons"] == len(set(graph.subjects(RDF.type, zr("Person"))))
