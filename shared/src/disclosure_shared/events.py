"""Versioned event envelopes: the Kafka contract between the stages.

    Envelope[P]   schema_version, sha256, stage, produced_at, trace_id, parser_version, payload
      ├── SubmitRequest             disclosure.submitted   (a file already in the blob store, or a URL)
      ├── FetchedPayload            disclosure.fetched     (bytes stored, identity known)
      ├── ExtractedPayload          disclosure.extracted   (per-page text)
      ├── ParsedPayload             disclosure.parsed      (document, tables, claims, parse findings)
      └── ProcessedDisclosure       disclosure.validated   (the contract record, records.py)

PDF bytes never travel in a message: events carry a BlobRef into the content-addressed blob store.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from disclosure_shared.records import (
    BBox,
    Claim,
    DocumentInfo,
    Finding,
    PageInfo,
    ProcessedDisclosure,
    Record,
    Source,
    Table,
)

EVENT_SCHEMA_VERSION = "1"


class Stage(StrEnum):
    SUBMITTED = "submitted"
    FETCHED = "fetched"
    EXTRACTED = "extracted"
    PARSED = "parsed"
    VALIDATED = "validated"
    STORED = "stored"


class BlobRef(Record):
    """Where the raw bytes live: the blob store's name and the content address."""

    store: Literal["file", "gridfs", "memory"]
    sha256: str
    size: int


class SubmitRequest(Record):
    """Ask ingest to admit an input: either a URL to fetch or bytes the submitter already stored."""

    uri: str | None = None
    blob: BlobRef | None = None
    filename: str | None = None
    content_type: str | None = None
    force: bool = False
    """Reprocess even when these bytes were processed before (e.g. after a parser upgrade)."""
    portal: str | None = None
    """The crawled portal the input was found on (the crawl service sets it)."""


class FetchedPayload(Record):
    source: Source
    blob: BlobRef


class PageTable(Record):
    """A ruled table of one page: cell text in grid positions (merged cells fill their top-left
    position, the rest are ""), read from the text layer or rebuilt from the page image (OCR)."""

    rows: list[list[str]]
    context: list[str] = Field(default_factory=list)
    """Lines between the previous table (or page top) and this one: title, number, unit."""
    trailer: list[str] = Field(default_factory=list)
    """Lines below the table up to the next one."""
    cell_boxes: list[list[BBox | None]] | None = None
    """The box of each cell of `rows` on the page, None where a merged cell continues (text layer
    tables; None for OCR tables)."""


OcrTable = PageTable
"""The tables OCR rebuilds from a page image have the same shape."""


class PageText(Record):
    """One page's text as extracted; `method` says whether it came from the text layer or OCR."""

    number: int = Field(ge=1)
    text: str
    method: Literal["text", "ocr"] = "text"
    needs_ocr: bool = False
    ocr_tables: list[OcrTable] = Field(default_factory=list)
    """Tables rebuilt from the page image (method "ocr" only), in reading order."""
    layer_tables: list[PageTable] | None = None
    """Ruled tables of the text layer, in reading order, read in the same pass as the text so the
    structure stage never interprets the page again (an HTML document's <table>s come the same way,
    one per logical page). None: not read here (a text export, an older event, or the table finder
    failed on this page); the structure stage then reads the PDF (or the text's lines) itself."""
    ocr_note: str | None = None
    """Why a page that needs OCR still has no text (time limit, engine failure, OCR disabled)."""

    def info(self) -> PageInfo:
        return PageInfo(
            number=self.number,
            method=self.method,
            chars=len(self.text),
            needs_ocr=self.needs_ocr,
            text=self.text,
            note=self.ocr_note,
        )


class ExtractedPayload(Record):
    source: Source
    blob: BlobRef
    pages: list[PageText]
    active_content: list[str] | None = None
    """The kinds of active content the PDF carries (JavaScript, launch actions, embedded files...),
    found while its bytes were at hand, so the structure stage need not read them again. None: not
    looked at (an older event); the structure stage then reads the bytes itself."""


class ParsedPayload(Record):
    source: Source
    blob: BlobRef
    document: DocumentInfo
    pages: list[PageInfo]
    tables: list[Table] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)


P = TypeVar("P", bound=BaseModel)


class Envelope(BaseModel, Generic[P]):
    """The wrapper every message carries; (sha256, stage, parser_version) identifies the work."""

    schema_version: str = EVENT_SCHEMA_VERSION
    sha256: str
    """Content identity; empty only on a URL submission, whose bytes are not fetched yet."""
    stage: Stage
    produced_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    trace_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    parser_version: str = ""
    """Set from the parse stage on; empty before it (ingest does not depend on the parser)."""
    payload: P

    def follow(
        self,
        stage: Stage,
        payload: BaseModel,
        *,
        sha256: str | None = None,
        parser_version: str | None = None,
    ) -> Envelope[Any]:
        """The next stage's envelope: same trace, new stage and payload."""
        return Envelope[Any](
            sha256=sha256 or self.sha256,
            stage=stage,
            trace_id=self.trace_id,
            parser_version=self.parser_version if parser_version is None else parser_version,
            payload=payload,
        )


SubmittedEvent = Envelope[SubmitRequest]
FetchedEvent = Envelope[FetchedPayload]
ExtractedEvent = Envelope[ExtractedPayload]
ParsedEvent = Envelope[ParsedPayload]
ValidatedEvent = Envelope[ProcessedDisclosure]
