"""What the pages show, computed from graph records (kept out of templates so both stay simple).

A person page is read in a fixed number of store calls whatever its size: the record, its related
persons (:meth:`GraphStore.get_persons`), the mentions that attest its letters
(:meth:`GraphStore.get_mentions`) and every document involved (:meth:`GraphStore.get_documents`);
only the kinship tree walks further, one read per ancestor or child (app/kin_tree.py).
Labels are Chinese source text that the template translates (:class:`Reason` carries its
placeholders, :class:`zhiren.app.i18n.Term` marks those that are labels themselves).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from typing import Any, Literal
from urllib.parse import quote, urlsplit

from zhiren.app.i18n import Term
from zhiren.app.kin_tree import KinTree, is_placeholder, kin_tree
from zhiren.app.messages import VALUE_LABELS
from zhiren.authority.dates import hist_date
from zhiren.authority.kinship import term_for_other
from zhiren.authority.model import (
    Document,
    DocumentKind,
    HistDate,
    LinkStatus,
    Mention,
    MentionRole,
    Name,
    NameType,
    Person,
    PersonRecord,
    RelationType,
    Script,
)
from zhiren.authority.names import name_key
from zhiren.nlp.dates import find_dates
from zhiren.store.graph.base import GraphStore
from zhiren.store.search.entries import TAKES_SURNAME, shown_type
from zhiren.store.search.eras import reign_year_text
from zhiren.store.search.keys import surname_of

MENTION_LIMIT = 2000  # mentions a person page reads and lists, dated first
PASSAGE = 24  # characters shown either side of a mention
NAME_ORDER = [t.value for t in NameType]
EXTERNAL_LINKS = {  # scheme → (label, URL pattern); None: the id is a URI already (the Shanghai Library's)
    "cbdb": ("CBDB", "https://cbdb.fas.harvard.edu/cbdbapi/person.php?id={}"),
    "viaf": ("VIAF", "https://viaf.org/viaf/{}"),
    "wikidata": ("Wikidata", "https://www.wikidata.org/wiki/{}"),
    "shl": ("上海图书馆", None),
    # a person seeded from the DDBC authority (`zhiren ingest authority … --source ddbc`): the
    # ResourceTemplate of its biogref meta file (../shared/data/authority/ddbc)
    "ddbc": ("法鼓人名规范", "http://authority.dila.edu.tw/person/?fromInner={}"),
}
CONFIRMED = (LinkStatus.LINKED, LinkStatus.REVIEWED)


@dataclass
class Reason:
    """One sentence of evidence: Chinese source text with ``str.format`` placeholders."""

    text: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class DateView:
    text: str  # as the source wrote it (道光二十四年九月二十四日)
    iso: str | None  # the Western date (1844-11-02)

    @staticmethod
    def of(date: HistDate | None) -> DateView | None:
        if date is None:
            return None
        iso = date.iso()
        return DateView(date.text, iso if iso != date.text else None)


@dataclass
class NameView:
    text: str
    script: str
    romanisation: str  # pinyin / Wade-Giles
    preferred: bool


@dataclass
class Fact:
    """A dated fact about the person from a genealogy line (生于道光二十四年九月二十四日)."""

    text: str
    date: HistDate
    document_id: str


@dataclass
class MentionView:
    mention: Mention
    document: Document | None
    before: str
    after: str
    record: PersonRecord = field(repr=False, compare=False)

    @cached_property
    def reasons(self) -> list[Reason]:
        """Why the mention names the person; worked out only for the mentions a page shows (a
        person page lists 200 of up to 2,000 at a time)."""
        return explain(self.mention, self.record, self.document)

    @property
    def date(self) -> HistDate | None:
        return self.document.date if self.document else None


@dataclass
class DocumentMentions:
    """The person's mentions in one document, one row of the person page: a letter he sent and is
    named in is one document to a scholar, so its catalogue role and each passage naming him share
    a row (issue 21) rather than listing the letter once per mention."""

    views: list[MentionView]  # catalogue mentions first (no place in the text), then by place

    @property
    def first(self) -> MentionView:
        return self.views[0]

    @property
    def roles(self) -> list[tuple[MentionRole, int]]:
        """Each part the person has in the document and how many mentions give it, first seen first."""
        return list(Counter(v.mention.role for v in self.views).items())


def by_document(views: list[MentionView]) -> list[DocumentMentions]:
    """Mentions grouped by document, in the order the (date-sorted) ``views`` first reach each one."""
    groups: dict[str, list[MentionView]] = {}
    for view in views:
        groups.setdefault(view.mention.document_id, []).append(view)
    return [DocumentMentions(group) for group in groups.values()]


@dataclass
class Letter:
    document_id: str
    title: str
    date: HistDate | None
    outgoing: bool


@dataclass
class Correspondent:
    person_id: str
    name: str
    letters: list[Letter]

    def by_year(self) -> list[tuple[str, int]]:
        counts = Counter(str(letter.date.year) if letter.date and letter.date.year else "?" for letter in self.letters)
        return sorted(counts.items())


# What a timeline row is: a letter to or from the person, a life event, a genealogy fact, or a
# document that mentions the person (each a label of the message catalogue, app/messages.py).
TimelineKind = Literal["letter", "author", "event", "genealogy", "mention"]


@dataclass
class TimelineItem:
    date: HistDate
    kind: TimelineKind
    text: str
    document_id: str | None = None


@dataclass
class PersonPage:
    record: PersonRecord
    names: list[tuple[str, list[NameView]]]
    birth: DateView | None
    death: DateView | None
    external: list[tuple[str, str, str | None]]  # (label, id, url or None: shown as text)
    kin: KinTree
    correspondents: list[Correspondent]
    network: list[dict[str, Any]]
    timeline: list[TimelineItem]
    mentions: list[DocumentMentions]  # confirmed, one row per document by date
    suggestions: list[DocumentMentions]  # queued: the resolver could not decide

    @property
    def mention_count(self) -> int:
        """The confirmed mentions themselves, as the rows count documents."""
        return sum(len(row.views) for row in self.mentions)


# How a stored relation reads from each end: kin as the other's kin term (authority.kinship:
# 长子, 父, 妻 …), letters and authorship as below. Reverse kin is derived here, never stored.
RELATION_LABELS: dict[RelationType, tuple[str, str]] = {
    RelationType.WROTE_TO: ("致函", "来函"),
    RelationType.AUTHOR_OF: ("撰", "撰者"),
}


@dataclass
class RelatedPerson:
    label: str
    person_id: str
    name: str
    evidence: int


def related(record: PersonRecord, graph: GraphStore) -> dict[str, list[RelatedPerson]]:
    """Kin and correspondents grouped by how they read from this person (one read for all of them)."""
    me = record.person.id
    persons = graph.get_persons(sorted({r.target_id if r.source_id == me else r.source_id for r in record.relations}))
    groups: dict[str, list[RelatedPerson]] = {"kin": [], "correspondents": []}
    for relation in record.relations:
        outgoing = relation.source_id == me
        other = relation.target_id if outgoing else relation.source_id
        person = persons.get(other)
        term = term_for_other(relation, me, person.gender if person else None)
        label = term or RELATION_LABELS[relation.type][0 if outgoing else 1]
        group = "correspondents" if relation.type == RelationType.WROTE_TO else "kin"
        name = person.preferred_name if person else other
        groups[group].append(RelatedPerson(label, other, name, len(relation.evidence)))
    for people in groups.values():
        people.sort(key=lambda r: (r.label, -r.evidence, r.name))
    return groups


def person_page(record: PersonRecord, graph: GraphStore) -> PersonPage:
    me = record.person.id
    others = {r.target_id if r.source_id == me else r.source_id for r in record.relations}
    persons = graph.get_persons(sorted(others))
    # a letter's evidence is mostly the person's own sender/recipient mention, read with the record
    letter_mentions = {m.id: m for m in record.mentions}
    evidence = {m for r in record.relations if r.type == RelationType.WROTE_TO for m in r.evidence}
    if missing := sorted(evidence - letter_mentions.keys()):
        letter_mentions.update(graph.get_mentions(missing))
    documents = graph.get_documents(
        sorted({m.document_id for m in record.mentions} | {m.document_id for m in letter_mentions.values()})
    )
    facts = genealogy_facts(record, documents)
    views = [_mention_view(m, documents.get(m.document_id), record) for m in record.mentions]
    views.sort(key=lambda v: (_date_key(v.date), v.mention.document_id, v.mention.start))
    correspondents = _correspondents(record, persons, letter_mentions, documents)
    return PersonPage(
        record=record,
        names=_names(record.names),
        birth=_life_date(record.person.birth, facts, "生"),
        death=_life_date(record.person.death, facts, "卒殁故"),
        external=_external(record.person),
        kin=kin_tree(record, persons, graph),
        correspondents=correspondents,
        network=_network(record.person, correspondents, graph),
        timeline=_timeline(record.person, facts, views),
        mentions=by_document([v for v in views if v.mention.status in CONFIRMED]),
        suggestions=by_document([v for v in views if v.mention.status == LinkStatus.QUEUED]),
    )


def _date_key(date: HistDate | None) -> tuple[int, int, int, int]:
    if date is None or date.year is None:
        return (1, 0, 0, 0)
    return (0, date.year, date.month or 0, date.day or 0)


def _names(names: list[Name]) -> list[tuple[str, list[NameView]]]:
    """Names grouped by type in a fixed order; a Latin-script name is a romanisation whatever it was typed."""
    groups: dict[str, list[NameView]] = defaultdict(list)
    for name in names:
        kind = shown_type(name).value
        romanisation = " / ".join(r for r in (name.pinyin, name.wade_giles) if r and r != name.text)
        groups[kind].append(NameView(name.text, name.script.value, romanisation, name.preferred))
    for views in groups.values():
        views.sort(key=lambda v: (not v.preferred, v.script != Script.SIMPLIFIED.value, v.text))
    return sorted(groups.items(), key=lambda item: NAME_ORDER.index(item[0]) if item[0] in NAME_ORDER else 99)


def _external(person: Person) -> list[tuple[str, str, str | None]]:
    """(label, id, link) of each authority the person is in. The id is percent-encoded into the
    authority's URL, and a URI id is a link only when it is http(s): an ingest's ``--source`` takes
    any text, and ``javascript:`` must never become a link. No link: the id is shown as text."""
    found: list[tuple[str, str, str | None]] = []
    for scheme, (label, pattern) in EXTERNAL_LINKS.items():
        value = person.external_ids.get(scheme)
        if not value:
            continue
        if pattern is not None:
            found.append((label, value, pattern.format(quote(value, safe=""))))
        else:
            found.append((label, value, value if urlsplit(value).scheme in ("http", "https") else None))
    return found


_TOKEN = re.compile(r"\S+")


def genealogy_facts(record: PersonRecord, documents: dict[str, Document]) -> list[Fact]:
    """Dated facts of the person's own lines in genealogies (the line a lineage mention starts)."""
    facts = []
    for mention in record.mentions:
        document = documents.get(mention.document_id)
        if document is None or document.kind != DocumentKind.GENEALOGY or mention.role != MentionRole.SUBJECT:
            continue
        line_start = document.text.rfind("\n", 0, mention.start) + 1
        line_end = document.text.find("\n", mention.start)
        line = document.text[line_start : line_end if line_end >= 0 else len(document.text)]
        tokens = [(t.start(), t.end(), t.group()) for t in _TOKEN.finditer(line)]
        for found in find_dates(line):
            if found.error is not None or found.year is None:
                continue
            token = next((text for start, end, text in tokens if start <= found.start < end), found.text)
            facts.append(Fact(token, hist_date(found.text, found), document.id))
    return facts


