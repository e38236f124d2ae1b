"""Prometheus metrics of a service process, all declared here so the dashboard and the alert rules
have one list to name (tests check that every panel's query names one of `EXPORTED`).

StageRunner feeds the message, timing, failure and dead-letter metrics for every stage; the
document metrics (pages, OCR, findings, verdicts) are read from what a stage publishes
(`observe_output`), so no service has metric code of its own.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import Counter, Gauge, Histogram, disable_created_metrics

from disclosure_shared.events import Envelope

disable_created_metrics()  # type: ignore[no-untyped-call]  # no `*_created` timestamp series: Prometheus needs none of them

STAGE_SECONDS_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)

MESSAGES_CONSUMED = Counter(
    "disclosure_messages_consumed", "Messages a stage took from its topic", ["stage", "topic"]
)
MESSAGES_PUBLISHED = Counter(
    "disclosure_messages_published", "Messages a stage published, by topic", ["stage", "topic"]
)
STAGE_SECONDS = Histogram(
    "disclosure_stage_seconds",
    "Wall time of one message in a stage (decode, work, publish)",
    ["stage"],
    buckets=STAGE_SECONDS_BUCKETS,
)
FAILURES = Counter(
    "disclosure_stage_failures", "Failed attempts of a stage's work, by error code", ["stage", "code"]
)
RETRIES = Counter("disclosure_stage_retries", "Retries after a failed attempt", ["stage"])
DEAD_LETTERS = Counter(
    "disclosure_dead_letters", "Messages written to a dead-letter topic", ["stage", "code"]
)
PAGES = Counter("disclosure_pages", "Pages a stage published", ["stage"])
OCR_PAGES = Counter("disclosure_ocr_pages", "Pages whose text came from OCR", ["stage"])
OCR_DOCUMENT_SECONDS = Histogram(
    "disclosure_ocr_document_seconds",
    "Stage wall time of documents that needed OCR",
    ["stage"],
    buckets=STAGE_SECONDS_BUCKETS,
)
FINDINGS = Counter("disclosure_findings", "Validation findings published", ["severity", "rule"])
DOCUMENTS = Counter("disclosure_documents", "Validated documents by verdict", ["verdict"])
CONSUMER_LAG = Gauge(
    "disclosure_consumer_lag",
    "Messages behind the partition's end, as this service's consumer sees it",
    ["group", "topic", "partition"],
)
ASSIGNED_PARTITIONS = Gauge(
    "disclosure_consumer_assigned_partitions", "Partitions assigned to this service's consumer", ["group"]
)
READY = Gauge("disclosure_service_ready", "1 when the service's readiness checks pass", ["service"])

EXPORTED = frozenset(
    {
        "disclosure_messages_consumed_total",
        "disclosure_messages_published_total",
        "disclosure_stage_seconds_bucket",
        "disclosure_stage_seconds_count",
        "disclosure_stage_seconds_sum",
        "disclosure_stage_failures_total",
        "disclosure_stage_retries_total",
        "disclosure_dead_letters_total",
        "disclosure_pages_total",
        "disclosure_ocr_pages_total",
        "disclosure_ocr_document_seconds_bucket",
        "disclosure_ocr_document_seconds_count",
        "disclosure_ocr_document_seconds_sum",
        "disclosure_findings_total",
        "disclosure_documents_total",
        "disclosure_consumer_lag",
        "disclosure_consumer_assigned_partitions",
        "disclosure_service_ready",
        "up",  # Prometheus's own per-target series
    }
)
"""Every series name a query may use."""


def observe_output(stage: str, envelope: Envelope[Any], seconds: float) -> None:
    """Document metrics from a published envelope: pages (and OCR pages), findings and verdicts."""
    payload = envelope.payload
    pages = getattr(payload, "pages", None)
    if isinstance(pages, list) and stage != "validate":  # validate republishes parse's pages
        PAGES.labels(stage).inc(len(pages))
        ocr = sum(1 for page in pages if getattr(page, "method", "text") == "ocr")
        if ocr:
            OCR_PAGES.labels(stage).inc(ocr)
            OCR_DOCUMENT_SECONDS.labels(stage).observe(seconds)
    verdict = getattr(payload, "verdict", None)
    findings = getattr(payload, "findings", None)
    if isinstance(verdict, str) and isinstance(findings, list):
        DOCUMENTS.labels(verdict).inc()
        for finding in findings:
            FINDINGS.labels(str(finding.severity), finding.rule).inc()
