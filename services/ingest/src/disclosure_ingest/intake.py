"""Admission of received bytes: keep them, identify them, refuse what is not a disclosure."""

from __future__ import annotations

from dataclasses import dataclass

from disclosure_ingest.fetching import Received
from disclosure_ingest.registry import IntakeRegistry
from disclosure_ingest.sniffing import detect_content_type
from disclosure_shared.blobs import BlobStore
from disclosure_shared.errors import TooLarge
from disclosure_shared.events import FetchedPayload
from disclosure_shared.settings import Limits


@dataclass(frozen=True)
class Admission:
    """The outcome of admitting one input: the payload to send on, or None for a duplicate."""

    sha256: str
    payload: FetchedPayload | None


async def admit(
    received: Received, blobs: BlobStore, registry: IntakeRegistry, limits: Limits, force: bool = False
) -> Admission:
    """Store the bytes first (a rejected input is still kept), then classify and deduplicate."""
    blob = await blobs.put(received.data)
    if blob.size > limits.max_bytes:
        raise TooLarge(f"{blob.size} bytes; the limit is {limits.max_bytes}", sha256=blob.sha256)
    content_type = detect_content_type(received.data, blob.sha256)
    source = received.source.model_copy(update={"content_type": content_type, "bytes": blob.size})
    if not await registry.claim(blob.sha256, source, force):
        return Admission(blob.sha256, None)
    return Admission(blob.sha256, FetchedPayload(source=source, blob=blob))