def _life_date(stored: HistDate | None, facts: list[Fact], verbs: str) -> DateView | None:
    """The stored date, or the genealogy's reign-era wording of it when it says more (a day, not a
    year); else the stored date as pages show dates (:func:`shown_date`)."""
    for fact in facts:
        fits = stored is None or stored.year is None or fact.date.year == stored.year
        if fact.text[:1] in verbs and fits and (stored is None or len(fact.date.iso() or "") > len(stored.iso() or "")):
            return DateView(fact.date.text, fact.date.iso())
    return None if stored is None else shown_date(stored.text, stored.iso())


def shown_date(text: str, iso: str | None) -> DateView:
    """A date as a page shows it: a bare Western year (an authority's 1916) as the reign year that
    counted it with the year beside it (民国五年 (1916)), when one reign alone did
    (eras.reign_year_text); any other date as the source wrote it, with its Western date."""
    if text.strip().isdigit() and (reign := reign_year_text(int(text))):
        return DateView(reign, text.strip())
    return DateView(text, iso if iso != text else None)


# --- why a mention was linked, in words ----------------------------------------------------

_WITHIN_LIFE = "文献年代为{date}年，在其生卒年（{span}）之内"
_OUTSIDE_LIFE = "文献年代为{date}年，在其生卒年（{span}）之外"
_FEATURE_REASONS = {
    "only_candidate": "没有别人有此名",
    "same_document": "此人已在本文献中出现",
    "kin_or_correspondent": "本文献提到其亲属或通信人",
    "native_place": "籍贯相符",
    "surname_agrees": "姓氏相符",
}


