"""Validate service: `python -m disclosure_validate` (the image's start command)."""

from __future__ import annotations

from collections.abc import Sequence

from faststream import FastStream
from faststream.kafka.annotations import KafkaMessage

from disclosure_shared import topics
from disclosure_shared.channels import Declared
from disclosure_shared.events import ParsedEvent, ValidatedEvent
from disclosure_shared.records import DocumentInfo
from disclosure_shared.service import Runtime, create_service
from disclosure_shared.settings import PipelineSettings
from disclosure_validate.context import DisclosureView
from disclosure_validate.related import find_related
from disclosure_validate.stage import FindRelated, validate_stage_with


def related_from_store(runtime: Runtime) -> FindRelated:
    async def lookup(document: DocumentInfo, sha256: str) -> Sequence[DisclosureView]:
        if runtime.client is None:  # not started (in-memory tests): validate on its own
            return ()
        return await find_related(runtime.db, document, exclude=sha256)

    return lookup


def create_app(settings: PipelineSettings | None = None) -> FastStream:
    settings = settings or PipelineSettings()
    app, runtime = create_service("validate", settings)
    runner = runtime.runner("validate")
    stage = validate_stage_with(related_from_store(runtime))
    runtime.declare_output(
        topics.VALIDATED,
        ValidatedEvent,
        "The processed disclosure (the contract record) with its findings and verdict.",
    )

    @runtime.subscriber(
        topics.PARSED,
        group=topics.VALIDATE_GROUP,
        description="Cross-check the parsed tables and claims against the organization's other disclosures.",
    )
    async def on_parsed(event: Declared[ParsedEvent], message: KafkaMessage) -> None:  # noqa: ARG001 (event: the channel's schema)
        await runner.run(message, ParsedEvent, stage)

    return app
