"""The reconciliation service's payloads (W3C Reconciliation API 0.2), parsed and checked.

OpenRefine sends ``queries`` and ``extend`` as one form field of JSON text. The checks
follow the spec's own schemas (``reconciliation-query-batch``, ``data-extension-query``):
a query has ``query`` or a non-empty ``properties`` and no other keys than the schema's
(so ``lang`` is refused: a language is chosen by the service's path). Every refusal is an
:class:`InputError` naming the field as ``queries.<qid>.properties[1].pid``, so a user of
OpenRefine, where one refused query fails the whole batch, sees which cell to fix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from zhiren.errors import InputError

# OpenRefine sends 10 queries per request; the manifest's batchSize says how many we take.
BATCH_SIZE = 10
DEFAULT_LIMIT = 5
MAX_LIMIT = 25
MAX_EXTEND_IDS = 100
QUERY_KEYS = frozenset({"query", "type", "limit", "properties", "type_strict"})
TYPE_STRICT = ("any", "should", "all")
PERSON_TYPE = "Person"


@dataclass(frozen=True)
class QueryProperty:
    """A property a query may constrain candidates by, and what the resolver makes of it."""

    id: str
    name: str
    description: str
    kind: str  # "year", "place" or "person": how a value is read


# The property ids a query may carry; their evidence is the resolver's own (see reconcile_match).
QUERY_PROPERTIES: dict[str, QueryProperty] = {
    p.id: p
    for p in (
        QueryProperty("birth_year", "birth year 生年", "the person was alive in this year (the resolver's life dates)",
                      "year"),
        QueryProperty("death_year", "death year 卒年", "the person was alive in this year (the resolver's life dates)",
                      "year"),
        QueryProperty("year", "active in year 在世之年", "a year the person was alive, e.g. the date of a letter",
                      "year"),
        QueryProperty("native_place", "native place 籍贯", "the person's native place (籍贯), any script", "place"),
        QueryProperty("related", "kin or correspondent 亲属或通信人",
                      "a person related by kinship or letters: a name in any script, or a reconciled {id, name}",
                      "person"),
    )
}


@dataclass(frozen=True)
class PropertyValue:
    """One value of a query property: text, or a reconciled entity's id."""

    text: str | None = None
    entity_id: str | None = None


@dataclass
class ReconQuery:
    key: str
    query: str
    types: tuple[str, ...] = ()
    limit: int = DEFAULT_LIMIT
    properties: list[tuple[str, list[PropertyValue]]] = field(default_factory=list)


@dataclass
class ExtendQuery:
    ids: list[str]
    properties: list[str]


def decode_json(raw: str | None, field_name: str) -> Any:
    """The form field's JSON; refused with the parser's message and position."""
    if raw is None or not raw.strip():
        raise InputError("missing: send the JSON as this form or query field", field=field_name)
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        raise InputError(message, field=field_name) from None
    except RecursionError:
        raise InputError("the JSON nests too deeply", field=field_name) from None


def parse_batch(payload: Any, batch_size: int = BATCH_SIZE) -> list[ReconQuery]:
    """A query batch checked against the 0.2 schema's rules, plus our own (non-empty names, a
    known property id, a batch no larger than the manifest's ``batchSize``)."""
    if not isinstance(payload, dict):
        raise InputError("must be a JSON object of queries keyed by id, e.g. {\"q0\": {\"query\": …}}",
                         field="queries")
    if len(payload) > batch_size:
        raise BatchTooLarge(f"{len(payload)} queries in one request; the service takes at most {batch_size} "
                            "(the manifest's batchSize)", field="queries")
    return [_query(key, value) for key, value in payload.items()]


class BatchTooLarge(InputError):
    code = "batch_too_large"
    http_status = 413


