"""The command line: `amnesty check`, `amnesty assess`, `amnesty batch`,
`amnesty build-criminal-code`, `amnesty build-legal-cases`, `amnesty translations`,
`amnesty sms-console`, `amnesty purge`."""

from __future__ import annotations

import functools
import json
import logging
import sys
import time

import click
from flask import Flask, current_app
from flask_babel import force_locale, gettext

import rules
from rules.criminal_code import build
from web import batch as batches
from web import catalogs, legal_cases, protocol, terminal
from web.i18n import languages

LANGUAGE = click.option(
    "--lang", type=click.Choice(["kk", "ru", "en"]), default=None,
    help="Language of the texts (default: the app's default language, Kazakh).",
)


def init_app(app: Flask) -> None:
    app.cli.add_command(check)
    app.cli.add_command(assess)
    app.cli.add_command(translations)
    app.cli.add_command(build_criminal_code)
    app.cli.add_command(batch)
    app.cli.add_command(build_legal_cases)
    app.cli.add_command(sms_console)
    app.cli.add_command(purge)


def _lang(lang: str | None) -> str:
    return lang or current_app.config["BABEL_DEFAULT_LOCALE"]


@click.command()
@LANGUAGE
@click.option("--act", "act_id", default=None, help="Act id (default: Law 195-VIII).")
def check(lang: str | None, act_id: str | None) -> None:
    """Answer the questionnaire in the terminal and get a cited verdict."""
    try:
        act = rules.get_act(act_id)
    except KeyError:
        raise click.BadParameter(f"no act '{act_id}'", param_hint="--act") from None
    with force_locale(_lang(lang)):
        terminal.run(act, ask=lambda prompt: click.prompt("", prompt_suffix=prompt,
                                                          default="", show_default=False),
                     say=click.echo)


@click.command()
@LANGUAGE
@click.option("--jsonl", is_flag=True, help="Read one JSON request per line on stdin; write "
              "one JSON reply per line.")
@click.argument("answers_file", type=click.File("r", encoding="utf-8"), required=False)
def assess(lang: str | None, jsonl: bool, answers_file) -> None:
    """Assess answers given as JSON (see docs/protocol.md).

    `amnesty assess answers.json` assesses one case (a request object, or just the answers);
    `amnesty assess --jsonl` serves the protocol on stdin/stdout, one line each, flushing every
    reply, and keeps going after a bad line.
    """
    default = _lang(lang)
    if jsonl == bool(answers_file):
        raise click.UsageError("give either --jsonl or an answers file")
    if answers_file:
        click.echo(json.dumps(_reply(answers_file.read(), default, whole=True),
                              ensure_ascii=False, indent=2))
        return
    for line in sys.stdin:
        if line.strip():
            click.echo(json.dumps(_reply(line, default), ensure_ascii=False))
            sys.stdout.flush()


def _reply(raw: str, default: str, whole: bool = False) -> dict:
    try:
        request = json.loads(raw)
    except ValueError:
        with force_locale(default):
            return protocol.error("bad_json").json()
    if whole and isinstance(request, dict) and "answers" not in request:
        request = {"answers": request}
    if isinstance(request, dict) and request.get("lang") is None:
        request = {**request, "lang": default}
    return protocol.respond(request, default if default in languages() else "kk")


@click.command()
@LANGUAGE
@click.option("--act", "act_id", default=None, help="Act id (default: Law 195-VIII).")
@click.option("-o", "--out", type=click.File("wb"), required=True,
              help="Where to write the results ('-' for standard output).")
@click.option("--quiet", is_flag=True, help="No progress bar and no summary.")
@click.argument("clients", type=click.File("rb"))
def batch(lang: str | None, act_id: str | None, out, quiet: bool, clients) -> None:
    """Assess a CSV of clients: `amnesty batch clients.csv -o results.csv`.

    One row per person, columns named by question id (docs/batch.md); the results file is the
    same table with the verdict columns added. Bad cells are reported per row, and the rest of
    the row is still assessed. The progress bar and the summary go to standard error.
    """
    try:
        act = rules.get_act(act_id)
    except KeyError:
        raise click.BadParameter(f"no act '{act_id}'", param_hint="--act") from None
    with force_locale(_lang(lang)):
        try:
            table = batches.read(clients.read(), act)
        except batches.CsvError as e:
            raise click.ClickException(f"{clients.name}: {e.problem()}") from None
        rows = batches.assess_rows(act, table)
        if quiet:
            results = list(rows)
        else:
            with click.progressbar(rows, length=len(table.rows), file=sys.stderr,
                                   label=clients.name) as bar:
                results = list(bar)
        out.write(batches.write(table, results, act))
        if not quiet:
            _batch_summary(table, results, act)


