"""The researcher's first view on the demo corpus: search, person and document pages, the JSON API."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
import rdflib
from flask.testing import FlaskClient
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed, RequestEntityTooLarge

from tests.conftest import embedded_settings
from tests.demo_fixture import load
from tests.factories import LETTER, SHENG, sample_batch
from tests.unit.ingest.test_lookup import CountingStore
from zhiren.app import create_app
from zhiren.app.presentation import explain, person_page
from zhiren.authority.curation.curator import Curator
from zhiren.authority.curation.operations import Merge
from zhiren.authority.model import (
    Document,
    DocumentKind,
    LinkStatus,
    Mention,
    MentionRole,
    Person,
    PersonRecord,
    Relation,
    RelationType,
)
from zhiren.authority.names import name_key
from zhiren.store.factory import open_graph, open_search
from zhiren.store.graph.base import GraphBatch
from zhiren.store.graph.sqlite import SqliteGraphStore
from zhiren.store.search.entries import document_entry

EXTERNAL = {
    "cbdb": "3787",
    "viaf": "27063124",
    "wikidata": "Q334458",
    "shl": "http://data.library.sh.cn/entity/person/x1",
}
HOSTILE_IDS = {"cbdb": "1/../../evil?x=<b>", "shl": "javascript:alert(1)"}  # an ingest's --source takes any id


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    settings = embedded_settings(tmp_path_factory.mktemp("web"))
    graph, search = open_graph(settings), open_search(settings)
    load(graph, search)
    hostile = Document(
        "d_hostile", DocumentKind.RECORD, "<script>alert('t')</script>盛宣怀", "<img src=x onerror=1>盛宣怀"
    )
    zhang = graph.find_persons_by_name(name_key("张之洞"))[0].id
    doubtful = Document("d_doubtful", DocumentKind.LETTER, "疑信", "昨晤香帅，又见配（未详）氏与某人。")
    candidates = {"candidates": [{"person_id": zhang, "name": "张之洞", "score": 0.6, "features": {"name": 0.4}}]}
    graph.write(
        GraphBatch(
            documents=[hostile, doubtful],
            persons=[
                Person("p_dup", "盛杏荪"),
                Person("p_placeholder", "配（未详）氏"),
                Person("p_external", "严复", external_ids=EXTERNAL),
                Person("p_hostile_ids", "严又陵", external_ids=HOSTILE_IDS),
                Person("p_ddbc", "張謇", external_ids={"ddbc": "A004863"}),  # as `--source ddbc` seeds him
            ],
            mentions=[
                Mention("m_queued", "d_doubtful", 2, 4, "香帅", zhang, status=LinkStatus.QUEUED, features=candidates),
                Mention("m_noise", "d_doubtful", 7, 13, "配（未详）氏", "p_placeholder"),
                Mention("m_unlinked", "d_doubtful", 14, 16, "某人", None, status=LinkStatus.UNLINKED),
            ],
        )
    )
    search.index([document_entry(hostile, [])])
    Curator(graph, "test").run(Merge(graph.find_persons_by_name(name_key("盛宣怀"))[0].id, "p_dup"))
    graph.close()
    search.close()
    app = create_app(settings)
    with app.test_client() as test_client:
        yield test_client
    app.extensions["zhiren"].close()


def test_search_page_lists_persons_and_documents(client: FlaskClient) -> None:
    page = client.get("/search", query_string={"q": "香帅"}).get_data(as_text=True)
    assert "张之洞" in page and "<mark>香帅</mark>" in page


def test_english_counts_one_in_the_singular(client: FlaskClient) -> None:
    page = text_of(client.get("/search", query_string={"q": "盛宣杯", "lang": "en"}).get_data(as_text=True))
    past = text_of(client.get("/search", query_string={"q": "盛宣杯", "page": 3, "lang": "en"}).get_data(as_text=True))
    many = text_of(client.get("/search", query_string={"q": "杏荪", "lang": "en"}).get_data(as_text=True))
    client.get("/?lang=zh")  # the cookie back to Chinese for the other tests
    assert "1 result ·" in page and "盛宣怀 Person similar name" in page and "Persons" in page  # the hit; the tab
    assert "Page 3 is past the last page, page 1 (1 result)." in past
    assert re.search(r"\b\d+ results ·", many)


def sheng(client: FlaskClient) -> str:
    hits = client.get("/api/search", query_string={"q": "盛宣怀", "type": "person"}).get_json()["hits"]
    person_id: str = hits[0]["id"]
    return person_id


def text_of(html: str) -> str:
    """The page's text without tags, spaces folded (what a reader sees, in order)."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_person_page_a_scholar_can_cite(client: FlaskClient) -> None:
    person_id = sheng(client)
    html = client.get(f"/person/{person_id}").get_data(as_text=True)
    page = text_of(html)
    # names grouped by type, with script and romanisation; a Latin name is a romanisation, not 别名
    assert "字 杏荪 简体 · xing sun / hsing sun" in page and "号 愚斋" in page and "称谓 盛宫保" in page
    assert "罗马字 Sheng Xuanhuai 拉丁字母" in page and "别名" not in page
    # the genealogy's reign-era date beside the Western day; the authority's bare year of death with
    # the year as the Republic counted it; native place
    assert "道光二十四年九月二十四日 (1844-11-04) – 民国五年 (1916)" in page and "籍贯 武进" in page
    # kinship: ancestors by generation, 妻 before 继配, sons in birth order; no placeholder person
    assert "上2代 祖父 盛隆" in page and "上1代 父 盛康" in page
    assert "本人 盛宣怀 · 妻 董氏 · 继配 刁氏 · 继配 庄氏" in page
    assert page.index("长子 盛昌颐") < page.index("次子 盛和颐") < page.index("六子 盛升颐")
    assert "未详" not in page.split("年表")[0]
    # correspondence: letters between the two, counted by year; the network's data for the graph
    assert "张之洞 6 封" in page and "1896: 2，1900: 2，1904: 2" in page
    assert 'id="network-data"' in html and 'id="kin-data"' in html
    # timeline: the genealogy fact and the letters in date order
    timeline = page.split("年表")[1].split("文献提及")[0]
    assert timeline.index("生于道光二十四年九月二十四日") < timeline.index("李鸿章致盛宣怀函")
    assert "光绪二十五年 (1899) 文中提及 啬翁手札（演示）" in timeline  # a manuscript naming him, in words
    # mentions by date, passage highlighted, why in words
    assert "<mark>杏荪</mark>观察阁下" in html
    assert "名称「杏荪」为其字" in page and "文献年代为1884年，在其生卒年（1844–1916）之内" in page
    # cite and download
    assert f"知人人名规范库. http://127.0.0.1:5000/person/{person_id} (检索于 " in page
    assert f'href="/person/{person_id}.json"' in html
    for linked_data in (".jsonld", ".ttl", ".nt", ".rdf"):
        assert f'href="/person/{person_id}{linked_data}"' in html
    assert f'href="/api/persons/{person_id}"' in html


