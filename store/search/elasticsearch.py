"""The Elasticsearch search index: official client (major 8, like the server), an index template
created idempotently, bulk writes, and the shared analysis units in whitespace-analyzed fields.

The index is reached through an alias so a future `reindex` can build a new index and swap.
Queries mirror the embedded FTS5 adapter: every query term is a phrase over the units
fields, summed with the same boosts, so both backends rank alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers

from zhiren.errors import BackendUnavailable, StoreRejected
from zhiren.settings import Settings
from zhiren.store.search.analysis import name_units, snippet, suggest_prefix, text_units
from zhiren.store.search.base import (
    BM25_WEIGHTS,
    FACET_FIELDS,
    TIER_SCALE,
    Hit,
    IndexEntry,
    SearchQuery,
    SearchResult,
    Suggestion,
    best_suggestions,
    did_you_mean,
    match_label,
)
from zhiren.store.search.keys import KEY_TIERS, SIMILAR, TEXT, TIER_LABELS, written_keys
from zhiren.store.search.query import Clause, Conjunction, ParsedQuery, QueryTerm, parse

# Each item's id (it names a rejected document), status and error: the whole reply is
# several times larger and its parsing costs the client time on every batch.
BULK_REPLY = "items.*._id,items.*.status,items.*.error"
UNIT_FIELDS = dict(zip(("title_units", "body_units", "name_units"), BM25_WEIGHTS, strict=True))
# One keyword field per key tier (store.search.keys), so a match says its tier by the field.
KEY_FIELDS = {tier: f"keys_{TIER_LABELS[tier]}" for tier in KEY_TIERS}
NAMING_KEY_FIELDS = tuple(f for t, f in KEY_FIELDS.items() if t > 0)  # a person's exact keys, no masks
# A match by a similar name only scores this: below every text hit (BM25 stays far above it).
SIMILAR_SCORE = 1e-4
FACET_BUCKETS = 50
NAMED = "named_by_key"  # the aggregation of the persons a romanised query names (search_request)
SUGGESTIONS = "names"  # the completion suggester's name in a suggest request
# A suggestion's weight falls with its key's length: the completion suggester returns the
# heaviest first, so the closest completions come first as the embedded suggester orders them.
LONGEST_KEY = 64


def _suggest_weight(key: str) -> int:
    return max(1, LONGEST_KEY + 1 - len(key))


def connect_elasticsearch(settings: Settings) -> ElasticsearchSearchIndex:
    """A client for ``settings.es_url``, checked now so a down server is reported at once."""
    auth = (settings.es_user, settings.es_password) if settings.es_user else None
    client = Elasticsearch(settings.es_url, basic_auth=auth, request_timeout=30)
    try:
        client.cluster.health(wait_for_status="yellow", timeout="10s")
    except (TransportError, ApiError) as exc:
        client.close()
        raise BackendUnavailable(f"Elasticsearch at {settings.es_url}", type(exc).__name__) from None
    return ElasticsearchSearchIndex(client, settings.es_index_prefix, settings.es_url)


def _reason(item: dict[str, Any]) -> str:
    """The engine's reason for refusing one bulk item: its error type and message, else its status."""
    error = item.get("error")
    if isinstance(error, dict):
        return f"{error.get('type', 'error')}: {error.get('reason', '')}".strip()
    return str(error) if error else f"status {item.get('status')}"


def _mapping() -> dict[str, Any]:
    units = {"type": "text", "analyzer": "whitespace", "similarity": "BM25"}
    return {
        "dynamic": "strict",
        "properties": {
            "id": {"type": "keyword"},
            "type": {"type": "keyword"},
            "title": {"type": "text", "analyzer": "standard"},
            "text": {"type": "text", "analyzer": "standard"},
            "names": {"type": "keyword"},
            "year": {"type": "integer"},
            "year_end": {"type": "integer"},
            **{field: units for field in UNIT_FIELDS},
            **{field: {"type": "keyword"} for field in FACET_FIELDS},
            **{field: {"type": "keyword"} for field in KEY_FIELDS.values()},
            # One FST entry per (person, key): a prefix is completed in memory, best first, and
            # each person comes back once with its best key (a prefix query over keywords scored
            # every match alike and returned an arbitrary few of them).
            "suggest": {"type": "completion", "analyzer": "keyword", "max_input_length": LONGEST_KEY},
            "suggest_pairs": {"type": "keyword", "index": False, "doc_values": False},
            "data": {"type": "object", "enabled": False},
        },
    }


