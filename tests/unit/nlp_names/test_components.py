"""Each spaCy component alone on a blank character pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

import zhiren.nlp.components  # noqa: F401
from zhiren.nlp.char_tokens import blank_pipeline
from zhiren.nlp.components import (
    FORMULAS,
    GAZETTEER,
    HONORIFICS,
    KIND_COMPONENTS,
    LETTERS,
    SPAN_GROUPS,
    found_in,
    pipeline_gazetteer,
    rule_names,
)
from zhiren.nlp.gazetteer import NameEntry

DATA = Path(__file__).with_name("data")
GOLD = DATA / "late_qing_gold.jsonl"
LINEAGE = Path(__file__).parents[3] / "ingest" / "demo" / "sheng_lineage.txt"


def only(component: str) -> Language:
    pipeline = blank_pipeline()
    pipeline.add_pipe(component)
    return pipeline


def test_gazetteer_component_is_updated_at_run_time() -> None:
    pipeline = only(GAZETTEER)
    assert list(pipeline("盛宣怀致电").spans[GAZETTEER]) == []
    gazetteer = pipeline_gazetteer(pipeline)
    assert gazetteer is not None
    gazetteer.add([NameEntry("盛宣怀", "p1", "盛宣怀")])
    doc = pipeline("盛宣怀致电")
    (span,) = doc.spans[GAZETTEER]
    assert (span.text, span.label_, span.kb_id_) == ("盛宣怀", "full", "p1")


def test_formulas_component_types_the_names() -> None:
    doc = only(FORMULAS)("公讳国藩，字伯涵。妣彭氏。")
    assert [(s.text, s.label_) for s in doc.spans[FORMULAS]] == [
        ("国藩", "taboo"), ("伯涵", "courtesy"), ("彭氏", "kin")
    ]  # fmt: skip


@pytest.mark.parametrize(("kind", "expected"), [("genealogy", ["延志", "宏衮"]), ("text", [])])
def test_lineage_rules_run_for_genealogies_only(kind: str, expected: list[str]) -> None:
    doc = only(FORMULAS)("延志 宏衮三子 配汪氏", component_cfg={FORMULAS: {"kind": kind}})
    lineage = [f for f in found_in(doc, FORMULAS) if f.method == "lineage"]
    assert sorted(doc.text[f.start : f.end] for f in lineage) == sorted(expected)


def test_honorifics_component_accepts_names_declared_in_the_same_text() -> None:
    doc = only(HONORIFICS)("考讳麟书，字竹亭。竹亭公粹然儒者。")
    assert [s.text for s in doc.spans[HONORIFICS]] == ["竹亭公"]


def test_letters_component_marks_sender_and_recipient() -> None:
    doc = only(LETTERS)("杏荪仁兄大人阁下：……弟宣怀顿首。")
    assert [(f.role, doc.text[f.start : f.end]) for f in found_in(doc, LETTERS)] == [
        ("recipient", "杏荪"), ("sender", "宣怀")
    ]  # fmt: skip


@pytest.mark.parametrize("kind", ["letter", "genealogy", "text"])
def test_rule_names_find_what_the_components_find(kind: str) -> None:
    """The fast mode runs the finders without a Doc: it must find what the pipeline does."""
    pipeline = blank_pipeline(features=False)
    for component in (GAZETTEER, FORMULAS, HONORIFICS, LETTERS):
        pipeline.add_pipe(component)
    gazetteer = pipeline_gazetteer(pipeline)
    assert gazetteer is not None
    gazetteer.add([NameEntry("盛宣怀", "p1", "盛宣怀", "full"), NameEntry("杏荪", "p1", "盛宣怀", "courtesy")])
    texts = [json.loads(line)["text"] for line in GOLD.read_text(encoding="utf-8").splitlines()]
    texts.append(LINEAGE.read_text(encoding="utf-8")[:4000])
    texts.append("杏荪仁兄大人阁下：盛宫保命竹亭公往晤。考讳麟书，字竹亭。弟宣怀顿首。")
    cfg = {name: {"kind": kind} for name in KIND_COMPONENTS}
    for doc, text in zip(pipeline.pipe(texts, component_cfg=cfg), texts, strict=True):
        expected = [f for group in SPAN_GROUPS for f in found_in(doc, group)]
        assert rule_names(text, kind, gazetteer) == expected
        assert expected  # every text has names, so the comparison says something
