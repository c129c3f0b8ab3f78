"""Claimdesk: claim tracking and source reliability for fact-checking desks."""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask application; ``config`` overrides settings read from the environment."""
    from webapp import cli, db, errors, extensions, navigation, registry
    from webapp import config as settings
    from webapp.core import headers, request_guard

    app = Flask(__name__, instance_relative_config=True)
    settings.load(app, config)
    extensions.register(app)
    headers.register(app)  # before db: after_request hooks run last-first
    db.register(app)
    errors.register(app)
    request_guard.register(app)
    navigation.register(app)
    registry.register_blueprints(app)
    cli.register(app)
    return app
