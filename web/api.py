"""The JSON API, for lawyers' and NGOs' own tools: /api/v1 (docs/api.md).

    POST /api/v1/assess                  answers -> the next question or the verdict (the same
                                         request and reply as `amnesty assess --jsonl`)
    GET  /api/v1/acts                    the acts, with their rules versions
    GET  /api/v1/acts/<act-id>           every question and provision, as the rules browser
    GET  /api/v1/criminal-code/<ref>     what the Criminal Code lookup knows about an article
                                         (also ?ref=…, for references with spaces or slashes)
    POST /api/v1/sheet                   answers in (as /assess); the printable result sheet
                                         out, as an HTML page
    POST /api/v1/batch                   a CSV of clients in, the same CSV with verdicts out
    GET  /api/v1/openapi.json            the OpenAPI 3.1 document of all of this

It keeps no state and sets no cookie, so CSRF does not apply; every error is JSON with a stable
`error` code and a message in the request's language (the body's "lang", ?lang=, or
Accept-Language). Bodies over API_MAX_CONTENT_LENGTH (BATCH_MAX_CONTENT_LENGTH for /batch) get
413.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, request
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from werkzeug.exceptions import HTTPException

import rules
from rules import AnswerError, derivers
from rules.criminal_code import lookup as code
from rules.criminal_code.notation import parse_reference
from web import batch, lawyers, openapi, protocol, rulebook
from web.i18n import languages, negotiate, render

log = logging.getLogger(__name__)

PREFIX = "/api/v1"
bp = Blueprint("api", __name__, url_prefix=PREFIX)

HTTP_ERRORS = {
    400: ("bad_request", _l("The request could not be read.")),
    404: ("not_found", _l("There is nothing at this address in the API.")),
    405: ("method_not_allowed", _l("This address does not accept this method.")),
    413: ("too_large", _l("The request is too large.")),
    415: ("unsupported_media_type", _l("This content type is not accepted here.")),
    429: ("too_many_requests", _l("Too many requests: wait a little and try again.")),
    500: ("server_error", _l("Something went wrong on our side. Try again later.")),
}
API_ERRORS = {
    "missing_reference": _l("Give an article of the Criminal Code, e.g. 190-2."),
    "bad_csv": _l("The file could not be read as CSV: %(problem)s"),
}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    _exempt_from_csrf(app)
    for status in HTTP_ERRORS:
        app.register_error_handler(status, _http_error)


def _exempt_from_csrf(app: Flask) -> None:
    """Flask-WTF's CSRFProtect (if the site uses it) must not check the API: exempt it now if
    it is set up, else on the first request, before its own check runs (app-wide hooks run in
    the order they were added), whichever order create_app() sets things up in."""

    def exempt() -> None:
        csrf = app.extensions.get("csrf")
        if csrf is not None:
            csrf.exempt(bp)

    exempt()
    app.before_request(exempt)


def in_api() -> bool:
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


# -- language, body and replies -----------------------------------------------------------------


@bp.before_request
def _prepare() -> None:
    request.max_content_length = current_app.config[
        "BATCH_MAX_CONTENT_LENGTH" if request.endpoint == "api.batch_csv" else
        "API_MAX_CONTENT_LENGTH"]
    _choose_language()


def _choose_language() -> None:
    lang = request.args.get("lang")
    if lang not in languages():
        lang = negotiate(request.accept_languages.values())
    g.lang_code = lang or current_app.config["BABEL_DEFAULT_LOCALE"]
    refresh()


def reply(body: Any, status: int = 200, headers: dict | None = None) -> Response:
    response = Response(json.dumps(body, ensure_ascii=False), status,
                        mimetype="application/json", headers=headers)
    response.headers["Content-Language"] = g.get("lang_code") or "kk"
    return response


def error(code: str, message: str, status: int, **extra) -> Response:
    return reply({"error": code, "message": str(message), **extra}, status)


@bp.after_request
def _no_store(response: Response) -> Response:
    # Answers are criminal-record data: no cache keeps a request or its reply.
    if request.method == "POST":
        response.headers["Cache-Control"] = "no-store"
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def _http_error(e: HTTPException):
    if not in_api():
        return _delegate(e)
    if g.get("lang_code") not in languages():
        _choose_language()
    status = e.code if e.code in HTTP_ERRORS else (500 if (e.code or 500) >= 500 else 400)
    if status == 500:
        log.error("API error on %s %s", request.method, request.path,
                  exc_info=getattr(e, "original_exception", None))
    code, message = HTTP_ERRORS[status]
    response = error(code, message, status)
    if status == 405 and getattr(e, "valid_methods", None):
        response.headers["Allow"] = ", ".join(e.valid_methods)
    if getattr(e, "retry_after", None) is not None:  # a rate limit: say when to come back
        response.headers.update(h for h in e.get_headers() if h[0] == "Retry-After")
    return response


def _delegate(e: HTTPException):
    """Outside the API, the site's own error handler (if it has one) answers."""
    handlers = current_app.error_handler_spec.get(None, {}).get(None, {})
    for cls in type(e).__mro__:
        handler = handlers.get(cls)
        if handler is not None:
            return handler(e)
    return e


