"""Salutations, signatures and telegram lines."""

from __future__ import annotations

from zhiren.nlp.chunks import chunks
from zhiren.nlp.extract import FAST_PIECE_CHARS, Extractor
from zhiren.nlp.letters import (
    closing_formulas,
    find_dated_signature,
    find_letter_names,
    find_telegram_names,
    find_title_line,
)


def test_salutation_names_the_recipient_by_courtesy_name() -> None:
    text = "杏荪仁兄大人阁下：久违雅教。"
    (f,) = find_letter_names(text)
    assert (text[f.start : f.end], f.name_type, f.role) == ("杏荪", "courtesy", "recipient")


def test_salutation_takes_surname_and_name_before_the_title() -> None:
    text = "以陈雁门先生为公问字师"
    (f,) = find_letter_names(text)
    assert (text[f.start : f.end], f.name_type) == ("陈雁门", "full")


def test_signature_names_the_sender() -> None:
    for text, name, kind in [("弟宣怀顿首。", "宣怀", "given"), ("愚弟李鸿章拜启", "李鸿章", "full")]:
        (f,) = find_letter_names(text)
        assert (text[f.start : f.end], f.name_type, f.role) == (name, kind, "sender")


def test_telegram_recipient_and_sender_before_the_rhyme_day() -> None:
    text = "盛宫保鉴：顷奉电示，已转商。鸿章。啸。"
    found = find_telegram_names(text)
    assert [(text[f.start : f.end], f.role) for f in found] == [
        ("盛宫保", "recipient"), ("鸿章", "sender")
    ]  # fmt: skip


def test_a_telegram_s_closing_words_before_the_rhyme_day_are_no_sender() -> None:
    """并闻。马。 ("informing you too"; 马 the 21st) and 附闻。宥。 close telegrams that no one signed."""
    assert find_telegram_names("西电：淡水法船不能进。并闻。马。") == []
    assert find_telegram_names("台局危迫』。附闻。宥。") == []


def test_a_telegram_s_sender_after_an_exclamation_with_jin_dian_or_kou_and_no_rhyme_day() -> None:
    """祈示！崧。真。 and 电奏！英谨电。佳。 (唐景崧, 岑毓英 sign one character of their 名), and
    惶感交深。崧叩。 at a telegram's end with no rhyme day; 谨叩 is a formula, 请代奏！庚 no one."""
    for text, sender in (("公意如何？祈示！崧。真。", "崧"), ("请挈衔电奏！英谨电。佳。", "英"),
                         ("劳公荩虑，惶感交深。崧叩。\n致台北唐藩台", "崧")):  # fmt: skip
        assert [(text[f.start : f.end], f.role) for f in find_telegram_names(text)] == [(sender, "sender")]
    assert find_telegram_names("伏乞垂鉴。谨叩。请代奏！庚。") == []


def test_a_sender_whose_name_holds_a_formula_s_character_is_still_the_sender() -> None:
    """敬铭 (阎敬铭) and 百熙 (张百熙) sign telegrams: 敬 and 百 begin formulas before 叩 (敬叩, 百拜),
    but a name is refused only when it is such a formula, not when it holds one of its characters."""
    for text, sender in (("事关重大，请速核办。敬铭。宥。", "敬铭"), ("惶感交深。百熙叩。", "百熙")):
        assert [(text[f.start : f.end], f.role) for f in find_telegram_names(text)] == [(sender, "sender")]
    assert find_telegram_names("伏乞垂鉴。顿首叩。") == find_telegram_names("伏乞垂鉴。敬叩。宥。") == []


def test_a_joint_telegram_s_signers_before_tong_su() -> None:
    """张之洞、奎俊、唐景崧同肃: each signer of a joint telegram is a sender, 奎俊 too, whom no list holds."""
    text = "请代奏！张之洞、奎俊、唐景崧同肃。啸。"
    assert [(text[f.start : f.end], f.role) for f in find_telegram_names(text)] == [
        ("张之洞", "sender"), ("奎俊", "sender"), ("唐景崧", "sender")
    ]  # fmt: skip


def test_plain_prose_has_no_letter_names() -> None:
    text = "是年读五经毕，始为时文帖括之学。"
    assert find_letter_names(text) == [] and find_telegram_names(text) == []


