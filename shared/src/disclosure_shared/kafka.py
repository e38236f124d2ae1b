"""Kafka plumbing shared by the services: broker factory, subscriber options, topic creation."""

from __future__ import annotations

import logging
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from faststream.kafka import KafkaBroker
from faststream.middlewares import AckPolicy

from disclosure_shared import topics
from disclosure_shared.settings import KafkaSettings

log = logging.getLogger(__name__)


def make_broker(settings: KafkaSettings, client_id: str) -> KafkaBroker:
    """A broker whose producer waits for all replicas and never duplicates on its own retries."""
    return KafkaBroker(
        settings.bootstrap_servers,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        compression_type="gzip",
        max_request_size=settings.max_message_bytes,
        graceful_timeout=30.0,
        # FastStream's default logger has its own colourised handler; ours writes the JSON lines.
        logger=logging.getLogger(f"faststream.{client_id}"),
    )


def subscriber_options(settings: KafkaSettings, group_id: str) -> dict[str, Any]:
    """At-least-once consumption: commit after the handler (which publishes its output) returns;
    an exception seeks back so the message is redelivered."""
    return {
        "group_id": settings.group(group_id),
        "auto_offset_reset": "earliest",
        "ack_policy": AckPolicy.NACK_ON_ERROR,
        "max_partition_fetch_bytes": settings.max_message_bytes,
        "fetch_max_bytes": max(settings.max_message_bytes, 50 * 1024 * 1024),
        "session_timeout_ms": settings.session_timeout_ms,
        "heartbeat_interval_ms": settings.heartbeat_interval_ms,
        "max_poll_interval_ms": settings.max_poll_interval_ms,
        "max_poll_records": 1,
    }


async def ensure_topics(settings: KafkaSettings, names: tuple[str, ...] = topics.ALL_TOPICS) -> None:
    """Create the pipeline's topics with the configured partition count (existing ones are kept)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(
                settings.topic(name),
                num_partitions=settings.partitions,
                replication_factor=settings.replication_factor,
                topic_configs={"max.message.bytes": str(settings.max_message_bytes)},
            )
            for name in names
            if settings.topic(name) not in existing
        ]
        if missing:
            try:
                await admin.create_topics(missing)
            except TopicAlreadyExistsError:
                log.debug("topics created concurrently by another worker")
    finally:
        await admin.close()
