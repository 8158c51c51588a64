"""Search under load: generated letters and persons, 8 clients against the running app, and the engine raw.

Generates persons (surname + given name, a 字 and a 号 with their romanisations, birth in a Qing
reign, a native place) and letters at realistic sizes (150–400 characters: an epistolary
salutation and signature around clauses cut at random from real classical prose — the CHisIEC
training text in ../shared/data, else a few built-in formulas — some naming generated persons;
a reign date, a kind and a collection), indexes
them through the SearchIndex adapter, starts ``zhiren serve`` on them, and runs CLIENTS threads
for SECONDS with a mix of queries drawn from the generated data: a person by name, 字 after the
surname or pinyin; a quoted phrase of a letter; a word with kind and era filters; a name with one
wrong character; suggest prefixes as typed; and one character (a surname, or a character of the
prose as often as the prose writes it: 之 is the commonest), which ranks by fields
(store.search.query). Then, in the same run, the same queries straight to the engine with the
same concurrency: for Elasticsearch the identical request bodies through
the client (no app, no HTTP server of ours); the embedded index has no server, so its "raw" is
the adapter called in-process. Prints p50/p95/p99 and queries/s per query kind and backend, and
app / raw ratios; then the engine again with one client ("raw1"), the latency without queueing.
Where the time goes: each run's CPU a query of the app server and of Elasticsearch's process (from
/proc), and Elasticsearch's own ``took`` for the raw queries ("took", "took1").

    python bench/bench_search.py [--documents 1000000] [--persons 500000] [--embedded-documents 200000]
        [--embedded-persons 100000] [--clients 8] [--seconds 60] [--only embedded,elasticsearch]
        [--keep FOLDER] [--es-prefix zhiren-bench-search]

Targets (issue 21): Elasticsearch p95 <= 50 ms search, <= 20 ms suggest, app <= 1.3x raw;
embedded at 200,000 documents p95 <= 100 ms. Elasticsearch needs `zhiren services up`.
What single queries cost on an embedded index kept with --keep: bench/search_cpu.py.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlencode

from proc_cpu import cpu_seconds

from zhiren.authority.model import Document, DocumentKind, HistDate, NameType, Person, PersonRecord, Precision
from zhiren.authority.names import build_name
from zhiren.nlp.romanize import display_forms
from zhiren.services.manager import status as services_status
from zhiren.settings import Settings, load_settings
from zhiren.store.factory import open_search
from zhiren.store.search.analysis import query_runs, suggest_prefix
from zhiren.store.search.base import IndexEntry, SearchIndex, SearchQuery
from zhiren.store.search.elasticsearch import ElasticsearchSearchIndex
from zhiren.store.search.entries import document_entry, person_entry
from zhiren.store.search.query import parse

CLASSICAL_TEXT = Path(__file__).resolve().parents[2] / "shared" / "data" / "ner" / "chisiec" / "train.txt"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤盛翁"
)
GIVEN = (
    "文武德仁义礼智信忠孝廉国家宣怀杏荪愚斋之洞鸿章蔚芝康泰安平和顺福寿荣华春秋梅兰竹菊山水云月"
    "世凯坤一观应元善韶同龢謇季直治颖侯正翔莲珊夔石岘庄慰亭叔平啬庵旭人勖存达香涛少荃敬恒树棠"
    "汝霖嘉猷士宏其昌承志绍基锡祺荫桓恩溥光熙延年兆麟秉钧景濂鼎芬寿彭鹏翰墨林泉松柏"
)
CLAUSES = (
    "前奉手书敬悉一切", "铁路总公司事宜并望详筹", "汉阳铁厂归商承办", "电报局商股收齐", "招商局近日账目已核",
    "借款合同已阅大致尚妥", "惟利息一款尚须力争", "章程已与各领事议定", "请即转电各省", "款项甚巨须借洋债",
    "经费支绌恳请设法拨助", "纱厂开车在即", "所借官机乞允展限", "煤矿运道宜速修", "和约善后望公主持",
    "会期已定请示行止", "学堂添设电机科", "海关事务渐有头绪", "家中均安毋庸远念", "各线通报如常",
    "奉旨饬议谨先奉闻", "容再面商", "伏乞裁夺", "谨此布复", "专此顺颂台安", "敬请钧安",
)  # fmt: skip
REIGNS = (("同治", 1862, 13), ("光绪", 1875, 34), ("宣统", 1909, 3))
PLACES = ("武进", "南皮", "合肥", "太仓", "香山", "上虞", "仁和", "新宁", "项城", "常熟", "南通", "吴县", "钱塘")
COLLECTIONS = ("盛宣怀档案", "张之洞档案", "名人手稿", "招商局档案")
KINDS = (DocumentKind.LETTER, DocumentKind.TELEGRAM, DocumentKind.MANUSCRIPT)
BATCH = 2000
ES_PREFIX = "zhiren-bench-search"
MIX = (("person", 30), ("phrase", 20), ("faceted", 20), ("fuzzy", 15), ("suggest", 15), ("char", 10))
TARGETS = {
    "elasticsearch": "p95 <= 50 ms search, <= 20 ms suggest; app <= 1.3x raw",
    "embedded": "p95 <= 100 ms at 200,000 documents",
}


@dataclass(frozen=True)
class GeneratedPerson:
    name: str
    courtesy: str
    art: str


def _name(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(GIVEN) for _ in range(size))


def generate_persons(n: int, seed: int = 11) -> Iterator[tuple[GeneratedPerson, IndexEntry]]:
    rng = random.Random(seed)
    for i in range(n):
        pid = f"pb{i:07d}"
        full = rng.choice(SURNAMES) + _name(rng, rng.choice((1, 2, 2, 2)))
        generated = GeneratedPerson(full, _name(rng, 2), _name(rng, 2))
        reign, first, years = rng.choice(REIGNS[:2])
        year = first + rng.randrange(years)
        birth = HistDate(f"{reign}{rng.randrange(1, years + 1)}年", year - 40, precision=Precision.YEAR)
        person = Person(pid, full, birth=birth, native_place=rng.choice(PLACES))
        names = [
            build_name(pid, full, NameType.GIVEN, preferred=True),
            build_name(pid, generated.courtesy, NameType.COURTESY),
            build_name(pid, generated.art, NameType.ART),
        ]
        yield generated, person_entry(PersonRecord(person, names, [], []))


def prose() -> str:
    """Real classical prose to cut clauses from: CHisIEC's training text (one character per line)."""
    if not CLASSICAL_TEXT.exists():
        print(f"  {CLASSICAL_TEXT} absent: clauses from {len(CLAUSES)} built-in formulas (far more repetitive)")
        return "".join(CLAUSES)
    lines = CLASSICAL_TEXT.read_text("utf-8").splitlines()
    return "".join(line.split("\t", 1)[0] for line in lines if line.strip())


