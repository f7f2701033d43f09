"""Operator statistics: counted once when things happen, on the web and by SMS, kept after the
checks are purged; shown behind a token as SVG charts and tables, and as CSV; small counts
hidden."""

from __future__ import annotations

import base64
import csv
import io
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import postgresql

import rules
from app import create_app
from sms import simulator
from tests import database
from tests.sms.helpers import TOKEN, URL, app_config
from tests.web.conftest import CheckedClient, begin, legal_cases, play, post, web_value
from web import db, ops, stats, store

ACT = rules.default_act()
CASES = legal_cases()
SECRET = "ops-token-for-tests"
BASIC = {"Authorization": "Basic " + base64.b64encode(f"anyone:{SECRET}".encode()).decode()}


def counted(app, **where) -> Counter:
    """(channel, lang, metric, key) -> count, over every day."""
    with app.app_context():
        out = Counter()
        for r in db.session().execute(select(stats.TABLE)):
            if all(getattr(r, k) == v for k, v in where.items()):
                out[r.channel, r.lang, r.metric, r.key] += r.count
        return out


def metric(counts: Counter, name: str) -> Counter:
    return Counter({key: n for (_, _, m, key), n in counts.items() if m == name})


def case_named(words: str) -> dict:
    return next(c for c in CASES if words in c["name"])


def asked_in(answers: dict) -> list[str]:
    given = {}
    while isinstance(step := rules.next_step(ACT, given), rules.Ask):
        given[step.question.id] = answers[step.question.id]
    return list(given)


# -- counting on the web ------------------------------------------------------------------------


def test_a_web_check_counts_its_start_questions_and_outcome_once(app, client):
    case = case_named("Large-scale embezzlement under article 189 part 3 item 1 by a mother")
    asked = play(client, "ru", case["answers"])
    client.get("/ru/check-answers")
    client.get("/ru/result")
    counts = counted(app)
    assert {k[:2] for k in counts} == {("web", "ru")}
    assert metric(counts, "started") == {"": 1}
    assert metric(counts, "shown") == dict.fromkeys(asked, 1)
    assert metric(counts, "answered") == dict.fromkeys(asked, 1)
    assert metric(counts, "unknown") == {}
    assert metric(counts, "completed") == {case["expect"]["outcome"]: 1}
    # Reloading, answering the same question again, changing an answer: nothing counts twice.
    for _ in range(2):
        post(client, "/ru/q/sex", {"answer": "woman"})
    client.get("/ru/result")
    assert counted(app) == counts


def test_the_next_question_counts_as_shown_before_it_is_answered(app, client):
    begin(client, "en")  # "I don't know" to the article
    counts = counted(app)
    assert metric(counts, "unknown") == {"article": 1}
    assert metric(counts, "answered") == {"article": 1}
    assert metric(counts, "shown") == {"article": 1, "stage": 1}  # stage: the drop-off point
    assert metric(counts, "completed") == {}


def test_changing_an_answer_counts_new_questions_and_unknowns_once(app, client):
    begin(client, "kk", stage="pending")
    post(client, "/kk/q/offence_date", {"answer": "unknown"})
    post(client, "/kk/q/offence_date", {"answer": "before"})
    post(client, "/kk/q/offence_date", {"answer": "unknown"})
    counts = counted(app)
    assert metric(counts, "unknown")["offence_date"] == 1
    assert metric(counts, "answered")["offence_date"] == 1


def test_start_again_begins_a_new_run(app, client):
    begin(client, "en")
    post(client, "/en/restart", page="/en/")
    begin(client, "en")
    assert metric(counted(app), "started") == {"": 2}


def test_the_counts_outlive_the_checks(app, client):
    case = CASES[0]
    play(client, "en", case["answers"])
    before = counted(app)
    with app.app_context(), db.transaction():
        assert store.purge(store.utcnow() + timedelta(days=30)) == 1
        assert db.session().scalars(select(store.Check)).first() is None
    assert counted(app) == before and before


def test_an_event_rolled_back_is_not_counted(app):
    check_id = None
    with app.test_request_context("/"), pytest.raises(RuntimeError):
        with db.transaction():
            check = store.create("web", ACT.id, "en", timedelta(hours=1))
            check_id = check.id
            stats.record(check, "web", "en", {"article": "unknown"},
                         rules.next_step(ACT, {"article": "unknown"}))
            raise RuntimeError("the save failed")
        with db.transaction():  # the next transaction of the same session writes nothing
            pass
    assert check_id and counted(app) == Counter()


