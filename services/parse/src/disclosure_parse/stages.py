"""The parse service's two stages on events: fetched → extracted (page text) → parsed (structure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from disclosure_parse.extraction import extract_pages
from disclosure_parse.payload import PDF, parsed_payload
from disclosure_parse.pool import CpuRunner, in_thread
from disclosure_parse.version import PARSER_VERSION
from disclosure_shared import topics
from disclosure_shared.blobs import BlobStore
from disclosure_shared.delivery import Outgoing, StageOutput
from disclosure_shared.events import (
    Envelope,
    ExtractedPayload,
    FetchedPayload,
    Stage,
)
from disclosure_shared.settings import Limits


@dataclass
class ExtractStage:
    """Page text from the text layer, and OCR of pages without a usable one (extraction.py). Both run
    in the CPU runner (a process pool in the service), so OCR never blocks the event loop; each OCR'd
    page is bounded by `limits.ocr_page_seconds`."""

    blobs: BlobStore
    limits: Limits
    cpu: CpuRunner = in_thread

    async def __call__(self, event: Envelope[Any]) -> StageOutput:
        fetched: FetchedPayload = event.payload
        data = await self.blobs.get(fetched.blob)
        content_type = fetched.source.content_type or PDF
        pages = await self.cpu(extract_pages, data, content_type, self.limits, event.sha256)
        payload = ExtractedPayload(source=fetched.source, blob=fetched.blob, pages=pages)
        next_event = event.follow(Stage.EXTRACTED, payload, parser_version=PARSER_VERSION)
        return StageOutput([Outgoing(topics.EXTRACTED, next_event)])


@dataclass
class ParseStage:
    blobs: BlobStore
    cpu: CpuRunner = in_thread

    async def __call__(self, event: Envelope[Any]) -> StageOutput:
        extracted: ExtractedPayload = event.payload
        data = await self.blobs.get(extracted.blob)
        payload = await self.cpu(parsed_payload, data, extracted.pages, extracted.source, extracted.blob)
        next_event = event.follow(Stage.PARSED, payload, parser_version=PARSER_VERSION)
        return StageOutput([Outgoing(topics.PARSED, next_event)])
