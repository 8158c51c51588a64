"""Load N synthetic persons (3 names, 2 relations, 5 mentions each) into every store adapter.

Prints rows/s (persons/s) per adapter per round and, in the same run, the medians over the
rounds and the ratio to a raw baseline on the same engine: Neo4j — one UNWIND CREATE of the same rows without our layer;
Elasticsearch — helpers.bulk of pre-built documents. Needs `zhiren services up` for servers.

    python bench/bench_store_load.py [--n 100000] [--rounds 3] [--only embedded,neo4j,elasticsearch]
"""

from __future__ import annotations

import argparse
import gc
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TypeVar

from elasticsearch import helpers
from neo4j import ManagedTransaction

from zhiren.authority.model import (
    Document,
    DocumentKind,
    Mention,
    Name,
    NameType,
    Person,
    Relation,
    RelationType,
    to_row,
)
from zhiren.authority.names import build_name
from zhiren.settings import Settings, load_settings
from zhiren.store.factory import open_graph, open_search
from zhiren.store.graph.base import GraphBatch
from zhiren.store.graph.neo4j import Neo4jGraphStore, _relation_row
from zhiren.store.search.base import IndexEntry
from zhiren.store.search.elasticsearch import ElasticsearchSearchIndex

T = TypeVar("T")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤盛"
)
GIVEN = "文武德仁义礼智信忠孝廉耻国家宣怀杏荪愚斋之洞鸿章蔚芝康泰安平和顺福寿喜乐荣华富贵春夏秋冬梅兰竹菊山水云月"


def synthetic(n: int, batch: int, seed: int = 7, mentions_per_person: int = 5) -> Iterator[GraphBatch]:
    """N persons in batches. ``mentions_per_person`` (>= 1) sets the footprint in triples: each mention
    maps to 12 triples, 60 of a person's ~116 at the default 5, so fewer reach the issue's 500,000
    persons at fewer triples. The letter relation's evidence is the second mention (the first if one)."""
    if mentions_per_person < 1:
        raise ValueError("a synthetic person needs at least one mention (its relations' evidence)")
    letter = min(1, mentions_per_person - 1)
    rng = random.Random(seed)
    for start in range(0, n, batch):
        persons, names, documents, mentions, relations = [], [], [], [], []
        for i in range(start, min(n, start + batch)):
            pid = f"p{i:08d}"
            full = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2))
            persons.append(Person(pid, full, birth=None))
            for k, (text, kind) in enumerate(
                (
                    (full, NameType.GIVEN),
                    ("".join(rng.choice(GIVEN) for _ in range(2)), NameType.COURTESY),
                    ("".join(rng.choice(GIVEN) for _ in range(2)), NameType.ART),
                )
            ):
                # Built as ingest builds them: key and romanisations computed once, with the name.
                names.append(replace(build_name(pid, text, kind, preferred=k == 0), id=f"n{i:08d}{k}"))
            doc_id = f"d{i // 10:07d}"
            if i % 10 == 0:
                documents.append(Document(doc_id, DocumentKind.LETTER, f"函{i}", full * 20))
            for k in range(mentions_per_person):
                mentions.append(Mention(f"m{i:08d}{k}", doc_id, k * 3, k * 3 + 3, full, pid))
            if i > 0:
                relations.append(
                    Relation(f"r{i:08d}a", RelationType.FATHER_OF, f"p{i - 1:08d}", pid, evidence=[f"m{i:08d}0"])
                )
                other = rng.randrange(0, i)
                relations.append(
                    Relation(f"r{i:08d}b", RelationType.WROTE_TO, pid, f"p{other:08d}", evidence=[f"m{i:08d}{letter}"])
                )
        yield GraphBatch(persons, names, documents, mentions, relations)


RAW_CREATE = """
UNWIND $persons AS p CREATE (x:RawPerson) SET x = p.person
WITH x, p UNWIND p.names AS n CREATE (x)-[:HAS_NAME]->(y:RawName) SET y = n
"""
RAW_DOCUMENTS = "UNWIND $rows AS d CREATE (x:RawDocument) SET x = d"
RAW_MENTIONS = """
UNWIND $rows AS m MATCH (d:RawDocument {id: m.document_id}), (p:RawPerson {id: m.person_id})
CREATE (x:RawMention)-[:IN]->(d) SET x = m CREATE (x)-[:REFERS_TO]->(p)
"""
RAW_RELATIONS = """
UNWIND $rows AS r MATCH (a:RawPerson {id: r.source_id}), (b:RawPerson {id: r.target_id})
CREATE (a)-[x:RAW_REL]->(b) SET x.id = r.id, x.evidence = r.evidence
"""


