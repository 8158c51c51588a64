"""End-to-end ingest: generated Sheng-archive letters into each backend pair, with time per stage.

Loads a synthetic authority of --authority persons whose names collide as a real one's do
(surnames and name characters drawn by frequency, so common names have dozens of bearers and
common 字 hundreds; life dates for most; two correspondents each, stored as WROTE_TO), writes
--items letters of 200-2,000 characters per run (salutation by 字, signature by given name,
persons in the body, at times the sender's correspondents, by full name, 字, surname + 字 or
title, and persons the authority lacks) and runs `zhiren ingest sheng`'s pipeline on them in
fast extraction mode, --runs times, each run with fresh letters and a fresh pipeline, after an
uncounted warm-up run (a server just started is slow at first: 115 letters/s in the first run
against 190-221 in the next two).  Prints medians over the runs: letters/s (and without the
one-off gazetteer load), mentions/s, the time the whole Sheng archive would take at those
rates (the issue's target), each stage's share of the wall clock, CPU per letter;
then the resolver's latency per mention (p50/p95), each mention resolved cold against the
store with the evidence a letter gives it, beside what resolving cost per mention inside the
ingest (batched and cached); and how its decisions compare with the persons the generator meant.

The triple store is synced as `zhiren ingest` does (embedded Oxigraph, or Fuseki's tests dataset
beside Neo4j + Elasticsearch; `--no-triples` leaves it out): the whole archive's time is with it.
Each backend's stores are cleared before and after: point ZHIREN_NEO4J_URI at a Neo4j of your
own when others share the server (Neo4j Community has one database; Elasticsearch indices are
the bench's own, prefix zhiren-bench).

    python bench/bench_ingest.py [--items 2000] [--authority 50000] [--runs 3] [--warmup 500] [--no-triples]
                              [--processes 2] [--only embedded,servers] [--latency-sample 2000]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import statistics
import tempfile
import time
from bisect import bisect
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from itertools import accumulate
from pathlib import Path

from proc_cpu import cpu_seconds, descendants

from zhiren.authority.model import HistDate, Name, NameType, Person, Precision, Relation, RelationType
from zhiren.authority.names import name_key
from zhiren.authority.resolver import MentionContext, Resolution, Resolver
from zhiren.ingest.pipeline import Pipeline, Summary
from zhiren.ingest.readers.sheng import read_sheng
from zhiren.ingest.triple_mapping import TripleMapping
from zhiren.nlp.extract import Extractor
from zhiren.ontology.sync import TRIPLES
from zhiren.services.manager import status as services_status
from zhiren.settings import Settings, load_settings
from zhiren.store.derived import SEARCH, Sink
from zhiren.store.factory import open_graph, open_search, open_triples
from zhiren.store.graph.base import GraphBatch, GraphStore
from zhiren.store.search.sync import search_sink
from zhiren.store.triples.base import TripleStore

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤盛翁"
)
# Characters of given names, most used first (drawn with weights 1/rank^s).  秦 and 晋 are left
# out, as they were when 秦朝, 晋季 … inside a name made nlp.dates raise (fixed since): the
# letters stay the same as in earlier figures.
GIVEN_CHARS = "".join(
    dict.fromkeys(
        "文德元之国正宗祖家世士大永兆光明宏炳树善成承学昌荣锡福寿泰应恩鸿章华鼎廷汝维绍继守怀宣思敬仁义礼智"
        "信忠孝廉良方允孚安邦济时道显懋庆祥瑞麟凤鹏骏英杰贤俊彦修齐治平和顺康宁靖熙春秋梅兰竹松柏桂芳馨香"
        "玉金銮璋琳琪瑜珍宝钧锦绶纶纯绪经纬则其如若有为克以尔乃志远达通观望朝钰铭镛镇铎衡权谦让恭俭温毅"
        "刚健敏惠慈友悌诚笃实心性情景星辰云霖雨露泽润涛澜海江河湖川源泉溪池渊深浩瀚洪清澄湛淳厚重振声"
        "扬耀辉煌灿烂炜烜焕炎勋猷绩业基培坤城垣堂墀堃山岳峰嵩岱崇峻巍岩嵘楚湘鄂蜀黔滇桐梓榆楷模范式典"
        "伯仲叔季孟子少幼君臣佐辅弼翼赞襄协同廷庭韶华蕴藻芝蘅荃蕙兰苏菁莹萱葆蔚蘩藩蕃茂荫葵蓉莲荷蔼"
        "逸遂遵述迪逢运进连迈遐适造选钟鍾銓镜鉴锐镐铨锟鑫焜熔炳烈然照熊燕燮煦爵牧特犀狮猷璞瑛琦琨瑶璇"
        "璜瓒璧环珊珏琰琛瑗瑄璐璟曜旭昕晖晟晏晨暄曙暾旦昊昱昶晓晔显普景智暐曦东南西北中上正伟传佑侃"
        "俊保信修倬傅僖儒兴冠冲凝凯刘勉勤勷华协博卿厚原发叙吉同启周咏哲唐善嘉器坚垲埙城培基堃增壁壮奎"
        "奇奉奕嫱孙孚季宇守安宏宗官定宜宪家容宾富寅实宽寿封尊尚崇巍川州巩希广庆庸廉延建弘强彝彪彬彭"
        "征徽德志忠念怡恒恕恺悦惇惟愈慎慧懋成戬才抡拯振授掞敏敦文斌新方旌旗昆昌明昭晖智曾朗朝本杭"
    )
)
COURTESY_FIRSTS = "子伯仲叔季孟元少幼彦君仲"
ART_CHARS = "山水云石竹梅松鹤斋庵轩亭园堂居溪林泉樵渔耕读愚拙懒痴瘦寒秋冬月雪霜烟霞虹蕉桐荷菊兰"
ART_SUFFIXES = ("", "", "", "居士", "山人", "老人", "道人")
OFFICES = ("宫保", "中堂", "制军", "观察", "京卿", "侍郎", "中丞", "方伯")
# Clauses in the register of late-Qing letters (no names in them): bodies are drawn from these.
CLAUSES = (
    "前奉手书，敬悉一切。", "铁路借款之事，已与诸公商定，请即派员接收。", "款项甚巨，须妥为筹画。",
    "电报局商股收齐，谨将清册奉上。", "招商局近日账目已核，另册呈览。", "汉厂煤焦不敷，亟宜设法接济。",
    "学堂经费支绌，恳请设法拨助。", "诸事平顺，毋庸远念。", "谨此布复，敬请钧安。", "容再面商。",
    "昨接来电，备悉种切。", "各处纱厂情形，另函详陈。", "轮船往来，均属妥协。",
)  # fmt: skip
CLAUSE_TEXT = "".join(CLAUSES)
REIGNS = (("光绪", 1875, 34), ("宣统", 1909, 3))
NUMERALS = "一二三四五六七八九十"
# The archive's owner (盛宣怀 in the Sheng archive) writes or receives this share of the letters.
OWNER_SHARE = 0.5
# Correspondents per person in the authority, and the share of a letter's persons drawn from the
# sender's correspondents.
CORRESPONDENTS = 2
OWNER_CORRESPONDENTS = 2_000
FROM_CORRESPONDENTS = 0.3


def chinese_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + ("十" if tens else "") + (NUMERALS[ones - 1] if ones else "")


class Draw:
    """Weighted draws of characters, most frequent first (weights 1/rank^s)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._cumulative: dict[tuple[str, float], list[float]] = {}

    def char(self, pool: str, s: float) -> str:
        cumulative = self._cumulative.get((pool, s))
        if cumulative is None:
            cumulative = self._cumulative[pool, s] = list(accumulate(1 / (r + 1) ** s for r in range(len(pool))))
        return pool[bisect(cumulative, self.rng.random() * cumulative[-1])]


