"""Exact-span PERSON precision, recall and F1 of a pipeline on an annotated corpus."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language

from zhiren.nlp.ner.data import Annotated, read_corpus
from zhiren.nlp.pipeline import load_person_model
from zhiren.nlp.script import to_simplified


def score_spans(gold: Iterable[set[tuple[int, int]]], predicted: Iterable[set[tuple[int, int]]]) -> dict[str, float]:
    """P/R/F1 over paired per-sentence span sets, with the counts behind them."""
    n_gold = n_pred = n_correct = 0
    for g, p in zip(gold, predicted, strict=True):
        n_gold += len(g)
        n_pred += len(p)
        n_correct += len(g & p)
    precision = n_correct / n_pred if n_pred else 0.0
    recall = n_correct / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "gold": n_gold,
        "predicted": n_pred,
        "correct": n_correct,
    }


def evaluate_docs(docs: list[Annotated], nlp: Language, batch_size: int = 256) -> dict[str, float]:
    """Score the pipeline's PERSON entities against the annotated sentences."""
    texts = (to_simplified(d.text) for d in docs)
    predicted = [
        {(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"}
        for doc in nlp.pipe(texts, batch_size=batch_size)
    ]
    return {**score_spans((set(d.spans) for d in docs), predicted), "sentences": len(docs)}


def evaluate_ner(path: Path, nlp: Language | None = None) -> dict[str, float]:
    """Exact-match PERSON P/R/F1 on a char-per-line BIO/BIOES file (or CLUENER/Boson JSONL).

    Without ``nlp`` the shipped statistical model is scored.
    """
    return evaluate_docs(list(read_corpus(Path(path))), nlp or load_person_model())


def evaluate_mentions(gold: list[dict[str, Any]], records: list[dict[str, Any]]) -> dict[str, float]:
    """Mention P/R/F1 (exact spans) and person links of extract records against gold records.

    Gold records: ``{"id", "text", "mentions": [{"start", "end", "person"}]}``.  A gold
    mention resolves when a predicted mention has its span and its person id.
    """
    gold_spans = [{(m["start"], m["end"]) for m in g["mentions"]} for g in gold]
    predicted_spans = [{(m["start"], m["end"]) for m in r["mentions"]} for r in records]
    scores = score_spans(gold_spans, predicted_spans)
    resolved = wrong = 0
    for g, r in zip(gold, records, strict=True):
        linked = {(m["start"], m["end"]): (m["person"] or {}).get("id") for m in r["mentions"]}
        for m in g["mentions"]:
            got = linked.get((m["start"], m["end"]))
            resolved += got == m["person"]
            wrong += got is not None and got != m["person"]
    return {**scores, "resolved": resolved, "linked_wrongly": wrong}