def explain(mention: Mention, record: PersonRecord, document: Document | None) -> list[Reason]:
    """Why ``mention`` names this person, as a historian reads it, from the features the resolver stored."""
    if mention.status == LinkStatus.REVIEWED:
        return [Reason("由编目员确认")]
    if mention.method == "lineage":
        return [Reason("家谱世系中此人本行")]
    candidates = mention.features.get("candidates") or []
    mine = next((c for c in candidates if c.get("person_id") == record.person.id), None)
    if mine is None:
        return [Reason("链接方式：{method}", {"method": mention.method})]
    reasons = []
    features: dict[str, float] = mine.get("features", {})
    key = name_key(mention.surface)
    matched = [n for n in record.names if n.key == key]
    if matched:
        type_ = Term(matched[0].type)
        reasons.append(Reason("名称「{surface}」为其{type}", {"surface": mention.surface, "type": type_}))
    elif "name" in features:
        reasons.append(_name_form(mention.surface, record))
    for feature in features:
        if feature.startswith("catalogue_"):
            role = feature.removeprefix("catalogue_")
            reasons.append(Reason("目录著录其为{role}", {"role": Term(role)}))
        elif feature in _FEATURE_REASONS:
            reasons.append(Reason(_FEATURE_REASONS[feature]))
    life = features.get("life_dates")
    if life is not None and document is not None and document.date is not None:
        span = _life_span(record.person)
        reasons.append(
            Reason(
                _WITHIN_LIFE if life > 0 else _OUTSIDE_LIFE,
                {"date": document.date.year or document.date.text, "span": span},
            )
        )
    if mention.status == LinkStatus.QUEUED:
        reasons.append(Reason("得分 {score:.2f}，待审核", {"score": mine.get("score", mention.confidence)}))
    return reasons


