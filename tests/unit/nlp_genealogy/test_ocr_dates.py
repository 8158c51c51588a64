"""Birth years through the OCR noise that broke them in a held-out volume (issue 22, item 5).

The real volume's birth dates are misread the ways the issue lists — a reign title with a
look-alike character (乾降, 嘉床), a 干支 with one (甲戍, 丁已, 两子), numerals (卜 for 十, 匕 for
七), 牛 for 年 — each birth line getting the misreadings its text allows.  The misreadings are
written here by hand, not drawn from the parser's shape table, so the test does not grade the
table against itself.  Birth years must come out as from the clean text (≥ 0.97), and persons,
fathers and 字 must hold (≥ 0.97), every repair logged with the original character.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import shared_data
from tests.unit.nlp_genealogy.scoring import load_expected, score
from zhiren.nlp.dates import parse_date
from zhiren.nlp.genealogy import LineageResult, parse_lineage

# Misreadings by shape, in birth dates only (the clause before 生): what → as what.
REIGN_MISREADINGS = {"乾隆": "乾降", "嘉庆": "嘉床", "康熙": "康照", "雍正": "雍止", "顺治": "顺冶", "崇正": "祟正",
                     "道光": "道先", "万历": "万厉", "天启": "开启"}  # fmt: skip
GANZHI_MISREADINGS = {"戌": "戍", "巳": "已", "戊": "戎", "丙": "两", "壬": "王", "午": "牛", "未": "末", "辰": "晨"}
NUMERAL_MISREADINGS = {"十": "卜", "七": "匕", "八": "入"}
_BIRTH = re.compile(r"(?<=\s)(\S{2,4}?)(\S{1,4}年)(\S*?)生")


def misread(text: str) -> tuple[str, int]:
    """The text with each birth date's reign, 干支 and numerals misread; how many characters changed."""
    changed = 0

    def one(m: re.Match[str]) -> str:
        nonlocal changed
        reign, year, rest = m.group(1), m.group(2), m.group(3)
        new_reign = REIGN_MISREADINGS.get(reign, reign)
        new_year = "".join(GANZHI_MISREADINGS.get(ch, NUMERAL_MISREADINGS.get(ch, ch)) for ch in year)
        changed += sum(a != b for a, b in zip(reign + year, new_reign + new_year, strict=True))
        return f"{new_reign}{new_year}{rest}生"

    return _BIRTH.sub(one, text), changed


@pytest.fixture(scope="module")
def clean_and_misread() -> tuple[LineageResult, LineageResult, str]:
    text = shared_data("genealogy/tongcheng-wu-vol01.txt").read_text(encoding="utf-8")
    noisy, changed = misread(text)
    assert changed > 150
    return parse_lineage(text, surname="吴"), parse_lineage(noisy, surname="吴"), noisy


def test_birth_years_survive_misread_dates(
    clean_and_misread: tuple[LineageResult, LineageResult, str], capsys: pytest.CaptureFixture[str]
) -> None:
    clean, noisy, _ = clean_and_misread
    pairs = [(a, b) for a, b in zip(clean.persons, noisy.persons, strict=True) if a.birth and a.birth.date]
    years = [(a.birth.date.year, b.birth.date.year if b.birth and b.birth.date else None) for a, b in pairs]  # type: ignore[union-attr]
    accuracy = sum(x == y for x, y in years) / len(years)
    expected = load_expected()
    after = score(noisy, expected)
    with capsys.disabled():
        print(f"\n  misread birth dates: birth-year accuracy {accuracy:.3f} over {len(years)} births")
        for field in ("person", "father_link", "courtesy_name"):
            print(f"  misread birth dates: {field:14s} {after[field]}")
    assert accuracy >= 0.97
    for field in ("person", "father_link", "courtesy_name"):
        assert after[field].f1 >= 0.97, field


def test_every_repair_keeps_the_original(clean_and_misread: tuple[LineageResult, LineageResult, str]) -> None:
    _, noisy, text = clean_and_misread
    rules = {r.rule for r in noisy.repairs}
    assert {"reign-title", "ganzhi-stem", "ganzhi-branch", "numeral-lookalike"} <= rules
    for repair in noisy.repairs:
        assert text[repair.offset] == repair.original


@pytest.mark.parametrize(
    ("text", "year", "rule"),
    [
        ("嘉床三年戊午", 1798, "reign-title"),
        ("雍止三年", 1725, "reign-title"),
        ("乾陸丙子年", 1756, "reign-title"),
        ("乾隆二卜一年丙子", 1756, "numeral-lookalike"),
        ("乾隆二十一牛丙子", 1756, "nian-after-number"),
        ("康熙王午年", 1702, "ganzhi-stem"),
        ("崇正乙卯年十一月十五日", 1639, "ganzhi-lookalike-in-reign"),  # no 乙卯 in 1628-1644; 己卯 is 1639
    ],
)
def test_unseen_misreadings_are_read_through_the_shape_table(text: str, year: int, rule: str) -> None:
    parsed = parse_date(text)
    assert parsed.year == year and parsed.error is None
    assert rule in {r.rule for r in parsed.repairs}


def test_hou_before_a_ganzhi_is_its_later_occurrence_in_the_reign() -> None:
    parsed = parse_date("康熙后壬寅年")  # 康熙 counted 61 years: 壬寅 is 1662 and 1722
    assert parsed.year == 1722 and [w.code for w in parsed.warnings] == ["later-cycle"]
    assert parse_date("康熙壬寅年").error is not None  # without 后 the two stay ambiguous


def test_a_ganzhi_only_a_rare_look_alike_makes_is_no_date_without_a_reign() -> None:
    assert parse_date("王子年幼").error is not None  # 王子 (a prince), not 壬子


FAMILY = """第一世
大成 德公长子 字汝器 乾隆五年庚申三月初一日生 配王氏 子二 文华 文英
第二世
文华 大成长子 字子章 乾隆{number}年丁丑五月初五日生 配李氏
文英 大成次子 字子俊 乾隆二十五年庚辰八月初一日生 配张氏
"""


def test_number_and_ganzhi_disagreeing_are_settled_by_the_father_and_brothers() -> None:
    """乾隆二年丁丑: 1737 by the number, before the father's birth (1740); 1757 by the 干支, at 17
    and before his younger brother (1760): the 干支 is trusted, and the warning says why."""
    son = parse_lineage(FAMILY.format(number="二"), surname="吴").persons[1]
    assert son.birth is not None and son.birth.date is not None
    assert (son.birth.date.year, son.birth.date.date) == (1757, "1757-06-20")
    trusted = next(w for w in son.birth.date.warnings if w.code == "ganzhi-trusted")
    assert trusted.details == {"number_year": 1737, "ganzhi_year": 1757}
    assert son.birth.date.text == "乾隆二年丁丑五月初五日"


def test_a_number_that_fits_the_family_is_kept_and_the_warning_says_so() -> None:
    son = parse_lineage(FAMILY.format(number="二十一"), surname="吴").persons[1]  # 1756: fits; 丁丑 is 1757
    assert son.birth is not None and son.birth.date is not None and son.birth.date.year == 1756
    mismatch = next(w for w in son.birth.date.warnings if w.code == "ganzhi-mismatch")
    assert "kept" in mismatch.details
