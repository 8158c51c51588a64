"""Compare parse_lineage output with the hand-checked expectation file; F1 per field."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from zhiren.nlp.genealogy import LineageResult, Person
from zhiren.nlp.genealogy.names import fold

EXPECTED = Path(__file__).parents[2] / "fixtures" / "genealogy" / "tongcheng-wu-vol01.expected.tsv"


@dataclass(frozen=True, slots=True)
class Expected:
    """One hand-checked person."""

    line: int
    names: tuple[str, ...]
    father: str
    father_line: int | None
    courtesy_name: str
    sons: tuple[str, ...]
    spouses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Score:
    """True positives, predictions and gold items of one field."""

    hits: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def __str__(self) -> str:
        return (f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
                f"({self.hits}/{self.predicted} predicted, {self.gold} expected)")


def load_expected() -> list[Expected]:
    """The expectation rows (comment lines start with #)."""
    lines = [ln for ln in EXPECTED.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    rows = []
    for row in csv.DictReader(lines, delimiter="\t"):
        rows.append(Expected(
            line=int(row["line"]),
            names=tuple(fold(n) for n in row["name"].split("/")),
            father=fold(row["father"]),
            father_line=int(row["father_line"]) if row["father_line"] else None,
            courtesy_name=fold(row["courtesy_name"]),
            sons=tuple(fold(s) for s in row["sons"].split()),
            spouses=tuple(row["spouses"].split()),
        ))
    return rows


def score(result: LineageResult, expected: list[Expected]) -> dict[str, Score]:
    """Person, father-link, 字, son and spouse scores over the expected lines."""
    by_line = {p.line: p for p in result.persons}
    gold_lines = {e.line for e in expected}
    predicted = [p for p in result.persons if p.line in gold_lines]
    counts = {k: [0, 0, 0] for k in ("person", "father_link", "courtesy_name", "sons", "spouses")}
    counts["person"][1] = len(predicted)
    for gold in expected:
        person = by_line.get(gold.line)
        counts["person"][2] += 1
        if person is None:
            _add(counts, "father_link", 0, 0, 1 if gold.father else 0)
            _add(counts, "courtesy_name", 0, 0, 1 if gold.courtesy_name else 0)
            _add(counts, "sons", 0, 0, len(gold.sons))
            _add(counts, "spouses", 0, 0, len(gold.spouses))
            continue
        counts["person"][0] += int(fold(person.name) in gold.names)
        _add(counts, "father_link", int(_father_right(person, gold)), int(person.father is not None),
             int(bool(gold.father)))
        zi = fold(person.courtesy_name or "")
        _add(counts, "courtesy_name", int(bool(zi) and zi == gold.courtesy_name), int(bool(zi)),
             int(bool(gold.courtesy_name)))
        sons = [fold(c.name) for c in person.children]
        _add(counts, "sons", _overlap(sons, list(gold.sons)), len(sons), len(gold.sons))
        spouses = [s.surname or "?" for s in person.spouses]
        _add(counts, "spouses", _overlap(spouses, list(gold.spouses)), len(spouses), len(gold.spouses))
    return {k: Score(*v) for k, v in counts.items()}


def _father_right(person: Person, gold: Expected) -> bool:
    """A link to the father's own line when he has one, else his name."""
    if gold.father_line is not None:
        return person.father == f"L{gold.father_line}"
    return bool(gold.father) and fold(person.father or "") == gold.father


def _overlap(found: list[str], gold: list[str]) -> int:
    """Multiset intersection size (a name may repeat: 袁 袁)."""
    remaining = list(gold)
    hits = 0
    for item in found:
        if item in remaining:
            remaining.remove(item)
            hits += 1
    return hits


def _add(counts: dict[str, list[int]], key: str, hits: int, predicted: int, gold: int) -> None:
    counts[key][0] += hits
    counts[key][1] += predicted
    counts[key][2] += gold
