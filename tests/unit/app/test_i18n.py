"""One message catalogue: Chinese by default, English on ``?lang=en`` kept in a cookie, no label left out."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

from tests.conftest import embedded_settings, make_client
from zhiren.app import create_app
from zhiren.app.i18n import label, translate
from zhiren.app.messages import EN, VALUE_LABELS
from zhiren.app.presentation import TimelineKind
from zhiren.authority.model import DocumentKind, LinkStatus, MentionRole, NameType, Script

TEMPLATES = Path(__file__).resolve().parents[3] / "app" / "templates"
LABEL_CALL = re.compile(r"""_\(\s*(["'])(.+?)\1""")
HAN = re.compile(r"[\u3400-\u9fff]")


def template_labels() -> set[str]:
    return {m.group(2) for path in TEMPLATES.rglob("*.html") for m in LABEL_CALL.finditer(path.read_text("utf-8"))}


def test_every_template_label_and_value_label_has_english() -> None:
    labels = template_labels()
    assert "搜索" in labels  # the pattern reads the templates
    missing = sorted((labels | set(VALUE_LABELS.values())) - EN.keys())
    assert missing == [], f"add these to app/messages.py EN: {missing}"


def test_every_stored_code_reads_as_a_word_in_both_languages() -> None:
    codes = [
        (enum.__name__, member.value)
        for enum in (NameType, DocumentKind, MentionRole, LinkStatus, Script)
        for member in enum
    ]
    codes += [("TimelineKind", kind) for kind in get_args(TimelineKind)]  # a timeline row's kind column
    for source, code in codes:
        chinese = VALUE_LABELS.get(code, code)
        assert HAN.search(chinese), (source, code)
        assert not HAN.search(translate(chinese, "en")), (source, code)


def test_placeholders_fill_after_translation() -> None:
    assert translate("{n} 条结果", "en", n=3) == "3 results"
    assert translate("{n} 条结果", "zh", n=3) == "3 条结果"
    assert translate("not in the catalogue", "en") == "not in the catalogue"


def test_counts_read_singular_for_one_and_plural_otherwise() -> None:
    assert translate("{n} 条结果", "en", n=1) == "1 result"
    assert translate("{n} 条结果", "en", n=0) == "0 results"
    assert translate("{n} 封", "en", n=1) == "1 letter" and translate("{n} 封", "en", n=2) == "2 letters"
    assert translate("人物", "en", n=1) == "Person" and translate("人物", "en") == "Persons"
    assert translate("{n} 条结果", "zh", n=1) == "1 条结果"
    hedged = [english for english in EN.values() if "(s)" in str(english)]
    assert hedged == [], "write a (singular, plural) pair, not (s)"


def test_chinese_by_default_english_switch_kept_in_a_cookie(tmp_path: Path) -> None:
    client = make_client(tmp_path)
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="zh-Hans">' in page and "数据存储" in page and "Stores" not in page
    assert 'href="/?lang=en"' in page  # the switch
    english = client.get("/?lang=en")
    assert "lang=en" in english.headers["Set-Cookie"]
    assert "Stores" in english.get_data(as_text=True)
    later = client.get("/").get_data(as_text=True)  # no parameter: the cookie keeps English
    assert '<html lang="en">' in later and "Stores" in later and "数据存储" not in later
    assert "数据存储" in client.get("/?lang=zh").get_data(as_text=True)
    assert "数据存储" in make_client(tmp_path / "other").get("/?lang=xx").get_data(as_text=True)


def test_switch_link_keeps_the_query(tmp_path: Path) -> None:
    page = make_client(tmp_path).get("/search", query_string={"q": "盛 宣怀", "type": "person"}).get_data(as_text=True)
    assert 'href="/search?q=%E7%9B%9B+%E5%AE%A3%E6%80%80&amp;type=person&amp;lang=en"' in page


def test_label_filter_reads_codes() -> None:
    with create_app(embedded_settings(Path("/nonexistent"))).test_request_context("/?lang=en"):
        assert label("romanised") == "romanisation" and label(NameType.COURTESY) == "courtesy name"
        assert label(DocumentKind.RECORD) == "catalogue record"  # a genealogy's record, not an archive file
        assert label(MentionRole.MENTIONED) == "mentioned in text" and label("mentions") == "mentions"
    assert VALUE_LABELS[DocumentKind.RECORD] == "目录记录"
