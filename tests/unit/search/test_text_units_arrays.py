"""Long Han texts are cut with arrays (store.search.analysis._han_units): the same tokens as the
rule written out run by run, for every kind of character a letter holds."""

from __future__ import annotations

import random
import re

import pytest

from zhiren.store.search.analysis import fold, text_units

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3007"


def by_runs(text: str) -> str:
    """The rule: each Han run's bigrams, then its last character alone (a run of one: itself)."""
    tokens: list[str] = []
    for run in re.findall(rf"[{_HAN}]+", fold(text)):
        tokens += [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]
    return " ".join(tokens)


ALPHABET = [*"盛宣怀杏荪〇㐀𠀀𫠝豈", *"，。：《》 \n　ー"]


@pytest.mark.parametrize("seed", range(40))
def test_a_long_text_gives_each_runs_bigrams_then_its_last_character(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(64, 400)))
    assert text_units(text) == by_runs(text)


def test_a_letter_gives_the_same_tokens_as_the_rule() -> None:
    letter = "杏荪仁兄大人阁下：昨奉手书，敬悉一切。铁路借款之事，已与诸公商妥，〇〇再行电告。" * 3
    assert text_units(letter) == by_runs(letter)
    assert text_units(letter).startswith("杏荪 荪仁 仁兄 兄大 大人 人阁 阁下 下 昨奉")


def test_a_long_text_with_latin_words_keeps_them_whole() -> None:
    text = "Sheng Hsuan-huai 盛宣怀致张之洞函，光绪22年。" * 4
    assert "sheng" in text_units(text).split()
    assert "盛宣 宣怀 怀致" in text_units(text)


def test_a_long_text_without_han_gives_no_tokens() -> None:
    assert text_units("，。：" * 40) == ""
