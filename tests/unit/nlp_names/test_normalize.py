"""Normalisation with OCR-repair hooks."""

from __future__ import annotations

import re

import pytest

from zhiren.nlp.extract import Extractor
from zhiren.nlp.normalize import LengthChanged, normalize

_YU = re.compile("宇(?=[\u4e00-\u9fff]{2}[，。 ])")


def yu_for_zi(text: str) -> tuple[str, list[tuple[int, str]]]:
    """A certain repair for the test: 宇 before a two-character name is 字."""
    return _YU.sub("字", text), [(m.start(), "宇→字") for m in _YU.finditer(text)]


def test_folding_then_repairs_with_their_log() -> None:
    text, log = normalize("延志 宏衮三子 宇鳳山 生", [yu_for_zi])
    assert text == "延志 宏衮三子 字凤山 生"
    assert log == [(8, "宇→字")]


def drop_first(text: str) -> tuple[str, list[object]]:
    return text[1:], []


def test_a_hook_that_changes_the_length_is_refused() -> None:
    with pytest.raises(LengthChanged, match="drop_first"):
        normalize("宇凤山", [drop_first])


def test_extractor_reads_the_repaired_text_but_reports_the_given_one() -> None:
    extractor = Extractor(statistical=False, ocr_repairs=[yu_for_zi])
    text = "延志 宏衮三子 宇鳳山 生于康熙甲戌年"
    (mention,) = [m for m in extractor.extract(text)["mentions"] if m["name_type"] == "courtesy"]
    assert (mention["text"], mention["normalized"], mention["start"]) == ("鳳山", "凤山", 9)
