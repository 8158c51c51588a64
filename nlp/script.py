"""Script folding that never moves offsets: traditional → simplified, full → half width, 异体字.

Every indexed document and every mention goes through :func:`to_simplified`, and the
mentions found in the folded text are reported with offsets into the original text, so
the folded text must have exactly as many characters as the input.  OpenCC's phrase
conversion is used where it keeps a chunk's length (it reads 乾隆 better than a
character table does) and the per-character table where it would not.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import opencc

# Variant characters (异体字) that OpenCC's t2s leaves alone but that name indexes must
# treat as one: each maps to the form used in simplified Chinese.
VARIANTS: dict[str, str] = {
    "秊": "年",
    "凖": "准",
    "峩": "峨",
    "羗": "羌",
    "敍": "叙",
    "兾": "冀",
    "堃": "坤",
    "喆": "哲",
    "甦": "苏",
    "畧": "略",
    "廼": "乃",
    "煇": "辉",  # OpenCC would fold it to the rare 𪸩
    "迺": "乃",
    "窻": "窗",
    "牎": "窗",
    "牕": "窗",
    "隄": "堤",
    "琹": "琴",
    "攷": "考",
    "囘": "回",
    "崐": "昆",
    "峝": "峒",
    "蔴": "麻",
    "覩": "睹",
    "鍳": "鉴",
    "疎": "疏",
    "㠯": "以",
    "吿": "告",
    "槪": "概",
    "靑": "青",
    "淸": "清",
}

_SENTENCE_CHUNK = re.compile(r"[^。！？；\n]*[。！？；\n]?")
_SENTENCE_BREAK = re.compile(r"[。！？；\n]")


@cache
def _converter() -> opencc.OpenCC:
    """One OpenCC instance per process: building it loads dictionaries (milliseconds)."""
    return opencc.OpenCC("t2s")


@cache
def _width_and_variant_table() -> dict[int, str]:
    """str.translate table: full-width letters and digits, ideographic space, compatibility
    ideographs, 异体字.  Chinese punctuation (，。！) stays: it is what sentence splitting
    and the NER model read."""
    table: dict[int, str] = {
        cp: chr(cp - 0xFEE0)
        for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
        for cp in range(lo, hi + 1)
    }
    table[0x3000] = " "
    for cp in range(0xF900, 0xFB00):  # CJK compatibility ideographs → unified (NFC, 1:1)
        folded = unicodedata.normalize("NFC", chr(cp))
        if len(folded) == 1 and folded != chr(cp):
            table[cp] = folded
    table.update({ord(k): v for k, v in VARIANTS.items()})
    return table


@cache
def _char_t2s(char: str) -> str:
    """Per-character t2s, kept only when it yields exactly one character."""
    if "\ud800" <= char <= "\udfff":  # a lone surrogate is not text; OpenCC can't encode it
        return char
    out: str = _converter().convert(char)
    return out if len(out) == 1 else char


def _converted(text: str) -> str:
    """OpenCC's t2s; "" for text it cannot encode (a lone surrogate), which then takes the per-character path."""
    try:
        out: str = _converter().convert(text)
    except UnicodeEncodeError:
        return ""
    return out


def _fold_chunk(chunk: str) -> str:
    out = _converted(chunk)
    if len(out) == len(chunk):
        return out
    return "".join(_char_t2s(ch) for ch in chunk)


def _breaks(text: str) -> list[int]:
    return list(map(re.Match.start, _SENTENCE_BREAK.finditer(text)))


# Texts at least this long are documents, not names: the last few folded are kept.
_DOCUMENT_LENGTH = 256
# Texts this short are names: many are kept (a name costs a hundred bytes or so in the cache).
_NAME_LENGTH = 16


def to_simplified(text: str) -> str:
    """Fold traditional, full-width and variant characters; the result has len(text) characters.

    The whole text is converted at once and kept when every sentence kept its length (its
    breaks stand where they stood); otherwise sentence by sentence, which confines a
    length-changing phrase rule to its sentence, which then falls back to the per-character
    table.  One call costs a third of one per sentence.
    """
    if len(text) >= _DOCUMENT_LENGTH:
        return _fold_document(text)
    return _fold_name(text) if len(text) <= _NAME_LENGTH else _fold(text)


@lru_cache(maxsize=2)
def _fold_document(text: str) -> str:
    """An ingested document is folded twice in a row, for extraction and for the search index
    (a tenth of the extraction worker's time): the second time is free."""
    return _fold(text)


@cache
def _table_characters() -> re.Pattern[str]:
    """Any character the table folds: most texts hold none, and finding that is cheaper than translating."""
    return re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_width_and_variant_table())) + "]")


@lru_cache(maxsize=1 << 16)
def _fold_name(text: str) -> str:
    """Names and other short texts: the gazetteer folds each candidate's preferred name, the
    same few thousand over and over."""
    return _fold(text)


def _fold(text: str) -> str:
    if _table_characters().search(text):
        text = text.translate(_width_and_variant_table())
    whole = _converted(text)
    if whole == text or (len(whole) == len(text) and _breaks(whole) == _breaks(text)):  # most text is simplified
        return whole
    return "".join(_fold_chunk(chunk) for chunk in _SENTENCE_CHUNK.findall(text) if chunk)  # no empty last match