def _name_form(surface: str, record: PersonRecord) -> Reason:
    """How a surface that is none of the person's names is made from one, in the words a historian
    uses: the surname before a 字 or 号 (盛杏荪), a 名 without the surname (宣怀), the surname before
    an office or honorific (盛京堂), a character of a name (宣 signing a telegram, 杏翁); else the
    general "part of a name or an honorific" (宫保)."""
    key = name_key(surface)
    surname = surname_of(record.person.preferred_name)
    names = [n for n in record.names if n.script != Script.LATIN and n.key]
    given = {  # a 名 without the surname: 宣怀 of 盛宣怀
        n.id: n.key[len(surname) :] for n in names if n.type == NameType.GIVEN and surname and n.key.startswith(surname)
    }
    params: dict[str, Any] = {"surface": surface}
    for n in names:
        if surname and n.type in TAKES_SURNAME and key == surname + n.key:
            return Reason("「{surface}」为姓加其{type}「{name}」", params | {"type": Term(n.type), "name": n.text})
    for n in names:
        if key and given.get(n.id) == key:
            return Reason("「{surface}」为其{type}「{name}」省去姓氏", params | {"type": Term(n.type), "name": n.text})
    if surname and key.startswith(surname) and len(key) > len(surname):
        return Reason("「{surface}」为其姓加称谓「{title}」", params | {"title": surface[len(surname) :]})
    for n in names:
        part = given.get(n.id, n.key)
        if key and part and key[0] == part[0]:
            return Reason(
                "「{surface}」取其{type}「{name}」的「{char}」字",
                params | {"type": Term(n.type), "name": n.text, "char": surface[0]},
            )
    return Reason("「{surface}」指称其名号的一部分或尊称", params)