def generate_letters(
    n: int, persons: list[GeneratedPerson], text: str, samples: list[str], seed: int = 13
) -> Iterator[IndexEntry]:
    """Letters; every 1,000th body is kept in ``samples`` for the phrase queries."""
    rng = random.Random(seed)
    for i in range(n):
        sender, recipient = rng.choice(persons), rng.choice(persons)
        body = [f"{recipient.courtesy}仁兄大人阁下："]
        while sum(map(len, body)) < rng.randint(150, 400):
            start = rng.randrange(len(text) - 16)
            clause = text[start : start + rng.randint(6, 14)]
            if rng.random() < 0.2:
                clause = rng.choice(persons).name + clause
            body.append(clause + rng.choice("，。；"))
        body.append(f"弟{sender.name}顿首。")
        if i % 1000 == 0:
            samples.append("".join(body))
        reign, first, years = rng.choice(REIGNS)
        reign_year = rng.randrange(1, years + 1)
        document = Document(
            f"db{i:08d}",
            rng.choice(KINDS),
            f"{sender.name}致{recipient.name}函",
            "".join(body),
            date=HistDate(f"{reign}{reign_year}年", first + reign_year - 1, precision=Precision.YEAR),
            collection=rng.choice(COLLECTIONS),
        )
        yield document_entry(document, [])


