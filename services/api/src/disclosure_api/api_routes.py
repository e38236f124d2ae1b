"""The JSON API: disclosures, their tables and findings, comparisons, reviewer marks, health."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Response
from fastapi.responses import JSONResponse

from disclosure_api.comparison import compare
from disclosure_api.filters import DisclosureFilters, list_filters
from disclosure_api.models import (
    Comparison,
    DisclosureList,
    Facets,
    FindingView,
    Health,
    PipelineHealth,
    Review,
    ReviewMark,
)
from disclosure_api.reviews import finding_ids, finding_views
from disclosure_api.services import ServicesDep
from disclosure_shared.records import ProcessedDisclosure, Table

router = APIRouter()

Sha256 = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="The input's sha256 (hex)")]
FindingId = Annotated[str, Path(max_length=100, description="A finding id from the findings list")]
Filters = Annotated[DisclosureFilters, Depends(list_filters)]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such disclosure (or finding)"}}


@router.get("/health", response_model=Health, tags=["operations"], responses={503: {"model": Health}})
async def health(services: ServicesDep) -> Health | JSONResponse:
    try:
        await services.reader.ping()
    except Exception as exc:  # any failure to reach the store means "not ready"
        body = Health(status="unavailable", store=f"{type(exc).__name__}: {exc}"[:500])
        return JSONResponse(body.model_dump(), status_code=503)
    return Health(status="ok", store="ok")


@router.get("/pipeline/health", response_model=PipelineHealth, tags=["operations"])
async def pipeline_health(services: ServicesDep) -> PipelineHealth:
    return await services.health()


@router.get("/facets", response_model=Facets, tags=["disclosures"])
async def facets(services: ServicesDep) -> Facets:
    return await services.reader.facets()


@router.get("/disclosures", response_model=DisclosureList, tags=["disclosures"])
async def list_disclosures(
    services: ServicesDep,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> DisclosureList:
    """Newest first; `total` counts every match so a client can page with limit/offset."""
    total, items = await services.reader.page(filters, limit, offset)
    return DisclosureList(total=total, limit=limit, offset=offset, items=items)


@router.get(
    "/disclosures/{sha256}", response_model=ProcessedDisclosure, tags=["disclosures"], responses=NOT_FOUND
)
async def get_disclosure(services: ServicesDep, sha256: Sha256) -> ProcessedDisclosure:
    """The whole processed disclosure, as the contract defines it (docs/records.md)."""
    return await services.record(sha256)


@router.get(
    "/disclosures/{sha256}/tables", response_model=list[Table], tags=["disclosures"], responses=NOT_FOUND
)
async def get_tables(
    services: ServicesDep,
    sha256: Sha256,
    kind: Annotated[str | None, Query(max_length=100, description="Only tables of this kind")] = None,
) -> list[Table]:
    record = await services.record(sha256)
    return [t for t in record.tables if kind is None or t.kind == kind]


@router.get(
    "/disclosures/{sha256}/findings",
    response_model=list[FindingView],
    tags=["findings"],
    responses=NOT_FOUND,
)
async def get_findings(services: ServicesDep, sha256: Sha256) -> list[FindingView]:
    """Every finding with its stable id and the reviewer's mark, if any."""
    record = await services.record(sha256)
    return finding_views(record.findings, await services.reviews.of(sha256))


@router.put(
    "/disclosures/{sha256}/findings/{finding_id}/review",
    response_model=Review,
    tags=["findings"],
    responses={**NOT_FOUND, 400: {"description": "The body is not JSON"}},
)
async def mark_finding(
    services: ServicesDep, sha256: Sha256, finding_id: FindingId, mark: ReviewMark
) -> Review:
    """Mark a finding confirmed or rejected (replaces an earlier mark)."""
    record = await services.record(sha256)
    if finding_id not in finding_ids(record.findings):
        raise HTTPException(404, f"disclosure {sha256} has no finding {finding_id}")
    return await services.reviews.mark(sha256, finding_id, mark)


@router.delete(
    "/disclosures/{sha256}/findings/{finding_id}/review",
    status_code=204,
    tags=["findings"],
    responses={404: {"description": "The finding has no mark"}},
)
async def clear_mark(services: ServicesDep, sha256: Sha256, finding_id: FindingId) -> Response:
    if not await services.reviews.clear(sha256, finding_id):
        raise HTTPException(404, f"no mark on finding {finding_id} of {sha256}")
    return Response(status_code=204)


@router.get("/comparison", response_model=Comparison, tags=["disclosures"])
async def comparison(
    services: ServicesDep,
    organization: Annotated[str, Query(min_length=1, max_length=300)],
    table_kind: Annotated[str, Query(min_length=1, max_length=100, description="e.g. revenue")],
) -> Comparison:
    """The organization's documents over the years side by side: one table kind's rows by code."""
    records = await services.reader.of_organization(organization)
    return compare(organization, table_kind, records)
