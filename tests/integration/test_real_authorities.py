"""Real authority data (../shared/data): every DDBC variant finds its person; homonyms stay apart."""

from __future__ import annotations

import random
from pathlib import Path

from tests.conftest import shared_data
from zhiren.authority.names import name_key
from zhiren.authority.resolver import MentionContext, Resolver
from zhiren.errors import InputError
from zhiren.ingest.pipeline import Pipeline
from zhiren.ingest.readers.biogref import read_biogref
from zhiren.store.graph.sqlite import SqliteGraphStore
from zhiren.store.search.sqlite import SqliteSearchIndex


def test_ddbc_persons_resolve_from_any_variant(tmp_path: Path) -> None:
    path = shared_data("authority/ddbc/biogref_ddbc_data.csv")
    graph, search = SqliteGraphStore(tmp_path / "g.sqlite"), SqliteSearchIndex(tmp_path / "s.sqlite")
    graph.migrate()
    search.setup()
    problems: list[InputError] = []
    persons = list(read_biogref(path, "ddbc", problems))
    summary = Pipeline(graph, search, batch_size=2000).ingest_seed(iter(persons), lambda n: None)
    assert summary.persons_created == graph.counts()["persons"] > 38_000
    assert graph.counts()["names"] > 65_000
    assert len(problems) < 50, problems[:5]  # rows of real data we refuse, each with file:line: field
    several = [p for p in persons if len({n.key for n in p.names}) >= 3]
    sample = random.Random(1).sample(several, 300)
    resolver = Resolver(graph)
    found = linked = 0
    for seed in sample:
        for name in seed.names:
            resolution = resolver.resolve(MentionContext(name.text, "other"))
            ids = [c.person_id for c in resolution.candidates]
            found += seed.person.id in ids
            linked += resolution.decision == "link" and resolution.person_id == seed.person.id
    variants = sum(len(s.names) for s in sample)
    print(f"DDBC: {variants} variants of 300 persons: candidate found {found / variants:.3f}, "
          f"linked by name alone {linked / variants:.3f}")
    assert found == variants
    graph.close()
    search.close()


def test_cbdb_homonyms_are_not_joined_by_name_alone(tmp_path: Path) -> None:
    path = shared_data("cbdb/golden/kaifeng_yin__People_UTF8.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    header = "primary_id,person_id,person_name,born_year,died_year,gender,jiguan,dynasty"
    rows = [line.split(",") for line in lines[1:]]
    seed = tmp_path / "cbdb.csv"
    seed.write_text(header + "\n" + "\n".join(f"{r[0]}:1,{r[0]},{r[1]},,,,,{r[4]}" for r in rows) + "\n",
                    encoding="utf-8")
    graph, search = SqliteGraphStore(tmp_path / "g.sqlite"), SqliteSearchIndex(tmp_path / "s.sqlite")
    graph.migrate()
    search.setup()
    Pipeline(graph, search).ingest_seed(read_biogref(seed, "cbdb", []), lambda n: None)
    homonyms = graph.find_persons_by_name(name_key("李繼和"))
    assert len(homonyms) == 2
    resolution = Resolver(graph).resolve(MentionContext("李繼和", "full"))
    assert resolution.decision == "review" and len(resolution.candidates) == 2
    graph.close()
    search.close()