def timed(label: str, n: int, work: Callable[[], None]) -> float:
    """Persons/s by the wall clock; our CPU time beside it, since on a shared 2-core machine the
    wall clock of an in-process engine (SQLite) mostly measures the neighbours.

    A full collection first: the inputs built just before (~10^6 objects) would otherwise make
    the garbage collector's next full pass, ~1 s, fall inside whichever measurement comes next.
    """
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    work()
    rate = n / (time.perf_counter() - started)
    cpu_rate = n / max(time.process_time() - cpu, 1e-9)
    print(f"  {label:<48} {rate:>10,.0f} persons/s   (client CPU: {cpu_rate:,.0f} persons/s)", flush=True)
    return rate


def each(items: Iterable[T], write: Callable[[T], None]) -> None:
    for item in items:
        write(item)


class Tally:
    """Rates of each round; medians and their ratio at the end, as machine noise asks."""

    def __init__(self) -> None:
        self.rates: dict[str, list[float]] = {}

    def add(self, label: str, rate: float, counted: bool) -> None:
        if counted:
            self.rates.setdefault(label, []).append(rate)

    def report(self, ours: str, raw: str | None = None) -> None:
        median = {label: statistics.median(rates) for label, rates in self.rates.items()}
        for label, rate in median.items():
            print(f"  median of {len(self.rates[label])}: {label:<36} {rate:>10,.0f} persons/s", flush=True)
        if raw:
            print(f"  {ours.split(':')[0] + ': ours / raw (medians)':<46} {median[ours] / median[raw]:>10.2f}")


def neo4j_raw(store: Neo4jGraphStore, batches: list[GraphBatch]) -> Callable[[], None]:
    """The baseline: the same rows CREATEd by plain UNWIND statements, one transaction per batch."""
    driver, db = store.driver, store.database
    for label in ("RawPerson", "RawDocument"):
        driver.execute_query(f"CREATE INDEX raw_{label} IF NOT EXISTS FOR (p:{label}) ON (p.id)", database_=db)

    def write_batch(tx: ManagedTransaction, b: GraphBatch) -> None:
        names: dict[str, list[dict[str, object]]] = {}
        for name in b.names:
            names.setdefault(name.person_id, []).append(to_row(name))
        tx.run(RAW_CREATE, persons=[{"person": to_row(p), "names": names[p.id]} for p in b.persons]).consume()
        tx.run(RAW_DOCUMENTS, rows=[to_row(d) for d in b.documents]).consume()
        tx.run(RAW_MENTIONS, rows=[to_row(m) for m in b.mentions]).consume()
        tx.run(RAW_RELATIONS, rows=[_relation_row(r) for r in b.relations]).consume()

    def raw() -> None:
        for b in batches:
            with driver.session(database=db) as session:
                session.execute_write(write_batch, b)

    return raw


