"""Response and request models of the read API (money stays Decimal, serialized as plain text)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from disclosure_shared.records import (
    DocumentKind,
    Finding,
    Money,
    ProbableCause,
    Scope,
    Severity,
    Unit,
    Verdict,
)

ReviewStatus = Literal["confirmed", "rejected"]


class FindingCounts(BaseModel):
    error: int = 0
    warning: int = 0
    info: int = 0


class DisclosureSummary(BaseModel):
    """One stored disclosure as a list shows it: identity, verdict and how many findings of each severity."""

    sha256: str
    organization: str | None
    region: str | None
    year: int | None
    kind: DocumentKind | None
    scope: Scope | None
    title: str | None
    filename: str | None
    verdict: Verdict
    findings: FindingCounts
    pages: int
    parser_version: str
    rule_set_version: str | None
    stored_at: datetime | None


class DisclosureList(BaseModel):
    total: int
    """How many disclosures match the filters (all pages together)."""
    limit: int
    offset: int
    items: list[DisclosureSummary]


class ReviewMark(BaseModel):
    """What a reviewer sends to mark a finding."""

    status: ReviewStatus
    note: str | None = Field(default=None, max_length=2000)
    reviewer: str | None = Field(default=None, max_length=200)


class Review(ReviewMark):
    sha256: str
    finding_id: str
    marked_at: datetime


class FindingView(Finding):
    """A finding of the contract, with the id the API addresses it by and its reviewer mark."""

    id: str
    """Stable across re-validations: derived from rule, location and message (see reviews.finding_ids)."""
    index: int
    review: Review | None = None


class DeadLetterView(BaseModel):
    id: str
    dlq_topic: str | None
    sha256: str | None
    stage: str | None
    error: str | None
    error_type: str | None
    attempts: int
    failed_at: datetime | None


class PipelineHealth(BaseModel):
    """What the store says about the pipeline: what came through, with which verdict, what failed."""

    disclosures: int
    by_verdict: dict[Verdict, int]
    reviews: int
    dead_letters: int
    last_dead_letters: list[DeadLetterView]
    last_stored_at: datetime | None
    stored_last_hour: int = 0
    throughput_per_minute: float = 0.0
    """Disclosures stored per minute over the last hour (as `disclosures status` reports it)."""
    lag: dict[str, int] | None = None
    """Stage consumer group → messages not yet consumed (disclosure_shared.lag); None when Kafka
    did not answer."""


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    store: str


class ComparedDocument(BaseModel):
    sha256: str
    year: int | None
    kind: DocumentKind | None
    scope: Scope | None
    title: str | None
    table_title: str | None
    """None when this document has no table of the compared kind."""
    unit: Unit | None


class ComparedRow(BaseModel):
    """One code (or, without a code, one printed name) across the documents, in their order."""

    code: str | None
    name: str
    side: Literal["income", "expenditure"] | None
    values: list[dict[str, Money | None] | None]
    """values[i] belongs to documents[i]; None where that document has no such row."""


class Comparison(BaseModel):
    organization: str
    table_kind: str
    documents: list[ComparedDocument]
    rows: list[ComparedRow]


class Facets(BaseModel):
    """The values the list filters accept, as the store holds them (for the review page's selects)."""

    organizations: list[str]
    regions: list[str]
    years: list[int]
    rules: list[str]


__all__ = [
    "ComparedDocument",
    "ComparedRow",
    "Comparison",
    "DeadLetterView",
    "DisclosureList",
    "DisclosureSummary",
    "Facets",
    "FindingCounts",
    "FindingView",
    "Health",
    "PipelineHealth",
    "ProbableCause",
    "Review",
    "ReviewMark",
    "ReviewStatus",
    "Severity",
]
