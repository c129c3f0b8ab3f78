"""Where the domains plug in: blueprints, and the models Alembic must see."""

from __future__ import annotations

from flask import Flask


def import_models() -> None:
    """Import every model module so ``Base.metadata`` knows all tables."""
    import webapp.claims.models
    import webapp.core.audit
    import webapp.documents.models
    import webapp.sources.models
    import webapp.users.models
    import webapp.verdicts.models  # noqa: F401


def register_blueprints(app: Flask) -> None:
    from webapp.dashboard.views import bp as dashboard_bp
    from webapp.users.views import bp as users_bp

    import_models()
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(users_bp)