@dataclass
class SyntheticPerson:
    person: Person
    names: list[Name]
    correspondents: list[SyntheticPerson] = field(default_factory=list)

    def name(self, kind: NameType) -> str | None:
        return next((n.text for n in self.names if n.type == kind), None)

    def alive(self, year: int) -> bool:
        born, died = self.person.birth, self.person.death
        return (born is None or born.year is None or born.year + 20 <= year) and (
            died is None or died.year is None or year <= died.year
        )


def _year(year: int) -> HistDate:
    return HistDate(str(year), year, precision=Precision.YEAR)


def _name(person_id: str, text: str, kind: NameType, preferred: bool = False) -> Name:
    """Names as ingest builds them (the key folded as name_key folds it), without romanisations
    (the resolver never reads them)."""
    return Name(f"{person_id}-{kind.name}", person_id, text, kind, key=name_key(text), preferred=preferred)


def synthetic_person(i: int, draw: Draw) -> SyntheticPerson:
    rng = draw.rng
    pid = f"pb{i:07d}"
    surname = draw.char(SURNAMES, 0.7)
    given = draw.char(GIVEN_CHARS, 0.5) + ("" if rng.random() < 0.08 else draw.char(GIVEN_CHARS, 0.5))
    names = [_name(pid, surname + given, NameType.GIVEN, preferred=True)]
    styles = []
    if rng.random() < 0.75:
        first = draw.char(COURTESY_FIRSTS, 0.3) if rng.random() < 0.3 else draw.char(GIVEN_CHARS, 0.4)
        styles.append((first + draw.char(GIVEN_CHARS, 0.4), NameType.COURTESY))
    if rng.random() < 0.35:
        styles.append(
            (draw.char(GIVEN_CHARS, 0.3) + draw.char(ART_CHARS, 0.3) + rng.choice(ART_SUFFIXES), NameType.ART)
        )
    # A 字 or 号 that is a word of the letters' prose (学堂) would be found in every letter: not drawn.
    names += [_name(pid, text, kind) for text, kind in styles if text not in CLAUSE_TEXT]
    if rng.random() < 0.015:
        names.append(_name(pid, surname + rng.choice(OFFICES), NameType.TITLE))
    born = rng.randrange(1760, 1890) if rng.random() < 0.85 else None
    died = min(1930, born + rng.randrange(25, 86)) if born else None
    person = Person(pid, surname + given, birth=_year(born) if born else None, death=_year(died) if died else None)
    return SyntheticPerson(person, names)