def _life_span(person: Person) -> str:
    def year(date: HistDate | None) -> str:
        return str(date.year) if date and date.year else "?"

    return f"{year(person.birth)}–{year(person.death)}"


def _mention_view(mention: Mention, document: Document | None, record: PersonRecord) -> MentionView:
    text = document.text if document else ""
    inside = 0 <= mention.start < mention.end <= len(text)
    before = text[max(0, mention.start - PASSAGE) : mention.start] if inside else ""
    after = text[mention.end : mention.end + PASSAGE] if inside else ""
    return MentionView(mention, document, before, after, record)


# --- letters, correspondents, network, timeline -----------------------------------------------


def _correspondents(
    record: PersonRecord,
    persons: dict[str, Person],
    letter_mentions: dict[str, Mention],
    documents: dict[str, Document],
) -> list[Correspondent]:
    """Each correspondent with the letters between the two, either way, dated first."""
    me = record.person.id
    found: dict[str, Correspondent] = {}
    for relation in record.relations:
        if relation.type != RelationType.WROTE_TO:
            continue
        outgoing = relation.source_id == me
        other = relation.target_id if outgoing else relation.source_id
        person = persons.get(other)
        if person is None or is_placeholder(person.preferred_name):
            continue
        entry = found.setdefault(other, Correspondent(other, person.preferred_name, []))
        seen = {letter.document_id for letter in entry.letters}
        for mention_id in relation.evidence:
            mention = letter_mentions.get(mention_id)
            document = documents.get(mention.document_id) if mention else None
            if document is not None and document.id not in seen:
                seen.add(document.id)
                entry.letters.append(Letter(document.id, document.title, document.date, outgoing))
    for entry in found.values():
        entry.letters.sort(key=lambda letter: (_date_key(letter.date), letter.document_id))
    return sorted(found.values(), key=lambda c: (-len(c.letters), c.name))


def _network(person: Person, correspondents: list[Correspondent], graph: GraphStore) -> list[dict[str, Any]]:
    """Cytoscape elements: the person, each correspondent (edge weight = letters), and the letters
    between correspondents themselves (one store call)."""
    ids = [c.person_id for c in correspondents]
    nodes = [{"data": {"id": person.id, "label": person.preferred_name, "self": 1}}]
    nodes += [{"data": {"id": c.person_id, "label": c.name}} for c in correspondents]
    edges = [
        {
            "data": {
                "id": f"{person.id}~{c.person_id}",
                "source": person.id,
                "target": c.person_id,
                "letters": len(c.letters),
            }
        }
        for c in correspondents
    ]
    among = graph.relations_among(ids) if len(ids) > 1 else set()
    pairs = sorted({tuple(sorted(pair)) for pair in among})
    edges += [{"data": {"id": f"{a}~{b}", "source": a, "target": b, "letters": 0}} for a, b in pairs]
    return nodes + edges


def _timeline(person: Person, facts: list[Fact], views: list[MentionView]) -> list[TimelineItem]:
    items = []
    for label, date in (("生", person.birth), ("卒", person.death)):
        told = any(f.text.startswith(label) and date and f.date.year == date.year for f in facts)
        if date is not None and date.year is not None and not told:
            items.append(TimelineItem(date, "event", label))
    items += [TimelineItem(f.date, "genealogy", f.text, f.document_id) for f in facts]
    # a document once (the person page's rows), by the part the person has in it: a letter he
    # wrote or received, a work he wrote (唐文治's 茹经堂文稿), else one that names him
    for row in by_document(views):
        document = row.first.document
        if document is None or document.date is None or document.date.year is None:
            continue
        if document.kind == DocumentKind.GENEALOGY:
            continue
        played = {role for role, _ in row.roles}
        kind: TimelineKind = (
            "letter"
            if played & {MentionRole.SENDER, MentionRole.RECIPIENT}
            else "author"
            if MentionRole.AUTHOR in played
            else "mention"
        )
        items.append(TimelineItem(document.date, kind, document.title, document.id))
    items.sort(key=lambda item: (_date_key(item.date), item.kind, item.text))
    return items


