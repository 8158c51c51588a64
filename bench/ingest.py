"""End-to-end ingest: generated Sheng-archive items into each backend pair, with time per stage.

Seeds an authority of --authority synthetic persons (3 names each), writes --items letters of
200-2,000 characters naming them (salutations, signatures, 字, titles) to a CSV, then runs
`zhiren ingest sheng`'s pipeline in fast extraction mode. Prints items/s, mentions/s, the share
of each stage, and the resolver's latency per mention (p50/p95) against that authority.

    python -P bench/ingest.py [--items 2000] [--authority 50000] [--only embedded,servers]
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from authority.ids import stable_id
from authority.model import NameType, Person
from authority.names import build_name
from authority.resolver import MentionContext, Resolver
from ingest.pipeline import Pipeline
from ingest.readers.biogref import SeedPerson
from ingest.readers.sheng import read_sheng
from nlp.extract import Extractor
from store.factory import open_graph, open_search
from zhiren.settings import Settings, load_settings

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余"
    "于杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪盛"
)
GIVEN = "文武德仁义礼智信忠孝廉国家宣怀杏荪愚斋之洞鸿章蔚芝康泰安平和顺福寿荣华春秋梅兰竹菊山水云月"
# Clauses in the register of late-Qing letters (no names in them): bodies are drawn from these.
CLAUSES = (
    "前奉手书，敬悉一切。", "铁路借款之事，已与诸公商定，请即派员接收。", "款项甚巨，须妥为筹画。",
    "电报局商股收齐，谨将清册奉上。", "招商局近日账目已核，另册呈览。", "汉厂煤焦不敷，亟宜设法接济。",
    "学堂经费支绌，恳请设法拨助。", "诸事平顺，毋庸远念。", "谨此布复，敬请钧安。", "容再面商。",
)
REIGNS = [("光绪", 1875, 34), ("宣统", 1909, 3)]
NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + ("十" if tens else "") + (NUMERALS[ones - 1] if ones else "")


def authority(n: int, rng: random.Random) -> list[SeedPerson]:
    seeds = []
    for i in range(n):
        pid = stable_id("p", "bench", i)
        surname, given = rng.choice(SURNAMES), "".join(rng.choice(GIVEN) for _ in range(2))
        courtesy = "".join(rng.choice(GIVEN) for _ in range(2))
        born = rng.randrange(1820, 1880)
        person = Person(pid, surname + given, birth=None, death=None, native_place=None, status="seed")
        names = [
            build_name(pid, surname + given, NameType.GIVEN, preferred=True),
            build_name(pid, courtesy, NameType.COURTESY),
            build_name(pid, surname + "宫保", NameType.TITLE),
        ]
        seed = SeedPerson(person, names, [i])
        seed.person.floruit = str(born)
        seeds.append(seed)
    return seeds


def letters(count: int, seeds: list[SeedPerson], path: Path, rng: random.Random) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["档号", "题名", "发文者", "收文者", "时间", "文种", "全文"])
        for i in range(count):
            sender, recipient = rng.sample(seeds, 2)
            reign, _, years = rng.choice(REIGNS)
            date = f"{reign}{chinese_number(rng.randrange(1, years))}年{chinese_number(rng.randrange(1, 13))}月"
            length = rng.randrange(200, 2000)
            body = ""
            while len(body) < length:
                body += rng.choice(CLAUSES)
            cut = body.index("。", rng.randrange(0, len(body) - 20)) + 1
            third = rng.choice(seeds).names[rng.randrange(3)].text
            text = (
                f"{recipient.names[1].text}仁兄大人阁下：{body[:cut]}{third}{body[cut:]}"
                f"弟{sender.person.preferred_name}顿首。"
            )
            writer.writerow(
                [
                    f"B-{i:07d}",
                    f"{sender.person.preferred_name}致{recipient.person.preferred_name}函",
                    sender.person.preferred_name,
                    recipient.person.preferred_name,
                    date,
                    "函",
                    text,
                ]
            )


def run(
    settings: Settings, label: str, items: int, seeds: list[SeedPerson], csv_path: Path, extractor: Extractor
) -> None:
    graph, search = open_graph(settings), open_search(settings)
    graph.clear()
    search.clear()
    started = time.perf_counter()
    Pipeline(graph, search, batch_size=2000).ingest_seed(iter(seeds), lambda n: None)
    seeded = time.perf_counter() - started
    pipeline = Pipeline(graph, search, batch_size=200, extractor=extractor)
    started = time.perf_counter()
    with pipeline.summary.stage("read"):
        parsed = list(read_sheng(csv_path, []))
    summary = pipeline.ingest_documents(parsed, lambda n: None)
    elapsed = time.perf_counter() - started
    print(
        f"  {label}: seeded {len(seeds):,} persons in {seeded:.1f}s; ingested {items:,} letters in {elapsed:.1f}s "
        f"= {items / elapsed:,.0f} letters/s, {summary.mentions / elapsed:,.0f} mentions/s "
        f"(linked {summary.linked}, queued {summary.queued}, unlinked {summary.unlinked})"
    )
    total = sum(summary.seconds.values())
    print("    stages: " + "  ".join(f"{k} {v / total:.0%}" for k, v in summary.seconds.items()))
    resolver = Resolver(graph)
    rng = random.Random(3)
    latencies = []
    for seed in rng.sample(seeds, 500):
        name = seed.names[rng.randrange(3)].text
        t = time.perf_counter()
        resolver.resolve(MentionContext(name, "full", 1890))
        latencies.append((time.perf_counter() - t) * 1000)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    print(f"    resolver over {len(seeds):,} persons: p50 {statistics.median(latencies):.2f} ms, p95 {p95:.2f} ms")
    graph.clear()
    search.clear()
    graph.close()
    search.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--authority", type=int, default=50_000)
    parser.add_argument("--only", default="embedded,servers")
    args = parser.parse_args()
    rng = random.Random(11)
    seeds = authority(args.authority, rng)
    extractor = Extractor(statistical=False)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "letters.csv"
        letters(args.items, seeds, csv_path, rng)
        size = csv_path.stat().st_size / 1e6
        print(f"ingest: {args.items:,} letters ({size:.1f} MB), authority of {args.authority:,} persons, fast mode")
        base = replace(load_settings(), data_dir=Path(tmp), es_index_prefix="zhiren-bench")
        if "embedded" in args.only:
            run(base, "embedded", args.items, seeds, csv_path, extractor)
        if "servers" in args.only:
            run(
                replace(base, graph="neo4j", search="elasticsearch"),
                "neo4j+elasticsearch",
                args.items,
                seeds,
                csv_path,
                extractor,
            )


if __name__ == "__main__":
    main()
