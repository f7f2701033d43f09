"""Error pages, in the page's language, never a stack trace.

Every HTTP error (400 with a bad CSRF token, 404, 405, 413, 429, 503 while the database is
unavailable, and 500 for anything unexpected, which Flask logs first) renders the same small
template. If even that fails, a plain page in the three languages is sent.
"""

from __future__ import annotations

import logging

from flask import Flask, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from web.i18n import languages, select_locale

log = logging.getLogger(__name__)

PAGES = {
    400: (_l("Sorry, the form could not be read"),
          _l("Go back, reload the page and try again.")),
    404: (_l("Page not found"),
          _l("If you typed the web address, check it is correct. If you followed a link, the "
             "page may have moved.")),
    405: (_l("This page cannot be used this way"),
          _l("Go back to the questionnaire and use its buttons and links.")),
    413: (_l("Sorry, the form could not be read"),
          _l("What was sent is too long. Go back and try again.")),
    429: (_l("Too many tries"),
          _l("Too many wrong codes were tried from this connection. Wait a few minutes, then "
             "try again.")),
    500: (_l("Sorry, there is a problem with the service"),
          _l("Try again later. Your answers are kept until the check expires.")),
    503: (_l("Sorry, the service is not available right now"),
          _l("Try again in a few minutes. Your answers are kept until the check expires.")),
}
EXPIRED_FORM = (
    _l("This page has expired"),
    _l("For your safety, the form stopped working. Go back to the questionnaire and answer the "
       "question again: your earlier answers are kept."),
)
FALLBACK = (
    "<!doctype html><html lang=\"kk\"><meta charset=\"utf-8\"><title>Қате / Ошибка / Error"
    "</title><h1>Қате / Ошибка / Error</h1><p>Кейінірек қайталап көріңіз. Попробуйте позже. "
    "Please try again later.</p></html>"
)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_error)


def render_error(error: HTTPException):
    code = error.code or 500
    if code < 400:
        return error
    if g.get("lang_code") not in languages():
        first = request.path.strip("/").split("/", 1)[0]
        g.lang_code = first if first in languages() else None
        g.lang_code = g.lang_code or select_locale()
        refresh()
    title, advice = EXPIRED_FORM if isinstance(error, CSRFError) else getattr(
        error, "page", None) or PAGES.get(code, PAGES[500 if code >= 500 else 400])
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]  # Allow
    try:
        journey = g.get("journey")
        return render_template("error.html", title=title, advice=advice,
                               code=journey and journey.display_code), code, headers
    except Exception:  # the error page itself failed: say something plain
        log.exception("the error page could not be rendered")
        return FALLBACK, code, {"Content-Type": "text/html; charset=utf-8"}
