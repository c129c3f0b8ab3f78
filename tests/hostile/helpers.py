"""Sending hostile text the way a browser would, and judging what the app did with it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from markupsafe import escape
from sqlalchemy import func, select

from webapp import db
from webapp.core.audit import AuditEntry


def form_body(data: dict[str, str]) -> bytes:
    """URL-encode ``data`` as UTF-8; a lone surrogate becomes the invalid bytes a broken
    client would send (the test client would refuse to encode it)."""
    return urlencode(data, encoding="utf-8", errors="surrogatepass").encode("ascii")


def received(value: str) -> str:
    """What the server reads from ``value`` sent as a form field: Werkzeug keeps bytes that
    are not UTF-8 percent-encoded (its "werkzeug.url_quote" codec error handler)."""
    import werkzeug.urls  # noqa: F401 (registers the error handler)

    return value.encode("utf-8", "surrogatepass").decode("utf-8", "werkzeug.url_quote")


def post_form(client: Any, url: str, data: dict[str, str]) -> Any:
    return client.post(url, data=form_body(data), content_type="application/x-www-form-urlencoded")


def stored_forms(value: str) -> set[str]:
    """The values that count as "stored exactly": as received, or with the outer whitespace
    trimmed (the operations trim it from every text field)."""
    text = received(value)
    return {text, text.strip()}


def blank(value: str) -> bool:
    """True for text that is only whitespace: a form may put its default in its place."""
    return not received(value).strip()


def counts(app: Any, model: Any) -> tuple[int, int]:
    """Rows of ``model`` and of the audit log."""
    with app.app_context():
        sess = db.session()
        return (
            sess.scalar(select(func.count()).select_from(model)) or 0,
            sess.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


def explains_refusal(response: Any) -> bool:
    """A refused form says why: a field error, a form error, or an error page with a reason."""
    body = response.get_data(as_text=True)
    return any(mark in body for mark in ('class="error"', 'class="form-errors"', "<h1>"))


def assert_escaped(html: str, value: str) -> None:
    """No markup of ``value`` reaches the page as markup."""
    text = received(value).strip()
    if "<" in text or ("=" in text and ('"' in text or "'" in text)):
        assert text not in html, f"unescaped on the page: {text[:80]!r}"
    if len(text) < 150 and "<" in text:
        assert str(escape(text)) in html, f"not shown as text: {text[:80]!r}"
