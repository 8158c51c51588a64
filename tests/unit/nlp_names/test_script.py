"""Script folding: simplified output, and never a moved offset."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from zhiren.nlp.script import to_simplified


def test_traditional_names_fold_to_simplified() -> None:
    assert to_simplified("盛宣懷致曾國藩函") == "盛宣怀致曾国藩函"


def test_phrase_reading_kept_where_length_allows() -> None:
    # Character by character 乾 would become 干; OpenCC's phrase table keeps 乾隆.
    assert to_simplified("乾隆二十年") == "乾隆二十年"


def test_full_width_letters_digits_and_space_fold_but_punctuation_stays() -> None:
    assert to_simplified("ＡＢ１２ｃ（李）　！") == "AB12c（李） ！"


def test_variant_characters_fold() -> None:
    assert to_simplified("羗堃秊煇") == "羌坤年辉"


def test_compatibility_ideograph_folds_to_unified_then_simplified() -> None:
    assert to_simplified("\uf91d\ufa0c") == "栏兀"


def test_simplified_text_is_unchanged() -> None:
    text = "盛宣怀，字杏荪，号愚斋。"
    assert to_simplified(text) == text


def test_empty() -> None:
    assert to_simplified("") == ""


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x2FFFF), max_size=200))
def test_length_is_always_preserved(text: str) -> None:
    assert len(to_simplified(text)) == len(text)


@given(st.text(alphabet="盛宣懷國藩乾隆於著髮後臺灣\n。！", max_size=80))
def test_folding_is_per_position(text: str) -> None:
    # Each output character depends only on its own sentence, never on a shift.
    folded = to_simplified(text)
    for i, ch in enumerate(text):
        if ch in "\n。！":
            assert folded[i] == ch
