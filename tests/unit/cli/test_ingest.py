"""`zhiren ingest` as a curator runs it: summary, rejected rows with file:line, dry run, re-run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ZHIREN = Path(sys.executable).with_name("zhiren")
DEMO = Path(__file__).resolve().parents[3] / "ingest" / "demo"


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ZHIREN_DATA_DIR": str(data)}
    return subprocess.run([str(ZHIREN), *args], capture_output=True, text=True, timeout=300, env=env)


def counts(data: Path) -> dict[str, object]:
    result: dict[str, object] = json.loads(run(data, "counts", "--json").stdout)
    return result


def test_ingest_reports_rejected_rows_and_keeps_the_good_ones(tmp_path: Path) -> None:
    items = tmp_path / "items.csv"
    items.write_text(
        "档号,题名,发文者,收文者,时间,全文\nA1,张之洞致盛宣怀函,张之洞,盛宣怀,光绪二十二年,杏荪仁兄\n"
        "A1,重复,张之洞,盛宣怀,,\n",
        encoding="utf-8",
    )
    assert run(tmp_path, "ingest", "authority", str(DEMO / "authority.csv")).returncode == 0
    result = run(tmp_path, "ingest", "sheng", str(items))
    assert result.returncode == 1
    assert f"rejected: {items}:3: 档号: duplicate 档号 A1 (first at line 2)" in result.stdout
    assert "read 1  documents 1" in result.stdout and "Traceback" not in result.stderr
    assert counts(tmp_path)["documents"] == 1


def test_dry_run_writes_nothing_and_rerun_adds_nothing(tmp_path: Path) -> None:
    dry = run(tmp_path, "ingest", "authority", "--dry-run", str(DEMO / "authority.csv"))
    assert dry.returncode == 0 and "read 38" in dry.stdout
    assert counts(tmp_path)["persons"] == 0
    run(tmp_path, "ingest", "authority", str(DEMO / "authority.csv"))
    run(tmp_path, "ingest", "sheng", str(DEMO / "sheng_items.csv"))
    first = counts(tmp_path)
    again = run(tmp_path, "ingest", "sheng", str(DEMO / "sheng_items.csv"))
    assert again.returncode == 0 and counts(tmp_path) == first


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run(tmp_path, "ingest", "sheng", str(tmp_path / "nothing.csv"))
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_an_interrupted_ingest_resumes_after_its_last_committed_batch(tmp_path: Path) -> None:
    from zhiren.ingest.checkpoint import Checkpoint

    run(tmp_path, "ingest", "authority", str(DEMO / "authority.csv"))
    items = DEMO / "sheng_items.csv"
    Checkpoint(tmp_path / "checkpoints", "sheng", items).advance(30)  # as left by a run stopped after 30 items
    resumed = run(tmp_path, "ingest", "sheng", str(items))
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming {items}: skipping 30 item(s)" in resumed.stdout and "read 3  documents 3" in resumed.stdout
    assert Checkpoint(tmp_path / "checkpoints", "sheng", items).done == 0  # finished: nothing left to resume
    again = run(tmp_path, "ingest", "sheng", "--restart", str(items))
    assert "read 33  documents 33" in again.stdout and counts(tmp_path)["documents"] == 33


def test_extract_links_to_an_authority_file_and_lets_dates_decide_homonyms(tmp_path: Path) -> None:
    authority = tmp_path / "authority.csv"
    authority.write_text(
        "primary_id,person_id,person_name,born_year,died_year,gender,jiguan,dynasty,name_type\n"
        "S:1,S,盛宣怀,1844,1916,男,武进,清,名\nS:2,S,杏荪,1844,1916,男,武进,清,字\n"
        "A:1,A,王文,1800,1860,男,,清,名\nB:1,B,王文,1850,1910,男,,清,名\n",
        encoding="utf-8",
    )
    text = tmp_path / "letter.txt"
    text.write_text("杏荪仁兄大人阁下：王文来函已悉。光绪二十二年四月。", encoding="utf-8")  # the date decides 杏荪
    result = subprocess.run(
        [str(ZHIREN), "extract", "--fast", "--kind", "letter", "--authority", str(authority), str(text)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    mentions = {m["text"]: m for m in json.loads(result.stdout)["mentions"]}
    assert mentions["杏荪"]["person"]["name"] == "盛宣怀"
    assert mentions["王文"]["person"] == {"id": "B", "name": "王文"}  # the file's id; alive in 1896, A died in 1860
    undated = subprocess.run(
        [str(ZHIREN), "extract", "--fast", "--authority", str(authority)],
        input="王文来函已悉。",
        capture_output=True,
        text=True,
        timeout=120,
    )
    [homonym] = json.loads(undated.stdout)["mentions"]
    assert homonym["person"] is None and len(homonym["candidates"]) == 2
