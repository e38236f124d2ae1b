"""The parse stage's output for a document's bytes and extracted pages, built in one place.

Apart from stages.py so that the embedded `process` run, which composes the same function, loads no
Kafka, MongoDB or metrics client (stages.py imports the services' delivery plumbing).
"""

from __future__ import annotations

from collections.abc import Sequence

from disclosure_parse.extraction import extract_document
from disclosure_parse.structure.parsing import parse_disclosure
from disclosure_shared.events import BlobRef, ExtractedPayload, FetchedPayload, PageText, ParsedPayload
from disclosure_shared.records import Source
from disclosure_shared.settings import Limits

PDF = "application/pdf"


def extracted_payload(data: bytes, fetched: FetchedPayload, limits: Limits, sha256: str) -> ExtractedPayload:
    """The extraction stage's output: every page's text and tables, and the active content the PDF
    carries (looked for here, in the PDF opened for its pages, so the structure stage need not read
    the bytes)."""
    extracted = extract_document(data, fetched.source.content_type or PDF, limits, sha256)
    return ExtractedPayload(
        source=fetched.source,
        blob=fetched.blob,
        pages=extracted.pages,
        active_content=extracted.active_content,
    )


def parsed_payload(
    data: bytes | None,
    pages: Sequence[PageText],
    source: Source,
    blob: BlobRef,
    active: Sequence[str] | None = None,
) -> ParsedPayload:
    """The parse stage's output for these bytes and their extracted pages: the one place it is built
    (the service's ParseStage, the embedded run and the rule tests' seed fixtures all call this).
    `data` may be None where `needs_bytes` allows (parsing.py)."""
    parsed = parse_disclosure(data, source.content_type or PDF, pages, active)
    return ParsedPayload(
        source=source,
        blob=blob,
        document=parsed.document,
        pages=[page.info() for page in pages],
        tables=parsed.tables,
        claims=parsed.claims,
        findings=parsed.findings,
    )
