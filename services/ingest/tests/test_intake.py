from datetime import UTC, datetime
from pathlib import Path

import pytest

from disclosure_ingest.fetching import Received
from disclosure_ingest.intake import admit
from disclosure_ingest.registry import MemoryRegistry, MongoRegistry
from disclosure_ingest.stage import IngestStage
from disclosure_shared.blobs import FileBlobStore
from disclosure_shared.errors import NotADisclosure
from disclosure_shared.events import Envelope, Stage, SubmitRequest
from disclosure_shared.hashing import sha256_hex
from disclosure_shared.records import Source
from disclosure_shared.settings import Limits
from disclosure_shared.store_schema import DEAD_LETTERS, DISCLOSURES
from disclosure_shared.testing.pdfs import text_pdf

PDF = text_pdf(["2023 年度部门决算"])


def received(data: bytes) -> Received:
    return Received(data, Source(uri="file:///x.pdf", fetched_at=datetime.now(UTC), bytes=len(data)))


async def test_new_bytes_are_stored_and_sent_on(tmp_path: Path) -> None:
    blobs = FileBlobStore(tmp_path)
    admission = await admit(received(PDF), blobs, MemoryRegistry(), Limits())
    assert admission.sha256 == sha256_hex(PDF)
    assert admission.payload is not None
    assert admission.payload.source.content_type == "application/pdf"
    assert await blobs.get(admission.payload.blob) == PDF


async def test_duplicates_are_dropped_once_published_unless_forced(tmp_path: Path) -> None:
    blobs, registry = FileBlobStore(tmp_path), MemoryRegistry()
    first = await admit(received(PDF), blobs, registry, Limits())
    # Not yet published (e.g. a crash before the send): the redelivery must go through again.
    assert (await admit(received(PDF), blobs, registry, Limits())).payload is not None
    await registry.mark_published(first.sha256)
    assert (await admit(received(PDF), blobs, registry, Limits())).payload is None
    assert (await admit(received(PDF), blobs, registry, Limits(), force=True)).payload is not None


async def test_rejected_input_keeps_its_bytes(tmp_path: Path) -> None:
    blobs = FileBlobStore(tmp_path)
    junk = b"\x89PNG\r\n\x1a\n\x00\x00binary"
    with pytest.raises(NotADisclosure) as caught:
        await admit(received(junk), blobs, MemoryRegistry(), Limits())
    assert caught.value.sha256 == sha256_hex(junk)
    assert await blobs.exists(sha256_hex(junk))


async def test_stage_emits_fetched_and_marks_published_only_after(tmp_path: Path) -> None:
    blobs, registry = FileBlobStore(tmp_path), MemoryRegistry()
    blob = await blobs.put(PDF)
    event = Envelope[SubmitRequest](
        sha256=blob.sha256, stage=Stage.SUBMITTED, payload=SubmitRequest(blob=blob, filename="a.pdf")
    )
    output = await IngestStage(blobs, registry, Limits())(event)
    [message] = output.messages
    assert message.topic == "disclosure.fetched"
    assert message.envelope.stage == Stage.FETCHED and message.envelope.sha256 == blob.sha256
    assert message.envelope.trace_id == event.trace_id
    assert message.envelope.payload.source.filename == "a.pdf"
    assert await registry.claim(blob.sha256, message.envelope.payload.source, False)  # not yet published
    assert output.after_publish is not None
    await output.after_publish()
    assert not (await IngestStage(blobs, registry, Limits())(event)).messages


@pytest.mark.integration
async def test_an_input_dead_lettered_after_publication_can_be_resubmitted_without_force(mongo_db) -> None:
    """The registry remembers failure, not only publication: a plain re-submit retries the input."""
    registry, source = MongoRegistry(mongo_db), received(PDF).source
    sha = sha256_hex(PDF)
    assert await registry.claim(sha, source, force=False)
    await registry.mark_published(sha)
    assert not await registry.claim(sha, source, force=False)  # published, nothing failed: a duplicate
    await mongo_db[DEAD_LETTERS].insert_one(
        {"_id": "disclosure.extracted.dlq:0:1", "sha256": sha, "failed_at": datetime.now(UTC)}
    )
    assert await registry.claim(sha, source, force=False)  # failed after publication: retried
    await registry.mark_published(sha)
    assert not await registry.claim(sha, source, force=False)  # the old failure predates this run
    await mongo_db[DEAD_LETTERS].insert_one(
        {"_id": "disclosure.parsed.dlq:0:2", "sha256": sha, "failed_at": datetime.now(UTC)}
    )
    await mongo_db[DISCLOSURES].insert_one({"_id": sha})
    assert not await registry.claim(sha, source, force=False)  # stored after all: a duplicate