def test_a_save_replayed_after_a_concurrent_change_counts_once(app):
    from flask import g
    from sqlalchemy.orm import Session

    from web import journey

    with app.test_request_context("/en/"):
        g.lang_code = "en"
        j = journey.current()
        j.answer("article", "unknown")
        with Session(db.engine()) as other:  # another tab saves first
            other.get(store.Check, j.check.id).answers = {"article": "unknown",
                                                          "stage": "pending"}
            other.commit()
        j.answer("stage", "served")  # fails on the stale version, then replayed
    counts = counted(app)
    assert metric(counts, "answered") == {"article": 1, "stage": 1}
    assert metric(counts, "started") == {"": 1}


def test_nothing_counted_names_a_person(app, client):
    play(client, "kk", CASES[5]["answers"])
    with app.app_context():
        check = db.session().scalars(select(store.Check)).one()
        rows = [tuple(str(v) for v in r) for r in db.session().execute(select(stats.TABLE))]
    values = {v for r in rows for v in r}
    assert check.id not in values and check.code not in values
    assert not {web_value(v) for v in CASES[5]["answers"].values()} - {"unknown"} & values - {
        "no"}  # answers appear only as question ids, never as values
    assert {r[4] for r in rows} <= set(stats.METRICS)
    assert set(stats.TABLE.c.keys()) == {"day", "act", "channel", "lang", "metric", "key",
                                         "count"}


def test_the_day_is_almatys(app):
    with app.app_context():
        assert stats.today(datetime(2026, 1, 1, 19, 30, tzinfo=UTC)) == date(2026, 1, 2)
        assert stats.today(datetime(2026, 1, 1, 18, 59, tzinfo=UTC)) == date(2026, 1, 1)
        app.config["STATS_TIMEZONE"] = "UTC"
        assert stats.today(datetime(2026, 1, 1, 19, 30, tzinfo=UTC)) == date(2026, 1, 1)


# -- counting by SMS ----------------------------------------------------------------------------


@pytest.fixture
def sms_app(tmp_path):
    return create_app(app_config(tmp_path))


def test_an_sms_conversation_counts_the_first_question_when_it_is_sent(sms_app):
    phone = simulator.Phone(simulator.client_transport(sms_app.test_client()), URL, TOKEN)
    phone.text("?")  # the language menu: nothing asked yet
    assert counted(sms_app) == Counter()
    phone.text("2")  # Russian: the first question is sent
    assert counted(sms_app) == {("sms", "ru", "shown", "article"): 1}


def test_an_sms_conversation_counts_like_the_web(sms_app):
    case = case_named("Large-scale fraud under article 190 part 3 item 1 with the damage repaid")
    script = simulator.Script.build(sms_app, ACT, "kk")
    phone = simulator.Phone(simulator.client_transport(sms_app.test_client()), URL, TOKEN)
    played = simulator.play(phone, script, case["answers"])
    counts = counted(sms_app)
    assert {k[:2] for k in counts} == {("sms", "kk")}
    assert metric(counts, "started") == {"": 1}
    assert metric(counts, "shown") == dict.fromkeys(played.asked, 1)
    assert metric(counts, "answered") == dict.fromkeys(played.asked, 1)
    assert metric(counts, "completed") == {"sentence_reduced": 1}
    params, headers = phone.last  # the gateway delivers the last text again
    phone.transport(phone.url, params, headers)
    phone.text("1")  # after the result: "done", nothing new
    assert counted(sms_app) == counts


def test_sms_restart_and_unknown(sms_app):
    phone = simulator.Phone(simulator.client_transport(sms_app.test_client()), URL, TOKEN)
    phone.text("Hello")
    phone.text("0")  # "I don't know" the article
    phone.text("RESTART")
    phone.text("0")
    counts = counted(sms_app)
    assert metric(counts, "started") == {"": 2}
    assert metric(counts, "unknown") == {"article": 2}
    assert metric(counts, "shown")["article"] == 2


def test_web_and_sms_answers_of_one_check_are_counted_where_they_were_given(sms_app):
    phone = simulator.Phone(simulator.client_transport(sms_app.test_client()), URL, TOKEN)
    phone.text("Hello")
    link = phone.text("0")[0]  # "I don't know" the article; the stage question is asked
    with sms_app.app_context():
        code = db.session().scalars(select(store.Check.code)).one()
    browser = sms_app.test_client()
    browser.get(f"/r/{code}")
    post(browser, "/en/q/stage", {"answer": "served"})
    counts = counted(sms_app)
    assert "stage" in link.lower() or counts[("sms", "en", "shown", "stage")] == 1
    assert counts[("sms", "en", "answered", "article")] == 1
    assert counts[("web", "en", "answered", "stage")] == 1
    assert counts[("web", "en", "answered", "article")] == 0  # counted by SMS already
    assert sum(metric(counts, "started").values()) == 1


# -- the upsert ---------------------------------------------------------------------------------


