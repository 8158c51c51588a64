"""A query string or urlencoded form read as werkzeug reads it, with the percent escapes decoded in C.

A SPARQL query is mostly punctuation and, here, Chinese, so its form encoding is mostly escapes: the
first worked example (768 characters) is 1,100 bytes with 160 escapes, which ``urllib.parse.unquote``
decodes in a Python loop (werkzeug's ``request.form`` and ``request.args`` call it through
``parse_qsl``: 57 µs, the largest single part of the endpoint's own time for a query). Each ``%``
made a ``\\x`` escape, ``codecs.escape_decode`` (CPython's C decoder of bytes literals, which pickle
uses) decodes a field in one call: 9 µs for that form. A field with a malformed escape (``%zz``, a
lone ``%``) is left to urllib, which keeps such escapes as they are.
"""

from __future__ import annotations

from codecs import escape_decode
from urllib.parse import unquote_to_bytes

import werkzeug.urls  # noqa: F401  # registers the "werkzeug.url_quote" error handler used below

INVALID = "werkzeug.url_quote"  # what werkzeug does with bytes that are not UTF-8: percent-encodes them again


def url_fields(raw: bytes) -> list[tuple[str, str]]:
    """The fields of a query string or an ``application/x-www-form-urlencoded`` body, as werkzeug reads
    them (``parse_qsl(raw.decode(), keep_blank_values=True, errors="werkzeug.url_quote")``): split on
    ``&``, empty parts skipped, a part without ``=`` an empty value, ``+`` a space. Raises
    UnicodeDecodeError, as werkzeug does, when ``raw`` itself is not UTF-8."""
    raw.decode()  # werkzeug decodes the whole before unquoting (escaped bytes that are not UTF-8 are kept)
    fields = []
    for part in raw.split(b"&"):
        if part:
            name, _, value = part.partition(b"=")
            fields.append((_unquote(name), _unquote(value)))
    return fields


def _unquote(field: bytes) -> str:
    spaced = field.replace(b"+", b" ")
    if b"%" not in spaced:
        return spaced.decode()
    try:
        decoded: bytes = escape_decode(spaced.replace(b"\\", b"\\\\").replace(b"%", b"\\x"))[0]
    except ValueError:  # an escape that is not two hex digits
        decoded = unquote_to_bytes(spaced)
    return decoded.decode("utf-8", INVALID)
