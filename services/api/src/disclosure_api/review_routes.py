"""The review page: pipeline health, a filterable list, and one disclosure's findings with their pages.

Server-rendered with autoescaping Jinja2 templates (document text is hostile input); marking a
finding is a small fetch() to the JSON API (static/review.js).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from disclosure_api.api_routes import Sha256
from disclosure_api.filters import form_filters
from disclosure_api.models import FindingView
from disclosure_api.reviews import finding_views
from disclosure_api.services import ServicesDep

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")  # autoescapes .html
PAGE_SIZE = 25
SEVERITIES = ("error", "warning", "info")
CAUSES = ("source", "extraction", "rounding")


@router.get("/")
async def root() -> RedirectResponse:
    return RedirectResponse("/review")


@router.get("/review", response_class=HTMLResponse)
async def overview(
    request: Request,
    services: ServicesDep,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> HTMLResponse:
    filters = form_filters(request.query_params)
    (total, items), (health, facets) = await asyncio.gather(
        services.reader.page(filters, PAGE_SIZE, offset), services.overview()
    )
    context = {
        "health": health,
        "facets": facets,
        "filters": filters,
        "params": filters.params(),
        "total": total,
        "items": items,
        "offset": offset,
        "page_size": PAGE_SIZE,
    }
    return templates.TemplateResponse(request, "overview.html", context)


def cited_pages(finding: FindingView, limit: int = 3) -> list[int]:
    """The pages a finding's evidence is on (first `limit`), else the page of its location."""
    pages = list(dict.fromkeys(e.page for e in finding.evidence if e.page is not None))
    if not pages and finding.location.page is not None:
        pages = [finding.location.page]
    return pages[:limit]


@router.get("/review/disclosures/{sha256}", response_class=HTMLResponse)
async def disclosure(request: Request, services: ServicesDep, sha256: Sha256) -> HTMLResponse:
    record = await services.record(sha256)
    findings = finding_views(record.findings, await services.reviews.of(sha256))
    groups = [
        (severity, cause, members)
        for severity in SEVERITIES
        for cause in CAUSES
        if (members := [f for f in findings if f.severity == severity and f.probable_cause == cause])
    ]
    context = {
        "record": record,
        "stored_at": await services.reader.stored_at(sha256),
        "groups": groups,
        "findings": findings,
        "cited_pages": cited_pages,
        "is_pdf": record.source.content_type in (None, "application/pdf"),
    }
    return templates.TemplateResponse(request, "disclosure.html", context)
