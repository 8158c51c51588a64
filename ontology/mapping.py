"""The graph as RDF: domain objects in, triples out (ontology/zhiren.ttl says what each term means).

Each person and relation is one named graph, so a change rewrites whole graphs:
- a person's graph holds the person, its names, life data and external sameAs links;
- a relation's graph holds the statement (and the rel: inverse on the other person) and the
  relationship node with its confidence and evidence: an archive's owner is the source of tens of
  thousands of relations, and a letter adds to one of them, so it must not rewrite his graph;
- a merged-away id keeps a small graph saying owl:sameAs / dcterms:isReplacedBy the survivor;
- an audit entry's graph holds the curation activity;
- an agent (a linking method or a curator) is described once, in its own graph.
A document (the Work, its Instance and Item, and its mentions as evidence) is a *described
resource* instead (:class:`Descriptions`): its statements are in no graph of their own, and a
store replaces them by following :func:`document_parts` from the Work (why: documents are most of
an archive's statements; store.triples.quads.DescriptionRule gives the measurement).
Entity URIs are ``{base}person/{id}`` and so on, ``base`` being ZHIREN_BASE_URI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, unquote

from pyoxigraph import Literal, NamedNode, Triple

from zhiren.authority.curation.audit import AuditEntry
from zhiren.authority.model import (
    Document,
    DocumentKind,
    HistDate,
    Mention,
    MentionRole,
    Name,
    NameType,
    Person,
    PersonRecord,
    Precision,
    Relation,
    RelationType,
    Script,
)

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SKOSXL = "http://www.w3.org/2008/05/skos-xl#"
FOAF = "http://xmlns.com/foaf/0.1/"
SCHEMA = "http://schema.org/"
BF = "http://id.loc.gov/ontologies/bibframe/"
REL = "http://purl.org/vocab/relationship/"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
RELATORS = "http://id.loc.gov/vocabulary/relators/"

# BCP 47 tags: script of Chinese text, and the two romanisations (registered variants).
SCRIPT_TAGS = {Script.SIMPLIFIED: "zh-Hans", Script.TRADITIONAL: "zh-Hant", Script.LATIN: "zh-Latn"}
PINYIN_TAG = "zh-Latn-pinyin"
WADE_GILES_TAG = "zh-Latn-wadegile"
TEXT_TAG = "zh"  # titles, passages and texts whose script is not recorded

NAME_TYPES: dict[NameType, tuple[str, str]] = {  # name type → (concept, person → literal shortcut)
    NameType.GIVEN: ("GivenName", "givenName"),
    NameType.COURTESY: ("CourtesyName", "courtesyName"),
    NameType.ART: ("ArtName", "artName"),
    NameType.TABOO: ("TabooName", "tabooName"),
    NameType.POSTHUMOUS: ("PosthumousName", "posthumousName"),
    NameType.ALIAS: ("AliasName", "aliasName"),
    NameType.CHILDHOOD: ("ChildhoodName", "childhoodName"),
    NameType.TITLE: ("TitleName", "titleName"),
    NameType.ROMANISED: ("RomanisedName", "romanisedName"),
}
DOCUMENT_CLASSES = {
    DocumentKind.LETTER: "Letter",
    DocumentKind.TELEGRAM: "Telegram",
    DocumentKind.MANUSCRIPT: "Manuscript",
    DocumentKind.GENEALOGY: "GenealogyVolume",
    DocumentKind.RECORD: "CatalogueRecord",
    DocumentKind.WORK: "GenealogyWork",
}
ROLES = {
    MentionRole.SUBJECT: "SubjectRole",
    MentionRole.SENDER: "SenderRole",
    MentionRole.RECIPIENT: "RecipientRole",
    MentionRole.AUTHOR: "AuthorRole",
    MentionRole.KIN: "KinRole",
    MentionRole.MENTIONED: "MentionedRole",
}
# Roles that make the person a contributor of the Work (BIBFRAME contribution, MARC relator).
CONTRIBUTOR_ROLES = {MentionRole.SENDER: "aut", MentionRole.AUTHOR: "aut", MentionRole.RECIPIENT: "rcp"}
# relation type → (direct property, the property stated back from the other person or None)
RELATIONS: dict[RelationType, tuple[str, str | None]] = {
    RelationType.FATHER_OF: ("zr:fatherOf", REL + "childOf"),
    RelationType.MOTHER_OF: ("zr:motherOf", REL + "childOf"),
    RelationType.SPOUSE_OF: (REL + "spouseOf", REL + "spouseOf"),
    RelationType.SIBLING_OF: (REL + "siblingOf", REL + "siblingOf"),
    RelationType.WROTE_TO: ("zr:wroteTo", None),
    RelationType.AUTHOR_OF: ("zr:authorOf", None),
}
# Document.meta keys (either script) → property; other keys stay in the graph store only.
META_PROPERTIES = {
    "责任者": BF + "responsibilityStatement",
    "責任者": BF + "responsibilityStatement",
    "提要": DCTERMS + "abstract",
    "版本": BF + "editionStatement",
    "卷数": BF + "extent",
    "數量": BF + "extent",
    "数量": BF + "extent",
    "尺寸": BF + "dimensions",
    "文种": "zr:documentType",
    "版本类型": "zr:copyType",
    "年号": "zr:reignPeriod",
    "谱籍": "zr:genealogyPlace",
    "收藏者": "zr:holder",
}
# External authorities: id → URI. Values that already are URIs are kept as they are.
EXTERNAL_URIS = {
    "cbdb": "https://cbdb.fas.harvard.edu/cbdbapi/person.php?id={}",
    "viaf": "http://viaf.org/viaf/{}",
    "wikidata": "http://www.wikidata.org/entity/{}",
    "shl": "http://data.library.sh.cn/entity/person/{}",
    "ddbc": "http://authority.dila.edu.tw/person/?fromInner={}",
}
PASSAGE_CONTEXT = 20  # characters either side of a mention in its passage
_DATE_TYPES = {
    p: NamedNode(XSD + t)
    for p, t in ((Precision.YEAR, "gYear"), (Precision.MONTH, "gYearMonth"), (Precision.DAY, "date"))
}
DECIMAL, INTEGER, DATE_TIME = (NamedNode(XSD + t) for t in ("decimal", "integer", "dateTime"))


def document_parts(vocab: str) -> str:
    """The SPARQL property path from a document's Work to the other subjects of its description:
    its titles, its Instance, Item and shelf mark, its contributions, and its mentions
    (``document_triples``; a test checks that it reaches every subject the mapping writes). Every
    subject it reaches belongs to that document alone (a mention's id holds its document's), as a
    store replacing the description removes every statement of each."""
    instance = f"<{BF}hasInstance>"
    return "|".join(
        (
            f"<{BF}title>",
            f"<{BF}contribution>",
            instance,
            f"{instance}/<{BF}hasItem>",
            f"{instance}/<{BF}hasItem>/<{BF}shelfMark>",
            f"^<{vocab}inDocument>",
        )
    )


@dataclass(frozen=True)
class Descriptions:
    """The documents as described resources (store.triples.quads.DescriptionRule): a key of a sync
    starting with ``prefix`` is a Work's IRI, its statements those of ``parts`` from it; a store
    whose default graph is the union of its named graphs (Fuseki) keeps them all in ``graph``."""

    prefix: str
    parts: str
    graph: str


class Uris:
    """Every IRI the mapping writes, for one base URI (ZHIREN_BASE_URI, ending with a slash)."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith("/") else base + "/"
        self.vocab = self.base + "ontology#"
        self.descriptions = Descriptions(
            prefix=self.base + "document/",
            parts=document_parts(self.vocab),
            graph=self.base + "graph/documents",
        )
        self._cache: dict[str, NamedNode] = {}

    def term(self, name: str) -> NamedNode:
        """``zr:Person`` (our vocabulary) or a full IRI, interned."""
        node = self._cache.get(name)
        if node is None:
            node = NamedNode(self.vocab + name[3:] if name.startswith("zr:") else name)
            self._cache[name] = node
        return node

    def entity(self, kind: str, identifier: str) -> NamedNode:
        return NamedNode(f"{self.base}{kind}/{quote(identifier, safe='')}")

    def graph(self, kind: str, identifier: str) -> str:
        """The named graph of one person, relation or audit entry."""
        return f"{self.base}graph/{kind}/{quote(identifier, safe='')}"

    def agent(self, kind: str, name: str) -> NamedNode:
        return NamedNode(f"{self.base}agent/{kind}/{quote(name, safe='')}")