def test_a_document_is_one_row_of_his_mentions_with_every_role_and_passage(client: FlaskClient) -> None:
    """A letter to him that also names him (李鸿章's 杏荪观察阁下) is one row, not one per mention (issue
    21): its catalogue role and the passage share the row, each passage and reason still there."""
    person_id = sheng(client)
    for language, catalogue, roles, sender, reason, heading in (
        ("zh", "目录著录", "收文者；文中提及", "发文者 ×2", "「宣怀」为其名「盛宣怀」省去姓氏", "37 篇文献 · 64 处"),
        (
            "en",
            "catalogue entry",
            "recipient; mentioned in text",
            "sender ×2",
            "宣怀 is this person's given name 盛宣怀 without the surname",
            "37 documents · 64, by the documents' dates",
        ),
    ):
        html = client.get(f"/person/{person_id}?lang={language}").get_data(as_text=True)
        table = html.split('id="mentions"')[1].split('id="cite"')[0]
        rows = re.findall(r'<tr>\s*<td class="doc">(.*?)</tr>', table, re.S)
        documents = [re.search(r'href="/document/([^"#]+)', row).group(1) for row in rows]  # type: ignore[union-attr]
        assert len(rows) == len(set(documents)) == 37 and heading in text_of(table), language
        [received] = [text_of(row) for row in rows if "李鸿章致盛宣怀函" in row]
        assert f"盛宣怀 ({catalogue})" in received and f" {roles} " in received, received
        assert "<mark>杏荪</mark>观察阁下" in table
        [sent] = [text_of(row) for row in rows if "盛宣怀致张謇函" in row]  # his catalogue entry and signature
        assert f"盛宣怀 ({catalogue})" in sent and "宣怀 顿首" in sent, sent
        assert f" {sender} " in sent and reason in sent, sent
    client.get("/?lang=zh")  # the cookie back to Chinese for the other tests


