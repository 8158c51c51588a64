"""The resolver: a mention's candidates by name key, a score from evidence, and a decision.

Decisions: ``link`` (score ≥ link threshold and clear of the runner-up), ``review`` (between
the thresholds, or two candidates too close to call — homonyms are never joined by name
alone), ``new`` (no candidate and the surface is a full name: a new person), ``none``
(no candidate and nothing to create a person from). Every decision keeps the features that
made it, so a page can explain the link.

The evidence is a cataloguer's: the kind of name matched; a surname before a 字/号 agreeing
with the person's; being the only candidate alive at the document's date; the document's
persons already linked (a letter that named 盛宣怀 means him by 杏荪, 宣 and 盛京堂, unless
a second person of the document fits too) and their kin and correspondents; the catalogue's
sender and recipient; the native place.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal, Protocol

from zhiren.authority.model import Name, NameType, Person, PersonRecord
from zhiren.authority.names import name_key

Decision = Literal["link", "review", "new", "none"]

# How much a match on each kind of name says by itself (before other evidence).
NAME_WEIGHT = {
    NameType.GIVEN: 0.55,
    NameType.TABOO: 0.55,
    NameType.COURTESY: 0.45,
    NameType.ART: 0.45,
    NameType.POSTHUMOUS: 0.5,
    NameType.ALIAS: 0.4,
    NameType.CHILDHOOD: 0.35,
    NameType.TITLE: 0.4,
    NameType.ROMANISED: 0.4,
}
ONLY_CANDIDATE = 0.15
# The only candidate for a name the authority lists as this person's (two characters or more),
# with no evidence against it: a cataloguer links it.
ONLY_LISTED = 0.35
# The person is already linked in the same document and the form fits one of their names.
SAME_DOCUMENT = 0.35
# A surname before a 字/号/谥 (盛杏荪, 胡文忠) that agrees with the person's surname.
SURNAME_AGREES = 0.3
# ... when a bearer of the whole surface as a full name lived at the document's date too (唐春卿:
# a man so named, or 唐景崇 字春卿), the surname only brings the 字 (0.45) level with that full
# name (0.6): two readings of one surface, which dates or the document decide, not the name.
SURNAME_EVENS = 0.15
LIFE_FITS = 0.25
OUTSIDE_LIFE = -0.6
KIN_OR_CORRESPONDENT = 0.25
SAME_NATIVE_PLACE = 0.1
CATALOGUE_ROLE = 0.45
PARTIAL_NAME = 0.3
CLEAR_MARGIN = 0.15
# Persons with both dates a document must have linked before their shared lifetime dates it.
ERA_WITNESSES = 3
STYLE_NAMES = frozenset({NameType.COURTESY, NameType.ART, NameType.POSTHUMOUS})
# Forms that refer back to a person the document has named, after the surname or a character
# of the person's names: 盛京堂, 李公, 杏翁, 香帅, 沅弟, 宣儿, a post's one character (岑抚, 李相), and
# the posts telegrams address and name officials by (唐抚台, 唐藩司, 潘抚台, 李护院, 唐主政).
BACK_REFERENCE_SUFFIXES = (
    "宫保", "中堂", "京堂", "京卿", "观察", "制军", "中丞", "宫太保", "傅相", "相国", "尚书", "侍郎",
    "星使", "钦使", "方伯", "军门", "制台", "总统", "提督", "总兵", "统领",
    "抚台", "藩台", "臬台", "道台", "镇台", "提台", "藩司", "臬司", "署抚", "护院", "主政",
    "大人", "先生", "公", "翁", "老", "君", "帅", "儿", "弟", "兄", "叔", "伯", "侄", "师",
    "抚", "督", "相", "藩", "臬", "侯", "道", "钦差", "大公祖",
)  # fmt: skip
KIN_SUFFIXES = frozenset("儿弟兄叔伯侄")
# The posts a surname + post names a man by, grouped by office (中丞 and 抚台 are one governor), so the
# post of a back reference can be set against the posts the document writes a man with (曾道宪德: 道).
OFFICES = {
    "总督": ("总督", "制军", "制台", "督"),
    "巡抚": ("巡抚", "中丞", "抚台", "抚军", "抚", "署抚", "护院"),
    "布政使": ("布政", "方伯", "藩台", "藩司", "藩"),
    "按察使": ("按察", "廉访", "臬台", "臬司", "臬"),
    "道": ("道", "道台", "观察"),
    "提督": ("提督", "军门", "提台", "提军"),
    "总兵": ("总兵", "镇台", "镇"),
    "大学士": ("中堂", "相国", "傅相", "相"),
}
_OFFICE_OF = {post: office for office, posts in OFFICES.items() for post in posts}
# Names whose first character, with 帅/翁/老, refers to their bearer (香帅 of 香涛).
INITIAL_NAMES = frozenset({NameType.COURTESY, NameType.ART})
HONORIFIC_SUFFIXES = (
    ("太夫人", "氏"),
    ("夫人", "氏"),
    ("孺人", "氏"),
    ("先生", ""),
    ("公", ""),
    ("翁", ""),
    ("君", ""),
)
# Salutations that name a correspondent by rank alone: only the catalogue says who is meant.
RANK_ONLY = frozenset({"中堂", "宫保", "宫保大人", "大人", "阁下", "钧座", "大臣", "京堂", "观察", "制军", "帅"})


class PersonLookup(Protocol):
    """What the resolver needs of a store (GraphStore satisfies it)."""

    def name_candidates(self, key: str, limit: int = 50) -> list[tuple[Person, list[Name]]]: ...
    def related_among(self, ids: Sequence[str], others: Collection[str]) -> set[str]: ...
    def name_candidates_related(
        self, key: str, others: Collection[str], limit: int = 50, initials: str = ""
    ) -> tuple[list[tuple[Person, list[Name]]], set[str]]: ...
    def get_person(self, person_id: str, mention_limit: int = 500) -> PersonRecord: ...


@dataclass
class MentionContext:
    """What is known around a mention when it is resolved."""

    surface: str
    name_type: str = "full"  # the extract contract's name_type
    year: int | None = None  # the document's year
    co_person_ids: Collection[str] = ()  # persons already resolved in the same document
    native_place: str | None = None
    role: str = "mentioned"
    catalogue: Mapping[str, Sequence[str]] = field(default_factory=dict)  # role → persons the catalogue names
    written: str = ""  # the mention as the text writes it, when ``surface`` is its reading (曾道宪德: 曾宪德)


@dataclass
class Candidate:
    person_id: str
    preferred_name: str
    score: float
    features: dict[str, float]


@dataclass
class Resolution:
    decision: Decision
    person_id: str | None
    score: float
    candidates: list[Candidate] = field(default_factory=list)

    def explain(self) -> dict[str, object]:
        """Method, score and the features of each candidate: stored with the mention."""
        return {
            "decision": self.decision,
            "score": round(self.score, 3),
            "candidates": [
                {
                    "person_id": c.person_id,
                    "name": c.preferred_name,
                    "score": round(c.score, 3),
                    "features": {k: round(v, 3) for k, v in c.features.items()},
                }
                for c in self.candidates[:5]
            ],
        }


def document_year(dates: Sequence[Mapping[str, object]]) -> int | None:
    """The year a document is resolved at when its catalogue gives none: the latest year of the
    dates found in its text (contract ``dates`` objects; impossible dates left out).  A text is
    written at or after the dates it cites: a letter of 1851 that recalls the examinations of
    嘉庆辛酉 (1801) and 道光甲午 (1834) is not of 1834, when the son it names was not yet born."""
    years = [y for d in dates if isinstance(y := d.get("year"), int) and not d.get("error")]
    return max(years) if years else None


def _life_feature(person: Person, year: int | None, role: str) -> float | None:
    born = person.birth.year if person.birth else None
    died = person.death.year if person.death else None
    if year is None or (born is None and died is None):
        return None
    if (born is not None and year < born) or (died is not None and year > died + (0 if role != "mentioned" else 30)):
        return OUTSIDE_LIFE
    if born is not None and year < born + 12 and role in {"sender", "author"}:
        return OUTSIDE_LIFE
    return LIFE_FITS


def _life_role(context: MentionContext) -> str:
    """The role a mention's dates are judged by: a commander's style as the text writes it (振帅, 张振帅, 香帅) names
    a man who held his post at the document's date, so the years a dead man is still mentioned do not count for it
    (张振轩, dead in 1850, is not the 振帅 of a journal of the 1880s that names 张树声 字 振轩's peers)."""
    written = name_key(context.written or context.surface)
    styled = written.endswith("帅") and 2 <= len(written) <= 3
    return "styled" if context.role == "mentioned" and styled else context.role


def honorific_variant(key: str) -> str | None:
    """竹亭公 → 竹亭, 江太夫人 → 江氏: the name inside a respectful form of address."""
    for suffix, replacement in HONORIFIC_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)] + replacement
    return None


