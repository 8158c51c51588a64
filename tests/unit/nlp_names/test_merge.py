"""Settling overlapping finds."""

from __future__ import annotations

from zhiren.nlp.found import Found
from zhiren.nlp.merge import settle


def test_same_span_combines_kind_person_and_role() -> None:
    letter = Found(0, 2, "courtesy", "letter", 0.85, role="recipient")
    gaz = Found(0, 2, "full", "gazetteer", 0.9, person_id="p1", person_name="盛宣怀")
    (f,) = settle([gaz, letter])
    assert (f.name_type, f.person_id, f.role, f.method) == ("courtesy", "p1", "recipient", "letter")
    assert f.score > 0.85


def test_overlap_goes_to_the_more_specific_method() -> None:
    rule = Found(0, 4, "full", "honorific", 0.85, normalized="江忠源")
    ner = Found(2, 4, "given", "ner", 0.8)
    assert settle([ner, rule]) == [rule._replace(score=0.85)]


def test_result_is_in_text_order_and_disjoint() -> None:
    found = [Found(5, 7, "given", "ner", 0.8), Found(0, 3, "full", "ner", 0.8), Found(2, 4, "x", "ner", 0.8)]
    kept = settle(found)
    assert [(f.start, f.end) for f in kept] == [(0, 3), (5, 7)]


def test_of_two_readings_from_one_place_the_one_a_clause_mark_follows_wins() -> None:
    """提督何绍彩，: the post's reading 何绍彩 ends at the comma; the model's 何绍 (scored higher)
    stops inside the name."""
    text = "总兵沈宏富、提督何绍彩，分别发往"
    post, model = Found(8, 11, "full", "apposition", 0.75), Found(8, 10, "full", "ner", 0.8)
    assert [text[f.start : f.end] for f in settle([post, model], text)] == ["何绍彩"]
    assert [text[f.start : f.end] for f in settle([post, model])] == ["何绍"]  # without the text, the score