def test_the_timeline_calls_only_letters_letters(client: FlaskClient) -> None:
    """An essay naming him (唐文治's 茹经堂文稿) is a mention, not a letter; the letter of the day after
    重阳 is one (a diary entry filed as a letter was, with no recipient)."""
    page = text_of(client.get(f"/person/{sheng(client)}").get_data(as_text=True))
    timeline = page.split("年表")[1].split("文献提及")[0]
    assert "宣统二年 (1910) 文中提及 茹经堂文稿（演示）" in timeline
    assert "光绪三十四年九月初十日 (1908-10-04) 信札 盛宣怀致唐文治函" in timeline and "日记一则" not in page


def test_why_linked_says_how_a_form_is_made_from_his_names(client: FlaskClient) -> None:
    """A form that is none of his names is said as a historian would: the 名 without the surname
    (宣怀 signing), the surname before an office (盛京堂), a character of a name (宣 signing a
    telegram, 杏翁); 宫保 alone, an honorific many held, in the general words."""
    person_id = sheng(client)
    page = text_of(client.get(f"/person/{person_id}").get_data(as_text=True))
    for reason in (
        "「宣怀」为其名「盛宣怀」省去姓氏",
        "「盛京堂」为其姓加称谓「京堂」",
        "「宣」取其名「盛宣怀」的「宣」字",
        "「杏翁」取其字「杏荪」的「杏」字",
        "「宫保」指称其名号的一部分或尊称",
    ):
        assert reason in page, reason
    english = text_of(client.get(f"/person/{person_id}?lang=en").get_data(as_text=True))
    assert "宣怀 is this person's given name 盛宣怀 without the surname" in english
    assert "杏翁 takes 杏 of this person's courtesy name 杏荪" in english
    client.get("/?lang=zh")  # the cookie back to Chinese for the other tests


def test_the_surname_before_a_courtesy_name_is_said_so() -> None:
    batch = sample_batch()
    record = PersonRecord(
        next(p for p in batch.persons if p.id == SHENG), [n for n in batch.names if n.person_id == SHENG], [], []
    )
    candidates = {"candidates": [{"person_id": SHENG, "features": {"name": 0.8}}]}
    mention = Mention("m_form", LETTER, 0, 3, "盛杏蓀", SHENG, features=candidates)
    [reason] = explain(mention, record, None)
    assert reason.text.format(**reason.params) == "「盛杏蓀」为姓加其字「杏蓀」"


def test_the_timeline_calls_a_work_he_wrote_his_own(client: FlaskClient) -> None:
    """唐文治 wrote 茹经堂文稿 and 盛宣怀 the 愚斋日记: each is its author's work on his timeline, not
    a text that mentions him (the timeline took the part of whichever mention came first)."""
    tang = client.get("/api/search", query_string={"q": "唐文治", "type": "person"}).get_json()["hits"][0]["id"]
    for person_id, line in (
        (tang, "宣统二年 (1910) 作者 茹经堂文稿（演示）"),
        (sheng(client), "光绪三十四年九月 (1908-10) 作者 愚斋日记（演示）"),
    ):
        page = text_of(client.get(f"/person/{person_id}?lang=zh").get_data(as_text=True))
        assert line in page.split("年表")[1].split("文献提及")[0], person_id


def test_person_page_in_english(client: FlaskClient) -> None:
    html = client.get(f"/person/{sheng(client)}?lang=en").get_data(as_text=True)
    page = text_of(html)
    client.get("/?lang=zh")  # the cookie back to Chinese for the other tests
    assert "courtesy name 杏荪 simplified · xing sun / hsing sun" in page
    assert "道光二十四年九月二十四日 (1844-11-04) – 民国五年 (1916)" in page  # the source's reckoning too
    assert "the name 杏荪 is this person's courtesy name" in page
    assert "document dated 1884 is within the person's life (1844–1916)" in page
    assert "Zhiren person-name authority" in page and "retrieved " in page
    assert "1 generation up father 盛康" in page and "wife 董氏 · successor wife 刁氏" in page
    assert "eldest son 盛昌颐" in page
    assert '"label": "eldest son"' in html  # the graph's edges too
    assert "1896: 2, 1900: 2, 1904: 2" in page and "，" not in page.split("Correspondents")[1].split("Timeline")[0]
    assert "the name 杏荪 is this person's courtesy name; no one else bears this name" in page


