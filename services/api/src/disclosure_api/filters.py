"""The list filters: query parameters of the API and the review page, and the MongoDB query they mean."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Annotated, Any, get_args

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


def form_filters(params: Mapping[str, str]) -> DisclosureFilters:
    """The review page's form: an empty select means no filter, and a value the API would refuse
    (hand-edited URL) is dropped rather than failing the page."""
    try:
        year = int(params["year"]) if params.get("year") else None
    except ValueError:
        year = None

    def choice(name: str, allowed: tuple[str, ...]) -> Any:
        value = params.get(name)
        return value if value in allowed else None

    return DisclosureFilters(
        organization=params.get("organization") or None,
        region=params.get("region") or None,
        year=year,
        kind=choice("kind", get_args(DocumentKind)),
        scope=choice("scope", get_args(Scope)),
        verdict=choice("verdict", get_args(Verdict)),
        rule=params.get("rule") or None,
    )
