"""The segmenter, its name dictionary, and the character tokens built on it."""

from __future__ import annotations

from spacy.strings import get_string_id

from zhiren.nlp.char_tokens import blank_pipeline
from zhiren.nlp.segment import add_names, word_tag, words


def test_added_names_become_words() -> None:
    text = "号杏蓀曾国藩致函"
    add_names(["杏蓀"])
    assert "杏蓀" in words(text)
    assert word_tag("杏蓀") == "nr"


def test_added_names_are_tagged_at_once_and_segmented_from_the_next_text() -> None:
    """The tag counts for the rules straight away; jieba's dictionary takes the name when it next segments."""
    add_names(["伯寅"])
    assert word_tag("伯寅") == "nr"
    assert "伯寅" in words("字伯寅")


def test_dictionary_tags_and_unknown_words() -> None:
    assert word_tag("江苏") == "ns"
    assert word_tag("蓀蓀蓀") == "x"


def test_one_token_per_character_with_word_features() -> None:
    doc = blank_pipeline()("李鸿章致函 。")
    assert [t.text for t in doc] == list("李鸿章致函 。")
    assert [t.tag_ for t in doc][:3] == ["Bnr", "Mnr", "Enr"]
    assert doc[0].lemma == get_string_id("李鸿")  # the bigram starting at the token
    assert doc[3].idx == 3


def test_empty_text_makes_an_empty_doc() -> None:
    assert len(blank_pipeline()("")) == 0


def test_every_token_has_its_bigram_and_its_place_in_its_word() -> None:
    """The features as the model was trained on them, for each character of a longer text
    (an extension-B character, a Latin letter, the one-character last bigram)."""
    text = "曾国藩字伯涵，号涤生，𠀋李鸿章致函a"
    doc = blank_pipeline()(text)
    assert [t.lemma for t in doc] == [get_string_id(text[i : i + 2]) for i in range(len(text))]
    tags = []
    for word in words(text):
        kind = word_tag(word)
        places = ["S"] if len(word) == 1 else ["B", *["M"] * (len(word) - 2), "E"]
        tags += [place + kind for place in places]
    assert [t.tag_ for t in doc] == tags