# --- the person as JSON ----------------------------------------------------------------------


def person_json(record: PersonRecord, uri: str) -> dict[str, Any]:
    """What the download gives: the record with every id, so a citation or a script finds each piece again."""
    return {
        "uri": uri,
        **asdict(record.person),
        "names": [asdict(n) for n in record.names],
        "relations": [asdict(r) for r in record.relations],
        "mentions": [asdict(m) for m in record.mentions],
    }


# --- document page ----------------------------------------------------------------------------

# meta keys the page shows as links or not at all (the union catalogue's working data)
_META_SHOWN_ELSEWHERE = frozenset(
    {"work", "record", "volumes", "file", "holdings", "doubtful", "key", "same_library", "union_decisions"}
)
# The order a catalogue reader expects the fields in, as the sources give them: a genealogy
# catalogue's (责任者 谱籍 堂号 … 收藏者 提要) and the Sheng archive's (年号 文种 版本类型 数量 尺寸).
# The store keeps a document's fields sorted by code point (卷数 提要 收藏者 版本 谱籍 责任者);
# fields not listed follow in that order.
_META_ORDER = (
    "责任者", "谱籍", "堂号", "始祖", "始迁祖", "名人", "年号", "文种", "版本", "版本类型",
    "卷数", "数量", "尺寸", "pages", "收藏者", "提要",
)  # fmt: skip


@dataclass
class Segment:
    text: str
    mention: Mention | None = None
    suggestion: str | None = None  # a queued mention's best candidate, shown as a suggestion only


@dataclass
class LineageNode:
    """A line of a 世系 text, under its father's line: the person named and the rest of the line."""

    mention: Mention
    generation: str
    rest: str
    children: list[LineageNode] = field(default_factory=list)


@dataclass
class DocumentPage:
    doc: Document
    segments: list[Segment]
    catalogue: list[Mention]  # 发文者/收文者 as the catalogue gives them (no offsets in the text)
    suggestions: list[Segment]
    names: dict[str, str]  # person id → preferred name, for the links' titles
    meta: list[tuple[str, Any]]
    text_heading: str  # 原文, or the field the text is (a catalogue record's text is its 提要)
    collection: str | None  # none when it only repeats the kind (家谱 · 家谱)
    links: dict[str, list[tuple[str, str]]]  # "work" / "record" / "volumes" → [(document id, title)]
    holdings: list[Holding]
    lineage: list[LineageNode]


def _suggestion(mention: Mention) -> str | None:
    candidates = mention.features.get("candidates") or []
    return str(candidates[0].get("name")) if candidates and candidates[0].get("name") else None