def _query(key: str, raw: Any) -> ReconQuery:
    where = f"queries.{key}"
    if not isinstance(raw, dict):
        raise InputError("must be an object with query, type, limit, properties, type_strict", field=where)
    unknown = sorted(set(raw) - QUERY_KEYS)
    if unknown:
        raise InputError(f"unknown key(s) {', '.join(unknown)} (the 0.2 query allows only "
                         f"{', '.join(sorted(QUERY_KEYS))}; choose a language by the service's path)",
                         field=f"{where}.{unknown[0]}")
    properties = _properties(where, raw.get("properties"))
    text = raw.get("query")
    if text is not None and not isinstance(text, str):
        raise InputError("must be a string", field=f"{where}.query")
    if text is None and not properties:
        raise InputError("a query needs a non-empty query string or at least one property", field=f"{where}.query")
    if text is not None and not text.strip() and not properties:
        raise InputError("the name to reconcile is empty", field=f"{where}.query")
    if raw.get("type_strict") is not None and raw["type_strict"] not in TYPE_STRICT:
        raise InputError(f"must be one of {', '.join(TYPE_STRICT)}", field=f"{where}.type_strict")
    return ReconQuery(key, (text or "").strip(), _types(where, raw.get("type")), _limit(where, raw.get("limit")),
                      properties)


def _types(where: str, raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        return (raw,)
    if isinstance(raw, list) and all(isinstance(t, str) for t in raw):
        return tuple(raw)
    raise InputError("must be a type id or a list of type ids", field=f"{where}.type")


def _limit(where: str, raw: Any) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw < 1 or raw != int(raw):
        raise InputError(f"must be a whole number from 1 to {MAX_LIMIT}", field=f"{where}.limit")
    return min(int(raw), MAX_LIMIT)


def _properties(where: str, raw: Any) -> list[tuple[str, list[PropertyValue]]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InputError("must be a list of {pid, v}", field=f"{where}.properties")
    parsed = []
    for index, item in enumerate(raw):
        at = f"{where}.properties[{index}]"
        if not isinstance(item, dict) or "pid" not in item or "v" not in item:
            raise InputError("must be an object with pid and v", field=at)
        pid = item["pid"]
        if not isinstance(pid, str):
            raise InputError("must be a string", field=f"{at}.pid")
        if pid not in QUERY_PROPERTIES:
            raise InputError(f"unknown property {pid!r} (known: {', '.join(QUERY_PROPERTIES)})", field=f"{at}.pid")
        values = item["v"] if isinstance(item["v"], list) else [item["v"]]
        parsed.append((pid, [_value(f"{at}.v", v) for v in values]))
    return parsed


def _value(at: str, raw: Any) -> PropertyValue:
    if isinstance(raw, bool):
        raise InputError("a boolean says nothing about a person here: give text, a number or {id, name}", field=at)
    if isinstance(raw, str | int | float):
        text = str(raw).strip()
        if not text:
            raise InputError("empty value", field=at)
        return PropertyValue(text=text)
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"].strip():
        name = raw.get("name")
        return PropertyValue(text=name.strip() if isinstance(name, str) and name.strip() else None,
                             entity_id=raw["id"].strip())
    raise InputError("must be a string, a number or an object with a non-empty id", field=at)


def year_of(value: PropertyValue, at: str) -> int:
    """A year property's value as a number (1844, "1844"); anything else is refused naming the field."""
    text = value.text or ""
    try:
        return int(float(text))
    except ValueError:
        raise InputError(f"a year is a number, got {text!r}", field=at) from None


def parse_extend(payload: Any, known: dict[str, str]) -> ExtendQuery:
    """A data-extension query: ``{ids: [...], properties: [{id, settings?}]}`` with known property ids."""
    if not isinstance(payload, dict):
        raise InputError("must be an object with ids and properties", field="extend")
    ids, properties = payload.get("ids"), payload.get("properties")
    if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids):
        raise InputError("must be a list of entity ids", field="extend.ids")
    if len(ids) > MAX_EXTEND_IDS:
        raise BatchTooLarge(f"{len(ids)} ids; at most {MAX_EXTEND_IDS} per request", field="extend.ids")
    if not isinstance(properties, list) or not properties:
        raise InputError("must be a non-empty list of {id}", field="extend.properties")
    pids = []
    for index, item in enumerate(properties):
        pid = item.get("id") if isinstance(item, dict) else None
        if pid not in known:
            raise InputError(f"unknown property {pid!r} (known: {', '.join(known)})",
                             field=f"extend.properties[{index}].id")
        pids.append(pid)
    return ExtendQuery(ids, pids)
