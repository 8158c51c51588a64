"""Lineage-parsing throughput on ≥ 100,000 generated 世系 lines with OCR noise.

The lines are the real 桐城吴氏 volume's person lines (../shared/data/genealogy), copied into
volumes whose dates are drawn afresh (random Ming and Qing reign years, 干支, months, days and
hours, in the shapes the volume uses) and whose text carries the OCR confusions the issue
lists (宇 for 字, 入月, 戎申, 乙已, 壬成, 牛 for 年, 平 for 十, 晨 for 辰) at random sites.
Prints lines/s and persons/s of `parse_lineage` in one process (target ≥ 5,000 lines/s).

    python bench/bench_genealogy.py [--lines 100000] [--seed 7] [--noise 0.3]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

from zhiren.nlp.dates import find_dates
from zhiren.nlp.dates.ganzhi import year_ganzhi
from zhiren.nlp.dates.numerals import to_chinese
from zhiren.nlp.dates.reigns import reign_index
from zhiren.nlp.genealogy import parse_lineage

VOLUME = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "genealogy" / "tongcheng-wu-vol01.txt"
STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
NOISE = [  # (context pattern, group 1 is replaced by, …)
    (re.compile(r"^\S+ \S+子 (?:\S*?)(字)(?=[^（\s]{2}[\s号])", re.M), "宇"),
    (re.compile(r"(八)月"), "入"),
    (re.compile(r"(戊)[子寅辰午申戌]年"), "戎"),
    (re.compile(r"[乙丁己辛癸](巳)年"), "已"),
    (re.compile(r"[甲丙戊庚壬](戌)年"), "成"),
    (re.compile(rf"[{STEMS}][{BRANCHES}](年)"), "牛"),
    (re.compile(r"月[二三](十)[一二三四五六七八九]日"), "平"),
    (re.compile(r"(辰)时"), "晨"),
]


def ming_qing_reigns() -> list[tuple[str, int, int]]:
    """(title, first year, last year) of every Ming and Qing reign in our table."""
    seen = {(r.name, r.first_year, r.last_year) for rs in reign_index().values() for r in rs
            if r.dynasty in ("明", "清")}
    return sorted(seen, key=lambda r: r[1])


def random_date(rng: random.Random, reigns: list[tuple[str, int, int]]) -> str:
    """A reign date in one of the shapes of the volume."""
    title, first, last = rng.choice(reigns)
    year = rng.randint(first, last)
    number = "元" if year == first else to_chinese(year - first + 1)
    month, day = to_chinese(rng.randint(1, 12)), rng.randint(1, 29)
    day_text = ("初" + to_chinese(day)) if day <= 10 else to_chinese(day)
    hour = rng.choice(BRANCHES)
    shapes = [
        f"{title}{year_ganzhi(year)}年{month}月{day_text}日{hour}时",
        f"{title}{number}年{year_ganzhi(year)}{month}月{day_text}日",
        f"{title}{year_ganzhi(year)}年{month}月",
        f"{title}{year_ganzhi(year)}年",
    ]
    return rng.choice(shapes)


def templates(text: str) -> list[tuple[str, list[tuple[int, int]]]]:
    """Each line with the spans of its reign dates (to be drawn afresh in every copy)."""
    return [(line, [(m.start, m.end) for m in find_dates(line) if m.reign])
            for line in text.splitlines()]


def noisy(text: str, rng: random.Random, rate: float) -> str:
    """The text with each confusable site confused with probability `rate`."""
    chars = list(text)
    for pattern, wrong in NOISE:
        for match in pattern.finditer(text):
            if rng.random() < rate:
                chars[match.start(1)] = wrong
    return "".join(chars)


def volume_copy(lines: list[tuple[str, list[tuple[int, int]]]], rng: random.Random,
                reigns: list[tuple[str, int, int]], rate: float) -> str:
    """One generated volume: every line, dates redrawn, noise added."""
    out = []
    for line, spans in lines:
        pieces, last = [], 0
        for start, end in spans:
            pieces += [line[last:start], random_date(rng, reigns)]
            last = end
        pieces.append(line[last:])
        out.append("".join(pieces))
    return noisy("\n".join(out) + "\n", rng, rate)


def main() -> int:
    """Generate, parse, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--noise", type=float, default=0.3, help="chance per confusable site")
    args = parser.parse_args()
    if not VOLUME.exists():
        print(f"bench/bench_genealogy.py: real volume not found: {VOLUME.resolve()}", file=sys.stderr)
        return 1
    rng = random.Random(args.seed)
    lines = templates(VOLUME.read_text(encoding="utf-8"))
    reigns = ming_qing_reigns()
    started = time.perf_counter()
    volumes, total = [], 0
    while total < args.lines:
        volumes.append(volume_copy(lines, rng, reigns, args.noise))
        total += len(lines)
    generated = time.perf_counter() - started
    parse_lineage(volumes[0], surname="吴")  # warm caches (OpenCC, lunar years) outside the clock
    counts: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    started, cpu_started = time.perf_counter(), time.process_time()
    for volume in volumes:  # figures are kept per volume; results are not held (as in ingest)
        result = parse_lineage(volume, surname="吴")
        counts["persons"] += len(result.persons)
        counts["linked"] += sum(1 for p in result.persons if p.father and p.father.startswith("L"))
        counts["dated"] += sum(1 for p in result.persons if p.birth and p.birth.date and p.birth.date.date)
        counts["unparsed"] += len(result.unparsed)
        rules.update(rep.rule for rep in result.repairs)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    persons = counts["persons"]
    print(f"generated {total:,} lines in {len(volumes)} volumes ({generated:.1f} s, noise {args.noise})")
    print(f"parsed    {total:,} lines in {elapsed:.2f} s: {total / elapsed:,.0f} lines/s, "
          f"{persons / elapsed:,.0f} persons/s (one process; target ≥ 5,000 lines/s)")
    print(f"cpu       {cpu:.2f} s of this process: {total / cpu:,.0f} lines/s of CPU time "
          f"(differs from the above when other work shares the cores)")
    print(f"persons   {persons:,}; father linked to a line {counts['linked'] / persons:.1%}; "
          f"birth date read {counts['dated'] / persons:.1%}; unparsed lines {counts['unparsed']}")
    print("repairs   " + ", ".join(f"{rule} {n:,}" for rule, n in rules.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
