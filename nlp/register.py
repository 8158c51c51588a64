"""Classical or modern Chinese?  A naive-Bayes score over character unigrams and bigrams.

Trained from the training parts of the NER corpora (CHisIEC for classical text; CLUENER,
Boson and People's Daily for modern text), so 之其也乃曰 weigh for classical and 的了是们
for modern.  The score of a text is the sum of its features' log-likelihood ratios; a
text is modern when it is below ``MODERN_BELOW`` per character, else classical: text
without clear evidence (genealogy registers, 年谱 entries, lists of names, which score
near zero) stays with the model trained on both registers.  Text is expected folded (``nlp.script.to_simplified``), as
the pipeline's text is; features seen fewer than ``MIN_COUNT`` times are left out.
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

CLASSICAL = "classical"
MODERN = "modern"
REGISTERS = (CLASSICAL, MODERN)
MIN_COUNT = 5
# Per character.  On the held-out twentieths of the training corpora 99.6 % of modern
# sentences score below it and no classical one does; the 桐城吴氏 genealogy and 曾文正公年谱
# pieces score between -0.8 and 0.9.
MODERN_BELOW = -1.0
SMOOTHING = 0.5
FILE_NAME = "register.tsv"


def features(text: str) -> list[str]:
    """The characters of text and its character bigrams."""
    return [*text, *map(operator.add, text, text[1:])]


class RegisterDetector:
    """Log-likelihood ratios by feature; a positive sum says classical."""

    def __init__(self, weights: Mapping[str, float]) -> None:
        self.weights = dict(weights)

    def score(self, text: str) -> float:
        """Classical minus modern log-likelihood of text (0.0 when no feature is known)."""
        get = self.weights.get
        unigrams = sum(get(ch, 0.0) for ch in text)
        return unigrams + sum(get(pair, 0.0) for pair in map(operator.add, text, text[1:]))

    def register(self, text: str) -> str:
        """MODERN when text scores below ``MODERN_BELOW`` a character, else CLASSICAL."""
        return MODERN if self.score(text) < MODERN_BELOW * len(text) else CLASSICAL

    def to_disk(self, path: Path) -> Path:
        """One ``feature<TAB>weight`` line per feature, sorted, so equal models give equal files."""
        lines = [f"{feature}\t{weight:.3f}\n" for feature, weight in sorted(self.weights.items())]
        path.write_text("".join(lines), encoding="utf-8")
        return path

    @classmethod
    def from_disk(cls, path: Path) -> RegisterDetector:
        weights = {}
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                feature, _, weight = line.rstrip("\n").rpartition("\t")
                if feature:
                    weights[feature] = float(weight)
        return cls(weights)


def train_detector(texts: Mapping[str, Iterable[str]], min_count: int = MIN_COUNT) -> RegisterDetector:
    """A detector from folded sentences of each register (keys CLASSICAL and MODERN)."""
    counts = {register: Counter[str]() for register in REGISTERS}
    for register in REGISTERS:
        for text in texts[register]:
            counts[register].update(features(text))
    vocabulary = counts[CLASSICAL].keys() | counts[MODERN].keys()
    classical_total = sum(counts[CLASSICAL].values()) + SMOOTHING * len(vocabulary)
    modern_total = sum(counts[MODERN].values()) + SMOOTHING * len(vocabulary)
    weights = {}
    for feature in vocabulary:
        a, b = counts[CLASSICAL][feature], counts[MODERN][feature]
        if a + b >= min_count:
            weights[feature] = round(
                math.log((a + SMOOTHING) / classical_total) - math.log((b + SMOOTHING) / modern_total), 3
            )
    return RegisterDetector(weights)
