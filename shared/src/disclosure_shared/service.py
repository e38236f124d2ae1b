"""The common shell of a service: settings, broker, MongoDB client and blob store, started in order,
and the side HTTP server (health.py) with its readiness checks.

The health server starts first, so /readyz answers "not ready" while the service is still starting.
Topics are created before the subscribers start, and the MongoDB client is opened on the running
event loop (pymongo's async client is bound to its loop).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from faststream import FastStream
from faststream.kafka import KafkaBroker
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from disclosure_shared import metrics, topics
from disclosure_shared.blobs import BlobStore
from disclosure_shared.channels import DeadLetterBody, as_received, publisher_title, subscriber_title
from disclosure_shared.delivery import StageRunner
from disclosure_shared.health import Check, HealthServer
from disclosure_shared.kafka import ensure_topics, make_broker, subscriber_options
from disclosure_shared.logs import configure_logging
from disclosure_shared.mongo import blob_store, connect, database
from disclosure_shared.settings import PipelineSettings


@dataclass
class Runtime:
    """What a running service holds; handlers build their stage objects from it."""

    settings: PipelineSettings
    broker: KafkaBroker
    service: str = ""
    client: AsyncMongoClient[dict[str, Any]] | None = field(default=None)
    health: HealthServer | None = field(default=None)

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
        """Decorator registering a handler on the (prefixed) topics as consumer group `group`.

        The body reaches the handler as bytes (channels.py): its first parameter's type only
        documents the channel. A stage's input topic also declares its dead-letter topic, where
        StageRunner puts what it cannot process.
        """
        kafka = self.settings.kafka
        names = [kafka.topic(t) for t in base_topics]
        for topic in base_topics:
            if not topic.endswith(topics.DLQ_SUFFIX):
                self.declare_output(
                    topics.dlq(topic),
                    DeadLetterBody,
                    f"What {self.service} could not process from {topic}, with the reason in the headers.",
                )
        return self.broker.subscriber(
            *names,
            **subscriber_options(kafka, group),
            decoder=as_received,
            title=subscriber_title(base_topics, group),
            description=description,
        )

    def declare_output(self, base_topic: str, schema: Any, description: str) -> None:
        """Name a topic this service writes, with its message schema, in the AsyncAPI document."""
        self.broker.publisher(
            self.settings.kafka.topic(base_topic),
            schema=schema,
            title=publisher_title(base_topic, self.service),
            description=description,
        )

    def consumers(self) -> list[tuple[str, Any]]:
        """(group, aiokafka consumer or None before it starts) of every subscriber."""
        subscribers: list[Any] = list(self.broker.subscribers)  # Kafka subscribers: group_id, consumer
        return [(str(sub.group_id), sub.consumer) for sub in subscribers]

    def readiness_checks(self) -> dict[str, Check]:
        timeout = self.settings.ops.probe_timeout_s

        async def kafka() -> str | None:
            return None if await self.broker.ping(timeout) else "broker not reachable"

        async def consumer_groups() -> str | None:
            idle = [group for group, consumer in self.consumers() if not _assignment(consumer)]
            return f"no partitions assigned to {', '.join(idle)}" if idle else None

        async def store() -> str | None:
            if self.client is None:
                return "not connected yet"
            await self.client.admin.command("ping")
            return None

        async def blobs() -> str | None:
            directory = Path(self.settings.blobs.directory)
            if self.settings.blobs.backend == "file" and not await asyncio.to_thread(directory.is_dir):
                return f"blob directory {directory} missing"
            return None  # GridFS lives in MongoDB, checked by `store`

        return {"kafka": kafka, "consumer_groups": consumer_groups, "store": store, "blobs": blobs}

    async def refresh_consumer_gauges(self) -> None:
        """Assigned partitions and lag (partition end minus position) as this process sees them."""
        for group, consumer in self.consumers():
            assigned = _assignment(consumer)
            metrics.ASSIGNED_PARTITIONS.labels(group).set(len(assigned))
            for tp in assigned:
                end = consumer.highwater(tp)
                if end is None:
                    continue
                position = await consumer.position(tp)
                metrics.CONSUMER_LAG.labels(group, tp.topic, str(tp.partition)).set(max(0, end - position))


def _assignment(consumer: Any) -> set[Any]:
    if consumer is None:
        return set()
    try:
        return set(consumer.assignment())
    except Exception:  # a consumer that is stopping
        return set()


def create_service(name: str, settings: PipelineSettings) -> tuple[FastStream, Runtime]:
    configure_logging(name)
    broker = make_broker(settings.kafka, client_id=f"disclosure-{name}")
    runtime = Runtime(settings, broker, name)
    app = FastStream(broker, logger=logging.getLogger(f"disclosure.{name}"))
    ops = settings.ops
    health = HealthServer(
        name,
        runtime.readiness_checks(),
        ops.host,
        ops.port,
        ops.probe_timeout_s,
        before_metrics=runtime.refresh_consumer_gauges,
    )
    runtime.health = health

    @app.on_startup
    async def open_resources() -> None:
        if ops.enabled:
            await health.start()
        await ensure_topics(settings.kafka)
        runtime.client = connect(settings)

    @app.after_shutdown
    async def close_resources() -> None:
        await health.stop()
        if runtime.client is not None:
            await runtime.client.close()

    return app, runtime


def serve(app: FastStream) -> None:
    """Run a service in the foreground until SIGINT/SIGTERM (the `python -m disclosure_<svc>` entry)."""
    asyncio.run(app.run())