def _batch_summary(table, results, act) -> None:
    say = functools.partial(click.echo, err=True)
    for line in batches.error_lines(results):
        say(line)
    ignored = table.ignored(act)
    if ignored:
        say(gettext("Columns passed through unread: %(columns)s", columns=", ".join(ignored)))
    counts = batches.summary(results)
    say(", ".join(f"{key}: {value}" for key, value in counts.items()))


@click.command("build-legal-cases")
def build_legal_cases() -> None:
    """Copy the legal cases (tests/rules/cases/) that the rules browser shows into web/data/."""
    for path in legal_cases.write():
        click.echo(f"wrote {path}")


@click.command("build-criminal-code")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--out", type=click.Path(dir_okay=False), default=None,
              help="Where to write the data (default: rules/criminal_code/data.json).")
def build_criminal_code(source: str, out: str | None) -> None:
    """Classify the Criminal Code's Special Part from its JSONL text (see docs/criminal-code.md).

    Writes the generated data the article question reads, and prints how many parts were
    classified and why the others were not.
    """
    click.echo(build.build_file(source, out))


@click.group()
def translations() -> None:
    """Keep the kk/ru/en catalogs in step with the code and the act files."""


@translations.command("update")
def translations_update() -> None:
    """Extract every message, update the catalogs, copy English, compile. Then translate what
    `amnesty translations update` reports missing in translations/{kk,ru}/LC_MESSAGES."""
    for line in catalogs.update():
        click.echo(line)


@translations.command("compile")
def translations_compile() -> None:
    """Compile the .po catalogs into the .mo files the app reads."""
    for path in catalogs.compile_all():
        click.echo(f"compiled {path}")


@click.command("sms-console")
@LANGUAGE
@click.option("--url", default="http://127.0.0.1:5000/sms/inbound", show_default=True,
              help="The running app's SMS webhook.")
@click.option("--from", "number", default=None,
              help="The phone number to text from (default: a new random one, a new "
              "conversation).")
def sms_console(lang: str | None, url: str, number: str | None) -> None:
    """Text the running app's SMS webhook from the terminal, each request signed as Twilio
    signs it. Start the app and this console with the same TWILIO_AUTH_TOKEN (any value):

    \b
      TWILIO_AUTH_TOKEN=dev-token flask --app app run
      TWILIO_AUTH_TOKEN=dev-token amnesty sms-console --lang ru
    """
    from sms import simulator

    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    if not token:
        raise click.UsageError("set TWILIO_AUTH_TOKEN (any value, the same as the running "
                               "app's), e.g. TWILIO_AUTH_TOKEN=dev-token amnesty sms-console")
    phone = simulator.Phone(simulator.http_transport, url, token,
                            signed_url=current_app.config.get("SMS_WEBHOOK_PUBLIC_URL"))
    if number:
        phone.number = number

    def ask() -> str:
        try:
            return click.prompt("", prompt_suffix="> ", default="", show_default=False)
        except click.Abort:
            raise EOFError from None

    simulator.console(phone, ask=ask, say=click.echo, lang=lang)


@click.command()
@click.option("--every", type=click.IntRange(min=60), default=None, metavar="SECONDS",
              help="Keep running, purging every SECONDS (for a container without cron or "
                   "systemd timers); a failed round is logged and the next one still runs.")
def purge(every: int | None) -> None:
    """Delete expired checks (web and SMS, with their answers) and expired SMS message records.
    Run it hourly: a systemd timer or cron (docs/privacy.md), or --every 3600."""
    if every is None:
        _purge_once()
        return
    log = logging.getLogger("amnesty.purge")
    while True:
        try:
            _purge_once()
        except click.ClickException as e:
            log.error("purge failed: %s", e.format_message())
        time.sleep(every)


def _purge_once() -> None:
    from sqlalchemy.exc import DBAPIError

    from sms import store as sms_store
    from web import db, schema, store

    try:
        with db.transaction():
            checks, messages = store.purge(), sms_store.purge()
    except DBAPIError as e:
        found = "ready"
        try:
            found, _ = schema.status(db.engine())
        except DBAPIError:
            pass
        if found in ("missing", "behind"):
            raise click.ClickException(f"the database is not set up: run `{schema.COMMAND}`"
                                       ) from None
        raise click.ClickException(f"the database failed: {schema.safe_reason(e)}") from None
    finally:
        db.session().close()
    click.echo(f"purged {checks} expired checks and {messages} SMS message records")