def batched(entries: Iterator[IndexEntry], size: int) -> Iterator[list[IndexEntry]]:
    batch: list[IndexEntry] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def load(index: SearchIndex, n_documents: int, n_persons: int, text: str, samples: list[str]) -> list[GeneratedPerson]:
    """Generate and index; an index kept by an earlier run of the same sizes (--keep) is only
    regenerated in memory, for the queries (the generators are seeded)."""
    write = index.count() != n_documents + n_persons
    if write:
        index.clear()
    started = time.perf_counter()
    persons: list[GeneratedPerson] = []
    pending: list[IndexEntry] = []
    for generated, entry in generate_persons(n_persons):
        persons.append(generated)
        if write:
            pending.append(entry)
        if len(pending) == BATCH:
            index.index(pending)
            pending = []
    if pending:
        index.index(pending)
    verb = "indexed" if write else "generated (index kept from an earlier run)"
    print(f"  {n_persons:,} persons {verb} in {time.perf_counter() - started:,.0f} s", flush=True)
    started = time.perf_counter()
    for batch in batched(generate_letters(n_documents, persons, text, samples), BATCH):
        if write:
            index.index(batch)
    index.refresh()
    print(f"  {n_documents:,} letters {verb} in {time.perf_counter() - started:,.0f} s", flush=True)
    return persons


@dataclass(frozen=True)
class Probe:
    """One query of the mix: its kind, the app URL path, and the adapter call it makes."""

    kind: str
    path: str
    search: SearchQuery | None = None
    prefix: str = ""


def _one_off(rng: random.Random, name: str) -> str:
    at = rng.randrange(len(name))
    return name[:at] + rng.choice(GIVEN.replace(name[at], "")) + name[at + 1 :]


def probes(persons: list[GeneratedPerson], samples: list[str], text: str, n: int, seed: int = 17) -> list[Probe]:
    rng = random.Random(seed)
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    out: list[Probe] = []
    while len(out) < n:
        kind, person = rng.choice(kinds), rng.choice(persons)
        if kind == "suggest":
            prefix = rng.choice([person.name[:2], display_forms(person.name).pinyin[:6]])
            out.append(Probe(kind, "/api/suggest?" + urlencode({"q": prefix}), prefix=prefix))
            continue
        if kind == "person":
            q = rng.choice([person.name, person.name[0] + person.courtesy, display_forms(person.name).wade_giles])
            query = SearchQuery(q)
        elif kind == "phrase":
            sample = rng.choice(samples)
            start = rng.randrange(len(sample) - 5)
            query = SearchQuery(f'"{sample[start : start + 4]}"')
        elif kind == "char":  # one character: a surname, or a character of the prose as often as it is written (之)
            query = SearchQuery(rng.choice([person.name[0], text[rng.randrange(len(text))]]))
        elif kind == "faceted":
            start = rng.randrange(len(text) - 2)
            filters = {"kind": "letter", "era": rng.choice(REIGNS)[0]}
            query = SearchQuery(text[start : start + 2], type="document", filters=filters)
        else:
            query = SearchQuery(_one_off(rng, person.name) if len(person.name) >= 3 else person.name + person.art[0])
        if not query_runs(query.q):  # a window of punctuation: nothing to search for
            continue
        args = {"q": query.q, "type": query.type, **query.filters}
        out.append(Probe(kind, "/api/search?" + urlencode({k: v for k, v in args.items() if v}), search=query))
    return out


def percentiles(samples: list[float]) -> str:
    if len(samples) < 2:
        return "no samples"
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return f"p50 {cuts[49]:7.1f}  p95 {cuts[94]:7.1f}  p99 {cuts[98]:7.1f} ms"


Latencies = dict[str, list[float]]


