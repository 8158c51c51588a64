"""Name-extraction throughput on ≥ 5 MB of mixed classical and modern Chinese text.

Prints KB/s (UTF-8 input bytes) for plain ``jieba.lcut`` on the same text, for the fast
pipeline (gazetteer and rules, run on the text without a spaCy Doc; no statistical model) and for the
accurate pipeline (plus the PERSON model) with one and with two processes, and each
mode's peak memory.  Each mode runs in its own process so its peak is its own.

    python bench/bench_extract.py [--mb 5] [--modes jieba,fast,accurate,accurate2]

Text: the sentences of ../shared/data/ner (CHisIEC, CLUENER, Boson, People's Daily),
the 桐城吴氏 genealogy volume and the 曾文正公年谱 excerpt, repeated to the size asked.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
DOC_CHARS = 2000


def corpus(megabytes: float) -> list[str]:
    """Documents of about DOC_CHARS characters, mixed registers, ≥ megabytes of UTF-8."""
    from zhiren.nlp.ner.data import read_corpus

    texts: list[str] = []
    for rel in ("ner/chisiec/train.txt", "ner/cluener/train.jsonl", "ner/boson/boson.jsonl",
                "ner/peoples-daily/dev.bio"):  # fmt: skip
        texts.extend(d.text for d in read_corpus(DATA / rel))
    texts.append((DATA / "genealogy" / "tongcheng-wu-vol01.txt").read_text(encoding="utf-8"))
    texts.append((DATA / "late-qing" / "zeng_wenzheng_nianpu_juan1_excerpt.txt").read_text(encoding="utf-8"))
    # Interleave classical and modern so every stretch of the stream is mixed.
    texts = [t for pair in zip(texts[::2], texts[1::2], strict=False) for t in pair]
    whole = "\n".join(texts)
    need = int(megabytes * 1_000_000)
    while len(whole.encode("utf-8")) < need:
        whole += "\n" + whole
    whole = whole.encode("utf-8")[:need].decode("utf-8", errors="ignore")
    return [whole[i : i + DOC_CHARS] for i in range(0, len(whole), DOC_CHARS)]


def run_mode(mode: str, megabytes: float, queue: multiprocessing.Queue) -> None:
    docs = corpus(megabytes)
    size_kb = sum(len(d.encode("utf-8")) for d in docs) / 1000
    mentions = 0
    if mode == "jieba":
        from zhiren.nlp.segment import segmenter

        tokenizer = segmenter()
        start = time.perf_counter()
        for doc in docs:
            tokenizer.lcut(doc)
    else:
        from zhiren.nlp.extract import Extractor

        extractor = Extractor(statistical=mode != "fast", n_process=2 if mode == "accurate2" else 1)
        start = time.perf_counter()
        for record in extractor.extract_many((None, d) for d in docs):
            mentions += len(record["mentions"])
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    queue.put((mode, size_kb, seconds, mentions, max(peak_mb, children_mb)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=5.0, help="megabytes of UTF-8 text (default 5)")
    parser.add_argument("--modes", default="jieba,fast,accurate,accurate2")
    args = parser.parse_args()
    if not DATA.is_dir():
        raise SystemExit(f"needs the shared data at {DATA.resolve()}")
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    print(f"{'mode':<10} {'MB':>6} {'seconds':>8} {'KB/s':>8} {'mentions':>9} {'peak MB':>8}", flush=True)
    for mode in args.modes.split(","):
        process = context.Process(target=run_mode, args=(mode, args.mb, queue))
        process.start()
        while process.is_alive() and queue.empty():
            process.join(timeout=1)
        if queue.empty():
            raise SystemExit(f"mode {mode} failed (exit code {process.exitcode})")
        name, size_kb, seconds, mentions, peak = queue.get()
        process.join()
        print(
            f"{name:<10} {size_kb / 1000:>6.2f} {seconds:>8.1f} {size_kb / seconds:>8.0f} {mentions:>9} {peak:>8.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
