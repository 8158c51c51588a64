"""The domain: persons, their typed names, documents, mentions and relations with evidence.

Plain dataclasses so every store adapter maps the same shapes; ``to_row``/``from_row``
give the flat form (scalars and JSON text) that both SQLite and Neo4j properties take.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from functools import lru_cache
from operator import attrgetter
from typing import Any, TypeVar


class NameType(StrEnum):
    """Kinds of personal names in Chinese sources (the CBDB ALTNAME codes map onto these)."""

    GIVEN = "名"
    COURTESY = "字"
    ART = "号"
    TABOO = "讳"
    POSTHUMOUS = "谥号"
    ALIAS = "别名"
    CHILDHOOD = "小名"
    TITLE = "title"
    ROMANISED = "romanised"


NAME_TYPE_LABELS: dict[str, NameType] = {
    **{t.value: t for t in NameType},
    "號": NameType.ART,
    "諱": NameType.TABOO,
    "謚號": NameType.POSTHUMOUS,
    "諡號": NameType.POSTHUMOUS,
    "別名": NameType.ALIAS,
    "官称": NameType.TITLE,
    "官稱": NameType.TITLE,
    "排行": NameType.ALIAS,
}
"""Every word a source or a curator uses for a name type (either script) → the type: the one list
that authority files, the CLI, the API and the curator's pages all accept."""


class Script(StrEnum):
    TRADITIONAL = "trad"
    SIMPLIFIED = "simp"
    LATIN = "latn"


class DocumentKind(StrEnum):
    GENEALOGY = "genealogy"
    LETTER = "letter"
    TELEGRAM = "telegram"
    MANUSCRIPT = "manuscript"
    RECORD = "record"
    WORK = "work"  # a union-catalogue work: one edition of a genealogy, held by several libraries


class MentionRole(StrEnum):
    SUBJECT = "subject"
    SENDER = "sender"
    RECIPIENT = "recipient"
    AUTHOR = "author"
    KIN = "kin"
    MENTIONED = "mentioned"


class LinkStatus(StrEnum):
    """How far a mention→person link is trusted: the review queue lists ``queued`` ones."""

    LINKED = "linked"
    QUEUED = "queued"
    REVIEWED = "reviewed"
    REJECTED = "rejected"
    UNLINKED = "unlinked"


class RelationType(StrEnum):
    """Stored directions only: reverse kin (child of, …) is derived when read."""

    FATHER_OF = "FATHER_OF"
    MOTHER_OF = "MOTHER_OF"
    SPOUSE_OF = "SPOUSE_OF"
    SIBLING_OF = "SIBLING_OF"
    WROTE_TO = "WROTE_TO"
    AUTHOR_OF = "AUTHOR_OF"


SYMMETRIC_RELATIONS = frozenset({RelationType.SPOUSE_OF, RelationType.SIBLING_OF})


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True)
class HistDate:
    """A normalised date that keeps the source wording (``光绪二十四年三月`` → 1898-04)."""

    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    precision: Precision | None = None
    calendar: str = "gregorian"

    def iso(self) -> str | None:
        if self.year is None:
            return None
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @staticmethod
    def from_json(raw: str | None) -> HistDate | None:
        return _decoded_date(raw) if raw else None


@lru_cache(maxsize=100_000)
def _decoded_date(raw: str) -> HistDate:
    """Cached: a resolver decodes the dates of every candidate it reads, and dates (a year, a
    reign year) recur across persons; the dates are frozen, so one object serves them all."""
    data = json.loads(raw)
    if data.get("precision"):
        data["precision"] = Precision(data["precision"])
    return HistDate(**data)


@dataclass
class Name:
    """One name of one person, e.g. 杏荪 (字, simplified) of 盛宣怀."""

    id: str
    person_id: str
    text: str
    type: NameType = NameType.GIVEN
    script: Script = Script.SIMPLIFIED
    key: str = ""  # simplified, folded form used to find persons by name
    pinyin: str = ""
    wade_giles: str = ""
    preferred: bool = False


# Person.status once a curator has changed the person: an ingest no longer rewrites it.
REVIEWED = "reviewed"


@dataclass
class Person:
    id: str
    preferred_name: str
    gender: str | None = None
    birth: HistDate | None = None
    death: HistDate | None = None
    floruit: str | None = None
    native_place: str | None = None
    status: str = "auto"
    external_ids: dict[str, str] = field(default_factory=dict)
    merged_into: str | None = None


@dataclass
class Document:
    id: str
    kind: DocumentKind
    title: str
    text: str = ""
    date: HistDate | None = None
    collection: str | None = None
    shelfmark: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Mention:
    """A span of a document that names a person, and how it was linked."""

    id: str
    document_id: str
    start: int
    end: int
    surface: str
    person_id: str | None = None
    role: MentionRole = MentionRole.MENTIONED
    method: str = "rule"
    confidence: float = 1.0
    status: LinkStatus = LinkStatus.LINKED
    features: dict[str, Any] = field(default_factory=dict)


