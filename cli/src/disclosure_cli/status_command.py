"""`disclosures status`: topics, consumer-group lag, DLQ depth, throughput, the last errors and the
last crawl of each portal."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from pymongo.asynchronous.database import AsyncDatabase
from rich.console import Console
from rich.table import Table

from disclosure_crawl.state import STATE_COLLECTION, MongoCrawlState
from disclosure_shared import topics
from disclosure_shared.mongo import Document, connect, database
from disclosure_shared.settings import PipelineSettings
from disclosure_shared.store_schema import DEAD_LETTERS, DISCLOSURES


async def collect(settings: PipelineSettings) -> dict[str, Any]:
    """One snapshot of pipeline health."""
    kafka = await _kafka_health(settings)
    store = await _store_health(settings)
    return {"at": datetime.now(UTC).isoformat(), **kafka, **store}


async def _kafka_health(settings: PipelineSettings) -> dict[str, Any]:
    kafka = settings.kafka
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka.bootstrap_servers)
    consumer = AIOKafkaConsumer(bootstrap_servers=kafka.bootstrap_servers, enable_auto_commit=False)
    await admin.start()
    await consumer.start()
    try:
        existing = set(await admin.list_topics())
        present = [t for t in topics.ALL_TOPICS if kafka.topic(t) in existing]
        described = await admin.describe_topics([kafka.topic(t) for t in present]) if present else []
        partitions = [
            TopicPartition(d["topic"], p["partition"]) for d in described for p in d.get("partitions", [])
        ]
        ends = await consumer.end_offsets(partitions) if partitions else {}
        starts = await consumer.beginning_offsets(partitions) if partitions else {}

        def of(topic: str) -> list[TopicPartition]:
            return [tp for tp in partitions if tp.topic == kafka.topic(topic)]

        lag: dict[str, int] = {}
        for group, topic in topics.STAGE_GROUPS.items():
            committed = await admin.list_consumer_group_offsets(kafka.group(group))
            lag[group] = sum(
                ends[tp]
                - (committed[tp].offset if tp in committed and committed[tp].offset >= 0 else starts[tp])
                for tp in of(topic)
            )
        return {
            "topics": {t: sum(ends[tp] for tp in of(t)) for t in present},
            "lag": lag,
            "dlq_depth": {
                t: sum(ends[tp] - starts[tp] for tp in of(t))
                for t in topics.DEAD_LETTER_TOPICS
                if t in present
            },
        }
    finally:
        await consumer.stop()
        await admin.close()


async def _store_health(settings: PipelineSettings) -> dict[str, Any]:
    client = connect(settings)
    try:
        db = database(client, settings)
        now = datetime.now(UTC)
        stored_last_hour = await db[DISCLOSURES].count_documents(
            {"stored_at": {"$gte": now - timedelta(hours=1)}}
        )
        errors = [
            {k: str(doc.get(k)) for k in ("failed_at", "stage", "error_type", "sha256", "error")}
            async for doc in db[DEAD_LETTERS].find({}, {"body": 0}).sort("failed_at", -1).limit(5)
        ]
        return {
            "stored_total": await db[DISCLOSURES].count_documents({}),
            "stored_last_hour": stored_last_hour,
            "throughput_per_minute": round(stored_last_hour / 60, 2),
            "last_errors": errors,
            "crawls": await crawl_runs(db),
        }
    finally:
        await client.close()


async def crawl_runs(db: AsyncDatabase[Document]) -> list[dict[str, Any]]:
    """Each portal's last crawl by the crawl service: when, how it ended, found / new / failed."""
    runs = await MongoCrawlState(db[STATE_COLLECTION]).runs()
    fields = ("portal", "finished_at", "outcome", "found", "new", "revised", "failed")
    return [run.model_dump(mode="json", include=set(fields)) for run in runs]


def render(snapshot: dict[str, Any]) -> Table:
    table = Table(title=f"pipeline status {snapshot['at']}")
    table.add_column("what")
    table.add_column("value")
    for topic, count in snapshot["topics"].items():
        table.add_row(f"messages {topic}", str(count))
    for group, lag in snapshot["lag"].items():
        table.add_row(f"lag {group}", str(lag))
    for topic, depth in snapshot["dlq_depth"].items():
        table.add_row(f"dlq {topic}", str(depth))
    table.add_row(
        "stored (total / last hour)", f"{snapshot['stored_total']} / {snapshot['stored_last_hour']}"
    )
    for error in snapshot["last_errors"]:
        table.add_row(
            f"error {error['failed_at']}", f"{error['stage']} {error['error_type']} {error['error']}"[:160]
        )
    for run in snapshot.get("crawls", []):
        table.add_row(
            f"crawl {run['portal']}",
            f"{run['finished_at'] or 'running'} {run['outcome']}: found {run['found']}, new {run['new']}, "
            f"revised {run['revised']}, failed {run['failed']}",
        )
    return table


async def run(as_json: bool, watch: bool) -> None:
    settings = PipelineSettings()
    console = Console()
    while True:
        snapshot = await collect(settings)
        if as_json:
            console.print_json(json.dumps(snapshot))
        else:
            console.print(render(snapshot))
        if not watch:
            return
        await asyncio.sleep(3)