class _Out:
    """Collects triples with short calls: ``out.add(s, "zr:surface", Literal(...))``."""

    def __init__(self, uris: Uris) -> None:
        self.uris, self.triples = uris, list[Triple]()
        self._type = uris.term(RDF + "type")

    def add(self, subject: NamedNode, predicate: str, obj: NamedNode | Literal) -> None:
        self.triples.append(Triple(subject, self.uris.term(predicate), obj))

    def types(self, subject: NamedNode, *classes: str) -> None:
        for name in classes:
            self.triples.append(Triple(subject, self._type, self.uris.term(name)))

    def text(self, subject: NamedNode, predicate: str, value: str | None, language: str = TEXT_TAG) -> None:
        if value:
            self.add(subject, predicate, Literal(value, language=language))

    def plain(self, subject: NamedNode, predicate: str, value: str | None) -> None:
        """A string in no human language: codes, shelf marks, user and method names."""
        if value:
            self.add(subject, predicate, Literal(value))


def _date(value: HistDate) -> Literal | None:
    """The Gregorian date at its precision (xsd:gYear, xsd:gYearMonth or xsd:date)."""
    iso = value.iso()
    if iso is None or value.year is None or value.year < 1:
        return None
    precision = value.precision or (Precision.DAY if value.day else Precision.MONTH if value.month else Precision.YEAR)
    return Literal(iso, datatype=_DATE_TYPES[precision])