def test_the_upsert_adds_to_existing_counters(app):
    with app.test_request_context("/"):
        for n in (1, 2, 3):
            with db.transaction():
                stats.add(date(2026, 1, 1), ACT.id, "web", "en",
                          {("started", ""): n, ("shown", "article"): 1})
    assert counted(app) == {("web", "en", "started", ""): 6, ("web", "en", "shown", "article"): 3}


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_the_upsert_is_one_statement_on_sqlite_and_postgresql(dialect):
    from sqlalchemy.dialects import sqlite

    engine_dialect = {"sqlite": sqlite.dialect, "postgresql": postgresql.dialect}[dialect]()
    sql = str(stats._statement(dialect).compile(dialect=engine_dialect)).replace('"key"', "key")
    assert sql.startswith("INSERT INTO stats_daily (day, act, channel, lang, metric, key, count)")
    assert "ON CONFLICT (day, act, channel, lang, metric, key) DO UPDATE SET count = " \
           "(stats_daily.count + excluded.count)" in sql
    assert stats._statement("mysql") is None


@pytest.mark.skipif(not database.postgres(), reason="the suite runs on SQLite (tests/database.py)")
def test_counting_on_postgresql_from_many_threads(tmp_path):
    """Web and SMS checks counted at once from several threads on PostgreSQL: every event
    counted exactly once, no deadlock."""
    from concurrent.futures import ThreadPoolExecutor

    app = create_app(app_config(tmp_path, RATELIMIT_ENABLED=False))  # one address, many people

    def web_run(i):
        client = app.test_client()
        case = CASES[i % len(CASES)]
        play(client, "en", case["answers"])
        return asked_in(case["answers"]), case["expect"]["outcome"]

    with ThreadPoolExecutor(8) as pool:
        runs = list(pool.map(web_run, range(40)))
    counts = counted(app)
    assert metric(counts, "started") == {"": 40}
    assert metric(counts, "answered") == Counter(q for asked, _ in runs for q in asked)
    assert metric(counts, "completed") == Counter(outcome for _, outcome in runs)


# -- the pages ----------------------------------------------------------------------------------


@pytest.fixture
def ops_app(app):
    app.config["STATS_TOKEN"] = SECRET
    app.test_client_class = CheckedClient
    return app


def fill(app, days=30, n=40):
    """A busy month: every question of the act shown and answered in every language and
    channel, every outcome, some small counts."""
    end = date(2026, 3, 31)
    with app.test_request_context("/"), db.transaction():
        for i in range(days):
            day = end - timedelta(days=i)
            for channel in stats.CHANNELS:
                for k, lang in enumerate(("kk", "ru", "en")):
                    events = {("started", ""): n + i, **{("completed", o): 1 + k + i % 3
                                                         for o in ops.OUTCOME_LABELS}}
                    for j, q in enumerate(ACT.questions):
                        events["shown", q.id] = n + j
                        events["answered", q.id] = n + j - (j % 5)
                        events["unknown", q.id] = (j * 3 + k) % 17
                    stats.add(day, ACT.id, channel, lang, events)
    return end


