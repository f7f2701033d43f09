"""The web questionnaire: a start page, one generic question page, "check your answers" and the
result, in Kazakh, Russian and English, with no JavaScript.

    /                        the language: the check's, else Accept-Language, else Kazakh
    /r/<CODE>                opens the check with this resume code (the link sent by SMS)
    /<lang>/                 the start page
    /<lang>/q/<question>     any question, its form made from its type (GET shows, POST answers)
    /<lang>/check-answers    the answers in the order asked, each with a "Change" link
    /<lang>/result           the verdict, cited; prints on one sheet
    /<lang>/resume           continue a check with its code
    /<lang>/restart          (POST) delete the check and its answers, and start again
    /assets/<file>           the stylesheet (cached for a year; its URL changes with its content)

The URL prefix decides the language. Views stay thin: where the person stands and saving answers
live in web/journey.py, forms in web/forms.py, the words of questions and verdicts in
web/present.py.
"""

from __future__ import annotations

import hashlib

from flask import (
    Blueprint,
    Flask,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext, ngettext, refresh
from flask_wtf.csrf import generate_csrf

from rules import UNKNOWN, AnswerError
from web import cookies, errors, forms, guard, journey, present, store
from web.i18n import LANGUAGE_NAMES, language_from_url, languages, negotiate

ONE_YEAR = 365 * 24 * 3600
TOKEN_HOLE, CODE_HOLE = "\x00token\x00", "\x00code\x00"


class Assets(Blueprint):
    """Static files whose URL carries a digest of their content may be cached for a year."""

    def get_send_file_max_age(self, filename: str | None) -> int | None:
        return ONE_YEAR if request.args.get("v") else None


bp = Blueprint("web", __name__, url_prefix="/<lang_code>", template_folder="templates")
site = Assets("site", __name__, static_folder="static", static_url_path="/assets")


def init_app(app: Flask) -> None:
    app.permanent_session_lifetime = 2 * journey.ttl_for(app)
    cookies.init_app(app)
    app.register_blueprint(site)
    app.register_blueprint(bp)
    errors.init_app(app)
    app.extensions["web_pages"] = {}
    with open(f"{site.static_folder}/app.css", "rb") as css:
        digest = hashlib.sha256(css.read()).hexdigest()[:10]
    app.jinja_env.globals.update(
        present=present, UNKNOWN=UNKNOWN, language_names=LANGUAGE_NAMES, switch_url=switch_url,
        ttl_period=ttl_period,
        css_url=lambda: url_for("site.static", filename="app.css", v=digest),
    )
    app.jinja_env.filters["heading"] = lambda text: str(text).rstrip(": ")  # "Next steps:"


def ttl_period() -> str:
    """How long a check lives, in words ("24 hours", "24 часа")."""
    return ngettext("%(num)s hour", "%(num)s hours", current_app.config["WEB_CHECK_TTL_HOURS"])


def no_such_code() -> str:
    return gettext("No check has this code. Check the code: a check is deleted %(period)s after "
                   "it starts.", period=ttl_period())


@bp.url_value_preprocessor
def _language(endpoint, values) -> None:
    language_from_url(values)


@bp.url_defaults
def _keep_language(endpoint, values) -> None:
    if "lang_code" not in values and g.get("lang_code"):
        values["lang_code"] = g.lang_code


def page(template: str, status: int = 200, key: tuple | None = None, make_form=None,
         **context):
    """Render a page of the questionnaire for this request's journey.

    A page given a `key` (naming everything it depends on) is rendered once per process and
    remembered (WEB_PAGE_CACHE pages at most); the two things that differ per person, the
    CSRF token and the resume code, are rendered as holes and filled in on every request.
    `make_form` builds the page's form only when the page is rendered.
    """
    j = journey.current()
    notice = j.pop_notice()
    cache, size = current_app.extensions["web_pages"], current_app.config["WEB_PAGE_CACHE"]
    key = None if notice or not size else key
    html = cache.get(key) if key else None
    if html is None:
        csrf = current_app.config.get("WTF_CSRF_ENABLED", True)
        html = render_template(template, j=j, notice=notice, token=csrf and TOKEN_HOLE,
                               code=j.code and CODE_HOLE, form=make_form and make_form(),
                               **context)
        if key:
            if len(cache) >= size:
                cache.clear()
            cache[key] = html
    if TOKEN_HOLE in html:
        html = html.replace(TOKEN_HOLE, generate_csrf())
    return html.replace(CODE_HOLE, j.display_code or ""), status


def switch_url(lang: str) -> str:
    """This page in another language (the answers stay: they are not in the URL)."""
    if request.endpoint and request.endpoint.startswith("web.") and request.view_args is not None:
        return url_for(request.endpoint, **request.view_args, lang_code=lang)
    return url_for("web.start", lang_code=lang)


# -- pages without a language prefix --------------------------------------------------------


@site.get("/")
def root():
    response = redirect(url_for("web.start", lang_code=_preferred_language()))
    response.vary.update(("Accept-Language", "Cookie"))
    return response


def _preferred_language() -> str:
    check = store.get(session.get(journey.COOKIE_KEY, ""))
    return (check.lang if check and check.lang in languages() else None) or negotiate(
        request.accept_languages.values()) or current_app.config["BABEL_DEFAULT_LOCALE"]


@site.get("/r/<code>")
def resume_link(code: str):
    guard.check()
    j = journey.resume(code)
    if j is not None:
        return redirect(j.url())
    guard.wrong_code()
    g.lang_code = _preferred_language()
    refresh()
    form = forms.ResumeForm(data={"code": code})
    form.code.errors = [no_such_code()]
    return page("resume.html", 404, make_form=lambda: form)


# -- the questionnaire ----------------------------------------------------------------------


@bp.get("/")
def start():
    j = journey.current()
    return page("start.html", key=("start", g.lang_code, tuple(j.answers.items()), bool(j.code)))


@bp.route("/q/<question_id>", methods=["GET", "POST"])
def question(question_id: str):
    j = journey.current()
    step = j.ask(question_id)
    if step is None:
        return redirect(j.url())
    def make_form():
        return forms.question_form(j.act, step.question, j.answers.get(question_id))

    if request.method == "POST":
        form = make_form()
        if form.validate_on_submit():
            try:
                j.answer(question_id, form.value())
                return redirect(j.url())
            except AnswerError as e:
                form.fail(present.text(j.act, e.message))
        return page("question.html", step=step, make_form=lambda: form,
                    previous=j.previous(question_id))
    key = ("question", g.lang_code, j.act.id, j.act.rules_version, question_id,
           j.answers_through(question_id), bool(j.code))
    return page("question.html", key=key, make_form=make_form, step=step,
                previous=j.previous(question_id))


@bp.get("/check-answers")
def check_answers():
    j = journey.current()
    if not j.done:
        return redirect(j.url())
    return page("check_answers.html")


@bp.get("/result")
def result():
    j = journey.current()
    if not j.done:
        return redirect(j.url())
    return page("result.html", verdict=j.step, now=store.utcnow())


@bp.route("/resume", methods=["GET", "POST"])
def resume():
    form = forms.ResumeForm()
    if form.validate_on_submit():
        guard.check()
        j = journey.resume(form.code.data, lang=g.lang_code)
        if j is not None:
            return redirect(j.url())
        guard.wrong_code()
        form.code.errors = [no_such_code()]
    return page("resume.html", make_form=lambda: form)


@bp.post("/restart")
def restart():
    j = journey.current()
    if forms.ButtonForm().validate_on_submit():
        j.restart()
    return redirect(url_for("web.question", question_id=j.first_question))