def _decimal(value: float) -> Literal:
    """A confidence to four places, in the lexical form Oxigraph reads back (0.95, 1): the embedded
    store rewrites a graph by comparing its statements with what it holds, byte for byte."""
    return Literal(f"{value:.4f}".rstrip("0").rstrip(".") or "0", datatype=DECIMAL)


def _dates(out: _Out, subject: NamedNode, value: HistDate | None, predicate: str, text_predicate: str) -> None:
    if value is None:
        return
    literal = _date(value)
    if literal is not None:
        out.add(subject, predicate, literal)
    out.text(subject, text_predicate, value.text)


def person_triples(uris: Uris, record: PersonRecord) -> list[Triple]:
    """A live person: identity, names, life data and external links (its relations have graphs of their own)."""
    out = _Out(uris)
    person = record.person
    node = uris.entity("person", person.id)
    out.types(node, "zr:Person", FOAF + "Person", SCHEMA + "Person")
    preferred = next((n for n in record.names if n.preferred), None)
    label_tag = SCRIPT_TAGS[preferred.script] if preferred else "zh-Hans"
    for predicate in (SKOS + "prefLabel", RDFS + "label", FOAF + "name"):
        out.add(node, predicate, Literal(person.preferred_name, language=label_tag))
    for name in record.names:
        _name(out, node, name)
    _dates(out, node, person.birth, SCHEMA + "birthDate", "zr:birthDateText")
    _dates(out, node, person.death, SCHEMA + "deathDate", "zr:deathDateText")
    if person.gender:
        out.plain(node, FOAF + "gender", person.gender)
    out.text(node, "zr:floruit", person.floruit)
    out.text(node, "zr:nativePlace", person.native_place)
    out.add(node, "zr:curationStatus", Literal(person.status))
    _external(out, node, person)
    return out.triples


def person_description(uris: Uris, record: PersonRecord) -> list[Triple]:
    """What the person's URI answers: its own graph and the graphs of the relations it is the source of."""
    relations = (relation_triples(uris, r) for r in record.relations if r.source_id == record.person.id)
    return person_triples(uris, record) + [t for triples in relations for t in triples]


def _name(out: _Out, person: NamedNode, name: Name) -> None:
    uris = out.uris
    node = uris.entity("name", name.id)
    concept, shortcut = NAME_TYPES[name.type]
    tag = SCRIPT_TAGS[name.script]
    out.types(node, "zr:Name", SKOSXL + "Label")
    out.add(node, SKOSXL + "literalForm", Literal(name.text, language=tag))
    out.add(node, "zr:nameType", uris.term("zr:" + concept))
    out.add(node, "zr:nameOf", person)
    out.add(node, "zr:isPreferred", Literal(name.preferred))
    out.text(node, "zr:pinyin", name.pinyin, PINYIN_TAG)
    out.text(node, "zr:wadeGiles", name.wade_giles, WADE_GILES_TAG)
    out.add(person, "zr:hasName", node)
    out.add(person, "zr:" + shortcut, Literal(name.text, language=tag))
    out.add(person, SKOSXL + ("prefLabel" if name.preferred else "altLabel"), node)