def style_key(key: str) -> str | None:
    """盛杏荪, 张香涛, 李少荃: a surname before a 字 or 号, looked up as that name (of a person of that surname)."""
    return key[1:] if 3 <= len(key) <= 4 else None


def read_keys(key: str) -> list[str]:
    """The keys the resolver asks for a mention whatever it finds, which reconcile and an ingest
    read ahead in one read with the batch's: its own and the style key of its honorific variant
    or of itself, since a full name and a surname + 字 are two readings of one surface (唐春卿: a
    man so named, or 唐景崇 字春卿)."""
    style = style_key(honorific_variant(key) or key)
    return [key, style] if style else [key]


def fallback_keys(key: str) -> list[str]:
    """The key the resolver asks when a mention's own key has no candidates: its honorific
    variant (李忠武公 -> 李忠武), which the read-aheads read in a second read, for those keys only."""
    variant = honorific_variant(key)
    return [variant] if variant else []


@lru_cache(maxsize=50_000)
def back_reference_shape(key: str) -> tuple[str, str] | None:
    """(core, suffix) of a form that may refer back to a person the document named — 盛京堂 (盛,
    京堂), 杏翁 (杏, 翁), 宣 (宣, "") — or None: a full name or a kin form (沅弟) is no such form.
    Cached: a document's names recur, and most keys are not of this shape."""
    suffix = next((s for s in BACK_REFERENCE_SUFFIXES if key.endswith(s) and len(key) > len(s)), "")
    core = key[: len(key) - len(suffix)]
    if not core or len(core) > 3 or (not suffix and len(key) > 1) or suffix in KIN_SUFFIXES:
        return None
    return core, suffix


