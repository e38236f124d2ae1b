"""Store service: `python -m disclosure_store` (the image's start command).

Consumes the validated records and every dead-letter topic (so failures are queryable and can be
replayed). A store failure raises, which seeks back: the message is redelivered, never lost.
"""

from __future__ import annotations

from faststream import FastStream
from faststream.kafka.annotations import KafkaMessage

from disclosure_shared import topics
from disclosure_shared.channels import DeadLetterBody, Declared
from disclosure_shared.events import ValidatedEvent
from disclosure_shared.feeds import FindingEvent, RowEvent
from disclosure_shared.outages import OutageLog, through_outages
from disclosure_shared.service import create_service
from disclosure_shared.settings import PipelineSettings
from disclosure_store.repository import DisclosureRepository
from disclosure_store.stage import StoreStage


def create_app(settings: PipelineSettings | None = None) -> FastStream:
    settings = settings or PipelineSettings()
    app, runtime = create_service("store", settings)

    @app.after_startup
    async def create_indexes() -> None:
        await DisclosureRepository(runtime.db).ensure_indexes()

    runner = runtime.runner("store", redeliver_when_exhausted=True)
    dead_letter_outages = OutageLog("store-dead-letters")
    runtime.declare_output(
        topics.ROWS,
        RowEvent,
        "One message per table row of each stored revision, after that revision's marker; keyed by sha256.",
    )
    runtime.declare_output(
        topics.FINDINGS,
        FindingEvent,
        "One message per finding of each stored revision, after that revision's marker; keyed by sha256.",
    )

    @runtime.subscriber(
        topics.VALIDATED,
        group=topics.STORE_GROUP,
        description="Upsert the processed disclosure (a new parser_version adds a revision).",
    )
    async def on_validated(event: Declared[ValidatedEvent], message: KafkaMessage) -> None:  # noqa: ARG001 (event: the channel's schema)
        await runner.run(message, ValidatedEvent, StoreStage(DisclosureRepository(runtime.db)))

    @runtime.subscriber(
        *topics.DEAD_LETTER_TOPICS,
        group=topics.DEAD_LETTER_GROUP,
        description="Record every dead letter with its reason for status and replay.",
    )
    async def on_dead_letter(event: Declared[DeadLetterBody], message: KafkaMessage) -> None:  # noqa: ARG001 (event: the channel's schema)
        record = message.raw_message
        assert not isinstance(record, tuple)
        headers = {k[:100]: v[:4000].decode("utf-8", errors="replace") for k, v in record.headers}
        await through_outages(
            lambda: DisclosureRepository(runtime.db).record_dead_letter(
                record.topic, record.partition, record.offset, headers, record.value or b"", record.key
            ),
            dead_letter_outages,
            settings.retry.backoff_s,
            settings.retry.outage_backoff_s,
        )

    return app
