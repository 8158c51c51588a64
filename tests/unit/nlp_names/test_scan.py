"""Scanner: the matches re finds, tried only where a match can start."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from zhiren.nlp.dates.grammar import DATE_RE, MONTH_DAY_RE, TELEGRAM_RE
from zhiren.nlp.letters import _SIGNATURE, _TELEGRAM_FROM
from zhiren.nlp.scan import LineEndScanner, Scanner, first_characters, required_characters

# Shapes whose first characters take working out: optional parts, alternatives of groups, look-arounds,
# anchors, lazy and possessive repeats, a class with a range.
PATTERNS = [
    "(?:愚|世)?(?:弟|兄)(.{1,3}?)(?:顿首|拜)",
    "(?P<a>[甲乙])?(?P<b>[子丑]|十[一二]|1[0-2])月",
    "(?<![一二])(?:[一二]{1,2}|仲)(?:叔父|[弟兄])(?![弟])",
    "^[ ]*(?:致|寄)?(\\w{2,4}?)鉴",
    "(?=[甲乙丙])[丁-甲]+年|(?:a|b)*c",
    "x*+y|(?>z|zz)w",
    "(?:(?P<n>[一二1]{1,2})[年]|(?P<g>[甲乙][子丑])(?:年)?)(?:[一二]月)?",
]
TEXT = st.text(alphabet="愚世弟兄顿首拜甲乙丙丁子丑十一二1月仲叔父致寄鉴年abcxyzw \n。", max_size=60)


@given(TEXT)
def test_finds_what_re_finds(text: str) -> None:
    for pattern in PATTERNS:
        flags = re.MULTILINE if pattern.startswith("^") else 0
        scanner, plain = Scanner(pattern, flags), re.compile(pattern, flags)
        assert [m.span() for m in scanner.finditer(text)] == [m.span() for m in plain.finditer(text)], pattern
        for pos in range(0, len(text) + 1, 7):
            found, expected = scanner.search(text, pos), plain.search(text, pos)
            assert (found and found.span()) == (expected and expected.span()), (pattern, pos)


def test_first_characters_of_the_shapes() -> None:
    starts = first_characters(re.compile("(?:愚|世)?(?:弟|兄)(?<=弟)…"))
    assert starts is not None and {ch for ch in "愚世弟兄甲" if starts.match(ch)} == set("愚世弟兄")
    one_to_nine = first_characters(re.compile("(?<![0])[1-9]+|x"))
    assert one_to_nine is not None and one_to_nine.pattern == "[1-9x]"


def test_no_class_where_any_character_or_nothing_may_start_a_match() -> None:
    for pattern in (".弟", "[^弟]兄", "\\s弟", "弟?", "(?:弟|)", "(?i:a)b", "(a)?\\1b"):
        assert first_characters(re.compile(pattern)) is None, pattern
    assert first_characters(re.compile("ab", re.IGNORECASE)) is None


def test_required_characters_of_the_shapes() -> None:
    """One of them in every match: the fewest of any part a match must read, each alternative's."""
    assert required_characters(re.compile("(?P<a>[甲乙])?(?:正|[十平][一二])月(?:初一)?")).pattern == "[月]"
    assert required_characters(re.compile("(?:甲子|乙)(?=年)|丙+|丁{2}")).pattern == "[丁丙乙甲]"
    for pattern in ("甲?乙*", "(?=甲).", "(?i:a)", "甲|.", "[^甲]"):
        assert required_characters(re.compile(pattern)) is None, pattern


def test_the_hot_patterns_are_scanned() -> None:
    """Patterns of the fast mode that re alone would try at every position: each has its class."""
    for scanner in (DATE_RE, MONTH_DAY_RE, TELEGRAM_RE, _SIGNATURE):
        assert first_characters(scanner.pattern) is not None


def test_dates_in_a_letter() -> None:
    text = "弟宣怀顿首。光绪二十六年五月二十七日。闰三月初三日寒电"
    assert [m.group() for m in DATE_RE.finditer(text)] == [m.group() for m in DATE_RE.pattern.finditer(text)]
    assert [m.group() for m in MONTH_DAY_RE.finditer(text)] == ["五月二十七日", "闰三月初三日"]


LINE_ENDS = [
    ("[。，\\s]([甲乙丙]{1,3}?)(?:叩|印)?[。，]?[东冬江](?:印)?[。]?", " \t　"),
    ("[。\\s]([甲乙丙]{1,3}?)叩[。]?", " \t　"),
]


@given(st.text(alphabet="甲乙丙东冬江叩印。， \t　\n", max_size=40))
def test_line_end_scanner_finds_what_re_finds(text: str) -> None:
    for body, blanks in LINE_ENDS:
        scanner = LineEndScanner(body, blanks)
        plain = re.compile(f"{body}[{re.escape(blanks)}]*$", re.MULTILINE)
        assert [m.span() for m in scanner.finditer(text)] == [m.span() for m in plain.finditer(text)], body


def test_a_telegram_s_sender_on_any_line() -> None:
    text = "盛宫保鉴：已悉。\n鸿章。啸。\n又一电。宣怀。哿。  "
    assert [m.group(1) for m in _TELEGRAM_FROM.finditer(text)] == ["鸿章", "宣怀"]
