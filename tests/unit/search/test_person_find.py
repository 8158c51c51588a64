"""`zhiren person find` finds whom the search page finds: romanisations, surname + 字/号, one character off."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import embedded_settings
from tests.demo_fixture import load
from tests.unit.cli.conftest import zhiren
from zhiren.store.factory import open_graph, open_search


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("find")
    graph, search = open_graph(embedded_settings(folder)), open_search(embedded_settings(folder))
    load(graph, search)
    graph.close()
    search.close()
    return folder


@pytest.mark.parametrize(
    ("typed", "person"),
    [
        ("盛宣怀", "盛宣怀"),
        ("盛宣懷", "盛宣怀"),
        ("Sheng Hsuan-huai", "盛宣怀"),
        ("sheng xuanhuai", "盛宣怀"),
        ("盛杏荪", "盛宣怀"),
        ("张香涛", "张之洞"),
        ("Chang Chih-tung", "张之洞"),
    ],
)
def test_person_find_by_any_form_of_a_name(data: Path, typed: str, person: str) -> None:
    ran = zhiren(data, "person", "find", typed)
    assert ran.returncode == 0 and ran.stdout.splitlines()[0].split()[1] == person, (typed, ran.stdout)


def test_a_name_one_character_off_is_found_and_marked(data: Path) -> None:
    ran = zhiren(data, "person", "find", "盛宣杯")
    assert ran.returncode == 0 and "盛宣怀  (one character off)" in ran.stdout


def test_nothing_found_or_nothing_to_search_is_exit_1(data: Path) -> None:
    assert zhiren(data, "person", "find", "无此人氏").returncode == 1
    refused = zhiren(data, "person", "find", "，，")
    assert refused.returncode == 1 and "nothing to search for" in refused.stderr