def test_external_ids_are_links_to_each_authority(client: FlaskClient) -> None:
    html = client.get("/person/p_external").get_data(as_text=True)
    for url in (
        "https://cbdb.fas.harvard.edu/cbdbapi/person.php?id=3787",
        "https://viaf.org/viaf/27063124",
        "https://www.wikidata.org/wiki/Q334458",
        "http://data.library.sh.cn/entity/person/x1",
    ):
        assert f'href="{url}"' in html, url
    ddbc = "http://authority.dila.edu.tw/person/?fromInner=A004863"
    for lang, label in (("zh", "法鼓人名规范"), ("en", "DDBC Person Authority")):
        seeded = client.get(f"/person/p_ddbc?lang={lang}").get_data(as_text=True)
        assert f'<a href="{ddbc}" rel="external noopener">{label}: A004863</a>' in seeded
    client.get("/?lang=zh")  # the cookie back to Chinese for the other tests
    assert client.get("/person/p_external.json").get_json()["external_ids"] == EXTERNAL  # the download: every id
    # the linked data: owl:sameAs each authority's URI for the person
    rdf = rdflib.Graph().parse(data=client.get("/person/p_external.ttl").get_data(as_text=True), format="turtle")
    assert {str(uri) for uri in rdf.objects(None, rdflib.OWL.sameAs)} == {
        "https://cbdb.fas.harvard.edu/cbdbapi/person.php?id=3787",
        "http://viaf.org/viaf/27063124",
        "http://www.wikidata.org/entity/Q334458",
        "http://data.library.sh.cn/entity/person/x1",
    }
    hostile = client.get("/person/p_hostile_ids").get_data(as_text=True)
    assert not [href for href in re.findall(r'href="([^"]*)"', hostile) if not href.startswith(("/", "http"))]
    assert 'href="https://cbdb.fas.harvard.edu/cbdbapi/person.php?id=1%2F..%2F..%2Fevil%3Fx%3D%3Cb%3E"' in hostile
    assert "javascript:alert(1)" in text_of(hostile)  # shown as text, not as a link


