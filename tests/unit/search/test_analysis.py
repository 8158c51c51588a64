"""Search analysis units: pinned outputs (both backends rank on them)."""

from __future__ import annotations

from zhiren.store.search.analysis import name_units, suggest_keys, text_units
from zhiren.store.search.query import parse

SHENG_UNITS = (
    "盛宣 宣怀 盛宣怀 盛 宣 怀 sheng xuan huai xuanhuai shengxuanhuai sheng hsuan huai hsuanhuai shenghsuanhuai"
)


def test_name_units_are_bigrams_whole_name_characters_and_romanisations() -> None:
    assert name_units(["盛宣懷"]) == SHENG_UNITS
    assert name_units(["Ch'ien Mu", ""]) == "ch ien mu chien mu"


def test_text_units_are_folded_overlapping_bigrams_and_each_runs_last_character() -> None:
    assert text_units("盛宣懷字杏蓀") == "盛宣 宣怀 怀字 字杏 杏荪 荪"
    assert text_units("王曰：鸿。Li 2") == "王曰 曰 鸿 li 2"  # a one-character run is its own token, once
    assert text_units("盛宣懷字杏蓀" * 10).startswith("盛宣 宣怀 怀字 字杏 杏荪 荪盛 盛宣")  # past the cached length


def test_known_romanisations_are_used_as_given() -> None:
    known = {"杏蓀": ("xing sun", "hsing sun")}
    assert name_units(["杏蓀"], known) == "杏荪 杏荪 杏 荪 xing sun sun xingsun hsing sun sun hsingsun"
    assert suggest_keys("杏蓀", *known["杏蓀"]) == ("杏荪", "xingsun", "hsingsun")


def test_a_wade_giles_key_equal_to_the_pinyin_is_indexed_once() -> None:
    """Else such a name's syllables count twice for BM25 against once for 盛宣怀's."""
    known = {"黄荪礼": ("huang sun li", "huang sun li")}
    assert name_units(["黄荪礼"], known) == "黄荪 荪礼 黄荪礼 黄 荪 礼 huang sun li sunli huangsunli"
    assert suggest_keys("黄荪礼", *known["黄荪礼"]) == ("黄荪礼", "huangsunli")


def test_a_name_is_cut_from_the_form_a_query_folds_it_to() -> None:
    """Folding is not idempotent (乾闥婆 → 乾闼婆, but 乾闼 alone → 干闼): a name is folded once, as a query is."""
    query = parse("乾闥婆").clauses[0].alternatives[0][0].tokens
    units = name_units(["乾闥婆"]).split()
    assert query == ("乾闼", "闼婆") and units[: len(query)] == list(query)