def test_the_pages_are_not_there_without_a_token(app, client):
    for path in ("/ops/stats", "/ops/stats/questions", "/ops/stats.csv"):
        assert client.get(path).status_code == 404
        assert client.get(path, headers=BASIC).status_code == 404


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer wrong"}, {"Authorization": "Bearer "},
    {"Authorization": "Basic " + base64.b64encode(b"anyone:wrong").decode()},
    {"Authorization": "Basic " + base64.b64encode(SECRET.encode()).decode()},  # no colon
    {"Authorization": f"Token {SECRET}"},
])
def test_without_the_token_the_pages_ask_for_it(ops_app, headers):
    client = ops_app.test_client()
    for path in ("/ops/stats", "/ops/stats/questions", "/ops/stats.csv"):
        response = client.get(path, headers=headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Basic realm=")
        assert response.headers["Cache-Control"] == "no-store"
        assert "csv" not in response.mimetype


@pytest.mark.parametrize("headers", [BASIC, {"Authorization": f"Bearer {SECRET}"}])
def test_the_token_opens_the_pages(ops_app, headers):
    client = ops_app.test_client()
    for path in ("/ops/stats", "/ops/stats/questions", "/ops/stats.csv"):
        response = client.get(path, headers=headers)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("ui", ["kk", "ru", "en"])
@pytest.mark.parametrize("path", ["/ops/stats", "/ops/stats/questions"])
def test_a_busy_month_fits_the_page_budget_in_every_language(ops_app, ui, path):
    end = fill(ops_app)
    client = ops_app.test_client()  # checked: title, one h1, ids, lang, 20 KB, no script/style
    html = client.get(f"{path}?ui={ui}&to={end}", headers=BASIC).get_data(as_text=True)
    assert f'<html lang="{ui}">' in html
    assert html.count("<svg") >= 1 and "<script" not in html


def page(app, path):
    response = app.test_client().get(path, headers=BASIC)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_overview_counts_per_language_and_channel_and_filters(ops_app):
    end = fill(ops_app, days=2, n=10)
    period = f"from={end - timedelta(days=1)}&to={end}"
    html = page(ops_app, f"/ops/stats?ui=en&{period}")
    # started 10 then 11 in each of 6 groups; English: 1 + 2 + (0, then 1) of each outcome
    assert "<th scope=\"row\">Checks started</th><td>126</td>" in html
    assert ('<th scope="row">Started</th>' + "<td>21</td>" * 6 + "</tr>") in html
    assert ('<th scope="row">Completed</th><td>15</td><td>15</td><td>25</td><td>25</td>'
            "<td>35</td><td>35</td></tr>") in html
    assert '<th scope="row">Not covered</th><td>&lt;5</td><td>&lt;5</td><td>5</td>' in html
    html = page(ops_app, f"/ops/stats?ui=en&{period}&channel=sms&lang=kk")
    assert "<th scope=\"row\">Checks started</th><td>21</td>" in html
    assert ('<th scope="row">Started</th><td>21</td></tr>') in html
    assert 'colspan="1">Қазақша</th>' in html and 'colspan="1">English' not in html
    assert '<option value="sms" selected>' in html


def test_small_counts_are_hidden(ops_app):
    with ops_app.test_request_context("/"), db.transaction():
        stats.add(date(2026, 3, 1), ACT.id, "sms", "en",
                  {("started", ""): 3, ("completed", "not_covered"): 2, ("shown", "stage"): 9,
                   ("answered", "stage"): 9, ("unknown", "stage"): 4,
                   ("shown", "damage"): 7, ("answered", "damage"): 6})
    period = "from=2026-03-01&to=2026-03-01&ui=en"
    html = page(ops_app, f"/ops/stats?{period}")
    assert "<td>&lt;5</td>" in html and "<td>3</td>" not in html and "<td>2</td>" not in html
    assert "–" in html  # completed of started: made of hidden counts
    html = page(ops_app, f"/ops/stats/questions?{period}")
    # stage: 4 "I don't know" of 9 is hidden; kk and ru have no answers; damage: 1 of 7 left
    assert "<td>9</td><td>9</td><td>0.0%</td>" + "<td>–</td>" * 4 + "</tr>" in html
    assert "<td>7</td><td>6</td><td>14.3%</td><td>0.0%</td><td>–</td><td>–</td><td>0.0%" in html
    assert ">stage</text>" in html and ">damage</text>" in html
    rows = list(csv.DictReader(io.StringIO(page(ops_app, f"/ops/stats.csv?{period}"))))
    assert {r["metric"]: r["count"] for r in rows if r["key"] in ("", "not_covered")} == {
        "started": "<5", "completed": "<5"}
    ops_app.config["STATS_MIN_COUNT"] = 1
    html = page(ops_app, f"/ops/stats/questions?{period}")
    assert "<td>9</td><td>9</td><td>0.0%</td><td>44.4%</td>" in html


def test_the_csv_has_every_counter_of_the_period(ops_app):
    end = fill(ops_app, days=3, n=10)
    response = ops_app.test_client().get(f"/ops/stats.csv?from={end - timedelta(days=1)}"
                                         f"&to={end}&lang=ru", headers=BASIC)
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {r["day"] for r in rows} == {str(end), str(end - timedelta(days=1))}
    assert {r["lang"] for r in rows} == {"ru"} and {r["channel"] for r in rows} == {"web", "sms"}
    unknown = sum(1 for j in range(len(ACT.questions)) if (j * 3 + 1) % 17)  # ru: k = 1
    assert len(rows) == 2 * 2 * (1 + 5 + 2 * len(ACT.questions) + unknown)  # no zero rows
    started = [r for r in rows if r["metric"] == "started"]
    assert sorted(r["count"] for r in started) == ["10", "10", "11", "11"]


def test_the_stats_command_prints_the_same_counts(ops_app):
    fill(ops_app, days=1, n=10)

    def run(*args):
        with ops_app.app_context():  # as `amnesty stats` runs it (FlaskGroup pushes one)
            result = ops_app.test_cli_runner().invoke(args=["stats", *args],
                                                      catch_exceptions=False)
        assert result.exit_code == 0
        return result.output

    out = run("--from", "2026-03-31", "--to", "2026-03-31")
    assert "started 60, completed 60 (100.0%)\n" in out
    assert "\narticle " in out and "\nvulnerable_woman " in out
    out = run("--from", "2026-03-31", "--to", "2026-03-31", "--csv", "--channel", "web",
              "--lang", "kk")
    assert out.startswith("day,act,channel,lang,metric,key,count\n")
    assert "2026-03-31,kz-2025-195-viii,web,kk,started,,10\n" in out
