"""Consumer-group lag as the review page and `disclosures status` read it (disclosure_shared.lag),
against a real broker: messages a group has not committed count, committed ones do not."""

from __future__ import annotations

import time

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.structs import OffsetAndMetadata

from disclosure_shared import topics
from disclosure_shared.kafka import ensure_topics
from disclosure_shared.lag import read_lags
from disclosure_shared.settings import KafkaSettings
from disclosure_shared.testing.services import Endpoints

pytestmark = pytest.mark.integration


async def test_lag_counts_what_each_stage_group_has_not_committed(
    endpoints: Endpoints, namespace: str
) -> None:
    kafka = KafkaSettings(bootstrap_servers=endpoints.kafka, topic_prefix=f"{namespace}.", partitions=1)
    await ensure_topics(kafka)
    producer = AIOKafkaProducer(bootstrap_servers=endpoints.kafka)
    await producer.start()
    try:
        for n in range(3):
            await producer.send_and_wait(kafka.topic(topics.PARSED), f"m{n}".encode(), key=b"k")
    finally:
        await producer.stop()
    lags = await read_lags(kafka, timeout_s=30)  # a fresh broker loads its group coordinator first
    assert lags == {group: 3 if group == topics.VALIDATE_GROUP else 0 for group in topics.STAGE_GROUPS}

    consumer = AIOKafkaConsumer(
        bootstrap_servers=endpoints.kafka,
        group_id=kafka.group(topics.VALIDATE_GROUP),
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        parsed = TopicPartition(kafka.topic(topics.PARSED), 0)
        consumer.assign([parsed])
        await consumer.commit({parsed: OffsetAndMetadata(2, "")})  # as if the stage had read two
    finally:
        await consumer.stop()
    lags = await read_lags(kafka)
    assert lags is not None and lags[topics.VALIDATE_GROUP] == 1


async def test_no_broker_means_no_lag_quickly() -> None:
    started = time.monotonic()
    assert await read_lags(KafkaSettings(bootstrap_servers="127.0.0.1:9"), timeout_s=1.0) is None
    assert time.monotonic() - started < 5
