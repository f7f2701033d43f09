"""Pages for lawyers, in Kazakh, Russian and English, on the site's layout, with no JavaScript:

    /<lang>/rules/                               the acts the tool knows
    /<lang>/rules/<act>                          an act: metadata, evidence levels, parameters,
                                                 and the contents of what follows
    /<lang>/rules/<act>/questions                every question, its values, when it is asked
    /<lang>/rules/<act>/<group>                  definitions, exclusions or benefits: each
                                                 provision with its article, evidence,
                                                 explanation, quotation and condition
    /<lang>/rules/<act>/provisions/<id>          one provision and the legal cases that
                                                 exercise it, with their answers
    /<lang>/rules/<act>/next-steps               next steps and notes, and when they are given
    /<lang>/batch                                upload a CSV of clients, get it back assessed
    /<lang>/batch/<act>-clients-<lang>.csv       the CSV template, in the page's language
    /<lang>/sheet                                the printable result sheet of this browser's
                                                 check

The rules pages are generated from the act file (web/rulebook.py), never written by hand; a
page per part keeps each within the site's 20 KB budget. The sheet for any answers is also
`POST /api/v1/sheet` (web/api.py).
"""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.wrappers import Request
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_wtf.file import FileField
from werkzeug.exceptions import RequestEntityTooLarge

import rules
from web import batch, forms, rulebook, sheet
from web.i18n import format_value, language_from_url, languages

bp = Blueprint("lawyers", __name__, url_prefix="/<lang_code>", template_folder="templates")

GROUPS = {
    "definitions": _l("Definitions (Art. 1)"),
    "exclusions": _l("Exclusions and doubts"),
    "benefits": _l("Benefits"),
}


class InMemoryUploads(Request):
    """Uploaded files stay in memory (within the size limit), never in a temporary file: a
    client list must leave nothing behind on the server."""

    def _get_file_stream(self, total_content_length, content_type, filename=None,
                         content_length=None):
        return io.BytesIO()


def init_app(app: Flask) -> None:
    app.request_class = InMemoryUploads
    app.register_blueprint(bp)


@bp.url_value_preprocessor
def _language(endpoint, values) -> None:
    language_from_url(values)
    refresh()


@bp.url_defaults
def _keep_language(endpoint, values) -> None:
    if "lang_code" not in values and g.get("lang_code"):
        values["lang_code"] = g.lang_code


@bp.context_processor
def _switcher():
    """The language switcher keeps the reader on the same page."""

    def switch_url(lang: str) -> str:
        return url_for(request.endpoint, **(request.view_args or {}), lang_code=lang)

    return {"switch_url": switch_url, "GROUPS": GROUPS, "fmt": format_value,
            "rulebook": rulebook}


def _act(act_id: str) -> rules.Act:
    try:
        return rules.get_act(act_id)
    except KeyError:
        abort(404)


# -- the rules browser -------------------------------------------------------------------------


@bp.get("/rules/")
def acts():
    return render_template("lawyers/rules/acts.html",
                           acts=[rulebook.summary(a) for a in rules.acts().values()])


@bp.get("/rules/<act_id>")
def act(act_id: str):
    found = _act(act_id)
    return render_template("lawyers/rules/act.html", act=found, a=rulebook.overview(found))


@bp.get("/rules/<act_id>/questions", defaults={"page": 1})
@bp.get("/rules/<act_id>/questions/<int:page>")
def questions(act_id: str, page: int):
    found = _act(act_id)
    pages = rulebook.question_pages(found)
    if not 1 <= page <= pages:
        abort(404)
    return render_template("lawyers/rules/questions.html", act=found, page=page, pages=pages,
                           questions=rulebook.questions_page(found, page))


@bp.get("/rules/<act_id>/<any(definitions, exclusions, benefits):group>")
def group(act_id: str, group: str):
    found = _act(act_id)
    return render_template("lawyers/rules/group.html", act=found, group=group,
                           provisions=rulebook.group(found, group))


@bp.get("/rules/<act_id>/provisions/<provision_id>")
def provision(act_id: str, provision_id: str):
    found = _act(act_id)
    p = found.provision(provision_id)
    if p is None:
        abort(404)
    return render_template("lawyers/rules/provision.html", act=found,
                           p=rulebook.provision(found, p), group=rulebook.group_of(p))


@bp.get("/rules/<act_id>/next-steps")
def next_steps(act_id: str):
    found = _act(act_id)
    return render_template("lawyers/rules/next_steps.html", act=found,
                           steps=[rulebook.note(found, n) for n in found.next_steps],
                           notes=[rulebook.note(found, n) for n in found.notes])


# -- batch -----------------------------------------------------------------------------------

NO_FILE = _l("Choose a CSV file of clients.")
TOO_LARGE = _l("The file is larger than %(size)s MB. Split it into smaller files.")
NOT_READABLE = _l("The file could not be read: %(problem)s")


class BatchForm(forms.Form):
    clients = FileField()


@bp.route("/batch", methods=["GET", "POST"])
def batch_page():
    """Upload → assessed within the request → the file comes back as a download. No progress
    page: even 50,000 rows (the 5 MB limit) take seconds, and a download needs no JavaScript."""
    act = rules.default_act()
    request.max_content_length = current_app.config["BATCH_MAX_CONTENT_LENGTH"]
    try:
        form = BatchForm()
        submitted = form.validate_on_submit()  # a bad CSRF token: the site's 400 page
    except RequestEntityTooLarge:
        size = current_app.config["BATCH_MAX_CONTENT_LENGTH"] / 1024 / 1024
        return _batch_form(BatchForm(formdata=None), act,
                           str(TOO_LARGE) % {"size": f"{size:g}"}, 413)
    if not submitted:
        return _batch_form(form, act)
    upload = form.clients.data
    if upload is None or not upload.filename:
        return _batch_form(form, act, str(NO_FILE), 400)
    try:
        data, _, _ = batch.run(upload.read(), act)
    except batch.CsvError as e:
        return _batch_form(form, act, str(NOT_READABLE) % {"problem": e.problem()}, 400)
    name = batch.result_name(upload.filename)
    return Response(data, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


def _batch_form(form: BatchForm, act: rules.Act, error: str | None = None, status: int = 200):
    size = current_app.config["BATCH_MAX_CONTENT_LENGTH"] / 1024 / 1024
    return render_template("lawyers/batch.html", form=form, act=act, error=error,
                           size=f"{size:g}", languages=languages()), status


@bp.get("/batch/<act_id>-clients-<template_lang>.csv")
def batch_template(act_id: str, template_lang: str):
    found = _act(act_id)
    if template_lang not in languages():
        abort(404)
    from flask_babel import force_locale

    with force_locale(template_lang):
        data = batch.template(found, template_lang)
    return Response(data, mimetype="text/csv", headers={
        "Content-Disposition":
            f'attachment; filename="{batch.template_name(found, template_lang)}"'})


# -- the sheet -------------------------------------------------------------------------------


def render_sheet(act: rules.Act, answers: dict, back: str | None = None) -> str:
    return render_template("lawyers/sheet.html", s=sheet.build(act, answers), back_url=back)


@bp.get("/sheet")
def sheet_page():
    """The sheet of this browser's check; without a finished check, the questionnaire."""
    from web import journey

    j = journey.current()
    if not j.answers or not j.done:
        return redirect(j.url())
    page = render_sheet(j.act, dict(j.answers), url_for("web.result"))
    return page, 200, {"Cache-Control": "no-store"}
