"""The JSON API (``/api/v1``): per-user bearer tokens, the same operations as the pages.

``models.py`` ApiToken; ``tokens.py`` issuing, revoking and checking tokens; ``problems.py``
RFC 9457 errors; ``bodies.py`` strict JSON and the JSON Schemas of ``schemas/api/``;
``params.py`` query parameters; ``serialize.py`` records as JSON; ``blueprint.py``
authentication and error handling; ``*_endpoints.py`` the endpoints; ``openapi.py`` and
``openapi_paths.py`` the OpenAPI 3.1 document; ``token_views.py`` and ``forms.py`` the token
section of the account pages (templates in ``templates/api/``).
"""