def hammer(clients: int, seconds: float, work: Callable[[int], Callable[[Probe], None]], mix: list[Probe]) -> Latencies:
    """CLIENTS threads, each running the mix from its own offset until SECONDS pass; ms per query by kind."""
    deadline = time.perf_counter() + seconds
    found: Latencies = {}
    lock = threading.Lock()

    def client(number: int) -> None:
        run = work(number)
        mine: Latencies = {}
        i = number * len(mix) // clients
        while time.perf_counter() < deadline:
            probe = mix[i % len(mix)]
            started = time.perf_counter()
            run(probe)
            mine.setdefault(probe.kind, []).append((time.perf_counter() - started) * 1000)
            i += 1
        with lock:
            for kind, samples in mine.items():
                found.setdefault(kind, []).extend(samples)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return found


def report(label: str, latencies: Latencies, seconds: float) -> dict[str, float]:
    """Print per kind and for search / suggest; returns the p95 of search and suggest."""
    searches = [ms for kind, samples in latencies.items() if kind != "suggest" for ms in samples]
    suggests = latencies.get("suggest", [])
    for kind, samples in sorted(latencies.items()):
        print(f"    {label} {kind:<8} n={len(samples):>6}  {percentiles(samples)}", flush=True)
    total = len(searches) + len(suggests)
    print(f"    {label} search   n={len(searches):>6}  {percentiles(searches)}", flush=True)
    print(f"    {label} suggest  n={len(suggests):>6}  {percentiles(suggests)}", flush=True)
    print(f"    {label} all      {total / seconds:,.0f} queries/s", flush=True)
    p95 = {}
    for name, samples in (("search", searches), ("suggest", suggests)):
        if len(samples) >= 2:
            p95[name] = statistics.quantiles(samples, n=100, method="inclusive")[94]
            p95[name + "_p50"] = statistics.median(samples)
    return p95


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(settings: Settings) -> tuple[subprocess.Popen[bytes], int]:
    """`zhiren serve` on the bench's stores, in its own process, once /health answers."""
    port = free_port()
    env = {
        **os.environ,
        "ZHIREN_DATA_DIR": str(settings.data_dir),
        "ZHIREN_SEARCH": settings.search,
        "ZHIREN_GRAPH": "embedded",
        "ZHIREN_ES_INDEX_PREFIX": settings.es_index_prefix,
    }
    command = [str(Path(sys.executable).parent / "zhiren"), "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return server, port
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"zhiren serve did not answer on port {port} within 60 s")


def app_worker(port: int) -> Callable[[int], Callable[[Probe], None]]:
    def make(_: int) -> Callable[[Probe], None]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

        def run(probe: Probe) -> None:
            connection.request("GET", probe.path)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise SystemExit(f"{probe.path}: HTTP {response.status}: {body[:200]!r}")

        return run

    return make


def raw_worker(index: SearchIndex, took: Latencies | None = None) -> Callable[[int], Callable[[Probe], None]]:
    """Elasticsearch: the adapter's own request bodies, built ahead, sent through the client, each
    answer's ``took`` (the engine's own milliseconds, its queue included) kept by kind in ``took``;
    embedded: the adapter in-process (the engine is a library)."""

    def make(_: int) -> Callable[[Probe], None]:
        if isinstance(index, ElasticsearchSearchIndex):
            requests: dict[str, dict[str, object]] = {}  # by the probe's URL path: one per query

            def run_es(probe: Probe) -> None:
                if probe.path not in requests:
                    requests[probe.path] = (
                        index.search_request(probe.search, parse(probe.search.q))
                        if probe.search
                        else index.suggest_request(suggest_prefix(probe.prefix), 10)
                    )
                answer = index.client.search(**requests[probe.path])  # type: ignore[arg-type]
                if took is not None:
                    took.setdefault(probe.kind, []).append(float(answer["took"]))

            return run_es

        def run_embedded(probe: Probe) -> None:
            if probe.search:
                index.search(probe.search)
            else:
                index.suggest(probe.prefix)

        return run_embedded

    return make


def warm(index: SearchIndex, raw: Callable[[int], Callable[[Probe], None]], mix: list[Probe]) -> None:
    """Each probe once before timing: the engine's caches and ours start alike for both runs."""
    run = raw(0)
    for probe in mix:
        run(probe)


def engine_pid(settings: Settings) -> int | None:
    """Elasticsearch's process (from the pid file `zhiren services` keeps; shared, so another's
    queries count in its CPU too); None for the embedded index, a library in the caller's process."""
    if settings.search == "embedded":
        return None
    return next((s.pid for s in services_status(settings) if s.name == "elasticsearch" and s.pid), None)