def authority(n: int, seed: int = 11) -> list[SyntheticPerson]:
    """Person 0 is the archive's owner; the rest are drawn."""
    draw = Draw(random.Random(seed))
    owner_id = "pb0000000"
    owner = SyntheticPerson(
        Person(owner_id, "盛宣怀", birth=_year(1844), death=_year(1916)),
        [
            _name(owner_id, "盛宣怀", NameType.GIVEN, preferred=True),
            _name(owner_id, "杏荪", NameType.COURTESY),
            _name(owner_id, "愚斋", NameType.ART),
            _name(owner_id, "盛宫保", NameType.TITLE),
        ],
    )
    persons = [owner, *(synthetic_person(i, draw) for i in range(1, n))]
    _draw_correspondents(persons, random.Random(seed + 1))
    return persons


def _draw_correspondents(persons: Sequence[SyntheticPerson], rng: random.Random) -> None:
    """Each person wrote to CORRESPONDENTS others (drawn, and known to the authority as WROTE_TO):
    what a library's earlier ingests leave behind, and the evidence the resolver weighs."""
    owner, *others = persons
    for person in persons:
        drawn = rng.sample(others, min(len(others), OWNER_CORRESPONDENTS if person is owner else CORRESPONDENTS))
        for other in drawn:
            if other is not person and other not in person.correspondents:
                person.correspondents.append(other)
                other.correspondents.append(person)


def correspondence(persons: Sequence[SyntheticPerson]) -> list[Relation]:
    """The correspondents as WROTE_TO relations, one per pair."""
    return [
        Relation(f"rb-{p.person.id}-{o.person.id}", RelationType.WROTE_TO, p.person.id, o.person.id)
        for p in persons
        for o in p.correspondents
        if p.person.id < o.person.id
    ]


def collisions(persons: Sequence[SyntheticPerson]) -> str:
    """How ambiguous the authority is: bearers per name key, by kind of name."""
    parts = []
    for kind in (NameType.GIVEN, NameType.COURTESY, NameType.TITLE):
        bearers = Counter(n.key for p in persons for n in p.names if n.type == kind)
        shared = sum(c for c in bearers.values() if c > 1) / max(1, sum(bearers.values()))
        parts.append(f"{kind.value}: {shared:.0%} shared, max {max(bearers.values(), default=0)} per key")
    return "; ".join(parts)


