"""The SMS channel: the same questionnaire by text message, behind a provider adapter.

    views.py         POST /sms/inbound: the gateway's webhook (signature, then a reply)
    inbox.py         one message: answered once, STOP honoured, never a 500
    conversation.py  the questionnaire as a conversation, on the web's engine and storage
    parse.py         reading replies forgivingly (numbers, yes/no words, keywords, language)
    keywords.py      HELP, BACK, RESTART, LANG, DELETE in Kazakh, Russian and English
    texts.py         every outbound text, within two segments
    store.py         the phone hash, answered messages, opt-outs, purge
    providers/       Twilio, and the interface another gateway would implement
    simulator.py     a phone that signs requests as Twilio does: console, bench, tests

See docs/sms.md.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from sms import providers, store, views  # noqa: F401 - store registers the SMS tables

    providers.init_app(app)
    app.register_blueprint(views.bp)
    _exempt_from_csrf(app, views.bp)


def _exempt_from_csrf(app: Flask, blueprint) -> None:
    """The webhook is authenticated by the gateway's signature, not a CSRF token.

    Works whether Flask-WTF's CSRFProtect is set up before or after this: if it is not there
    yet, a hook registered now (so it runs before CSRFProtect's own) exempts the blueprint on
    the first request.
    """
    csrf = app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(blueprint)
        return

    @app.before_request
    def _exempt_sms_from_csrf() -> None:
        late = app.extensions.get("csrf")
        if late is not None:
            late.exempt(blueprint)
