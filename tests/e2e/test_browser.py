"""A researcher's path through the pages in a real headless Chromium (see conftest.py).

Each scenario saves screenshots under the artifacts folder the test summary names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import DUPLICATE, Site

Page = Any  # playwright.sync_api.Page (imported lazily: the browser fixture skips without Chromium)


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def lines_of(page: Page, selector: str) -> int:
    """How many lines the element's text is laid out on."""
    lines: int = page.locator(selector).first.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e);"
        " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"
    )
    return lines


def shot(page: Page, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def drawn_nodes(page: Page, graph: str) -> int:
    drawn = "window.zhirenPerson && window.zhirenPerson." + graph
    count: int = page.evaluate(f"() => {drawn} ? {drawn}.nodes().length : 0")
    return count


def test_search_person_graphs_timeline_letter_and_back(page: Page, site: Site, artifacts: Path) -> None:
    page.goto(site.url + "/")
    page.fill("header input[name=q]", "杏荪")
    page.click("header button")
    page.wait_for_load_state()
    shot(page, artifacts, "1-search-xingsun")
    first = page.locator("ol.hits > li").first
    assert "盛宣怀" in first.inner_text() and first.locator("a").first.get_attribute("href").startswith("/person/")
    first.locator("a").first.click()
    page.wait_for_load_state()
    person_url = page.url
    assert page.locator("h1").inner_text() == "盛宣怀"
    page.wait_for_function("() => window.zhirenPerson && window.zhirenPerson.kin && window.zhirenPerson.network")
    assert drawn_nodes(page, "kin") >= 10 and drawn_nodes(page, "network") >= 10
    assert page.locator("#kin-graph canvas").count() > 0 and page.locator("#network-graph canvas").count() > 0
    page.wait_for_selector("#timeline-chart .vis-item")
    shot(page, artifacts, "2-person-sheng")
    item = page.evaluate(
        "() => JSON.parse(document.getElementById('timeline-data').textContent)"
        ".find(i => i.content === '张之洞致盛宣怀函').id"
    )
    page.evaluate(f"() => window.zhirenPerson.timeline.focus({item}, {{animation: false}})")  # the item into view
    page.locator("#timeline-chart .vis-item a", has_text="张之洞致盛宣怀函").first.click()
    page.wait_for_url(re.compile(r"/document/"))
    shot(page, artifacts, "3-letter-from-timeline")
    person_id = person_url.rsplit("/", 1)[1]
    mention = page.locator(f'.text a.mention[href="/person/{person_id}"]').first
    assert mention.is_visible() and mention.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    mention.click()
    page.wait_for_load_state()
    assert page.url == person_url


def test_pages_read_without_javascript(browser: Any, site: Site, artifacts: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "/search?q=盛宣怀&type=person")
    page.locator("ol.hits > li a").first.click()
    page.wait_for_load_state()
    assert page.locator(".kin-lists a", has_text="盛康").is_visible()
    assert page.locator("table.correspondents").get_by_role("link", name="张之洞", exact=True).is_visible()
    assert page.locator("table.timeline-table a", has_text="张之洞致盛宣怀函").count() > 0
    assert not page.locator("#kin-graph").is_visible()  # the canvas needs JavaScript: the lists stand in
    shot(page, artifacts, "4-person-without-javascript")
    context.close()


def test_english_switch_changes_the_labels(page: Page, site: Site, artifacts: Path) -> None:
    page.goto(site.url + "/search?q=盛宣怀&type=person")
    page.locator("ol.hits > li a").first.click()
    page.wait_for_load_state()
    assert page.locator("h2#names").inner_text() == "名号"
    page.click("nav.lang a[hreflang=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h2#names").inner_text() == "Names" and page.locator("header button").inner_text() == "Search"
    assert page.locator("dl.names dt", has_text="courtesy name").count() == 1
    # each label beside its own names: an English label wrapping in a narrow column pushed the later ones down
    rows = page.evaluate(
        "() => [...document.querySelectorAll('dl.names dt')].map(dt => "
        "[dt.getBoundingClientRect().top, dt.nextElementSibling.getBoundingClientRect().top])"
    )
    assert rows and all(abs(label - names) < 2 for label, names in rows), rows
    page.click("header a.home")  # the cookie keeps English on the next page
    assert page.locator("h2").first.inner_text() == "Stores"
    shot(page, artifacts, "5-english")


def test_curator_merges_and_the_page_shows_the_survivor(page: Page, site: Site, artifacts: Path) -> None:
    page.goto(site.url + "/search?q=盛宣怀&type=person")
    survivor = page.locator("ol.hits > li a").first.get_attribute("href").rsplit("/", 1)[1]
    page.goto(f"{site.url}/curate/login?next=/curate/person/{survivor}")
    page.fill("input[name=curator]", "e2e curator")
    page.fill("input[name=token]", site.token)
    page.click("form.curate button")
    page.wait_for_url(re.compile(rf"/curate/person/{survivor}"))
    merge = page.locator("form.op", has=page.locator("input[name=merged]"))
    merge.locator("input[name=merged]").fill(DUPLICATE)
    merge.locator("button").click()
    page.wait_for_load_state()
    shot(page, artifacts, "6-merge-preview")
    changes = page.locator("ul.changes").inner_text()  # the change lines in the page's language (Chinese)
    assert f"由 {DUPLICATE} 移至 {survivor}" in changes and f"{DUPLICATE} 的并入人物" in changes
    page.click("form:has(input[name=confirm]) button")  # 写入此修改
    page.wait_for_load_state()
    page.goto(f"{site.url}/person/{DUPLICATE}")
    assert page.url.endswith(f"/person/{survivor}") and page.locator("h1").inner_text() == "盛宣怀"
    assert "盛杏荪" in page.locator("dl.names").inner_text()  # the merged record's name now under the survivor
    shot(page, artifacts, "7-survivor")


@pytest.mark.parametrize("path", ["/", "/search?q=杏荪", "PERSON", "LETTER"])
def test_a_phone_wide_page_does_not_scroll_sideways(browser: Any, site: Site, artifacts: Path, path: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(site.url + "/search?q=盛宣怀&type=person")
    person = page.locator("ol.hits > li a").first.get_attribute("href")
    if path == "PERSON":
        path = person
    elif path == "LETTER":
        page.goto(site.url + person)
        path = page.locator("table.mentions td.doc a").first.get_attribute("href")
    page.goto(site.url + path)
    page.wait_for_load_state("networkidle")
    shot(page, artifacts, f"8-phone-{re.sub(r'[^a-z]+', '-', path.lower()).strip('-') or 'home'}")
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{path}: {width[0]} px of content in a {width[1]} px window"
    assert lines_of(page, "header button") == 1, "the search button wrapped"
    if page.locator("table.mentions td.doc a").count():
        link = page.locator("table.mentions td.doc a").first
        assert link.evaluate("e => e.getBoundingClientRect().width") > 4 * 16, "titles stacked a character a line"
    if path == person:  # the kinship tree's six sons fit across at a size one can read (13 px names, zoomed)
        page.wait_for_function("() => window.zhirenPerson && window.zhirenPerson.kin")
        assert page.evaluate("() => window.zhirenPerson.kin.zoom()") * 13 >= 10, "kin names under 10 px"
    context.close()


def test_facets_narrow_and_survive_paging(page: Page, site: Site, artifacts: Path) -> None:
    page.goto(site.url + "/search?q=盛宣怀&size=5")
    total = int(re.search(r"(\d+)", page.locator("p.total").inner_text()).group(1))  # type: ignore[union-attr]
    facet = page.locator("aside.facets section.facet", has=page.locator("h3", has_text="文献类型"))
    letters = facet.locator("li", has=page.locator("a", has_text="信札"))
    count = int(letters.locator(".count").inner_text())
    assert 5 < count < total, (count, total)
    letters.locator("a").first.click()
    page.wait_for_load_state()
    assert f"{count} 条结果" in page.locator("p.total").inner_text()
    shot(page, artifacts, "9-facet-letters")
    page.click("nav.pager a[rel=next]")
    page.wait_for_load_state()
    assert "kind=letter" in page.url and "size=5" in page.url and "page=2" in page.url
    assert f"{count} 条结果 · 第 6–" in page.locator("p.total").inner_text()
    assert page.locator("aside.facets a.on", has_text="信札").count() == 1
    kinds = page.locator("ol.hits > li .kind").all_inner_texts()
    assert kinds and set(kinds) == {"信札"}, kinds
    shot(page, artifacts, "10-facet-page-2")


@pytest.mark.parametrize(("typed", "shown"), [("xings", "盛宣怀（杏荪）"), ("盛宣", "盛宣怀"), ("Sheng Hs", "盛宣怀")])
def test_names_are_suggested_as_you_type_and_open_the_person(
    page: Page, site: Site, artifacts: Path, typed: str, shown: str
) -> None:
    page.goto(site.url + "/")
    page.locator("header input[name=q]").press_sequentially(typed, delay=30)
    suggestion = page.locator("ul.suggestions a", has_text=shown).first
    suggestion.wait_for()
    assert page.locator("ul.suggestions li").count() <= 10
    shot(page, artifacts, f"11-suggest-{re.sub(r'[^a-z]+', '-', typed.lower()).strip('-') or 'han'}")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/person/"))
    assert page.locator("h1").inner_text() == "盛宣怀"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_hits_come_first_to_the_eye_and_the_facets_beside_or_after_them(
    browser: Any, site: Site, artifacts: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(site.url + "/search?q=杏荪")
    first_hit = page.locator("ol.hits > li").first.bounding_box()
    facets = page.locator("aside.facets").bounding_box()
    shot(page, artifacts, f"12-search-layout-{width}")
    assert first_hit["y"] < 400, "the first hit is below the first screen"
    if width > 800:  # a column at the hits' left
        assert facets["x"] + facets["width"] <= first_hit["x"] and facets["y"] < 400
    else:  # after the hits, a link by the count leads down to them
        assert facets["y"] > first_hit["y"] and page.locator("a.to-facets").is_visible()
    context.close()
