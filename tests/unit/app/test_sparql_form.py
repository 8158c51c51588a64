"""app/sparql_form.url_fields reads every query string and urlencoded form as werkzeug does."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from zhiren.app.sparql_examples import EXAMPLES
from zhiren.app.sparql_form import url_fields


def werkzeug_reading(raw: bytes) -> list[tuple[str, str]]:
    """What werkzeug 3 makes of a query string or an urlencoded body (request.args, request.form)."""
    return parse_qsl(raw.decode(), keep_blank_values=True, errors="werkzeug.url_quote")


# Bytes a form is made of, the awkward ones often: escapes, separators, backslashes (the decoder's own escape
# character), UTF-8 whole and cut, and characters the escapes could be taken for.
PIECES = st.sampled_from(
    [b"%", b"%2", b"%41", b"%e4%b8%80", b"%E4%B8", b"%80", b"%zz", b"%%", b"%5C", b"\\", b"\\x41", b"\\\\",
     b"+", b"%2B", b"=", b"&", b"&&", b"query", b"x", b"\xe4\xb8\x80", b"\xe7\x9b\x9b", b" ", b"\n", b"%0A",
     b"%00", b"\x00", b"'", b'"', b"%22", b"#", b";", b"{", b"}"]
)


@settings(max_examples=1000)
@given(st.lists(PIECES | st.binary(max_size=6), max_size=30).map(b"".join))
@example(b"query=%E4%B8&x=%E4%B8%80%80")
@example(b"query=\\x41%41&a=\\\\%2B\\n")
@example(b"a=%4")
@example(b"=&=x&y")
def test_any_form_reads_as_werkzeug_reads_it(raw: bytes) -> None:
    try:
        expected = werkzeug_reading(raw)
    except UnicodeDecodeError:
        with pytest.raises(UnicodeDecodeError):
            url_fields(raw)
        return
    assert url_fields(raw) == expected


@pytest.mark.parametrize("example_query", [e.text("http://127.0.0.1:5091/") for e in EXAMPLES[:3]])
def test_the_worked_examples_come_back_whole(example_query: str) -> None:
    form = urlencode({"query": example_query, "default-graph-uri": "http://example.org/g?a=1&b=%"}).encode()
    assert url_fields(form) == [("query", example_query), ("default-graph-uri", "http://example.org/g?a=1&b=%")]
