"""Security headers added to every response (pages, API, static files and errors alike)."""

from __future__ import annotations

from flask import Flask, Response, request

# No 'unsafe-inline' anywhere: every script and style comes from /static. JSON-LD blocks
# (<script type="application/ld+json">) are data, which script-src does not govern.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# One year; only sent over HTTPS, where a browser honours it (RFC 6797 section 7.2).
HSTS = "max-age=31536000"


def add_security_headers(response: Response) -> Response:
    """Set the headers of ``SECURITY_HEADERS`` (a view may set a stricter one itself)."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def register(app: Flask) -> None:
    """Add the headers to every response of ``app``."""
    app.after_request(add_security_headers)