def load_authority(graph: GraphStore, persons: Sequence[SyntheticPerson], batch: int = 10_000) -> None:
    """Straight into the graph, as bench/bench_store_load.py does (the ingest under test reads only the graph)."""
    for start in range(0, len(persons), batch):
        chunk = persons[start : start + batch]
        graph.write(GraphBatch(persons=[p.person for p in chunk], names=[n for p in chunk for n in p.names]))
    relations = correspondence(persons)
    for start in range(0, len(relations), batch):
        graph.write(GraphBatch(relations=relations[start : start + batch]))


@dataclass
class Planted:
    """A name the generator put in a letter, and who it means (None: a person the authority lacks)."""

    surface: str
    name_type: str
    role: str
    person_id: str | None


@dataclass
class Letter:
    year: int
    sender: SyntheticPerson
    recipient: SyntheticPerson
    planted: list[Planted]


class LetterWriter:
    def __init__(self, persons: Sequence[SyntheticPerson], rng: random.Random) -> None:
        self.persons, self.rng = persons, rng
        self.keys = {n.key for p in persons for n in p.names}

    def someone(self, year: int) -> SyntheticPerson:
        while not (person := self.rng.choice(self.persons)).alive(year):
            pass
        return person

    def stranger(self) -> str:
        """A full name no person of the authority has: a new person for the ingest."""
        while (name := self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN_CHARS, k=2))) in self.keys:
            pass
        return name

    def mention(self, year: int, sender: SyntheticPerson) -> Planted:
        """A person of the body (a correspondent of the sender's, at times): by full name, 字,
        surname + 字, title, or a stranger's full name."""
        known = [p for p in sender.correspondents if p.alive(year)]
        person = self.rng.choice(known) if known and self.rng.random() < FROM_CORRESPONDENTS else self.someone(year)
        full, courtesy, title = (person.name(k) for k in (NameType.GIVEN, NameType.COURTESY, NameType.TITLE))
        draw = self.rng.random()
        if draw < 0.15:
            return Planted(self.stranger(), "full", "mentioned", None)
        if draw < 0.3 and courtesy:
            return Planted(courtesy, "courtesy", "mentioned", person.person.id)
        if draw < 0.42 and courtesy:
            return Planted(full[0] + courtesy, "courtesy", "mentioned", person.person.id)
        if draw < 0.47 and title:
            return Planted(title, "title", "mentioned", person.person.id)
        return Planted(full, "full", "mentioned", person.person.id)

    def letter(self) -> tuple[Letter, str, str]:
        """The letter's persons, its date (reign year and month) and its text."""
        rng = self.rng
        reign, first, years = rng.choice(REIGNS)
        reign_year = rng.randrange(1, years + 1)
        year = first + reign_year - 1
        pair = [self.persons[0], self.someone(year)] if rng.random() < OWNER_SHARE else [self.someone(year)] * 2
        while pair[0] is pair[1]:
            pair[1] = self.someone(year)
        sender, recipient = pair if rng.random() < 0.5 else pair[::-1]
        salutation = recipient.name(NameType.COURTESY) or recipient.person.preferred_name
        given = sender.person.preferred_name[1:]
        signature = given if len(given) == 2 and rng.random() < 0.6 else sender.person.preferred_name
        planted = [
            Planted(salutation, "courtesy", "recipient", recipient.person.id),
            *(self.mention(year, sender) for _ in range(rng.randrange(1, 5))),
            Planted(signature, "given", "sender", sender.person.id),
        ]
        length = rng.randrange(200, 2000)
        clauses: list[str] = []
        while sum(map(len, clauses)) < length:
            clauses.append(rng.choice(CLAUSES))
        for body_mention in planted[1:-1]:
            at = rng.randrange(len(clauses))
            clauses[at] = f"{body_mention.surface}{rng.choice(('来函', '处', '所言', '到沪'))}，" + clauses[at]
        text = f"{salutation}仁兄大人阁下：{''.join(clauses)}弟{signature}顿首。"
        date = f"{reign}{chinese_number(reign_year)}年{chinese_number(rng.randrange(1, 13))}月"
        return Letter(year, sender, recipient, planted), date, text


def write_letters(path: Path, count: int, writer: LetterWriter, prefix: str) -> list[Letter]:
    letters = []
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["档号", "题名", "发文者", "收文者", "时间", "文种", "全文"])
        for i in range(count):
            letter, date, text = writer.letter()
            sender, recipient = letter.sender.person.preferred_name, letter.recipient.person.preferred_name
            out.writerow([f"{prefix}-{i:07d}", f"{sender}致{recipient}函", sender, recipient, date, "函", text])
            letters.append(letter)
    return letters