def _external(out: _Out, node: NamedNode, person: Person) -> None:
    for source, value in sorted(person.external_ids.items()):
        template = EXTERNAL_URIS.get(source)
        if value.startswith(("http://", "https://")):
            out.add(node, OWL + "sameAs", NamedNode(value))
        elif template is not None:
            out.add(node, OWL + "sameAs", NamedNode(template.format(quote(value, safe=""))))
        else:
            out.add(node, DCTERMS + "identifier", Literal(f"{source}:{value}"))


def relation_triples(uris: Uris, relation: Relation) -> list[Triple]:
    """A relation between two persons: the direct statement, its inverse where the rel: vocabulary
    has one, and the relationship node (PROV) with confidence, date and the mentions that attest it."""
    out = _Out(uris)
    source, target = uris.entity("person", relation.source_id), uris.entity("person", relation.target_id)
    direct, inverse = RELATIONS[relation.type]
    out.add(source, direct, target)
    if inverse is not None:
        out.add(target, inverse, source)
    node = uris.entity("relation", relation.id)
    out.types(node, "zr:Relationship")
    out.add(node, "zr:relationSubject", source)
    out.add(node, "zr:relationProperty", uris.term(direct))
    out.add(node, "zr:relationObject", target)
    out.add(node, "zr:confidence", _decimal(relation.confidence))
    for mention_id in relation.evidence:
        out.add(node, PROV + "wasDerivedFrom", uris.entity("mention", mention_id))
    if relation.date is not None and (literal := _date(relation.date)) is not None:
        out.add(node, DCTERMS + "date", literal)
    order = relation.attributes.get("birth_order")
    if isinstance(order, int):
        out.add(node, "zr:birthOrder", Literal(str(order), datatype=INTEGER))
    out.text(node, "zr:relationKind", str(relation.attributes.get("kind") or ""))
    return out.triples


def merged_person_triples(uris: Uris, merged_id: str, survivor_id: str) -> list[Triple]:
    """An id merged away: it keeps its URI, which now says which person it is."""
    out = _Out(uris)
    node, survivor = uris.entity("person", merged_id), uris.entity("person", survivor_id)
    out.types(node, "zr:MergedPerson")
    out.add(node, OWL + "sameAs", survivor)
    out.add(node, DCTERMS + "isReplacedBy", survivor)
    out.add(node, "zr:curationStatus", Literal("merged"))
    return out.triples


def document_triples(uris: Uris, document: Document, mentions: Iterable[Mention]) -> list[Triple]:
    """The Work with its Instance and Item (BIBFRAME 2.0), and every mention in it as evidence."""
    out = _Out(uris)
    work = uris.entity("document", document.id)
    instance, item = NamedNode(work.value + "#instance"), NamedNode(work.value + "#item")
    out.types(work, "zr:Document", "zr:" + DOCUMENT_CLASSES[document.kind], BF + "Work")
    out.text(work, DCTERMS + "title", document.title)
    out.text(work, RDFS + "label", document.title)
    title = NamedNode(work.value + "#title")
    out.types(title, BF + "Title")
    out.text(title, BF + "mainTitle", document.title)
    out.add(work, BF + "title", title)
    _dates(out, work, document.date, DCTERMS + "date", "zr:dateText")
    out.text(work, "zr:collection", document.collection)
    out.text(work, "zr:fullText", document.text)
    for key, value in sorted(document.meta.items()):
        predicate = META_PROPERTIES.get(key)
        if predicate is not None and isinstance(value, str | int):
            out.text(work, predicate, str(value))
    record = document.meta.get("record")
    if isinstance(record, str) and record:
        out.add(work, DCTERMS + "isPartOf", uris.entity("document", record))
    out.types(instance, BF + "Instance")
    out.add(instance, BF + "instanceOf", work)
    out.add(work, BF + "hasInstance", instance)
    out.types(item, BF + "Item")
    out.add(item, BF + "itemOf", instance)
    out.add(instance, BF + "hasItem", item)
    if document.shelfmark:
        shelfmark = NamedNode(work.value + "#shelfmark")
        out.types(shelfmark, BF + "ShelfMark")
        out.plain(shelfmark, RDFS + "label", document.shelfmark)
        out.add(item, BF + "shelfMark", shelfmark)
    contributions: set[NamedNode] = set()
    for mention in mentions:
        _mention(out, work, document.text, mention, contributions)
    return out.triples


