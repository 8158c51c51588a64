"""Sentence pieces for nlp.pipe."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from zhiren.nlp.chunks import chunks


@given(st.text(alphabet="盛宣怀。，！\n a", max_size=2000), st.integers(min_value=4, max_value=300))
def test_pieces_cover_the_text_exactly_and_respect_the_limit(text: str, limit: int) -> None:
    pieces = list(chunks(text, limit))
    assert "".join(p for _, p in pieces) == text
    assert all(text[o : o + len(p)] == p and 0 < len(p) <= limit for o, p in pieces)


def test_a_ten_megabyte_line_is_cut() -> None:
    pieces = list(chunks("李" * 10_000_000))
    assert len(pieces) == 10_000_000 // 300 + 1


def test_sentences_are_kept_whole_when_they_fit() -> None:
    text = "甲" * 140 + "。" + "乙" * 200 + "。"
    assert [len(p) for _, p in chunks(text)] == [141, 201]