def document_page(doc: Document, mentions: list[Mention], graph: GraphStore) -> DocumentPage:
    linked = [m for m in mentions if m.person_id and m.status in CONFIRMED]
    persons = graph.get_persons(sorted({m.person_id for m in linked if m.person_id}))
    placeholder = {pid for pid, p in persons.items() if is_placeholder(p.preferred_name)}
    shown = [
        m if m.person_id not in placeholder else replace(m, person_id=None, status=LinkStatus.UNLINKED)
        for m in mentions
    ]
    cut = segments(doc, shown)
    for segment in cut:
        if segment.mention is not None and segment.mention.status == LinkStatus.QUEUED:
            segment.suggestion = _suggestion(segment.mention)
    meta = doc.meta
    related_ids = [meta["work"]] if meta.get("work") else []
    related_ids += [meta["record"]] if meta.get("record") else []
    related_ids += list(meta.get("volumes", []))
    related = graph.get_documents(related_ids)

    def titled(ids: list[str]) -> list[tuple[str, str]]:
        return [(i, related[i].title if i in related else i) for i in ids]

    # a catalogue value the page shows already is not repeated: as a person (责任者 唐文治, the 作者
    # above), or as the text (a record's 提要, which the text section then is headed)
    catalogued = [m.surface for m in shown if m.start < 0]
    text_field = next((k for k, v in meta.items() if doc.text and v == doc.text), None)
    fields = [(k, v) for k, v in meta.items() if k not in _META_SHOWN_ELSEWHERE and k != text_field]
    order = {k: i for i, k in enumerate(_META_ORDER)}

    return DocumentPage(
        doc=doc,
        segments=cut,
        catalogue=[m for m in shown if m.start < 0],
        suggestions=[s for s in cut if s.suggestion],
        names={pid: p.preferred_name for pid, p in persons.items()},
        meta=sorted(((k, v) for k, v in fields if v not in catalogued), key=lambda kv: order.get(kv[0], len(order))),
        text_heading=text_field or "原文",
        collection=doc.collection if doc.collection != VALUE_LABELS.get(doc.kind.value) else None,
        links={
            "work": titled([meta["work"]] if meta.get("work") else []),
            "record": titled([meta["record"]] if meta.get("record") else []),
            "volumes": titled(list(meta.get("volumes", []))),
        },
        holdings=holdings(doc, graph) if doc.kind == DocumentKind.WORK else [],
        lineage=lineage_tree(doc, shown, graph) if doc.kind == DocumentKind.GENEALOGY else [],
    )


_GENERATION = re.compile(r"^\s*(第.{1,4}世)\s*[:：]?\s*$")


def lineage_tree(doc: Document, mentions: list[Mention], graph: GraphStore) -> list[LineageNode]:
    """The 世系 text as a tree: each person's line under the line of the father the graph records."""
    subjects = sorted(
        (m for m in mentions if m.person_id and m.role == MentionRole.SUBJECT and m.start >= 0), key=lambda m: m.start
    )
    nodes: dict[str, LineageNode] = {}
    generation = ""
    position = 0
    for line in doc.text.splitlines(keepends=True):
        header = _GENERATION.match(line)
        if header:
            generation = header.group(1)
        for mention in subjects:
            if position <= mention.start < position + len(line) and mention.person_id not in nodes:
                rest = line[mention.end - position :].strip()
                nodes[mention.person_id or ""] = LineageNode(mention, generation, rest)
        position += len(line)
    # an edge between two lines of different generations, from the earlier line, is the father's
    # (the store answers untyped pairs; letters between father and son run both ways)
    pairs = graph.relations_among(list(nodes))
    roots: list[LineageNode] = []
    for person_id, node in nodes.items():
        parent = next(
            (
                source
                for source, target in sorted(pairs)
                if target == person_id
                and source in nodes
                and nodes[source].mention.start < node.mention.start
                and nodes[source].generation != node.generation
            ),
            None,
        )
        (nodes[parent].children if parent else roots).append(node)
    return roots


def segments(document: Document, mentions: list[Mention]) -> list[Segment]:
    """The text cut into plain runs and mention runs (overlaps dropped, longest first wins)."""
    spans = sorted(
        (m for m in mentions if 0 <= m.start < m.end <= len(document.text)), key=lambda m: (m.start, -(m.end - m.start))
    )
    out, cursor = [], 0
    for mention in spans:
        if mention.start < cursor:
            continue
        if mention.start > cursor:
            out.append(Segment(document.text[cursor : mention.start]))
        out.append(Segment(document.text[mention.start : mention.end], mention))
        cursor = mention.end
    if cursor < len(document.text):
        out.append(Segment(document.text[cursor:]))
    return out


@dataclass
class Holding:
    library: str
    records: list[tuple[str, str]]  # (record id, title as that library wrote it)


def holdings(document: Document, graph: GraphStore) -> list[Holding]:
    """A union-catalogue work's holdings, each library with its records (one store call)."""
    ids = [rid for holding in document.meta.get("holdings", []) for rid in holding["records"]]
    found = graph.get_documents(ids)
    return [
        Holding(h["library"] or "?", [(rid, found[rid].title if rid in found else rid) for rid in h["records"]])
        for h in document.meta.get("holdings", [])
    ]