def _refers_back_only(surface: str) -> bool:
    """李公: a surname + 公 refers back to a man named before it, never ahead to one named after (李公忧其孤 …
    知府李彤恩: the 李公 is 李鸿章, whom the passage does not name), so the second pass leaves it."""
    key = name_key(surface)
    return len(key) == 2 and key.endswith("公")


def looks_like_full_name(surface: str, name_type: str) -> bool:
    """Whether a mention nobody bears may become a new person: a surname and a given name.

    A bare given name (宣怀 of 宣怀谨禀, 之洞) is not: it is a short form of someone the
    authority or the document names, and a person made of it would be found again by every
    later gazetteer in other letters, so re-running an ingest would add mentions."""
    return name_type == "full" and 2 <= len(surface) <= 4


@dataclass
class DocumentPosts:
    """What one document says of posts, for its surname + post back references (曾总兵, 李中丞): a man
    it writes with a post between surname and 名 (曾道宪德: 道) holds that office there, so a surname +
    post of another office (曾总兵, who is 曾玉明) is not he, though he is the one 曾 the document links;
    the surname + post of a man the document writes with no post (潘抚台 … 潘鼎新) follows him as before."""

    ties: dict[str, set[str]] = field(default_factory=dict)  # person id → offices written with him

    def note(self, context: MentionContext, person_id: str) -> None:
        """One mention and the person it linked: the office written inside it (曾道宪德 of 曾宪德)."""
        written, surface = context.written, context.surface
        if len(written) > len(surface) >= 2 and written[0] == surface[0] and written.endswith(surface[1:]):
            office = _OFFICE_OF.get(written[1 : len(written) - len(surface) + 1])
            if office:
                self.ties.setdefault(person_id, set()).add(office)

    def excludes(self, person_id: str, post: str) -> bool:
        """Whether a surname + ``post`` back reference may not take this man of the document."""
        ties, office = self.ties.get(person_id, set()), _OFFICE_OF.get(post)
        return bool(ties) and office is not None and office not in ties