def test_closing_formulas_name_no_one() -> None:
    """The model reads 肃 (肃此) and 勋 (即请勋安) as one-character names; in a letter they are dropped."""
    text = "张香帅亦在沪照料。肃此，敬请钧安。即请勋安。弟宣怀顿首。"
    assert [text[a:b] for a, b in closing_formulas(text)] == ["肃此", "钧安", "勋安"]
    as_letter = [m["text"] for m in Extractor(statistical=True).extract(text, kind="letter")["mentions"]]
    assert as_letter == ["张香帅", "宣怀"]  # (outside letters the lone characters go too: coref.lone_characters)
    # and the opening ones: 恭维侍祉咸康, 辰维侍祺萃吉 (the model read 恭维, 辰维, 勋祺 as names)
    text = "接诵手书。恭维侍祉咸康，勋祺恒吉。辰维侍祺萃吉。"
    assert [text[a:b] for a, b in closing_formulas(text)] == ["恭维", "侍祉", "勋祺", "辰维", "侍祺"]


def test_one_character_signature_before_the_closing_date() -> None:
    """A writer signs with one character of his 名 between the last sentence and the date."""
    text = "各国领事议约，大致已定。宣。光绪二十六年五月二十七日"
    (f,) = find_dated_signature(text)
    assert (text[f.start : f.end], f.name_type, f.role) == ("宣", "given", "sender")
    assert [m["text"] for m in Extractor(statistical=False).extract(text, kind="letter")["mentions"]] == ["宣"]


def test_closing_words_and_dates_inside_the_letter_are_no_signature() -> None:
    for text in ["此谕。同治五年九月初九日。", "至嘱。咸丰十年四月", "宣。光绪二十六年五月二十七日到沪，再商。"]:
        assert find_dated_signature(text) == [], text
    as_text = Extractor(statistical=False).extract("贼退。宣。光绪二十六年五月", kind="text")["mentions"]
    assert "宣" not in [m["text"] for m in as_text]  # a chronicle's sentence, not a signature


def test_a_name_before_xiansheng_is_the_recipient_only_where_a_salutation_stands() -> None:
    """茹经堂文稿, an essay, names 盛杏荪先生 in a sentence: a man it speaks of, not a letter's recipient;
    a salutation opens the letter, or a line of it (after the title's line; 致 before it)."""
    extractor = Extractor(statistical=False)

    def roles(text: str, kind: str) -> list[tuple[str, str | None]]:
        return [(m["text"], m["role"]) for m in extractor.extract(text, kind=kind)["mentions"]]

    essay = "光绪二十二年，盛杏荪先生创南洋公学于上海，延余主讲。"
    assert roles(essay, "manuscript") == roles(essay, "letter") == [("盛杏荪", None)]
    assert roles("以陈雁门先生为公问字师。", "text") == [("陈雁门", None)]
    assert roles("杏荪仁兄大人阁下：久违雅教。弟宣怀顿首。", "letter") == [("杏荪", "recipient"), ("宣怀", "sender")]
    assert roles("复沈幼丹制军\n  致陈雁门先生：久违。", "letter")[-1] == ("陈雁门", "recipient")


def test_x_xiansheng_opening_a_later_piece_of_a_letter_is_no_salutation() -> None:
    """The fast mode reads a letter in pieces: a piece may start with a sentence that starts with
    X先生, which opens no line of the letter."""
    extractor = Extractor(statistical=False)
    text = "杏荪仁兄大人阁下：" + "所言各节均已照办。" * 111 + "盛杏荪先生之意亦然。"
    assert "盛杏荪先生之意亦然。" in [piece for _, piece in chunks(text, FAST_PIECE_CHARS)]
    mentions = [(m["start"], m["role"]) for m in extractor.extract(text, kind="letter")["mentions"]]
    assert mentions == [(0, "recipient"), (text.index("盛杏荪先生"), None)]


def test_a_letter_s_title_line_names_its_addressee() -> None:
    """复童米孙 / 致郑季垂 alone on a line: the addressee, a surname and a name of two characters; not a verb and
    a word (复电告知), nor a name inside a line of prose."""
    text = "复童米孙\n米孙仁兄同砚大人阁下：\n接诵手书。致郑季垂\n复电告知\n致总理衙门"
    assert [(text[f.start : f.end], f.role) for f in find_title_line(text)] == [("童米孙", "recipient")]
    text = "致郑季垂\n季垂仁兄大人阁下："
    assert [text[f.start : f.end] for f in find_title_line(text)] == ["郑季垂"]
