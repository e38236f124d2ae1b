"""The list filters: query parameters of the API and the review page, and the MongoDB query they mean."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated, Any

from fastapi import Query

from disclosure_shared.records import DocumentKind, Scope, Verdict


@dataclass(frozen=True)
class DisclosureFilters:
    organization: str | None = None
    region: str | None = None
    year: int | None = None
    kind: DocumentKind | None = None
    scope: Scope | None = None
    verdict: Verdict | None = None
    rule: str | None = None
    """Disclosures with at least one finding of this rule."""

    def query(self) -> dict[str, Any]:
        """Exact matches on the stored document's fields; absent filters match everything."""
        fields = {
            "document.organization": self.organization,
            "document.region": self.region,
            "document.year": self.year,
            "document.kind": self.kind,
            "document.scope": self.scope,
            "verdict": self.verdict,
            "findings.rule": self.rule,
        }
        return {field: value for field, value in fields.items() if value is not None}

    def params(self) -> dict[str, str]:
        """The filters as query parameters (links of the review page keep them)."""
        return {key: str(value) for key, value in asdict(self).items() if value is not None}


def list_filters(
    organization: Annotated[str | None, Query(max_length=300, description="Exact organization name")] = None,
    region: Annotated[str | None, Query(max_length=300)] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    kind: DocumentKind | None = None,
    scope: Scope | None = None,
    verdict: Verdict | None = None,
    rule: Annotated[str | None, Query(max_length=100, description="A finding's rule id, e.g. I-06")] = None,
) -> DisclosureFilters:
    """FastAPI dependency: empty strings (an unset select of the review page's form) mean no filter."""
    return DisclosureFilters(
        organization=organization or None,
        region=region or None,
        year=year,
        kind=kind,
        scope=scope,
        verdict=verdict,
        rule=rule or None,
    )
