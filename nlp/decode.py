"""Turn the bytes of an input file into text, or say clearly why not.

Curators hand in UTF-8, GBK/GB18030 (mainland), Big5 (Taiwan, Hong Kong) and UTF-16
(Windows) files.  Byte-order marks decide first, strict UTF-8 next, then
charset-normalizer's guess, accepted only when the result reads as Chinese text.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CANDIDATES = ["gb18030", "big5", "utf_16_le", "utf_16_be", "utf_8"]
# Control characters but tab, line feed, form feed and carriage return; the replacement character.
_JUNK = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


class UndecodableInput(ValueError):
    """The bytes are not text in any encoding we accept; the message names the file."""


def looks_like_text(text: str) -> bool:
    """Few control or replacement characters (binary junk decodes to many)."""
    if not text:
        return True
    return len(_JUNK.findall(text)) <= len(text) // 20


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding used); raises UndecodableInput naming ``name``."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise UndecodableInput(f"{name}: starts with a {encoding} mark but is not {encoding}: {exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if looks_like_text(text):
            return text, "utf-8"
        raise UndecodableInput(f"{name}: binary data, not text")
    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is not None:
        text = str(best)
        if looks_like_text(text):
            return text, best.encoding
    raise UndecodableInput(f"{name}: not UTF-8, GB18030/GBK, Big5 or UTF-16 text (binary data?); convert it to UTF-8")