def _term(term: QueryTerm, by_fields: bool = False) -> dict[str, Any]:
    """One phrase (or one-character prefix) over the unit fields, boosted like FTS5's bm25 weights;
    ``by_fields`` (ParsedQuery.field_scored): each field it is in scores its weight, as FTS5 is asked."""
    clauses: list[dict[str, Any]]
    phrase = " ".join(term.tokens)
    if term.prefix:  # scored as its boost, so a query holding one character ranks by fields (store.search.query)
        clauses = [
            {"prefix": {f: {"value": term.tokens[0], "boost": w, "rewrite": "constant_score"}}}
            for f, w in UNIT_FIELDS.items()
        ]
    elif by_fields:  # a word beside a character (铁路 of 盛 铁路), or one romanised word
        clauses = [
            {"constant_score": {"filter": {"match_phrase": {f: phrase}}, "boost": w}} for f, w in UNIT_FIELDS.items()
        ]
    else:
        clauses = [{"match_phrase": {f: {"query": phrase, "boost": w}}} for f, w in UNIT_FIELDS.items()]
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def _conjunction(terms: Conjunction, by_fields: bool) -> dict[str, Any]:
    return {"bool": {"must": [_term(t, by_fields) for t in terms]}}


def _clause(clause: Clause, by_fields: bool = False) -> dict[str, Any]:
    alternatives = [_conjunction(a, by_fields) for a in clause.alternatives]
    return {"bool": {"should": alternatives, "minimum_should_match": 1}}


def _tier(matched: Sequence[str]) -> float:
    """The best tier among a hit's named queries (a text match is tier 0, above a similar name)."""
    tiers = [tier for tier, label in TIER_LABELS.items() if label in matched]
    return max(tiers, default=TEXT)


