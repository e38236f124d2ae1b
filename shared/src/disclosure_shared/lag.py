"""Consumer-group lag as Kafka reports it: per stage group, the messages of its topic not yet
committed (partition end minus committed offset; a group that never committed lags by the whole
topic). `disclosures status` and the review page's health summary read it from here."""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from disclosure_shared import topics
from disclosure_shared.errors import short
from disclosure_shared.settings import KafkaSettings

log = logging.getLogger(__name__)


async def group_lags(
    admin: AIOKafkaAdminClient, consumer: AIOKafkaConsumer, kafka: KafkaSettings
) -> dict[str, int]:
    """Stage group → lag, with started clients (topics that do not exist yet count as no lag)."""
    existing = set(await admin.list_topics())
    names = [kafka.topic(t) for t in topics.STAGE_GROUPS.values() if kafka.topic(t) in existing]
    described = await admin.describe_topics(names) if names else []
    partitions = [
        TopicPartition(d["topic"], p["partition"]) for d in described for p in d.get("partitions", [])
    ]
    ends = await consumer.end_offsets(partitions) if partitions else {}
    starts = await consumer.beginning_offsets(partitions) if partitions else {}
    lags: dict[str, int] = {}
    for group, topic in topics.STAGE_GROUPS.items():
        committed = await admin.list_consumer_group_offsets(kafka.group(group))
        lags[group] = sum(
            ends[tp] - (committed[tp].offset if tp in committed and committed[tp].offset >= 0 else starts[tp])
            for tp in partitions
            if tp.topic == kafka.topic(topic)
        )
    return lags


async def read_lags(kafka: KafkaSettings, timeout_s: float = 5.0) -> dict[str, int] | None:
    """Stage group → lag, or None when Kafka does not answer within `timeout_s`."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=kafka.bootstrap_servers, request_timeout_ms=int(timeout_s * 1000)
    )
    consumer = AIOKafkaConsumer(
        bootstrap_servers=kafka.bootstrap_servers,
        enable_auto_commit=False,
        request_timeout_ms=int(timeout_s * 1000),
    )
    try:
        async with asyncio.timeout(timeout_s):
            await admin.start()
            await consumer.start()
            while True:
                try:
                    return await group_lags(admin, consumer, kafka)
                except KafkaError as exc:
                    if not exc.retriable:  # e.g. a coordinator still loading on a fresh broker
                        raise
                    await asyncio.sleep(0.25)
    except Exception as exc:  # Kafka down or slow: the health summary renders without lag
        log.warning("consumer lag not read: %s", short(exc) if str(exc) else type(exc).__name__)
        return None
    finally:
        await consumer.stop()
        await admin.close()
