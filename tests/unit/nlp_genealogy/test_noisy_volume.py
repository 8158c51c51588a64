"""The real volume with the issue's OCR confusions injected: the parse must come out the same.

The confusions (宇 for 字, 入 for 八, 戎 for 戊, 已 for 巳, 成 for 戌, 牛 for 年, 平 for 十) are
put where the issue saw them, so this measures repair, not a literal parse.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import shared_data
from tests.unit.nlp_genealogy.scoring import load_expected, score
from zhiren.nlp.genealogy import LineageResult, parse_lineage

STEMS = "甲乙丙丁戊己庚辛壬癸"

# (pattern, group to replace, replacement): each keeps the text's length.
NOISE = [
    (re.compile(r"^\S+ \S+子 (?:\S*?)(字)(?=[^（\s]{2}[\s号])", re.M), "宇"),  # courtesy 字
    (re.compile(r"(八)月"), "入"),
    (re.compile(r"(戊)[子寅辰午申戌]年"), "戎"),
    (re.compile(rf"[{STEMS}](巳)年"), "已"),
    (re.compile(rf"[{STEMS}](戌)年"), "成"),
    (re.compile(rf"[{STEMS}][子丑寅卯辰巳午未申酉戌亥](年)"), "牛"),
    (re.compile(r"月[二三](十)[一二三四五六七八九]日"), "平"),
]


def add_noise(text: str) -> tuple[str, int]:
    """The text with every listed confusion applied in its context; and how many were made."""
    chars = list(text)
    made = 0
    for pattern, wrong in NOISE:
        for match in pattern.finditer(text):
            chars[match.start(1)] = wrong
            made += 1
    return "".join(chars), made


@pytest.fixture(scope="module")
def clean_and_noisy() -> tuple[LineageResult, LineageResult, str]:
    text = shared_data("genealogy/tongcheng-wu-vol01.txt").read_text(encoding="utf-8")
    noisy, made = add_noise(text)
    assert made > 300
    return parse_lineage(text, surname="吴"), parse_lineage(noisy, surname="吴"), noisy


def test_scores_hold_under_noise(
    clean_and_noisy: tuple[LineageResult, LineageResult, str], capsys: pytest.CaptureFixture[str]
) -> None:
    clean, noisy, _ = clean_and_noisy
    expected = load_expected()
    before, after = score(clean, expected), score(noisy, expected)
    with capsys.disabled():
        print()
        for field in before:
            print(f"  with OCR noise {field:14s} {after[field]}")
    for field in ("person", "father_link", "courtesy_name", "sons", "spouses"):
        assert after[field].f1 >= before[field].f1 - 0.01, field


def test_dates_read_the_same_under_noise(clean_and_noisy: tuple[LineageResult, LineageResult, str]) -> None:
    clean, noisy, _ = clean_and_noisy
    pairs = list(zip(clean.persons, noisy.persons, strict=True))
    for a, b in pairs:
        for x, y in ((a.birth, b.birth), (a.death, b.death)):
            assert (x and x.date and x.date.date) == (y and y.date and y.date.date), (a.local_id, x, y)
    read = sum(1 for a, _ in pairs if a.birth and a.birth.date and a.birth.date.date)
    assert read > 100


def test_repairs_keep_the_original(clean_and_noisy: tuple[LineageResult, LineageResult, str]) -> None:
    _, noisy, text = clean_and_noisy
    rules = {r.rule for r in noisy.repairs}
    assert {"zi-courtesy-name", "month-ba", "ganzhi-stem", "ganzhi-branch", "nian-after-ganzhi", "day-shi"} <= rules
    for repair in noisy.repairs:
        assert text[repair.offset] == repair.original
    assert len(noisy.repairs) > 300
