"""The parse service's two stages on events: the structure stage builds on what extraction carries
(page tables, active content) and reads the document's bytes again only for an event without them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from disclosure_parse.stages import PDF, ExtractStage, ParseStage
from disclosure_shared.blobs import MemoryBlobStore
from disclosure_shared.events import BlobRef, Envelope, ExtractedPayload, FetchedPayload, Stage
from disclosure_shared.records import Source
from disclosure_shared.settings import Limits
from disclosure_shared.testing.hostile import active_content
from disclosure_shared.testing.pdfs import text_pdf


@dataclass
class CountingBlobs(MemoryBlobStore):
    """A memory blob store that counts reads."""

    reads: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()

    async def get(self, ref: BlobRef) -> bytes:
        self.reads.append(ref.sha256)
        return await super().get(ref)


async def extracted(blobs: CountingBlobs, data: bytes) -> Envelope[ExtractedPayload]:
    ref = await blobs.put(data)
    source = Source(fetched_at=datetime.now(UTC), filename="x.pdf", content_type=PDF, bytes=len(data))
    fetched = Envelope[FetchedPayload](
        sha256=ref.sha256, stage=Stage.FETCHED, payload=FetchedPayload(source=source, blob=ref)
    )
    [out] = (await ExtractStage(blobs, Limits())(fetched)).messages
    return Envelope[ExtractedPayload].model_validate_json(out.envelope.model_dump_json())


async def test_extraction_carries_the_active_content_and_structure_reads_no_bytes() -> None:
    blobs = CountingBlobs()
    event = await extracted(blobs, active_content())
    carried = event.payload.active_content or []
    assert {"JavaScript", "Launch", "EmbeddedFile"} <= set(carried)  # what the fixture holds
    assert all(page.layer_tables is not None for page in event.payload.pages)
    blobs.reads.clear()

    [out] = (await ParseStage(blobs)(event)).messages

    assert blobs.reads == []
    [finding] = [f for f in out.envelope.payload.findings if f.rule == "active-content"]
    assert finding.evidence[0].text == ", ".join(carried)


async def test_an_event_without_active_content_is_parsed_from_the_bytes_the_same_way() -> None:
    blobs = CountingBlobs()
    event = await extracted(blobs, text_pdf(["武汉市某单位2024年部门预算", "一、部门职责"]))
    older = event.model_copy(update={"payload": event.payload.model_copy(update={"active_content": None})})
    blobs.reads.clear()

    [carried] = (await ParseStage(blobs)(event)).messages
    assert blobs.reads == []
    [read_again] = (await ParseStage(blobs)(older)).messages

    assert blobs.reads == [event.sha256]
    assert read_again.envelope.payload == carried.envelope.payload
