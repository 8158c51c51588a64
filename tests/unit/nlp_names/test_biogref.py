"""Reading biogref authority files into gazetteer entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import shared_data
from zhiren.nlp.biogref import BiogrefError, read_biogref
from zhiren.nlp.gazetteer import NameEntry


def test_types_and_preferred_names(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "primary_id,person_id,person_name,born_year,died_year,gender,jiguan,dynasty,name_type,script\n"
        "z:1,z,曾国藩,1811,1872,男,湖南湘乡,清,名,simp\n"
        "z:2,z,国藩,1811,1872,男,湖南湘乡,清,名,simp\n"
        "z:3,z,伯涵,1811,1872,男,湖南湘乡,清,字,simp\n"
        "z:4,z,文正,1811,1872,男,湖南湘乡,清,谥号,simp\n",
        encoding="utf-8",
    )
    assert read_biogref(path) == [
        NameEntry("曾国藩", "z", "曾国藩", "full"),
        NameEntry("国藩", "z", "曾国藩", "given"),
        NameEntry("伯涵", "z", "曾国藩", "courtesy"),
        NameEntry("文正", "z", "曾国藩", "posthumous"),
    ]


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("id,name\n1,x\n", encoding="utf-8")
    with pytest.raises(BiogrefError, match="person_id"):
        read_biogref(path)


def test_real_ddbc_file_without_type_column() -> None:
    entries = read_biogref(shared_data("authority/ddbc/biogref_ddbc_data.csv"))
    assert len(entries) == 71_583
    assert {e.person_id for e in entries} and all(e.name_type in {"full", "given"} for e in entries)
