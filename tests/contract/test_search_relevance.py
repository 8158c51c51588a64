"""The relevance set (tests/fixtures/relevance/queries.jsonl) on every search backend Settings declares.

Each query names the results a scholar expects first (a person by any of its names, scripts,
romanisations or with one wrong character; the bearers of a surname by the surname alone; a
document by a phrase, a boolean query or a character beside a word). The
test prints success@1 and success@5 per backend and the share of queries whose first hit the
backends agree on, and holds success@1 ≥ 0.9 and agreement ≥ 95 %.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from tests.conftest import backend_choices
from tests.relevance_corpus import load_relevance_corpus
from zhiren.settings import Settings
from zhiren.store.factory import open_graph, open_search
from zhiren.store.search.base import SearchQuery
from zhiren.store.search.sqlite import SqliteSearchIndex

QUERIES = Path(__file__).resolve().parents[1] / "fixtures" / "relevance" / "queries.jsonl"
MIN_SUCCESS_AT_1 = 0.9
MIN_TOP1_AGREEMENT = 0.95


@dataclass(frozen=True)
class Judged:
    q: str
    kind: str
    expect: tuple[str, ...]  # ids any of which is a right first hit

    def success(self, ranked: list[str], k: int) -> bool:
        return any(i in self.expect for i in ranked[:k])


def relevance_set() -> list[Judged]:
    rows = [json.loads(line) for line in QUERIES.read_text("utf-8").splitlines() if line.strip()]
    return [Judged(r["q"], r["kind"], tuple(r["expect"])) for r in rows]


def top_five(settings: Settings, queries: list[Judged]) -> list[list[str]]:
    graph, search = open_graph(settings), open_search(settings)
    try:
        graph.clear()
        search.clear()
        load_relevance_corpus(graph, search)
        return [[h.id for h in search.search(SearchQuery(q.q, size=5)).hits] for q in queries]
    finally:
        search.clear()
        graph.close()
        search.close()


KINDS = (
    "script",
    "courtesy",
    "art",
    "surname+",
    "surname",
    "one-character name",
    "pinyin",
    "wade-giles",
    "ocr",
    "phrase",
    "boolean",
    "variant",
    "mixed",
)


def test_relevance_set_is_large_and_covers_every_kind() -> None:
    queries = relevance_set()
    assert len(queries) >= 60
    for kind in KINDS:
        assert any(kind in q.kind for q in queries), kind


def test_success_at_1_and_5_on_every_backend_and_their_agreement(
    tmp_path: Path, server_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    queries = relevance_set()
    ranked: dict[str, list[list[str]]] = {}
    for backend in backend_choices("search"):
        settings = replace(
            server_settings,
            graph="embedded",
            search=backend,
            data_dir=tmp_path / backend,
            es_index_prefix="zhiren-test-relevance",
        )
        ranked[backend] = top_five(settings, queries)
    lines, failures = [], []
    for backend, results in ranked.items():
        at1 = sum(q.success(r, 1) for q, r in zip(queries, results, strict=True)) / len(queries)
        at5 = sum(q.success(r, 5) for q, r in zip(queries, results, strict=True)) / len(queries)
        lines.append(f"{backend}: success@1 {at1:.3f}, success@5 {at5:.3f} over {len(queries)} queries")
        if at1 < MIN_SUCCESS_AT_1:
            missed = [q.q for q, r in zip(queries, results, strict=True) if not q.success(r, 1)]
            failures.append(f"{backend} success@1 {at1:.3f} < {MIN_SUCCESS_AT_1}; missed {missed}")
    first, *others = ranked
    for other in others:
        differ = [q.q for q, a, b in zip(queries, ranked[first], ranked[other], strict=True) if a[:1] != b[:1]]
        agree = 1 - len(differ) / len(queries)
        lines.append(f"top-1 agreement {first} / {other}: {agree:.3f} (differ on {differ})")
        if agree < MIN_TOP1_AGREEMENT:
            failures.append(f"top-1 agreement {agree:.3f} < {MIN_TOP1_AGREEMENT}; differ on {differ}")
    with capsys.disabled():
        print("\nrelevance set: " + "; ".join(lines))
    assert failures == [], failures


def test_the_embedded_index_ranks_the_set_alike_from_its_best_candidates(
    tmp_path: Path, server_settings: Settings
) -> None:
    """Every query ranked from its best candidates (store.search.sqlite.TOP_K_FROM lowered to one
    match; the corpus has none that many) gives the first page of 20 and a second of 5 it gives
    ranked whole, with the same totals and facet counts."""
    settings = replace(server_settings, graph="embedded", search="embedded", data_dir=tmp_path)
    graph, search = open_graph(settings), open_search(settings)
    try:
        graph.clear()
        search.clear()
        load_relevance_corpus(graph, search)
        assert isinstance(search, SqliteSearchIndex)
        candidates = SqliteSearchIndex(search.path, top_k_from=1)
        for page, size in ((1, 20), (2, 5)):
            for judged in relevance_set():
                query = SearchQuery(judged.q, page=page, size=size)
                whole, top = search.search(query), candidates.search(query)
                assert [(h.id, h.score, h.match) for h in top.hits] == [(h.id, h.score, h.match) for h in whole.hits]
                assert (top.total, top.facets) == (whole.total, whole.facets), (judged.q, page)
        candidates.close()
    finally:
        search.clear()
        graph.close()
        search.close()
