"""The union catalogue end to end: records of several libraries ingested, joined into works with
holdings, a doubtful pair reviewed and decided, the work's page listing its holdings."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.unit.cli.conftest import zhiren
from zhiren.app import create_app
from zhiren.authority.ids import stable_id
from zhiren.settings import load_settings

PAIRS = Path(__file__).resolve().parents[2] / "fixtures" / "union_catalogue" / "pairs.jsonl"
COLUMNS = ["记录号", "收藏者", "题名", "谱籍", "堂号", "责任者", "版本", "卷数", "始祖", "始迁祖"]


def record_id(number: str) -> str:
    return stable_id("d", "genealogy", number)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """缪山吴氏重修家谱 from three libraries (pairs 0, 1: same), 萧山徐氏宗谱 from two (pair 23: doubtful),
    吴氏宗谱 and 吴氏支谱 (pair 34: different works)."""
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    rows = {p[side]["记录号"]: p[side] for i in (0, 1, 23, 34) for p in [pairs[i]] for side in ("a", "b")}
    folder = tmp_path_factory.mktemp("union")
    with (folder / "records.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows.values())
    assert zhiren(folder / "data", "ingest", "genealogy", str(folder / "records.csv")).returncode == 0
    return folder / "data"


def test_union_joins_holdings_and_queues_the_doubtful_pair(data: Path) -> None:
    dry = zhiren(data, "catalogue", "union", "--dry-run")
    assert dry.returncode == 0 and "dry run: records 7  works 5" in dry.stdout
    first = zhiren(data, "catalogue", "union")
    assert "records 7  works 5  held by several libraries 1  doubtful pairs for review 1" in first.stdout
    assert zhiren(data, "catalogue", "union").stdout == first.stdout  # idempotent
    pairs = [json.loads(line) for line in zhiren(data, "review", "catalogue", "--json").stdout.splitlines()]
    assert [(p["a_title"], p["b_title"]) for p in pairs] == [("萧山徐氏宗谱", "萧山徐氏宗谱")]
    assert {f["name"] for f in pairs[0]["features"]} >= {"edition_year", "compilers"}


def test_a_decided_pair_is_joined_and_not_asked_again(data: Path) -> None:
    pair = json.loads(zhiren(data, "review", "catalogue", "--json").stdout.splitlines()[0])
    decided = zhiren(data, "review", "catalogue-decide", pair["a"], pair["b"], "same")
    assert decided.returncode == 0 and "works 4" in decided.stdout and "doubtful pairs for review 0" in decided.stdout
    assert zhiren(data, "review", "catalogue").stdout.strip() == "no doubtful catalogue pairs"
    bad = zhiren(data, "review", "catalogue-decide", pair["a"], "d_nothing", "same")
    assert bad.returncode == 1 and "no document d_nothing" in bad.stderr


def test_the_work_page_lists_its_holdings(data: Path) -> None:
    settings = load_settings(env={"ZHIREN_DATA_DIR": str(data)})
    with create_app(settings).test_client() as client:
        record = client.get(f"/document/{record_id('SH-1')}").get_data(as_text=True)
        work_link = record.split("联合目录: <a href=\"")[1].split('"')[0]
        work = client.get(work_link).get_data(as_text=True)
    assert "<h2>馆藏</h2>" in work
    for library in ("上海图书馆", "国家图书馆", "安徽省图书馆"):
        assert library in work
