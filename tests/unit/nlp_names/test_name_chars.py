"""The CBDB name statistics as a SHAPE code, and the table travelling inside the model."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from zhiren.nlp.char_tokens import blank_pipeline
from zhiren.nlp.ner.name_chars import name_char_table, write_table

NAMES = ["王安石", "王守仁", "李守中", "張居正", "王仁", "赵守一"]  # 張 is folded to 张
TEXTS = ["我们去北京开会。" * 20, "王先生守信用。"]


def test_codes_say_how_name_like_a_character_is_and_whether_it_opens_names() -> None:
    table = name_char_table(NAMES, TEXTS)
    assert table["王"].endswith("s")  # opens all three names it is in
    assert table["守"].endswith("g") and table["守"].startswith("+")  # inside names, rare in text
    assert "安" not in table  # one name says nothing
    assert "张" not in table and "張" not in table  # folded, and seen once


def test_the_tokenizer_appends_the_code_to_shape_and_keeps_it_inside_the_model(tmp_path: Path) -> None:
    table = write_table({"王": "+3s", "守": "+2g"}, tmp_path / "name_chars.tsv")
    nlp = blank_pipeline()
    nlp("王守")  # lexemes made before the table come in get their codes too
    nlp.tokenizer.initialize(name_chars=str(table))
    assert [t.shape_ for t in nlp("王守。的")] == ["x+3s", "x+2g", "。", "x"]
    nlp.to_disk(tmp_path / "model")
    assert (tmp_path / "model" / "tokenizer").read_text(encoding="utf-8") == "守\t+2g\n王\t+3s\n"
    assert [t.shape_ for t in spacy.load(tmp_path / "model")("王守的")] == ["x+3s", "x+2g", "x"]


def test_without_a_table_shapes_and_the_model_folder_are_as_before(tmp_path: Path) -> None:
    nlp = blank_pipeline()
    assert [t.shape_ for t in nlp("王守。")] == ["x", "x", "。"]
    nlp.to_disk(tmp_path / "model")
    assert not (tmp_path / "model" / "tokenizer").exists()


@pytest.mark.slow
def test_train_with_name_chars_ships_the_table(tmp_path: Path) -> None:
    from tests.unit.nlp_names.test_train import tiny_corpora
    from zhiren.nlp.ner.train import train
    from zhiren.nlp.pipeline import load_person_model

    data = tiny_corpora(tmp_path / "data")
    names = data.parent / "cbdb" / "names" / "cbdb_entity_names.csv"
    names.parent.mkdir(parents=True)
    names.write_text("name\n" + "\n".join(NAMES * 2) + "\n", encoding="utf-8")
    best = train(data, tmp_path / "out", max_steps=2, name_chars=True)
    assert "王\t" in (best / "tokenizer").read_text(encoding="utf-8")
    assert load_person_model(best)("王守")[0].shape_.startswith("x")
    assert load_person_model(best)("王守")[0].shape_ != "x"
