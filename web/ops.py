"""Operator statistics pages: counts only, behind a token.

    /ops/stats            checks started and completed per day, by language and channel, and
                          their outcomes (SVG charts drawn on the server, and tables)
    /ops/stats/questions  per question: shown, answered, drop-off and "I don't know" rates, by
                          language
    /ops/stats.csv        every counter of the period, one row per day, channel, language,
                          metric and key
    amnesty stats         the same counts in the terminal (--csv: the CSV)

Query string: from, to (YYYY-MM-DD, both included; the last 30 days by default), channel (web,
sms), lang (kk, ru, en), act; `ui` picks the page's language (else Accept-Language).

Answers 404 while STATS_TOKEN is not set: never open by default. With it, a request needs HTTP
basic auth (any user name, the token as password: a browser asks for it) or
`Authorization: Bearer <token>`; otherwise 401. Counts below STATS_MIN_COUNT are shown as "<5"
and rates made of them as "–" (web/stats.py says why).
"""

from __future__ import annotations

import csv
import hmac
import io
from datetime import date, timedelta

import click
from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    render_template,
    request,
    url_for,
)
from flask_babel import format_decimal, format_percent, gettext, refresh
from flask_babel import lazy_gettext as _l

import rules
from web import charts, present, stats
from web.i18n import LANGUAGE_NAMES, languages, negotiate

bp = Blueprint("ops", __name__, url_prefix="/ops")

DEFAULT_DAYS = 30
MAX_DAYS = 366
"""The longest period a page shows (the CSV and the command have no limit)."""
REALM = 'Basic realm="amnesty-check statistics", charset="UTF-8"'
OUTCOME_LABELS = {
    "release_from_liability": _l("Release from liability"),
    "release_from_punishment": _l("Release from punishment"),
    "sentence_reduced": _l("Sentence reduced"),
    "not_covered": _l("Not covered"),
    "undetermined": _l("Cannot be determined"),
}
CHANNEL_LABELS = {"web": _l("Web"), "sms": _l("SMS")}
COLOURS = {"started": "#1d70b8", "completed": "#00703c", "dropped": "#d4351c",
           "unknown": "#f47738", "outcome": "#4c2c92"}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(stats_command)


# -- access -------------------------------------------------------------------------------------


def authorised() -> bool:
    """The request carries STATS_TOKEN, as a bearer token or a basic-auth password."""
    token = str(current_app.config["STATS_TOKEN"]).encode()
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        given = header[7:].strip()
    elif request.authorization is not None and request.authorization.type == "basic":
        given = request.authorization.password or ""
    else:
        return False
    return hmac.compare_digest(given.encode(), token)


@bp.before_request
def _guard():
    if not current_app.config.get("STATS_TOKEN"):
        abort(404)
    g.lang_code = _language()
    refresh()
    if not authorised():
        html = render_template("ops/denied.html")
        return Response(html, 401, {"WWW-Authenticate": REALM, "Cache-Control": "no-store"})
    return None


@bp.after_request
def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _language() -> str:
    chosen = request.args.get("ui")
    if chosen in languages():
        return chosen
    return negotiate(request.accept_languages.values()) or current_app.config[
        "BABEL_DEFAULT_LOCALE"]


# -- filters ------------------------------------------------------------------------------------


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def filters_from(args, limit: int | None = MAX_DAYS) -> stats.Filters:
    """The period and filters a query string asks for; what it gets wrong falls back to the
    defaults (the page's form shows what was used)."""
    end = _day(args.get("to")) or stats.today()
    start = _day(args.get("from")) or end - timedelta(days=DEFAULT_DAYS - 1)
    start, end = min(start, end), max(start, end)
    if limit and (end - start).days >= limit:
        start = end - timedelta(days=limit - 1)
    act = args.get("act")
    if act not in rules.acts():
        act = current_app.config.get("WEB_ACT") or rules.DEFAULT_ACT
    channel = args.get("channel") if args.get("channel") in stats.CHANNELS else None
    lang = args.get("lang") if args.get("lang") in languages() else None
    return stats.Filters(start, end, act, channel, lang)


def _query(f: stats.Filters, **extra) -> dict[str, str]:
    out = {"from": f.start.isoformat(), "to": f.end.isoformat(), "channel": f.channel,
           "lang": f.lang, "act": f.act if f.act != rules.DEFAULT_ACT else None,
           "ui": request.args.get("ui"), **extra}
    return {k: v for k, v in out.items() if v}


# -- formatting ---------------------------------------------------------------------------------


def count(n: int) -> str:
    return stats.shown(n) if stats.hidden(n) else format_decimal(n)


def percent(value: float | None) -> str:
    return "–" if value is None else format_percent(value, "#,##0.0%")


def _visible(n: int) -> int | None:
    return None if stats.hidden(n) else n


