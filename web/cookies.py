"""The browser's cookie: Flask's signed session, holding only the check's opaque id (and
Flask-WTF's CSRF token). Over HTTPS it is Secure and carries the `__Host-` prefix (no other
site or subdomain can set it); WEB_COOKIE_SECURE is "auto" (over HTTPS only), true or false.
HttpOnly and SameSite=Lax come from the configuration defaults (web/config.py).
"""

from __future__ import annotations

from flask import Flask, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class CheckCookie(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        # Flask builds (and derives the key of) a new serializer on every request; the keys
        # only change with the configuration.
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        if keys not in self._serializers:
            self._serializers[keys] = super().get_signing_serializer(app)
        return self._serializers[keys]

    def secure(self, app: Flask) -> bool:
        setting = app.config["WEB_COOKIE_SECURE"]
        if setting == "auto":
            return has_request_context() and request.is_secure
        return bool(setting)

    def get_cookie_secure(self, app: Flask) -> bool:
        return self.secure(app)

    def get_cookie_name(self, app: Flask) -> str:
        name = app.config["SESSION_COOKIE_NAME"]
        return f"__Host-{name}" if self.secure(app) else name


def init_app(app: Flask) -> None:
    app.session_interface = CheckCookie()
