"""Where the domains plug in: blueprints, and the models Alembic must see."""

from __future__ import annotations

from flask import Flask


def import_models() -> None:
    """Import every model module so ``Base.metadata`` knows all tables."""
    import webapp.api.models
    import webapp.claims.models
    import webapp.core.audit
    import webapp.documents.models
    import webapp.imports.models
    import webapp.sources.models
    import webapp.users.models
    import webapp.verdicts.models  # noqa: F401


def register_blueprints(app: Flask) -> None:
    import webapp.claims.list_views
    import webapp.claims.views  # noqa: F401  (both add routes to the claims blueprint)
    from webapp.api.blueprint import api_blueprint
    from webapp.api.token_views import bp as api_tokens_bp
    from webapp.claimreview.views import bp as claimreview_bp
    from webapp.claims.blueprint import bp as claims_bp
    from webapp.dashboard.views import bp as dashboard_bp
    from webapp.documents.views import bp as documents_bp
    from webapp.imports.views import bp as imports_bp
    from webapp.intake.views import bp as intake_bp
    from webapp.matching.views import bp as matching_bp
    from webapp.reliability.views import bp as reliability_bp
    from webapp.reports.views import bp as reports_bp
    from webapp.sources.views import bp as sources_bp
    from webapp.users.views import bp as users_bp
    from webapp.verdicts.views import bp as verdicts_bp

    import_models()
    for blueprint in (
        dashboard_bp,
        claims_bp,
        sources_bp,
        documents_bp,
        intake_bp,
        verdicts_bp,
        users_bp,
        claimreview_bp,
        reports_bp,
        reliability_bp,
        imports_bp,
        matching_bp,
        api_blueprint(),
        api_tokens_bp,
    ):
        app.register_blueprint(blueprint)
