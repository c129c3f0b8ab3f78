"""Fixtures shared with the API and import tests."""

from tests.api.conftest import make_token  # noqa: F401 (a fixture, shared)
from tests.imports.conftest import table_counts, upload, write_csv  # noqa: F401 (fixtures)
