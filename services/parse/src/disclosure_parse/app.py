"""Parse service: `python -m disclosure_parse` (the image's start command).

Two consumer groups in one process: text extraction and structure parsing. Either can be scaled
out by running more replicas; partitions are keyed by sha256.
"""

from __future__ import annotations

from faststream import FastStream
from faststream.kafka.annotations import KafkaMessage

from disclosure_parse.isolation import Budget, IsolatedRunner
from disclosure_parse.stages import ExtractStage, ParseStage
from disclosure_shared import topics
from disclosure_shared.channels import Declared
from disclosure_shared.events import ExtractedEvent, FetchedEvent, ParsedEvent
from disclosure_shared.service import create_service
from disclosure_shared.settings import PipelineSettings


def create_app(settings: PipelineSettings | None = None) -> FastStream:
    settings = settings or PipelineSettings()
    app, runtime = create_service("parse", settings)
    limits = settings.limits
    # Forked workers: the parser is imported once, here, not again in each worker (isolation.py).
    budget = Budget(limits.document_seconds, limits.document_memory_mb)
    pool = IsolatedRunner(settings.cpu_workers, budget, fork=True)
    app.on_startup(pool.import_parser)
    app.after_shutdown(pool.shutdown)
    extract_runner = runtime.runner("extract")
    parse_runner = runtime.runner("parse")
    runtime.declare_output(
        topics.EXTRACTED, ExtractedEvent, "Every page's text (text layer or OCR) and ruled tables."
    )
    runtime.declare_output(
        topics.PARSED, ParsedEvent, "The document's identity, tables, narrative claims and parse findings."
    )

    @runtime.subscriber(
        topics.FETCHED,
        group=topics.EXTRACT_GROUP,
        description="Extract every page's text (pages without a text layer are marked for OCR).",
    )
    async def on_fetched(event: Declared[FetchedEvent], message: KafkaMessage) -> None:  # noqa: ARG001 (event: the channel's schema)
        await extract_runner.run(message, FetchedEvent, ExtractStage(runtime.blobs, settings.limits, pool))

    @runtime.subscriber(
        topics.EXTRACTED,
        group=topics.STRUCTURE_GROUP,
        description="Classify the document and parse its tables and narrative claims.",
    )
    async def on_extracted(event: Declared[ExtractedEvent], message: KafkaMessage) -> None:  # noqa: ARG001 (event: the channel's schema)
        await parse_runner.run(message, ExtractedEvent, ParseStage(runtime.blobs, pool))

    return app
