"""Validate service: `faststream run disclosure_validate.app:create_app --factory`."""

from __future__ import annotations

from faststream import FastStream
from faststream.kafka.annotations import KafkaMessage

from disclosure_shared import topics
from disclosure_shared.events import ParsedEvent
from disclosure_shared.service import create_service
from disclosure_shared.settings import PipelineSettings
from disclosure_validate.stage import validate_stage


def create_app(settings: PipelineSettings | None = None) -> FastStream:
    settings = settings or PipelineSettings()
    app, runtime = create_service("validate", settings)
    runner = runtime.runner("validate")

    @runtime.subscriber(
        topics.PARSED,
        group=topics.VALIDATE_GROUP,
        description="Cross-check the parsed tables and claims; emit the processed disclosure.",
    )
    async def on_parsed(message: KafkaMessage) -> None:
        await runner.run(message, ParsedEvent, validate_stage)

    return app
