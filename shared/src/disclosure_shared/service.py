"""The common shell of a service: settings, broker, MongoDB client and blob store, started in order.

Topics are created before the subscribers start, and the MongoDB client is opened on the running
event loop (pymongo's async client is bound to its loop).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from faststream import FastStream
from faststream.kafka import KafkaBroker
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from disclosure_shared.blobs import BlobStore
from disclosure_shared.delivery import StageRunner
from disclosure_shared.kafka import ensure_topics, make_broker, subscriber_options
from disclosure_shared.logs import configure_logging
from disclosure_shared.mongo import blob_store, connect, database
from disclosure_shared.settings import PipelineSettings


@dataclass
class Runtime:
    """What a running service holds; handlers build their stage objects from it."""

    settings: PipelineSettings
    broker: KafkaBroker
    client: AsyncMongoClient[dict[str, Any]] | None = field(default=None)

    @property
    def db(self) -> AsyncDatabase[dict[str, Any]]:
        if self.client is None:
            raise RuntimeError("the service has not started")
        return database(self.client, self.settings)

    @property
    def blobs(self) -> BlobStore:
        return blob_store(self.settings, self.db if self.settings.blobs.backend == "gridfs" else None)

    def runner(self, stage: str, *, redeliver_when_exhausted: bool = False) -> StageRunner:
        return StageRunner(
            self.broker,
            stage,
            self.settings.retry,
            topic_prefix=self.settings.kafka.topic_prefix,
            redeliver_when_exhausted=redeliver_when_exhausted,
            max_message_bytes=self.settings.kafka.max_message_bytes,
            spill=lambda: self.blobs,
        )

    def subscriber(self, *base_topics: str, group: str, description: str) -> Any:
        """Decorator registering a handler on the (prefixed) topics as consumer group `group`."""
        kafka = self.settings.kafka
        names = [kafka.topic(t) for t in base_topics]
        return self.broker.subscriber(*names, **subscriber_options(kafka, group), description=description)


def create_service(name: str, settings: PipelineSettings) -> tuple[FastStream, Runtime]:
    configure_logging(name)
    broker = make_broker(settings.kafka, client_id=f"disclosure-{name}")
    runtime = Runtime(settings, broker)
    app = FastStream(broker)

    @app.on_startup
    async def open_resources() -> None:
        await ensure_topics(settings.kafka)
        runtime.client = connect(settings)

    @app.after_shutdown
    async def close_resources() -> None:
        if runtime.client is not None:
            await runtime.client.close()

    return app, runtime