# Stages of the writer threads, which run beside the main thread's and each other's (their
# shares overlap).
WRITER_STAGES = ("write", "index", TRIPLES)  # threads beside the main one: the graph writers and the follower
SHENG_ARCHIVE = 178_633  # items: the target is the whole archive in under 10 minutes


@dataclass
class RunFigures:
    letters_per_s: float
    steady_per_s: float  # without the gazetteer load, which a run pays once
    loading_s: float
    mentions_per_s: float
    shares: dict[str, float]
    cpu_ms: tuple[float, float]  # per letter: this process (all threads), the extraction workers
    beside_ms: dict[str, float]  # per letter: the live processes beside it (Oxigraph's worker, each server)
    summary: Summary


def ingest_run(
    graph: GraphStore, settings: Settings, csv_path: Path, items: int, processes: int, triples: TripleStore | None
) -> RunFigures:
    search = open_search(settings)
    extractor = Extractor(statistical=False, n_process=processes)  # built per run, as the CLI does
    sinks: dict[str, Sink] = {SEARCH: search_sink(graph, search)}
    cpu = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    beside = cpu_beside(settings)
    started = time.perf_counter()
    with ExitStack() as stack:
        if triples is not None:  # as `zhiren ingest` does; the mapping process ends (and counts) with the run
            sinks[TRIPLES] = stack.enter_context(TripleMapping(settings, graph, triples))
        pipeline = Pipeline(graph, search, batch_size=200, extractor=extractor, sinks=sinks)
        with pipeline.summary.stage("read"):
            parsed = list(read_sheng(csv_path, []))
        summary = pipeline.ingest_documents(parsed, lambda n: None)
    elapsed = time.perf_counter() - started
    search.close()
    main_cpu, workers_cpu = (
        _cpu_seconds(resource.getrusage(who)) - _cpu_seconds(before)
        for who, before in zip((resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN), cpu, strict=True)
    )
    beside = {k: 1000 * (v - beside.get(k, 0.0)) / items for k, v in cpu_beside(settings).items()}
    loading = summary.seconds.get("gazetteer", 0.0)
    return RunFigures(
        items / elapsed,
        items / (elapsed - loading),
        loading,
        summary.mentions / elapsed,
        {k: v / elapsed for k, v in summary.seconds.items()},
        (1000 * main_cpu / items, 1000 * workers_cpu / items),
        beside,
        summary,
    )


