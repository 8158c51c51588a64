"""The search page and API on the demo corpus: ranking, facets, pages, suggestions, bad input."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import render_template
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import embedded_settings
from tests.demo_fixture import load
from zhiren.app import api as app_api
from zhiren.app import create_app
from zhiren.app.search_view import search_page
from zhiren.store.factory import open_graph, open_search
from zhiren.store.search.base import SearchQuery, SearchResult


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    settings = embedded_settings(tmp_path_factory.mktemp("search-web"))
    graph, search = open_graph(settings), open_search(settings)
    load(graph, search)
    graph.close()
    search.close()
    app = create_app(settings)
    with app.test_client() as test_client:
        yield test_client
    app.extensions["zhiren"].close()


def page(client: FlaskClient, **args: object) -> str:
    response = client.get("/search", query_string=args)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def api(client: FlaskClient, path: str = "/api/search", **args: object) -> dict:  # type: ignore[type-arg]
    response = client.get(path, query_string=args)
    assert response.status_code == 200, response.get_json()
    body: dict = response.get_json()  # type: ignore[type-arg]
    return body


def links(html: str, pattern: str) -> list[dict[str, list[str]]]:
    """The query arguments of every link of the page whose markup matches ``pattern``."""
    return [parse_qs(urlsplit(unescape(href)).query) for href in re.findall(pattern, html, re.S)]


@pytest.mark.parametrize(
    "query",
    ["杏荪", "盛杏荪", "盛宣懷", "Sheng Hsuan-huai", "sheng xuanhuai", "张香涛", "香涛", "宣怀", "之洞", "Hsuan-huai"],
)
def test_the_person_named_by_the_query_is_the_first_hit(client: FlaskClient, query: str) -> None:
    first = api(client, q=query)["hits"][0]
    assert first["type"] == "person" and first["title"] in {"盛宣怀", "张之洞"}, query
    html = page(client, q=query)
    assert re.search(r'<ol class="hits" start="1">\s*<li>\s*<a href="/person/', html), query


@pytest.mark.parametrize("query", ["盛宫保 OR 张香帅", "杏荪 OR 香涛", "sheng-xuanhuai OR 张之洞"])
def test_persons_named_by_names_or_ed_are_the_first_hits(client: FlaskClient, query: str) -> None:
    hits = api(client, q=query)["hits"]
    assert [h["type"] for h in hits[:2]] == ["person", "person"], query
    assert {h["title"] for h in hits[:2]} == {"盛宣怀", "张之洞"}, query


def test_a_latin_name_is_listed_as_a_romanisation_as_on_the_person_page(client: FlaskClient) -> None:
    body = api(client, q="盛宣怀", type="person")
    names = body["hits"][0]["data"]["names"]
    assert names["romanised"] == ["Sheng Xuanhuai"] and "别名" not in names  # the seed typed it 别名
    types = {f["value"] for f in body["facets"]["name_types"]}
    assert "romanised" in types and "别名" not in types
    hit = page(client, q="盛宣怀", type="person").split('<ol class="hits"')[1].split("</li>")[0]
    assert "罗马字: Sheng Xuanhuai" in hit
    labels = re.findall(r'<span class="name">([^:<]+):', hit)
    assert labels == ["名", "字", "号", "称谓", "罗马字"], labels  # the person page's order, whatever the graph's


def test_one_wrong_character_offers_the_name(client: FlaskClient) -> None:
    body = api(client, q="盛宣杯")
    assert body["did_you_mean"] == "盛宣怀" and body["hits"][0]["title"] == "盛宣怀"
    html = page(client, q="盛宣杯")
    assert "您是不是要找" in html and "q=%E7%9B%9B%E5%AE%A3%E6%80%80" in html  # q=盛宣怀
    assert "Did you mean" in page(client, q="盛宣杯", lang="en")
    assert "您是不是要找" in page(client, q="盛宣杯", lang="zh")  # the switch is a cookie: back to Chinese


def test_native_place_and_era_filters_apply_and_facets_count(client: FlaskClient) -> None:
    body = api(client, type="person", native_place="南皮")
    assert [h["title"] for h in body["hits"]] == ["张之洞"]
    everyone = api(client, type="person", surname="盛")
    assert {h["title"] for h in everyone["hits"]} >= {"盛宣怀", "盛康"}
    assert dict((f["value"], f["count"]) for f in everyone["facets"]["surname"]) == {"盛": everyone["total"]}
    assert "盛宣怀" in {h["title"] for h in api(client, type="person", era="光绪")["hits"]}  # lived under 光绪
    letters = api(client, type="document", era="光绪")
    assert letters["total"] > 0 and all(h["data"]["date"]["text"].startswith("光绪") for h in letters["hits"])


def test_facet_links_keep_the_query_filters_and_size(client: FlaskClient) -> None:
    html = page(client, q="盛宣怀", type="document", size=5, year_from=1890)
    facet_links = links(html, r'<section class="facet">.*?<a href="([^"]+)"')
    assert facet_links, "no facet on the page"
    for args in links(html, r'<li><a href="(/search\?[^"]+)"'):
        assert args["q"] == ["盛宣怀"] and args["size"] == ["5"] and args["year_from"] == ["1890"]
    kind = links(html, r'href="([^"]*kind=[^"]*)"')[0]
    narrowed = api(client, **{k: v[0] for k, v in kind.items()})
    assert narrowed["total"] <= api(client, q="盛宣怀", type="document", year_from=1890)["total"]


def test_pages_keep_every_filter_and_numbering_continues(client: FlaskClient) -> None:
    first = api(client, type="document", dynasty="清", size=3)
    assert first["pages"] >= 3
    html = page(client, type="document", dynasty="清", size=3, page=2)
    assert '<ol class="hits" start="4">' in html
    pager = html[html.index('<nav class="pager"') :]
    pages = links(pager, r'href="([^"]+)"')
    assert pages and all(a["dynasty"] == ["清"] and a["size"] == ["3"] and a["type"] == ["document"] for a in pages)
    assert 'rel="prev"' in pager and 'rel="next"' in pager
    second = api(client, type="document", dynasty="清", size=3, page=2)
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}


def test_decades_read_as_the_reader_writes_them(client: FlaskClient) -> None:
    assert ">1890年代</a>" in page(client, q="杏荪") and ">1890s</a>" not in page(client, q="杏荪")
    english = page(client, q="杏荪", lang="en")
    page(client, lang="zh")
    assert ">1890s</a>" in english and "decade=1890s" in english


def test_the_home_page_s_searches_to_try_each_find_what_they_are_said_to(client: FlaskClient) -> None:
    home = client.get("/").get_data(as_text=True)
    tried = links(home.split('<p class="examples">')[1].split("</p>")[0], r'href="(/search\?[^"]+)"')
    assert len(tried) >= 6
    for args in tried:
        body = api(client, q=args["q"][0])
        first = body["hits"][0]["title"] if body["hits"] else None
        assert first is not None, args["q"]
        if args["q"][0] in ("杏荪", "盛杏荪", "盛宫保", "Sheng Hsuan-huai", "盛宣杯"):
            assert first == "盛宣怀", (args["q"], first)
    assert '<p class="examples">' in page(client)  # the search page before a query shows the same help


def test_a_person_s_dates_read_as_the_source_wrote_them_with_the_western_year(client: FlaskClient) -> None:
    html = page(client, q="盛恩颐", type="person")
    assert '光绪十八年 <time datetime="1892">(1892)</time> – ?' in html
    # the authority's bare years as the reign (or the Republic) counted them, the year beside each, as
    # on the person page
    sheng = page(client, q="盛宣怀", type="person")
    assert '道光二十四年 <time datetime="1844">(1844)</time> – 民国五年 <time datetime="1916">(1916)</time>' in sheng


def test_facets_read_in_time_order_or_the_person_page_s_and_the_others_by_count(client: FlaskClient) -> None:
    """杏荪's hits are mostly of 光绪 (10 of 12), but the reign eras read 道光 to 民国, as a historian
    lists them; name types as the person page lists them; the kinds of document stay by their counts."""
    html = page(client, q="杏荪")

    def facet(title: str) -> list[str]:
        section = html.split(f"<h3>{title}</h3>")[1].split("</section>")[0]
        return re.findall(r'<a href="[^"]+" ?>([^<]+)</a>', section)

    assert facet("年号") == ["道光", "咸丰", "同治", "光绪", "宣统", "民国"]
    assert facet("朝代") == ["清", "中华民国"]
    assert facet("年代") == [f"{decade}年代" for decade in range(1840, 1920, 10)]
    assert facet("文献类型") == ["信札", "手稿", "家谱"]  # 8, 2, 1
    assert facet("名号类型") == ["名", "字", "号", "称谓", "罗马字"]  # as the person page lists them


def test_facet_values_past_the_first_dozen_are_folded_not_dropped(client: FlaskClient) -> None:
    eras = [(f"年号{i:02d}", 100 - i) for i in range(30)]  # a big corpus: thirty reign eras
    query = SearchQuery("盛宣怀", filters={"kind": "letter"})
    result = SearchResult(total=100, hits=[], facets={"era": eras}, page=1, size=20)
    with client.application.test_request_context("/search?q=盛宣怀&kind=letter"):
        page = search_page(query, result)
        html = render_template("search.html", query=query, result=result, page=page)
    (era,) = page.facets
    assert [v.value for v in era.values + era.more] == [e for e, _ in eras]  # every one reachable
    assert len(era.values) == 12 and "<summary>更多（18）</summary>" in html
    assert "era=%E5%B9%B4%E5%8F%B729" in html and "kind=letter" in html.split("年号29")[0].rsplit("<a ", 1)[1]


def test_past_the_last_page_says_so(client: FlaskClient) -> None:
    html = page(client, type="document", dynasty="清", page=500)
    assert "已超出末页" in html and "<li>" not in html.split('<ol class="hits"')[1].split("</ol>")[0]
    assert not re.search(r"\d+ 条结果</p>", html)


NOTHING = "没有可检索的内容"


@pytest.mark.parametrize(
    ("query", "problem", "reason", "said"),
    [
        ('"', "nothing to search for", "nothing_to_search", NOTHING),
        ("AND OR NOT", "nothing to search for", "nothing_to_search", NOTHING),
        ("，。！？", "nothing to search for", "nothing_to_search", NOTHING),
        ("\x00", "nothing to search for", "nothing_to_search", NOTHING),
        ("\u202e\u2066", "nothing to search for", "nothing_to_search", NOTHING),
        ("NOT 杏荪", "every term is excluded", "all_excluded", "每个词都被排除了"),
        ("盛" * 10_000, "10000 characters long", "too_long", "检索式长 10000 字，最多检索 200 字。"),
    ],
)
def test_a_query_with_nothing_to_search_or_too_long_is_a_400_with_a_message(
    client: FlaskClient, query: str, problem: str, reason: str, said: str
) -> None:
    response = client.get("/api/search", query_string={"q": query})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert problem in error["message"] and error["details"]["field"] == "q" and error["details"]["reason"] == reason
    html = client.get("/search", query_string={"q": query})
    text = html.get_data(as_text=True)
    # said on the search page, in the reader's language, with the syntax beside it
    assert html.status_code == 400 and said in text and problem not in text and "语法：" in text
    english = client.get("/search", query_string={"q": query, "lang": "en"}).get_data(as_text=True)
    client.get("/?lang=zh")
    assert said not in english and "Syntax:" in english


def test_the_search_box_shows_the_query_as_searched(client: FlaskClient) -> None:
    assert 'name="q" maxlength="200" value="盛 宣怀"' in page(client, q="\x01盛 \u202e  宣怀 ")
    refused = client.get("/search", query_string={"q": "盛" * 10_000}).get_data(as_text=True)
    assert 'name="q" maxlength="200" value=""' in refused  # nothing was searched: nothing echoed
    numbers = client.get("/search", query_string={"q": "盛宣怀", "size": "1000"}).get_data(as_text=True)
    assert ">size 须在 1 与 100 之间。</p>" in numbers and 'value="盛宣怀"' in numbers  # in the page's language
    years = client.get("/search", query_string={"q": "盛宣怀", "year_from": 1900, "year_to": 1800})
    assert ">起始年 1900 晚于截止年 1800。</p>" in years.get_data(as_text=True)  # the fields named once
    filtered = client.get("/search", query_string={"q": "盛宣怀", "era": "光" * 300}).get_data(as_text=True)
    assert ">筛选条件 era 长 300 字，最多 200 字。</p>" in filtered and "检索式长" not in filtered  # the filter


def test_the_query_echoed_is_the_query_searched(client: FlaskClient) -> None:
    body = api(client, q="盛宣\x00怀\u202e ")
    assert body["query"] == "盛宣怀" and body["hits"][0]["title"] == "盛宣怀"
    assert api(client, q='"盛宣怀')["total"] > 0  # an unclosed quote runs to the end


def test_bad_numbers_are_400_naming_the_field(client: FlaskClient) -> None:
    for args, field in [
        ({"size": "1000"}, "size"),
        ({"page": "²"}, "page"),
        ({"page": "9999", "size": "100"}, "page"),
        ({"year_from": "1900", "year_to": "1800"}, "year_from"),
        ({"year_to": "x"}, "year_to"),
    ]:
        response = client.get("/api/search", query_string={"q": "盛宣怀", **args})
        assert response.status_code == 400 and response.get_json()["error"]["details"]["field"] == field, args


TYPED = [("盛宣", "盛宣怀"), ("盛宣懷", "盛宣怀"), ("shengx", "盛宣怀"), ("Sheng Hs", "盛宣怀"), ("xings", "杏荪")]


@pytest.mark.parametrize(("prefix", "name"), TYPED)
def test_suggest_as_you_type_in_any_script_or_romanisation(client: FlaskClient, prefix: str, name: str) -> None:
    suggestions = api(client, "/api/suggest", q=prefix)["suggestions"]
    assert 0 < len(suggestions) <= 10 and name in [s["name"] for s in suggestions], prefix
    assert suggestions[0]["title"] in {"盛宣怀", "张之洞"}


def test_suggest_edges(client: FlaskClient) -> None:
    assert api(client, "/api/suggest", q="")["suggestions"] == []
    assert len(api(client, "/api/suggest", q="s")["suggestions"]) <= 10
    assert client.get("/api/suggest", query_string={"q": "盛", "limit": "11"}).status_code == 400
    assert client.get("/api/suggest", query_string={"q": "盛" * 300}).status_code == 400


@pytest.mark.parametrize("path", ["/api/search", "/search"])
def test_a_search_waits_for_a_slot_and_a_suggestion_for_none(client: FlaskClient, path: str) -> None:
    """Searches run a few at a time (app.api._SEARCH_SLOTS): with every slot taken, a search waits
    until one is given back, and a suggestion is answered at once (it never waits behind searches)."""
    held = 0
    while app_api._SEARCH_SLOTS.acquire(blocking=False):
        held += 1
    assert held >= 1
    answered = threading.Event()
    other = client.application.test_client()  # a client of its own: the search runs in another thread
    searching = threading.Thread(
        target=lambda: answered.set() if other.get(path, query_string={"q": "盛宣怀"}) else None
    )
    try:
        searching.start()
        assert api(client, "/api/suggest", q="盛宣")["suggestions"]
        assert not answered.wait(0.5)  # still waiting for a slot
    finally:
        for _ in range(held):
            app_api._SEARCH_SLOTS.release()
    assert answered.wait(30)
    searching.join()


def test_hostile_queries_are_escaped(client: FlaskClient) -> None:
    html = page(client, q='<script>alert(1)</script> 盛宣怀 "><img src=x>')
    assert "<script>alert" not in html and "<img src=x>" not in html


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60), st.sampled_from(["/api/search", "/search", "/api/suggest"]))
def test_no_query_string_gives_a_500(client: FlaskClient, query: str, path: str) -> None:
    response = client.get(path, query_string={"q": query})
    assert response.status_code in (200, 400), (query, response.get_data(as_text=True)[:300])
