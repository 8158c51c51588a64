"""The real volume against the hand-checked expectation file: F1 per field, printed."""

from __future__ import annotations

import pytest

from tests.conftest import shared_data
from tests.unit.nlp_genealogy.scoring import load_expected, score
from zhiren.nlp.genealogy import parse_lineage

# Floors a little under what was measured (see the printed figures), so a regression fails.
FLOORS = {"person": 0.97, "father_link": 0.97, "courtesy_name": 0.97, "sons": 0.92, "spouses": 0.90}


@pytest.fixture(scope="module")
def volume() -> str:
    return shared_data("genealogy/tongcheng-wu-vol01.txt").read_text(encoding="utf-8")


def test_expectation_file_covers_enough_persons() -> None:
    assert len(load_expected()) >= 80


def test_f1_against_hand_checked_persons(volume: str, capsys: pytest.CaptureFixture[str]) -> None:
    scores = score(parse_lineage(volume, surname="吴"), load_expected())
    with capsys.disabled():
        print()
        for field, value in scores.items():
            print(f"  tongcheng-wu-vol01 {field:14s} {value}")
    for field, floor in FLOORS.items():
        assert scores[field].f1 >= floor, f"{field}: {scores[field]}"


def test_every_line_is_a_person_heading_or_reported(volume: str) -> None:
    result = parse_lineage(volume, surname="吴")
    headings = sum(1 for ln in volume.splitlines() if ln.startswith("第"))
    lines = sum(1 for ln in volume.splitlines() if ln.strip())
    assert len(result.persons) + len(result.unparsed) + headings == lines
    assert result.problems == []