def _bins(f: stats.Filters, per_day) -> tuple[list[str], list[int], list[int]]:
    """Days in groups small enough for a chart (a day each up to 92 days, else weeks…)."""
    days = f.days
    size = -(-len(days) // 92)
    labels, started, completed = [], [], []
    for i in range(0, len(days), size):
        chunk = days[i:i + size]
        labels.append(chunk[0].isoformat())
        started.append(sum(per_day.get(d, {}).get("started", 0) for d in chunk))
        completed.append(sum(per_day.get(d, {}).get("completed", 0) for d in chunk))
    return labels, started, completed


# -- pages --------------------------------------------------------------------------------------


def _context(f: stats.Filters) -> dict:
    return {"f": f, "query": _query(f), "count": count, "percent": percent,
            "channel_labels": CHANNEL_LABELS, "language_names": LANGUAGE_NAMES,
            "languages": languages(), "channels": stats.CHANNELS,
            "acts": sorted(set(stats.acts_counted()) | {f.act}), "threshold": stats.threshold(),
            "ui_url": lambda code: url_for(request.endpoint, **{**_query(f), "ui": code})}


@bp.get("/stats")
def overview():
    f = filters_from(request.args)
    s = stats.summarise(f)
    labels, started, completed = _bins(f, s.per_day)
    per_day = charts.columns(
        gettext("Checks started and completed per day"), labels,
        [charts.Series(gettext("Started"), COLOURS["started"], [_visible(n) for n in started]),
         charts.Series(gettext("Completed"), COLOURS["completed"],
                       [_visible(n) for n in completed])])
    outcomes = [(str(label), s.outcomes.get(key, 0)) for key, label in OUTCOME_LABELS.items()]
    outcome_chart = charts.bars(
        gettext("Outcomes of the checks completed"), [label for label, _ in outcomes],
        [charts.Series(gettext("Checks"), COLOURS["outcome"],
                       [_visible(n) for _, n in outcomes])], percent=False, bar=14)
    langs = [lang for lang in languages() if f.lang in (None, lang)]
    channels = [channel for channel in stats.CHANNELS if f.channel in (None, channel)]
    groups = [s.per_group.get((lang, channel), {}) for lang in langs for channel in channels]
    lines = [("started", gettext("Started")), ("completed", gettext("Completed")),
             *OUTCOME_LABELS.items()]
    return render_template(
        "ops/stats.html", s=s, per_day=per_day, outcome_chart=outcome_chart, langs=langs,
        group_channels=channels, groups=groups, lines=lines,
        completion=stats.rate(s.completed, s.started), **_context(f))


@bp.get("/stats/questions")
def questions():
    f = filters_from(request.args)
    s = stats.summarise(f)
    act = rules.get_act(f.act)
    asked = [(q, s.questions[q.id]) for q in act.questions if q.id in s.questions]
    langs = [lang for lang in languages() if f.lang in (None, lang)]
    rows = [(q, c, stats.dropoff(c), stats.rate(c.unknown, c.answered),
             [stats.rate(c.unknown_by_lang[lang], c.answered_by_lang[lang]) for lang in langs])
            for q, c in asked]
    chart = charts.bars(
        gettext("Drop-off and \u201cI don't know\u201d per question"),
        [q.id for q, *_ in rows],
        [charts.Series(gettext("Drop-off"), COLOURS["dropped"], [r[2] for r in rows]),
         charts.Series(gettext("\u201cI don't know\u201d"), COLOURS["unknown"],
                       [r[3] for r in rows])])
    return render_template("ops/questions.html", act=act, rows=rows, langs=langs, chart=chart,
                           present=present, **_context(f))


@bp.get("/stats.csv")
def export():
    f = filters_from(request.args, limit=None)
    body = io.StringIO()
    write_csv(body, stats.rows(f))
    name = f"amnesty-stats-{f.start.isoformat()}-{f.end.isoformat()}.csv"
    return Response(body.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def write_csv(out, counted) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("day", "act", "channel", "lang", "metric", "key", "count"))
    for r in counted:
        writer.writerow((r.day.isoformat(), r.act, r.channel, r.lang, r.metric, r.key,
                         stats.shown(r.count)))


# -- the command --------------------------------------------------------------------------------


@click.command("stats")
@click.option("--from", "start", default=None, help="First day, YYYY-MM-DD (default: 30 days "
              "before --to).")
@click.option("--to", "end", default=None, help="Last day, YYYY-MM-DD (default: today).")
@click.option("--channel", type=click.Choice(stats.CHANNELS), default=None)
@click.option("--lang", type=click.Choice(["kk", "ru", "en"]), default=None)
@click.option("--act", default=None, help="Act id (default: the web's act).")
@click.option("--csv", "as_csv", is_flag=True, help="Print the CSV export instead.")
def stats_command(start, end, channel, lang, act, as_csv) -> None:
    """Print the operator statistics: checks started and completed, outcomes, and per question
    shown, answered, drop-off and "I don't know" (counts below STATS_MIN_COUNT as "<N")."""
    args = {"from": start, "to": end, "channel": channel, "lang": lang, "act": act}
    f = filters_from({k: v for k, v in args.items() if v}, limit=None)
    if as_csv:
        out = io.StringIO()
        write_csv(out, stats.rows(f))
        click.echo(out.getvalue(), nl=False)
        return
    s = stats.summarise(f)
    click.echo(f"{f.act} from {f.start} to {f.end} ({current_app.config['STATS_TIMEZONE']} "
               f"days), channel {f.channel or 'all'}, language {f.lang or 'all'}")
    rate = stats.rate(s.completed, s.started)
    click.echo(f"started {stats.shown(s.started)}, completed {stats.shown(s.completed)}"
               f" ({'-' if rate is None else f'{rate:.1%}'})")
    for outcome in OUTCOME_LABELS:
        click.echo(f"  {outcome:24} {stats.shown(s.outcomes.get(outcome, 0)):>8}")
    click.echo(f"{'question':24} {'shown':>8} {'answered':>8} {'drop-off':>9} {'unknown':>8}"
               f" {'unknown%':>9}")
    for q in rules.get_act(f.act).questions:
        c = s.questions.get(q.id)
        if c is None:
            continue
        drop, unknown = stats.dropoff(c), stats.rate(c.unknown, c.answered)
        click.echo(f"{q.id:24} {stats.shown(c.shown):>8} {stats.shown(c.answered):>8} "
                   f"{'-' if drop is None else f'{drop:.1%}':>9} {stats.shown(c.unknown):>8} "
                   f"{'-' if unknown is None else f'{unknown:.1%}':>9}")
