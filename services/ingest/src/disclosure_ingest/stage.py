"""The ingest stage on events: a submission in, a fetched event out (or nothing for a duplicate)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from disclosure_ingest.fetching import Received, fetch_url
from disclosure_ingest.intake import admit
from disclosure_ingest.registry import IntakeRegistry
from disclosure_shared import topics
from disclosure_shared.blobs import BlobStore
from disclosure_shared.delivery import Outgoing, StageOutput
from disclosure_shared.errors import UndecodableMessage
from disclosure_shared.events import Envelope, Stage, SubmitRequest
from disclosure_shared.records import Source
from disclosure_shared.settings import Limits


@dataclass
class IngestStage:
    blobs: BlobStore
    registry: IntakeRegistry
    limits: Limits

    async def __call__(self, event: Envelope[Any]) -> StageOutput:
        request: SubmitRequest = event.payload
        received = await self.receive(request, event)
        admission = await admit(received, self.blobs, self.registry, self.limits, request.force)
        if admission.payload is None:
            return StageOutput()
        sha = admission.sha256
        message = Outgoing(topics.FETCHED, event.follow(Stage.FETCHED, admission.payload, sha256=sha))

        async def record_published() -> None:
            await self.registry.mark_published(sha)

        return StageOutput([message], after_publish=record_published)

    async def receive(self, request: SubmitRequest, event: Envelope[Any]) -> Received:
        """Bytes the submitter stored in the blob store, or the URL's response."""
        if request.blob is not None:
            data = await self.blobs.get(request.blob)
            return Received(
                data,
                Source(
                    uri=request.uri,
                    fetched_at=event.produced_at,
                    filename=request.filename,
                    bytes=len(data),
                    portal=request.portal,
                ),
            )
        if request.uri:
            received = await fetch_url(request.uri, self.limits)
            return replace(received, source=received.source.model_copy(update={"portal": request.portal}))
        raise UndecodableMessage("a submission needs a blob reference or a URL")
