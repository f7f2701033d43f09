"""Languages: Flask-Babel wiring, locale negotiation, and rendering the engine's message ids.

The URL prefix (/kk/, /ru/, /en/) decides the language of a page; the root negotiates with
Babel's `negotiate_locale`, which walks Accept-Language in order (Werkzeug's `best_match` would
pick `ru` for `kk-KZ,ru;q=0.8`). Kazakh is the default when nothing else decides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from babel import negotiate_locale
from flask import Flask, abort, current_app, g, has_request_context, request
from flask_babel import Babel, format_date, format_decimal, get_locale, gettext

babel = Babel()

PLACEHOLDER = re.compile(r"%\((\w+)\)")

LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
"""Each language named in itself, for the switcher and the SMS menu."""


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)


def languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def language_from_url(values: dict | None) -> None:
    """A blueprint's url_value_preprocessor for routes under /<lang_code>/: the page's language,
    or 404 for a language we do not have."""
    lang = (values or {}).pop("lang_code", None)
    if lang not in languages():
        abort(404)
    g.lang_code = lang


def select_locale() -> str:
    chosen = getattr(g, "lang_code", None)
    if chosen in languages():
        return chosen
    if has_request_context():
        negotiated = negotiate(request.accept_languages.values())
        if negotiated:
            return negotiated
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def negotiate(preferred) -> str | None:
    """The first of the user's languages we have, in the user's order of preference."""
    return negotiate_locale(list(preferred), list(languages()), sep="-")


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def render(text: str, params: Mapping[str, Any] | None = None, short: bool = False) -> str:
    """Translate a message id and fill its %(name)s placeholders, dates and numbers written the
    way the current language writes them (short: 23.06.2025, for SMS; long: 23 June 2025)."""
    translated = gettext(text)
    if params and "%(" in translated:
        used = set(PLACEHOLDER.findall(translated))  # format only these: dates cost
        translated = translated % {k: format_value(v, short) for k, v in params.items()
                                   if k in used}
    return translated


def format_value(value: Any, short: bool = False) -> str:
    if isinstance(value, date):
        return format_date(value, "dd.MM.yyyy" if short else "long")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_decimal(value)
    return str(value)
