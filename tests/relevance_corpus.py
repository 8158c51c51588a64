"""The corpus the relevance set is judged on: the demo, CBDB's golden Song persons and a slice of
the DDBC authority (variant characters, homonyms), loaded into any pair of stores."""

from __future__ import annotations

from itertools import islice

from tests.conftest import shared_data
from tests.demo_fixture import load
from zhiren.errors import InputError
from zhiren.ingest.pipeline import Pipeline
from zhiren.ingest.readers.biogref import read_biogref
from zhiren.ingest.readers.cbdb import read_cbdb
from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex

DDBC_PERSONS = 2000  # the first persons of the DDBC authority: enough names to crowd the ranking


def load_relevance_corpus(graph: GraphStore, search: SearchIndex) -> None:
    load(graph, search)
    problems: list[InputError] = []
    warnings: list[InputError] = []
    cbdb = read_cbdb(
        shared_data("cbdb/golden/kaifeng_yin__People_UTF8.csv"),
        problems,
        warnings,
        kin=shared_data("cbdb/golden/wang_anshi_direct_kin.csv"),
    )
    ddbc = islice(read_biogref(shared_data("authority/ddbc/biogref_ddbc_data.csv"), "ddbc", problems), DDBC_PERSONS)
    for seeds in (cbdb, ddbc):
        Pipeline(graph, search, batch_size=500).ingest_seed(seeds, lambda n: None)
    assert problems == [], problems[:3]
    search.refresh()
