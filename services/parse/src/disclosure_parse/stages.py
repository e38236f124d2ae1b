"""The parse service's two stages on events: fetched → extracted (page text) → parsed (structure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from disclosure_parse.payload import PDF, extracted_payload, parsed_payload
from disclosure_parse.pool import CpuRunner, in_thread
from disclosure_parse.structure.parsing import needs_bytes
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
        payload = await self.cpu(extracted_payload, data, fetched, self.limits, event.sha256)
        next_event = event.follow(Stage.EXTRACTED, payload, parser_version=PARSER_VERSION)
        return StageOutput([Outgoing(topics.EXTRACTED, next_event)])


@dataclass
class ParseStage:
    blobs: BlobStore
    cpu: CpuRunner = in_thread

    async def __call__(self, event: Envelope[Any]) -> StageOutput:
        extracted: ExtractedPayload = event.payload
        content_type = extracted.source.content_type or PDF
        # The pages carry their tables and the payload the active content: the bytes are read again
        # only for an event that lacks them (no second blob read per document).
        wanted = needs_bytes(content_type, extracted.pages, extracted.active_content)
        data = await self.blobs.get(extracted.blob) if wanted else None
        payload = await self.cpu(
            parsed_payload, data, extracted.pages, extracted.source, extracted.blob, extracted.active_content
        )
        next_event = event.follow(Stage.PARSED, payload, parser_version=PARSER_VERSION)
        return StageOutput([Outgoing(topics.PARSED, next_event)])
