"""Automatic links measured on 175 hand-labelled mentions of 曾文正公年谱 against an authority file.

The labelled set and authority are in tests/unit/nlp_names/data (see its README: 155 development
mentions used while writing the extraction rules, 20 held out). Prints P/R of automatic links.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.demo_fixture import fast_extractor
from zhiren.authority.ids import stable_id
from zhiren.authority.model import Document, DocumentKind, LinkStatus
from zhiren.ingest.authority_linking import AuthorityLinker
from zhiren.ingest.pipeline import Pipeline
from zhiren.ingest.readers.biogref import read_biogref
from zhiren.ingest.readers.sheng import DocumentItem
from zhiren.nlp.extract import Extractor
from zhiren.store.graph.sqlite import SqliteGraphStore
from zhiren.store.search.sqlite import SqliteSearchIndex

DATA = Path(__file__).resolve().parents[1] / "unit" / "nlp_names" / "data"


def test_automatic_links_on_the_late_qing_set(tmp_path: Path) -> None:
    graph, search = SqliteGraphStore(tmp_path / "g.sqlite"), SqliteSearchIndex(tmp_path / "s.sqlite")
    graph.migrate()
    search.setup()
    Pipeline(graph, search).ingest_seed(read_biogref(DATA / "late_qing_authority.csv", "lq", []), lambda n: None)
    records = [json.loads(line) for line in (DATA / "late_qing_gold.jsonl").read_text(encoding="utf-8").splitlines()]
    items = [
        DocumentItem(None, Document(f"d_{r['id']}", DocumentKind.RECORD, r["id"], r["text"]))  # type: ignore[arg-type]
        for r in records
    ]
    summary = Pipeline(graph, search, extractor=fast_extractor()).ingest_documents(items, lambda n: None)
    linked = correct = queued = with_person = 0
    for record in records:
        gold = [
            (g["start"], g["end"], stable_id("p", "lq", g["person"])) for g in record["mentions"] if g.get("person")
        ]
        with_person += len(gold)
        _, mentions = graph.get_document(f"d_{record['id']}")
        for m in mentions:
            queued += m.status == LinkStatus.QUEUED
            if m.person_id and m.status == LinkStatus.LINKED:
                linked += 1  # a link is correct when a gold mention overlapping it names the same person
                correct += any(s < m.end and m.start < e and p == m.person_id for s, e, p in gold)
    precision, recall = correct / linked, correct / with_person
    print(
        f"late-Qing set: {with_person} gold mentions with a person in the authority; "
        f"automatic links {linked}, correct {correct}: P={precision:.3f} R={recall:.3f}; queued {queued}; "
        f"persons created {summary.persons_created}"
    )
    assert precision >= 0.95 and recall >= 0.95  # measured: P 1.000, R 0.989, 2 queued
    graph.close()
    search.close()


# --- letters, diaries and 年谱 of the late Qing: tests/fixtures/letters -------------------------

LETTERS = Path(__file__).resolve().parents[1] / "fixtures" / "letters"
_MARK = re.compile(r"\[([^|\]]+)\|([^\]]+)\]")
_HEADER = re.compile(r"^# (.*)$", re.M)


@dataclass
class Passage:
    id: str
    split: str
    kind: str
    text: str
    gold: list[tuple[int, int, str | None]]  # start, end, authority person_id (None: not in it)


def load_passages() -> list[Passage]:
    """The labelled passages with their marks stripped and offsets into the plain text."""
    raw = (LETTERS / "passages.txt").read_text(encoding="utf-8")
    heads = list(_HEADER.finditer(raw))
    passages = []
    for head, after in zip(heads, [*heads[1:], None], strict=True):
        fields = dict(part.split("=", 1) for part in head.group(1).split(" ") if "=" in part)
        body = raw[head.end() : after.start() if after else len(raw)].strip()
        text, gold, at = [], [], 0
        for mark in _MARK.finditer(body):
            text.append(body[at : mark.start()])
            start = sum(map(len, text))
            text.append(mark.group(1))
            gold.append((start, start + len(mark.group(1)), None if mark.group(2) == "-" else mark.group(2)))
            at = mark.end()
        text.append(body[at:])
        passages.append(Passage(fields["id"], fields["split"], fields["kind"], "".join(text), gold))
    return passages


def _listed_forms() -> dict[str, set[str]]:
    """person_id → the forms a cataloguer calls standard: each listed name, and surname + 字/号."""
    forms: dict[str, set[str]] = {}
    with (LETTERS / "authority.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    preferred = {r["person_id"]: r["person_name"] for r in rows if r["primary_id"].endswith(":1")}
    for r in rows:
        own = forms.setdefault(r["person_id"], set())
        own.add(r["person_name"])
        if r["name_type"] in {"字", "号"}:
            own.add(preferred[r["person_id"]][0] + r["person_name"])
    return forms


@dataclass
class Scores:
    gold: int = 0
    found: int = 0
    exact: int = 0
    with_person: int = 0
    linked: int = 0
    correct: int = 0
    wrong: int = 0
    queued: int = 0
    listed: int = 0
    listed_correct: int = 0
    listed_wrong: int = 0

    def line(self, name: str) -> str:
        p = self.exact / self.found if self.found else 0.0
        r = self.exact / self.gold if self.gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return (
            f"{name}: mentions {self.gold}, found {self.found}, exact {self.exact}: P={p:.3f} R={r:.3f} F1={f1:.3f}; "
            f"with a person {self.with_person}: linked {self.linked} (correct {self.correct}, wrong {self.wrong}) "
            f"precision={self.precision:.3f} recall={self.correct / max(1, self.with_person):.3f} "
            f"queued={self.queued / max(1, self.with_person):.3f}; listed forms {self.listed}: "
            f"linked right {self.listed_correct / max(1, self.listed):.3f}, "
            f"wrong {self.listed_wrong / max(1, self.listed):.3f}"
        )

    @property
    def f1(self) -> float:
        return 2 * self.exact / (self.found + self.gold) if self.found + self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.linked if self.linked else 1.0


def score_letters(extractor: Extractor) -> dict[str, Scores]:
    """Extract and link every passage as `zhiren extract --authority` does; scores per split."""
    forms = _listed_forms()
    linker = AuthorityLinker.load(LETTERS / "authority.csv", extractor)
    scores: dict[str, Scores] = {}
    try:
        for passage in load_passages():
            s = scores.setdefault(passage.split, Scores())
            record = linker.link(extractor.extract(passage.text, doc_id=passage.id, kind=passage.kind))
            mentions = {(m["start"], m["end"]): m for m in record["mentions"]}
            s.gold += len(passage.gold)
            s.found += len(mentions)
            s.exact += sum((start, end) in mentions for start, end, _ in passage.gold)
            for m in mentions.values():  # every link counts, spurious spans' included
                if m["person"]:
                    s.linked += 1
                    right = any(
                        m["person"]["id"] == p and start < m["end"] and m["start"] < end
                        for start, end, p in passage.gold
                    )
                    s.correct += right
                    s.wrong += not right
            for start, end, person in passage.gold:
                if person is None:
                    continue
                s.with_person += 1
                hit = next((m for (a, b), m in mentions.items() if a < end and start < b), None)
                listed = _trimmed(passage.text[start:end]) in forms[person]
                s.listed += listed
                if hit is None:
                    continue
                if hit.get("candidates") and not hit["person"]:
                    s.queued += 1
                if hit["person"] and listed:
                    s.listed_correct += hit["person"]["id"] == person
                    s.listed_wrong += hit["person"]["id"] != person
    finally:
        linker.close()
    return scores


def _trimmed(surface: str) -> str:
    """李公鸿章 → 李鸿章, 竹亭公 → 竹亭: the listed form inside an honorific reference."""
    if len(surface) == 4 and surface[1] == "公":
        return surface[0] + surface[2:]
    return surface[:-1] if len(surface) > 2 and surface[-1] in "公翁" else surface


# Mention F1 floors per split (fast, accurate), a little under what was measured at the commit
# that set them: fast 0.944 / 0.944 / 0.906 / 0.823 / 0.919 / 0.913 / 0.789 / 0.930 / 0.899 / 0.836 / 0.939 / 0.789 /
# 0.858 / 0.802, accurate 0.979 / 0.962 / 0.934 / 0.833 / 0.887 / 0.895 / 0.865 / 0.936 / 0.898 / 0.837 / 0.887 /
# 0.802 / 0.867 / 0.799 (dev / held-out / blind2 / blind3 / blind4 / blind5 / blind6 / blind7 / blind8 / blind9 /
# blind10 / blind11 / blind12 / blind13). Each blind split was measured before any rule was changed for it:
# blind2 fast 0.766, accurate 0.854, link precision 0.965 / 0.957;
# blind3 (李鸿章, 胡林翼, 恽毓鼎's diary) 0.496 / 0.658, 0.981 / 0.964; blind4
# (the telegrams and press of 1895 in 中日战辑, a letter of 1885) 0.634 / 0.676, 0.950 / 0.949; blind5
# (张之洞's telegrams and letters of 1884-85 and 1894-95) 0.679 / 0.717, 0.929 / 0.929 (see
# tests/fixtures/letters/README.md); blind6 (曾纪泽's and 郭嵩焘's diaries of 1877-81) 0.565 / 0.721,
# 0.952 / 0.952; blind7 (薛福成's 庸盦笔记, anecdotal history of 1840-61) 0.709 / 0.803, 0.994 / 0.995; blind8
# (the preface, biography and epitaph of 刘铭传 printed with his memorials, 1906) 0.762 / 0.821, 0.950 / 0.947; blind9
# (段光清's own chronicle of his career, 镜湖自撰年谱, 1860-68) 0.586 / 0.750, 0.903 / 0.903; blind10 (左宗棠's
# memorials of 1863-66 and 1885 with their edicts, and his letters of 1863) 0.887 / 0.850, 0.995 / 0.995; blind11
# (吴大廷's own chronicle, 小酉腴山馆主人自着年谱, 1851-62: friends by surname + 字 + title with the 名 in brackets)
# 0.581 / 0.702, 1.000 / 1.000 (0.758 / 0.776 after its first rules); blind12 (胡传's diary and letters of
# 1892-93, 台湾日记与禀启: calls, dinners and guests by surname + 字 + post) 0.546 / 0.712, 0.853 / 0.853 (0.858 /
# 0.867, 1.000 / 1.000 after its rules). Rules were written from the errors of each since, so these floors are no
# longer blind figures. blind13 (马建忠's journals of his Korean missions of 1882, 东行三录: chiefs by office
# style and 字, officers by surname + post, Korean and Japanese envoys by full name then 名 or surname, 李应 then 应
# alone) 0.611 / 0.684, 0.860 / 0.855 (19 wrong links: 李应 of 李应俊 and the file's 李应 taken for a Ming
# distractor); after its rules 0.802 / 0.799, 0.984 / 0.983, and blind4 0.919 / 0.887 (Japanese names), blind9
# 0.836 / 0.837.
F1_FLOORS = {
    "dev": (0.91, 0.96),
    "held-out": (0.91, 0.92),
    "blind2": (0.85, 0.88),
    "blind3": (0.78, 0.80),
    "blind4": (0.89, 0.86),
    "blind5": (0.85, 0.85),
    "blind6": (0.75, 0.83),
    "blind7": (0.90, 0.91),
    "blind8": (0.86, 0.86),
    "blind9": (0.80, 0.80),
    "blind10": (0.91, 0.86),
    "blind11": (0.77, 0.78),
    "blind12": (0.83, 0.84),
    "blind13": (0.77, 0.77),
}
# Link precision floors: 0.98 on every split but blind9 (fast 0.963: its 李中丞 and 李宫保, 李鸿章, follow the 李瀚章
# its passage links by 李小荃; the resolver knows no offices to tell the brothers apart; accurate 1.000).
PRECISION_FLOORS = {"blind9": 0.95}


@pytest.mark.parametrize("statistical", [False, True], ids=["fast", "accurate"])
def test_letters_mentions_and_links(statistical: bool) -> None:
    """Mention F1, link precision/recall, queue share and listed-form resolution on the letters set:
    on every split links are right ≥ 98 % of the time, and the forms the authority lists are
    linked to their person ≥ 90 % of the time, wrongly ≤ 2 %."""
    scores = score_letters(Extractor(statistical=statistical))
    for split, s in scores.items():
        print(s.line(f"letters {split} ({'accurate' if statistical else 'fast'})"))
    sizes = {split: s.gold for split, s in scores.items()}
    assert sizes["dev"] > 200 and sizes["held-out"] > 60 and sizes["blind2"] > 200 and sizes["blind3"] > 150
    assert sizes["blind4"] > 150 and sizes["blind5"] > 150 and sizes["blind6"] > 150 and sizes["blind7"] > 250
    assert sizes["blind8"] > 250 and sizes["blind9"] > 300 and sizes["blind10"] > 300
    assert sizes["blind11"] > 300 and sizes["blind12"] > 300 and sizes["blind13"] > 350
    for split, s in scores.items():
        assert s.f1 >= F1_FLOORS[split][statistical], (split, s.f1)
        assert s.precision >= PRECISION_FLOORS.get(split, 0.98), (split, s.precision)
        assert s.listed_wrong <= 0.02 * s.listed, split
        # blind6's listed forms are mostly 清臣 and 松生, each the 字 of a distractor alive in the same
        # years, which nothing in the diary decides: they queue, as they should (linked right 0.633). So do
        # blind12's 经甫 x4 (张焕纶 and a distractor 字 经甫 alive then) in letters that never write his surname.
        # blind13's 允中 x9 (鱼允中, against a distractor 周允中 alive then) in passages that never write his full
        # name, and 周玉山 and 玉山 (周馥, against a distractor 周玉山 alive then) queue too (linked right 0.874).
        if split not in {"blind6", "blind12", "blind13"}:
            assert s.listed_correct >= 0.90 * s.listed, split


def test_extract_authority_answers_in_the_file_s_own_ids() -> None:
    """`--authority`: a link names the file's person_id and preferred name; so does each candidate."""
    extractor = Extractor(statistical=False)
    linker = AuthorityLinker.load(LETTERS / "authority.csv", extractor)
    try:
        text = "杏荪来函已悉，曾国华亦至。道光二十九年九月。"
        mentions = {m["text"]: m for m in linker.link(extractor.extract(text, kind="letter"))["mentions"]}
    finally:
        linker.close()
    linked = mentions["杏荪"]["person"]
    assert linked == {"id": "hq.0401", "name": "盛宣怀"}  # the other 杏荪 (方杏荪) was born in 1850, after the letter
    homonyms = mentions["曾国华"]  # two 曾国华 of one county and years: nothing decides
    assert homonyms["person"] is None
    assert {c["person_id"] for c in homonyms["candidates"]} == {"hq.0104", "hq.9010"}
    assert all(set(c) == {"person_id", "name", "score", "features"} for c in homonyms["candidates"])


