"""Downloads: tables and findings as CSV/XLSX, a filtered set as one workbook, cited pages as PNG."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Response

from disclosure_api import exports
from disclosure_api.api_routes import NOT_FOUND, FindingId, Sha256
from disclosure_api.filters import DisclosureFilters, list_filters
from disclosure_api.page_images import Highlights, PageNotFound, render
from disclosure_api.reviews import finding_views
from disclosure_api.services import ServicesDep

router = APIRouter(tags=["exports"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
MAX_SET = 1000
"""A filtered-set workbook holds at most this many disclosures (bounded memory per request)."""


def _file(media_type: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"content": {media_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}}}}


def _download(body: bytes | str, media_type: str, filename: str) -> Response:
    content = body.encode("utf-8-sig") if isinstance(body, str) else body  # BOM: Excel reads UTF-8 CSV
    return Response(
        content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@router.get(
    "/disclosures/{sha256}/tables.csv", response_class=Response, responses={**NOT_FOUND, **_file(CSV)}
)
async def tables_csv(services: ServicesDep, sha256: Sha256) -> Response:
    """Every table cell on its own line (money as plain decimal text)."""
    record = await services.record(sha256)
    return _download(exports.tables_csv(record), CSV, f"{sha256[:16]}-tables.csv")


@router.get(
    "/disclosures/{sha256}/tables.xlsx", response_class=Response, responses={**NOT_FOUND, **_file(XLSX)}
)
async def tables_xlsx(services: ServicesDep, sha256: Sha256) -> Response:
    """A sheet per table (money as numeric cells), and an index sheet of titles and units."""
    record = await services.record(sha256)
    body = await asyncio.to_thread(exports.tables_xlsx, record)
    return _download(body, XLSX, f"{sha256[:16]}-tables.xlsx")


@router.get(
    "/disclosures/{sha256}/findings.csv", response_class=Response, responses={**NOT_FOUND, **_file(CSV)}
)
async def findings_csv(services: ServicesDep, sha256: Sha256) -> Response:
    """Findings with evidence and the reviewer's mark."""
    record = await services.record(sha256)
    findings = finding_views(record.findings, await services.reviews.of(sha256))
    return _download(exports.findings_csv(findings), CSV, f"{sha256[:16]}-findings.csv")


@router.get(
    "/disclosures/{sha256}/findings.xlsx", response_class=Response, responses={**NOT_FOUND, **_file(XLSX)}
)
async def findings_xlsx(services: ServicesDep, sha256: Sha256) -> Response:
    record = await services.record(sha256)
    findings = finding_views(record.findings, await services.reviews.of(sha256))
    body = await asyncio.to_thread(exports.findings_xlsx, record, findings)
    return _download(body, XLSX, f"{sha256[:16]}-findings.xlsx")


@router.get("/exports/disclosures.xlsx", response_class=Response, responses=_file(XLSX))
async def set_xlsx(
    services: ServicesDep,
    filters: Annotated[DisclosureFilters, Depends(list_filters)],
    limit: Annotated[int, Query(ge=1, le=MAX_SET)] = MAX_SET,
) -> Response:
    """The filtered set (newest first, at most `limit`): disclosures, every table cell, every finding."""
    records = await services.reader.records(filters, limit)
    marks = await services.reviews.of_many([r.sha256 for r in records])
    findings = {r.sha256: finding_views(r.findings, marks[r.sha256]) for r in records}
    body = await asyncio.to_thread(exports.set_xlsx, records, findings)
    return _download(body, XLSX, "disclosures.xlsx")


PNG = _file("image/png")
PageNumber = Annotated[int, Path(ge=1, le=100_000)]


async def _png(services: ServicesDep, sha256: str, page: int, highlights: Highlights) -> Response:
    record = await services.record(sha256)
    pdf = await services.pdf(record)
    try:
        rendered = await asyncio.to_thread(render, pdf, page, highlights)
    except PageNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    headers = {"X-Highlights": str(rendered.found), "Cache-Control": "private, max-age=300"}
    return Response(rendered.png, media_type="image/png", headers=headers)


@router.get("/disclosures/{sha256}/pages/{page}.png", response_class=Response, responses={**NOT_FOUND, **PNG})
async def page_png(
    services: ServicesDep,
    sha256: Sha256,
    page: PageNumber,
    find: Annotated[list[str] | None, Query(max_length=10, description="Text to highlight")] = None,
) -> Response:
    """A page of the input rendered as PNG, with each `find` text highlighted where the page has it."""
    highlights = Highlights()
    for text in find or []:
        highlights.add_evidence(text[:500])
    return await _png(services, sha256, page, highlights)


@router.get(
    "/disclosures/{sha256}/findings/{finding_id}/pages/{page}.png",
    response_class=Response,
    responses={**NOT_FOUND, **PNG},
)
async def finding_page_png(
    services: ServicesDep, sha256: Sha256, finding_id: FindingId, page: PageNumber
) -> Response:
    """A page a finding cites, with its evidence on that page highlighted: at the box the parser
    recorded for it, else where a search of the page's text finds it."""
    record = await services.record(sha256)
    finding = next((f for f in finding_views(record.findings, {}) if f.id == finding_id), None)
    if finding is None:
        raise HTTPException(404, f"disclosure {sha256} has no finding {finding_id}")
    highlights = Highlights()
    for evidence in finding.evidence:
        if evidence.page == page:
            highlights.add_evidence(evidence.text, evidence.bbox)
    if (
        finding.location.row
        and finding.location.page == page
        and not highlights.cells
        and not highlights.boxes
    ):
        highlights.add_row(finding.location.row)
    return await _png(services, sha256, page, highlights)