class ElasticsearchSearchIndex:
    name = "elasticsearch"
    searches_in_process = False

    def __init__(self, client: Elasticsearch, prefix: str, url: str = "") -> None:
        self.client = client
        self.prefix = prefix
        self.alias = f"{prefix}-entries"
        self.url = url

    def _guard(self, exc: TransportError) -> BackendUnavailable:
        return BackendUnavailable(f"Elasticsearch at {self.url}", type(exc).__name__)

    def _rejected(self, exc: helpers.BulkIndexError, operation: str) -> StoreRejected:
        """The items a bulk reply refused, each with its id and the engine's reason."""
        items = [item for error in exc.errors for item in error.values()]
        failures = [(str(item.get("_id")), _reason(item)) for item in items]
        return StoreRejected(f"Elasticsearch at {self.url}", operation, failures)

    def setup(self) -> None:
        try:
            self.client.indices.put_index_template(
                name=f"{self.prefix}-entries",
                index_patterns=[f"{self.alias}-*"],
                template={"settings": {"number_of_shards": 1, "number_of_replicas": 0}, "mappings": _mapping()},
            )
            if not self.client.indices.exists_alias(name=self.alias):
                self.client.indices.create(index=f"{self.alias}-1", aliases={self.alias: {}})
            else:  # an index made by an earlier version gains the fields added since (reindex fills them)
                self.client.indices.put_mapping(index=self.alias, properties=_mapping()["properties"])
        except TransportError as exc:
            raise self._guard(exc) from None

    def _document(self, entry: IndexEntry) -> dict[str, Any]:
        """The indexed source. Tuples rather than lists: tuples of strings leave the garbage
        collector's watch at once, so bulk batches in memory don't trigger full collections."""
        pairs = entry.suggest_keys()
        return {
            "id": entry.id,
            "type": entry.type,
            "title": entry.title,
            "text": entry.text,
            "names": entry.names,
            "year": entry.year,
            "year_end": entry.year_end,
            "title_units": text_units(entry.title),
            "body_units": entry.body_units(),
            "name_units": name_units(entry.names, entry.romanisations),
            **{field: tuple(dict.fromkeys(entry.facets.get(field, ()))) for field in FACET_FIELDS},
            "suggest": [{"input": key, "weight": _suggest_weight(key)} for key in dict.fromkeys(k for _, k in pairs)],
            # which name each key is of, kept so a suggestion needs no romanising at query time
            "suggest_pairs": tuple((key, name) for name, key in pairs),  # kept in _source as is
            **{field: tuple(k for k, t in entry.keys.items() if t == tier) for tier, field in KEY_FIELDS.items()},
            "data": entry.data,
        }

    def index(self, entries: Sequence[IndexEntry]) -> None:
        actions = ({"_index": self.alias, "_id": e.id, "_source": self._document(e)} for e in entries)
        try:
            helpers.bulk(self.client, actions, chunk_size=1000, raise_on_error=True, filter_path=BULK_REPLY)
        except TransportError as exc:
            raise self._guard(exc) from None
        except helpers.BulkIndexError as exc:
            raise self._rejected(exc, "index") from None

    def delete(self, ids: Sequence[str]) -> None:
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": i} for i in ids)
        try:
            # An id not in the index is already deleted; any other refusal is reported.
            helpers.bulk(self.client, actions, raise_on_error=True, ignore_status=(404,), filter_path=BULK_REPLY)
        except TransportError as exc:
            raise self._guard(exc) from None
        except helpers.BulkIndexError as exc:
            raise self._rejected(exc, "delete") from None

    def refresh(self) -> None:
        self.client.indices.refresh(index=self.alias)

    def _query(self, query: SearchQuery, parsed: ParsedQuery) -> dict[str, Any]:
        filters: list[dict[str, Any]] = []
        if query.type:
            filters.append({"term": {"type": query.type}})
        for field, value in sorted(query.filters.items()):
            filters.append({"term": {field: value}})
        if query.year_to is not None:
            filters.append({"range": {"year": {"lte": query.year_to}}})
        if query.year_from is not None:
            # the entry's last year (a person's death, else its year) is in the range or after it
            ends_after = {"range": {"year_end": {"gte": query.year_from}}}
            no_end = {
                "bool": {
                    "must_not": {"exists": {"field": "year_end"}},
                    "filter": {"range": {"year": {"gte": query.year_from}}},
                }
            }
            filters.append({"bool": {"should": [ends_after, no_end], "minimum_should_match": 1}})
        if not parsed.clauses:
            return {"bool": {"must": [{"match_all": {}}], "filter": filters}}
        text: dict[str, Any] = {
            "bool": {
                "must": [_clause(c, bool(parsed.field_scored)) for c in parsed.positive],
                "must_not": [_clause(c) for c in parsed.negative],
                "_name": TIER_LABELS[TEXT],
            }
        }
        if not parsed.keys:
            return {"bool": {"must": [text], "filter": filters}}
        tiers = [
            {
                "constant_score": {
                    "filter": {"terms": {field: list(parsed.keys)}},
                    "boost": SIMILAR_SCORE if tier == SIMILAR else TIER_SCALE * tier,
                    "_name": TIER_LABELS[tier],
                }
            }
            for tier, field in KEY_FIELDS.items()
        ]
        scored = [text, {"dis_max": {"queries": tiers}}]
        return {"bool": {"should": scored, "minimum_should_match": 1, "filter": filters}}

    def search_request(self, query: SearchQuery, parsed: ParsedQuery) -> dict[str, Any]:
        """The keyword arguments of the engine call for ``query`` (bench/bench_search.py sends them raw).

        A romanised name query also asks, outside its filters, for the names and keys of the persons
        its key names, to highlight them (盛宣怀, but also 杏荪, 盛宫保, 宣怀) in texts that hold no Latin."""
        aggs: dict[str, Any] = {field: {"terms": {"field": field, "size": FACET_BUCKETS}} for field in FACET_FIELDS}
        if parsed.romanised_key:
            named = {"bool": {"should": [{"term": {f: parsed.romanised_key}} for f in NAMING_KEY_FIELDS]}}
            # the keys too: 宣怀 and 盛杏荪 are written in texts but are no stored name
            top = {"top_hits": {"size": 5, "_source": ["title", "names", *NAMING_KEY_FIELDS]}}
            aggs[NAMED] = {"global": {}, "aggs": {"named": {"filter": named, "aggs": {"titles": top}}}}
        return {
            "index": self.alias,
            "query": self._query(query, parsed),
            "from_": (max(query.page, 1) - 1) * query.size,
            "size": query.size,
            # equal scores (a one-character query's, browsing's): the earliest first, as the embedded index
            "sort": [{"_score": "desc"}, {"year": {"order": "asc", "missing": "_last"}}, {"id": "asc"}],
            "track_total_hits": True,
            "aggs": aggs,
            "source_includes": ["id", "type", "title", "text", "data"],
        }

    def search(self, query: SearchQuery) -> SearchResult:
        parsed = parse(query.q)
        try:
            response = self.client.search(**self.search_request(query, parsed))
        except TransportError as exc:
            raise self._guard(exc) from None
        aggregations = response["aggregations"]
        named = aggregations.get(NAMED, {}).get("named", {}).get("titles", {}).get("hits", {}).get("hits", [])
        highlights = parsed.highlighting(
            dict.fromkeys(
                n
                for h in named
                for s in [h["_source"]]
                for n in [
                    s["title"],
                    *s.get("names", ()),
                    *written_keys(k for f in NAMING_KEY_FIELDS for k in s.get(f, ())),
                ]
            )
        )
        hits = [
            Hit(
                h["_id"],
                s["type"],
                s["title"],
                float(h["_score"] or 0.0),
                snippet(s["text"] or s["title"], highlights),
                s["data"],
                match_label(_tier(h.get("matched_queries", ()))),
            )
            for h in response["hits"]["hits"]
            for s in [h["_source"]]
        ]
        facets = {
            field: sorted(((b["key"], b["doc_count"]) for b in agg["buckets"]), key=lambda kv: (-kv[1], kv[0]))
            for field, agg in aggregations.items()
            if field != NAMED
        }
        total = response["hits"]["total"]["value"]
        return SearchResult(total, hits, facets, query.page, query.size, did_you_mean(hits, query.page))

    def suggest_request(self, key: str, limit: int) -> dict[str, Any]:
        """The keyword arguments of the engine call for a folded prefix (bench/bench_search.py sends them raw).

        A suggest-only request: no query runs, only the completion suggester."""
        completion = {"field": "suggest", "size": limit * 5}
        return {
            "index": self.alias,
            "suggest": {SUGGESTIONS: {"prefix": key, "completion": completion}},
            "source_includes": ["title", "suggest_pairs"],
        }

    def suggest(self, prefix: str, limit: int = 10) -> list[Suggestion]:
        key = suggest_prefix(prefix)
        if not key:
            return []
        try:
            response = self.client.search(**self.suggest_request(key, limit))
        except TransportError as exc:
            raise self._guard(exc) from None
        rows = [
            (o["_id"], name, k, o["_source"]["title"])
            for o in response["suggest"][SUGGESTIONS][0]["options"]
            for k, name in o["_source"]["suggest_pairs"]
            if k.startswith(key)
        ]  # an entry indexed before `suggest` has none: `zhiren reindex` writes it
        return best_suggestions(rows, limit)

    def count(self) -> int:
        return int(self.client.count(index=self.alias)["count"])

    def clear(self) -> None:
        try:
            indices = list(self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            indices = []
        for index in indices:
            self.client.indices.delete(index=index)
        self.setup()

    def close(self) -> None:
        self.client.close()