def neo4j_raw_clear(store: Neo4jGraphStore) -> None:
    with store.driver.session(database=store.database) as session:
        session.run(
            "MATCH (x) WHERE x:RawPerson OR x:RawName OR x:RawMention OR x:RawDocument "
            "CALL (x) { DETACH DELETE x } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


NEO4J_BASELINE = "neo4j: raw UNWIND CREATE (baseline)"


def bench_graph(settings: Settings, rounds: Rounds) -> None:
    tally, ours = Tally(), ""
    for batches, n, counted, data_dir in rounds:
        # A fresh folder per round: an embedded file emptied by clear() keeps a WAL and free pages
        # that slow the next load by a fifth, which no real first ingest meets.
        store = open_graph(replace(settings, data_dir=data_dir))
        ours = f"{store.name}: GraphStore.write"
        store.clear()
        tally.add(ours, timed(ours, n, partial(each, batches, store.write)), counted)
        store.clear()
        if isinstance(store, Neo4jGraphStore):
            tally.add(NEO4J_BASELINE, timed(NEO4J_BASELINE, n, neo4j_raw(store, batches)), counted)
            neo4j_raw_clear(store)
        store.close()
    tally.report(ours, NEO4J_BASELINE if settings.graph == "neo4j" else None)


def person_entries(batches: list[GraphBatch]) -> Iterator[list[IndexEntry]]:
    for b in batches:
        by_person: dict[str, list[Name]] = {}
        for name in b.names:
            by_person.setdefault(name.person_id, []).append(name)
        yield [
            IndexEntry(
                p.id,
                "person",
                p.preferred_name,
                p.preferred_name,
                [n.text for n in by_person[p.id]],
                romanisations={n.text: (n.pinyin, n.wade_giles) for n in by_person[p.id]},
            )
            for p in b.persons
        ]


def elasticsearch_raw(index: ElasticsearchSearchIndex, entries: list[list[IndexEntry]]) -> Callable[[], None]:
    """The baseline: helpers.bulk of the documents our layer would send, built before timing."""
    prebuilt = [[index._document(e) for e in chunk] for chunk in entries]

    def raw() -> None:
        for docs in prebuilt:
            helpers.bulk(
                index.client, ({"_index": index.alias, "_id": d["id"], "_source": d} for d in docs), chunk_size=1000
            )

    return raw


def bench_search(settings: Settings, rounds: Rounds) -> None:
    tally, ours, baseline = Tally(), "", "elasticsearch: helpers.bulk prebuilt (baseline)"
    for batches, n, counted, data_dir in rounds:
        entries = list(person_entries(batches))
        index = open_search(replace(settings, data_dir=data_dir))
        ours = f"{index.name}: SearchIndex.index"
        index.clear()
        # Ours first, on names it has not analysed yet; the baseline's documents are built after.
        tally.add(ours, timed(ours, n, partial(each, entries, index.index)), counted)
        if isinstance(index, ElasticsearchSearchIndex):
            raw = elasticsearch_raw(index, entries)
            index.clear()
            tally.add(baseline, timed(baseline, n, raw), counted)
        index.clear()
        index.close()
    tally.report(ours, baseline if settings.search == "elasticsearch" else None)


class Rounds:
    """Fresh synthetic persons for every round (another seed), built before timing, so no round
    finds its names already analysed by an earlier one; the first round, smaller, only warms the
    server (JIT, caches) and is not counted, since whichever side ran first used to pay for it."""

    def __init__(self, n: int, batch: int, count: int, folder: Path, first_seed: int) -> None:
        self.n, self.batch, self.count, self.folder, self.first_seed = n, batch, count, folder, first_seed

    def __iter__(self) -> Iterator[tuple[list[GraphBatch], int, bool, Path]]:
        """Each round's persons, their count, whether the round counts, and a data folder of its own."""
        warm = max(self.batch, self.n // 10)
        print(f" warm-up round ({warm:,} persons, not counted)", flush=True)
        for seed in range(self.count + 1):
            n = warm if seed == 0 else self.n
            if seed == 1:
                print(f" {self.count} counted rounds, ours and the baseline in turn", flush=True)
            folder = Path(tempfile.mkdtemp(dir=self.folder))
            yield list(synthetic(n, self.batch, seed=self.first_seed + seed)), n, seed > 0, folder
            shutil.rmtree(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="persons to load (default 100,000)")
    parser.add_argument("--batch", type=int, default=1_000, help="persons per write batch (as ZHIREN_BATCH_SIZE)")
    parser.add_argument("--rounds", type=int, default=3, help="counted rounds per adapter; medians are reported")
    parser.add_argument("--only", default="embedded,neo4j,elasticsearch")
    args = parser.parse_args()
    chosen = set(args.only.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        # Persons of their own for each adapter: the search adapters share the name analysis
        # caches, so Elasticsearch would find the embedded index's names already analysed.
        def rounds(adapter: int) -> Rounds:
            return Rounds(args.n, args.batch, args.rounds, Path(tmp), first_seed=7 + 100 * adapter)

        base = replace(load_settings(), data_dir=Path(tmp), es_index_prefix="zhiren-bench")
        print(f"store_load: {args.n:,} persons, 3 names, 2 relations, 5 mentions each; batches of {args.batch:,}")
        if "embedded" in chosen:
            bench_graph(base, rounds(0))
            bench_search(base, rounds(1))
        if "neo4j" in chosen:
            bench_graph(replace(base, graph="neo4j"), rounds(2))
        if "elasticsearch" in chosen:
            bench_search(replace(base, search="elasticsearch"), rounds(3))


if __name__ == "__main__":
    main()
