"""Ingest service: `python -m disclosure_ingest` (the image's start command)."""

from __future__ import annotations

from faststream import FastStream
from faststream.kafka.annotations import KafkaMessage

from disclosure_ingest.registry import MongoRegistry
from disclosure_ingest.stage import IngestStage
from disclosure_shared import topics
from disclosure_shared.channels import Declared
from disclosure_shared.events import FetchedEvent, SubmittedEvent
from disclosure_shared.service import create_service
from disclosure_shared.settings import PipelineSettings


def create_app(settings: PipelineSettings | None = None) -> FastStream:
    settings = settings or PipelineSettings()
    app, runtime = create_service("ingest", settings)
    runner = runtime.runner("ingest")
    runtime.declare_output(
        topics.FETCHED, FetchedEvent, "An admitted input: its bytes stored in the blob store, its source."
    )

    @runtime.subscriber(
        topics.SUBMITTED,
        group=topics.INGEST_GROUP,
        description="Fetch or load the submitted input, store it, drop duplicates; emit disclosure.fetched.",
    )
    async def on_submitted(event: Declared[SubmittedEvent], message: KafkaMessage) -> None:  # noqa: ARG001 (event: the channel's schema)
        stage = IngestStage(runtime.blobs, MongoRegistry(runtime.db), settings.limits)
        await runner.run(message, SubmittedEvent, stage)

    return app
