"""Schemathesis drives the served API from its OpenAPI document (the committed copy, which
test_openapi keeps equal to the code's): no generated request may get a server error, and every
response must have a documented status and match the schema it documents."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance

from disclosure_shared.testing.services import REPO

pytestmark = pytest.mark.integration
schema = schemathesis.openapi.from_path(REPO / "docs" / "api" / "openapi.json")


@schema.parametrize()
@settings(
    max_examples=8,  # per operation and phase: 16 operations stay under a minute together
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_gets_a_server_error(case, api) -> None:
    case.call_and_validate(
        base_url=api.url, checks=[not_a_server_error, response_schema_conformance, status_code_conformance]
    )
