"""`disclosures status`: topics, consumer-group lag and live members, DLQ depth, throughput, the last
errors, the last crawl of each portal, and each service's readiness where its ops server is known
(settings.ops.services). Kafka or MongoDB unreachable is one line within a few seconds."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from pymongo.asynchronous.database import AsyncDatabase
from rich.console import Console
from rich.table import Table

from disclosure_crawl.state import STATE_COLLECTION, MongoCrawlState
from disclosure_shared import topics
from disclosure_shared.lag import group_lags
from disclosure_shared.mongo import Document, connect, database
from disclosure_shared.settings import PipelineSettings
from disclosure_shared.store_schema import DEAD_LETTERS, DISCLOSURES

COLLECT_TIMEOUT_S = 10.0


async def collect(settings: PipelineSettings) -> dict[str, Any]:
    """One snapshot of pipeline health (TimeoutError when a backend hangs)."""
    kafka, store, services = await asyncio.wait_for(
        asyncio.gather(_kafka_health(settings), _store_health(settings), _service_readiness(settings)),
        COLLECT_TIMEOUT_S,
    )
    return {"at": datetime.now(UTC).isoformat(), **kafka, **store, "services": services}


async def _service_readiness(settings: PipelineSettings) -> dict[str, str]:
    """Each known service's /readyz answer: "ready", the failing checks, or "unreachable"."""

    def probe(url: str) -> str:
        try:
            with urllib.request.urlopen(url.rstrip("/") + "/readyz", timeout=2) as response:
                return "ready" if response.status == 200 else f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            try:
                checks = json.loads(error.read()).get("checks", {})
                return "not ready: " + "; ".join(f"{k} {v}" for k, v in checks.items() if v != "ok")
            except ValueError:
                return f"not ready (HTTP {error.code})"
        except OSError as error:
            return f"unreachable ({getattr(error, 'reason', error)})"

    names = list(settings.ops.services)
    answers = await asyncio.gather(*(asyncio.to_thread(probe, settings.ops.services[n]) for n in names))
    return dict(zip(names, answers, strict=True))


async def _kafka_health(settings: PipelineSettings) -> dict[str, Any]:
    kafka = settings.kafka
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka.bootstrap_servers)
    consumer = AIOKafkaConsumer(bootstrap_servers=kafka.bootstrap_servers, enable_auto_commit=False)
    try:
        await admin.start()
        await consumer.start()
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

        lag = await group_lags(admin, consumer, kafka)
        groups = [*topics.STAGE_GROUPS, topics.DEAD_LETTER_GROUP]
        members = {g: await _live_members(admin, kafka.group(g)) for g in groups}
        return {
            "topics": {t: sum(ends[tp] for tp in of(t)) for t in present},
            "lag": lag,
            "members": members,
            "groups_without_members": [g for g in groups if not members.get(g)],
            "dlq_depth": {
                t: sum(ends[tp] - starts[tp] for tp in of(t))
                for t in topics.DEAD_LETTER_TOPICS
                if t in present
            },
        }
    finally:
        await consumer.stop()
        await admin.close()


async def _live_members(admin: AIOKafkaAdminClient, group: str) -> int:
    """Members of one consumer group (one group per request: aiokafka misreads several at once)."""
    [response] = await admin.describe_consumer_groups([group])
    described = response.to_object()["groups"]
    return len(described[0]["members"]) if described else 0


async def _store_health(settings: PipelineSettings) -> dict[str, Any]:
    client = connect(settings, timeout_ms=3000)
    try:
        db = database(client, settings)
        now = datetime.now(UTC)
        stored_last_hour = await db[DISCLOSURES].count_documents(
            {"stored_at": {"$gte": now - timedelta(hours=1)}}
        )
        errors = [
            {
                k: str(doc.get(k))
                for k in ("_id", "failed_at", "stage", "error_type", "sha256", "filename", "uri", "error")
            }
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
    """Each portal's last crawl by the crawl service: when, how it ended, found / new / revised /
    deferred (known pages the re-crawl policy did not ask again, recheck.py) / failed."""
    runs = await MongoCrawlState(db[STATE_COLLECTION]).runs()
    fields = ("portal", "finished_at", "outcome", "found", "new", "revised", "deferred", "failed")
    return [run.model_dump(mode="json", include=set(fields)) for run in runs]


def render(snapshot: dict[str, Any]) -> Table:
    table = Table(title=f"pipeline status {snapshot['at']}")
    table.add_column("what")
    table.add_column("value")
    for topic, count in snapshot["topics"].items():
        table.add_row(f"messages {topic}", str(count))
    for group, lag in snapshot["lag"].items():
        live = snapshot.get("members", {}).get(group, 0)
        table.add_row(f"lag {group}", f"{lag} ({live} live member{'s' if live != 1 else ''})")
    if snapshot.get("groups_without_members"):
        table.add_row("[red]no live member[/red]", ", ".join(snapshot["groups_without_members"]))
    for service, answer in snapshot.get("services", {}).items():
        table.add_row(f"service {service}", answer)
    for topic, depth in snapshot["dlq_depth"].items():
        table.add_row(f"dlq {topic}", str(depth))
    table.add_row(
        "stored (total / last hour)", f"{snapshot['stored_total']} / {snapshot['stored_last_hour']}"
    )
    for error in snapshot["last_errors"]:
        what = error["filename"] if error["filename"] != "None" else error["uri"]
        if what == "None":
            what = error["sha256"][:16]
        table.add_row(
            f"error {error['failed_at']}",
            f"{error['stage']} {error['error_type']} {what}: {error['error']} (dlq show {error['_id']})"[
                :240
            ],
        )
    for run in snapshot.get("crawls", []):
        table.add_row(
            f"crawl {run['portal']}",
            f"{run['finished_at'] or 'running'} {run['outcome']}: found {run['found']}, new {run['new']}, "
            f"revised {run['revised']}, deferred {run['deferred']}, failed {run['failed']}",
        )
    return table


async def run(as_json: bool, watch: bool, settings: PipelineSettings | None = None) -> None:
    settings = settings or PipelineSettings()
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
