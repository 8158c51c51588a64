"""How name-like each character is, from the CBDB names against running text: a token feature.

Why: on CHisIEC dev the model finds 0.88 of the persons it saw in training and 0.49 of the
others; what it lacks for an unseen 名 is knowing that its characters are name characters.
416,000 CBDB names say it: a character far more frequent in names than in text (the
training corpora's text) is a given-name character, and one that mostly opens a name is a
surname.  Each character gets a short code, its log2 ratio of name frequency to text
frequency (rounded, clipped to ±3) and whether it mostly opens names (``s``), sometimes
(``m``) or rarely (``g``): ``+2g``, ``-1s``.  The tokenizer appends the code to the
character's SHAPE (``x`` for every CJK character otherwise), a feature the network already
hashes (nlp/char_tokens.py); the table travels inside the model, so run time reads what
training wrote.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from zhiren.nlp.script import to_simplified

RATIO_CLIP = 3
MIN_NAME_COUNT = 3  # rarer characters keep their plain shape: three names say little
SURNAME_SHARE = 0.5  # at least this share of a character's name occurrences open the name: "s"
SOMETIMES_SHARE = 0.1  # "m" from here, "g" below


def name_char_table(names: Iterable[str], texts: Iterable[str]) -> dict[str, str]:
    """The code of every character seen at least MIN_NAME_COUNT times in the names (folded)."""
    in_names: Counter[str] = Counter()
    opening: Counter[str] = Counter()
    for name in names:
        folded = to_simplified(name.strip())
        if len(folded) < 2:
            continue
        in_names.update(folded)
        opening[folded[0]] += 1
    in_text = Counter(c for text in texts for c in to_simplified(text) if not c.isspace())
    name_total, text_total = sum(in_names.values()), sum(in_text.values())
    table = {}
    for char, count in in_names.items():
        if count < MIN_NAME_COUNT or char.isspace():
            continue
        ratio = (count / name_total) / ((in_text[char] + 1) / (text_total + 1))
        level = max(-RATIO_CLIP, min(RATIO_CLIP, round(math.log2(ratio))))
        share = opening[char] / count
        kind = "s" if share >= SURNAME_SHARE else "m" if share >= SOMETIMES_SHARE else "g"
        table[char] = f"{level:+d}{kind}"
    return table


def write_table(table: dict[str, str], path: Path) -> Path:
    """One ``character<TAB>code`` line per character, sorted (the same data writes the same file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{c}\t{code}\n" for c, code in sorted(table.items())), encoding="utf-8")
    return path