def test_person_download_as_json(client: FlaskClient) -> None:
    person_id = sheng(client)
    response = client.get(f"/person/{person_id}.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    body = response.get_json()
    assert body["uri"] == f"http://127.0.0.1:5000/person/{person_id}" and body["preferred_name"] == "盛宣怀"
    assert {"text": "杏荪", "type": "字"}.items() <= next(n for n in body["names"] if n["text"] == "杏荪").items()
    assert any(r["type"] == "WROTE_TO" and r["evidence"] for r in body["relations"]) and body["mentions"]
    assert client.get("/person/p_dup.json").status_code == 301


def test_genealogy_placeholders_never_become_persons(client: FlaskClient) -> None:
    hits = client.get("/api/search", query_string={"q": "龙溪盛氏宗谱", "type": "document"}).get_json()["hits"]
    assert hits
    found = client.get("/api/search", query_string={"q": "未详", "type": "person"}).get_json()
    assert found["total"] == 0


def test_a_manuscript_names_its_author_once(client: FlaskClient) -> None:
    """The catalogue's 责任者 唐文治 is the linked 作者 already: not repeated as plain text below it."""
    essay = client.get("/api/search", query_string={"q": "茹经堂文稿", "type": "document"}).get_json()["hits"][0]
    page = text_of(client.get(f"/document/{essay['id']}").get_data(as_text=True))
    assert "作者 唐文治" in page and page.count("唐文治") == 1 and "责任者" not in page


def test_queued_unlinked_and_placeholder_mentions_are_no_person_links(client: FlaskClient) -> None:
    html = client.get("/document/d_doubtful").get_data(as_text=True)
    assert '<span class="mention queued" id="m_queued" title="待审核：可能是 张之洞">香帅</span>' in html
    assert "「香帅」可能是 张之洞" in text_of(html)
    assert '<span class="mention unlinked" id="m_noise"' in html and "/person/p_placeholder" not in html
    assert '<span class="mention unlinked" id="m_unlinked"' in html


def test_genealogy_volume_and_record_link_both_ways_and_the_lineage_is_a_tree(client: FlaskClient) -> None:
    hit = client.get("/api/search", query_string={"q": "康长子", "type": "document"}).get_json()["hits"][0]
    volume = client.get(f"/document/{hit['id']}").get_data(as_text=True)
    record = re.search(r'目录记录: <a href="/document/(\w+)">', volume)
    assert record, "the volume links its catalogue record"
    back = client.get(f"/document/{record.group(1)}").get_data(as_text=True)
    assert f'世系卷: <a href="/document/{hit["id"]}">' in back
    tree = text_of(volume.split('<ol class="tree lineage">')[1].split("</ol>\n</li>\n</ol>")[0])
    assert tree.index("第一世 康") < tree.index("第二世 宣怀") < tree.index("第三世 昌颐") < tree.index("第三世 恩颐")
    nested = volume.split('<ol class="tree lineage">')[1]
    second = nested.index("宣怀</a>")
    assert second < nested.index('<ol class="tree">', second) < nested.index("昌颐</a>")  # the sons inside his item


def test_a_catalogue_record_reads_as_a_catalogue(client: FlaskClient) -> None:
    """The genealogy's record: its fields in the catalogue's order (the store keeps them sorted by
    code point: 卷数 提要 收藏者 …), its text under the field it is (提要, not 原文, and not twice),
    no legend of link marks over a text with no mention; its volume not titled 家谱 · 家谱."""
    hit = client.get("/api/search", query_string={"q": "康长子", "type": "document"}).get_json()["hits"][0]
    volume = client.get(f"/document/{hit['id']}").get_data(as_text=True)
    assert "家谱 · 家谱" not in text_of(volume)
    record_id = re.search(r'目录记录: <a href="/document/(\w+)">', volume)
    assert record_id
    record = text_of(client.get(f"/document/{record_id.group(1)}").get_data(as_text=True))
    fields = [record.index(f" {field} ") for field in ("责任者", "谱籍", "版本", "卷数", "收藏者", "提要")]
    assert fields == sorted(fields) and "原文" not in record and "已链接" not in record
    assert record.count("非原谱录文") == 1


def test_merged_person_redirects_permanently(client: FlaskClient) -> None:
    response = client.get("/person/p_dup")
    assert response.status_code == 301 and response.headers["Location"].startswith("/person/p")


def test_document_page_links_mentions(client: FlaskClient) -> None:
    hit = client.get("/api/search", query_string={"q": "马关", "type": "document"}).get_json()["hits"][0]
    page = client.get(f"/document/{hit['id']}").get_data(as_text=True)
    assert 'class="mention"' in page and ">鸿</a>" in page and "光绪二十一年三月十四日" in page


def test_everything_shown_is_escaped(client: FlaskClient) -> None:
    results = client.get("/search", query_string={"q": "盛宣怀 <script>"}).get_data(as_text=True)
    assert "<script>alert" not in results
    page = client.get("/document/d_hostile").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_api_search_json_and_errors(client: FlaskClient) -> None:
    body = client.get("/api/search", query_string={"q": "Sheng Hsuan-huai", "type": "person"}).get_json()
    assert body["total"] == 1 and body["hits"][0]["title"] == "盛宣怀"
    assert body["hits"][0]["data"]["names"]["字"] == ["杏荪"]
    bad = client.get("/api/search", query_string={"q": "x", "size": "1000"})
    assert bad.status_code == 400 and bad.get_json()["error"]["details"]["field"] == "size"
    assert client.get("/api/search", query_string={"type": "place"}).status_code == 400


def test_unknown_person_is_404(client: FlaskClient) -> None:
    assert client.get("/person/p_nobody").status_code == 404


def test_refusals_and_missing_pages_speak_the_reader_s_language(client: FlaskClient) -> None:
    """A 404 or 400 page said why in the API's English on a Chinese page ("no person p_nobody")."""
    asked = {
        "/person/p_nobody": ("找不到 p_nobody。", "Nothing has the id p_nobody."),
        "/nothing/here": ("此网址没有页面。", "There is no page at this address."),
        f"/person/{sheng(client)}?mentions=x": ("mentions 须为从 1 起的页码，而不是“x”。", "mentions must be a page"),
        "/search?q=盛&size=1000": ("size 须在 1 与 100 之间。", "size must be between 1 and 100."),
        "/search?q=盛&size=x": ("size 须为整数，而不是“x”。", "size must be an integer"),
        "/search?year_from=1900&year_to=1800": ("起始年 1900 晚于截止年 1800。", "The start year 1900 is after"),
        "/search?q=盛&page=9999": ("只能翻阅前 10000 条结果", "Only the first 10000 results"),
        "/search?q=盛&type=place": ("type 须为 person（人物）或 document（文献）。", "type must be person or"),
        f"/search?q=盛&era={'光' * 201}": ("筛选条件 era 长 201 字，最多 200 字。", "The filter era is 201"),
    }
    for path, (chinese, english) in asked.items():
        joint = "&" if "?" in path else "?"
        zh = text_of(client.get(f"{path}{joint}lang=zh").get_data(as_text=True))
        en = text_of(client.get(f"{path}{joint}lang=en").get_data(as_text=True))
        assert chinese in zh and english not in zh, (path, zh[:400])
        assert english in en, (path, en[:400])
    client.get("/?lang=zh")  # the cookie back to Chinese for the other tests


@pytest.mark.parametrize(
    ("error", "chinese"),
    [
        (InternalServerError(), "服务器处理此请求时出错，错误已记入日志。"),
        (MethodNotAllowed(), "此网址不接受这种请求方式。"),
        (RequestEntityTooLarge(), "请求内容过大。"),
    ],
)
def test_server_errors_speak_the_reader_s_language(client: FlaskClient, error: HTTPException, chinese: str) -> None:
    """werkzeug's English description ("The server encountered an internal error …") stood on the
    Chinese page of a 500; the page now says it in the reader's language."""
    app = client.application
    for language in ("zh", "en"):
        with app.app_context(), app.test_request_context(f"/?lang={language}"):  # a fresh g: the language
            body, status = app.handle_http_exception(error)  # type: ignore[misc]  # our handler's (page, status)
        page = text_of(body)
        assert status == error.code and f"{status} " in page and str(error.description) not in page, page
        assert (chinese in page) == (language == "zh")


def test_mentions_page_number_is_checked(client: FlaskClient) -> None:
    person_id = sheng(client)
    assert client.get(f"/person/{person_id}", query_string={"mentions": "x"}).status_code == 400
    past = client.get(f"/person/{person_id}", query_string={"mentions": "99"})
    assert past.status_code == 200 and "<mark>杏荪</mark>" in past.get_data(as_text=True)  # the last page


def person_page_calls(tmp_path: Path, correspondents: int) -> Counter[str]:
    """Store calls one person page makes when the person has ``correspondents`` (a letter each way)."""
    graph = SqliteGraphStore(tmp_path / f"g{correspondents}.sqlite")
    graph.migrate()
    me = Person("p_me", "盛宣怀")
    others = [Person(f"p_{i}", f"通信人{i}") for i in range(correspondents)]
    letters = [Document(f"d_{i}", DocumentKind.LETTER, f"函{i}", "杏荪仁兄") for i in range(correspondents)]
    mentions = [Mention(f"m_{i}", f"d_{i}", 0, 2, "杏荪", "p_me", MentionRole.RECIPIENT) for i in range(correspondents)]
    relations = [
        Relation(f"r_{i}", RelationType.WROTE_TO, f"p_{i}", "p_me", evidence=[f"m_{i}"]) for i in range(correspondents)
    ]
    relations.append(Relation("r_son", RelationType.FATHER_OF, "p_me", "p_0", attributes={"birth_order": 1}))
    graph.write(GraphBatch([me, *others], (), letters, mentions, relations))
    counting = CountingStore(graph)
    person_page(graph.get_person("p_me"), counting)  # type: ignore[arg-type]  # the store behind a counter
    return counting.calls


def test_a_person_page_reads_its_related_persons_in_one_call(tmp_path: Path) -> None:
    few, many = person_page_calls(tmp_path, 3), person_page_calls(tmp_path, 60)
    assert few == many, (few, many)  # not one read per correspondent
    assert many["get_persons"] >= 1 and many["get_documents"] == 1


def test_a_queued_mention_is_a_suggestion_on_the_person_page_not_a_mention(client: FlaskClient) -> None:
    hits = client.get("/api/search", query_string={"q": "张之洞", "type": "person"}).get_json()["hits"]
    html = client.get(f"/person/{hits[0]['id']}").get_data(as_text=True)
    mentions, suggestions = html.split('id="suggestions"')
    assert "d_doubtful" not in mentions and 'href="/document/d_doubtful#m_queued"' in suggestions
    assert "得分 0.60，待审核" in text_of(suggestions)


def test_a_person_past_the_mention_limit_says_so(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    person_id = sheng(client)
    assert "此人的提及超过" not in client.get(f"/person/{person_id}").get_data(as_text=True)
    monkeypatch.setattr("zhiren.app.web.MENTION_LIMIT", 10)
    page = client.get(f"/person/{person_id}").get_data(as_text=True)
    assert "此人的提及超过 10 处，此处列出其中 10 处。" in page and page.count("<mark>") == 10
