"""Ingest service: `python -m disclosure_ingest` (the image's start command)."""

from __future__ import annotations

from faststream import FastStream
from faststream.kafka.annotations import KafkaMessage

from disclosure_ingest.registry import MongoRegistry
from disclosure_ingest.stage import IngestStage
from disclosure_shared import topics
from disclosure_shared.events import SubmittedEvent
from disclosure_shared.service import create_service
from disclosure_shared.settings import PipelineSettings


def create_app(settings: PipelineSettings | None = None) -> FastStream:
    settings = settings or PipelineSettings()
    app, runtime = create_service("ingest", settings)
    runner = runtime.runner("ingest")

    @runtime.subscriber(
        topics.SUBMITTED,
        group=topics.INGEST_GROUP,
        description="Fetch or load the submitted input, store it, drop duplicates; emit disclosure.fetched.",
    )
    async def on_submitted(message: KafkaMessage) -> None:
        stage = IngestStage(runtime.blobs, MongoRegistry(runtime.db), settings.limits)
        await runner.run(message, SubmittedEvent, stage)

    return app
