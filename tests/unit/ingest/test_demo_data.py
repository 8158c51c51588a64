"""The demo corpus as a scholar reads it: each item of the right kind, each person in the right role.

The Sheng items are letters and telegrams (the format's 文种 函/电/禀/札, each with a sender and a
recipient); a diary belongs with the manuscripts. A manuscript that is no letter (a diary, an
essay) names persons as its author or in its text, never as a letter's sender or recipient, or
the person's timeline would call it a letter.
"""

from __future__ import annotations

from tests.demo_rdf import demo_graph
from zhiren.authority.model import DocumentKind, MentionRole
from zhiren.ingest.demo_corpus import DEMO_DIR
from zhiren.ingest.readers.sheng import read_sheng
from zhiren.store.graph.sqlite import SqliteGraphStore

__all__ = ["demo_graph"]  # the module-scoped demo graph fixture, used below
LETTER_ROLES = {MentionRole.SENDER, MentionRole.RECIPIENT}
LETTER_MANUSCRIPTS = {"啬翁手札（演示）"}  # 手札: a letter in the writer's hand, addressed 杏荪宫保阁下


def test_every_sheng_item_is_a_letter_or_telegram_between_two_persons() -> None:
    problems: list[object] = []
    items = list(read_sheng(DEMO_DIR / "sheng_items.csv", problems))
    assert problems == [] and len(items) == 33
    for item in items:
        roles = {name.role for name in item.names}
        assert roles == LETTER_ROLES, (item.document.shelfmark, item.document.title)
        assert "日记" not in item.document.title and item.document.title[-1] in "函电禀札", item.document.title


def test_manuscripts_that_are_no_letters_have_no_sender_or_recipient(demo_graph: SqliteGraphStore) -> None:
    graph = demo_graph
    manuscripts = [d for page in graph.iter_documents(kind=DocumentKind.MANUSCRIPT) for d in page]
    assert {d.title for d in manuscripts} >= {"茹经堂文稿（演示）", "愚斋日记（演示）"}
    for document, mentions in graph.documents_with_mentions([d.id for d in manuscripts]).values():
        if document.title in LETTER_MANUSCRIPTS:
            continue
        wrong = [(m.surface, m.role.value) for m in mentions if m.role in LETTER_ROLES]
        assert wrong == [], document.title
    essay = next(d for d in manuscripts if d.title == "茹经堂文稿（演示）")
    [(_, mentions)] = graph.documents_with_mentions([essay.id]).values()
    assert [(m.surface, m.role) for m in mentions if m.surface == "盛杏荪"] == [("盛杏荪", MentionRole.MENTIONED)]
