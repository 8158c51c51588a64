"""Person page render time for a well-documented person, on each graph backend.

Generates one person with M mentions (each in its own dated letter of about 600 characters,
the person as sender or recipient), C correspondents (the letters shared among them, a WROTE_TO
edge each way with its evidence), and kin (father, grandfather, three wives, six sons with a son
each), then times GET /person/<id> through the Flask app (record read, batched reads, template)
R times. Prints p50/p95 (wall) and the CPU the process spent per page, the page size, and, in
the same run, what reading each correspondent with its own get_person call would cost
(the way the page read them before get_persons). Target: p50 ≤ 300 ms at 2,000 mentions and
300 correspondents.

    python bench/bench_pages.py [--mentions 2000] [--correspondents 300] [--repeat 20] [--only embedded,neo4j]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from zhiren.app import create_app
from zhiren.authority.model import (
    Document,
    DocumentKind,
    HistDate,
    Mention,
    MentionRole,
    Person,
    Precision,
    Relation,
    RelationType,
)
from zhiren.settings import Settings, load_settings
from zhiren.store.factory import open_graph
from zhiren.store.graph.base import GraphBatch

PREFIX = "bpages"  # ids of this bench's rows (Neo4j is shared: nothing else is touched); main adds the sizes
FILLER = "前奉手书，敬悉一切。电报局务，诸事繁重，务望妥为经理，勿稍懈怠。" * 20


def person(i: int | str, name: str, **facts: Any) -> Person:
    return Person(f"{PREFIX}_p{i}", name, **facts)


def generate(mentions: int, correspondents: int) -> GraphBatch:
    """The person, their letters and correspondents, and their kin."""
    me = person("main", "盛宣怀", gender="male", birth=HistDate("1844", 1844), death=HistDate("1916", 1916))
    others = [person(c, f"通信人{c:03d}", gender="male") for c in range(correspondents)]
    documents, rows, evidence = [], [], {}
    for i in range(mentions):
        other = others[i % correspondents]
        outgoing = i % 2 == 0
        year = 1870 + i % 45
        date = HistDate(f"光绪{year - 1874}年", year, 1 + i % 12, 1 + i % 28, Precision.DAY)
        title = f"{'盛宣怀致' + other.preferred_name if outgoing else other.preferred_name + '致盛宣怀'}函 {i}"
        text = f"杏荪仁兄大人阁下：{FILLER[: 560]}弟{other.preferred_name}顿首。"
        document = Document(f"{PREFIX}_d{i}", DocumentKind.LETTER, title, text, date, "盛宣怀档案")
        documents.append(document)
        role = MentionRole.SENDER if outgoing else MentionRole.RECIPIENT
        features = {
            "decision": "link",
            "candidates": [
                {"person_id": me.id, "name": "盛宣怀", "score": 1.0,
                 "features": {"name": 0.45, "only_candidate": 0.35, "life_dates": 0.25}}
            ],
        }  # fmt: skip
        mention = Mention(f"{PREFIX}_m{i}", document.id, 0, 2, "杏荪", me.id, role, "extract", 1.0, features=features)
        rows.append(mention)
        ends = (me.id, other.id) if outgoing else (other.id, me.id)
        evidence.setdefault(ends, []).append(mention.id)
    relations = [
        Relation(f"{PREFIX}_r{source}_{target}", RelationType.WROTE_TO, source, target, evidence=ids)
        for (source, target), ids in evidence.items()
    ]
    kin = [person("father", "盛康", gender="male"), person("grandfather", "盛隆", gender="male")]
    relations.append(Relation(f"{PREFIX}_rf", RelationType.FATHER_OF, kin[0].id, me.id, attributes={"birth_order": 1}))
    relations.append(Relation(f"{PREFIX}_rg", RelationType.FATHER_OF, kin[1].id, kin[0].id))
    for w, kind in enumerate(("配", "继配", "继配")):
        wife = person(f"wife{w}", f"{'董刁庄'[w]}氏", gender="female")
        kin.append(wife)
        relations.append(Relation(f"{PREFIX}_rw{w}", RelationType.SPOUSE_OF, me.id, wife.id, attributes={"kind": kind}))
    for s in range(6):
        son, grandson = person(f"son{s}", f"盛{s}颐", gender="male"), person(f"grandson{s}", f"盛{s}孙", gender="male")
        kin += [son, grandson]
        order = {"birth_order": s + 1}
        relations.append(Relation(f"{PREFIX}_rs{s}", RelationType.FATHER_OF, me.id, son.id, attributes=order))
        relations.append(Relation(f"{PREFIX}_rgs{s}", RelationType.FATHER_OF, son.id, grandson.id))
    return GraphBatch(persons=[me, *others, *kin], documents=documents, mentions=rows, relations=relations)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def bench(settings: Settings, args: argparse.Namespace) -> None:
    graph = open_graph(settings)
    graph.migrate()
    started = time.perf_counter()
    graph.write(generate(args.mentions, args.correspondents))
    print(f"  generated and written in {time.perf_counter() - started:.1f} s")
    app = create_app(settings)
    client = app.test_client()
    url = f"/person/{PREFIX}_pmain"
    response = client.get(url)  # warm-up (templates compiled, caches filled)
    assert response.status_code == 200, (response.status_code, response.get_data(as_text=True)[-600:])
    body = response.get_data(as_text=True)
    assert body.count('<tr id="with-') == args.correspondents, "every correspondent listed"
    times, cpu = [], []
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        status = client.get(url).status_code
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert status == 200, f"the page answered {status} (another client cleared the shared store?)"
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    print(f"  page: p50 {p50:.0f} ms, p95 {p95:.0f} ms over {args.repeat} renders; {len(body) / 1e6:.1f} MB of HTML")
    cpu50 = statistics.median(cpu)
    print(f"  CPU of this process per page (app, embedded store; wall waits on a busy machine too): p50 {cpu50:.0f} ms")
    ids = [f"{PREFIX}_p{c}" for c in range(args.correspondents)]
    one_by_one, batched = [], []
    for _ in range(5):
        started = time.perf_counter()
        for person_id in ids:
            graph.get_person(person_id, mention_limit=0)
        one_by_one.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        graph.get_persons(ids)
        batched.append((time.perf_counter() - started) * 1000)
    a, b = statistics.median(one_by_one), statistics.median(batched)
    n = args.correspondents
    print(f"  {n} correspondents: one get_person each {a:.0f} ms, get_persons {b:.1f} ms ({a / b:.0f}x)")
    print(f"  target p50 <= 300 ms: {'met' if p50 <= 300 else 'NOT met'}")
    app.extensions["zhiren"].close()
    graph.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mentions", type=int, default=2000)
    parser.add_argument("--correspondents", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", default="embedded,neo4j", help="graph backends, comma-separated")
    args = parser.parse_args()
    global PREFIX  # one set of rows per size: a smaller run must not read a larger run's mentions
    PREFIX = f"bpages{args.mentions}x{args.correspondents}"
    print(f"person page: {args.mentions} mentions, {args.correspondents} correspondents")
    with tempfile.TemporaryDirectory() as folder:
        for backend in args.only.split(","):
            print(f"{backend}:")
            settings = replace(load_settings(), graph=backend, data_dir=Path(folder) / backend)
            bench(settings, args)


if __name__ == "__main__":
    main()
