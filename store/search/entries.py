"""What the search index holds for a person or a document, built from graph records.

One place decides it, so ingest and `zhiren reindex` index exactly the same thing.
"""

from __future__ import annotations

from zhiren.authority.model import Document, HistDate, Mention, Name, NameType, PersonRecord, Script
from zhiren.store.search.base import IndexEntry
from zhiren.store.search.eras import MAX_LIFE, era, life_eras
from zhiren.store.search.keys import NameForKeys, person_keys, surname_of

# Names written after the surname in letters (盛杏荪, 张香涛, 李文忠): they get a surname+name key.
TAKES_SURNAME = frozenset({NameType.COURTESY, NameType.ART, NameType.POSTHUMOUS, NameType.CHILDHOOD})


def _decade(year: int | None) -> list[str]:
    return [f"{year // 10 * 10}s"] if year is not None else []


def _life_decades(birth: int | None, death: int | None) -> list[str]:
    """The decades a person lived in (1840s … 1910s for 1844-1916), as the reign eras and the year
    range take the life; the birth decade alone when the death is unknown or the span impossible."""
    if birth is None or death is None or not 0 < death - birth <= MAX_LIFE:
        return _decade(birth)
    return [f"{decade}s" for decade in range(birth // 10 * 10, death + 1, 10)]


def _date_json(date: HistDate | None) -> dict[str, object] | None:
    return {"text": date.text, "iso": date.iso()} if date else None


def _eras(found: list[tuple[str | None, str | None]]) -> dict[str, list[str]]:
    """The dynasty and reign-era facets of (dynasty, era) pairs (store.search.eras)."""
    return {
        "dynasty": list(dict.fromkeys(d for d, _ in found if d)),
        "era": list(dict.fromkeys(e for _, e in found if e)),
    }


def shown_type(name: Name) -> NameType:
    """The type a reader sees a name under: a Latin-script name is a romanisation whatever a source
    typed it (CBDB and seeds give ``Sheng Xuanhuai`` as 别名), as on the person page."""
    return NameType.ROMANISED if name.script == Script.LATIN else name.type


def person_entry(record: PersonRecord) -> IndexEntry:
    person = record.person
    names_by_type: dict[str, list[str]] = {}
    for name in record.names:
        names_by_type.setdefault(shown_type(name).value, []).append(name.text)
    # 名, 字, 号 … in NameType's order, as the person page lists them; the graph's order varies by run
    names_by_type = {t.value: names_by_type[t.value] for t in NameType if t.value in names_by_type}
    year = person.birth.year if person.birth else None
    summary = " ".join(filter(None, [person.preferred_name, person.native_place, person.floruit]))
    surname = surname_of(person.preferred_name)
    keys = person_keys(
        person.preferred_name,
        [
            NameForKeys(
                n.text,
                n.type in TAKES_SURNAME,
                n.pinyin,
                n.wade_giles,
                given=n.type == NameType.GIVEN,
                title=n.type == NameType.TITLE,
            )
            for n in record.names
        ],
    )
    return IndexEntry(
        id=person.id,
        type="person",
        title=person.preferred_name,
        text=summary,
        names=list(dict.fromkeys([person.preferred_name, *(n.text for n in record.names)])),
        year=year,
        year_end=person.death.year if person.death else None,
        facets={
            "name_types": sorted(names_by_type),
            "decade": _life_decades(year, person.death.year if person.death else None),
            "native_place": [person.native_place] if person.native_place else [],
            "surname": [surname] if surname else [],
            **_eras(life_eras(person.birth, person.death)),
        },
        romanisations={n.text: (n.pinyin, n.wade_giles) for n in record.names if n.pinyin},
        keys=keys,
        data={
            "names": names_by_type,
            "birth": _date_json(person.birth),
            "death": _date_json(person.death),
            "native_place": person.native_place,
        },
    )


def document_entry(document: Document, mentions: list[Mention], text_units: str | None = None) -> IndexEntry:
    """``text_units``: the text's analysis when it was done ahead (:attr:`IndexEntry.text_units`)."""
    year = document.date.year if document.date else None
    return IndexEntry(
        id=document.id,
        type="document",
        title=document.title,
        text=document.text,
        names=list(dict.fromkeys(m.surface for m in mentions)),
        year=year,
        facets={
            "kind": [document.kind.value],
            "collection": [document.collection] if document.collection else [],
            "decade": _decade(year),
            **_eras([era(document.date)]),
        },
        data={"kind": document.kind.value, "date": _date_json(document.date), "shelfmark": document.shelfmark},
        text_units=text_units,
    )
