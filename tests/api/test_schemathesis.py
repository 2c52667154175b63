"""schemathesis against the app in-process: every documented operation, generated requests.

Reads run unauthenticated; writes carry a real token made in the fixture. No 500s, and every
answer (status, content type, body) must match /api/v1/openapi.json. A second pass runs in
schemathesis' negative-data mode (requests that break the document: wrong types, missing
fields, out-of-range values) and asserts none of them gets a 5xx.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.test_api_write import auth, make_token

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def api_token(app: Flask) -> str:
    """A real token of an editor in this test's database."""
    return make_token(app, "schemathesis@example.org")


@pytest.fixture
def api_schema(app: Flask) -> Iterator[schemathesis.BaseSchema]:
    """The app's own document, loaded over WSGI."""
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def api_schema_negative(app: Flask) -> Iterator[schemathesis.BaseSchema]:
    """The same document, generating only requests that do not fit it."""
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    loaded.config.generation.update(modes=[GenerationMode.NEGATIVE])
    yield loaded


schema = schemathesis.pytest.from_fixture("api_schema")
# An operation with no parameters and no body has nothing to break.
negative = schemathesis.pytest.from_fixture("api_schema_negative").exclude(
    method="GET", path_regex=r"/topics$")


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
def test_api_matches_its_openapi_document(case: schemathesis.Case[Any], api_token: str) -> None:
    case.call_and_validate(headers=auth(api_token), checks=CHECKS)


@negative.parametrize()
@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
def test_api_refuses_what_breaks_its_document_without_a_5xx(case: schemathesis.Case[Any],
                                                            api_token: str) -> None:
    case.call_and_validate(headers=auth(api_token), checks=[not_a_server_error])