class Resolver:
    def __init__(self, lookup: PersonLookup, link_threshold: float = 0.75, review_threshold: float = 0.45) -> None:
        self.lookup = lookup
        self.link_threshold = link_threshold
        self.review_threshold = review_threshold
        # person id → the person and the characters of its names met among candidates so far
        self._seen: dict[str, tuple[Person, set[str]]] = {}
        # person id → the first characters of its 字/号 met among candidates so far (香 of 香涛)
        self._initials: dict[str, set[str]] = {}
        self._posts: DocumentPosts | None = None  # the document :meth:`resolve_document` resolves

    def candidates(self, context: MentionContext) -> list[Candidate]:
        key = name_key(context.surface)
        others = context.co_person_ids
        lived = _life_role(context)
        found, related, styled, evens = self._found(key, others, context.year, lived)
        self._remember(found)
        known = {person.id for person, _ in found}
        extras = []
        for person_id in context.catalogue.get(context.role, ()):
            if person_id not in known and (person := self._catalogue_person(person_id, key)):
                found.append((person, []))
                known.add(person_id)
                extras.append(person_id)
        same_document = known & set(others)
        # A form the authority lists for a person the document linked (李傅相 of 李鸿章) is his,
        # not also a back reference to whoever else of that surname it linked (李经方); so is a
        # style the authority lists as one person's 官称 (李中堂 of 李鸿章), even before the document
        # links him: the list says whom the style meant, a 李 linked earlier (李秉衡) only shares
        # the surname.
        listed_here = any(
            names and (person.id in same_document or any(n.type == NameType.TITLE for n in names))
            for person, names in found
        )
        for person_id in dict.fromkeys(others) if back_reference_shape(key) and not listed_here else ():
            if person_id not in known and (person := self._refers_back(person_id, key)):
                found.append((person, []))
                known.add(person_id)
                same_document.add(person_id)
        if extras and others:
            related |= self.lookup.related_among(extras, others)
        alive = [p for p, _ in found if _life_feature(p, context.year, lived) != OUTSIDE_LIFE]
        scored = [
            self._score(
                person,
                names,
                context,
                only=len(found) == 1 or (len(alive) == 1 and alive[0] is person),
                related=person.id in related,
                same_document=person.id in same_document,
                surname=(SURNAME_EVENS if evens else SURNAME_AGREES) if person.id in styled else 0.0,
            )
            for person, names in found
        ]
        return sorted(scored, key=lambda c: (-c.score, c.person_id))

    def _found(
        self, key: str, others: Collection[str], year: int | None, role: str
    ) -> tuple[list[tuple[Person, list[Name]]], set[str], set[str], bool]:
        """Candidates by the key itself, else by its honorific variant; and the persons of the
        key's surname whose 字/号/谥 is the rest of it, by the style key of the variant or the key
        (李忠武公: 李 + 忠武); with those related to ``others``, asked in the same look-up, and the
        ids whose surname agrees; and whether it only evens them with a bearer of the key itself.
        A full name and a surname + 字 are two readings of one surface (唐春卿: a man so named, or
        唐景崇 字春卿): the surname counts in full only when every bearer of the key itself lived
        outside the document's date (a 李少荃 born in 1902 does not hide 李鸿章 字少荃 from a letter
        of 1862); otherwise both are candidates, level, and dates or the document decide, as
        between homonyms.  The read-aheads of reconcile and
        the ingest ask the style key with the key (:func:`read_keys`), so this costs no read."""
        found, related = self.lookup.name_candidates_related(key, others)
        variant = honorific_variant(key)
        if not found and variant:
            found, related = self.lookup.name_candidates_related(variant, others)
        style = style_key(variant or key)  # 李忠武公: 李 + 忠武, inside the 公
        if style is None:
            return found, related, set(), False
        # Its bearers of the surname alone, however many others bear it before them.
        by_style, related_by_style = self.lookup.name_candidates_related(style, others, initials=key[0])
        already = {person.id for person, _ in found}
        styled = [
            (person, [n for n in names if n.type in STYLE_NAMES])
            for person, names in by_style
            if person.id not in already and any(n.type in STYLE_NAMES for n in names)
        ]
        ids = {person.id for person, _ in styled}
        bearer_possible = any(_life_feature(p, year, role) != OUTSIDE_LIFE for p, _ in found)
        return found + styled, related | (related_by_style & ids), ids, bearer_possible

    def _remember(self, found: list[tuple[Person, list[Name]]]) -> None:
        for person, names in found:
            self._seen.setdefault(person.id, (person, set()))[1].update(
                char for n in names if n.type != NameType.ROMANISED for char in n.key
            )
            initials = {n.key[0] for n in names if n.type in INITIAL_NAMES and len(n.key) >= 2}
            if initials:
                self._initials.setdefault(person.id, set()).update(initials)

    def _refers_back(self, person_id: str, key: str) -> Person | None:
        """The person linked earlier in the document, when ``key`` is a shorter form of one of
        their names: surname + office or 公 (盛京堂, 李公), a character of the given name (宣),
        the first character of a 字/号 met among the candidates so far with 帅/翁/老 … (香帅,
        杏翁), or the surname before one of those (张香帅).  Kin forms (沅弟, 宣儿) are the
        gazetteer's to read (it knows whose 字 begins with 沅); that a letter named 李鸿章 says
        nothing about its 鸿儿.  Only persons this resolver met are considered: reading a person
        from the store for every mention of a document would cost more than the whole look-up."""
        seen = self._seen.get(person_id)
        shape = back_reference_shape(key)
        if seen is None or shape is None:
            return None
        core, suffix = shape
        person = seen[0]
        surname, given = person.preferred_name[:1], person.preferred_name[1:]
        if core == surname and suffix:  # 盛京堂, 李公
            return None if self._posts and self._posts.excludes(person_id, suffix) else person
        if core.startswith(surname) and len(core) > 1:  # 张香帅: the surname, then the initial
            core = core[len(surname) :]
        if suffix and len(core) == 1 and core in self._initials.get(person_id, ()):  # 香帅, 杏翁
            return person
        if not suffix and len(given) > 1 and core in given:  # 宣 (a signature) of 宣怀
            return person
        return None

    def _catalogue_person(self, person_id: str, key: str) -> Person | None:
        """The person the catalogue names, when a signature (宣, 宣怀) or salutation (香帅, 中堂) fits them.

        Fitting means sharing a character with one of the person's names: one met among earlier
        candidates (the catalogue's own 发文者 mention) settles it without reading the person."""
        rank_only = key in RANK_ONLY or any(key.endswith(rank) and len(key) <= len(rank) + 2 for rank in RANK_ONLY)
        seen = self._seen.get(person_id)
        if seen and (rank_only or set(key) & seen[1]):
            return seen[0]
        record = self.lookup.get_person(person_id, mention_limit=0)
        names = (n for n in record.names if n.type != NameType.ROMANISED)
        return record.person if rank_only or any(set(key) & set(n.key) for n in names) else None

    def _score(
        self,
        person: Person,
        matched: list[Name],
        context: MentionContext,
        only: bool,
        related: bool,
        same_document: bool = False,
        surname: float = 0.0,
    ) -> Candidate:
        features: dict[str, float] = {}
        features["name"] = (
            max((NAME_WEIGHT.get(n.type, 0.4) + (0.05 if n.preferred else 0.0)) for n in matched)
            if matched
            else PARTIAL_NAME
        )
        if surname:
            features["surname_agrees"] = surname
        if person.id in context.catalogue.get(context.role, ()):
            features["catalogue_" + context.role] = CATALOGUE_ROLE
        life = _life_feature(person, context.year, _life_role(context))
        if only:
            listed = matched and len(name_key(context.surface)) >= 2 and life != OUTSIDE_LIFE
            features["only_candidate"] = ONLY_LISTED if listed else ONLY_CANDIDATE
        if life is not None:
            features["life_dates"] = life
        if same_document:
            features["same_document"] = SAME_DOCUMENT
        if related:
            features["kin_or_correspondent"] = KIN_OR_CORRESPONDENT
        if (
            context.native_place
            and person.native_place
            and name_key(context.native_place) == name_key(person.native_place)
        ):
            features["native_place"] = SAME_NATIVE_PLACE
        score = max(0.0, min(1.0, sum(features.values())))
        return Candidate(person.id, person.preferred_name, score, features)

    def resolve_document(self, contexts: Sequence[MentionContext]) -> list[Resolution]:
        """Every mention of one document, in text order, each with the persons linked before it;
        then the mentions left undecided once more with every person the document linked, so a
        short form before the full name (宣 … 宣怀谨禀) follows it too.  An undated document is
        dated for that second pass by the persons it linked: the middle of the years they were
        all alive (a chronicle naming 乔松年, 官文 and 李鸿章 is of their time, and 吴棠 there is not
        the 吴棠 who died in 1770)."""
        linked: list[str] = []
        resolutions = []
        with self.document() as posts:
            for context in contexts:
                resolution = self.resolve(replace(context, co_person_ids=(*context.co_person_ids, *linked)))
                resolutions.append(resolution)
                if resolution.decision == "link" and resolution.person_id:
                    linked.append(resolution.person_id)
                    posts.note(context, resolution.person_id)
            return self.reconsider(contexts, resolutions, linked)

    @contextmanager
    def document(self) -> Iterator[DocumentPosts]:
        """Resolve one document's mentions inside: the posts it writes its men with (noted by the
        caller as it links them) decide its surname + post back references (:class:`DocumentPosts`).
        For a caller that resolves mention by mention (an ingest) as :meth:`resolve_document` does."""
        self._posts = DocumentPosts()
        try:
            yield self._posts
        finally:
            self._posts = None

    def reconsider(
        self, contexts: Sequence[MentionContext], resolutions: Sequence[Resolution], linked: Sequence[str]
    ) -> list[Resolution]:
        """The second pass of :meth:`resolve_document`, for a caller that made the first itself
        (an ingest, which keeps earlier runs' decisions and creates persons as it goes): each
        mention not linked is tried once more with every person of ``linked`` (those its document
        linked), dated by their shared lifetime when its document is undated; it takes the new
        resolution only when that links."""
        resolutions = list(resolutions)
        era = self._shared_lifetime(linked)
        # Persons an undated document linked who lived outside its era (李应, a Ming man, for the 李应 of a report
        # of 1882 that names 周馥 and 李熙): their links were made without a date, and the era undoes them.
        stray = {p for p in linked if era is not None and self._outside(p, era)}
        kept = [p for p in linked if p not in stray]
        for i, (context, resolution) in enumerate(zip(contexts, resolutions, strict=True)):
            undone = context.year is None and resolution.decision == "link" and resolution.person_id in stray
            if undone or (resolution.decision != "link" and kept and not _refers_back_only(context.surface)):
                year = context.year if context.year is not None else era
                again = self.resolve(replace(context, year=year, co_person_ids=(*context.co_person_ids, *kept)))
                if again.decision == "link" or undone:
                    resolutions[i] = again
        return resolutions

    def _outside(self, person_id: str, year: int) -> bool:
        """Whether a person this resolver met lived outside ``year`` (a mention's grace after death included)."""
        seen = self._seen.get(person_id)
        return seen is not None and _life_feature(seen[0], year, "mentioned") == OUTSIDE_LIFE

    def _shared_lifetime(self, person_ids: Sequence[str]) -> int | None:
        """The middle of the years most of these persons were alive, when at least :data:`ERA_WITNESSES` of them
        (met by this resolver) have dates, and more than half of those were alive together: the years the most of
        them share, so that one link to a man of another century (made before the document had a date) does not
        take the era away from the rest."""
        lives = []
        for person_id in dict.fromkeys(person_ids):
            if person_id not in self._seen:
                continue
            person = self._seen[person_id][0]
            if person.birth and person.birth.year is not None and person.death and person.death.year is not None:
                lives.append((person.birth.year, person.death.year))
        if len(lives) < ERA_WITNESSES:
            return None
        best, span = 0, (0, 0)
        for born, _ in lives:  # the most lives overlap from one of their births on
            alive = [(b, d) for b, d in lives if b <= born <= d]
            if len(alive) > best:
                best, span = len(alive), (born, min(d for _, d in alive))
        if best < ERA_WITNESSES or 2 * best <= len(lives):
            return None
        return (span[0] + span[1]) // 2

    def resolve(self, context: MentionContext) -> Resolution:
        candidates = self.candidates(context)
        if not candidates:
            decision: Decision = "new" if looks_like_full_name(context.surface, context.name_type) else "none"
            return Resolution(decision, None, 0.0, [])
        best = candidates[0]
        runner_up = candidates[1].score if len(candidates) > 1 else 0.0
        clear = best.score - runner_up >= CLEAR_MARGIN
        if best.score >= self.link_threshold and clear:
            return Resolution("link", best.person_id, best.score, candidates)
        if best.score >= self.review_threshold or not clear:
            return Resolution("review", best.person_id, best.score, candidates)
        decision = "new" if looks_like_full_name(context.surface, context.name_type) else "none"
        return Resolution(decision, None, best.score, candidates)
