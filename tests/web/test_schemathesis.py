"""Property-based tests of every GET endpoint from the app's own OpenAPI schema (schemathesis, in-process).

Hypothesis draws parameters the schema allows (and, for negative checks,
some it does not); each response must be no 5xx, have a documented status
and content type, and a body that matches the declared model.  This is what
makes the OpenAPI schema a promise rather than a sketch.  Examples per
endpoint are bounded so the whole file runs in well under a minute.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from gwr.web.app import Settings, create_app

from corpus_data import needs_shared

pytestmark = needs_shared

EXAMPLES = 25


@pytest.fixture(scope="module")
def api_schema(sqlite_db):
    app = create_app(Settings(db=sqlite_db))
    return schemathesis.openapi.from_asgi("/openapi.json", app).include(method="GET")


def _get_paths() -> list[str]:
    """The GET paths of the schema, read from the route table (no database needed at collection)."""
    from gwr.web.api import router

    return sorted({r.path for r in router.routes if "GET" in getattr(r, "methods", ()) and r.include_in_schema})


@pytest.mark.parametrize("path", _get_paths())
def test_get_endpoints_keep_their_schema(api_schema, path):
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        response = case.call_and_validate()
        assert response.status_code < 500, response.text

    run()


def test_every_get_endpoint_is_covered(api_schema):
    """The export and analysis endpoints are in the schema too (a route left out would go untested)."""
    paths = {op.ok().path for op in api_schema.get_all_operations()}
    assert paths == set(_get_paths())
    assert {"/api/documents", "/api/documents/{document_id}", "/api/search", "/api/facts", "/api/compare",
            "/api/track", "/api/check", "/api/stats", "/api/export/{table}.{fmt}"} <= paths