def cpu_per_query(label: str, latencies: Latencies, spent: dict[str, float]) -> None:
    """CPU milliseconds a query of the processes in ``spent`` (CPU seconds over the run)."""
    queries = sum(map(len, latencies.values()))
    shares = "  ".join(f"{name} {seconds * 1000 / queries:.2f}" for name, seconds in spent.items())
    print(f"    {label} CPU a query (ms): {shares}", flush=True)


def bench(settings: Settings, documents: int, persons: int, clients: int, seconds: float, keep: bool) -> None:
    print(f"\n{settings.search}: {documents:,} letters + {persons:,} persons, {clients} clients x {seconds:.0f} s")
    index = open_search(settings)
    try:
        text, samples = prose(), []
        generated = load(index, documents, persons, text, samples)
        mix = probes(generated, samples, text, 2000)
        warm(index, raw_worker(index), mix)
        engine = engine_pid(settings)
        server, port = serve(settings)
        try:
            before = cpu_seconds(server.pid), cpu_seconds(engine) if engine else 0.0
            found = hammer(clients, seconds, app_worker(port), mix)
            spent = {"app server": cpu_seconds(server.pid) - before[0]}
            if engine:
                spent["elasticsearch"] = cpu_seconds(engine) - before[1]
            app = report("app", found, seconds)
            cpu_per_query("app", found, spent)
        finally:
            server.terminate()
            server.wait()
        took: Latencies = {}
        before = time.process_time(), cpu_seconds(engine) if engine else 0.0
        found = hammer(clients, seconds, raw_worker(index, took), mix)
        spent = {"this process (clients; embedded: the engine too)": time.process_time() - before[0]}
        if engine:
            spent["elasticsearch"] = cpu_seconds(engine) - before[1]
        raw = report("raw", found, seconds)
        cpu_per_query("raw", found, spent)
        if took:
            report("took", took, seconds)  # the engine's own time of the raw run's queries
        # One client: what a query costs the engine when it need not share the cores with seven
        # others (on two cores, the 8-client figures are mostly time spent waiting for a core).
        took = {}
        report("raw1", hammer(1, seconds / 4, raw_worker(index, took), mix), seconds / 4)
        if took:
            report("took1", took, seconds / 4)
        print(f"    load average {os.getloadavg()[0]:.1f} (the other work on the machine)", flush=True)
        for name in ("search", "suggest"):
            if name in app and name in raw:
                p50 = app[name + "_p50"] / raw[name + "_p50"]
                print(f"    {name} app / raw: p50 {p50:.2f}x  p95 {app[name] / raw[name]:.2f}x", flush=True)
        print(f"    target: {TARGETS[settings.search]}", flush=True)
    finally:
        if not keep:
            index.clear()
        index.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=1_000_000, help="letters on Elasticsearch")
    parser.add_argument("--persons", type=int, default=500_000, help="persons on Elasticsearch")
    parser.add_argument("--embedded-documents", type=int, default=200_000)
    parser.add_argument("--embedded-persons", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--only", default="embedded,elasticsearch")
    parser.add_argument(
        "--es-prefix", default=ES_PREFIX,
        help="Elasticsearch index prefix: engineers sharing one server each load their own (cleared unless --keep)",
    )  # fmt: skip
    parser.add_argument(
        "--keep", type=Path, metavar="FOLDER",
        help="keep the generated indexes (embedded in FOLDER, Elasticsearch under its bench prefix) and reuse them"
        " on the next run with the same sizes",
    )  # fmt: skip
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="zhiren-bench-search-"))
    try:
        for backend in args.only.split(","):
            settings = replace(
                load_settings(), search=backend, data_dir=folder / backend, es_index_prefix=args.es_prefix
            )
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            sizes = (
                (args.embedded_documents, args.embedded_persons)
                if backend == "embedded"
                else (args.documents, args.persons)
            )
            bench(settings, *sizes, args.clients, args.seconds, keep=args.keep is not None)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