@dataclass
class Relation:
    """A typed edge between persons with the mentions that attest it."""

    id: str
    type: RelationType
    source_id: str
    target_id: str
    confidence: float = 1.0
    evidence: list[str] = field(default_factory=list)  # mention ids
    date: HistDate | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


# --- flat rows for the stores -------------------------------------------------------------

_JSON_FIELDS = {"external_ids", "meta", "features", "evidence", "attributes"}
_DATE_FIELDS = {"birth", "death", "date"}


def _encode_json(value: Any) -> str:
    return (
        json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ("[]" if isinstance(value, list) else "{}")
    )


def _encode_date(value: HistDate | None) -> str | None:
    return value.to_json() if value is not None else None


def _encode_enum(value: Any) -> Any:
    return str(value) if value is not None else None


@dataclass(frozen=True)
class _RowPlan:
    """How one class becomes a row: all fields read in one C call, then the few that need encoding."""

    columns: tuple[str, ...]
    read: Callable[[Any], tuple[Any, ...]]
    encoders: tuple[tuple[int, Callable[[Any], Any]], ...]


_PLANS: dict[type, _RowPlan] = {}


def _encoder(name: str) -> Callable[[Any], Any] | None:
    if name in _DATE_FIELDS:
        return _encode_date
    if name in _JSON_FIELDS:
        return _encode_json
    if name in {"type", "kind", "role", "status", "script", "precision"}:
        return _encode_enum
    return None


def _row_plan(cls: type) -> _RowPlan:
    """Computed once per class, because ingest writes millions of rows."""
    if cls not in _PLANS:
        columns = tuple(f.name for f in fields(cls))
        encoders = tuple((i, enc) for i, name in enumerate(columns) if (enc := _encoder(name)) is not None)
        _PLANS[cls] = _RowPlan(columns, attrgetter(*columns), encoders)
    return _PLANS[cls]


def to_values(item: Name | Person | Document | Mention | Relation) -> tuple[Any, ...]:
    """Column values in field order (the fast path for SQL batches)."""
    plan = _row_plan(type(item))
    values = list(plan.read(item))
    for index, encode in plan.encoders:
        values[index] = encode(values[index])
    return tuple(values)


def column_names(cls: type) -> tuple[str, ...]:
    return _row_plan(cls).columns


def to_row(item: Name | Person | Document | Mention | Relation) -> dict[str, Any]:
    """Scalars only: dates and dicts as JSON text, enums as their values."""
    return dict(zip(column_names(type(item)), to_values(item), strict=True))


T = TypeVar("T", "Name", "Person", "Document", "Mention", "Relation")

_ENUM_FIELDS: dict[str, type[StrEnum]] = {
    "kind": DocumentKind,
    "role": MentionRole,
    "status": LinkStatus,
    "script": Script,
}


def _json_decoder(name: str) -> Callable[[Any], Any]:
    """Most stored values are empty ("{}": a person's external ids, a name's attributes): those are
    not parsed (json.loads of "{}" was 8 % of building a reconciliation batch's persons, py-spy)."""
    empty: Callable[[], Any] = list if name == "evidence" else dict
    blank = _encode_json(empty())
    return lambda value: json.loads(value) if value and value != blank else empty()


def _decoder(cls: type, name: str) -> Callable[[Any], Any] | None:
    """How a stored column becomes a field value (None: as it is)."""
    if name in _DATE_FIELDS:
        return HistDate.from_json
    if name in _JSON_FIELDS:
        return _json_decoder(name)
    enum: type[StrEnum] | None = None
    if name == "type":
        enum = NameType if cls is Name else RelationType
    elif name in _ENUM_FIELDS and cls is not Person:
        enum = _ENUM_FIELDS[name]
    if enum is not None:
        return _enum_decoder(enum)
    if name == "preferred":
        return bool
    return None


def _enum_decoder(enum: type[StrEnum]) -> Callable[[Any], StrEnum | None]:
    """Members looked up by value in a dict: calling the enum costs ten times more, and a
    resolver reads tens of thousands of candidate names per ingest batch."""
    members: dict[Any, StrEnum] = {member.value: member for member in enum}

    def decode(value: Any) -> StrEnum | None:
        if value is None:
            return None
        return members[value] if value in members else enum(value)  # the enum's own error for a bad value

    return decode


_DECODERS: dict[type, tuple[tuple[str, Callable[[Any], Any] | None], ...]] = {}


def from_row(cls: type[T], row: dict[str, Any]) -> T:
    """Inverse of :func:`to_row`; ignores columns the dataclass doesn't have."""
    if cls not in _DECODERS:
        _DECODERS[cls] = tuple((f.name, _decoder(cls, f.name)) for f in fields(cls))
    values = {name: (decode(row[name]) if decode else row[name]) for name, decode in _DECODERS[cls] if name in row}
    return cls(**values)


@dataclass
class PersonRecord:
    """A person as a page shows it: names, relations both ways, mentions as evidence."""

    person: Person
    names: list[Name]
    relations: list[Relation]
    mentions: list[Mention]
    redirected_from: str | None = None
