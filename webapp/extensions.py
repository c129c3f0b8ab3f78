"""Extensions created unbound, so models and views never need the app object."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter


class HttpsAwareLoginManager(LoginManager):  # type: ignore[misc]
    """Mark the remember-me cookie Secure whenever the request came over HTTPS, as the session
    cookie is (Flask-Login only reads a fixed ``REMEMBER_COOKIE_SECURE``)."""

    def _set_cookie(self, response: Response) -> None:
        super()._set_cookie(response)
        if not request.is_secure:
            return
        prefix = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") + "="
        cookies = response.headers.getlist("Set-Cookie")
        response.headers.setlist(
            "Set-Cookie",
            [
                f"{c}; Secure" if c.startswith(prefix) and "; Secure" not in c else c
                for c in cookies
            ],
        )


csrf = CSRFProtect()
login_manager = HttpsAwareLoginManager()
login_manager.login_view = "users.login"
login_manager.login_message = "Please sign in to see that page."
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the request itself came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        configured = bool(app.config["SESSION_COOKIE_SECURE"])
        return configured or (has_request_context() and request.is_secure)


class RecordNumberConverter(IntegerConverter):
    """``<int:...>`` in URLs, capped so an absurd number is a 404, not an overflow (500)."""

    def __init__(self, url_map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def register(app: Flask) -> None:
    """Bind the extensions to ``app``."""
    app.url_map.converters["int"] = RecordNumberConverter
    csrf.init_app(app)
    login_manager.init_app(app)
    app.session_interface = HttpsAwareSessionInterface()
    if app.config["TRUST_PROXY_HEADERS"]:
        wsgi: Any = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
        app.wsgi_app = wsgi  # type: ignore[method-assign]