def _mention(out: _Out, work: NamedNode, text: str, mention: Mention, contributions: set[NamedNode]) -> None:
    uris = out.uris
    node = uris.entity("mention", mention.id)
    out.types(node, "zr:Mention")
    out.add(node, "zr:inDocument", work)
    out.text(node, "zr:surface", mention.surface)
    out.add(node, "zr:role", uris.term("zr:" + ROLES[mention.role]))
    out.add(node, "zr:linkStatus", Literal(str(mention.status)))
    out.plain(node, "zr:linkMethod", mention.method)
    out.add(node, "zr:confidence", _decimal(mention.confidence))
    out.add(node, PROV + "wasAttributedTo", mention_agent(uris, mention))
    if 0 <= mention.start < mention.end <= len(text):
        out.add(node, "zr:start", Literal(str(mention.start), datatype=INTEGER))
        out.add(node, "zr:end", Literal(str(mention.end), datatype=INTEGER))
        passage = text[max(0, mention.start - PASSAGE_CONTEXT) : mention.end + PASSAGE_CONTEXT]
        out.text(node, "zr:passage", passage)
    if mention.person_id and mention.status not in ("rejected", "unlinked"):
        person = uris.entity("person", mention.person_id)
        out.add(node, "zr:refersTo", person)
        relator = CONTRIBUTOR_ROLES.get(mention.role)
        if relator is not None:
            # One per agent and role: a letter's catalogue names its sender, and so does his signature.
            contribution = NamedNode(f"{work.value}#contribution-{relator}-{quote(mention.person_id, safe='')}")
            if contribution in contributions:
                return
            contributions.add(contribution)
            out.types(contribution, BF + "Contribution")
            out.add(contribution, BF + "agent", person)
            out.add(contribution, BF + "role", NamedNode(RELATORS + relator))
            out.add(work, BF + "contribution", contribution)


def mention_agent(uris: Uris, mention: Mention) -> NamedNode:
    """Who made a mention's link: the rule, catalogue field or model (a software agent), or a curator."""
    return uris.agent("curator" if mention.status == "reviewed" else "method", mention.method)


def agent_graph(uris: Uris, agent: NamedNode) -> tuple[str, list[Triple]]:
    """An agent (``{base}agent/{kind}/{name}``) described once, in its own graph: many documents'
    mentions and many curation entries point to it, and a dump must not repeat its triples."""
    out = _Out(uris)
    kind, _, name = agent.value[len(uris.base) + len("agent/") :].partition("/")
    out.types(agent, PROV + "Agent", *([PROV + "SoftwareAgent"] if kind == "method" else []))
    out.plain(agent, RDFS + "label", unquote(name))
    return uris.graph("agent", f"{kind}/{unquote(name)}"), out.triples


def agents_of(uris: Uris, mentions: Iterable[Mention] = (), entries: Iterable[AuditEntry] = ()) -> set[NamedNode]:
    """The agents that documents' mentions and curation entries point to."""
    found = {mention_agent(uris, m) for m in mentions}
    return found | {uris.agent("curator", e.actor or "unknown") for e in entries}


def audit_triples(uris: Uris, entry: AuditEntry) -> list[Triple]:
    """One curation change as a PROV activity: who, what, when, why, which persons."""
    out = _Out(uris)
    node = uris.entity("audit", entry.id)
    out.types(node, "zr:CurationActivity", PROV + "Activity")
    out.add(node, PROV + "startedAtTime", Literal(entry.at, datatype=DATE_TIME))
    out.add(node, PROV + "wasAssociatedWith", uris.agent("curator", entry.actor or "unknown"))
    out.add(node, "zr:operation", Literal(entry.operation))
    out.text(node, RDFS + "comment", entry.reason)
    for person_id in entry.person_ids:
        out.add(node, "zr:changed", uris.entity("person", person_id))
    if entry.undoes:
        out.add(node, "zr:undoes", uris.entity("audit", entry.undoes))
    if entry.undone_by:
        out.add(node, "zr:undoneBy", uris.entity("audit", entry.undone_by))
    return out.triples