def test_extract_authority_resolves_at_the_catalogue_date_a_record_gives() -> None:
    """JSON Lines ``date``: the catalogue's date decides 杏荪 (方杏荪 was born in 1850); a date
    that is not one is that record's error, and the batch goes on."""
    lines = [
        {"id": "dated", "text": "杏荪来函已悉。", "date": "道光二十九年九月"},
        {"id": "undated", "text": "杏荪来函已悉。"},
        {"id": "bad", "text": "杏荪来函已悉。", "date": "某年"},
    ]
    zhiren = Path(sys.executable).with_name("zhiren")
    result = subprocess.run(
        [str(zhiren), "extract", "--fast", "--authority", str(LETTERS / "authority.csv")],
        input="\n".join(json.dumps(line, ensure_ascii=False) for line in lines),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "某年" in result.stderr  # the bad record is reported
    dated, undated, bad = (json.loads(line) for line in result.stdout.splitlines())
    assert dated["mentions"][0]["person"] == {"id": "hq.0401", "name": "盛宣怀"}
    assert undated["mentions"][0]["person"] is None
    assert {c["person_id"] for c in undated["mentions"][0]["candidates"]} == {"hq.0401", "hq.9008"}
    assert bad["error"]["code"] == "invalid_date" and bad["mentions"] == []