# -- the endpoints ---------------------------------------------------------------------------


@bp.post("/assess")
def assess():
    """The protocol of docs/protocol.md over HTTP; a reply with "error" comes with 400."""
    body, failure = _json_body()
    if failure:
        return failure
    answer = protocol.respond(body, g.lang_code)
    return reply(answer, 400 if "error" in answer else 200)


def _json_body() -> tuple[Any, Response | None]:
    try:
        return json.loads(request.get_data()), None
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested beyond reason
        return None, error("bad_json", protocol.ERRORS["bad_json"], 400)


@bp.get("/acts")
def acts():
    return reply({"acts": [rulebook.summary(act) for act in rules.acts().values()]})


@bp.get("/acts/<act_id>")
def act(act_id: str):
    try:
        found = rules.get_act(act_id)
    except KeyError:
        return error("unknown_act", protocol.ERRORS["unknown_act"], 404)
    return reply(rulebook.describe(found))


@bp.get("/criminal-code")
@bp.get("/criminal-code/<path:article>")
def criminal_code(article: str | None = None):
    text = request.args.get("ref") or article
    if not text or not text.strip():
        return error("missing_reference", API_ERRORS["missing_reference"], 400)
    try:
        ref = parse_reference(text)
    except AnswerError as e:
        return error("bad_reference", render(e.message.id, e.message.params), 400)
    return reply(lookup_json(text, ref))


def lookup_json(text: str, ref) -> dict[str, Any]:
    """What the lookup knows about a reference, and what it settles for the act's questions."""
    found = code.lookup(ref)
    deriver = derivers.get("criminal_code")
    derivation = deriver.derive(ref.canonical())
    return {
        "input": text,
        "reference": {"article": ref.article, "part": ref.part, "item": ref.item,
                      "canonical": ref.canonical(), "display": ref.display()},
        "status": found.status,
        "found": found.found,
        "title": found.title,
        **{name: found.facts.get(name) for name in code.FACTS},
        "tags": found.tags,
        "differs": found.differs,
        "unclassified": found.unclassified,
        "text": found.text,
        "items": _items(ref) if found.found else [],
        "settles": dict(derivation.values),
        "notices": [render(n.id, n.params) for n in (derivation.notice,) if n],
        "data_version": code.version(),
    }


def _items(ref) -> list[dict[str, Any]]:
    """The parts of an article given without its part, or the items of a part without its item."""
    article = code.data()["articles"].get(ref.article, {})
    if ref.part is None:
        members = [(n, code.lookup(type(ref)(ref.article, n))) for n in article.get("parts", {})]
    elif ref.item is None:
        items = article.get("parts", {}).get(ref.part, {}).get("items", {})
        members = [(n, code.lookup(type(ref)(ref.article, ref.part, n))) for n in items]
    else:
        return []
    return [{"number": n, "canonical": m.ref.canonical(), "text": m.text,
             "category": m.facts.get("category"),
             "tags": {t: v for t, v in m.tags.items() if v != "no"}} for n, m in members]


@bp.post("/sheet")
def sheet():
    """The printable result sheet (text/html) for the answers as they are; errors as /assess."""
    body, failure = _json_body()
    if failure:
        return failure
    lang = body.get("lang", g.lang_code) if isinstance(body, dict) else g.lang_code
    if lang not in languages():
        return error("unknown_language", protocol.ERRORS["unknown_language"], 400)
    g.lang_code = lang
    refresh()
    try:
        act, answers = protocol.parse(body)
        page = lawyers.render_sheet(act, dict(answers))
    except protocol.ProtocolError as e:
        return reply(e.json(), 400)
    except AnswerError as e:
        return reply(protocol.answer_error(act, e).json(), 400)
    return Response(page, mimetype="text/html", headers={"Content-Language": lang})


@bp.post("/batch")
def batch_csv():
    """A CSV of clients (docs/batch.md) in the body; the same CSV with the verdicts back."""
    try:
        act = rules.get_act(request.args.get("act"))
    except KeyError:
        return error("unknown_act", protocol.ERRORS["unknown_act"], 404)
    try:
        data, _, _ = batch.run(request.get_data(), act)
    except batch.CsvError as e:
        return error("bad_csv", str(API_ERRORS["bad_csv"]) % {"problem": e.problem()}, 400)
    return Response(data, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{batch.result_name("clients.csv")}"',
        "Content-Language": g.lang_code})


@bp.get("/openapi.json")
def openapi_document():
    return reply(openapi.document())
