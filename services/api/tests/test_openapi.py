"""The committed OpenAPI document (docs/api/openapi.json) is what the code publishes."""

from __future__ import annotations

import json

import httpx
import pytest

from disclosure_api.openapi import text
from disclosure_shared.testing.services import REPO

COMMITTED = REPO / "docs" / "api" / "openapi.json"


def test_committed_openapi_matches_the_code() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == text(), (
        "docs/api/openapi.json is stale: uv run python -m disclosure_api.openapi > docs/api/openapi.json"
    )


@pytest.mark.integration
async def test_the_served_document_is_the_committed_one(client: httpx.AsyncClient) -> None:
    served = (await client.get("/openapi.json")).json()
    assert served == json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert {"/disclosures", "/disclosures/{sha256}", "/comparison", "/health"} <= set(served["paths"])