def _cpu_seconds(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def cpu_beside(settings: Settings) -> dict[str, float]:
    """CPU seconds so far of the processes an ingest's work also runs in that rusage does not count
    until they end: this process's live children (the embedded triple store's worker; extraction
    workers and the mapping process end with a run and count among its children) and the servers
    `zhiren services` runs that the backends use (they serve nobody else during a bench, one hopes).
    Read from /proc (Linux); a process that is gone counts nothing."""
    found = {"this process's live children": sum(cpu_seconds(pid) for pid in descendants(os.getpid()))}
    used = {settings.graph, settings.search, settings.triples}
    found |= {s.name: cpu_seconds(s.pid) for s in services_status(settings) if s.pid is not None and s.name in used}
    return found


def letter_contexts(letter: Letter) -> Iterator[tuple[MentionContext, str | None]]:
    """The letter's names in the order the pipeline resolves them, with the evidence it gives each
    (the catalogue's persons and the persons linked before it) and the person each means."""
    sender, recipient = letter.sender.person, letter.recipient.person
    catalogue = {"sender": [sender.id], "recipient": [recipient.id]}
    yield MentionContext(sender.preferred_name, "full", letter.year, role="sender"), sender.id
    yield MentionContext(recipient.preferred_name, "full", letter.year, (sender.id,), role="recipient"), recipient.id
    for p in letter.planted:
        pair = (sender.id, recipient.id)
        yield MentionContext(p.surface, p.name_type, letter.year, pair, None, p.role, catalogue), p.person_id


@dataclass
class Latency:
    p50: float
    p95: float
    outcomes: Counter[str]  # how each mention was decided, against the person it means

    def outcome_line(self) -> str:
        o = self.outcomes
        known = o.total() - o["stranger: new"] - o["stranger: linked"]
        queued = o["queued, right first"] + o["queued, another first"]
        return (
            f"of {known:,} mentions of authority persons: linked right {o['linked right'] / known:.1%}, "
            f"linked wrong {o['linked wrong'] / known:.2%}, queued {queued / known:.1%} "
            f"(the right person first in {o['queued, right first'] / max(queued, 1):.0%}), "
            f"missed {o['missed'] / known:.1%}; of {o.total() - known:,} strangers' mentions, "
            f"linked to someone {o['stranger: linked'] / max(o.total() - known, 1):.1%}"
        )


def _outcome(resolution: Resolution, expected: str | None) -> str:
    if expected is None:
        return "stranger: linked" if resolution.decision == "link" else "stranger: new"
    if resolution.decision == "link":
        return "linked right" if resolution.person_id == expected else "linked wrong"
    if resolution.decision == "review":
        return "queued, right first" if resolution.person_id == expected else "queued, another first"
    return "missed"


def latency(graph: GraphStore, letters: Sequence[Letter], sample: int) -> Latency:
    """p50 and p95 in ms of Resolver.resolve straight on the store (no cache; a resolver per
    letter), and how its decisions compare with the persons the generator meant."""
    timings: list[float] = []
    outcomes: Counter[str] = Counter()
    for letter in letters:
        resolver = Resolver(graph)
        for context, expected in letter_contexts(letter):
            started = time.perf_counter()
            resolution = resolver.resolve(context)
            timings.append((time.perf_counter() - started) * 1000)
            outcomes[_outcome(resolution, expected)] += 1
        if len(timings) >= sample:
            break
    return Latency(statistics.median(timings), statistics.quantiles(timings, n=20)[-1], outcomes)


def median_shares(runs: Sequence[RunFigures], writer: bool) -> str:
    stages = [
        stage for stage in dict.fromkeys(s for run in runs for s in run.shares) if (stage in WRITER_STAGES) == writer
    ]
    return "  ".join(f"{s} {statistics.median(r.shares.get(s, 0.0) for r in runs):.0%}" for s in stages)


def clear(settings: Settings, graph: GraphStore, triples: TripleStore | None) -> None:
    graph.clear()
    search = open_search(settings)
    search.clear()
    search.close()
    if triples is not None:
        triples.clear()


def bench_backend(
    settings: Settings, label: str, persons: Sequence[SyntheticPerson], args: argparse.Namespace, tmp: Path
) -> None:
    graph = open_graph(settings)
    triples = open_triples(settings) if args.triples else None
    clear(settings, graph, triples)
    started = time.perf_counter()
    load_authority(graph, persons)
    print(f"  {label}: loaded {len(persons):,} persons in {time.perf_counter() - started:.1f}s")
    if args.warmup:  # letters of their own (another seed): the counted runs' letters stay the same
        csv_path = tmp / "letters-warmup.csv"
        write_letters(csv_path, args.warmup, LetterWriter(persons, random.Random(4)), "W")
        figures = ingest_run(graph, settings, csv_path, args.warmup, args.processes, triples)
        print(f"    warm-up run, not counted: {args.warmup:,} letters, {figures.letters_per_s:,.0f} letters/s")
    writer = LetterWriter(persons, random.Random(5))
    runs, letters = [], []
    for run in range(args.runs):
        csv_path = tmp / f"letters-{run}.csv"
        letters = write_letters(csv_path, args.items, writer, f"B{run}")
        figures = ingest_run(graph, settings, csv_path, args.items, args.processes, triples)
        s = figures.summary
        print(
            f"    run {run + 1}: {figures.letters_per_s:,.0f} letters/s ({figures.steady_per_s:,.0f} after the "
            f"gazetteer load), {figures.mentions_per_s:,.0f} mentions/s; {s.mentions:,} mentions: linked {s.linked:,}, "
            f"queued {s.queued:,}, unlinked {s.unlinked:,}, persons created {s.persons_created:,}"
        )
        runs.append(figures)
    loading, steady = statistics.median(r.loading_s for r in runs), statistics.median(r.steady_per_s for r in runs)
    print(
        f"    median of {len(runs)}: {statistics.median(r.letters_per_s for r in runs):,.0f} letters/s, "
        f"{steady:,.0f} after the gazetteer load, "
        f"{statistics.median(r.mentions_per_s for r in runs):,.0f} mentions/s"
    )
    print(
        f"    the Sheng archive at these medians: {loading:.1f}s of gazetteer load + {SHENG_ARCHIVE:,} letters "
        f"at {steady:,.0f}/s = {(loading + SHENG_ARCHIVE / steady) / 60:.1f} min (target: under 10)"
    )
    print(f"    share of wall clock (median): main thread {median_shares(runs, False)}")
    print(f"      writer threads, beside the main thread and each other: {median_shares(runs, True)}")
    stage_cpu = {
        s: statistics.median(1000 * r.summary.cpu_seconds.get(s, 0.0) / r.summary.read for r in runs)
        for s in runs[0].summary.cpu_seconds
    }
    by_stage = "  ".join(f"{s} {ms:.2f}" for s, ms in stage_cpu.items())
    print(f"    CPU per letter by stage, ms (median; each in its own thread): {by_stage}")
    if args.triples:
        behind = statistics.median(r.summary.seconds.get("behind at the end", 0.0) for r in runs)
        print(f"    the triple store held what the graph holds {behind:.1f}s after the last letter was written")
    main_cpu, workers_cpu = (statistics.median(r.cpu_ms[i] for r in runs) for i in (0, 1))
    beside = {k: statistics.median(r.beside_ms.get(k, 0.0) for r in runs) for k in runs[0].beside_ms}
    print(
        f"    CPU per letter (median): {main_cpu:.2f} ms in this process (the gazetteer load included), "
        f"{workers_cpu:.2f} ms in the processes that ended with the run (extraction workers, triple mapping), "
        + ", ".join(f"{ms:.2f} ms in {name}" for name, ms in beside.items())
    )
    in_ingest = statistics.median(1000 * r.summary.seconds.get("resolve", 0.0) / r.summary.mentions for r in runs)
    # The same mentions twice: first unseen by the server (its page cache and JIT cold for these
    # keys), then again, as a service answering repeated queries sees them.
    for when in ("first pass", "second pass"):
        timed = latency(graph, letters, args.latency_sample)
        print(
            f"    resolver over {len(persons):,} persons, {timed.outcomes.total():,} mentions straight on the store, "
            f"{when}: p50 {timed.p50:.2f} ms, p95 {timed.p95:.2f} ms "
            f"(inside the ingest: {in_ingest:.2f} ms per mention)"
        )
    print(f"    its decisions: {timed.outcome_line()}")
    clear(settings, graph, triples)
    graph.close()
    if triples is not None:
        triples.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--items", type=int, default=2000, help="letters per run")
    parser.add_argument("--authority", type=int, default=50_000, help="persons in the authority")
    parser.add_argument("--runs", type=int, default=3, help="runs per backend (medians are printed)")
    parser.add_argument(
        "--warmup",
        type=int,
        default=500,
        help="letters of an uncounted first run: a server just started runs its first minute several times slower",
    )
    parser.add_argument("--processes", type=int, default=2, help="extraction processes (Extractor n_process)")
    parser.add_argument("--latency-sample", type=int, default=2000, help="mentions timed for the resolver latency")
    parser.add_argument("--only", default="embedded,servers")
    parser.add_argument(
        "--triples",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="sync the triple store too, as `zhiren ingest` does (embedded Oxigraph; Fuseki with the servers)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    persons = authority(args.authority)
    print(
        f"ingest: {args.items:,} letters × {args.runs} runs, authority of {args.authority:,} persons "
        f"(generated in {time.perf_counter() - started:.1f}s; {collisions(persons)}), fast mode, "
        f"{args.processes} extraction process(es), triple store {'synced' if args.triples else 'off'}"
    )
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        base = replace(load_settings(), data_dir=tmp, es_index_prefix="zhiren-bench")
        if "embedded" in args.only:
            bench_backend(base, "embedded", persons, args, tmp)
        if "servers" in args.only:
            url = base.fuseki_url.rstrip("/") + "-test"  # the tests' dataset: a bench never clears the served one
            servers = replace(base, graph="neo4j", search="elasticsearch", triples="fuseki", fuseki_url=url)
            bench_backend(servers, "neo4j+elasticsearch", persons, args, tmp)


if __name__ == "__main__":
    main()
