"""Genealogy (家谱) lineage text: persons, fathers, wives, sons and dates through OCR noise.

Public API: `parse_lineage(text, surname=None) -> LineageResult` (with `to_json()`).
"""

from zhiren.nlp.genealogy.model import (
    Child,
    Daughter,
    LifeEvent,
    LineageResult,
    Person,
    Problem,
    Spouse,
    Unparsed,
)
from zhiren.nlp.genealogy.parser import parse_lineage

__all__ = ["Child", "Daughter", "LifeEvent", "LineageResult", "Person", "Problem", "Spouse",
           "Unparsed", "parse_lineage"]
