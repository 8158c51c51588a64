"""Tiny hand-made authority used by contract tests: 盛宣怀, his father 盛康, two correspondents."""

from __future__ import annotations

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
    Precision,
    Relation,
    RelationType,
)
from zhiren.authority.names import build_name
from zhiren.store.graph.base import GraphBatch

SHENG, SHENG_KANG, ZHANG, LI = "p_sheng", "p_shengkang", "p_zhang", "p_li"
LETTER = "d_letter1"
LETTER_TEXT = "杏蓀仁兄大人阁下：前奉手书，敬悉一切。盛宫保近安。弟张之洞顿首。"


def name(person_id: str, text: str, type_: NameType, preferred: bool = False) -> Name:
    return build_name(person_id, text, type_, preferred=preferred)


def sample_batch() -> GraphBatch:
    persons = [
        Person(
            SHENG,
            "盛宣怀",
            gender="male",
            birth=HistDate("道光二十四年", 1844, precision=Precision.YEAR),
            death=HistDate("民国五年", 1916, precision=Precision.YEAR),
            native_place="武进",
        ),
        Person(SHENG_KANG, "盛康", gender="male"),
        Person(ZHANG, "张之洞", gender="male", birth=HistDate("道光十七年", 1837, precision=Precision.YEAR)),
        Person(LI, "李鸿章", gender="male"),
    ]
    names = [
        name(SHENG, "盛宣怀", NameType.GIVEN, preferred=True),
        name(SHENG, "杏蓀", NameType.COURTESY),
        name(SHENG, "愚斋", NameType.ART),
        name(SHENG, "盛宫保", NameType.TITLE),
        name(SHENG_KANG, "盛康", NameType.GIVEN, preferred=True),
        name(ZHANG, "张之洞", NameType.GIVEN, preferred=True),
        name(ZHANG, "香涛", NameType.COURTESY),
        name(LI, "李鸿章", NameType.GIVEN, preferred=True),
    ]
    document = Document(
        LETTER,
        DocumentKind.LETTER,
        "张之洞致盛宣怀函",
        LETTER_TEXT,
        date=HistDate("光绪二十四年三月", 1898, 4, precision=Precision.MONTH),
        collection="盛宣怀档案",
        shelfmark="SX-0001",
    )
    mentions = [
        Mention("m1", LETTER, 0, 2, "杏蓀", SHENG, MentionRole.RECIPIENT, "rule", 0.95),
        Mention("m2", LETTER, 19, 22, "盛宫保", SHENG, MentionRole.MENTIONED, "gazetteer", 0.9),
        Mention("m3", LETTER, 26, 29, "张之洞", ZHANG, MentionRole.SENDER, "rule", 0.99),
    ]
    relations = [
        Relation("r_father", RelationType.FATHER_OF, SHENG_KANG, SHENG, evidence=["m1"]),
        Relation("r_wrote", RelationType.WROTE_TO, ZHANG, SHENG, evidence=["m3"]),
        Relation("r_li", RelationType.WROTE_TO, LI, ZHANG, evidence=[]),
    ]
    return GraphBatch(persons, names, [document], mentions, relations)


def queued_mention() -> Mention:
    """盛宫保 in the sample letter, queued with 盛宣怀 as the one candidate the resolver could not decide."""
    at = LETTER_TEXT.index("盛宫保")
    candidates = [{"person_id": SHENG, "name": "盛宣怀", "score": 0.6, "features": {"name": 0.6}}]
    return Mention(
        "m_q",
        LETTER,
        at,
        at + 3,
        "盛宫保",
        None,
        confidence=0.6,
        status=LinkStatus.QUEUED,
        features={"candidates": candidates},
    )
