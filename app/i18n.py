"""The pages' language: Chinese by default, English on request, every label through one catalogue.

Labels are written in Chinese in the templates as ``_("搜索")`` (the source language, as gettext
keys are); :data:`zhiren.app.messages.EN` gives each its English. ``?lang=en`` (or ``zh``) on any
URL switches and is remembered in a cookie, so every later link keeps the reader's choice
without carrying the parameter. Placeholders are ``str.format`` fields filled after translation:
``_("{n} 条结果", n=12)``; the result is plain text that Jinja escapes like any other value.
"""

from __future__ import annotations

from functools import lru_cache, partial
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, g, request
from jinja2 import pass_context
from jinja2.runtime import Context
from werkzeug.datastructures import MultiDict

from zhiren.app.messages import EN, VALUE_LABELS

LANGUAGES = ("zh", "en")
DEFAULT = "zh"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600

# What the reader reads the switch as, in its own language.
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}

CATALOGUES: dict[str, dict[str, str | tuple[str, str]]] = {"en": EN}


class Term(str):
    """A placeholder value that is a label itself (a name type, a role): translated before it is filled in."""


def current_language() -> str:
    """``?lang=`` first, then the cookie, then Chinese; anything else is ignored."""
    if "zhiren_lang" not in g:
        asked = request.args.get(COOKIE) or request.cookies.get(COOKIE) or DEFAULT
        g.zhiren_lang = asked if asked in LANGUAGES else DEFAULT
    language: str = g.zhiren_lang
    return language


def translate(text: str, language: str | None = None, **params: Any) -> str:
    """``text`` (a Chinese label) in the reader's language; an unknown label stays Chinese.

    A label missing from the catalogue is a defect that the catalogue test finds in the
    templates; at run time the Chinese is still a readable page.
    """
    language = language or current_language()
    message = _form(CATALOGUES.get(language, {}).get(text, text), params.get("n"))
    if not params:
        return message
    return message.format(**{k: label(v, language) if isinstance(v, Term) else v for k, v in params.items()})


def _form(message: str | tuple[str, str], n: object) -> str:
    """The singular of a (singular, plural) entry for one thing, else its plural: "1 result", "0 results"."""
    if isinstance(message, str):
        return message
    return message[0] if n == 1 else message[1]


def label(value: object, language: str | None = None) -> str:
    """A stored code (``title``, ``letter``, ``sender`` …) as the reader's word for it."""
    return _label(value, language or current_language())


@lru_cache(maxsize=4096)
def _label(value: object, language: str) -> str:
    """Cached: a person page labels thousands of rows with a handful of codes."""
    text = str(value)
    return translate(VALUE_LABELS.get(text, text), language)


@pass_context
def _label_filter(context: Context, value: object) -> str:
    """The ``label`` filter, in the language of the render (:func:`_bound`), not looked up per row."""
    return _label(value, context["lang"])


def language_url(language: str) -> str:
    """This page's URL with ``lang`` set: the switch link (query and filters kept)."""
    args = MultiDict(request.args)
    args[COOKIE] = language
    return f"{request.path}?{urlencode(list(args.items(multi=True)))}"


def _remember(response: Response) -> Response:
    """A ``?lang=`` choice becomes the cookie, so links without it keep the language."""
    asked = request.args.get(COOKIE)
    if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)
    return response


def _bound() -> dict[str, Any]:
    """``lang`` and ``_`` bound to it for one render: a page of 2,000 rows translates ten thousand
    labels, and looking the language up each time was a tenth of its render."""
    language = current_language()
    return {"lang": language, "_": partial(translate, language=language)}


def init_app(app: Flask) -> None:
    """``_``, the ``label`` filter, ``lang`` and ``language_url`` in every template; the cookie kept."""
    app.jinja_env.globals.update(_=translate, language_url=language_url, LANGUAGE_NAMES=LANGUAGE_NAMES)
    app.jinja_env.filters["label"] = _label_filter
    app.context_processor(_bound)
    app.after_request(_remember)
