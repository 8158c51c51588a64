"""Romanisation of names: surname readings, Wade-Giles spelling, display forms."""

from __future__ import annotations

import pytest

from zhiren.nlp.romanize import Romanized, display_forms, pinyin, wade_giles


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("盛宣怀", "sheng xuan huai"),
        ("曾国藩", "zeng guo fan"),
        ("单雄信", "shan xiong xin"),
        ("仇英", "qiu ying"),
        ("解缙", "xie jin"),
        ("区寄", "ou ji"),
        ("查继佐", "zha ji zuo"),
        ("尉迟敬德", "yu chi jing de"),
        ("吕坤", "lu kun"),
    ],
)
def test_pinyin_reads_surnames_as_surnames(name: str, expected: str) -> None:
    assert pinyin(name) == expected


def test_traditional_input_reads_the_same() -> None:
    assert pinyin("盛宣懷") == pinyin("盛宣怀")
    assert wade_giles("曾國藩") == "tseng kuo fan"


def test_surname_reading_only_when_there_is_a_surname() -> None:
    assert pinyin("曾经", has_surname=False) == "ceng jing"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("盛宣怀", "sheng hsuan huai"),
        ("曾国藩", "tseng kuo fan"),
        ("张之洞", "chang chih tung"),
        ("钱大昕", "chien ta hsin"),
        ("司马光", "ssu ma kuang"),
        ("诸葛亮", "chu ko liang"),
        ("袁世凯", "yuan shih kai"),
        ("阮元", "juan yuan"),
        ("左宗棠", "tso tsung tang"),
        ("刘坤一", "liu kun i"),
        ("谢", "hsieh"),
        ("郭嵩焘", "kuo sung tao"),
        ("邓小平", "teng hsiao ping"),
    ],
)
def test_wade_giles_keys(name: str, expected: str) -> None:
    assert wade_giles(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("盛宣怀", Romanized("Sheng Xuanhuai", "Sheng Hsuan-huai")),
        ("曾國藩", Romanized("Zeng Guofan", "Tseng Kuo-fan")),
        ("钱大昕", Romanized("Qian Daxin", "Ch'ien Ta-hsin")),
        ("欧阳修", Romanized("Ouyang Xiu", "Ou-yang Hsiu")),
        ("张嘉璈", Romanized("Zhang Jia'ao", "Chang Chia-ao")),
        ("吕坤", Romanized("Lü Kun", "Lü K'un")),
        ("瞿鸿禨", Romanized("Qu Hongji", "Ch'ü Hung-chi")),
    ],
)
def test_display_forms(name: str, expected: Romanized) -> None:
    assert display_forms(name) == expected


def test_courtesy_name_has_no_surname_part() -> None:
    assert display_forms("涤生", has_surname=False) == Romanized("Disheng", "Ti-sheng")


def test_non_han_characters_are_dropped() -> None:
    assert pinyin("盛□怀") == "sheng huai"
